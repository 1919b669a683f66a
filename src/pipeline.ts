import { addAll, error, hasErrors, type Diagnostic } from "./diagnostics/diagnostic";
import type { RuntimeValue } from "./evaluation/compile";
import { Calculation } from "./evaluation/evaluate";
import { FactStore } from "./evaluation/fact-store";
import { buildDependencyGraph, reachableFrom, type DependencyGraph } from "./semantics/dependency-graph";
import { loadSpecs, type Module, type SpecHost } from "./semantics/loader";
import { EXPRESSION_NAME, type Program } from "./semantics/program";
import { resolve } from "./semantics/resolver";
import type { ValueType } from "./semantics/typed";
import { conversionFactor } from "./semantics/units";
import { multiply } from "./numbers/exact";
import { checkUnits, type TypedProgram } from "./semantics/typing";
import type * as ast from "./syntax/ast";
import { parseExpression } from "./syntax/parse";
import { SourceFile } from "./syntax/source";

/** A spec that passed every static check: names, units, cycles. */
export interface CompiledSpec {
  readonly modules: readonly Module[];
  readonly program: Program;
  readonly graph: DependencyGraph;
  readonly typed: TypedProgram;
  /** The current value of every fact: as printed in the spec, or as supplied since. */
  readonly facts: FactStore;
  /** The formulas compiled to closures, with the current value of every figure. */
  readonly calculation: Calculation;
  /** Warnings from the static stages. */
  readonly warnings: readonly Diagnostic[];
}

export type Compilation = { spec: CompiledSpec; diagnostics: readonly Diagnostic[] } | { spec: undefined; diagnostics: readonly Diagnostic[] };

/**
 * The static pipeline: load (with imports) → parse → resolve names → dependency graph → units →
 * compile. Like a compiler driver it stops after the first stage that reports an error, so later
 * stages never see a program with unresolved names or inconsistent units.
 */
export function compileSpec(roots: readonly string[], host: SpecHost): Compilation {
  const loaded = loadSpecs(roots, host);
  if (hasErrors(loaded.diagnostics)) return { spec: undefined, diagnostics: loaded.diagnostics };
  return compileModules(loaded.modules, loaded.diagnostics);
}

export function compileModules(modules: readonly Module[], earlier: readonly Diagnostic[] = [], rootKey?: string): Compilation {
  try {
    return compileStages(modules, earlier, rootKey);
  } catch (e) {
    // The limits keep every stage's recursion shallow; this is the last line of defence.
    if (!(e instanceof RangeError)) throw e;
    const root = modules.find((m) => m.file.path === rootKey) ?? modules.at(-1);
    return {
      spec: undefined,
      diagnostics: [...earlier, error("R0108", "the spec is too complex to compile", root?.syntax.span, { hint: "simplify its deepest formulas and functions" })],
    };
  }
}

function compileStages(modules: readonly Module[], earlier: readonly Diagnostic[], rootKey: string | undefined): Compilation {
  const diagnostics: Diagnostic[] = [...earlier];
  const resolved = resolve(modules, rootKey);
  addAll(diagnostics, resolved.diagnostics);
  if (hasErrors(diagnostics)) return { spec: undefined, diagnostics };

  const { graph, diagnostics: graphDiagnostics } = buildDependencyGraph(resolved.program);
  addAll(diagnostics, graphDiagnostics);
  if (hasErrors(diagnostics)) return { spec: undefined, diagnostics };

  const { typed, diagnostics: unitDiagnostics } = checkUnits(resolved.program, graph);
  addAll(diagnostics, unitDiagnostics);
  if (hasErrors(diagnostics)) return { spec: undefined, diagnostics };

  const facts = new FactStore(resolved.program);
  const calculation = new Calculation(resolved.program, typed, graph, facts);
  return { spec: { modules, program: resolved.program, graph, typed, facts, calculation, warnings: diagnostics }, diagnostics };
}

