import type * as ast from "./ast";

/**
 * Prints an expression back as reckon text, with the fewest parentheses that keep its meaning.
 * Names can be rewritten (the explainer prints every name in full); numbers are printed with
 * thousands separators, as reports print them, and keep their decimals.
 */
export interface PrintOptions {
  /** The text for a name or a called function (default: as written). */
  readonly name?: (expr: ast.NameRef) => string;
  /** The text for a call's function; an empty string prints the sole argument without a call. */
  readonly callee?: (expr: ast.Call) => string;
  /** The text for a name pattern (default: as written). */
  readonly pattern?: (expr: ast.PatternRef) => string;
}

const precedence = {
  or: 1,
  and: 2,
  not: 3,
  compare: 4,
  convert: 5,
  additive: 6,
  multiplicative: 7,
  unary: 8,
  primary: 9,
} as const;

function levelOf(expr: ast.Expr): number {
  switch (expr.kind) {
    case "logical":
      return expr.operator === "or" ? precedence.or : precedence.and;
    case "not":
      return precedence.not;
    case "compare":
      return precedence.compare;
    case "convert":
      return precedence.convert;
    case "binary":
      return expr.operator === "+" || expr.operator === "-" ? precedence.additive : precedence.multiplicative;
    case "negate":
      return precedence.unary;
    case "number":
      return expr.value.startsWith("-") ? precedence.unary : precedence.primary;
    case "if":
      // `if … else x` runs as far right as it can, so inside any operator it needs parentheses.
      return 0;
    default:
      return precedence.primary;
  }
}

export function printExpression(expr: ast.Expr, options: PrintOptions = {}): string {
  const print = (e: ast.Expr): string => printExpression(e, options);
  /** A child printed inside a parent of level `level`; `strict` for the right side of a left-associative operator. */
  const child = (e: ast.Expr, level: number, strict = false): string => {
    const inner = levelOf(e);
    return inner < level || (strict && inner === level) ? `(${print(e)})` : print(e);
  };
  switch (expr.kind) {
    case "number":
      return printNumber(expr);
    case "name":
      return options.name ? options.name(expr) : expr.name;
    case "pattern":
      return options.pattern ? options.pattern(expr) : expr.pattern;
    case "boolean":
      return String(expr.value);
    case "missing":
      return "?";
    case "call": {
      const callee = options.callee ? options.callee(expr) : expr.callee;
      if (callee === "" && expr.args.length === 1) return print(expr.args[0]!);
      return `${callee}(${expr.args.map(print).join(", ")})`;
    }
    case "negate":
      return `-${child(expr.operand, precedence.unary)}`;
    case "not":
      return `not ${child(expr.operand, precedence.not)}`;
    case "binary": {
      const level = levelOf(expr);
      return `${child(expr.left, level)} ${expr.operator} ${child(expr.right, level, true)}`;
    }
    case "compare":
      return `${child(expr.left, precedence.compare, true)} ${expr.operator} ${child(expr.right, precedence.compare, true)}`;
    case "logical": {
      const level = levelOf(expr);
      return `${child(expr.left, level)} ${expr.operator} ${child(expr.right, level, true)}`;
    }
    case "convert":
      return `${child(expr.operand, precedence.additive)} as ${printUnit(expr.unit)}`;
    case "if":
      return `if ${print(expr.condition)} then ${print(expr.consequent)} else ${print(expr.alternative)}`;
  }
}

/** `1,362.65 万元`, `-16.54%`, `2,716.67 元/人/月`. */
export function printNumber(literal: ast.NumberLit): string {
  const negative = literal.value.startsWith("-");
  const digits = negative ? literal.value.slice(1) : literal.value;
  const [whole, fraction] = digits.split(".") as [string, string | undefined];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const number = `${negative ? "-" : ""}${grouped}${fraction === undefined ? "" : `.${fraction}`}`;
  if (!literal.unit) return number;
  const unit = printUnit(literal.unit);
  return unit === "%" ? `${number}%` : `${number} ${unit}`;
}

export function printUnit(unit: ast.UnitExpr): string {
  return unit.atoms.map((a) => a.name).join("/");
}
