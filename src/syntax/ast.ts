import type { Span } from "./source";

/**
 * The abstract syntax of reckon: typed nodes, each with the span of source it came from.
 * Numbers stay as the exact decimal text they were written with; nothing here is a JavaScript
 * number except counts such as `decimals`.
 */

/** A unit as written: `万元`, `%`, `元/人/月` (each atom with exponent +1 or −1). */
export interface UnitExpr {
  readonly atoms: readonly { readonly name: string; readonly exponent: 1 | -1; readonly span: Span }[];
  readonly span: Span;
}

/** A number as printed: its exact value, the decimals it was printed with, and its unit. */
export interface NumberLit {
  readonly kind: "number";
  /** Canonical decimal text: sign, digits, no thousands separators (`-1362.65`). */
  readonly value: string;
  /** Digits after the decimal point as printed: `1,362.65` has 2, `12` has 0. */
  readonly decimals: number;
  readonly unit?: UnitExpr;
  /**
   * Written `-0.00`: its value is 0, but a report that prints the sign prints a value below zero
   * that rounds to zero, which the check holds it to, and the printer writes back.
   */
  readonly negativeZero?: true;
  readonly span: Span;
}

export interface NameRef {
  readonly kind: "name";
  readonly name: string;
  /**
   * A full name that reckon writes itself (a table row's score reading the row's own facts): looked
   * up from the top level, not from its section outwards as names in the spec's text are.
   */
  readonly absolute?: true;
  readonly span: Span;
}

/** `支出.功能分类.*` (one segment) or `绩效.**` (any depth): every declared name it matches. */
export interface PatternRef {
  readonly kind: "pattern";
  readonly pattern: string;
  readonly span: Span;
}

export interface Call {
  readonly kind: "call";
  readonly callee: string;
  readonly calleeSpan: Span;
  readonly args: readonly Expr[];
  readonly span: Span;
}

export interface Negate {
  readonly kind: "negate";
  readonly operand: Expr;
  readonly span: Span;
}

export type ArithmeticOperator = "+" | "-" | "*" | "/";
export type ComparisonOperator = "==" | "!=" | "<" | "<=" | ">" | ">=";

export interface Binary {
  readonly kind: "binary";
  readonly operator: ArithmeticOperator;
  readonly left: Expr;
  readonly right: Expr;
  readonly operatorSpan: Span;
  readonly span: Span;
}

export interface Compare {
  readonly kind: "compare";
  readonly operator: ComparisonOperator;
  readonly left: Expr;
  readonly right: Expr;
  readonly operatorSpan: Span;
  readonly span: Span;
}

export interface Logical {
  readonly kind: "logical";
  readonly operator: "and" | "or";
  readonly left: Expr;
  readonly right: Expr;
  readonly operatorSpan: Span;
  readonly span: Span;
}

export interface Not {
  readonly kind: "not";
  readonly operand: Expr;
  readonly span: Span;
}

export interface Conditional {
  readonly kind: "if";
  readonly condition: Expr;
  readonly consequent: Expr;
  readonly alternative: Expr;
  readonly span: Span;
}

/** `x as 万元`: the same quantity expressed in another unit of the same dimension. */
export interface Convert {
  readonly kind: "convert";
  readonly operand: Expr;
  readonly unit: UnitExpr;
  readonly span: Span;
}

export interface BooleanLit {
  readonly kind: "boolean";
  readonly value: boolean;
  readonly span: Span;
}

/** Stands where the parser recovered from a syntax error; never reaches evaluation. */
export interface Missing {
  readonly kind: "missing";
  readonly span: Span;
}

export type Expr =
  | NumberLit
  | NameRef
  | PatternRef
  | Call
  | Negate
  | Binary
  | Compare
  | Logical
  | Not
  | Conditional
  | Convert
  | BooleanLit
  | Missing;

export interface Name {
  readonly name: string;
  readonly span: Span;
}

export interface Citation {
  readonly text: string;
  readonly span: Span;
}

export interface ImportDecl {
  readonly kind: "import";
  readonly path: string;
  readonly pathSpan: Span;
  readonly span: Span;
}

export interface ReportDecl {
  readonly kind: "report";
  readonly title: string;
  readonly year?: NumberLit;
  readonly rounding?: Name;
  readonly span: Span;
}

/** `unit 场` declares a new base unit; `unit 万人次 = 10,000 人次` a multiple of another. */
export interface UnitDecl {
  readonly kind: "unit";
  readonly name: Name;
  readonly definition?: NumberLit;
  readonly span: Span;
}

