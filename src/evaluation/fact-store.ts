import { decimal, type Decimal } from "../numbers/exact";
import { FigureTable } from "../semantics/figure-table";
import type { FactSymbol, Program } from "../semantics/program";

/** Where a fact's current value came from. */
export type FactSource = { readonly kind: "spec" } | { readonly kind: "file"; readonly path: string; readonly line: number } | { readonly kind: "api" };

/** A fact's value, in the unit the spec declares it in, with the decimals it was printed with. */
export interface FactValue {
  readonly value: Decimal;
  /**
   * Its decimals in the declared unit: negative when it was given in a larger unit (1.23 万人 for a
   * fact in 人 is 12,300 to the hundred: −2).
   */
  readonly decimals: number;
  readonly source: FactSource;
  /** Where the value is printed, when its supplier says (a fact file's citation column). */
  readonly citation?: string;
  /** The value as its supplier wrote it, when in another unit than the declared one (13,625,000 元 for a fact in 万元). */
  readonly asGiven?: { readonly value: Decimal; readonly decimals: number; readonly unit: string };
}

/** One source object for every fact the spec gives a value (it is read, never changed). */
const FROM_SPEC: FactSource = Object.freeze({ kind: "spec" });

/**
 * The facts a calculation reads: first the values printed in the spec, then whatever fact files
 * or the API supply (which may fill in facts the spec declares without a value, or replace them).
 * A value printed in the spec is read from its declaration when asked for: the store keeps only
 * what was supplied.
 */
export class FactStore {
  private supplied: FigureTable<FactValue> | undefined;

  constructor(private readonly program: Program) {}

  get(name: string): FactValue | undefined {
    const symbol = this.program.figures.get(name);
    return symbol?.kind === "fact" ? this.of(symbol) : undefined;
  }

  of(symbol: FactSymbol): FactValue | undefined {
    const supplied = this.supplied?.of(symbol);
    if (supplied !== undefined) return supplied;
    const literal = symbol.declaration.value;
    return literal && { value: decimal(literal.value), decimals: literal.decimals, source: FROM_SPEC };
  }

  /** The value alone (what a calculation reads). */
  valueOf(symbol: FactSymbol): Decimal | undefined {
    const supplied = this.supplied?.of(symbol);
    if (supplied !== undefined) return supplied.value;
    const literal = symbol.declaration.value;
    return literal && decimal(literal.value);
  }

  /** Gives a fact of the spec a new value (the caller has checked that the spec declares it). */
  set(name: string, value: FactValue): void {
    const symbol = this.program.figures.get(name);
    if (symbol?.kind !== "fact") throw new Error(`internal error: \`${name}\` is not a fact of the spec`);
    (this.supplied ??= new FigureTable(this.program.figures)).set(symbol, value);
  }
}
