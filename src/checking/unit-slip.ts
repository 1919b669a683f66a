import { IntervalCompiler, type IntervalValue } from "../evaluation/intervals";
import { decimal, DigitLimitExceeded, multiply, powerOfTen, type Decimal } from "../numbers/exact";
import type { CompiledSpec } from "../pipeline";
import type { FactSymbol, FigureSymbol, FormulaSymbol } from "../semantics/program";
import { evaluationCost, type FunctionInstance } from "../semantics/typed";
import { quantityText } from "../text/decimal-text";

/** A fact whose value, read in the other of 元 and 万元, makes a mismatched figure reproduce. */
export interface UnitSlip {
  /** The fact's full name. */
  readonly fact: string;
  /** Its value and unit as given (`366.08 元`), and the unit that reproduces the figure (`万元`). */
  readonly given: string;
  readonly meant: string;
}

/** 元 written for 万元 is ten thousand times too small, and the other way round. */
const SLIPS: Readonly<Record<string, { meant: string; factor: Decimal }>> = {
  元: { meant: "万元", factor: powerOfTen(4) },
  万元: { meant: "元", factor: powerOfTen(-4) },
};

/** How many facts are tried for one figure: a figure is built on a few, a province total on thousands. */
const MAX_CANDIDATES = 20;

/**
 * How many figures a figure may be computed from (through the formulas it reads at full precision)
 * for the search to be tried: each candidate evaluates them all again.
 */
const MAX_BELOW = 200;

/**
 * How many operations (functions unfolded) the search may spend on one figure: each candidate
 * evaluates the figure and the formulas below it again, over intervals, at a few microseconds an
 * operation. A figure built on formulas of tens of thousands of operations gets no search.
 */
const MAX_WORK = 50_000;

/** Thrown inside the evaluation when a figure it reaches has no value (a branch the real one did not take). */
class NoValue extends Error {}

/**
 * A mismatch that one fact given in 元 instead of 万元 (or the other way round) explains (whether a
 * value `reproduces` the printed figure is the caller's to say): each money
 * fact the figure is computed from (up to the published figures it reads as printed) is read as if
 * its unit were the other, and the figure evaluated again with the printed values of the rest, as
 * exact points. The one fact whose slip reproduces the printed value, if there is exactly one.
 * Nothing is changed: the evaluation is an interval evaluation of its own.
 */
export function unitSlip(spec: CompiledSpec, figure: FormulaSymbol, reproduces: (value: IntervalValue) => boolean): UnitSlip | undefined {
  const { facts: candidates, cost } = moneyFactsBelow(spec, figure);
  if (candidates.length === 0 || candidates.length * cost > MAX_WORK) return undefined;
  const compiler = new IntervalCompiler();
  const found: UnitSlip[] = [];
  for (const fact of candidates) {
    const unit = fact.declaration.value?.unit?.atoms;
    const slip = unit?.length === 1 ? SLIPS[unit[0]!.name] : undefined;
    // Only a value as the spec writes it: a supplied one was read in whatever unit its file gave.
    const given = spec.facts.of(fact);
    if (!slip || !given || given.source.kind !== "spec") continue;
    const value = given.value;
    const result = evaluateWith(spec, compiler, figure, fact, multiply(value, slip.factor));
    if (result !== undefined && reproduces(result)) found.push({ fact: fact.name, given: quantityText(fact.declaration.value!.value, unit![0]!.name), meant: slip.meant });
  }
  return found.length === 1 ? found[0] : undefined;
}

/**
 * The facts in 元 or 万元 a figure is computed from, through the formulas it reads at full precision,
 * and what evaluating those formulas costs (operations, functions unfolded).
 */
function moneyFactsBelow(spec: CompiledSpec, figure: FormulaSymbol): { facts: FactSymbol[]; cost: number } {
  const facts: FactSymbol[] = [];
  const seen = new Set<FigureSymbol>([figure]);
  const pending: FigureSymbol[] = [figure];
  const bodies = new Map<FunctionInstance, number>();
  let cost = 0;
  while (pending.length > 0) {
    const formula = pending.pop()!;
    const body = spec.typed.formulas.of(formula);
    if (body) cost += evaluationCost(body, bodies);
    for (const use of spec.graph.uses.ofFigures[formula.index]!) {
      const used = use.symbol;
      if (used.kind === "function" || seen.has(used)) continue;
      seen.add(used);
      // Too many to try (each candidate evaluates all of them again): no search. Checked at each
      // figure, not each formula: one sum over a pattern may name thousands.
      if (facts.length > MAX_CANDIDATES || seen.size > MAX_BELOW) return { facts: [], cost };
      if (used.kind === "fact") {
        const atoms = used.declaration.value?.unit?.atoms;
        if (atoms?.length === 1 && SLIPS[atoms[0]!.name]) facts.push(used);
      } else if (!used.declaration.published) {
        // A published figure is read at its printed value, which a slip below it does not change.
        pending.push(used);
      }
    }
  }
  return { facts, cost };
}

/** The figure's value with every input at its value (printed figures at their print), and one fact changed. */
function evaluateWith(spec: CompiledSpec, compiler: IntervalCompiler, figure: FormulaSymbol, changed: FactSymbol, value: Decimal): IntervalValue | undefined {
  const memo = new Map<FigureSymbol, IntervalValue>();
  const point = (x: Decimal): IntervalValue => ({ box: { low: x, high: x, lowOpen: false, highOpen: false } });
  const input = (symbol: FigureSymbol, read: "printed" | "computed"): IntervalValue => {
    if (symbol.kind === "fact") {
      const own = symbol === changed ? value : spec.facts.valueOf(symbol);
      if (own === undefined) throw new NoValue();
      return point(own);
    }
    const published = symbol.declaration.published;
    if (published && read === "printed") return point(decimal(published.value.value));
    return formula(symbol);
  };
  const formula = (symbol: FigureSymbol): IntervalValue => {
    const known = memo.get(symbol);
    if (known !== undefined) return known;
    const body = spec.typed.formulas.of(symbol);
    if (!body) throw new NoValue();
    const result = compiler.compile(body)(input, []);
    memo.set(symbol, result);
    return result;
  };
  try {
    return formula(figure);
  } catch (e) {
    if (e instanceof NoValue || e instanceof DigitLimitExceeded || e instanceof RangeError) return undefined;
    throw e;
  }
}
