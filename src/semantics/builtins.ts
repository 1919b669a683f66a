/**
 * The built-in functions. Their meaning (and units) is defined in `typing.ts` and their evaluation
 * in `evaluation/compile.ts`; this table is what name resolution needs to know.
 */
export interface BuiltinSignature {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Whether a name pattern (`支出.功能分类.*`) may stand for several arguments. */
  readonly acceptsPatterns: boolean;
  readonly usage: string;
}

export const builtins: ReadonlyMap<string, BuiltinSignature> = new Map([
  ["round", { minArgs: 2, maxArgs: 2, acceptsPatterns: false, usage: "round(x, places): x rounded half up (四舍五入) to a whole number of places" }],
  ["round_half_even", { minArgs: 2, maxArgs: 2, acceptsPatterns: false, usage: "round_half_even(x, places): ties to the even neighbour" }],
  ["truncate", { minArgs: 2, maxArgs: 2, acceptsPatterns: false, usage: "truncate(x, places): extra digits cut off toward zero" }],
  ["abs", { minArgs: 1, maxArgs: 1, acceptsPatterns: false, usage: "abs(x)" }],
  ["min", { minArgs: 1, maxArgs: Infinity, acceptsPatterns: true, usage: "min(a, b, …) or min(pattern.*)" }],
  ["max", { minArgs: 1, maxArgs: Infinity, acceptsPatterns: true, usage: "max(a, b, …) or max(pattern.*)" }],
  ["sum", { minArgs: 1, maxArgs: Infinity, acceptsPatterns: true, usage: "sum(a, b, …) or sum(pattern.*)" }],
  ["count", { minArgs: 1, maxArgs: Infinity, acceptsPatterns: true, usage: "count(pattern.*) or count(a, b, …): how many figures, a plain number" }],
  ["computed", { minArgs: 1, maxArgs: 1, acceptsPatterns: false, usage: "computed(figure): the figure's full-precision computed value instead of its printed one" }],
]);
