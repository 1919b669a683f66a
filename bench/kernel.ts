/**
 * The floor: the arithmetic of the generated reports written directly against decimal.js, with the
 * same semantics as reckon (addition, subtraction and multiplication exact; division carried to 34
 * significant digits, half even), but nothing else: no parsing, no names, no units, no closures, no
 * digit limits. Each formula is one `case` of a switch over its shape, on pre-resolved slots.
 *
 * The generator uses the same functions to compute the published values, so the generated specs,
 * this kernel and reckon must agree (the bench and test/bench.test.ts check that they do).
 */
import { Decimal } from "decimal.js";

/** Exact operations, as in src/numbers/exact.ts. */
export const Exact = Decimal.clone({ precision: 1e9, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -9e15, toExpPos: 9e15 });
/** Quotients: 34 significant digits, half even. */
export const Quotient = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -9e15, toExpPos: 9e15 });

export type Shape =
  | "sum"
  | "diff"
  | "copy"
  | "share"
  | "ratio"
  | "growth"
  | "neg_growth"
  | "variance"
  | "execution_score"
  | "proportional"
  | "meets"
  | "graded"
  | "prior_inc"
  | "prior_dec";

export const SHAPES: readonly Shape[] = ["sum", "diff", "copy", "share", "ratio", "growth", "neg_growth", "variance", "execution_score", "proportional", "meets", "graded", "prior_inc", "prior_dec"];

/** The grades of specs/std/final-accounts.reckon (as fractions: 100% is 1). */
export const GRADES: readonly { name: string; value: Decimal }[] = [
  ["等级.完全达到预期", "1"],
  ["等级.完全达到预期效果", "1"],
  ["等级.基本达到预期", "0.8"],
  ["等级.不断提高", "1"],
  ["等级.有效提高", "1"],
  ["等级.有效保障", "1"],
].map(([name, value]) => ({ name: name!, value: new Exact(value!) }));

const ZERO = new Exact(0);
const ONE = new Exact(1);

/** growth(current, prior), variance_rate(final, budget): from a zero base 100% (0% for 0 → 0). */
function change(current: Decimal, base: Decimal): Decimal {
  if (base.isZero()) return current.isZero() ? ZERO : ONE;
  return Quotient.div(current.minus(base), base);
}

/** weight × min(x, 1). */
function capped(weight: Decimal, x: Decimal): Decimal {
  return weight.times(x.comparedTo(ONE) > 0 ? ONE : x);
}

/** One formula of a given shape over its argument values (all exact Decimals of the Exact clone). */
export function evaluateShape(shape: Shape, v: readonly Decimal[], direction: number): Decimal {
  switch (shape) {
    case "sum": {
      let total = v[0]!;
      for (let i = 1; i < v.length; i++) total = total.plus(v[i]!);
      return total;
    }
    case "diff": {
      let total = v[0]!;
      for (let i = 1; i < v.length; i++) total = total.minus(v[i]!);
      return total;
    }
    case "copy":
      return v[0]!;
    case "share":
    case "ratio":
      return Quotient.div(v[0]!, v[1]!);
    case "growth":
    case "variance":
      return change(v[0]!, v[1]!);
    case "neg_growth":
      return change(v[0]!, v[1]!).negated();
    case "execution_score":
      return capped(v[1]!, v[0]!);
    case "proportional":
    case "graded":
      return capped(v[2]!, Quotient.div(v[0]!, v[1]!));
    case "meets": {
      const order = v[0]!.comparedTo(v[1]!);
      const met = direction > 0 ? order >= 0 : direction < 0 ? order <= 0 : order === 0;
      return met ? v[2]! : ZERO;
    }
    case "prior_inc":
      return v[0]!.minus(v[1]!);
    case "prior_dec":
      return v[0]!.plus(v[1]!);
  }
}

/** The printed number of a value: value / scale (exact), rounded half up at `decimals`. */
export function printedOf(value: Decimal, scale: Decimal, decimals: number): Decimal {
  const number = scale.equals(1) ? new Exact(value) : Exact.div(value, scale);
  return new Exact(number.toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP));
}

/**
 * A whole province compiled for the kernel: every value in one array of slots, every formula as a
 * shape code and a range of argument slots. `run()` evaluates every formula once, in order.
 */
export class Floor {
  constructor(
    /** Values read by formulas: facts, printed values of published figures, unpublished formulas. */
    readonly values: Decimal[],
    readonly shapes: Uint8Array,
    readonly argStart: Int32Array,
    readonly args: Int32Array,
    readonly directions: Int8Array,
    /** Where each formula's result goes: ≥ 0 a value slot (unpublished), < 0 the output -1 - k. */
    readonly targets: Int32Array,
    /** The computed values of published figures. */
    readonly outputs: Decimal[],
  ) {}

  get formulas(): number {
    return this.shapes.length;
  }

  run(): void {
    const { values, shapes, argStart, args, directions, targets, outputs } = this;
    for (let f = 0, n = shapes.length; f < n; f++) {
      const start = argStart[f]!;
      const end = argStart[f + 1]!;
      let result: Decimal;
      // The cases below are evaluateShape's, inlined on slots (no argument arrays).
      switch (shapes[f]) {
        case 0: {
          let total = values[args[start]!]!;
          for (let i = start + 1; i < end; i++) total = total.plus(values[args[i]!]!);
          result = total;
          break;
        }
        case 1: {
          let total = values[args[start]!]!;
          for (let i = start + 1; i < end; i++) total = total.minus(values[args[i]!]!);
          result = total;
          break;
        }
        case 2:
          result = values[args[start]!]!;
          break;
        case 3:
        case 4:
          result = Quotient.div(values[args[start]!]!, values[args[start + 1]!]!);
          break;
        case 5:
        case 7:
          result = change(values[args[start]!]!, values[args[start + 1]!]!);
          break;
        case 6:
          result = change(values[args[start]!]!, values[args[start + 1]!]!).negated();
          break;
        case 8:
          result = capped(values[args[start + 1]!]!, values[args[start]!]!);
          break;
        case 9:
        case 11:
          result = capped(values[args[start + 2]!]!, Quotient.div(values[args[start]!]!, values[args[start + 1]!]!));
          break;
        case 10: {
          const order = values[args[start]!]!.comparedTo(values[args[start + 1]!]!);
          const direction = directions[f]!;
          const met = direction > 0 ? order >= 0 : direction < 0 ? order <= 0 : order === 0;
          result = met ? values[args[start + 2]!]! : ZERO;
          break;
        }
        case 12:
          result = values[args[start]!]!.minus(values[args[start + 1]!]!);
          break;
        default:
          result = values[args[start]!]!.plus(values[args[start + 1]!]!);
          break;
      }
      const target = targets[f]!;
      if (target >= 0) values[target] = result;
      else outputs[-1 - target] = result;
    }
  }
}
