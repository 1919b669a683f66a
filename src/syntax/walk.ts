import type { Expr } from "./ast";

const NONE: readonly Expr[] = [];

/** The direct sub-expressions of an expression, left to right. */
export function children(expr: Expr): readonly Expr[] {
  switch (expr.kind) {
    case "number":
    case "name":
    case "pattern":
    case "boolean":
    case "missing":
      return NONE;
    case "call":
      return expr.args;
    case "negate":
    case "not":
    case "convert":
      return [expr.operand];
    case "binary":
    case "compare":
    case "logical":
      return [expr.left, expr.right];
    case "if":
      return [expr.condition, expr.consequent, expr.alternative];
  }
}

/** Visits an expression and all its sub-expressions, parents first. */
export function walk(expr: Expr, visit: (e: Expr) => void): void {
  visit(expr);
  for (const child of children(expr)) walk(child, visit);
}
