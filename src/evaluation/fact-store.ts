import { decimal, type Decimal } from "../numbers/exact";
import { FigureTable } from "../semantics/figure-table";
import type { FactSymbol, Program } from "../semantics/program";

/** Where a fact's current value came from. */
export type FactSource = { readonly kind: "spec" } | { readonly kind: "file"; readonly path: string; readonly line: number } | { readonly kind: "api" };

/** A fact's value, in the unit the spec declares it in, with the decimals it was printed with. */
export interface FactValue {
  readonly value: Decimal;
  readonly decimals: number;
  readonly source: FactSource;
  /** Where the value is printed, when its supplier says (a fact file's citation column). */
  readonly citation?: string;
}

/** One source object for every fact the spec gives a value (it is read, never changed). */
const FROM_SPEC: FactSource = Object.freeze({ kind: "spec" });

/**
 * The facts a calculation reads: first the values printed in the spec, then whatever fact files
 * or the API supply (which may fill in facts the spec declares without a value, or replace them).
 */
export class FactStore {
  private readonly values: FigureTable<FactValue>;

  constructor(private readonly program: Program) {
    this.values = new FigureTable(program.figures);
    for (const symbol of program.figures.values()) {
      if (symbol.kind !== "fact" || !symbol.declaration.value) continue;
      const literal = symbol.declaration.value;
      this.values.set(symbol, { value: decimal(literal.value), decimals: literal.decimals, source: FROM_SPEC });
    }
  }

  get(name: string): FactValue | undefined {
    return this.values.get(name);
  }

  of(symbol: FactSymbol): FactValue | undefined {
    return this.values.of(symbol);
  }

  /** Gives a fact of the spec a new value (the caller has checked that the spec declares it). */
  set(name: string, value: FactValue): void {
    const symbol = this.program.figures.get(name);
    if (symbol?.kind !== "fact") throw new Error(`internal error: \`${name}\` is not a fact of the spec`);
    this.values.set(symbol, value);
  }
}
