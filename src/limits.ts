/**
 * The limits that keep reckon safe on hostile input: every one is reported as a diagnostic with a
 * position, never as a stack overflow, a hang or an out-of-memory crash. Real report specs stay far
 * below all of them (the 2024 report's spec: a few hundred declarations, formulas of a few dozen
 * tokens, nesting depth under 5, figures of at most 12 digits).
 */
export const limits = {
  /** Bytes in one spec file. */
  specBytes: 8 * 1024 * 1024,
  /** Tokens in one spec file. */
  tokens: 2_000_000,
  /** Nesting of parentheses, braces, prefix operators (`-`, `not`) and unfinished `if`s. */
  nesting: 64,
  /** Syntax errors reported for one file before the parser gives up on it. */
  syntaxErrors: 100,
  /** Errors reported for one fact file; the rest are counted in R0915. */
  factFileErrors: 100,
  /** Depth of a formula's syntax tree (a chain `a + b + … ` of n terms is n deep). */
  expressionDepth: 1_000,
  /** Significant digits in a number literal (leading zeros do not count). */
  literalDigits: 100,
  /** Declarations in one program, all files together (a province's reports in one spec). */
  declarations: 5_000_000,
  /** Files imported inside one another. */
  importDepth: 64,
  /** Functions calling functions, one inside another. */
  callDepth: 16,
  /** Operations one formula may expand to once its function calls are unfolded. */
  formulaCost: 100_000,
  /** Significant digits of any value during evaluation (exact products of products can grow without end). */
  valueDigits: 1_000,
  /** Generated cases per law (each takes ~10 µs: 100,000 are about a second a law). */
  lawRuns: 100_000,
} as const;
