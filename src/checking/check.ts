import { addAll, warning, type Diagnostic } from "../diagnostics/diagnostic";
import { enclose, freshSymbol, IntervalCompiler, type IntervalValue } from "../evaluation/intervals";
import { compare, decimal, DigitLimitExceeded, exact, format, multiply, ONE, subtract, ZERO, type Decimal } from "../numbers/exact";
import { DEFAULT_ROUNDING, intersection, intersects, isRoundingMode, printedInterval, round, roundingInterval, wholeCountsIn, withPoint, type Interval, type RoundingMode } from "../numbers/rounding";
import { checkLaws, DEFAULT_LAW_RUNS, type LawResult } from "../laws/check-laws";
import type { LawMemo } from "../laws/law-memo";
import type { CompiledSpec } from "../pipeline";
import { reachableFrom } from "../semantics/dependency-graph";
import type { FigureSymbol, FormulaSymbol, Program } from "../semantics/program";
import { typedChildren, type Typed } from "../semantics/typed";
import { conversionFactor, Unit, unitSpelling, writtenUnit, type UnitTable } from "../semantics/units";
import type * as ast from "../syntax/ast";
import { span } from "../syntax/source";
import { quantityText } from "../text/decimal-text";
import { unitSlip, type UnitSlip } from "./unit-slip";

/**
 * How a published figure compares with its formula:
 * - exact: the computed value, rounded to the printed decimals, is the printed value;
 * - within-rounding: not exact, but consistent once every printed input is read as the interval its
 *   rounding allows (the report's figures were rounded before they were combined);
 * - known-inconsistency: a mismatch the spec declares, with its reason;
 * - mismatch: anything else.
 */
export type FigureStatus = "exact" | "within-rounding" | "known-inconsistency" | "mismatch";

export interface FigureCheck {
  readonly name: string;
  readonly status: FigureStatus;
  /** The value as printed, in its printed unit. */
  readonly published: Decimal;
  /** Printed `-0.00`: a value below zero that rounds to zero (`published` is 0). */
  readonly printedNegative?: true;
  /** The decimals the figure is checked to: those it is printed with, or more (a table's score column). */
  readonly decimals: number;
  /** The decimals it is printed with (5 in a score column of 4.53: 0, checked to 2). */
  readonly printedDecimals: number;
  readonly unit: Unit;
  /** The formula's value from the printed inputs, at full precision, in the printed unit. */
  readonly computed: Decimal;
  /** The computed value rounded as the publisher rounds. */
  readonly rounded: Decimal;
  /** computed − published. */
  readonly difference: Decimal;
  readonly rounding: RoundingMode;
  /** For within-rounding and mismatches: every value the formula can take over its inputs' rounding intervals. */
  readonly interval?: Interval;
  /**
   * When those values are not one interval but several apart, within `interval` (an all-or-nothing
   * score whose condition the rounding leaves open: 0 or the weight), in order.
   */
  readonly parts?: readonly Interval[];
  readonly citation?: string;
  /** The reason given by a `known` declaration, when there is one. */
  readonly reason?: string;
  /**
   * For a mismatch with a `known` declaration: the value its `computes` says the formula gives,
   * which it no longer does (the inputs changed, so the inconsistency is not the one declared).
   */
  readonly knownComputes?: Decimal;
  /** For a mismatch: the one fact that, read in 万元 instead of 元 (or the other way), would make it reproduce. */
  readonly unitSlip?: UnitSlip;
  /**
   * For a mismatch: the published figures whose printed values it reads (directly, or through
   * formulas it reads at their computed values) that are mismatches no fact explains, whose printed
   * values may be what is wrong; the first 20.
   */
  readonly mismatchedInputs?: readonly string[];
  readonly symbol: FormulaSymbol;
}

/** A `known` declaration whose figure in fact reproduces: the declaration should go. */
export interface StaleKnown {
  readonly figure: string;
  readonly status: "exact" | "within-rounding";
  readonly declaration: ast.KnownDecl;
}

export interface CheckResult {
  readonly title?: string;
  /** The report's spec file. */
  readonly file: string;
  readonly figures: readonly FigureCheck[];
  /** Published figures that could not be evaluated (their errors are in `diagnostics`): not checked. */
  readonly unevaluated: readonly string[];
  readonly stale: readonly StaleKnown[];
  /** Figures that could not be evaluated (division by zero …). */
  readonly diagnostics: readonly Diagnostic[];
  /** The laws of the spec and its imports, each checked on generated inputs. */
  readonly laws: readonly LawResult[];
}

