import { hasErrors } from "../diagnostics/diagnostic";
import { formatValue } from "../evaluation/format-value";
import { toPublic, type Decimal } from "../numbers/exact";
import { evaluateExpression } from "../pipeline";
import { requireString } from "./arguments";
import { reckonError } from "./diagnostics";

export interface EvaluationResult {
  /** The exact value: a Decimal, or a boolean for a condition. */
  readonly value: Decimal | boolean;
  /** Its unit ("" for a plain number). */
  readonly unit: string;
  /** The value with its unit, as `reckon eval` prints it. */
  readonly text: string;
}

/** Evaluates one expression exactly: `evaluate("0.1 + 0.2").text` is "0.3". Throws ReckonError on errors. */
export function evaluate(expression: string): EvaluationResult {
  requireString(expression, "the expression");
  const result = evaluateExpression(expression);
  if (hasErrors(result.diagnostics) || result.value === undefined) throw reckonError(result.diagnostics);
  const unit = result.type?.kind === "quantity" ? result.type.unit : undefined;
  return { value: toPublic(result.value), unit: unit?.label ?? "", text: formatValue(result.value, unit) };
}
