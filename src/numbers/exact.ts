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

function bounded(x: Decimal): Decimal {
  // Too many digits, or a magnitude whose plain notation would need too many (1e100000).
  if ((x.d !== null && x.d !== undefined && x.d.length > MAX_WORDS) || Math.abs(x.e) > limits.valueDigits) throw new DigitLimitExceeded();
  return x;
}

export function add(a: Decimal, b: Decimal): Decimal {
  return bounded(ExactContext.add(a, b));
}

export function subtract(a: Decimal, b: Decimal): Decimal {
  return bounded(ExactContext.sub(a, b));
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return bounded(ExactContext.mul(a, b));
}

export function negate(a: Decimal): Decimal {
  return ExactContext.mul(a, -1);
}

/** a ÷ b to QUOTIENT_DIGITS significant digits; exact when the quotient is a short decimal. */
export function divide(a: Decimal, b: Decimal): Decimal {
  return bounded(QuotientContext.div(a, b));
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
