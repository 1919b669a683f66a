// Exact decimal arithmetic: the only module that configures decimal.js.
//
// Addition, subtraction, multiplication and negation are exact: they run in a context whose
// precision (10⁹ significant digits) no figure reaches, so decimal.js never rounds them.
// Division is the one operation whose result may not be a finite decimal; it is carried to
// `QUOTIENT_DIGITS` significant digits (rounding half even on the last digit) and nowhere else is
// a figure rounded unless a formula or a check asks for it.
import { Decimal as DecimalJs } from "decimal.js";
import { limits } from "../limits";

/** An exact decimal number, as decimal.js gives it: every value reckon gives is one (or a boolean, for a condition). */
export type Decimal = DecimalJs;

/** The significant digits a quotient is carried to (rounded half even on the last); every other operation is exact. */
export const QUOTIENT_DIGITS = 34;

const ExactContext = DecimalJs.clone({ precision: 1e9, rounding: DecimalJs.ROUND_HALF_EVEN, toExpNeg: -9e15, toExpPos: 9e15 });
const QuotientContext = DecimalJs.clone({
  precision: QUOTIENT_DIGITS,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});

/** Whether a value is a decimal.js Decimal (of any context, or another copy of decimal.js). */
export function isDecimal(value: unknown): value is Decimal {
  return DecimalJs.isDecimal(value);
}

/**
 * A value as an embedding program receives it: the same digits, in the quotient's context. A value
 * of the exact context would take that context's precision into the caller's own arithmetic, and
 * `value.div(3)` would be carried to 10⁹ digits and exhaust the memory of the process.
 */
export function toPublic<T extends Decimal | boolean | undefined>(value: T): T {
  return (typeof value === "object" ? new QuotientContext(value) : value) as T;
}

export function decimal(text: string | Decimal): Decimal {
  return (typeof text === "string" && readPlain(text)) || new ExactContext(text);
}

/** decimal.js keeps the digits of a value in words of seven decimal digits (base 10⁷). */
const WORD_DIGITS = 7;

/**
 * A plain decimal such as `-1362.65` or `0.0007` (what every literal of a spec is), read straight
 * into decimal.js's form: the sign `s`, the exponent `e` of the first significant digit, and the
 * significant digits `d` in words of seven, aligned so that the first word holds the digits before
 * the decimal point modulo seven and the last one is padded with zeros (what decimal.js's own
 * parser builds, without its regular expressions and string copies: a province's spec has millions
 * of literals). Anything else (an exponent, a `+`, no digit before or after the point) is left to
 * decimal.js (undefined). test/decimal-literals.property.test.ts checks the two agree.
 */
export function readPlain(text: string): Decimal | undefined {
  const length = text.length;
  const negative = text.charCodeAt(0) === 45;
  const from = negative ? 1 : 0;
  let point = -1;
  for (let k = from; k < length; k++) {
    const c = text.charCodeAt(k);
    if (c === 46 && point < 0) point = k;
    else if (c < 48 || c > 57) return undefined;
  }
  const to = length;
  if (to === from || point === from || point === to - 1) return undefined;
  // Significant digits: from the first non-zero digit to the last one, skipping the point.
  let first = from;
  while (first < to && (text.charCodeAt(first) === 48 || first === point)) first++;
  // A value of the exact context made the cheapest way (zero), then given the fields: its properties
  // are the same, in the same order, as decimal.js's parser gives them.
  const value = new ExactContext(0);
  const x = value as unknown as { s: number; e: number; d: number[] };
  if (first === to) {
    // Zero: decimal.js keeps the sign of -0 (reckon's parser never writes one).
    x.s = negative ? -1 : 1;
    return value;
  }
  let last = to - 1;
  while (text.charCodeAt(last) === 48 || last === point) last--;
  const pointAt = point < 0 ? to : point;
  // The exponent of the first significant digit: digits between it and the point.
  const e = first < pointAt ? pointAt - first - 1 : pointAt - first;
  const digits = last - first + 1 - (first < point && point < last ? 1 : 0);
  const words = scratchWords;
  words.length = 0;
  let lead = (e + 1) % WORD_DIGITS;
  if (e < 0) lead += WORD_DIGITS;
  let k = first;
  /** The next `count` significant digits as a number, followed by `pad` zeros. */
  const word = (count: number, pad: number): number => {
    let w = 0;
    for (let n = 0; n < count; n++, k++) {
      if (k === point) k++;
      w = w * 10 + (text.charCodeAt(k) - 48);
    }
    for (let n = 0; n < pad; n++) w *= 10;
    return w;
  };
  if (lead < digits) {
    if (lead > 0) words.push(word(lead, 0));
    let left = digits - lead;
    for (; left > WORD_DIGITS; left -= WORD_DIGITS) words.push(word(WORD_DIGITS, 0));
    words.push(word(left, WORD_DIGITS - left));
  } else {
    words.push(word(digits, lead - digits));
  }
  x.s = negative ? -1 : 1;
  x.e = e;
  // A copy of exactly its length (an array grown by push keeps room for 16 more words).
  x.d = words.slice();
  return value;
}

/** The words of the literal being read. */
const scratchWords: number[] = [];

/** x itself when it is already a value of the exact context (values are immutable), else a copy in it. */
export function exact(x: Decimal): Decimal {
  return x.constructor === ExactContext ? x : new ExactContext(x);
}

export const ZERO = decimal("0");
export const ONE = decimal("1");
/** 100: a ratio times it is the same ratio in % (0.7661 is 76.61%). */
export const HUNDRED = decimal("100");

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

/** 10ⁿ, exactly, for integer n. */
export function powerOfTen(n: number): Decimal {
  return decimal(`1e${n}`);
}

/** Plain decimal notation, never exponential: `0.0000001`, `-16.5`. */
export function format(a: Decimal): string {
  const text = a.toFixed();
  return text === "-0" ? "0" : text;
}
