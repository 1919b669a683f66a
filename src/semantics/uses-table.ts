import type { Dependency, FigureSymbol, FunctionSymbol } from "./program";

/**
 * What each figure and each function uses directly (the figures and functions its formula names),
 * kept in arrays by their index: the dependency graph walks them by index, without a lookup by name
 * for every edge. Looked up by name, it goes through the program's maps.
 */
export class UsesTable {
  constructor(
    private readonly figures: ReadonlyMap<string, FigureSymbol>,
    private readonly functions: ReadonlyMap<string, FunctionSymbol>,
    /** By figure index: a formula's uses; a fact uses nothing. */
    readonly ofFigures: readonly (readonly Dependency[])[],
    /** By function index. */
    readonly ofFunctions: readonly (readonly Dependency[])[],
  ) {}

  /** What the figure or function of this name uses, or undefined for a name that is neither. */
  get(name: string): readonly Dependency[] | undefined {
    const figure = this.figures.get(name);
    if (figure) return this.ofFigures[figure.index];
    const fn = this.functions.get(name);
    return fn ? this.ofFunctions[fn.index] : undefined;
  }
}