export interface CheckOptions {
  /** Generated cases per law (0 skips the laws). */
  readonly lawRuns?: number;
  /** Laws checked for earlier specs: a library's laws are checked once for all the reports that import it. */
  readonly lawMemo?: LawMemo;
  /** Only these published figures (by name), for explaining a few figures of a large spec; every one by default. */
  readonly only?: ReadonlySet<string>;
}

/**
 * A known inconsistency without `computes` excuses whatever its figure comes to, even after the
 * inputs change (a spec copied to next year with last year's `known`): a warning that gives the
 * declaration to write, with the value the formula gives now.
 */
function unstatedKnown(figure: string, known: ast.KnownDecl, rounded: Decimal, decimals: number, printed: ast.NumberLit): Diagnostic {
  const value = quantityText(rounded.toFixed(decimals), printed.unit ? unitSpelling(printed.unit) : "");
  return warning("R0607", `the known inconsistency of \`${figure}\` does not say what its formula computes`, known.name.span, {
    label: `computes ${value} now`,
    hint: `write \`known ${known.name.name} computes ${value} "…"\`: then check reports a mismatch again when the inputs change, instead of excusing any value`,
  });
}

/** Checks every published figure of a compiled spec, and its laws. */
export function checkSpec(spec: CompiledSpec, options: CheckOptions = {}): CheckResult {
  const { program, calculation } = spec;
  const failed = calculation.failedFigures();
  const reportMode = modeOf(program.report?.rounding, DEFAULT_ROUNDING);
  const intervals = new IntervalInputs(spec, reportMode);
  const knownReasons = new Map(program.knowns.map((k) => [k.figure, k.declaration]));
  const figures: FigureCheck[] = [];
  const stale: StaleKnown[] = [];
  const diagnostics: Diagnostic[] = [];
  const unevaluated: string[] = [];
  // The mismatches, with how to tell whether a value reproduces each: searched for causes once every status is known.
  const slipSearches: { at: number; reproduces: (value: IntervalValue) => boolean }[] = [];
  // A report prints its figures in a handful of units: the printed unit and the conversion from the
  // computed one are worked out once per pair of units (computed, then printed), not once per figure.
  const conversions = new Map<string, Map<string, { unit: Unit; factor: Decimal }>>();

  for (const symbol of program.figures.values()) {
    if (symbol.kind !== "formula" || !symbol.declaration.published || (options.only && !options.only.has(symbol.name))) continue;
    const value = calculation.valueOf(symbol);
    if (value === undefined || typeof value === "boolean") {
      unevaluated.push(symbol.name);
      continue;
    }
    const published = symbol.declaration.published;
    const computedType = spec.typed.types.of(symbol);
    const computedUnit = computedType?.kind === "quantity" ? computedType.unit : Unit.none;
    let byPrinted = conversions.get(computedUnit.label);
    if (!byPrinted) conversions.set(computedUnit.label, (byPrinted = new Map()));
    const written = published.value.unit;
    const printedKey = written ? unitSpelling(written) : "";
    let conversion = byPrinted.get(printedKey);
    if (!conversion) {
      const unit = written ? writtenUnit(written) : Unit.none;
      conversion = { unit, factor: conversionFactor(computedUnit, unit, program.units)! };
      byPrinted.set(printedKey, conversion);
    }
    const { unit: printedUnit, factor } = conversion;
    const mode = modeOf(published.rounding, reportMode);
    const printed = calculation.publishedValueOf(symbol) ?? intervals.printedValue(symbol);
    const computed = factor === ONE ? exact(value) : multiply(value, factor);
    // A table's score printed 5 in a column of 4.53 is read as 5.00 (readDecimals).
    const decimals = published.readDecimals ?? published.value.decimals;
    const rounded = round(computed, decimals, mode);
    const known = knownReasons.get(symbol.name);
    // `-0.00` is printed for a value below zero only: 0.001 rounds to 0.00, but is not printed -0.00.
    const printedNegative = published.value.negativeZero === true;
    let status: FigureStatus;
    let interval: Interval | undefined;
    let parts: readonly Interval[] | undefined;
    if (compare(rounded, printed) === 0 && (!printedNegative || compare(computed, ZERO) < 0)) {
      status = "exact";
    } else {
      const enclosure = intervals.formula(symbol);
      interval = scaleInterval(enclosure, factor);
      parts = interval && partsOf(enclosure, factor, interval);
      const printedStandsFor = printedInterval(printed, decimals, mode, printedNegative);
      status = interval && (parts ?? [interval]).some((part) => intersects(part, printedStandsFor)) ? "within-rounding" : "mismatch";
      if (status === "mismatch") {
        slipSearches.push({
          at: figures.length,
          reproduces: (value: IntervalValue) => {
            const box = scaleInterval(value, factor);
            return box !== undefined && box.low.isFinite() && intersects(box, printedStandsFor);
          },
        });
      }
    }
    // A known inconsistency excuses the disagreement it was declared for: the value its `computes`
    // says. When the inputs change and the formula gives another value, the figure is a mismatch again.
    let knownComputes: Decimal | undefined;
    if (known) {
      const declared = known.computes && decimal(known.computes.value);
      if (status !== "mismatch") stale.push({ figure: symbol.name, status, declaration: known });
      // Compared as the figure is rounded: `computes 2.234` for a figure printed to two decimals is 2.23.
      else if (declared === undefined || compare(round(declared, decimals, mode), rounded) === 0) status = "known-inconsistency";
      else knownComputes = declared;
      if (status === "known-inconsistency" && declared === undefined) diagnostics.push(unstatedKnown(symbol.name, known, rounded, decimals, published.value));
    }
    figures.push({
      name: symbol.name,
      published: printed,
      ...(printedNegative ? { printedNegative } : {}),
      decimals,
      printedDecimals: published.value.decimals,
      unit: printedUnit,
      computed,
      rounded,
      difference: subtract(computed, printed),
      rounding: mode,
      citation: symbol.citation?.text,
      symbol,
      status,
      interval,
      ...(parts ? { parts } : {}),
      reason: known?.reason.text,
      ...(knownComputes ? { knownComputes } : {}),
    });
  }
  explainMismatches(spec, figures, slipSearches);
  // A formula that cannot be evaluated is an error when a published figure needs it; a formula no
  // published figure uses cannot stop the check of the others, so its failure is a warning.
  const needed = failed.size === 0 ? new Set<string>() : neededByPublished(spec);
  // Evaluation failures first (an array literal's spread iterates; unshift(...many) would overflow the stack).
  const all: Diagnostic[] = [...[...failed].map(([name, d]) => (needed.has(name) ? d : { ...d, severity: "warning" as const })), ...diagnostics];
  addAll(all, fractionalCounts(spec));
  if (figures.length === 0 && unevaluated.length === 0 && program.laws.length === 0 && !options.only) all.push(nothingToCheck(program));
  const laws = options.lawRuns === 0 ? [] : checkLaws(spec, { runs: options.lawRuns ?? DEFAULT_LAW_RUNS, ...(options.lawMemo ? { memo: options.lawMemo } : {}) });
  return { title: program.report?.title, file: program.root, figures, unevaluated, stale, diagnostics: all, laws };
}

