import type { Span } from "../syntax/source";
import type { Diagnostic, Severity } from "./diagnostic";
import { renderDiagnostic } from "./render";

export type { Severity };

/** Where a diagnostic points: 1-based lines, and columns counting Unicode code points; end exclusive. */
export interface DiagnosticLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** A problem found in a spec or a fact file, as plain data (what the API throws and `check --format json` prints). */
export interface ReckonDiagnostic {
  /** An error stops a spec from loading or a figure from being evaluated; a warning does not. */
  readonly severity: Severity;
  /** A stable code, e.g. R0506, listed in docs/language.md. */
  readonly code: string;
  /** What is wrong, in one sentence. */
  readonly message: string;
  /** The spot in the spec or fact file, when there is one. */
  readonly location?: DiagnosticLocation;
  /** The words printed under the caret. */
  readonly label?: string;
  /** How to fix it. */
  readonly hint?: string;
  /** Other places that explain the problem (the first declaration of a duplicate …). */
  readonly related?: readonly { readonly message: string; readonly location: DiagnosticLocation }[];
  /** The diagnostic as the CLI prints it: source line, caret and hint. */
  readonly text: string;
}

function locationOf(span: Span): DiagnosticLocation {
  const start = span.file.position(span.start);
  const end = span.file.position(span.end);
  return { file: span.file.path, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/** The plain-data form of a diagnostic. */
export function toPublicDiagnostic(d: Diagnostic): ReckonDiagnostic {
  return {
    severity: d.severity,
    code: d.code,
    message: d.message,
    ...(d.span ? { location: locationOf(d.span) } : {}),
    ...(d.label === undefined ? {} : { label: d.label }),
    ...(d.hint === undefined ? {} : { hint: d.hint }),
    ...(d.related && d.related.length > 0 ? { related: d.related.map((r) => ({ message: r.message, location: locationOf(r.span) })) } : {}),
    text: renderDiagnostic(d),
  };
}

/** Errors before warnings, each in the order found. */
export function errorsFirst<T extends { readonly severity: Severity }>(diagnostics: readonly T[]): T[] {
  return [...diagnostics.filter((d) => d.severity === "error"), ...diagnostics.filter((d) => d.severity !== "error")];
}

/** Diagnostics as the JSON outputs give them: errors first, each as the API gives it. */
export function diagnosticsJson(diagnostics: readonly Diagnostic[]) {
  return errorsFirst(diagnostics).map((d) => {
    const { related, ...data } = toPublicDiagnostic(d);
    return { ...data, ...(related ? { related: [...related] } : {}) };
  });
}
