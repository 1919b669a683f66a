import fc from "fast-check";
import { Compiler, EvaluationFailure, type RuntimeValue } from "../evaluation/compile";
import { decimal, DigitLimitExceeded, format, type Decimal } from "../numbers/exact";
import type { CompiledSpec } from "../pipeline";
import type { LawSymbol } from "../semantics/program";
import type { ValueType } from "../semantics/typed";
import type { TypedLaw } from "../semantics/typing";
import type * as ast from "../syntax/ast";
import { printExpression, printNumber } from "../syntax/print";
import { location } from "../syntax/source";
import { lawKey, type LawMemo } from "./law-memo";
import { decimalsOf, withUnit } from "../text/decimal-text";

/** One value of a counterexample: a law variable, its value and its unit. */
export interface LawValue {
  readonly name: string;
  readonly value: string;
  readonly unit: string;
}

export interface LawResult {
  readonly name: string;
  readonly description?: string;
  readonly status: "holds" | "fails";
  /** How many generated cases were tried (up to the first failure). */
  readonly runs: number;
  /** The smallest failing case fast-check found. */
  readonly counterexample?: readonly LawValue[];
  /** Why it fails: the condition is false, or evaluating it failed (division by zero …). */
  readonly reason?: string;
  /** Fact declarations and a formula that reproduce the failure when pasted into a spec. */
  readonly reproduction?: string;
  /** file:line:column of the law. */
  readonly location: string;
}

export interface LawOptions {
  /** Generated cases per law. */
  readonly runs?: number;
  /** The random seed: the same seed gives the same cases, so check is reproducible. */
  readonly seed?: number;
  /** Results of laws checked before (for other reports importing the same library), to reuse. */
  readonly memo?: LawMemo;
}

export const DEFAULT_LAW_RUNS = 100;
export const DEFAULT_LAW_SEED = 20_240_101;

/**
 * Checks every law of a spec (and of what it imports) with fast-check: values are drawn from each
 * variable's range (with the decimals of its bounds, edges and small values first), the condition is
 * evaluated exactly, and a failing case is shrunk to a small one.
 */
export function checkLaws(spec: CompiledSpec, options: LawOptions = {}): LawResult[] {
  // A law reads no figure: its condition reads only its variables.
  const compiler = new Compiler();
  return spec.program.laws.map((law) => {
    const typed = spec.typed.laws.get(law.name);
    const where = location(law.declaration.name.span);
    const description = law.declaration.description?.text;
    const base = { name: law.name, ...(description === undefined ? {} : { description }), location: where };
    if (!typed) return { ...base, status: "holds" as const, runs: 0 };
    const runs = options.runs ?? DEFAULT_LAW_RUNS;
    const seed = (options.seed ?? DEFAULT_LAW_SEED) ^ hash(law.name);
    if (!options.memo) return checkLaw(law, typed, base, runs, seed, compiler);
    const span = law.declaration.span;
    const key = lawKey([law.name, where, span.file.text.slice(span.start, span.end), String(runs), String(seed)], typed.variableTypes, typed.condition);
    return options.memo.result(key, () => checkLaw(law, typed, base, runs, seed, compiler));
  });
}

/** One law, on `runs` cases drawn from its variables' ranges. */
function checkLaw(law: LawSymbol, typed: TypedLaw, base: Pick<LawResult, "name" | "description" | "location">, runs: number, seed: number, compiler: Compiler): LawResult {
  const condition = compiler.compile(typed.condition);
  let failure: string | undefined;
  const holds = (values: readonly Decimal[]): boolean => {
    failure = undefined;
    let result: RuntimeValue;
    try {
      result = condition({ computed: [], printed: [] }, values);
    } catch (e) {
      if (e instanceof EvaluationFailure) failure = e.reason === "division-by-zero" ? `it divides by zero at ${location(e.span)}` : e.detail;
      else if (e instanceof DigitLimitExceeded) failure = e.message;
      else throw e;
      return false;
    }
    return result === true;
  };
  const arbitraries = law.declaration.variables.map((variable) => arbitraryOf(variable.range));
  const run = fc.check(
    fc.property(fc.tuple(...arbitraries), (values) => holds(values)),
    { numRuns: runs, seed },
  );
  if (!run.failed || !run.counterexample) return { ...base, status: "holds" as const, runs: run.numRuns };
  const values = run.counterexample[0] as Decimal[];
  holds(values); // Evaluate the shrunk case again, so `failure` describes it.
  const counterexample = law.declaration.variables.map((variable, i) => ({
    name: variable.name.name,
    value: format(values[i]!),
    unit: unitLabel(typed.variableTypes[i]!),
  }));
  return {
    ...base,
    status: "fails" as const,
    runs: run.numRuns,
    counterexample,
    reason: failure ?? "the condition is false",
    reproduction: reproduction(law, counterexample),
  };
}

/** Values of a range with the decimals of its bounds (`0.00 .. 100` draws hundredths), or one of a list. */
function arbitraryOf(range: ast.LawRange): fc.Arbitrary<Decimal> {
  if (range.kind === "list") return fc.constantFrom(...range.values.map((v) => decimal(v.value)));
  const places = Math.max(range.low.decimals, range.high.decimals);
  const scaled = (literal: ast.NumberLit) => BigInt(decimal(literal.value).times(`1e${places}`).toFixed(0));
  return fc.bigInt({ min: scaled(range.low), max: scaled(range.high) }).map((n) => decimal(`${n}e-${places}`));
}

function unitLabel(type: ValueType): string {
  return type.kind === "quantity" ? type.unit.label : "";
}

/** What to paste into a spec (importing the same library) to see the failure: `reckon eval SPEC NAME.holds`. */
function reproduction(law: LawSymbol, values: readonly LawValue[]): string {
  const facts = values.map((v) => {
    const literal: ast.NumberLit = { kind: "number", value: v.value, decimals: decimalsOf(v.value), span: law.declaration.span };
    return `fact ${v.name} = ${withUnit(printNumber(literal), v.unit)}`;
  });
  const condition = printExpression(law.declaration.condition, { clarify: true });
  return [`// law ${law.name} fails for these values:`, ...facts, `formula ${law.name}.holds = ${condition}`].join("\n");
}


/** A small stable hash of a name, so every law draws its own cases from the one seed. */
function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (Math.imul(h, 31) + ch.codePointAt(0)!) | 0;
  return h;
}
