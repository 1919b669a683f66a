/**
 * Finds figures the way a reader asks for them: by full name, by a pattern (`项目.科普经费.**.得分`),
 * by the end of a name (`科技工作者慰问人数.得分`), or by the number printed on the page
 * (`4.53`, `-16.54%`, `1,362.65`).
 */
import { error, type Diagnostic } from "../diagnostics/diagnostic";
import { didYouMean, suggest } from "../diagnostics/suggest";
import { decimal, HUNDRED, multiply, type Decimal } from "../numbers/exact";
import { round } from "../numbers/rounding";
import type { CompiledSpec } from "../pipeline";
import type { FactStore } from "../evaluation/fact-store";
import type { FigureSymbol, Program } from "../semantics/program";
import { patternMatcher } from "../semantics/patterns";
import { SourceFile, span } from "../syntax/source";
import { printUnit } from "../syntax/print";
import { decimalsOf } from "../text/decimal-text";

/** Figures by full name, by a pattern, or by the end of their name. */
export function findByName(programs: readonly Program[], query: string): { matches: { program: Program; name: string }[]; diagnostics: Diagnostic[] } {
  const all = programs.flatMap((program) => [...program.figures.keys()].map((name) => ({ program, name })));
  if (query.includes("*")) {
    const matchesQuery = patternMatcher(query);
    const matches = all.filter((f) => matchesQuery(f.name));
    if (matches.length > 0) return { matches, diagnostics: [] };
    const hint = didYouMean(suggest(query, all.map((f) => f.name))) || "`*` stands for one part of a name and `**` for any number of parts, e.g. 项目.科普经费.**.得分";
    return { matches, diagnostics: [notFound(query, `the pattern \`${query}\` matches no figure`, hint)] };
  }
  // A name typed with full-width dots or digits (收入．合计) is the name with ASCII ones.
  for (const asked of new Set([query, query.normalize("NFKC")])) {
    const exact = all.filter((f) => f.name === asked);
    if (exact.length > 0) return { matches: exact, diagnostics: [] };
    const bySuffix = all.filter((f) => f.name.endsWith(`.${asked}`));
    if (bySuffix.length > 0) return { matches: bySuffix, diagnostics: [] };
  }
  const names = all.map((f) => f.name);
  const nearest = suggest(query, names);
  const suggestions = nearest.length > 0 ? nearest : partialMatches(query.normalize("NFKC"), names);
  const hint = didYouMean(suggestions) || "give the figure's full name, the end of it, or a pattern such as 收入.**";
  return { matches: [], diagnostics: [notFound(query, `no figure named \`${query}\``, hint)] };
}

/**
 * Names that hold the parts of `query` in order, each part within one part of the name: a name cut
 * short (`人员.实有` for 人员.实有人数) or missing parts in the middle (`科普经费.融媒体宣传服务费.得分`
 * for 项目.科普经费.指标.成本.融媒体宣传服务费.得分). The shortest first.
 */
function partialMatches(query: string, names: readonly string[], limit = 3): string[] {
  const wanted = query.split(".").filter((part) => part !== "");
  if (wanted.length === 0) return [];
  const holds = (name: string) => {
    let i = 0;
    for (const part of name.split(".")) if (i < wanted.length && part.includes(wanted[i]!)) i++;
    return i === wanted.length;
  };
  return names
    .filter(holds)
    .sort((a, b) => a.length - b.length || a.localeCompare(b))
    .slice(0, limit);
}

/**
 * Figures printed as `query`: a fact by its current value (as printed in the spec, or as a fact file
 * or the API supplied it since), a published figure by its printed value.
 */
