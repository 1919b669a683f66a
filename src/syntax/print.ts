import type * as ast from "./ast";
import { groupDigits, withUnit } from "../text/decimal-text";
import { displayWidth } from "../text/display-width";

/** How printExpression writes names, calls and patterns. */
export interface PrintOptions {
  /** The text for a name (default: as written). */
  readonly name?: (expr: ast.NameRef) => string;
  /** The text for a call's function; an empty string prints the sole argument without a call. */
  readonly callee?: (expr: ast.Call) => string;
  /** The text for a name pattern (default: as written). */
  readonly pattern?: (expr: ast.PatternRef) => string;
  /** The text for a whole call in place of the call as written, or undefined to print it as written. */
  readonly call?: (expr: ast.Call) => string | undefined;
  /**
   * Parentheses that are not needed but help a reader (`reckon fmt` asks for them): around an `and`
   * inside an `or`, around an `if` in the condition or the `then` branch of another `if`, and
   * around a sum or product converted with `as` (`(月服务费 * 12) as 万元`).
   */
  readonly clarify?: boolean;
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

/**
 * Prints an expression back as reckon text, with the fewest parentheses that keep its meaning.
 * Names can be rewritten (the explainer prints every name in full); numbers are printed with
 * thousands separators, as reports print them, and keep their decimals.
 */
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
      const whole = options.call?.(expr);
      if (whole !== undefined) return whole;
      const callee = options.callee ? options.callee(expr) : expr.callee;
      if (callee === "" && expr.args.length === 1) return print(expr.args[0]!);
      return `${callee}(${expr.args.map(print).join(", ")})`;
    }
    case "negate": {
      // `-(-a)`, not `--a`, which reads as a typo.
      const operand = child(expr.operand, precedence.unary);
      return operand.startsWith("-") ? `-(${operand})` : `-${operand}`;
    }
    case "not":
      // `not (a == b)`: the comparison is what is negated, though `not a == b` means the same.
      return `not ${options.clarify && expr.operand.kind === "compare" ? `(${print(expr.operand)})` : child(expr.operand, precedence.not)}`;
    case "binary": {
      const level = levelOf(expr);
      return `${child(expr.left, level)} ${expr.operator} ${child(expr.right, level, true)}`;
    }
    case "compare":
      return `${child(expr.left, precedence.compare, true)} ${expr.operator} ${child(expr.right, precedence.compare, true)}`;
    case "logical": {
      const level = levelOf(expr);
      const clarified = (e: ast.Expr, text: string) =>
        options.clarify && expr.operator === "or" && e.kind === "logical" && e.operator === "and" ? `(${text})` : text;
      return `${clarified(expr.left, child(expr.left, level))} ${expr.operator} ${clarified(expr.right, child(expr.right, level, true))}`;
    }
    case "convert": {
      const operand = child(expr.operand, precedence.additive);
      return `${options.clarify && expr.operand.kind === "binary" ? `(${operand})` : operand} as ${printUnit(expr.unit)}`;
    }
    case "if": {
      const clarified = (e: ast.Expr) => (options.clarify && e.kind === "if" ? `(${print(e)})` : print(e));
      return `if ${clarified(expr.condition)} then ${clarified(expr.consequent)} else ${print(expr.alternative)}`;
    }
  }
}

/** `1,362.65 万元`, `-16.54%`, `2,716.67 元/人/月`. */
export function printNumber(literal: ast.NumberLit): string {
  return withUnit(`${literal.negativeZero ? "-" : ""}${groupDigits(literal.value)}`, literal.unit ? printUnit(literal.unit) : "");
}

export function printUnit(unit: ast.UnitExpr): string {
  return unit.atoms.map((a) => a.name).join("/");
}

/**
 * A string as reckon writes it: in ASCII double quotes, with JSON escapes for the quote, the
 * backslash, and every character that would be invisible or ambiguous in a spec (control and
 * format characters, line and paragraph separators, lone surrogates, and spaces that look like a
 * space but are not: a no-break space, a thin space). Everything else, CJK and its full-width space
 * included, is written as itself.
 */
