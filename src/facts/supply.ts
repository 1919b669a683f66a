import { error, hasErrors, type Diagnostic } from "../diagnostics/diagnostic";
import { didYouMean, suggest } from "../diagnostics/suggest";
import type { ValueChange } from "../evaluation/evaluate";
import type { FactSource, FactValue } from "../evaluation/fact-store";
import { limits } from "../limits";
import { decimal, multiply, powerOfTen, type Decimal } from "../numbers/exact";
import type { CompiledSpec } from "../pipeline";
import { conversionFactor, Unit } from "../semantics/units";
import { PRINTED_NUMBER, printedNumberHint, type SuppliedFact } from "./fact-files";
import { decimalsOf, groupDigits } from "../text/decimal-text";

/**
 * Puts supplied facts into a compiled spec, all or nothing: each must name a fact the spec declares,
 * be a number as printed, and be in a unit of the same kind (converted exactly when it is 元 for a
 * fact in 万元, keeping the printed precision). When every one is valid they go in together and the
 * formulas that depend on any of them are evaluated once; when one is not, nothing changes.
 */
export function supplyFacts(spec: CompiledSpec, facts: readonly SuppliedFact[], sourceOf: (fact: SuppliedFact) => FactSource): { changes: ValueChange[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const valid: [string, FactValue][] = [];
  const names = factNamesFor(spec);
  for (const fact of facts) {
    const value = validate(spec, fact, names, diagnostics);
    if (value) valid.push([fact.name, { ...value, source: sourceOf(fact), ...(fact.citation === undefined ? {} : { citation: fact.citation }) }]);
  }
  if (diagnostics.length > 0) return { changes: [], diagnostics };
  for (const [name, value] of valid) spec.facts.set(name, value);
  return { changes: spec.calculation.factsChanged(valid.map(([name]) => name)), diagnostics };
}

/**
 * The facts a fact file gives, put in (see supplyFacts), each located at its line of the file; or,
 * when the file itself has errors, nothing put in and every error reported, the rows that could be
 * read checked too.
 */
export function supplyFactFile(spec: CompiledSpec, path: string, read: { facts: readonly SuppliedFact[]; diagnostics: readonly Diagnostic[] }): { changes: ValueChange[]; diagnostics: Diagnostic[] } {
  if (hasErrors(read.diagnostics)) return { changes: [], diagnostics: capped(checkSuppliedFacts(spec, read.facts, read.diagnostics), path) };
  const supplied = supplyFacts(spec, read.facts, (fact) => ({ kind: "file", path, line: fact.span ? fact.span.file.position(fact.span.start).line : 0 }));
  return { changes: supplied.changes, diagnostics: capped([...read.diagnostics, ...supplied.diagnostics], path) };
}

/**
 * A fact file's first errors, at most `limits.factFileErrors`, then R0915 at the next with how many
 * more there are (its warnings are all kept): a file that wrong (130,000 rows of another spec) would
 * print a million lines.
 */
function capped(diagnostics: Diagnostic[], path: string): Diagnostic[] {
  const kept: Diagnostic[] = [];
  let errors = 0;
  let firstLeftOut: Diagnostic | undefined;
  for (const d of diagnostics) {
    if (d.severity !== "error") kept.push(d);
    else if (++errors <= limits.factFileErrors) kept.push(d);
    else firstLeftOut ??= d;
  }
  if (!firstLeftOut) return diagnostics;
  const more = errors - limits.factFileErrors;
  kept.push(
    error("R0915", `${groupDigits(String(more))} more error${more === 1 ? "" : "s"} in \`${path}\` after the first ${limits.factFileErrors}, not shown`, firstLeftOut.span, {
      hint: "fix the errors above first; a fact file this wrong is often one for another spec, or has its columns shifted",
    }),
  );
  return kept;
}

/**
 * The errors of supplied facts, without putting any in: for a fact file whose other rows could not
 * be read, so that one run reports every mistake (a badly written value, and a wrong name or unit
 * on another row), in the order of the file.
 */
export function checkSuppliedFacts(spec: CompiledSpec, facts: readonly SuppliedFact[], alsoReported: readonly Diagnostic[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const names = factNamesFor(spec);
  for (const fact of facts) validate(spec, fact, names, diagnostics);
  if (diagnostics.length === 0) return [...alsoReported];
  // By line (a stable sort: the diagnostics of one line keep their order).
  const line = (d: Diagnostic) => (d.span ? d.span.file.position(d.span.start).line : 0);
  return [...alsoReported, ...diagnostics].sort((a, b) => line(a) - line(b));
}

/** How many names a fact file gets "did you mean" suggestions for: each compares with every fact. */
const SUGGESTED_NAMES = 20;

/**
 * The names of the spec's facts, for a "did you mean" hint: listed when first asked for, and none
 * after `SUGGESTED_NAMES` asks (a file of another spec's rows would take seconds a row on a province).
 */
function factNamesFor(spec: CompiledSpec): () => readonly string[] {
  let names: readonly string[] | undefined;
  let asked = 0;
  return () => (asked++ >= SUGGESTED_NAMES ? [] : (names ??= [...spec.program.figures.values()].filter((s) => s.kind === "fact").map((s) => s.name)));
}

function validate(spec: CompiledSpec, fact: SuppliedFact, factNames: () => readonly string[], diagnostics: Diagnostic[]): Pick<FactValue, "value" | "decimals" | "asGiven"> | undefined {
  const symbol = spec.program.figures.get(fact.name);
  const at = fact.fields ?? {};
  if (!symbol || symbol.kind !== "fact") {
    const published = symbol?.kind === "formula" && symbol.declaration.published !== undefined;
    diagnostics.push(
      error(
        "R0908",
        // Named by its file: `reckon check DIRECTORY --facts` supplies one file to several reports.
        !symbol ? `the spec \`${spec.program.root}\` declares no fact \`${fact.name}\`` : published ? `\`${fact.name}\` is a published figure, not a fact` : `\`${fact.name}\` is a formula, not a fact`,
        at.name ?? fact.span,
        {
          hint: !symbol
            ? didYouMean(suggest(fact.name, factNames())) || "check the name against the spec"
            : published
              ? "only facts take values (from a fact file or setFact); a published figure's printed value is part of the spec: change it after `published` there"
              : "only facts take values (from a fact file or setFact); a formula is computed from them",
        },
      ),
    );
    return undefined;
  }
  if (!PRINTED_NUMBER.test(fact.value)) {
    diagnostics.push(
      error("R0912", `\`${fact.name}\`: \`${fact.value}\` is not a number as printed`, at.value ?? fact.span, {
        hint: printedNumberHint(fact.value) ?? 'write it as a report prints it: "1,362.65", "-16.54" or "12"',
      }),
    );
    return undefined;
  }
  if (fact.value.replace(/[^0-9]/g, "").replace(/^0+/, "").length > limits.literalDigits) {
    diagnostics.push(
      error("R0912", `\`${fact.name}\`: \`${fact.value.slice(0, 20)}…\` has more than ${limits.literalDigits} digits, not a number as printed`, at.value ?? fact.span, {
        hint: "no printed figure has this many digits",
      }),
    );
    return undefined;
  }
  const declared = spec.typed.types.get(fact.name);
  const declaredUnit = declared?.kind === "quantity" ? declared.unit : Unit.none;
  // No unit, or an empty one (an empty CSV cell, `"unit": ""`, setFact(name, value, "")): the declared unit.
  const written = fact.unit === undefined || fact.unit.trim() === "" ? undefined : fact.unit;
  const unknown = written === undefined ? undefined : written.split("/").find((n) => !spec.program.units.has(n.trim()));
  const given = written === undefined ? declaredUnit : parseUnit(written);
  if (!given || unknown !== undefined) {
    diagnostics.push(
      error("R0909", `\`${fact.name}\`: unknown unit \`${written}\``, at.unit ?? fact.span, {
        hint: didYouMean(declaredFirst(suggest(unknown ?? written ?? "", spec.program.units.names()), declaredUnit.label)) || `the spec declares it in ${declaredUnit.describe()}`,
      }),
    );
    return undefined;
  }
  const factor = conversionFactor(given, declaredUnit, spec.program.units);
  const shift = factor === undefined ? undefined : decimalShift(factor);
  if (factor === undefined || shift === undefined) {
    diagnostics.push(
      error("R0910", `\`${fact.name}\` is declared in ${declaredUnit.describe()}, not ${given.describe()}`, at.unit ?? fact.span, {
        hint: factor === undefined ? `give the value in ${declaredUnit.describe()}` : "reckon converts between units that differ by a power of ten (元 and 万元)",
      }),
    );
    return undefined;
  }
  const digits = fact.value.replace(/,/g, "");
  const decimals = decimalsOf(digits);
  // 1.23 万人 for a fact in 人 is 12,300 printed to the hundred: decimals −2, not 0 (which would say
  // 12,300 ± 0.5 and make it a single count).
  const asGiven = shift === 0 ? {} : { asGiven: { value: decimal(digits), decimals, unit: given.label } };
  return { value: multiply(decimal(digits), factor), decimals: decimals + shift, ...asGiven };
}

/** `万元`, `元/人/月`, `%` → a Unit (names are checked by the caller). */
function parseUnit(text: string): Unit | undefined {
  const names = text.split("/").map((n) => n.trim());
  if (names.some((n) => n === "")) return undefined;
  return new Unit(names.map((n, i) => [n, i === 0 ? 1 : -1] as const));
}

/** For a factor 10ⁿ, the change in printed decimals (10⁻⁴ from 元 to 万元 adds 4); otherwise undefined. */
function decimalShift(factor: Decimal): number | undefined {
  const exponent = factor.e;
  return factor.equals(powerOfTen(exponent)) ? -exponent : undefined;
}

/** Suggestions with the fact's own unit first: 万圆 for a fact in 万元 is 万元 rather than 万人. */
function declaredFirst(suggestions: string[], declared: string): string[] {
  return suggestions.includes(declared) ? [declared, ...suggestions.filter((s) => s !== declared)] : suggestions;
}
