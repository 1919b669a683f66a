import type * as ast from "../syntax/ast";
import type { Span } from "../syntax/source";
import type { Module } from "./loader";
import type { UnitTable } from "./units";
import type { UsesTable } from "./uses-table";

interface SymbolBase {
  /** The full dotted name. */
  readonly name: string;
  /** Its position among the program's figures, in declaration order: later stages keep what they know of each figure in arrays by it. */
  readonly index: number;
  /** The section its formula's short names are looked up from ("" at the top level). */
  readonly scope: string;
  /** Where the figure is printed: its own citation or the one it inherits from its section or table. */
  readonly citation?: ast.Citation;
  readonly module: Module;
}

/** The name `reckon eval` gives the expression it evaluates: in angle brackets, so no figure of a spec can have it. */
export const EXPRESSION_NAME = "<expression>";

/** A printed input: a fact. */
export interface FactSymbol extends SymbolBase {
  readonly kind: "fact";
  readonly declaration: ast.FactDecl;
}

/** A named formula; a published figure when `declaration.published` is set. */
export interface FormulaSymbol extends SymbolBase {
  readonly kind: "formula";
  readonly declaration: ast.FormulaDecl;
}

export type FigureSymbol = FactSymbol | FormulaSymbol;

export interface FunctionSymbol {
  readonly kind: "function";
  readonly name: string;
  /** Its position among the program's functions, in declaration order. */
  readonly index: number;
  readonly declaration: ast.FunctionDecl;
  readonly module: Module;
}

/** A law: a condition over generated variables that the formulas must satisfy. */
export interface LawSymbol {
  readonly kind: "law";
  readonly name: string;
  readonly declaration: ast.LawDecl;
  readonly module: Module;
}

export interface KnownInconsistency {
  readonly declaration: ast.KnownDecl;
  /** The full name of the published figure it is about. */
  readonly figure: string;
  readonly module: Module;
}

/** What one declaration uses: a figure or function its formula names, with where. */
export interface Dependency {
  readonly name: string;
  readonly symbol: FigureSymbol | FunctionSymbol;
  readonly span: Span;
}

/**
 * What name resolution produces: every declaration of every loaded file, with names bound.
 * Every name in a formula is declared, every call is to a known function with the right number
 * of arguments, and every pattern has been expanded.
 */
export interface Program {
  readonly modules: readonly Module[];
  /** The path of the root spec, the one being checked (the others are its imports). */
  readonly root: string;
  /** The report header of the root spec, when it is a report. */
  readonly report?: ast.ReportDecl;
  readonly units: UnitTable;
  /** Facts and formulas by name, in declaration order. */
  readonly figures: ReadonlyMap<string, FigureSymbol>;
  /** The same figures in the same order: a figure's index is its position here. */
  readonly figureList: readonly FigureSymbol[];
  readonly functions: ReadonlyMap<string, FunctionSymbol>;
  readonly laws: readonly LawSymbol[];
  readonly knowns: readonly KnownInconsistency[];
  /** The figures each pattern in the program matches, in declaration order. */
  readonly patterns: ReadonlyMap<ast.PatternRef, readonly FigureSymbol[]>;
  /** The figure or function each name and each call in a formula refers to (names are looked up from their section outwards). */
  readonly references: ReadonlyMap<ast.Expr, FigureSymbol | FunctionSymbol>;
  /**
   * For every figure and every function: the figures and functions its formula names directly,
   * each once, in the order they are first named (a fact uses nothing).
   */
  readonly uses: UsesTable;
}

/** The full name an expression's name (or a call's function) refers to. */
export function referenceOf(program: Program, expr: ast.NameRef | ast.Call): string {
  return program.references.get(expr)?.name ?? (expr.kind === "name" ? expr.name : expr.callee);
}