export function printString(text: string): string {
  let out = '"';
  for (const ch of text) {
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (/^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]$/u.test(ch) || (ch.length === 1 && ch >= "\ud800" && ch <= "\udfff") || lookalikeSpace(ch)) {
      for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, "0")}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** A space other than the ASCII one and the full-width one (U+3000) that Chinese text uses. */
function lookalikeSpace(ch: string): boolean {
  return ch !== " " && ch !== "\u3000" && /^\p{Zs}$/u.test(ch);
}

/** `@ "二、收入决算情况说明"`. */
export function printCitation(citation: ast.Citation): string {
  return `@ ${printString(citation.text)}`;
}

/** A number written as a report prints it but without thousands separators (a year: `2024`). */
function printPlainNumber(literal: ast.NumberLit): string {
  return literal.value;
}

/** `>= 510 人`, `完全达到预期 "完全达到预期（个）"`, `"基本达到预期"`. */
export function printTableCell(cell: ast.TableCell): string {
  switch (cell.kind) {
    case "name":
      return cell.label === undefined ? cell.name : `${cell.name} ${printString(cell.label)}`;
    case "text":
      return printString(cell.text);
    case "empty":
      return "";
    case "quantity": {
      const value = `${printNumber(cell.value)}${cell.exact ? " exact" : ""}`;
      return cell.comparison === undefined ? value : `${cell.comparison} ${value}`;
    }
  }
}

/**
 * The rows of a table with their columns aligned, each `| cell | cell |`. Widths are measured in
 * terminal cells (a CJK character is two wide), so the bars line up in an editor; by code point, in
 * time linear in the text (string-width segments graphemes, ~25 µs a character: a cell of 57,000
 * characters took fmt 1.7 s).
 */
export function printTableRows(rows: readonly ast.TableRow[], width: (text: string) => number = displayWidth): string[] {
  const texts = rows.map((row) => row.cells.map(printTableCell));
  const widths: number[] = [];
  for (const cells of texts) cells.forEach((text, i) => (widths[i] = Math.max(widths[i] ?? 0, width(text))));
  return texts.map((cells) => `| ${cells.map((text, i) => text + " ".repeat(widths[i]! - width(text))).join(" | ")} |`);
}

/** `section 收入 @ "二"` (without the body). */
export function printSectionHead(section: ast.SectionDecl): string {
  return `section ${section.name.name}${section.citation ? ` ${printCitation(section.citation)}` : ""}`;
}

/** `table 绩效.科普经费 @ "项目支出绩效自评表"` (without the rows). */
export function printTableHead(table: ast.TableDecl): string {
  return `table ${table.name.name}${table.citation ? ` ${printCitation(table.citation)}` : ""}`;
}

/** Lines longer than this are broken where the language allows it (an `if` body: at then and else). */
export const LINE_WIDTH = 100;

/**
 * `HEAD = BODY TAIL` on one line when it fits; an `if` body that does not fit goes on lines of its own:
 *
 *     function growth(current, prior) =
 *       if prior == 0 then (if current == 0 then 0% else 100%)
 *       else (current - prior) / prior
 */
function layoutBody(head: string, body: ast.Expr, tail: string): string {
  const print = (expr: ast.Expr) => printExpression(expr, { clarify: true });
  const oneLine = `${head} = ${print(body)}${tail}`;
  if (body.kind !== "if" || [...oneLine].length <= LINE_WIDTH) return oneLine;
  const inner = "  ";
  // An `if` in the condition or the `then` branch is parenthesised, as inside any other `if`.
  const nested = (expr: ast.Expr) => (expr.kind === "if" ? `(${print(expr)})` : print(expr));
  const ifThen = `${inner}if ${nested(body.condition)} then ${nested(body.consequent)}`;
  const lines =
    [...ifThen].length <= LINE_WIDTH ? [ifThen] : [`${inner}if ${nested(body.condition)}`, `${inner}then ${nested(body.consequent)}`];
  return [`${head} =`, ...lines, `${inner}else ${print(body.alternative)}${tail}`].join("\n");
}

/**
 * A law's condition after its colon; when too long, a chain of `and` (or `or`) is broken before
 * each operator:
 *
 *       : a >= 0
 *         and a <= weight
 */
