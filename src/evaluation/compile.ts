import { add, bounded, compare, decimal, DigitLimitExceeded, divide, exact, multiply, negate, ONE, subtract, ZERO, type Decimal } from "../numbers/exact";
import { round } from "../numbers/rounding";
import type { ComparisonOperator } from "../syntax/ast";
import type { Span } from "../syntax/source";
import type { FunctionInstance, Typed } from "../semantics/typed";

/** What a formula evaluates to: an exact decimal in the formula's unit, or a condition. */
export type RuntimeValue = Decimal | boolean;

/** Where the evaluation of one figure stopped, and why (division by zero, a failed input). */
export class EvaluationFailure {
  constructor(
    readonly reason: "division-by-zero" | "failed-input" | "missing-fact",
    readonly span: Span,
    readonly detail: string,
  ) {}
}

/** The values a compiled formula reads: figures by slot, as computed and as printed. */
export interface Slots {
  readonly computed: readonly (RuntimeValue | undefined)[];
  readonly printed: readonly (Decimal | undefined)[];
}

export type Closure = (slots: Slots, args: readonly RuntimeValue[]) => RuntimeValue;

/**
 * Compiles a typed formula into a closure over exact decimals. Units were settled by the unit
 * checker, so at run time only amounts flow, multiplied by the exact conversion factors it found.
 * No user text is ever turned into JavaScript source.
 */
export class Compiler {
  private readonly instances = new Map<FunctionInstance, Closure>();
  private readonly constantClosures = new Map<RuntimeValue, Closure>();
  /** The slots of the figures whose computed value the formulas compiled since the last `takeComputedReads` read. */
  private computedReads: number[] = [];

  /**
   * The slots of the figures whose computed value the formulas compiled since the last call read
   * (a published figure read as printed is not one), each once: who must be evaluated again when
   * one of them changes.
   */
  takeComputedReads(): number[] {
    const reads = this.computedReads;
    this.computedReads = [];
    if (reads.length < 2) return reads;
    // Most formulas read a handful of figures; a set for those that read many (a sum over a pattern).
    if (reads.length > 16) return [...new Set(reads)];
    const unique: number[] = [];
    for (const slot of reads) if (!unique.includes(slot)) unique.push(slot);
    return unique;
  }

  compile(node: Typed): Closure {
    switch (node.kind) {
      case "constant": {
        // One closure per constant: unit checking gives every `0`, `1` or `100` of the spec one value.
        const value: RuntimeValue = node.type.kind === "boolean" ? !node.value.isZero() : node.value;
        let closure = this.constantClosures.get(value);
        if (closure === undefined) this.constantClosures.set(value, (closure = constantClosure(value)));
        return closure;
      }
      case "figure": {
        // A figure's slot is its index among the program's figures.
        const slot = node.symbol.index;
        const name = node.symbol.name;
        const span = node.source.span;
        if (node.read === "computed") this.computedReads.push(slot);
        if (node.symbol.kind === "fact") return (slots) => slots.printed[slot] ?? missingFact(name, span);
        if (node.read === "printed") {
          return (slots) => slots.printed[slot] ?? slots.computed[slot] ?? failedInput(name, span);
        }
        return (slots) => slots.computed[slot] ?? failedInput(name, span);
      }
      case "parameter": {
        const index = node.index;
        return (_slots, args) => args[index]!;
      }
      case "arithmetic":
        return this.arithmetic(node);
      case "negate": {
        const operand = this.compile(node.operand);
        return (slots, args) => negate(operand(slots, args) as Decimal);
      }
      case "compare": {
        const left = this.compile(node.left);
        const right = scaled(this.compile(node.right), node.rightFactor);
        const test = comparisons[node.operator];
        return (slots, args) => test(compare(left(slots, args) as Decimal, right(slots, args) as Decimal));
      }
      case "logical": {
        const left = this.compile(node.left);
        const right = this.compile(node.right);
        return node.operator === "and"
          ? (slots, args) => (left(slots, args) as boolean) && (right(slots, args) as boolean)
          : (slots, args) => (left(slots, args) as boolean) || (right(slots, args) as boolean);
      }
      case "not": {
        const operand = this.compile(node.operand);
        return (slots, args) => !(operand(slots, args) as boolean);
      }
      case "if": {
        const condition = this.compile(node.condition);
        const consequent = this.compile(node.consequent);
        const alternative = scaled(this.compile(node.alternative), node.alternativeFactor);
        return (slots, args) => (condition(slots, args) ? consequent(slots, args) : alternative(slots, args));
      }
      case "convert":
        return scaled(this.compile(node.operand), node.factor);
      case "round": {
        const operand = this.compile(node.operand);
        const { places, mode } = node;
        return (slots, args) => round(operand(slots, args) as Decimal, places, mode);
      }
      case "abs": {
        const operand = this.compile(node.operand);
        return (slots, args) => decimal((operand(slots, args) as Decimal).abs());
      }
      case "aggregate":
        return this.aggregate(node);
      case "count":
        return constantClosure(decimal(String(node.counted.length)));
      case "call":
        return this.call(node);
    }
  }

