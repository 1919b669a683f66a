import DecimalJs from "decimal.js";
import { add, decimal, divide, multiply, powerOfTen, subtract, type Decimal } from "./exact";

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
  if (decimals >= 0) return decimal(x.toDecimalPlaces(decimals, roundingModes[mode]));
  const factor = powerOfTen(-decimals);
  return multiply(divide(x, factor).toDecimalPlaces(0, roundingModes[mode]), factor);
}

/**
 * The interval of true values that a figure printed with `decimals` places could stand for:
 * printed 1,362.65 (half up) stands for [1362.645, 1362.655]. The bounds are closed: whether a
 * tie rounds up or down, the interval never excludes a value the publisher could have had.
 */
export function roundingInterval(printed: Decimal, decimals: number, mode: RoundingMode = DEFAULT_ROUNDING): { low: Decimal; high: Decimal } {
  const step = powerOfTen(-decimals);
  if (mode === "down") {
    if (printed.isZero()) return { low: subtract(printed, step), high: add(printed, step) };
    return printed.isNegative() ? { low: subtract(printed, step), high: printed } : { low: printed, high: add(printed, step) };
  }
  const half = multiply(step, decimal("0.5"));
  return { low: subtract(printed, half), high: add(printed, half) };
}