function conditionLines(condition: ast.Expr): string[] {
  const indent = "  ";
  const print = (expr: ast.Expr) => printExpression(expr, { clarify: true });
  const oneLine = `${indent}: ${print(condition)}`;
  if ([...oneLine].length <= LINE_WIDTH || condition.kind !== "logical") return [oneLine];
  const operator = condition.operator;
  const operands: ast.Expr[] = [];
  const flatten = (expr: ast.Expr) => {
    if (expr.kind === "logical" && expr.operator === operator) {
      flatten(expr.left);
      operands.push(expr.right);
    } else operands.push(expr);
  };
  flatten(condition);
  // An operand of another kind of chain, or an `if`, keeps its parentheses, as printExpression gives them.
  const part = (expr: ast.Expr) => (expr.kind === "if" || (expr.kind === "logical" && expr.operator !== operator) ? `(${print(expr)})` : print(expr));
  return [`${indent}: ${part(operands[0]!)}`, ...operands.slice(1).map((o) => `${indent}  ${operator} ${part(o)}`)];
}

/** `actual in 0 人 .. 10,000 人`, `direction in {-1, 0, 1}`. */
function printLawVariable(variable: ast.LawVariable): string {
  const range = variable.range;
  const values = range.kind === "range" ? `${printNumber(range.low)} .. ${printNumber(range.high)}` : `{${range.values.map(printNumber).join(", ")}}`;
  return `${variable.name.name} in ${values}`;
}

/**
 * A declaration other than a section or a table, in the canonical layout of `reckon fmt`: on one
 * line, or, past LINE_WIDTH, an `if` body or a law's condition on lines of its own, indented by two
 * spaces (`reckon fmt` indents sections and tables, and puts comments back, itself).
 */
export function printDeclaration(declaration: Exclude<ast.Declaration, ast.SectionDecl | ast.TableDecl>): string {
  switch (declaration.kind) {
    case "import":
      return `import ${printString(declaration.path)}`;
    case "report": {
      const year = declaration.year ? ` year ${printPlainNumber(declaration.year)}` : "";
      const rounding = declaration.rounding ? ` rounding ${declaration.rounding.name}` : "";
      return `report ${printString(declaration.title)}${year}${rounding}`;
    }
    case "unit":
      return `unit ${declaration.name.name}${declaration.definition ? ` = ${printNumber(declaration.definition)}` : ""}`;
    case "fact": {
      const value = declaration.value ? ` = ${printNumber(declaration.value)}` : ` in ${declaration.unit ? printUnit(declaration.unit) : ""}`;
      const exact = declaration.exact ? " exact" : "";
      const citation = declaration.citation ? ` ${printCitation(declaration.citation)}` : "";
      return `fact ${declaration.name.name}${value}${exact}${citation}`;
    }
    case "formula": {
      const published = declaration.published;
      if (!published) return layoutBody(`formula ${declaration.name.name}`, declaration.body, "");
      const rounding = published.rounding ? ` rounding ${published.rounding.name}` : "";
      const citation = published.citation ? ` ${printCitation(published.citation)}` : "";
      return layoutBody(`figure ${declaration.name.name}`, declaration.body, ` published ${printNumber(published.value)}${rounding}${citation}`);
    }
    case "function":
      return layoutBody(`function ${declaration.name.name}(${declaration.parameters.map((p) => p.name).join(", ")})`, declaration.body, "");
    case "known":
      return `known ${declaration.name.name}${declaration.computes ? ` computes ${printNumber(declaration.computes)}` : ""} ${printString(declaration.reason.text)}`;
    case "law": {
      const head = `law ${declaration.name.name}${declaration.description ? ` ${printString(declaration.description.text)}` : ""}`;
      const variables = `for ${declaration.variables.map(printLawVariable).join(", ")}`;
      const condition = `: ${printExpression(declaration.condition, { clarify: true })}`;
      const oneLine = `${head} ${variables} ${condition}`;
      if ([...oneLine].length <= LINE_WIDTH) return oneLine;
      return [head, `  ${variables}`, ...conditionLines(declaration.condition)].join("\n");
    }
  }
}