export interface ExpressionResult {
  readonly value: RuntimeValue | undefined;
  readonly type: ValueType | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /**
   * When the expression is the name of a published figure: its value is the printed one (as other
   * formulas read it), and this is what its own formula computes.
   */
  readonly computed?: RuntimeValue;
  /** When the expression is the name of a published figure whose own formula cannot be evaluated (a warning says why). */
  readonly computedFails?: true;
}

/**
 * Evaluates one expression, alone or in the context of specs (whose figures it may name), through
 * the same pipeline as a spec: it is compiled as one more formula.
 */
export function evaluateExpression(
  text: string,
  context?: {
    roots: readonly string[];
    host: SpecHost;
    /** Runs once the spec is compiled, before anything is evaluated (to supply facts); its errors stop the evaluation. */
    prepare?: (spec: CompiledSpec) => readonly Diagnostic[];
  },
): ExpressionResult {
  const loaded = context ? loadSpecs(context.roots, context.host) : { modules: [], diagnostics: [] };
  if (hasErrors(loaded.diagnostics)) return { value: undefined, type: undefined, diagnostics: loaded.diagnostics };
  const file = new SourceFile(EXPRESSION_NAME, text);
  const parsed = parseExpression(file);
  if (hasErrors(parsed.diagnostics)) return { value: undefined, type: undefined, diagnostics: parsed.diagnostics };
  const whole = { file, start: 0, end: text.length };
  const formula: ast.FormulaDecl = { kind: "formula", name: { name: EXPRESSION_NAME, span: whole }, body: parsed.value, span: whole };
  const module: Module = { file, syntax: { declarations: [formula], comments: [], span: whole }, imports: [] };
  const compiled = compileModules([...loaded.modules, module], loaded.diagnostics, context?.roots[0]);
  if (!compiled.spec) return { value: undefined, type: undefined, diagnostics: compiled.diagnostics };
  const prepared = context?.prepare?.(compiled.spec) ?? [];
  if (hasErrors(prepared)) return { value: undefined, type: undefined, diagnostics: [...compiled.diagnostics, ...prepared] };
  const { calculation, graph } = compiled.spec;
  // Only the expression and what it depends on matter: another figure of the spec that cannot be
  // evaluated is not this expression's problem.
  const value = calculation.value(EXPRESSION_NAME);
  // In evaluation order: the figure that failed first comes before those that fail because of it.
  const rank = (name: string) => {
    const symbol = compiled.spec!.program.figures.get(name);
    return symbol ? calculation.rankOf(symbol) : Number.MAX_SAFE_INTEGER;
  };
  const failing = [...reachableFrom([EXPRESSION_NAME], graph.uses)].filter((name) => calculation.failureOf(name) !== undefined);
  // With a value, the expression read a failing figure's printed value (downstream formulas read what
  // the report prints): the failure is worth a warning, but does not stop the answer.
  const failures = failing.sort((a, b) => rank(a) - rank(b)).map((name) => (value === undefined ? calculation.failureOf(name)! : { ...calculation.failureOf(name)!, severity: "warning" as const }));
  const type = compiled.spec.typed.types.get(EXPRESSION_NAME);
  const named = parsed.value.kind === "name" ? compiled.spec.program.references.get(parsed.value) : undefined;
  const published = named?.kind === "formula" && named.declaration.published !== undefined ? named : undefined;
  const computed = published && inUnitOf(calculation.valueOf(published), compiled.spec.typed.types.of(published), type, compiled.spec.program);
  return {
    value,
    type,
    diagnostics: [...compiled.diagnostics, ...prepared, ...failures],
    ...(computed === undefined ? {} : { computed }),
    ...(published && calculation.failureOf(published.name) ? { computedFails: true as const } : {}),
  };
}

/** A value of one type in the unit of another of the same kind (a figure's ratio in the % it is printed in). */
function inUnitOf(value: RuntimeValue | undefined, from: ValueType | undefined, to: ValueType | undefined, program: Program): RuntimeValue | undefined {
  if (value === undefined || typeof value === "boolean" || from?.kind !== "quantity" || to?.kind !== "quantity") return value;
  const factor = conversionFactor(from.unit, to.unit, program.units);
  return factor === undefined ? undefined : multiply(value, factor);
}