/**
 * A printed figure taken as input: with its value as printed, or (`fact x in 万元`) declared with
 * only its unit, its value to come from a fact file or the API.
 */
export interface FactDecl {
  readonly kind: "fact";
  readonly name: Name;
  readonly value?: NumberLit;
  /** The unit of a fact declared without a value. */
  readonly unit?: UnitExpr;
  /**
   * `exact`: the value is printed as it is, not rounded (a weight set by a template, a count of
   * something that is not counted in a unit of its own): the check reads it without the interval
   * of its rounding.
   */
  readonly exact?: true;
  readonly citation?: Citation;
  readonly span: Span;
}

/** A named formula; with `published`, a figure the report prints, to be checked. */
export interface FormulaDecl {
  readonly kind: "formula";
  readonly name: Name;
  readonly body: Expr;
  /**
   * For the score of a table row (`RULE(actual, target, …)`, written by reckon): the columns its
   * actual and target are printed in, as the header names them, for messages about the row.
   */
  readonly tableRow?: { readonly actual: string; readonly target: string };
  readonly published?: {
    readonly value: NumberLit;
    readonly rounding?: Name;
    readonly citation?: Citation;
    /**
     * The decimals the printed value is read with when more than it shows: a table's score printed
     * `5` in a column of `4.53` (trailing zeros dropped) is 5.00. Written by reckon, for table rows.
     */
    readonly readDecimals?: number;
  };
  readonly span: Span;
}

export interface FunctionDecl {
  readonly kind: "function";
  readonly name: Name;
  readonly parameters: readonly Name[];
  readonly body: Expr;
  readonly span: Span;
}

/** A place where the report disagrees with itself, declared with the reason. */
export interface KnownDecl {
  readonly kind: "known";
  readonly name: Name;
  /**
   * `computes 1,632.63 万元`: what the figure's formula gives, rounded as printed, when the
   * declaration was written. The declaration excuses that disagreement only: when the inputs
   * change and the formula gives another value, the figure is a mismatch again.
   */
  readonly computes?: NumberLit;
  readonly reason: Citation;
  readonly span: Span;
}

/** The values a law's variable takes: a range (with the decimals of its bounds) or a list. */
export type LawRange =
  | { readonly kind: "range"; readonly low: NumberLit; readonly high: NumberLit }
  | { readonly kind: "list"; readonly values: readonly NumberLit[] };

export interface LawVariable {
  readonly name: Name;
  readonly range: LawRange;
  readonly span: Span;
}

/** A condition the formulas must satisfy for every value of its variables. */
export interface LawDecl {
  readonly kind: "law";
  readonly name: Name;
  readonly description?: Citation;
  readonly variables: readonly LawVariable[];
  readonly condition: Expr;
  readonly span: Span;
}

/** Declarations named relative to a common prefix, cited where the section is printed. */
export interface SectionDecl {
  readonly kind: "section";
  readonly name: Name;
  readonly citation?: Citation;
  readonly declarations: readonly Declaration[];
  readonly span: Span;
}

export type TableComparison = ">=" | "<=" | ">" | "<" | "=" | "==" | "!=";

/** A cell of a table: a name (with its printed label), a quoted text, or a number with a comparison. */
export type TableCell =
  | { readonly kind: "name"; readonly name: string; readonly label?: string; readonly span: Span }
  | { readonly kind: "text"; readonly text: string; readonly span: Span }
  /** Nothing between two `|` (a cell the table leaves blank). */
  | { readonly kind: "empty"; readonly span: Span }
  | {
      readonly kind: "quantity";
      readonly comparison?: TableComparison;
      readonly value: NumberLit;
      /** `= 15 万元 exact`: the value is not rounded (as a fact declared `exact`). */
      readonly exact?: true;
      readonly span: Span;
    };

export interface TableRow {
  readonly cells: readonly TableCell[];
  readonly span: Span;
}

/** A table of scored indicators: a header row naming the columns, then one row per indicator. */
export interface TableDecl {
  readonly kind: "table";
  readonly name: Name;
  readonly citation?: Citation;
  readonly header: TableRow;
  readonly rows: readonly TableRow[];
  readonly span: Span;
}

export type Declaration =
  | ImportDecl
  | ReportDecl
  | UnitDecl
  | FactDecl
  | FormulaDecl
  | FunctionDecl
  | KnownDecl
  | LawDecl
  | SectionDecl
  | TableDecl;

/** A comment as written, kept so that the formatter can put it back. */
export interface Comment {
  readonly text: string;
  readonly span: Span;
}

export interface SpecFile {
  readonly declarations: readonly Declaration[];
  readonly comments: readonly Comment[];
  readonly span: Span;
}
