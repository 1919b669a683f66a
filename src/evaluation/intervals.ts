/**
 * Interval evaluation, for the within-rounding check: every printed input is replaced by the
 * interval of values that round to it, and the interval is carried through the formula. The result
 * contains every value the formula could have had before the publisher rounded its inputs.
 *
 * Each value is enclosed twice: by a plain interval (which knows whether its ends are included) and by
 * an affine form (which knows which inputs it depends on, so `x − (x − y)` stays as narrow as y), and
 * the two are intersected at every step. Both are sound, so their intersection is too.
 *
 * Conditions become three-valued (an interval may be partly above a threshold); where a condition is
 * undecided both branches are taken and their hull is the result. Division by an interval that
 * contains 0 gives the whole line.
 */
import { Decimal as DecimalJs } from "decimal.js";
import { add, decimal, DigitLimitExceeded, divide, multiply, negate, ONE, subtract, ZERO, type Decimal } from "../numbers/exact";
import { round, type Interval } from "../numbers/rounding";
import type { FigureSymbol } from "../semantics/program";
import type * as ast from "../syntax/ast";
import type { FunctionInstance, Typed } from "../semantics/typed";
import { Affine } from "./affine";

/** Whether a condition holds over intervals: it may be true for some values and false for others. */
export type Truth = "true" | "false" | "unknown";

/** A value known to lie in `box`, and (when finite) in the range of `affine`. */
export interface Enclosure {
  readonly box: Interval;
  readonly affine?: Affine;
  /**
   * Where undecided conditions took both branches: the value lies in one of these, whose hull is
   * `box` (an all-or-nothing score whose condition the rounding leaves open is 0 or the weight, not
   * anything in between). Kept through calls, unit conversions and rounding; arithmetic on it
   * goes on with `box`.
   */
  readonly parts?: readonly Interval[];
}

/** More branches than this are not told apart: the hull stands for them. */
const MAX_PARTS = 8;

export type IntervalValue = Enclosure | Truth;

let lastSymbol = 0;

/** A new noise symbol, for an input or for the error of a nonlinear step. */
export function freshSymbol(): number {
  return ++lastSymbol;
}

const HALF = decimal("0.5");

/** An enclosure of a value known only to lie in a box, with a noise symbol of its own. */
export function enclose(box: Interval, symbol: number = freshSymbol()): Enclosure {
  if (!finite(box)) return { box };
  // Halved exactly (a product is exact): a quotient's 34 digits could move the centre, and with it
  // the low end, past a true value.
  const center = multiply(add(box.low, box.high), HALF);
  return { box, affine: Affine.around(center, subtract(box.high, center), symbol) };
}


export type IntervalClosure = (inputs: (figure: FigureSymbol, read: "printed" | "computed") => IntervalValue, args: readonly IntervalValue[]) => IntervalValue;

const INFINITY = new DecimalJs(Infinity);
const EVERYTHING: Interval = { low: INFINITY.negated(), high: INFINITY, lowOpen: true, highOpen: true };

function point(x: Decimal): Interval {
  return { low: x, high: x, lowOpen: false, highOpen: false };
}

function constant(x: Decimal): Enclosure {
  return { box: point(x), affine: Affine.constant(x) };
}

export class IntervalCompiler {
  private readonly instances = new Map<FunctionInstance, IntervalClosure>();

