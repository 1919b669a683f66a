import type { Diagnostic } from "../diagnostics/diagnostic";
import { diagnosticsJson } from "../diagnostics/diagnostic-data";
import { format } from "../numbers/exact";
import type { Interval } from "../numbers/rounding";
import type { CheckResult, FigureCheck } from "./check";
import type { CheckOutput } from "./check-output-schema";

export type { CheckOutput };

export function summarise(figures: readonly Pick<FigureCheck, "status">[], staleCount: number, lawsFailing = 0, errors = 0): CheckOutput["summary"] {
  const count = (status: FigureCheck["status"]) => figures.filter((f) => f.status === status).length;
  return {
    exact: count("exact"),
    withinRounding: count("within-rounding"),
    knownInconsistency: count("known-inconsistency"),
    mismatch: count("mismatch"),
    stale: staleCount,
    total: figures.length,
    lawsFailing,
    errors,
  };
}

/**
 * The JSON form of the checks of one or more reports, with every diagnostic of the run (those of
 * specs that could not be checked, and those of the checks themselves).
 */
export function checkToJson(results: readonly CheckResult[], diagnostics: readonly Diagnostic[] = results.flatMap((r) => r.diagnostics)): CheckOutput {
  const figures = results.flatMap((result) =>
    result.figures.map((f) => {
      const position = f.symbol.declaration.span.file.position(f.symbol.declaration.span.start);
      return {
        name: f.name,
        ...(result.title === undefined ? {} : { report: result.title }),
        // The printed value and the rounded one with the figure's decimals, as printed: "1.00", not "1".
        published: `${f.printedNegative ? "-" : ""}${f.published.toFixed(f.printedDecimals)}`,
        computed: format(f.computed),
        rounded: f.rounded.toFixed(f.decimals),
        difference: format(f.difference),
        unit: f.unit.label,
        decimals: f.decimals,
        rounding: f.rounding,
        status: f.status,
        ...(f.interval && f.interval.low.isFinite() && f.interval.high.isFinite() ? { interval: intervalJson(f.interval) } : {}),
        ...(f.parts ? { parts: f.parts.map(intervalJson) } : {}),
        ...(f.reason === undefined ? {} : { reason: f.reason }),
        ...(f.knownComputes === undefined ? {} : { knownComputes: format(f.knownComputes) }),
        ...(f.unitSlip ? { unitSlip: { ...f.unitSlip } } : {}),
        ...(f.mismatchedInputs ? { mismatchedInputs: [...f.mismatchedInputs] } : {}),
        citation: f.citation ?? null,
        file: f.symbol.declaration.span.file.path,
        line: position.line,
      };
    }),
  );
  const stale = results.flatMap((result) =>
    result.stale.map((s) => ({
      figure: s.figure,
      status: s.status,
      reason: s.declaration.reason.text,
      file: s.declaration.span.file.path,
      line: s.declaration.span.file.position(s.declaration.span.start).line,
    })),
  );
  // A law imported by several reports is reported once.
  const laws = [...new Map(results.flatMap((r) => r.laws).map((law) => [`${law.location} ${law.name}`, law])).values()];
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const unevaluated = results.flatMap((result) => result.unevaluated.map((name) => ({ name, ...(result.title === undefined ? {} : { report: result.title }) })));
  return {
    figures,
    unevaluated,
    stale,
    laws: laws.map(({ counterexample, ...law }) => ({ ...law, ...(counterexample ? { counterexample: [...counterexample] } : {}) })),
    diagnostics: diagnosticsJson(diagnostics),
    summary: summarise(figures, stale.length, laws.filter((l) => l.status === "fails").length, errors),
  };
}

function intervalJson(x: Interval): { low: string; high: string; lowOpen: boolean; highOpen: boolean } {
  return { low: format(x.low), high: format(x.high), lowOpen: x.lowOpen, highOpen: x.highOpen };
}
