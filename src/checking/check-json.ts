import { z } from "zod";
import { format } from "../numbers/exact";
import type { CheckResult, FigureCheck } from "./check";

const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, "a decimal number as a string");

/** The JSON that `reckon check --format json` prints; exported so consumers can validate it. */
export const checkOutputSchema = z.object({
  figures: z.array(
    z.object({
      name: z.string(),
      report: z.string().optional(),
      published: decimalString,
      computed: decimalString,
      rounded: decimalString,
      difference: decimalString,
      unit: z.string(),
      decimals: z.number().int().nonnegative(),
      rounding: z.enum(["half_up", "half_even", "down"]),
      status: z.enum(["exact", "within-rounding", "known-inconsistency", "mismatch"]),
      interval: z.object({ low: decimalString, high: decimalString, lowOpen: z.boolean(), highOpen: z.boolean() }).optional(),
      reason: z.string().optional(),
      citation: z.string().nullable(),
      file: z.string(),
      line: z.number().int().positive(),
    }),
  ),
  stale: z.array(z.object({ figure: z.string(), status: z.enum(["exact", "within-rounding"]), reason: z.string(), file: z.string(), line: z.number().int().positive() })),
  laws: z.array(
    z.object({
      name: z.string(),
      description: z.string().optional(),
      status: z.enum(["holds", "fails"]),
      runs: z.number().int().nonnegative(),
      counterexample: z.array(z.object({ name: z.string(), value: decimalString, unit: z.string() })).optional(),
      reason: z.string().optional(),
      reproduction: z.string().optional(),
      location: z.string(),
    }),
  ),
  summary: z.object({
    exact: z.number().int().nonnegative(),
    withinRounding: z.number().int().nonnegative(),
    knownInconsistency: z.number().int().nonnegative(),
    mismatch: z.number().int().nonnegative(),
    stale: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
    lawsFailing: z.number().int().nonnegative(),
  }),
});

export type CheckOutput = z.infer<typeof checkOutputSchema>;

export function summarise(figures: readonly Pick<FigureCheck, "status">[], staleCount: number, lawsFailing = 0): CheckOutput["summary"] {
  const count = (status: FigureCheck["status"]) => figures.filter((f) => f.status === status).length;
  return {
    exact: count("exact"),
    withinRounding: count("within-rounding"),
    knownInconsistency: count("known-inconsistency"),
    mismatch: count("mismatch"),
    stale: staleCount,
    total: figures.length,
    lawsFailing,
  };
}

/** The JSON form of the checks of one or more reports. */
export function checkToJson(results: readonly CheckResult[]): CheckOutput {
  const figures = results.flatMap((result) =>
    result.figures.map((f) => {
      const position = f.symbol.declaration.span.file.position(f.symbol.declaration.span.start);
      return {
        name: f.name,
        ...(result.title === undefined ? {} : { report: result.title }),
        published: format(f.published),
        computed: format(f.computed),
        rounded: format(f.rounded),
        difference: format(f.difference),
        unit: f.unit.label,
        decimals: f.decimals,
        rounding: f.rounding,
        status: f.status,
        ...(f.interval && f.interval.low.isFinite() && f.interval.high.isFinite()
          ? { interval: { low: format(f.interval.low), high: format(f.interval.high), lowOpen: f.interval.lowOpen, highOpen: f.interval.highOpen } }
          : {}),
        ...(f.reason === undefined ? {} : { reason: f.reason }),
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
  return { figures, stale, laws: laws.map(({ counterexample, ...law }) => ({ ...law, ...(counterexample ? { counterexample: [...counterexample] } : {}) })), summary: summarise(figures, stale.length, laws.filter((l) => l.status === "fails").length) };
}