  compile(node: Typed): IntervalClosure {
    switch (node.kind) {
      case "constant": {
        const value: IntervalValue = node.type.kind === "boolean" ? (node.value.isZero() ? "false" : "true") : constant(node.value);
        return () => value;
      }
      case "figure": {
        const { symbol, read } = node;
        return (inputs) => inputs(symbol, read);
      }
      case "parameter": {
        const index = node.index;
        return (_inputs, args) => args[index]!;
      }
      case "arithmetic": {
        const left = this.compile(node.left);
        const right = scaled(this.compile(node.right), node.rightFactor);
        const factor = node.factor;
        const operation = { "+": plus, "-": minus, "*": times, "/": quotient }[node.operator];
        return (inputs, args) => scale(operation(left(inputs, args) as Enclosure, right(inputs, args) as Enclosure), factor);
      }
      case "negate": {
        const operand = this.compile(node.operand);
        return (inputs, args) => neg(operand(inputs, args) as Enclosure);
      }
      case "compare": {
        const left = this.compile(node.left);
        const right = scaled(this.compile(node.right), node.rightFactor);
        const operator = node.operator;
        return (inputs, args) => compare(operator, minus(left(inputs, args) as Enclosure, right(inputs, args) as Enclosure).box);
      }
      case "logical": {
        const left = this.compile(node.left);
        const right = this.compile(node.right);
        const isAnd = node.operator === "and";
        return (inputs, args) => {
          const a = left(inputs, args) as Truth;
          const b = right(inputs, args) as Truth;
          if (isAnd) return a === "false" || b === "false" ? "false" : a === "true" && b === "true" ? "true" : "unknown";
          return a === "true" || b === "true" ? "true" : a === "false" && b === "false" ? "false" : "unknown";
        };
      }
      case "not": {
        const operand = this.compile(node.operand);
        return (inputs, args) => {
          const a = operand(inputs, args) as Truth;
          return a === "true" ? "false" : a === "false" ? "true" : "unknown";
        };
      }
      case "if": {
        const condition = this.compile(node.condition);
        const consequent = this.compile(node.consequent);
        const alternative = scaled(this.compile(node.alternative), node.alternativeFactor);
        return (inputs, args) => {
          const c = condition(inputs, args) as Truth;
          if (c === "true") return consequent(inputs, args);
          if (c === "false") return alternative(inputs, args);
          const a = consequent(inputs, args);
          const b = alternative(inputs, args);
          if (typeof a === "string" || typeof b === "string") return a === b ? a : "unknown";
          const both = enclose(hull(a.box, b.box));
          const parts = [...(a.parts ?? [a.box]), ...(b.parts ?? [b.box])];
          return parts.length <= MAX_PARTS && parts.every(finite) ? { ...both, parts } : both;
        };
      }
      case "convert":
        return scaled(this.compile(node.operand), node.factor);
      case "round": {
        const operand = this.compile(node.operand);
        const { places, mode } = node;
        // Rounding is monotone: the ends of the interval round to the ends of the result.
        const rounded = (x: Interval): Interval => ({ low: round(x.low, places, mode), high: round(x.high, places, mode), lowOpen: false, highOpen: false });
        return (inputs, args) => {
          const value = operand(inputs, args) as Enclosure;
          const x = value.box;
          if (!finite(x)) return { box: x };
          const result = enclose(rounded(x));
          return value.parts ? { ...result, parts: value.parts.map(rounded) } : result;
        };
      }
      case "abs": {
        const operand = this.compile(node.operand);
        return (inputs, args) => {
          const x = operand(inputs, args) as Enclosure;
          if (!x.box.low.isNegative()) return x;
          if (x.box.high.isNegative() || x.box.high.isZero()) return neg(x);
          return enclose(absolute(x.box));
        };
      }
      case "aggregate": {
        const operands = node.operands.map((o, i) => scaled(this.compile(o), node.factors[i] ?? ONE));
        if (node.operator === "sum") {
          return (inputs, args) => sumAll(operands.map((o) => o(inputs, args) as Enclosure));
        }
        const pick = node.operator === "min" ? lesser : greater;
        return (inputs, args) => {
          const values = operands.map((o) => o(inputs, args) as Enclosure);
          // When one operand is certainly the least (or greatest), the result is that operand itself.
          const winner = values.find((v) => values.every((w) => w === v || dominates(node.operator as "min" | "max", v.box, w.box)));
          if (winner) return winner;
          return enclose(values.map((v) => v.box).reduce(pick));
        };
      }
      case "count": {
        const value = constant(decimal(String(node.counted.length)));
        return () => value;
      }
      case "call": {
        const body = this.instance(node.instance);
        const args = node.args.map((a) => this.compile(a));
        return (inputs, outer) => body(inputs, args.map((a) => a(inputs, outer)));
      }
    }
  }

