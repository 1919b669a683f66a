import { decimal, divide, multiply, ONE, powerOfTen, type Decimal } from "../numbers/exact";
import type * as ast from "../syntax/ast";

/**
 * Units of measure.
 *
 * A unit as written (`万元`, `元/人/月`, `%`) is a product of named units with exponents. Each named
 * unit is a scale times a dimension: 万元 = 10⁴ · money, % = 10⁻² · (no dimension), 人 = 1 · person.
 * Adding needs equal dimensions (万元 + 元 converts exactly); multiplying combines them, so
 * 元/人/月 × 人 × 月 = 元.
 */

/** Base dimension name → exponent; an empty map is a pure number. */
export type Dimension = ReadonlyMap<string, number>;

export interface UnitDefinition {
  readonly dimension: Dimension;
  readonly scale: Decimal;
}

/**
 * The built-in units that count things: there is no half a person, vehicle or event, so a value in
 * them is a whole number of the unit (of 人 in 万人). Not 分 (scores have decimals), time, area or money.
 */
const countingBaseUnits = ["人", "人次", "次", "场次", "场", "个", "项", "辆", "批", "批次", "台", "套", "条", "家", "所", "名", "户"];
const countedBaseUnits = new Set(countingBaseUnits);

/** Units every spec knows; a spec adds its own with `unit 场` or `unit 万人次 = 10,000 人次`. */
const builtInBaseUnits = ["元", ...countingBaseUnits, "小时", "天", "月", "年", "分", "平方米"];

const builtInMultiples: readonly [string, string, string][] = [
  ["千元", "1000", "元"],
  ["万元", "10000", "元"],
  ["亿元", "100000000", "元"],
  ["万人", "10000", "人"],
  ["万人次", "10000", "人次"],
];

export class UnitTable {
  private readonly definitions = new Map<string, UnitDefinition>();
  /** Built-in units a spec has not (re)declared itself. */
  private readonly builtIns = new Set<string>();

  static builtIn(): UnitTable {
    const table = new UnitTable();
    table.definitions.set("%", { dimension: new Map(), scale: powerOfTen(-2) });
    for (const name of builtInBaseUnits) table.defineBase(name);
    for (const [name, factor, of] of builtInMultiples) table.defineMultiple(name, decimal(factor), of);
    for (const name of table.definitions.keys()) table.builtIns.add(name);
    return table;
  }

  isBuiltIn(name: string): boolean {
    return this.builtIns.has(name);
  }

  /** Whether a declaration (`unit 场`, or `unit 万人次 = 10,000 人次`) says what the built-in unit already is. */
  sameAsBuiltIn(name: string, definition: { factor: Decimal; of: string } | undefined): boolean {
    const builtIn = this.definitions.get(name);
    if (!builtIn) return false;
    if (!definition) return builtIn.dimension.size === 1 && builtIn.dimension.get(name) === 1 && builtIn.scale.equals(ONE);
    const of = this.definitions.get(definition.of);
    return of !== undefined && sameDimension(of.dimension, builtIn.dimension) && multiply(definition.factor, of.scale).equals(builtIn.scale);
  }

  /** A spec has declared this built-in unit itself: a second declaration is a duplicate. */
  claim(name: string): void {
    this.builtIns.delete(name);
  }

  has(name: string): boolean {
    return this.definitions.has(name);
  }

  get(name: string): UnitDefinition | undefined {
    return this.definitions.get(name);
  }

  names(): IterableIterator<string> {
    return this.definitions.keys();
  }

  /**
   * For a unit that counts things, how many things one of it is (1 for 人 and 辆, 10,000 for 万人):
   * its values are whole numbers of things. Undefined for every other unit, and for products (人/月).
   * (A spec cannot give a built-in unit another meaning: R0308.)
   */
  countPerUnit(unit: Unit): Decimal | undefined {
    if (unit.factors.length !== 1) return undefined;
    const [name, exponent] = unit.factors[0]!;
    const definition = this.definitions.get(name);
    if (exponent !== 1 || !definition || definition.dimension.size !== 1) return undefined;
    const [base, power] = [...definition.dimension][0]!;
    return power === 1 && countedBaseUnits.has(base) ? definition.scale : undefined;
  }

  /** A new base unit with a dimension of its own. */
  defineBase(name: string): void {
    this.definitions.set(name, { dimension: new Map([[name, 1]]), scale: ONE });
  }

  /** `factor` times an existing unit; false when `of` is unknown. */
  defineMultiple(name: string, factor: Decimal, of: string): boolean {
    const base = this.definitions.get(of);
    if (!base) return false;
    this.definitions.set(name, { dimension: base.dimension, scale: multiply(factor, base.scale) });
    return true;
  }
}

/** A unit as a product of named units, e.g. [元¹, 人⁻¹, 月⁻¹]. The empty product is a pure number. */
export class Unit {
  static readonly none = new Unit([]);

  /** Named units with non-zero exponents, in the order they were first written. */
  readonly factors: readonly (readonly [string, number])[];
  /** The label, once asked for. */
  private cachedLabel: string | undefined;

  constructor(factors: readonly (readonly [string, number])[]) {
    this.factors = factors.filter(([, exponent]) => exponent !== 0);
  }

  static named(name: string): Unit {
    return new Unit([[name, 1]]);
  }

  get isNone(): boolean {
    return this.factors.length === 0;
  }

  get isPercent(): boolean {
    return this.factors.length === 1 && this.factors[0]![0] === "%" && this.factors[0]![1] === 1;
  }

