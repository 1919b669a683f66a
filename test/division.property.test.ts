import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { format } from "../src/numbers/exact";
import { evaluateExpression } from "../src/pipeline";
import { abs, canonical, digitsOf, exactArbitrary, fromExact, pow10, Q, rational, significant, type Exact, type Rational } from "./oracle";
import { parameters } from "./properties";

/**
 * Division, against a BigInt rational oracle: `a / b` is the exact quotient rounded to 34
 * significant digits, the last one half to even (test/exact-arithmetic.property.test.ts covers
 * + - * and rounding; this file covers what they leave out). A quotient that terminates within 34
 * digits is exact, trailing zeros are not printed, and division by zero is a diagnostic.
 */

const DIGITS = 34;

function evaluated(text: string): string {
  const result = evaluateExpression(text);
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || result.value === undefined || typeof result.value === "boolean") {
    throw new Error(`${text}: ${errors.map((d) => `${d.code} ${d.message}`).join("; ") || "no number"}`);
  }
  return format(result.value);
}

/** A literal in a formula, maybe with a unit; a negative one in parentheses. */
function literal(x: Exact, separators: boolean, unit = ""): string {
  const digits = `${digitsOf(x, separators)}${unit === "" ? "" : ` ${unit}`}`;
  return x.mantissa < 0n ? `(-${digits})` : digits;
}

const operand = exactArbitrary({ maxDigits: 30, maxScale: 12 });
const divisor = operand.filter((x) => x.mantissa !== 0n);
/** Divisors whose quotients terminate: ±2^i · 5^j / 10^scale. */
const terminating = fc
  .record({ twos: fc.integer({ min: 0, max: 40 }), fives: fc.integer({ min: 0, max: 20 }), scale: fc.integer({ min: 0, max: 6 }), negative: fc.boolean() })
  .map(({ twos, fives, scale, negative }): Exact => ({ mantissa: (negative ? -1n : 1n) * 2n ** BigInt(twos) * 5n ** BigInt(fives), scale }));

/** What reckon's a / b must be. */
function quotient(a: Exact | Rational, b: Exact | Rational): Rational {
  const q = (x: Exact | Rational) => ("mantissa" in x ? fromExact(x) : x);
  return significant(Q.div(q(a), q(b)), DIGITS);
}

describe("a / b", () => {
  it("is the exact quotient rounded to 34 significant digits, half to even", () => {
    fc.assert(
      fc.property(operand, divisor, fc.boolean(), (a, b, separators) => {
        expect(evaluated(`${literal(a, separators)} / ${literal(b, separators)}`)).toBe(canonical(quotient(a, b)));
      }),
      parameters(400),
    );
  });

  it("is exact when the quotient terminates within 34 significant digits", () => {
    fc.assert(
      fc.property(exactArbitrary({ maxDigits: 12, maxScale: 6 }), terminating, (a, b) => {
        const exact = Q.div(fromExact(a), fromExact(b));
        const result = evaluated(`${literal(a, true)} / ${literal(b, true)}`);
        expect(result).toBe(canonical(quotient(a, b)));
        if (canonical(exact).replace(/^-?0\.0*|[-.]/g, "").replace(/^0+/, "").length <= DIGITS) expect(result).toBe(canonical(exact));
      }),
      parameters(300),
    );
  });

  it("rounds a tie at the 35th significant digit to the even neighbour", () => {
    // (10·k + 5) / 10 with k of 34 digits has 35 significant digits and ends in 5: a tie.
    fc.assert(
      fc.property(fc.bigInt({ min: 10n ** 33n, max: 10n ** 34n - 1n }), fc.boolean(), (k, negative) => {
        const n = (k * 10n + 5n) * (negative ? -1n : 1n);
        const expected = significant(rational(n, 10n), DIGITS);
        expect(evaluated(`${negative ? "(-" : ""}${abs(n)}${negative ? ")" : ""} / 10`)).toBe(canonical(expected));
        expect(abs(expected.n) % 2n).toBe(0n);
      }),
      parameters(200),
    );
  });

  it("in a chain, each division rounds on its own: a / b / c and a / (b / c)", () => {
    fc.assert(
      fc.property(exactArbitrary({ maxDigits: 15, maxScale: 6 }), divisor, divisor, (a, b, c) => {
        expect(evaluated(`${literal(a, false)} / ${literal(b, false)} / ${literal(c, false)}`)).toBe(canonical(quotient(quotient(a, b), c)));
        expect(evaluated(`${literal(a, false)} / (${literal(b, false)} / ${literal(c, false)})`)).toBe(canonical(quotient(a, quotient(b, c))));
      }),
      parameters(200),
    );
  });

  it("multiplied back, gives exact arithmetic on the rounded quotient", () => {
    fc.assert(
      fc.property(exactArbitrary({ maxDigits: 15, maxScale: 6 }), divisor, (a, b) => {
        const product = Q.mul(quotient(a, b), fromExact(b));
        expect(evaluated(`${literal(a, false)} / ${literal(b, false)} * ${literal(b, false)}`)).toBe(canonical(product));
      }),
      parameters(200),
    );
  });

  it("with units, divides the amounts and combines the units (万元 / 万元 is a ratio, 万元 / 元 scales it by 10⁴)", () => {
    fc.assert(
      fc.property(exactArbitrary({ maxDigits: 15, maxScale: 4 }), divisor, (a, b) => {
        expect(evaluated(`${literal(a, true, "万元")} / ${literal(b, true, "万元")}`)).toBe(canonical(quotient(a, b)));
        // The quotient is carried to 34 digits in 万元/元, then made a plain number by × 10⁴, exactly.
        expect(evaluated(`${literal(a, true, "万元")} / ${literal(b, true, "元")}`)).toBe(canonical(Q.mul(quotient(a, b), rational(pow10(4)))));
      }),
      parameters(200),
    );
  });

  it("by zero is the diagnostic R0601, not a value", () => {
    fc.assert(
      fc.property(operand, fc.constantFrom("0", "0.00", "(1 - 1)", "(0.1 + 0.2 - 0.3)"), (a, zero) => {
        const result = evaluateExpression(`${literal(a, true)} / ${zero}`);
        expect(result.value).toBeUndefined();
        expect(result.diagnostics.map((d) => d.code)).toEqual(["R0601"]);
      }),
      parameters(100),
    );
  });
});
