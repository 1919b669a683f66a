import { hasErrors } from "../diagnostics/diagnostic";
import { formatValue } from "../evaluation/format-value";
import { format } from "../numbers/exact";
import { QUOTIENT_DIGITS } from "../numbers/exact";
import { fileHost } from "../files";
import { evaluateExpression } from "../pipeline";
import { EXIT_OK, EXIT_USAGE, printDiagnostics, UsageError, type Console } from "./io";

export const evalUsage = `reckon eval "EXPRESSION"        evaluate an expression exactly
reckon eval SPEC NAME|"EXPRESSION" evaluate a figure, or an expression over a spec's figures`;

/**
 * `reckon eval "0.1 + 0.2"` → 0.3; `reckon eval specs/x.reckon 收入.财政拨款` → its value.
 * A name is compiled as an expression, so an unknown one gets the same "did you mean" help.
 */
export function evalCommand(positionals: readonly string[], options: { format: "text" | "json" }, io: Console): number {
  if (positionals.length === 0 || positionals.length > 2) {
    throw new UsageError(
      positionals.length === 0 ? "eval needs an expression" : "eval takes an expression, or a spec and a name",
      `usage:\n  ${evalUsage.split("\n").join("\n  ")}`,
    );
  }
  const [first, second] = positionals as [string, string | undefined];
  const result =
    second === undefined ? evaluateExpression(first) : evaluateExpression(second, { roots: [fileHost().resolve(first, "./")], host: fileHost() });
  printDiagnostics(io, result.diagnostics);
  if (hasErrors(result.diagnostics) || result.value === undefined) return EXIT_USAGE;
  const unit = result.type?.kind === "quantity" ? result.type.unit : undefined;
  if (options.format === "json") {
    const value = typeof result.value === "boolean" ? result.value : format(result.value);
    io.out(`${JSON.stringify({ value, unit: unit?.label ?? "", quotientDigits: QUOTIENT_DIGITS })}\n`);
  } else {
    io.out(`${formatValue(result.value, unit)}\n`);
  }
  return EXIT_OK;
}