export function findByValue(specs: readonly CompiledSpec[], query: string): { matches: { program: Program; name: string }[]; diagnostics: Diagnostic[] } {
  // Full-width digits, commas, points and ％ (１，３６２．６５) are the ASCII ones, and so is the
  // minus sign U+2212 of text copied from a PDF (−16.54%).
  const parsed = /^\s*([+-]?)([\d,]*\d(?:\.\d+)?)\s*(%|[^\d\s].*)?\s*$/u.exec(query.normalize("NFKC").replace(/\u2212/g, "-"));
  if (!parsed) {
    return { matches: [], diagnostics: [notFound(query, `\`${query}\` is not a number`, "give the number as printed, e.g. --value 4.53 or --value=-16.54%")] };
  }
  const [, sign, digits, unit] = parsed as unknown as [string, string, string, string | undefined];
  if (digits.includes(",") && !GROUPED.test(digits)) {
    return {
      matches: [],
      diagnostics: [notFound(query, `\`${query.trim()}\` does not group its digits in threes`, "a comma separates thousands, as in 1,362.65; a decimal comma is written as a point: 4.53")],
    };
  }
  const wanted = decimal(`${sign === "-" ? "-" : ""}${digits!.replace(/,/g, "")}`);
  const decimals = decimalsOf(digits);
  /** How a figure is printed: a fact as the spec or its supplier wrote it (in a fact file's unit too, 13,625,000 元), a published figure by its printed value. */
  const printedAs = (symbol: FigureSymbol, facts: FactStore): { value: Decimal; decimals: number; unit: string }[] => {
    if (symbol.kind === "fact") {
      const fact = facts.of(symbol);
      if (!fact) return [];
      const declared = symbol.declaration.value?.unit ?? symbol.declaration.unit;
      return [{ value: fact.value, decimals: fact.decimals, unit: declared ? printUnit(declared) : "" }, ...(fact.asGiven ? [fact.asGiven] : [])];
    }
    const literal = symbol.declaration.published?.value;
    return literal ? [{ value: decimal(literal.value), decimals: literal.decimals, unit: literal.unit ? printUnit(literal.unit) : "" }] : [];
  };
  /** The figures printed as the number asked for, in any unit, with the unit each is printed in, and with what decimals. */
  const sameValue = specs.flatMap(({ program, facts }) =>
    [...program.figures.values()].flatMap((symbol) =>
      printedAs(symbol, facts)
        .filter((printed) => printed.value.equals(wanted))
        .map((printed) => ({ program, name: symbol.name, unit: printed.unit, decimals: printed.decimals })),
    ),
  );
  const printedSo = sameValue.filter((f) => f.decimals === decimals);
  const matches = printedSo.filter((f) => unit === undefined || unit.trim() === f.unit).map(({ program, name }) => ({ program, name }));
  if (matches.length > 0) return { matches, diagnostics: [] };
  if (printedSo.length > 0) {
    const units = [...new Set(printedSo.map((f) => f.unit || "no unit"))];
    const hint = `${digits} is printed in ${units.join(", ")} (${printedSo.length} figure${printedSo.length === 1 ? "" : "s"}): give that unit, or none`;
    return { matches, diagnostics: [notFound(query, `no figure is printed as ${query.trim()}`, hint)] };
  }
  if (sameValue.length > 0) {
    const shown = [...new Set(sameValue.map((f) => f.decimals))].sort((a, b) => a - b);
    const hint = `the number is printed with ${shown.join(" or ")} decimal${shown.length === 1 && shown[0] === 1 ? "" : "s"} (${sameValue.length} figure${sameValue.length === 1 ? "" : "s"}): give it as printed`;
    return { matches, diagnostics: [notFound(query, `no figure is printed as ${query.trim()}`, hint)] };
  }
  const computing = computedAs(specs, wanted, decimals, unit?.trim());
  const hint =
    computing.length > 0
      ? `nothing prints it, but ${computing.map((name) => `\`${name}\``).join(", ")} ${computing.length === 1 ? "computes" : "compute"} it (rounded half up): explain ${computing.length === 1 ? "it" : "one"} by name`
      : "give the number with the decimals it is printed with (4.53, 100.00%), or search by name";
  return { matches, diagnostics: [notFound(query, `no figure is printed as ${query.trim()}`, hint)] };
}

/**
 * The formulas whose value, rounded half up to the decimals asked for, is the number asked for (in
 * the unit asked for, if one is): a sum an auditor added up by hand, or a year's value a sentence
 * implies (the first five, in declaration order).
 */
function computedAs(specs: readonly CompiledSpec[], wanted: Decimal, decimals: number, unit: string | undefined, limit = 5): string[] {
  const found: string[] = [];
  for (const spec of specs) {
    for (const symbol of spec.program.figures.values()) {
      if (symbol.kind !== "formula") continue;
      const value = spec.calculation.valueOf(symbol);
      const type = spec.typed.types.of(symbol);
      if (value === undefined || typeof value === "boolean" || type?.kind !== "quantity") continue;
      // A ratio asked for in % (`--value 50%` for a share that computes 0.5), as a report prints it.
      const asPercent = unit === "%" && type.unit.isNone;
      if (unit !== undefined && unit !== type.unit.label && !asPercent) continue;
      if (!round(asPercent ? multiply(value, HUNDRED) : value, decimals).equals(wanted)) continue;
      found.push(symbol.name);
      if (found.length === limit) return found;
    }
  }
  return found;
}


/** Digits grouped by thousands as a report prints them (and as the language reads them). */
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/** R0801 at the query, as typed on the command line. */
function notFound(query: string, message: string, hint: string): Diagnostic {
  const file = new SourceFile("<command line>", query);
  return error("R0801", message, span(file, 0, query.length), { hint });
}
