import type { Span } from "../syntax/source";

export type Severity = "error" | "warning";

/** A secondary place that helps explain a diagnostic ("first defined here"). */
export interface RelatedSpan {
  readonly span: Span;
  readonly message: string;
}

/**
 * What every stage reports instead of throwing: a stable code, a message that says what is wrong,
 * the primary span (with an optional label under the caret), and a hint that says how to fix it.
 */
export interface Diagnostic {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly span?: Span;
  readonly label?: string;
  readonly hint?: string;
  readonly related?: readonly RelatedSpan[];
}

export function error(
  code: string,
  message: string,
  span: Span | undefined,
  extra: { label?: string; hint?: string; related?: RelatedSpan[] } = {},
): Diagnostic {
  return { severity: "error", code, message, span, ...extra };
}

export function warning(
  code: string,
  message: string,
  span: Span | undefined,
  extra: { label?: string; hint?: string; related?: RelatedSpan[] } = {},
): Diagnostic {
  return { severity: "warning", code, message, span, ...extra };
}

/**
 * Adds diagnostics to a list one by one: `list.push(...more)` passes every one as an argument, and a
 * spec or a fact file with a hundred thousand errors overflows the stack.
 */
export function addAll(list: Diagnostic[], more: Iterable<Diagnostic>): void {
  for (const d of more) list.push(d);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Stage results carry their diagnostics with them; nothing throws for a user's mistake. */
export interface Result<T> {
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
}
