import type { Diagnostic, Severity } from "../diagnostics/diagnostic";
import { renderDiagnostic, renderDiagnostics } from "../diagnostics/render";
import type { Span } from "../syntax/source";

/** Where a diagnostic points: 1-based lines and columns, end exclusive. */
export interface DiagnosticLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** A problem found in a spec or a fact file, as plain data. */
export interface ReckonDiagnostic {
  readonly severity: Severity;
  /** A stable code, e.g. R0506. */
  readonly code: string;
  readonly message: string;
  readonly location?: DiagnosticLocation;
  readonly label?: string;
  readonly hint?: string;
  readonly related?: readonly { readonly message: string; readonly location: DiagnosticLocation }[];
  /** The diagnostic as the CLI prints it: source line, caret and hint. */
  readonly text: string;
}

function locationOf(span: Span): DiagnosticLocation {
  const start = span.file.position(span.start);
  const end = span.file.position(span.end);
  return { file: span.file.path, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

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

/** Thrown by the API when a spec or a fact file has errors; `diagnostics` says what and where. */
export class ReckonError extends Error {
  override readonly name = "ReckonError";

  constructor(
    message: string,
    readonly diagnostics: readonly ReckonDiagnostic[],
  ) {
    super(message);
  }
}

/** The ReckonError for internal diagnostics: its message is the rendered errors. */
export function reckonError(diagnostics: readonly Diagnostic[], summary?: string): ReckonError {
  const errors = diagnostics.filter((d) => d.severity === "error");
  const message = `${summary ?? `${errors.length} error${errors.length === 1 ? "" : "s"}`}\n${renderDiagnostics(errors)}`;
  return new ReckonError(message, diagnostics.map(toPublicDiagnostic));
}
