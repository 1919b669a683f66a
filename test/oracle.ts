import fc from "fast-check";

/**
 * An arithmetic oracle independent of reckon and of decimal.js: decimals as BigInt mantissas with a
 * scale, and rationals as BigInt fractions, with rounding done on integers. The property tests
 * compare reckon's results with it.
 */

/** mantissa / 10^scale. */
export interface Exact {
  readonly mantissa: bigint;
  readonly scale: number;
}

/** numerator / denominator, denominator > 0. */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

export type Mode = "half_up" | "half_even" | "down";
export const MODES: readonly Mode[] = ["half_up", "half_even", "down"];

export function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

export function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function rational(n: bigint, d: bigint = 1n): Rational {
  if (d === 0n) throw new Error("division by zero in the oracle");
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

export function fromExact(x: Exact): Rational {
  return rational(x.mantissa, pow10(x.scale));
}

export const Q = {
  add: (a: Rational, b: Rational): Rational => rational(a.n * b.d + b.n * a.d, a.d * b.d),
  sub: (a: Rational, b: Rational): Rational => rational(a.n * b.d - b.n * a.d, a.d * b.d),
  mul: (a: Rational, b: Rational): Rational => rational(a.n * b.n, a.d * b.d),
  div: (a: Rational, b: Rational): Rational => rational(a.n * b.d, a.d * b.n),
  neg: (a: Rational): Rational => ({ n: -a.n, d: a.d }),
  compare: (a: Rational, b: Rational): number => {
    const left = a.n * b.d;
    const right = b.n * a.d;
    return left < right ? -1 : left > right ? 1 : 0;
  },
  min: (a: Rational, b: Rational): Rational => (Q.compare(a, b) <= 0 ? a : b),
  max: (a: Rational, b: Rational): Rational => (Q.compare(a, b) >= 0 ? a : b),
  isZero: (a: Rational): boolean => a.n === 0n,
};

/** A rational rounded to `places` decimals with a publisher's rule, as an exact decimal. */
export function roundRational(x: Rational, places: number, mode: Mode): Exact {
  const scaled = x.n * pow10(places);
  const negative = scaled < 0n;
  const magnitude = abs(scaled);
  let quotient = magnitude / x.d;
  const twiceRemainder = 2n * (magnitude % x.d);
  if (mode === "half_up" && twiceRemainder >= x.d) quotient += 1n;
  if (mode === "half_even" && (twiceRemainder > x.d || (twiceRemainder === x.d && quotient % 2n === 1n))) quotient += 1n;
  return { mantissa: negative ? -quotient : quotient, scale: places };
}

/**
 * A rational to `digits` significant digits, the last one rounded half to even: what reckon's
 * division promises.
 */
export function significant(x: Rational, digits: number): Rational {
  if (x.n === 0n) return x;
  const magnitude = abs(x.n);
  // |x| · 10^e as a fraction, for e of either sign.
  const fraction = (e: number): [bigint, bigint] => (e >= 0 ? [magnitude * pow10(e), x.d] : [magnitude, x.d * pow10(-e)]);
  const whole = (e: number) => {
    const [n, d] = fraction(e);
    return n / d;
  };
  // The e that puts exactly `digits` digits before the point.
  let e = digits - 1 - (magnitude.toString().length - x.d.toString().length);
  while (whole(e) < pow10(digits - 1)) e++;
  while (whole(e) >= pow10(digits)) e--;
  const [n, d] = fraction(e);
  let quotient = n / d;
  const twiceRemainder = 2n * (n % d);
  if (twiceRemainder > d || (twiceRemainder === d && quotient % 2n === 1n)) quotient += 1n;
  const signed = x.n < 0n ? -quotient : quotient;
  return e >= 0 ? rational(signed, pow10(e)) : rational(signed * pow10(-e));
}

/** The exact decimal of a rational whose denominator divides a power of ten, else undefined. */
export function toExact(x: Rational): Exact | undefined {
  let d = x.d;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  if (d !== 1n) return undefined;
  const scale = Math.max(twos, fives);
  return { mantissa: (x.n * pow10(scale)) / x.d, scale };
}

/** Plain decimal digits of |x| (keeping its scale), with or without thousands separators. */
export function digitsOf(x: Exact, separators = false): string {
  const absolute = abs(x.mantissa).toString().padStart(x.scale + 1, "0");
  let integer = absolute.slice(0, absolute.length - x.scale);
  const fraction = absolute.slice(absolute.length - x.scale);
  if (separators) integer = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === "" ? integer : `${integer}.${fraction}`;
}

/** A decimal as printed, with its sign and all its decimals (`-1,362.60`); a zero has no sign. */
export function printed(x: Exact, separators = true): string {
  const digits = digitsOf(x, separators);
  return x.mantissa < 0n ? `-${digits}` : digits;
}

/** The canonical text of a value, as reckon prints a plain number: no trailing zeros, no -0. */
export function canonical(x: Rational): string {
  const exact = toExact(x);
  if (!exact) throw new Error(`${x.n}/${x.d} is not a finite decimal`);
  if (exact.mantissa === 0n) return "0";
  const text = digitsOf(exact);
  const trimmed = text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
  return exact.mantissa < 0n ? `-${trimmed}` : trimmed;
}

/** A decimal with up to `maxDigits` digits and up to `maxScale` decimals, either sign. */
export function exactArbitrary(options: { maxDigits?: number; maxScale?: number; min?: bigint } = {}): fc.Arbitrary<Exact> {
  const maxDigits = options.maxDigits ?? 20;
  const maxScale = options.maxScale ?? 10;
  const bound = pow10(maxDigits) - 1n;
  return fc
    .record({
      mantissa: fc.oneof(fc.bigInt({ min: -999n, max: 999n }), fc.bigInt({ min: -(10n ** 8n), max: 10n ** 8n }), fc.bigInt({ min: -bound, max: bound })),
      scale: fc.integer({ min: 0, max: maxScale }),
    })
    .map(({ mantissa, scale }) => ({ mantissa, scale }));
}
