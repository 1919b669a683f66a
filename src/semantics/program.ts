import type * as ast from "../syntax/ast";
import type { Module } from "./loader";
import type { UnitTable } from "./units";

/** A printed input: a fact. */
export interface FactSymbol {
  readonly kind: "fact";
  readonly name: string;
  readonly declaration: ast.FactDecl;
  readonly module: Module;
}

/** A named formula; a published figure when `declaration.published` is set. */
export interface FormulaSymbol {
  readonly kind: "formula";
  readonly name: string;
  readonly declaration: ast.FormulaDecl;
  readonly module: Module;
}

export type FigureSymbol = FactSymbol | FormulaSymbol;

export interface FunctionSymbol {
  readonly kind: "function";
  readonly name: string;
  readonly declaration: ast.FunctionDecl;
  readonly module: Module;
}

export interface KnownInconsistency {
  readonly declaration: ast.KnownDecl;
  readonly module: Module;
}

/**
 * What name resolution produces: every declaration of every loaded file, with names bound.
 * Every name in a formula is declared, every call is to a known function with the right number
 * of arguments, and every pattern has been expanded.
 */
export interface Program {
  readonly modules: readonly Module[];
  /** The report header of the root spec, when it is a report. */
  readonly report?: ast.ReportDecl;
  readonly units: UnitTable;
  /** Facts and formulas by name, in declaration order. */
  readonly figures: ReadonlyMap<string, FigureSymbol>;
  readonly functions: ReadonlyMap<string, FunctionSymbol>;
  readonly knowns: readonly KnownInconsistency[];
  /** The figures each pattern in the program matches, in declaration order. */
  readonly patterns: ReadonlyMap<ast.PatternRef, readonly FigureSymbol[]>;
}