  /** `元/人/月`, `万元`, `%`; a pure number has the empty label. Worked out once: units are compared by it. */
  get label(): string {
    this.cachedLabel ??= this.spelled();
    return this.cachedLabel;
  }

  private spelled(): string {
    const up = this.factors.filter(([, e]) => e > 0).map(([n, e]) => (e === 1 ? n : `${n}^${e}`));
    const down = this.factors.filter(([, e]) => e < 0).map(([n, e]) => (e === -1 ? n : `${n}^${-e}`));
    if (up.length === 0 && down.length === 0) return "";
    return [up.length === 0 ? "1" : up.join("·"), ...down].join("/");
  }

  /** The label, or "a plain number", for messages. */
  describe(): string {
    return this.isNone ? "a plain number" : this.label;
  }

  equals(other: Unit): boolean {
    return this.label === other.label;
  }
}

/** A unit as written (`万元`, `元/人/月`), as a key: equal keys, equal units (a name with `/` before it is divided by). */
export function unitSpelling(expr: ast.UnitExpr): string {
  const atoms = expr.atoms;
  if (atoms.length === 1 && atoms[0]!.exponent === 1) return atoms[0]!.name;
  return atoms.map((atom) => (atom.exponent === 1 ? `*${atom.name}` : `/${atom.name}`)).join("");
}

/** The unit of a unit as written: 元/人/月 → [元¹, 人⁻¹, 月⁻¹], repeated names merged. */
export function writtenUnit(expr: ast.UnitExpr): Unit {
  const factors: [string, number][] = [];
  for (const atom of expr.atoms) {
    const existing = factors.find(([name]) => name === atom.name);
    if (existing) existing[1] += atom.exponent;
    else factors.push([atom.name, atom.exponent]);
  }
  return new Unit(factors);
}

/** The dimension and scale of a unit, or the first unknown name. */
export function analyse(unit: Unit, table: UnitTable): { dimension: Dimension; scale: Decimal } | { unknown: string } {
  const dimension = new Map<string, number>();
  let scale = ONE;
  for (const [name, exponent] of unit.factors) {
    const definition = table.get(name);
    if (!definition) return { unknown: name };
    for (const [base, e] of definition.dimension) dimension.set(base, (dimension.get(base) ?? 0) + e * exponent);
    scale = multiply(scale, power(definition.scale, exponent));
  }
  for (const [base, e] of [...dimension]) if (e === 0) dimension.delete(base);
  return { dimension, scale };
}

export function sameDimension(a: Dimension, b: Dimension): boolean {
  if (a.size !== b.size) return false;
  for (const [base, e] of a) if (b.get(base) !== e) return false;
  return true;
}

/**
 * The factor that converts an amount in `from` to an amount in `to` (万元 → 元: 10000), or
 * undefined when their dimensions differ.
 */
export function conversionFactor(from: Unit, to: Unit, table: UnitTable): Decimal | undefined {
  if (from.equals(to)) return ONE;
  const a = analyse(from, table);
  const b = analyse(to, table);
  if ("unknown" in a || "unknown" in b || !sameDimension(a.dimension, b.dimension)) return undefined;
  return divide(a.scale, b.scale);
}

/**
 * The unit of a product (or, with exponent −1 on the right, a quotient), simplified: named units of
 * the same dimension are merged into the first one written, units that cancel disappear, and `%`
 * survives only on its own. `factor` is what the amount must be multiplied by to be in that unit
 * (万元 × 元⁻¹ = 10⁴).
 */
export function combine(left: Unit, right: Unit, rightExponent: 1 | -1, table: UnitTable): { unit: Unit; factor: Decimal } {
  const raw: [string, number][] = left.factors.map(([n, e]) => [n, e]);
  for (const [name, exponent] of right.factors) raw.push([name, exponent * rightExponent]);
  let factor = ONE;
  // Merge every named unit into the first one written with the same dimension.
  const merged: [string, number][] = [];
  for (const [name, exponent] of raw) {
    const definition = table.get(name);
    const target = merged.find(([other]) => {
      if (other === name) return true;
      const otherDefinition = table.get(other);
      return (
        definition !== undefined &&
        otherDefinition !== undefined &&
        definition.dimension.size > 0 &&
        sameDimension(definition.dimension, otherDefinition.dimension)
      );
    });
    if (!target) {
      merged.push([name, exponent]);
      continue;
    }
    if (target[0] !== name) {
      const from = table.get(name)!;
      const to = table.get(target[0])!;
      factor = multiply(factor, power(divide(from.scale, to.scale), exponent));
    }
    target[1] += exponent;
  }
  let factors = merged.filter(([, e]) => e !== 0);
  // A pure-number unit such as % stays only when it is the whole unit, to the first power.
  const pure = factors.filter(([name]) => (table.get(name)?.dimension.size ?? 1) === 0);
  if (pure.length > 0 && !(factors.length === 1 && factors[0]![1] === 1)) {
    for (const [name, exponent] of pure) factor = multiply(factor, power(table.get(name)!.scale, exponent));
    factors = factors.filter(([name]) => (table.get(name)?.dimension.size ?? 1) !== 0);
  }
  return { unit: new Unit(factors), factor };
}

function power(x: Decimal, exponent: number): Decimal {
  let result = ONE;
  const base = exponent >= 0 ? x : divide(ONE, x);
  for (let i = 0; i < Math.abs(exponent); i++) result = multiply(result, base);
  return result;
}