/**
 * What a mismatch can be traced to, worked out in evaluation order: the published figures whose
 * printed values it reads that are mismatches no fact explains (those values may be what is
 * wrong), and one fact written in 元 for 万元 or the other way round. The fact is looked for in the
 * first twenty mismatches only (a spec that is mostly wrong is not searched for each), and not for a
 * figure printed 0, which any small value would reproduce.
 */
function explainMismatches(spec: CompiledSpec, figures: FigureCheck[], mismatches: readonly { at: number; reproduces: (value: IntervalValue) => boolean }[]): void {
  if (mismatches.length === 0) return;
  const rank = (at: number) => spec.calculation.rankOf(figures[at]!.symbol);
  const inOrder = mismatches.filter(({ at }) => figures[at]!.status === "mismatch").sort((a, b) => rank(a.at) - rank(b.at));
  // The mismatches that no fact in the wrong unit explains, so far.
  const unexplained = new Set<FigureSymbol>();
  const inputs = new MismatchedInputs(spec, unexplained);
  let searches = 20;
  for (const { at, reproduces } of inOrder) {
    const figure = figures[at]!;
    const mismatched = inputs.of(figure.symbol);
    // Both are said when both are found: a wrong input read as printed, and a fact that, read in
    // the other unit, reproduces the figure (which may be chance when an input is wrong).
    const slip = !figure.published.isZero() && searches-- > 0 ? unitSlip(spec, figure.symbol, reproduces) : undefined;
    figures[at] = { ...figure, ...(mismatched.length > 0 ? { mismatchedInputs: mismatched.map((input) => input.name) } : {}), ...(slip ? { unitSlip: slip } : {}) };
    if (!slip || mismatched.length > 0) unexplained.add(figure.symbol);
  }
}

