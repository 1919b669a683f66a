import type { Diagnostic } from "../diagnostics/diagnostic";
import { errorsFirst, toPublicDiagnostic, type ReckonDiagnostic } from "../diagnostics/diagnostic-data";
import { renderDiagnostics } from "../diagnostics/render";

export { toPublicDiagnostic };
export type { DiagnosticLocation, ReckonDiagnostic, Severity } from "../diagnostics/diagnostic-data";

/** Thrown by the API when a spec or a fact file has errors; `diagnostics` says what and where, errors first. */
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
  return new ReckonError(message, errorsFirst(diagnostics).map(toPublicDiagnostic));
}
