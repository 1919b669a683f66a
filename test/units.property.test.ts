import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { format } from "../src/numbers/exact";
import { evaluateExpression } from "../src/pipeline";
import { analyse, sameDimension, Unit, UnitTable } from "../src/semantics/units";
import { canonical, exactArbitrary, fromExact, printed, Q, rational, type Exact, type Rational } from "./oracle";
import { parameters } from "./properties";

/**
 * Units, against an oracle that knows only the scales of the money units: converting with `as`
 * is exact and reversible, adding amounts in units of one kind converts exactly, and every pair of
 * built-in units of different kinds is refused (R0506) by every operation that needs one kind.
 */

const MONEY: Record<string, bigint> = { 元: 1n, 千元: 1000n, 万元: 10_000n, 亿元: 100_000_000n };
const money = fc.constantFrom("元", "万元", "亿元", "千元");
const amount = exactArbitrary({ maxDigits: 18, maxScale: 8 });

function evaluated(text: string): { value: string; unit: string } {
  const result = evaluateExpression(text);
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || result.value === undefined || typeof result.value === "boolean") {
    throw new Error(`${text}: ${errors.map((d) => `${d.code} ${d.message}`).join("; ") || "no number"}`);
  }
  return { value: format(result.value), unit: result.type?.kind === "quantity" ? result.type.unit.label : "" };
}

/** `1,234.5 万元`, `-0.01 元`: a literal as a report prints it. */
function literal(x: Exact, unit: string): string {
  return `${printed(x)} ${unit}`;
}

/** x in `from`, expressed in `to`. */
function convert(x: Rational, from: string, to: string): Rational {
  return Q.div(Q.mul(x, rational(MONEY[from]!)), rational(MONEY[to]!));
}

describe("converting between 元, 万元 and 亿元 with `as`", () => {
  it("is exact: x 万元 as 元 is x × 10⁴ 元, and so on for every pair", () => {
    fc.assert(
      fc.property(amount, money, money, (x, from, to) => {
        expect(evaluated(`${literal(x, from)} as ${to}`)).toEqual({ value: canonical(convert(fromExact(x), from, to)), unit: to });
      }),
      parameters(300),
    );
  });

  it("there and back is the identity", () => {
    fc.assert(
      fc.property(amount, money, money, (x, from, to) => {
        expect(evaluated(`(${literal(x, from)} as ${to}) as ${from}`)).toEqual({ value: canonical(fromExact(x)), unit: from });
      }),
      parameters(300),
    );
  });

  it("through every money unit in turn is the identity", () => {
    fc.assert(
      fc.property(amount, fc.array(money, { minLength: 1, maxLength: 6 }), (x, path) => {
        const start = path[0]!;
        const text = path.slice(1).reduce((inner, unit) => `(${inner} as ${unit})`, literal(x, start));
        expect(evaluated(`${text} as ${start}`)).toEqual({ value: canonical(fromExact(x)), unit: start });
      }),
      parameters(200),
    );
  });

  it("adding and comparing amounts in different money units converts the right side exactly into the left side's unit", () => {
    fc.assert(
      fc.property(amount, money, amount, money, (x, u, y, v) => {
        const sum = Q.add(fromExact(x), convert(fromExact(y), v, u));
        expect(evaluated(`${literal(x, u)} + ${literal(y, v)}`)).toEqual({ value: canonical(sum), unit: u });
        const order = Q.compare(convert(fromExact(x), u, "元"), convert(fromExact(y), v, "元"));
        const result = evaluateExpression(`${literal(x, u)} < ${literal(y, v)}`);
        expect(result.value).toBe(order < 0);
      }),
      parameters(200),
    );
  });
});

/** Every built-in unit, with its kind (dimension). */
const table = UnitTable.builtIn();
const builtIns = [...table.names()].map((name) => {
  const analysed = analyse(Unit.named(name), table);
  if ("unknown" in analysed) throw new Error(name);
  return { name, dimension: analysed.dimension };
});
/** Pairs of built-in units of different kinds; a plain number (written without a unit) is one more kind. */
const PLAIN = { name: "", dimension: new Map<string, number>() };
const mismatched = [...builtIns, PLAIN].flatMap((a) =>
  [...builtIns, PLAIN].filter((b) => !sameDimension(a.dimension, b.dimension)).map((b) => [a.name, b.name] as const),
);

describe("units of different kinds", () => {
  it("the built-in units are many kinds: money, people, person-times, counts, time, area, ratio", () => {
    expect(builtIns.map((u) => u.name)).toEqual(expect.arrayContaining(["元", "万元", "亿元", "人", "人次", "月", "年", "%", "平方米"]));
    expect(mismatched.length).toBeGreaterThan(500);
  });

  const operations: readonly { name: string; text: (a: string, b: string) => string }[] = [
    { name: "+", text: (a, b) => `${a} + ${b}` },
    { name: "-", text: (a, b) => `${a} - ${b}` },
    { name: "==", text: (a, b) => `${a} == ${b}` },
    { name: "!=", text: (a, b) => `${a} != ${b}` },
    { name: "<", text: (a, b) => `${a} < ${b}` },
    { name: ">=", text: (a, b) => `${a} >= ${b}` },
    { name: "if", text: (a, b) => `if true then ${a} else ${b}` },
    { name: "sum", text: (a, b) => `sum(${a}, ${b})` },
    { name: "min", text: (a, b) => `min(${a}, ${b})` },
    { name: "max", text: (a, b) => `max(${a}, ${b})` },
  ];

  // A bare 0 fits any unit, so the amounts are never zero.
  const nonZero = amount.filter((x) => x.mantissa !== 0n);

  it("cannot be added, subtracted, compared, chosen between or aggregated: R0506, for every pair", () => {
    fc.assert(
      fc.property(fc.constantFrom(...mismatched), fc.constantFrom(...operations), nonZero, nonZero, ([u, v], operation, x, y) => {
        const text = operation.text(`${printed(x)}${u === "" ? "" : ` ${u}`}`, `${printed(y)}${v === "" ? "" : ` ${v}`}`);
        const result = evaluateExpression(text);
        const codes = result.diagnostics.filter((d) => d.severity === "error").map((d) => d.code);
        expect(codes, text).toEqual(["R0506"]);
        expect(result.value).toBeUndefined();
        const [diagnostic] = result.diagnostics;
        expect(diagnostic!.message).toMatch(/^cannot (add|subtract|compare|choose between) /);
        expect(diagnostic!.span).toBeDefined();
      }),
      parameters(400),
    );
  });

  it("cannot be converted into one another with `as`: R0508", () => {
    const named = mismatched.filter(([u, v]) => u !== "" && v !== "");
    fc.assert(
      fc.property(fc.constantFrom(...named), nonZero, ([u, v], x) => {
        const result = evaluateExpression(`${printed(x)} ${u} as ${v}`);
        expect(result.diagnostics.map((d) => d.code)).toEqual(["R0508"]);
      }),
      parameters(200),
    );
  });

  it("every pair is refused, checked once each (not only a sample)", () => {
    for (const [u, v] of mismatched) {
      const text = `1${u === "" ? "" : ` ${u}`} + 2${v === "" ? "" : ` ${v}`}`;
      expect(evaluateExpression(text).diagnostics.map((d) => d.code), text).toEqual(["R0506"]);
    }
  });

  it("a bare 0 fits any unit (the documented exception)", () => {
    for (const { name } of builtIns) expect(evaluated(`0 + 5 ${name}`)).toEqual({ value: "5", unit: name === "%" ? "%" : name });
  });
});

