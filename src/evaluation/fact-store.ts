import { decimal, type Decimal } from "../numbers/exact";
import type { Program } from "../semantics/program";

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
  private readonly values = new Map<string, FactValue>();

  constructor(program: Program) {
    for (const symbol of program.figures.values()) {
      if (symbol.kind !== "fact" || !symbol.declaration.value) continue;
      const literal = symbol.declaration.value;
      this.values.set(symbol.name, { value: decimal(literal.value), decimals: literal.decimals, source: FROM_SPEC });
    }
  }

  get(name: string): FactValue | undefined {
    return this.values.get(name);
  }

  set(name: string, value: FactValue): void {
    this.values.set(name, value);
  }

  names(): IterableIterator<string> {
    return this.values.keys();
  }
}