/** How many mismatched inputs are named for one figure (a province total may read thousands). */
export const MISMATCHED_INPUTS_NAMED = 20;

/**
 * The published figures a formula reads at their printed values, directly or through formulas it
 * reads at their computed values (those not printed, and those read with `computed(…)`), that are
 * mismatches no fact explains: the first `MISMATCHED_INPUTS_NAMED`. Worked out once per formula:
 * asked in evaluation order, every input has been decided by the time a formula is asked about.
 */
class MismatchedInputs {
  private readonly memo = new Map<FigureSymbol, readonly FormulaSymbol[]>();

  constructor(
    private readonly spec: CompiledSpec,
    private readonly unexplained: ReadonlySet<FigureSymbol>,
  ) {}

  of(root: FormulaSymbol): readonly FormulaSymbol[] {
    // Depth first, without recursion (a chain of formulas may be thousands long): a formula is
    // worked out once every formula it reads through has been.
    const stack: FormulaSymbol[] = [root];
    const pendingReads = new Map<FormulaSymbol, { symbol: FormulaSymbol; through: boolean }[]>();
    while (stack.length > 0) {
      const formula = stack.at(-1)!;
      if (this.memo.has(formula)) {
        stack.pop();
        continue;
      }
      // A formula's reads are worked out once, kept while what it reads through is worked out first.
      let reads = pendingReads.get(formula);
      if (!reads) pendingReads.set(formula, (reads = this.readsOf(formula)));
      const waiting = reads.filter((r) => r.through && !this.memo.has(r.symbol));
      if (waiting.length > 0) {
        for (const r of waiting) stack.push(r.symbol);
        continue;
      }
      pendingReads.delete(formula);
      const found = new Set<FormulaSymbol>();
      for (const r of reads) {
        if (found.size >= MISMATCHED_INPUTS_NAMED) break;
        if (!r.through) {
          if (this.unexplained.has(r.symbol)) found.add(r.symbol);
          continue;
        }
        for (const input of this.memo.get(r.symbol)!) {
          if (found.size >= MISMATCHED_INPUTS_NAMED) break;
          found.add(input);
        }
      }
      this.memo.set(formula, [...found]);
      stack.pop();
    }
    return this.memo.get(root)!;
  }

  /** The formulas a formula reads: a published one at its printed value, or through (its computed value). */
  private readsOf(formula: FormulaSymbol): { symbol: FormulaSymbol; through: boolean }[] {
    const body = this.spec.typed.formulas.of(formula);
    const reads: { symbol: FormulaSymbol; through: boolean }[] = [];
    const seen = new Set<string>();
    const pending: Typed[] = body ? [body] : [];
    while (pending.length > 0) {
      const node = pending.pop()!;
      if (node.kind !== "figure") {
        // In reverse, so that they are read in the order they are written.
        const children = typedChildren(node);
        for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]!);
        continue;
      }
      const symbol = node.symbol;
      if (symbol.kind !== "formula") continue;
      const through = !symbol.declaration.published || node.read === "computed";
      const key = `${symbol.index} ${through}`;
      if (seen.has(key)) continue;
      seen.add(key);
      reads.push({ symbol, through });
    }
    return reads;
  }
}

/** An empty spec, or one of facts and formulas only: often another file than the one meant. */
function nothingToCheck(program: Program): Diagnostic {
  const root = program.modules.find((m) => m.file.path === program.root)?.file;
  return warning("R0608", `nothing to check: \`${program.root}\` publishes no figure and states no law`, root && span(root, 0, 0), {
    hint: "a figure is checked when it is declared with its printed value: figure NAME = FORMULA published VALUE",
  });
}