  private instance(instance: FunctionInstance): IntervalClosure {
    const existing = this.instances.get(instance);
    if (existing) return existing;
    const compiled = this.compile(instance.body!);
    this.instances.set(instance, compiled);
    return compiled;
  }
}

function scaled(closure: IntervalClosure, factor: Decimal): IntervalClosure {
  if (factor.equals(ONE)) return closure;
  return (inputs, args) => scale(closure(inputs, args) as Enclosure, factor);
}

/**
 * Interval ends are kept to 50 significant digits, rounded outwards (an end moved outwards is
 * closed): the enclosure stays true, and a long chain of quotients (each adds 34 or more digits to
 * exact ends) no longer runs past the digit limit of values.
 */
const END_DIGITS = 50;

function outwards(x: Interval): Interval {
  if (!finite(x)) return x;
  const low = x.low.toSignificantDigits(END_DIGITS, DecimalJs.ROUND_FLOOR);
  const high = x.high.toSignificantDigits(END_DIGITS, DecimalJs.ROUND_CEIL);
  return { low, high, lowOpen: x.lowOpen && low.equals(x.low), highOpen: x.highOpen && high.equals(x.high) };
}

/**
 * An affine form, or none when its coefficients run past the digit limit: the box alone still
 * encloses the value.
 */
function affineOf(make: () => Affine | undefined): Affine | undefined {
  try {
    return make();
  } catch (e) {
    if (e instanceof DigitLimitExceeded) return undefined;
    throw e;
  }
}

/**
 * The most noise terms an affine form keeps; one with more is condensed to half as many. A report's
 * formulas read a few dozen printed inputs at most, but a sum over a pattern can read thousands, and
 * every form built from it would carry them all: 2,000 shares of a sum of 5,000 facts took 30 s and
 * 2 GB to check. Halving leaves room to grow before the next condensing (a sort of the terms).
 */
const MAX_TERMS = 64;

/** The box narrowed to the affine form's range (both enclose the value, so their overlap does). */
function tightened(wide: Interval, full: Affine | undefined): Enclosure {
  const box = outwards(wide);
  const affine = full && full.terms.size > MAX_TERMS ? full.condensed(MAX_TERMS / 2, freshSymbol) : full;
  if (!affine || !finite(box)) return affine && finite(box) ? { box, affine } : { box, ...(affine ? { affine } : {}) };
  const radius = affine.radius();
  const low = subtract(affine.center, radius);
  const high = add(affine.center, radius);
  const lowOrder = low.comparedTo(box.low);
  const highOrder = high.comparedTo(box.high);
  const narrowed: Interval = {
    low: lowOrder > 0 ? low : box.low,
    lowOpen: lowOrder > 0 ? false : box.lowOpen,
    high: highOrder < 0 ? high : box.high,
    highOpen: highOrder < 0 ? false : box.highOpen,
  };
  // Rounding slop could make them miss each other; the box alone is still a true enclosure.
  if (narrowed.low.greaterThan(narrowed.high)) return { box, affine };
  return { box: outwards(narrowed), affine };
}

function scale(x: Enclosure, factor: Decimal): Enclosure {
  if (factor.equals(ONE)) return x;
  const scaled = tightened(timesBox(x.box, point(factor)), affineOf(() => x.affine?.scale(factor)));
  return x.parts ? { ...scaled, parts: x.parts.map((part) => timesBox(part, point(factor))) } : scaled;
}

function plus(a: Enclosure, b: Enclosure): Enclosure {
  return tightened(plusBox(a.box, b.box), affineOf(() => (a.affine && b.affine ? a.affine.plus(b.affine) : undefined)));
}

/** A sum of many values at once: one pass over their boxes and their affine terms (not n copies). */
function sumAll(values: readonly Enclosure[]): Enclosure {
  let box = point(ZERO);
  for (const v of values) box = plusBox(box, v.box);
  return tightened(box, affineOf(() => (values.every((v) => v.affine) ? Affine.sum(values.map((v) => v.affine!)) : undefined)));
}

