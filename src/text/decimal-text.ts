import { Decimal as DecimalJs } from "decimal.js";
import type { Decimal } from "../numbers/exact";
import { groupDigits } from "../syntax/print";

/** An interval of values: its ends, and whether each is left out. */
export interface Interval {
  readonly low: Decimal;
  readonly high: Decimal;
  readonly lowOpen: boolean;
  readonly highOpen: boolean;
}

/**
 * An interval shortened to `places` decimals for reading. Its ends are rounded outwards, so the text
 * never shows less than the interval holds (inwards, [1.36495, 1.36505) would show as the empty
 * [1.365, 1.365)); an end moved by the rounding is shown open.
 */
export function shortInterval(interval: Interval, places: number, show: (end: Decimal) => string = (end) => end.toFixed()): string {
  const low = interval.low.toDecimalPlaces(places, DecimalJs.ROUND_FLOOR);
  const high = interval.high.toDecimalPlaces(places, DecimalJs.ROUND_CEIL);
  const lowOpen = interval.lowOpen || !low.equals(interval.low);
  const highOpen = interval.highOpen || !high.equals(interval.high);
  return `${lowOpen ? "(" : "["}${show(low)}, ${show(high)}${highOpen ? ")" : "]"}`;
}

/**
 * A long value cut to `places` decimals for reading, with `…` where digits were cut: a quotient
 * kept to 34 digits (6.8833333333333333333333333333333331) reads 6.88333333…. Cut, not rounded, so
 * the digits shown are the value's own.
 */
export function shortDecimal(value: Decimal, places: number): string {
  const cut = value.toDecimalPlaces(places, DecimalJs.ROUND_DOWN);
  return cut.equals(value) ? value.toFixed() : `${cut.toFixed(places)}…`;
}

/** A value with its unit, digits grouped as reports print them: `1,368.01 万元`, `8.86%`. */
export function quantityText(value: string, unit: string): string {
  const number = /^-?\d+(\.\d+)?$/.test(value) ? groupDigits(value) : value;
  if (unit === "") return number;
  return unit === "%" ? `${number}%` : `${number} ${unit}`;
}
