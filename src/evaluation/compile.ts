import { add, decimal, divide, multiply, negate, ONE, subtract, ZERO, type Decimal } from "../numbers/exact";
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

  constructor(
    private readonly slotOf: (name: string) => number,
    private readonly isFact: (name: string) => boolean = () => false,
  ) {}

  compile(node: Typed): Closure {
    switch (node.kind) {
      case "constant": {
        const value: RuntimeValue = node.type.kind === "boolean" ? !node.value.isZero() : node.value;
        return () => value;
      }
      case "figure": {
        const slot = this.slotOf(node.name);
        const name = node.name;
        const span = node.source.span;
        if (this.isFact(name)) return (slots) => slots.printed[slot] ?? missingFact(name, span);
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
        return (slots, args) => test((left(slots, args) as Decimal).comparedTo(right(slots, args) as Decimal));
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
      case "call": {
        const body = this.instance(node.instance);
        const args = node.args.map((a) => this.compile(a));
        return (slots, outer) => body(slots, args.map((a) => a(slots, outer)));
      }
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
    if (node.operator === "sum") {
      return (slots, args) => operands.reduce<Decimal>((total, o) => add(total, o(slots, args) as Decimal), ZERO);
    }
    const pick = node.operator === "min" ? (a: Decimal, b: Decimal) => (b.lessThan(a) ? b : a) : (a: Decimal, b: Decimal) => (b.greaterThan(a) ? b : a);
    return (slots, args) => operands.map((o) => o(slots, args) as Decimal).reduce(pick);
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
  return (slots, args) => multiply(closure(slots, args) as Decimal, factor);
}

function missingFact(name: string, span: Span): never {
  throw new EvaluationFailure("missing-fact", span, `\`${name}\``);
}

function failedInput(name: string, span: Span): never {
  throw new EvaluationFailure("failed-input", span, `\`${name}\` has no value`);
}
