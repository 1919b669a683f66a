import { z } from "zod";

// The schema of the JSON that `reckon check --format json` prints and `Engine.check()` returns, for
// consumers to validate it. It lives apart from the code that builds that JSON (check-json.ts) so
// that the command line does not load zod to print it.

const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, "a decimal number as a string");

const interval = z.object({ low: decimalString, high: decimalString, lowOpen: z.boolean(), highOpen: z.boolean() });

const location = z.object({
  file: z.string(),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  endLine: z.number().int().positive(),
  endColumn: z.number().int().positive(),
});

/** The JSON of a check, as `reckon check --format json` prints it; exported so consumers can validate it. */
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
      interval: interval.optional(),
      /** When the values the inputs allow are several intervals apart, within `interval` (an all-or-nothing score: 0 or the weight). */
      parts: z.array(interval).optional(),
      reason: z.string().optional(),
      /** A mismatch whose `known` declaration says the formula computes this value, which it no longer does. */
      knownComputes: decimalString.optional(),
      /** A mismatch that one fact given in 元 instead of 万元 (or the other way) explains: the fact, as given, and the unit that reproduces the figure. */
      unitSlip: z.object({ fact: z.string(), given: z.string(), meant: z.string() }).optional(),
      /** A mismatch computed from published figures that are mismatches themselves: their names (their printed values may be what is wrong). */
      mismatchedInputs: z.array(z.string()).optional(),
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
  /** Published figures that could not be evaluated (their errors are in diagnostics): not checked, not in `figures`. */
  unevaluated: z.array(z.object({ name: z.string(), report: z.string().optional() })),
  // Every error and warning of the run, as plain data: a spec with errors is not checked, so a
  // consumer that reads only the figures must look at summary.errors.
  diagnostics: z.array(
    z.object({
      severity: z.enum(["error", "warning"]),
      code: z.string(),
      message: z.string(),
      location: location.optional(),
      label: z.string().optional(),
      hint: z.string().optional(),
      related: z.array(z.object({ message: z.string(), location })).optional(),
      text: z.string(),
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
    /** Errors: specs or fact files that could not be checked, figures that could not be evaluated. */
    errors: z.number().int().nonnegative(),
  }),
});

export type CheckOutput = z.infer<typeof checkOutputSchema>;

/** One published figure's check in a CheckOutput: its printed and computed values, status, interval, reason. */
export type CheckedFigure = CheckOutput["figures"][number];