function neg(a: Enclosure): Enclosure {
  return { box: negBox(a.box), ...(a.affine ? { affine: a.affine.negated() } : {}) };
}

function minus(a: Enclosure, b: Enclosure): Enclosure {
  return plus(a, neg(b));
}

function times(a: Enclosure, b: Enclosure): Enclosure {
  return tightened(timesBox(a.box, b.box), affineOf(() => (a.affine && b.affine ? a.affine.times(b.affine, freshSymbol) : undefined)));
}

function quotient(a: Enclosure, b: Enclosure): Enclosure {
  const box = quotientBox(a.box, b.box);
  if (!finite(box) || !a.affine || !b.affine) return { box };
  const [x, y] = [a.affine, b.affine];
  return tightened(box, affineOf(() => x.times(y.reciprocal(b.box.low, b.box.high, freshSymbol), freshSymbol)));
}

function plusBox(a: Interval, b: Interval): Interval {
  return { low: add(a.low, b.low), high: add(a.high, b.high), lowOpen: a.lowOpen || b.lowOpen, highOpen: a.highOpen || b.highOpen };
}

function negBox(a: Interval): Interval {
  return { low: negate(a.high), high: negate(a.low), lowOpen: a.highOpen, highOpen: a.lowOpen };
}

interface End {
  readonly value: Decimal;
  readonly open: boolean;
}

function timesBox(a: Interval, b: Interval): Interval {
  if (!finite(a) || !finite(b)) return EVERYTHING;
  const ends: End[] = [];
  for (const [x, xOpen] of [[a.low, a.lowOpen], [a.high, a.highOpen]] as const) {
    for (const [y, yOpen] of [[b.low, b.lowOpen], [b.high, b.highOpen]] as const) {
      const value = multiply(x, y);
      // A product with an exact zero is attained whatever the other end is.
      const open = (xOpen && !y.isZero()) || (yOpen && !x.isZero()) || (xOpen && yOpen);
      ends.push({ value, open });
    }
  }
  return fromEnds(ends);
}

function quotientBox(a: Interval, b: Interval): Interval {
  if (!finite(a) || !finite(b)) return EVERYTHING;
  // A divisor interval that reaches 0 (even at an open end) makes the quotient unbounded.
  if (b.low.comparedTo(ZERO) <= 0 && b.high.comparedTo(ZERO) >= 0) return EVERYTHING;
  // x / y is monotone in x and in y where y keeps its sign: its bounds are quotients of the ends.
  const lows: End[] = [];
  const highs: End[] = [];
  for (const [x, xOpen] of [[a.low, a.lowOpen], [a.high, a.highOpen]] as const) {
    for (const [y, yOpen] of [[b.low, b.lowOpen], [b.high, b.highOpen]] as const) {
      const q = divide(x, y);
      // 0 ÷ y is 0 whatever y is, so only an open 0 leaves it out.
      const open = xOpen || (yOpen && !x.isZero());
      if (multiply(q, y).equals(x)) {
        lows.push({ value: q, open });
        highs.push({ value: q, open });
      } else {
        const slack = quotientSlack(q);
        lows.push({ value: subtract(q, slack), open });
        highs.push({ value: add(q, slack), open });
      }
    }
  }
  const low = fromEnds(lows);
  const high = fromEnds(highs);
  return { low: low.low, lowOpen: low.lowOpen, high: high.high, highOpen: high.highOpen };
}

/**
 * A quotient that is not exact is carried to 34 significant digits: off by up to half a unit in its
 * 34th digit, 5·10^(e−34) for a value of exponent e. Moving the end outwards by 10^(e−32) keeps the
 * interval a true enclosure. (An end moved by 10^(e−40) once left out a true value: 7 / 15 × 300
 * gave 14,000.000…0007 as the low end of an interval that had to hold 14,000.) An exact quotient
 * stays where it is: 100% ÷ 100% is 1, not (0.99…98, 1.00…02).
 */
function quotientSlack(q: Decimal): Decimal {
  return q.isZero() ? decimal("1e-40") : decimal(`1e${q.abs().e - 32}`);
}

