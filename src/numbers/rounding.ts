import { Decimal as DecimalJs } from "decimal.js";
import { add, decimal, divide, exact, multiply, ONE, powerOfTen, subtract, type Decimal } from "./exact";

/**
 * The rounding rules publishers use, by the names a spec writes them with.
 *
 * - `half_up` (四舍五入): ties go away from zero, so 2.345 → 2.35 and −2.345 → −2.35.
 * - `half_even` (banker's rounding): ties go to the even neighbour, 2.345 → 2.34.
 * - `down`: the extra digits are cut off (truncation toward zero), 2.349 → 2.34.
 */
export const roundingModes = {
  half_up: DecimalJs.ROUND_HALF_UP,
  half_even: DecimalJs.ROUND_HALF_EVEN,
  down: DecimalJs.ROUND_DOWN,
} as const;

export type RoundingMode = keyof typeof roundingModes;

export const DEFAULT_ROUNDING: RoundingMode = "half_up";

export function isRoundingMode(name: string): name is RoundingMode {
  return Object.prototype.hasOwnProperty.call(roundingModes, name);
}

/** x rounded to `decimals` places (a negative count rounds to tens, hundreds …) with a named rule. */
export function round(x: Decimal, decimals: number, mode: RoundingMode = DEFAULT_ROUNDING): Decimal {
  if (decimals >= 0) return exact(x.toDecimalPlaces(decimals, roundingModes[mode]));
  // Shifting the decimal point is exact: x × 10⁻ⁿ, rounded to a whole number, × 10ⁿ.
  return multiply(decimal(multiply(x, powerOfTen(decimals)).toDecimalPlaces(0, roundingModes[mode])), powerOfTen(-decimals));
}

/** An interval of decimals whose ends may be open (excluded) or closed (included). */
export interface Interval {
  readonly low: Decimal;
  readonly high: Decimal;
  readonly lowOpen: boolean;
  readonly highOpen: boolean;
}

/**
 * What a printed value stands for: the values that round to it, or, for one printed `-0.00` (a
 * value below zero that rounds to zero), those of them below zero.
 */
export function printedInterval(printed: Decimal, decimals: number, mode: RoundingMode, negativeZero = false): Interval {
  const interval = roundingInterval(printed, decimals, mode);
  return negativeZero ? { ...interval, high: decimal("0"), highOpen: true } : interval;
}

/**
 * The exact set of true values that round to `printed` at `decimals` places under a rule.
 * Printed 1,362.65 (half up) stands for [1362.645, 1362.655): 1362.655 itself would print as
 * 1,362.66. For a negative number half up rounds away from zero, so −16.54 stands for
 * (−16.545, −16.535]. Half even includes both ties when the last digit is even, neither when odd.
 */
export function roundingInterval(printed: Decimal, decimals: number, mode: RoundingMode = DEFAULT_ROUNDING): Interval {
  const step = powerOfTen(-decimals);
  if (mode === "down") {
    if (printed.isZero()) return { low: subtract(printed, step), high: add(printed, step), lowOpen: true, highOpen: true };
    return printed.isNegative()
      ? { low: subtract(printed, step), high: printed, lowOpen: true, highOpen: false }
      : { low: printed, high: add(printed, step), lowOpen: false, highOpen: true };
  }
  const half = multiply(step, decimal("0.5"));
  const low = subtract(printed, half);
  const high = add(printed, half);
  if (mode === "half_even") {
    const lastDigitEven = printed.times(`1e${decimals}`).abs().mod(2).isZero();
    return { low, high, lowOpen: !lastDigitEven, highOpen: !lastDigitEven };
  }
  if (printed.isZero()) return { low, high, lowOpen: true, highOpen: true };
  return printed.isNegative() ? { low, high, lowOpen: true, highOpen: false } : { low, high, lowOpen: false, highOpen: true };
}

/**
 * The values in an interval that are whole numbers of things when one unit holds `perUnit` of them
 * (1 for 人, 10,000 for 万人): for a count printed 102 人, only 102 itself. The closed interval from
 * the least to the greatest; undefined when there is none (a count printed 2.5 人).
 */
export function wholeCountsIn(x: Interval, perUnit: Decimal): Interval | undefined {
  const lowCount = multiply(x.low, perUnit);
  const highCount = multiply(x.high, perUnit);
  let low = lowCount.ceil();
  if (x.lowOpen && low.equals(lowCount)) low = add(low, ONE);
  let high = highCount.floor();
  if (x.highOpen && high.equals(highCount)) high = subtract(high, ONE);
  if (low.greaterThan(high)) return undefined;
  return { low: divide(low, perUnit), high: divide(high, perUnit), lowOpen: false, highOpen: false };
}

/** The points two intervals share, or undefined when they share none. */
export function intersection(a: Interval, b: Interval): Interval | undefined {
  const lowCompare = a.low.comparedTo(b.low);
  const low = lowCompare > 0 ? a.low : b.low;
  const lowOpen = lowCompare > 0 ? a.lowOpen : lowCompare < 0 ? b.lowOpen : a.lowOpen || b.lowOpen;
  const highCompare = a.high.comparedTo(b.high);
  const high = highCompare < 0 ? a.high : b.high;
  const highOpen = highCompare < 0 ? a.highOpen : highCompare > 0 ? b.highOpen : a.highOpen || b.highOpen;
  const order = low.comparedTo(high);
  return order < 0 || (order === 0 && !lowOpen && !highOpen) ? { low, high, lowOpen, highOpen } : undefined;
}

/** Whether two intervals share at least one point. */
export function intersects(a: Interval, b: Interval): boolean {
  return intersection(a, b) !== undefined;
}

/** The least interval that holds an interval and a point. */
export function withPoint(x: Interval, point: Decimal): Interval {
  const below = point.comparedTo(x.low);
  const above = point.comparedTo(x.high);
  return {
    low: below < 0 ? point : x.low,
    high: above > 0 ? point : x.high,
    // The point is in it: an end it reaches or passes is closed.
    lowOpen: below <= 0 ? false : x.lowOpen,
    highOpen: above >= 0 ? false : x.highOpen,
  };
}
