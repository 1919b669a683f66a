import DecimalJs from "decimal.js";
import { add, decimal, divide, multiply, negate, ONE, subtract, ZERO, type Decimal } from "../numbers/exact";
import { round, type Interval } from "../numbers/rounding";
import type { FunctionInstance, Typed } from "../semantics/typed";

/**
 * Interval evaluation, for the within-rounding check: every printed input is replaced by the
 * interval of values that round to it, and the interval is carried through the formula. The result
 * contains every value the formula could have had before the publisher rounded its inputs.
 *
 * Conditions become three-valued (an interval may be partly above a threshold); where a condition is
 * undecided both branches are taken and their hull is the result. Division by an interval that
 * contains 0 gives the whole line.
 */
export type Truth = "true" | "false" | "unknown";
export type IntervalValue = Interval | Truth;

export type IntervalClosure = (inputs: (name: string, read: "printed" | "computed") => IntervalValue, args: readonly IntervalValue[]) => IntervalValue;

const INFINITY = new DecimalJs(Infinity);
const EVERYTHING: Interval = { low: INFINITY.negated(), high: INFINITY, lowOpen: true, highOpen: true };

export function point(x: Decimal): Interval {
  return { low: x, high: x, lowOpen: false, highOpen: false };
}

export class IntervalCompiler {
  private readonly instances = new Map<FunctionInstance, IntervalClosure>();

  compile(node: Typed): IntervalClosure {
    switch (node.kind) {
      case "constant": {
        const value: IntervalValue = node.type.kind === "boolean" ? (node.value.isZero() ? "false" : "true") : point(node.value);
        return () => value;
      }
      case "figure": {
        const { name, read } = node;
        return (inputs) => inputs(name, read);
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
        return (inputs, args) => scale(operation(left(inputs, args) as Interval, right(inputs, args) as Interval), factor);
      }
      case "negate": {
        const operand = this.compile(node.operand);
        return (inputs, args) => neg(operand(inputs, args) as Interval);
      }
      case "compare": {
        const left = this.compile(node.left);
        const right = scaled(this.compile(node.right), node.rightFactor);
        const operator = node.operator;
        return (inputs, args) => compare(operator, left(inputs, args) as Interval, right(inputs, args) as Interval);
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
          return hull(a, b);
        };
      }
      case "convert":
        return scaled(this.compile(node.operand), node.factor);
      case "round": {
        const operand = this.compile(node.operand);
        const { places, mode } = node;
        // Rounding is monotone: the ends of the interval round to the ends of the result.
        return (inputs, args) => {
          const x = operand(inputs, args) as Interval;
          if (!x.low.isFinite() || !x.high.isFinite()) return x;
          return { low: round(x.low, places, mode), high: round(x.high, places, mode), lowOpen: false, highOpen: false };
        };
      }
      case "abs": {
        const operand = this.compile(node.operand);
        return (inputs, args) => absolute(operand(inputs, args) as Interval);
      }
      case "aggregate": {
        const operands = node.operands.map((o, i) => scaled(this.compile(o), node.factors[i] ?? ONE));
        const combine = node.operator === "sum" ? plus : node.operator === "min" ? lesser : greater;
        const start = node.operator === "sum" ? point(ZERO) : undefined;
        return (inputs, args) => {
          let result = start;
          for (const operand of operands) {
            const value = operand(inputs, args) as Interval;
            result = result === undefined ? value : combine(result, value);
          }
          return result ?? point(ZERO);
        };
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
  return (inputs, args) => scale(closure(inputs, args) as Interval, factor);
}

function scale(x: Interval, factor: Decimal): Interval {
  if (factor.equals(ONE)) return x;
  return times(x, point(factor));
}

function plus(a: Interval, b: Interval): Interval {
  return { low: add(a.low, b.low), high: add(a.high, b.high), lowOpen: a.lowOpen || b.lowOpen, highOpen: a.highOpen || b.highOpen };
}

function neg(a: Interval): Interval {
  return { low: negate(a.high), high: negate(a.low), lowOpen: a.highOpen, highOpen: a.lowOpen };
}

function minus(a: Interval, b: Interval): Interval {
  return plus(a, neg(b));
}

interface End {
  readonly value: Decimal;
  readonly open: boolean;
}

function times(a: Interval, b: Interval): Interval {
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

function quotient(a: Interval, b: Interval): Interval {
  if (!finite(a) || !finite(b)) return EVERYTHING;
  const containsZero = (b.low.isNegative() || (b.low.isZero() && !b.lowOpen)) && (b.high.isPositive() || (b.high.isZero() && !b.highOpen));
  const touchesZero = b.low.isZero() || b.high.isZero();
  if (containsZero || touchesZero) return EVERYTHING;
  const reciprocal: Interval = { low: divide(ONE, b.high), high: divide(ONE, b.low), lowOpen: b.highOpen, highOpen: b.lowOpen };
  return widenForQuotient(times(a, reciprocal));
}

/**
 * Quotients are carried to 34 significant digits; widening by one unit in the last place on each
 * side keeps the interval a true enclosure.
 */
function widenForQuotient(x: Interval): Interval {
  const ulp = (d: Decimal) => (d.isZero() ? decimal("1e-40") : decimal(`1e${d.abs().e - 40}`));
  return { low: subtract(x.low, ulp(x.low)), high: add(x.high, ulp(x.high)), lowOpen: x.lowOpen, highOpen: x.highOpen };
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
  return neg(lesser(neg(a), neg(b)));
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
  if (!x.low.isNegative()) return x;
  if (x.high.isNegative() || x.high.isZero()) return neg(x);
  const n = neg(x);
  return { low: ZERO, lowOpen: false, high: DecimalJs.max(n.high, x.high), highOpen: n.high.greaterThan(x.high) ? n.highOpen : x.highOpen };
}

/** The truth of `a OP b` for every pair of values in the intervals: true, false, or depends. */
function compare(operator: string, a: Interval, b: Interval): Truth {
  const d = minus(a, b);
  const positive = d.low.isPositive() || (d.low.isZero() && d.lowOpen);
  const negative = d.high.isNegative() || (d.high.isZero() && d.highOpen);
  const zeroOnly = d.low.isZero() && d.high.isZero();
  const canBeZero = !positive && !negative;
  switch (operator) {
    case "==":
      return zeroOnly ? "true" : canBeZero ? "unknown" : "false";
    case "!=":
      return zeroOnly ? "false" : canBeZero ? "unknown" : "true";
    case "<":
      return negative ? "true" : !d.low.isNegative() ? "false" : "unknown";
    case "<=":
      return d.high.isNegative() || d.high.isZero() ? "true" : positive ? "false" : "unknown";
    case ">":
      return positive ? "true" : d.high.isNegative() || d.high.isZero() ? "false" : "unknown";
    case ">=":
      return d.low.isPositive() || d.low.isZero() ? "true" : negative ? "false" : "unknown";
  }
  return "unknown";
}