function fromEnds(ends: readonly End[]): Interval {
  let low = ends[0]!;
  let high = ends[0]!;
  for (const end of ends) {
    const l = end.value.comparedTo(low.value);
    if (l < 0 || (l === 0 && !end.open)) low = end;
    const h = end.value.comparedTo(high.value);
    if (h > 0 || (h === 0 && !end.open)) high = end;
  }
  return { low: low.value, high: high.value, lowOpen: low.open, highOpen: high.open };
}

function finite(x: Interval): boolean {
  return x.low.isFinite() && x.high.isFinite();
}

/** Whether every value of `a` is ≤ (for min) or ≥ (for max) every value of `b`. */
function dominates(operator: "min" | "max", a: Interval, b: Interval): boolean {
  return operator === "min" ? !a.high.greaterThan(b.low) : !a.low.lessThan(b.high);
}

function lesser(a: Interval, b: Interval): Interval {
  const l = a.low.comparedTo(b.low);
  const h = a.high.comparedTo(b.high);
  return {
    low: l <= 0 ? a.low : b.low,
    lowOpen: l < 0 ? a.lowOpen : l > 0 ? b.lowOpen : a.lowOpen && b.lowOpen,
    high: h <= 0 ? a.high : b.high,
    highOpen: h < 0 ? a.highOpen : h > 0 ? b.highOpen : a.highOpen || b.highOpen,
  };
}

function greater(a: Interval, b: Interval): Interval {
  return negBox(lesser(negBox(a), negBox(b)));
}

function hull(a: Interval, b: Interval): Interval {
  const l = a.low.comparedTo(b.low);
  const h = a.high.comparedTo(b.high);
  return {
    low: l <= 0 ? a.low : b.low,
    lowOpen: l < 0 ? a.lowOpen : l > 0 ? b.lowOpen : a.lowOpen && b.lowOpen,
    high: h >= 0 ? a.high : b.high,
    highOpen: h > 0 ? a.highOpen : h < 0 ? b.highOpen : a.highOpen && b.highOpen,
  };
}

function absolute(x: Interval): Interval {
  const n = negBox(x);
  const order = n.high.comparedTo(x.high);
  // When both ends are as far from 0, the end is reached if either side reaches it ([−0.005, 0.005)).
  const highOpen = order > 0 ? n.highOpen : order < 0 ? x.highOpen : n.highOpen && x.highOpen;
  return { low: ZERO, lowOpen: false, high: DecimalJs.max(n.high, x.high), highOpen };
}

/**
 * The truth of `d OP 0` (d = a − b) for every value in the interval: true, false, or depends.
 * (Signs are tested with comparisons, not isPositive/isNegative, which decimal.js answers true for
 * +0 and −0.)
 */
function compare(operator: ast.ComparisonOperator, d: Interval): Truth {
  const sign = (x: Decimal) => x.comparedTo(ZERO);
  /** Every value is > 0, or every value is < 0. */
  const positive = sign(d.low) > 0 || (sign(d.low) === 0 && d.lowOpen);
  const negative = sign(d.high) < 0 || (sign(d.high) === 0 && d.highOpen);
  /** Every value is ≥ 0, or every value is ≤ 0. */
  const nonNegative = sign(d.low) >= 0;
  const nonPositive = sign(d.high) <= 0;
  const zeroOnly = sign(d.low) === 0 && sign(d.high) === 0;
  const canBeZero = !positive && !negative;
  switch (operator) {
    case "==":
      return zeroOnly ? "true" : canBeZero ? "unknown" : "false";
    case "!=":
      return zeroOnly ? "false" : canBeZero ? "unknown" : "true";
    case "<":
      return negative ? "true" : nonNegative ? "false" : "unknown";
    case "<=":
      return nonPositive ? "true" : positive ? "false" : "unknown";
    case ">":
      return positive ? "true" : nonPositive ? "false" : "unknown";
    case ">=":
      return nonNegative ? "true" : negative ? "false" : "unknown";
  }
}