  /**
   * A call evaluates every argument, left to right, then the function's body over them. The
   * arguments go into an array of the call site's own, filled anew on every call: functions are
   * not recursive (the dependency graph refuses cycles), so a call site is never entered again
   * while its body runs, and no array is allocated per call.
   */
  private call(node: Extract<Typed, { kind: "call" }>): Closure {
    const body = this.instance(node.instance);
    const args = node.args.map((a) => this.compile(a));
    const values: RuntimeValue[] = new Array<RuntimeValue>(args.length);
    switch (args.length) {
      case 1: {
        const [a0] = args as [Closure];
        return (slots, outer) => {
          values[0] = a0(slots, outer);
          return body(slots, values);
        };
      }
      case 2: {
        const [a0, a1] = args as [Closure, Closure];
        return (slots, outer) => {
          const v0 = a0(slots, outer);
          values[1] = a1(slots, outer);
          values[0] = v0;
          return body(slots, values);
        };
      }
      case 4: {
        const [a0, a1, a2, a3] = args as [Closure, Closure, Closure, Closure];
        return (slots, outer) => {
          const v0 = a0(slots, outer);
          const v1 = a1(slots, outer);
          const v2 = a2(slots, outer);
          values[3] = a3(slots, outer);
          values[0] = v0;
          values[1] = v1;
          values[2] = v2;
          return body(slots, values);
        };
      }
      case 3: {
        const [a0, a1, a2] = args as [Closure, Closure, Closure];
        return (slots, outer) => {
          const v0 = a0(slots, outer);
          const v1 = a1(slots, outer);
          values[2] = a2(slots, outer);
          values[0] = v0;
          values[1] = v1;
          return body(slots, values);
        };
      }
      default:
        return (slots, outer) => body(slots, args.map((a) => a(slots, outer)));
    }
  }

  private arithmetic(node: Extract<Typed, { kind: "arithmetic" }>): Closure {
    const left = this.compile(node.left);
    const right = scaled(this.compile(node.right), node.rightFactor);
    const factor = node.factor;
    switch (node.operator) {
      case "+":
        return (slots, args) => add(left(slots, args) as Decimal, right(slots, args) as Decimal);
      case "-":
        return (slots, args) => subtract(left(slots, args) as Decimal, right(slots, args) as Decimal);
      case "*":
        return scaled((slots, args) => multiply(left(slots, args) as Decimal, right(slots, args) as Decimal), factor);
      case "/": {
        const divisorSpan = node.right.source.span;
        return scaled((slots, args) => {
          const divisor = right(slots, args) as Decimal;
          if (divisor.isZero()) throw new EvaluationFailure("division-by-zero", divisorSpan, "the divisor is 0");
          return divide(left(slots, args) as Decimal, divisor);
        }, factor);
      }
    }
  }

  private aggregate(node: Extract<Typed, { kind: "aggregate" }>): Closure {
    const operands = node.operands.map((o, i) => scaled(this.compile(o), node.factors[i] ?? ONE));
    const count = operands.length;
    if (count === 0 && node.operator === "sum") return constantClosure(ZERO);
    if (node.operator === "sum") {
      return (slots, args) => {
        // 0 + x is x (and +0 for either zero): the first operand needs no addition.
        const first = operands[0]!(slots, args) as Decimal;
        let total = first.isZero() ? ZERO : bounded(exact(first));
        for (let i = 1; i < count; i++) total = add(total, operands[i]!(slots, args) as Decimal);
        return total;
      };
    }
    // Every operand is evaluated (left to right) before the least or greatest is picked; on a tie the first wins.
    const min = node.operator === "min";
    return (slots, args) => {
      let best = operands[0]!(slots, args) as Decimal;
      for (let i = 1; i < count; i++) {
        const value = operands[i]!(slots, args) as Decimal;
        if (min ? compare(value, best) < 0 : compare(value, best) > 0) best = value;
      }
      return best;
    };
  }

  private instance(instance: FunctionInstance): Closure {
    const existing = this.instances.get(instance);
    if (existing) return existing;
    // Functions are not recursive (the dependency graph refuses cycles), so this terminates.
    let compiled: Closure | undefined;
    const forward: Closure = (slots, args) => compiled!(slots, args);
    this.instances.set(instance, forward);
    compiled = this.compile(instance.body!);
    this.instances.set(instance, compiled);
    return compiled;
  }
}

const comparisons: Record<ComparisonOperator, (order: number) => boolean> = {
  "==": (o) => o === 0,
  "!=": (o) => o !== 0,
  "<": (o) => o < 0,
  "<=": (o) => o <= 0,
  ">": (o) => o > 0,
  ">=": (o) => o >= 0,
};

/** The closure's value multiplied by an exact unit-conversion factor (skipped when it is 1). */
function scaled(closure: Closure, factor: Decimal): Closure {
  if (factor.equals(ONE)) return closure;
  // A constant in another unit (the 1 of `min(rate, 1)` read in %) is converted once, here.
  const value = constants.get(closure);
  if (value !== undefined && typeof value !== "boolean") {
    try {
      return constantClosure(multiply(value, factor));
    } catch (e) {
      if (!(e instanceof DigitLimitExceeded)) throw e;
      // too many digits: left to fail when evaluated, as it would have
    }
  }
  return (slots, args) => multiply(closure(slots, args) as Decimal, factor);
}

/** The value of each closure that is a constant. */
const constants = new WeakMap<Closure, RuntimeValue>();

function constantClosure(value: RuntimeValue): Closure {
  const closure: Closure = () => value;
  constants.set(closure, value);
  return closure;
}

function missingFact(name: string, span: Span): never {
  throw new EvaluationFailure("missing-fact", span, `\`${name}\``);
}

function failedInput(name: string, span: Span): never {
  throw new EvaluationFailure("failed-input", span, `\`${name}\` has no value`);
}
