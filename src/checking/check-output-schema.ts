import { z } from "zod";

// The schema of the JSON that `reckon check --format json` prints and `Engine.check()` returns, for
// consumers to validate it. It lives apart from the code that builds that JSON (check-json.ts) so
// that the command line does not load zod to print it.

const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, "a decimal number as a string");

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
