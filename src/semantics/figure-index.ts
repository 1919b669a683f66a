import type { FigureSymbol } from "./program";

/**
 * The program's figures by full name, as a read-only map, iterated in declaration order from the
 * list of figures. Compiling and evaluating reach figures through their symbols, never by name, so
 * the map from names to symbols is built when a name is first looked up (by the API, explain or
 * the command line): a province's spec has millions of figures, and hashing every full name (each
 * built as one string to hash it) was a fifth of name resolution.
 */
export class FigureIndex implements ReadonlyMap<string, FigureSymbol> {
  private byName: Map<string, FigureSymbol> | undefined;

  constructor(private readonly list: readonly FigureSymbol[]) {}

  get size(): number {
    return this.list.length;
  }

  get(name: string): FigureSymbol | undefined {
    return this.names().get(name);
  }

  has(name: string): boolean {
    return this.names().has(name);
  }

  private names(): Map<string, FigureSymbol> {
    if (this.byName) return this.byName;
    const byName = new Map<string, FigureSymbol>();
    for (const symbol of this.list) byName.set(symbol.name, symbol);
    return (this.byName = byName);
  }

  values(): MapIterator<FigureSymbol> {
    return this.list.values();
  }

  keys(): MapIterator<string> {
    return this.list.map((symbol) => symbol.name).values();
  }

  entries(): MapIterator<[string, FigureSymbol]> {
    return this.list.map((symbol): [string, FigureSymbol] => [symbol.name, symbol]).values();
  }

  [Symbol.iterator](): MapIterator<[string, FigureSymbol]> {
    return this.entries();
  }

  forEach(visit: (value: FigureSymbol, key: string, map: ReadonlyMap<string, FigureSymbol>) => void, thisArg?: unknown): void {
    for (const symbol of this.list) visit.call(thisArg, symbol, symbol.name, this);
  }
}
