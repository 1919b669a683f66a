import { error, type Diagnostic } from "../diagnostics/diagnostic";
import { didYouMean, suggest } from "../diagnostics/suggest";
import { decimal } from "../numbers/exact";
import type { Program } from "../semantics/program";
import { patternMatcher } from "../semantics/patterns";
import { SourceFile, span } from "../syntax/source";

/**
 * Finds figures the way a reader asks for them: by full name, by a pattern (`项目.科普经费.**.得分`),
 * by the end of a name (`科技工作者慰问人数.得分`), or by the number printed on the page
 * (`4.53`, `-16.54%`, `1,362.65`).
 */
export function findByName(programs: readonly Program[], query: string): { matches: { program: Program; name: string }[]; diagnostics: Diagnostic[] } {
  const all = programs.flatMap((program) => [...program.figures.keys()].map((name) => ({ program, name })));
  if (query.includes("*")) {
    const matchesQuery = patternMatcher(query);
    const matches = all.filter((f) => matchesQuery(f.name));
    if (matches.length > 0) return { matches, diagnostics: [] };
    return { matches, diagnostics: [notFound(query, `the pattern \`${query}\` matches no figure`, all.map((f) => f.name), "`*` stands for one part of a name and `**` for any number of parts, e.g. 项目.科普经费.**.得分")] };
  }
  const exact = all.filter((f) => f.name === query);
  if (exact.length > 0) return { matches: exact, diagnostics: [] };
  const bySuffix = all.filter((f) => f.name.endsWith(`.${query}`));
  if (bySuffix.length > 0) return { matches: bySuffix, diagnostics: [] };
  const names = all.map((f) => f.name);
  return { matches: [], diagnostics: [notFound(query, `no figure named \`${query}\``, names, "give the figure's full name, the end of it, or a pattern such as 收入.**")] };
}

export function findByValue(programs: readonly Program[], query: string): { matches: { program: Program; name: string }[]; diagnostics: Diagnostic[] } {
  const parsed = /^\s*([+-]?)([\d,]*\d(?:\.\d+)?)\s*(%|[^\d\s].*)?\s*$/u.exec(query);
  if (!parsed) {
    return { matches: [], diagnostics: [notFound(query, `\`${query}\` is not a number`, [], "give the number as printed, e.g. --value 4.53 or --value=-16.54%")] };
  }
  const [, sign, digits, unit] = parsed as unknown as [string, string, string, string | undefined];
  const wanted = decimal(`${sign === "-" ? "-" : ""}${digits!.replace(/,/g, "")}`);
  const decimals = digits!.includes(".") ? digits!.length - digits!.indexOf(".") - 1 : 0;
  const matches = programs.flatMap((program) =>
    [...program.figures.values()]
      .filter((symbol) => {
        const literal = symbol.kind === "fact" ? symbol.declaration.value : symbol.declaration.published?.value;
        // A fact supplied by a fact file has no printed literal in the spec; it is found by name.
        if (!literal || literal.decimals !== decimals || !decimal(literal.value).equals(wanted)) return false;
        const literalUnit = literal.unit?.atoms.map((a) => a.name).join("/") ?? "";
        return unit === undefined || unit.trim() === literalUnit;
      })
      .map((symbol) => ({ program, name: symbol.name })),
  );
  if (matches.length > 0) return { matches, diagnostics: [] };
  return { matches, diagnostics: [notFound(query, `no figure is printed as ${query.trim()}`, [], "give the number with the decimals it is printed with (4.53, 100.00%), or search by name")] };
}

function notFound(query: string, message: string, names: readonly string[], fallback: string): Diagnostic {
  const file = new SourceFile("<command line>", query);
  return error("R0801", message, span(file, 0, query.length), { hint: didYouMean(suggest(query, names)) || fallback });
}
