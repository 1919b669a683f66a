import type { Diagnostic } from "../diagnostics/diagnostic";
import { errorsFirst, toPublicDiagnostic, type ReckonDiagnostic } from "../diagnostics/diagnostic-data";
import { renderDiagnostics } from "../diagnostics/render";

export { toPublicDiagnostic };
export type { DiagnosticLocation, ReckonDiagnostic, Severity } from "../diagnostics/diagnostic-data";

/** Marks every ReckonError, so that `instanceof` holds across copies of reckon (its ESM and CommonJS builds). */
const brand = Symbol.for("reckon.ReckonError");

/** Thrown by the API when a spec or a fact file has errors; `diagnostics` says what and where, errors first. */
export class ReckonError extends Error {
  override readonly name = "ReckonError";

  constructor(
    message: string,
    readonly diagnostics: readonly ReckonDiagnostic[],
  ) {
    super(message);
    Object.defineProperty(this, brand, { value: true });
  }

  /** `e instanceof ReckonError` for an error of this copy of reckon or of another (require and import load two). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}

/**
 * The ReckonError for internal diagnostics. Its message's first line names the first error (error
 * trackers group errors by it): `R0912: \`收入\`: \`1e5\` is not a number as printed (and 2 more
 * errors)`, after what failed when that is said; the rendered errors follow.
 */
export function reckonError(diagnostics: readonly Diagnostic[], summary?: string): ReckonError {
  const errors = diagnostics.filter((d) => d.severity === "error");
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length === 2 ? "" : "s"})` : "";
  const headline = first ? `${summary ? `${summary}: ` : ""}${first.code}: ${first.message}${more}` : (summary ?? "no errors");
  return new ReckonError(`${headline}\n${renderDiagnostics(errors)}`, errorsFirst(diagnostics).map(toPublicDiagnostic));
}
