import type { FigureSymbol } from "./program";

/**
 * What a stage knows of each figure (its type, its typed formula), kept in an array by the
 * figure's index rather than in a map by its name: a province's spec has millions of figures, and
 * later stages reach them through their symbols. Looked up by name, it goes through the program's
 * one map of figures.
 */
export class FigureTable<T> {
  private readonly values: (T | undefined)[];

  constructor(private readonly figures: ReadonlyMap<string, FigureSymbol>) {
    this.values = new Array<T | undefined>(figures.size).fill(undefined);
  }

  get(name: string): T | undefined {
    const symbol = this.figures.get(name);
    return symbol === undefined ? undefined : this.values[symbol.index];
  }

  of(symbol: FigureSymbol): T | undefined {
    return this.values[symbol.index];
  }

  set(symbol: FigureSymbol, value: T): void {
    this.values[symbol.index] = value;
  }
}
