import { error, type Diagnostic } from "../diagnostics/diagnostic";
import { didYouMean, suggest } from "../diagnostics/suggest";
import type { ValueChange } from "../evaluation/evaluate";
import type { FactSource } from "../evaluation/fact-store";
import { decimal, multiply, powerOfTen } from "../numbers/exact";
import type { CompiledSpec } from "../pipeline";
import { conversionFactor, Unit } from "../semantics/units";
import type { SuppliedFact } from "./fact-files";

/**
 * Puts supplied facts into a compiled spec: each must name a fact the spec declares, in a unit of
 * the same kind (converted exactly when it is 元 for a fact in 万元, keeping the printed precision).
 * Only the formulas that depend on a changed fact are evaluated again.
 */
export function supplyFacts(spec: CompiledSpec, facts: readonly SuppliedFact[], sourceOf: (fact: SuppliedFact) => FactSource): { changes: ValueChange[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const changes: ValueChange[] = [];
  const names = [...spec.program.figures.values()].filter((s) => s.kind === "fact").map((s) => s.name);
  for (const fact of facts) {
    const symbol = spec.program.figures.get(fact.name);
    if (!symbol || symbol.kind !== "fact") {
      diagnostics.push(
        error("R0908", symbol ? `\`${fact.name}\` is a formula, not a fact` : `the spec declares no fact \`${fact.name}\``, fact.span, {
          hint: symbol ? "only facts take values from a fact file; a formula is computed" : didYouMean(suggest(fact.name, names)) || "check the name against the spec",
        }),
      );
      continue;
    }
    const declared = spec.typed.types.get(fact.name);
    const declaredUnit = declared?.kind === "quantity" ? declared.unit : Unit.none;
    const given = fact.unit === undefined ? declaredUnit : parseUnit(fact.unit);
    const unknown = fact.unit === undefined ? undefined : fact.unit.split("/").find((n) => !spec.program.units.has(n.trim()));
    if (!given || unknown !== undefined) {
      diagnostics.push(
        error("R0909", `\`${fact.name}\`: unknown unit \`${fact.unit}\``, fact.span, {
          hint: didYouMean(suggest(unknown ?? fact.unit ?? "", spec.program.units.names())) || `the spec declares it in ${declaredUnit.describe()}`,
        }),
      );
      continue;
    }
    const factor = conversionFactor(given, declaredUnit, spec.program.units);
    const shift = factor === undefined ? undefined : decimalShift(factor);
    if (factor === undefined || shift === undefined) {
      diagnostics.push(
        error("R0910", `\`${fact.name}\` is declared in ${declaredUnit.describe()}, not ${given.describe()}`, fact.span, {
          hint: factor === undefined ? `give the value in ${declaredUnit.describe()}` : "reckon converts between units that differ by a power of ten (元 and 万元)",
        }),
      );
      continue;
    }
    const digits = fact.value.replace(/,/g, "");
    const decimals = digits.includes(".") ? digits.length - digits.indexOf(".") - 1 : 0;
    spec.facts.set(fact.name, {
      value: multiply(decimal(digits), factor),
      decimals: Math.max(0, decimals + shift),
      source: sourceOf(fact),
    });
    changes.push(...spec.formulas.factChanged(fact.name));
  }
  return { changes, diagnostics };
}

/** `万元`, `元/人/月`, `%` → a Unit (names are checked by the caller). */
function parseUnit(text: string): Unit | undefined {
  const names = text.split("/").map((n) => n.trim());
  if (names.some((n) => n === "")) return undefined;
  return new Unit(names.map((n, i) => [n, i === 0 ? 1 : -1] as const));
}

/** For a factor 10ⁿ, the change in printed decimals (10⁻⁴ from 元 to 万元 adds 4); otherwise undefined. */
function decimalShift(factor: ReturnType<typeof decimal>): number | undefined {
  const exponent = factor.e;
  return factor.equals(powerOfTen(exponent)) ? -exponent : undefined;
}