/**
 * A warning for every fact in a unit that counts things (人, 个, 次 …) whose value is not a whole
 * number of them (40.6 人): a typo, or an average, which is a rate (人次/天) and is declared as one.
 * The check reads such a fact as its rounding interval, not as a whole count.
 */
function fractionalCounts(spec: CompiledSpec): Diagnostic[] {
  const found: Diagnostic[] = [];
  const perUnitByLabel = new Map<string, Decimal | undefined>();
  for (const symbol of spec.program.figures.values()) {
    if (symbol.kind !== "fact") continue;
    const fact = spec.facts.of(symbol);
    const type = spec.typed.types.of(symbol);
    if (!fact || type?.kind !== "quantity") continue;
    const label = type.unit.label;
    if (!perUnitByLabel.has(label)) perUnitByLabel.set(label, spec.program.units.countPerUnit(type.unit));
    const perUnit = perUnitByLabel.get(label);
    if (!perUnit || multiply(fact.value, perUnit).isInteger()) continue;
    found.push(
      warning("R0606", `\`${symbol.name}\` counts ${label} but is ${format(fact.value)} ${label}, not a whole number`, symbol.declaration.span, {
        hint: `check the number; an average is a rate: declare it in a unit such as ${label}/天 or ${label}/月`,
      }),
    );
  }
  return found;
}

/** Every published figure and everything it depends on. */
function neededByPublished(spec: CompiledSpec): Set<string> {
  const published = [...spec.program.figures.values()].filter((s) => s.kind === "formula" && s.declaration.published).map((s) => s.name);
  return reachableFrom(published, spec.graph.uses);
}

/**
 * The true values a printed fact stands for: those that round to it, and of them, in a unit that
 * counts things (人, 辆, 个), only whole numbers; a headcount printed 40 人 stands for 40 alone. A
 * published figure in such a unit may be an average (日均 27.53 人次 printed 28 人次), so this is
 * for facts only; an average given as a fact is a rate and is declared in its rate unit (人次/天).
 */
function factStandsFor(printed: Decimal, decimals: number, mode: RoundingMode, unit: Unit, units: UnitTable): Interval {
  const rounded = roundingInterval(printed, decimals, mode);
  const perUnit = units.countPerUnit(unit);
  return (perUnit && wholeCountsIn(rounded, perUnit)) || rounded;
}

function modeOf(name: ast.Name | undefined, fallback: RoundingMode): RoundingMode {
  return name && isRoundingMode(name.name) ? name.name : fallback;
}

/**
 * The intervals, within `box`, one of which the value lies in, when an undecided condition left it
 * in several apart (an all-or-nothing score: 0 or the weight); undefined when it is one interval.
 */
function partsOf(x: IntervalValue | undefined, factor: Decimal, box: Interval): Interval[] | undefined {
  if (x === undefined || typeof x === "string" || !x.parts || factor.isNegative()) return undefined;
  const parts: Interval[] = [];
  for (const part of x.parts) {
    const within = intersection(scaled(part, factor), box);
    if (within && !parts.some((p) => sameInterval(p, within))) parts.push(within);
  }
  parts.sort((a, b) => a.low.comparedTo(b.low));
  return parts.length > 1 ? parts : undefined;
}

function sameInterval(a: Interval, b: Interval): boolean {
  return a.low.equals(b.low) && a.high.equals(b.high) && a.lowOpen === b.lowOpen && a.highOpen === b.highOpen;
}

function scaleInterval(x: IntervalValue | undefined, factor: Decimal): Interval | undefined {
  if (x === undefined || typeof x === "string") return undefined;
  if (factor.isNegative()) return undefined;
  return scaled(x.box, factor);
}

/** An interval in another unit: its ends times a conversion factor (positive). */
function scaled(box: Interval, factor: Decimal): Interval {
  return { low: multiply(box.low, factor), high: multiply(box.high, factor), lowOpen: box.lowOpen, highOpen: box.highOpen };
}

/** The interval of each input and each formula, computed on demand and remembered. */
class IntervalInputs {
  private readonly compiler = new IntervalCompiler();
  private readonly values = new Map<FigureSymbol, IntervalValue>();
  /** One noise symbol per printed input, so that every use of it moves together. */
  private readonly noise = new Map<FigureSymbol, number>();

  constructor(
    private readonly spec: CompiledSpec,
    private readonly reportMode: RoundingMode,
  ) {}

