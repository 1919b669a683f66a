import { Decimal as DecimalJs } from "decimal.js";
import type { Decimal } from "../numbers/exact";
import type { Interval } from "../numbers/rounding";

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
 * A long value cut for reading, `extra` decimals past the `places` it is printed with, with `…`
 * where digits were cut: a quotient kept to 34 digits (6.8833333333333333333333333333333331) reads
 * 6.88333333…. Cut, not rounded, so the digits shown are the value's own; and where the digits past
 * the rounding digit are all 0 or all 9 up to the cut (0.12500000…, near a tie), as many more are
 * shown as it takes to reach one that is not, so that a value next to a tie does not read as one.
 * A value with fewer decimals than `places` is shown with them (8.3 computed for a figure printed to
 * the hundredth reads 8.30, as the report would print it).
 */
export function shortDecimal(value: Decimal, places: number, extra: number): string {
  const full = value.toFixed();
  let cut = places + extra;
  const point = full.indexOf(".");
  if (point >= 0) {
    const fraction = full.slice(point + 1);
    const run = fraction.slice(places + 1, cut);
    if (run.length > 0 && /^(0+|9+)$/.test(run)) {
      while (cut < fraction.length && fraction[cut] === run[0]) cut++;
      cut++;
    }
  }
  const shown = value.toDecimalPlaces(cut, DecimalJs.ROUND_DOWN);
  if (!shown.equals(value)) return `${shown.toFixed(cut)}…`;
  return value.decimalPlaces() < places ? value.toFixed(places) : full;
}

/** `1362.65` → `1,362.65`: thousands separators in the whole part, as reports print numbers. */
export function groupDigits(decimalText: string): string {
  const negative = decimalText.startsWith("-");
  const digits = negative ? decimalText.slice(1) : decimalText;
  const [whole, fraction] = digits.split(".") as [string, string | undefined];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${grouped}${fraction === undefined ? "" : `.${fraction}`}`;
}

/** The decimals a number is written with: `1,362.65` has 2, `30` none. */
export function decimalsOf(text: string): number {
  const point = text.indexOf(".");
  return point < 0 ? 0 : text.length - point - 1;
}

/** A number with its unit as reckon writes quantities: `1362.65 万元`, `8.86%` (the % attached), `12` (no unit). */
export function withUnit(number: string, unit: string): string {
  if (unit === "") return number;
  return unit === "%" ? `${number}%` : `${number} ${unit}`;
}

/** A value with its unit, digits grouped as reports print them: `1,368.01 万元`, `8.86%`, `1,719.6543…`. */
export function quantityText(value: string, unit: string): string {
  if (value === "") return "(no value)";
  const cut = value.endsWith("…");
  const digits = cut ? value.slice(0, -1) : value;
  const number = /^-?\d+(\.\d+)?$/.test(digits) ? `${groupDigits(digits)}${cut ? "…" : ""}` : value;
  return withUnit(number, unit);
}

/** Digits shown after those a figure is printed with: enough to see which way it rounds. */
export const EXTRA_PLACES = 6;

/** A computed value cut a few digits past the decimals its figure is printed with, grouped, with its unit. */
export function cutQuantityText(value: Decimal, decimals: number, unit: string): string {
  return quantityText(shortDecimal(value, decimals, EXTRA_PLACES), unit);
}

/**
 * The range a figure's inputs' rounding allows, rounded outwards to two decimals more than the
 * figure prints (or to `places`), digits grouped, with the unit: `(1,362.60, 1,362.68) 万元`, `[0.00%, 8.33%]`.
 */
export function rangeText(interval: Interval, decimals: number, unit: string, places = decimals + 2): string {
  const show = (end: Decimal) => {
    // At least the decimals the figure is printed with: 1,362.60, not 1,362.6.
    const digits = groupDigits(end.toFixed(Math.max(decimals, end.decimalPlaces())));
    return unit === "%" ? `${digits}%` : digits;
  };
  const text = shortInterval(interval, places, show);
  return unit === "" || unit === "%" ? text : `${text} ${unit}`;
}
