import { Decimal as DecimalJs } from "decimal.js";
import { limits } from "../limits";

/**
 * Exact decimal arithmetic: the only module that configures decimal.js.
 *
 * Addition, subtraction, multiplication and negation are exact: they run in a context whose
 * precision (10⁹ significant digits) no figure reaches, so decimal.js never rounds them.
 * Division is the one operation whose result may not be a finite decimal; it is carried to
 * `QUOTIENT_DIGITS` significant digits (rounding half even on the last digit) and nowhere else is
 * a figure rounded unless a formula or a check asks for it.
 */
export type Decimal = DecimalJs;

export const QUOTIENT_DIGITS = 34;

const ExactContext = DecimalJs.clone({ precision: 1e9, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -9e15, toExpPos: 9e15 });
const QuotientContext = DecimalJs.clone({
  precision: QUOTIENT_DIGITS,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});

export function decimal(text: string | Decimal): Decimal {
  return new ExactContext(text);
}

/** x itself when it is already a value of the exact context (values are immutable), else a copy in it. */
export function exact(x: Decimal): Decimal {
  return x.constructor === ExactContext ? x : new ExactContext(x);
}

export const ZERO = decimal("0");
export const ONE = decimal("1");

/**
 * Raised when an exact result would have more digits than any figure can need
 * (`limits.valueDigits`): products of products grow without end, and a hostile spec must not be
 * able to make reckon compute a number with millions of digits.
 */
export class DigitLimitExceeded extends Error {
  constructor() {
    super(`a value has more than ${limits.valueDigits} significant digits`);
  }
}

/** decimal.js keeps digits in base-10⁷ words; this bound is checked on every exact operation. */
const MAX_WORDS = Math.ceil(limits.valueDigits / 7) + 1;

/** x, or DigitLimitExceeded when it has more digits than any figure can need. */
export function bounded(x: Decimal): Decimal {
  // Too many digits, or a magnitude whose plain notation would need too many (1e100000).
  if ((x.d !== null && x.d !== undefined && x.d.length > MAX_WORDS) || Math.abs(x.e) > limits.valueDigits) throw new DigitLimitExceeded();
  return x;
}

// An exact-context value is its own receiver: `a.plus(b)` computes in a's context, so for a value
// of ExactContext it is exactly `ExactContext.add(a, b)` without first copying a (decimal.js's static
// methods start with `new this(a)`). A value of another context (a quotient) is copied, as before.

export function add(a: Decimal, b: Decimal): Decimal {
  return bounded(a.constructor === ExactContext ? a.plus(b) : ExactContext.add(a, b));
}

export function subtract(a: Decimal, b: Decimal): Decimal {
  return bounded(a.constructor === ExactContext ? a.minus(b) : ExactContext.sub(a, b));
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return bounded(a.constructor === ExactContext ? a.times(b) : ExactContext.mul(a, b));
}

/** −a (−0 for 0, as a × −1 gives). */
export function negate(a: Decimal): Decimal {
  return (a.constructor === ExactContext ? a : new ExactContext(a)).negated();
}

/** a ÷ b to QUOTIENT_DIGITS significant digits; exact when the quotient is a short decimal. */
export function divide(a: Decimal, b: Decimal): Decimal {
  return bounded(QuotientContext.div(a, b));
}

/**
 * −1, 0 or 1 as a is less than, equal to or greater than b: `a.comparedTo(b)` without the copy of b
 * that decimal.js makes first (the same steps, on the same fields, so the same answers, NaN included).
 */
export function compare(a: Decimal, b: Decimal): number {
  const ad = a.d;
  const bd = b.d;
  const as = a.s;
  const bs = b.s;
  // NaN or ±Infinity
  if (!ad || !bd) return !as || !bs ? NaN : as !== bs ? as : ad === bd ? 0 : !ad !== as < 0 ? 1 : -1;
  // a zero
  if (!ad[0] || !bd[0]) return ad[0] ? as : bd[0] ? -bs : 0;
  if (as !== bs) return as;
  if (a.e !== b.e) return a.e > b.e !== as < 0 ? 1 : -1;
  const al = ad.length;
  const bl = bd.length;
  for (let i = 0, n = al < bl ? al : bl; i < n; i++) {
    if (ad[i] !== bd[i]) return ad[i]! > bd[i]! !== as < 0 ? 1 : -1;
  }
  return al === bl ? 0 : al > bl !== as < 0 ? 1 : -1;
}

/** Whether a ÷ b was exact, i.e. the quotient times b gives a back. */
export function divisionIsExact(a: Decimal, b: Decimal, quotient: Decimal): boolean {
  return multiply(quotient, b).equals(a);
}

/** 10ⁿ, exactly, for integer n. */
export function powerOfTen(n: number): Decimal {
  return n >= 0 ? decimal(`1e${n}`) : decimal(`1e${n}`);
}

/** Plain decimal notation, never exponential: `0.0000001`, `-16.5`. */
export function format(a: Decimal): string {
  const text = a.toFixed();
  return text === "-0" ? "0" : text;
}