  printedValue(symbol: FormulaSymbol): Decimal {
    return decimalOf(symbol.declaration.published!.value);
  }

  private input = (symbol: FigureSymbol, read: "printed" | "computed"): IntervalValue => {
    if (symbol.kind === "fact") {
      const fact = this.spec.facts.of(symbol);
      if (!fact) return "unknown";
      if (symbol.declaration.exact) return enclose({ low: fact.value, high: fact.value, lowOpen: false, highOpen: false }, this.noiseOf(symbol));
      const type = this.spec.typed.types.of(symbol);
      const unit = type?.kind === "quantity" ? type.unit : Unit.none;
      return enclose(factStandsFor(fact.value, fact.decimals, this.reportMode, unit, this.spec.program.units), this.noiseOf(symbol));
    }
    const published = symbol.declaration.published;
    if (published && read === "printed") {
      const unit = published.value.unit ? writtenUnit(published.value.unit) : Unit.none;
      const value = decimalOf(published.value);
      const printed = roundingInterval(value, published.readDecimals ?? published.value.decimals, modeOf(published.rounding, this.reportMode));
      return enclose(this.printedRead(symbol, value, printed, unit), this.noiseOf(symbol));
    }
    return this.values.get(symbol) ?? "unknown";
  };

  /**
   * What another formula reads as a published figure's printed value. The publisher used either the
   * printed number or the figure's true value, and the true value lies both in the interval that
   * rounds to the print and in the interval of the figure's own formula: a score printed 5 whose
   * formula gives exactly 5 is 5, not anything from 4.5 to 5.5. So: where the two intervals meet,
   * and the printed value. Where they do not meet (the figure disagrees with its formula), or the
   * figure's own interval is not known, the interval of the print alone. (A printed read cannot lead
   * back to the figure reading it: reads as printed are dependencies too, and cycles are R0401.)
   */
  private printedRead(symbol: FormulaSymbol, value: Decimal, printed: Interval, unit: Unit): Interval {
    const type = this.spec.typed.types.of(symbol);
    const factor = conversionFactor(type?.kind === "quantity" ? type.unit : Unit.none, unit, this.spec.program.units);
    if (!factor) return printed;
    const own = scaleInterval(this.formula(symbol), factor);
    const meet = own && intersection(own, printed);
    return meet ? withPoint(meet, value) : printed;
  }

  private noiseOf(symbol: FigureSymbol): number {
    let noise = this.noise.get(symbol);
    if (noise === undefined) {
      noise = freshSymbol();
      this.noise.set(symbol, noise);
    }
    return noise;
  }

  /**
   * The interval of a formula's value over the rounding of every printed input. The formulas it
   * reads at full precision are computed first, in dependency order (so a long chain of formulas
   * needs no recursion), and every result is remembered.
   */
  formula(symbol: FigureSymbol): IntervalValue | undefined {
    if (!this.values.has(symbol)) this.computeWithDependencies(symbol);
    return this.values.get(symbol);
  }

  private computeWithDependencies(symbol: FigureSymbol): void {
    const { graph, typed } = this.spec;
    const needed = new Set<FigureSymbol>([symbol]);
    const pending = [symbol];
    while (pending.length > 0) {
      for (const use of graph.uses.ofFigures[pending.pop()!.index]!) {
        const used = use.symbol;
        if (used.kind === "function" || needed.has(used) || this.values.has(used) || !typed.formulas.of(used)) continue;
        needed.add(used);
        pending.push(used);
      }
    }
    for (const formula of this.rankOrder(needed)) {
      const body = typed.formulas.of(formula);
      if (!body) continue;
      let value: IntervalValue;
      try {
        value = this.compiler.compile(body)(this.input, []);
      } catch (e) {
        if (!(e instanceof DigitLimitExceeded) && !(e instanceof RangeError)) throw e;
        value = "unknown";
      }
      this.values.set(formula, value);
    }
  }

  /** The given formulas in evaluation order. */
  private rankOrder(formulas: ReadonlySet<FigureSymbol>): FigureSymbol[] {
    const calculation = this.spec.calculation;
    return [...formulas].sort((a, b) => calculation.rankOf(a) - calculation.rankOf(b));
  }
}

function decimalOf(literal: ast.NumberLit): Decimal {
  return decimal(literal.value);
}
