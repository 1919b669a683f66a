import type { Decimal } from "../numbers/exact";
import type { RoundingMode } from "../numbers/rounding";
import type * as ast from "../syntax/ast";
import type { FigureSymbol } from "./program";
import type { Unit } from "./units";

/**
 * The typed form of a formula, produced by unit checking: every node knows its unit, and every
 * conversion between units (万元 + 元, 元/人/月 × 人) is an explicit exact factor. The compiler turns
 * this into closures over plain decimals; the explainer walks it to show a derivation.
 */
export type ValueType = { readonly kind: "quantity"; readonly unit: Unit } | { readonly kind: "boolean" };

interface Base {
  readonly source: ast.Expr;
  readonly type: ValueType;
}

/** A number written in the formula. */
export interface Constant extends Base {
  readonly kind: "constant";
  readonly value: Decimal;
}

/** A figure used by name: a fact's value, or a formula's (printed value of a published figure unless `computed`). */
export interface FigureRef extends Base {
  readonly kind: "figure";
  readonly symbol: FigureSymbol;
  readonly read: "printed" | "computed";
}

export interface ParameterRef extends Base {
  readonly kind: "parameter";
  readonly index: number;
  readonly name: string;
}

/**
 * a + b, a − b (b is first multiplied by `rightFactor` to be in a's unit), a × b, a ÷ b (the
 * result is multiplied by `factor` to be in the simplified unit).
 */
export interface Arithmetic extends Base {
  readonly kind: "arithmetic";
  readonly operator: ast.ArithmeticOperator;
  readonly left: Typed;
  readonly right: Typed;
  readonly rightFactor: Decimal;
  readonly factor: Decimal;
}

export interface Negate extends Base {
  readonly kind: "negate";
  readonly operand: Typed;
}

export interface Compare extends Base {
  readonly kind: "compare";
  readonly operator: ast.ComparisonOperator;
  readonly left: Typed;
  readonly right: Typed;
  readonly rightFactor: Decimal;
}

export interface Logical extends Base {
  readonly kind: "logical";
  readonly operator: "and" | "or";
  readonly left: Typed;
  readonly right: Typed;
}

export interface Not extends Base {
  readonly kind: "not";
  readonly operand: Typed;
}

export interface Conditional extends Base {
  readonly kind: "if";
  readonly condition: Typed;
  readonly consequent: Typed;
  readonly alternative: Typed;
  /** Converts the alternative into the consequent's unit. */
  readonly alternativeFactor: Decimal;
}

/** x as 万元: the amount times `factor`. */
export interface Convert extends Base {
  readonly kind: "convert";
  readonly operand: Typed;
  readonly factor: Decimal;
}

export interface Round extends Base {
  readonly kind: "round";
  readonly operand: Typed;
  readonly places: number;
  readonly mode: RoundingMode;
}

export interface Abs extends Base {
  readonly kind: "abs";
  readonly operand: Typed;
}

/** sum, min or max of operands, each converted into the first operand's unit by its factor. */
export interface Aggregate extends Base {
  readonly kind: "aggregate";
  readonly operator: "sum" | "min" | "max";
  readonly operands: readonly Typed[];
  readonly factors: readonly Decimal[];
}

/**
 * How many figures the arguments name (a pattern names every figure it matches): a plain number, known
 * when the spec is compiled. The figures are kept so that a derivation can say what was counted; their
 * values are never read, so they are not operands.
 */
export interface Count extends Base {
  readonly kind: "count";
  readonly counted: readonly FigureSymbol[];
}

/** A call of a user function, with the body typed for these argument units. */
export interface Call extends Base {
  readonly kind: "call";
  readonly instance: FunctionInstance;
  readonly args: readonly Typed[];
}

export type Typed =
  | Constant
  | FigureRef
  | ParameterRef
  | Arithmetic
  | Negate
  | Compare
  | Logical
  | Not
  | Conditional
  | Convert
  | Round
  | Abs
  | Aggregate
  | Count
  | Call;

/** A user function typed for one combination of argument units. */
export interface FunctionInstance {
  readonly name: string;
  readonly declaration: ast.FunctionDecl;
  readonly parameterTypes: readonly ValueType[];
  /** Filled in once the body is typed (instances are created before their bodies). */
  body: Typed | undefined;
}

export function describeType(type: ValueType): string {
  return type.kind === "boolean" ? "a condition (true or false)" : type.unit.describe();
}

/** The operands of a typed node, in order. */
export function typedChildren(node: Typed): readonly Typed[] {
  switch (node.kind) {
    case "constant":
    case "figure":
    case "parameter":
    case "count":
      return [];
    case "arithmetic":
    case "compare":
    case "logical":
      return [node.left, node.right];
    case "negate":
    case "not":
    case "convert":
    case "round":
    case "abs":
      return [node.operand];
    case "if":
      return [node.condition, node.consequent, node.alternative];
    case "aggregate":
      return node.operands;
    case "call":
      return node.args;
  }
}

/**
 * How many operations evaluating a typed formula takes, with every function call unfolded; the cost
 * of each function instance's body is worked out once, in `bodies`.
 */
export function evaluationCost(node: Typed, bodies: Map<FunctionInstance, number> = new Map()): number {
  let total = 1;
  switch (node.kind) {
    case "call": {
      let body = bodies.get(node.instance);
      if (body === undefined) {
        body = node.instance.body ? evaluationCost(node.instance.body, bodies) : 1;
        bodies.set(node.instance, body);
      }
      total += body;
      for (const arg of node.args) total += evaluationCost(arg, bodies);
      return total;
    }
    case "constant":
    case "figure":
    case "parameter":
    // A count reads no operand: its figures are not evaluated.
    case "count":
      return total;
    case "arithmetic":
    case "compare":
    case "logical":
      return total + evaluationCost(node.left, bodies) + evaluationCost(node.right, bodies);
    case "negate":
    case "not":
    case "convert":
    case "round":
    case "abs":
      return total + evaluationCost(node.operand, bodies);
    case "if":
      return total + evaluationCost(node.condition, bodies) + evaluationCost(node.consequent, bodies) + evaluationCost(node.alternative, bodies);
    case "aggregate":
      for (const operand of node.operands) total += evaluationCost(operand, bodies);
      return total;
  }
}
