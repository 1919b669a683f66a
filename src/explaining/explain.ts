import { checkSpec, type CheckResult, type FigureCheck, type FigureStatus } from "../checking/check";
import { error, type Diagnostic } from "../diagnostics/diagnostic";
import type { RuntimeValue } from "../evaluation/compile";
import { format } from "../numbers/exact";
import { roundingInterval, wholeCountsIn, type Interval, type RoundingMode } from "../numbers/rounding";
import { evaluateExpression, type CompiledSpec, type ExpressionResult } from "../pipeline";
import { memoryHost } from "../semantics/loader";
import { reachableFrom } from "../semantics/dependency-graph";
import { referenceOf, type FigureSymbol, type KnownInconsistency } from "../semantics/program";
import { typedChildren, type Count, type FunctionInstance, type Typed, type ValueType } from "../semantics/typed";
import type * as ast from "../syntax/ast";
import { printDeclaration, printExpression, printNumber, printUnit } from "../syntax/print";
import { quantityText } from "../text/decimal-text";

/** A place in a spec file. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A function a formula calls, with its definition, so a reader can follow the arithmetic. */
export interface ExplainedFunction {
  readonly name: string;
  readonly definition: string;
  readonly location: SourceLocation;
}

/** An interval with decimal-string ends, and whether each end is left out. */
export interface ExplainedInterval {
  readonly low: string;
  readonly high: string;
  readonly lowOpen: boolean;
  readonly highOpen: boolean;
}

function explainedInterval(x: Interval): ExplainedInterval {
  return { low: format(x.low), high: format(x.high), lowOpen: x.lowOpen, highOpen: x.highOpen };
}

/**
 * One figure in a derivation: a published figure, an unpublished formula, or a fact (a leaf).
 * Values are decimal strings at full precision; `used` is what the parent formula read (a published
 * figure is read at its printed value unless the formula asks for `computed(…)`).
 */
export interface ExplainNode {
  readonly name: string;
  readonly kind: "fact" | "formula" | "published";
  /**
   * The figure's value: a fact as printed, a formula computed at full precision. The empty string
   * when it has none: an input below the root that cannot be evaluated (a formula that divides by
   * zero in a branch the root does not take), shown as "(no value)". (The root always has a value:
   * explain throws when it has none.)
   */
  readonly value: string;
  readonly unit: string;
  readonly location: SourceLocation;
  readonly citation?: string;
  /** A fact declared `exact`: its value is as printed, not rounded (a weight, a grade of the template). */
  readonly exact?: true;
  /** For a fact in a unit that counts things (人, 个, 次) printed as a whole number: it stands for that number alone, not a range (see `check`). */
  readonly count?: true;
  /** For a fact a fact file or the API gave in another unit than the declared one: as it was given (`13,625,000 元`). */
  readonly given?: string;
  /** The formula as written in the spec (for a table row: the row). */
  readonly source?: string;
  /** The formula with every name in full: evaluating it over the children's `used` values gives `value`. */
  readonly expression?: string;
  readonly functions?: readonly ExplainedFunction[];
  /**
   * The formula with the value it used in place of each figure (`proportional(29.5 万元, 30 万元, 7, -1)`)
   * and, when it is a call of one function, that function's body with the values in place of its
   * parameters (`7 * min(29.5 万元 / 30 万元, 1)`): the arithmetic a reader can redo by hand. An
   * `if` of the body whose condition the values decide is unfolded to the branch taken
   * (`(13.90 万元 - 8.8 万元) / 8.8 万元`), and `conditions` says how each was decided
   * (`8.8 万元 == 0 is false`).
   */
  readonly withValues?: { readonly formula: string; readonly unfolded?: string; readonly conditions?: readonly string[] };
  /** For a published figure: the value as printed and the computed value rounded the same way. */
  readonly printed?: {
    readonly value: string;
    readonly text: string;
    /** Printed `-0.00`: a value below zero that rounds to zero (`value` is 0). */
    readonly negativeZero?: true;
    readonly decimals: number;
    readonly unit: string;
    /** The computed value in the printed unit, at full precision. */
    readonly computed: string;
    readonly rounded: string;
    readonly rounding: RoundingMode;
    /** The computed value minus the printed one, in the printed unit (as `check` gives it). */
    readonly difference: string;
  };
  readonly status?: FigureStatus;
  /** The reason its `known` declaration gives, when it has one. */
  readonly reason?: string;
  /** Where that `known` declaration is. */
  readonly knownAt?: SourceLocation;
  /**
   * The value that `known` declaration says the formula computes, when it now computes another (a
   * mismatch): the inconsistency is not the one the reason explains.
   */
  readonly knownComputes?: string;
  readonly interval?: ExplainedInterval;
  /** When the values the rounding allows are several intervals apart within `interval` (an all-or-nothing score: 0 or the weight). */
  readonly parts?: readonly ExplainedInterval[];
  /** How the parent read this figure, and the value it read (absent at the root). */
  readonly read?: "printed" | "computed";
  readonly used?: { readonly value: string; readonly unit: string };
  /**
   * At the root: the known inconsistencies and mismatches among the figures it is built on, however
   * deep (inputs read with computed() are not listed: their printed values played no part).
   */
  readonly findingsBelow?: readonly { readonly name: string; readonly status: "known-inconsistency" | "mismatch" }[];
  /**
   * For a formula that counts figures (`count(项目.*.总分)`): the figures counted, by full name. Their
   * values play no part, so they are not children; `expression` and `withValues` give the count.
   */
  readonly counted?: readonly string[];
  /** True when this figure was already expanded earlier in the tree; its children are not repeated. */
  readonly seeAbove?: boolean;
  /** True when the depth asked for (`depth`, `--depth` on the command line) cut the tree here: its inputs are not shown. */
  readonly truncated?: boolean;
  readonly children: readonly ExplainNode[];
}

/** What the formula with its values shows for a figure that has none (a fact without a value, a formula in a branch not taken). */
const NO_VALUE = "(no value)";

/** How many values of a name pattern the formula with its values lists (a province's total reads thousands). */
export const PATTERN_VALUES_SHOWN = 50;

/** Deeper derivations are cut (and marked truncated), so a chain of many thousand formulas cannot overflow the stack. */
const MAX_TREE_DEPTH = 500;

export interface ExplainOptions {
  /** How many levels of inputs to show below the root (default: all). */
  readonly depth?: number;
}

/**
 * Why a figure cannot be explained, if it cannot (an empty list when it can): a fact without a
 * value, or a formula that cannot be evaluated. A formula that fails because a figure it reads failed
 * (R0602) comes after that figure's own failure, the first one down the chain: the cause first.
 */
export function cannotExplain(spec: CompiledSpec, name: string): Diagnostic[] {
  const symbol = spec.program.figures.get(name);
  if (!symbol) return [];
  if (symbol.kind === "fact") {
    if (spec.facts.of(symbol)) return [];
    return [
      error("R0603", `the fact \`${name}\` has no value`, symbol.declaration.span, {
        hint: "the spec declares it without a value; supply it in a fact file (--facts) or with setFact",
      }),
    ];
  }
  spec.calculation.value(name);
  const failure = spec.calculation.failureOf(name);
  if (!failure) return [];
  let cause = failure;
  const seen = new Set([name]);
  for (let current = name; cause.code === "R0602"; ) {
    const failed = (spec.graph.uses.get(current) ?? []).find((use) => !seen.has(use.name) && spec.calculation.failureOf(use.name));
    if (!failed) break;
    seen.add(failed.name);
    current = failed.name;
    cause = spec.calculation.failureOf(current)!;
  }
  const asError = (d: Diagnostic): Diagnostic => ({ ...d, severity: "error" });
  return cause === failure ? [asError(failure)] : [asError(cause), asError(failure)];
}

/**
 * An explainer for some figures: the published figures they are built on are checked (their status,
 * the range their inputs allow), not every figure of the spec, so that explaining one figure of a
 * province's spec costs what its derivation costs.
 */
export function explainerFor(spec: CompiledSpec, names: readonly string[]): Explainer {
  return new Explainer(spec, checkSpec(spec, { lawRuns: 0, only: reachableFrom(names, spec.graph.uses) }));
}

/**
 * Traces figures back to the printed facts. Evaluation stays untraced; this walks the typed
 * formulas of one figure's sub-graph and reads the values the evaluator computed.
 */
export class Explainer {
  private readonly values: ReadonlyMap<string, RuntimeValue>;
  private readonly checks: ReadonlyMap<string, FigureCheck>;
  /** The spec's own units (`unit 篇`), as declarations, for evaluating text with values in them (see evaluateAlone). */
  private unitDeclarations: string | undefined;

  constructor(
    private readonly spec: CompiledSpec,
    check: CheckResult,
  ) {
    this.values = spec.calculation.evaluate().values;
    this.checks = new Map(check.figures.map((f) => [f.name, f]));
  }

  explain(name: string, options: ExplainOptions = {}): ExplainNode | undefined {
    if (!this.spec.program.figures.has(name)) return undefined;
    const tree = this.node(name, undefined, new Set(), 0, Math.min(options.depth ?? Infinity, MAX_TREE_DEPTH));
    const findings = this.findingsBelow(name);
    return findings.length > 0 ? { ...tree, findingsBelow: findings } : tree;
  }

  /**
   * The known inconsistencies and mismatches among the figures a figure is built on, however deep
   * (not only as far as --depth shows): a figure that reproduces exactly may still be built on a
   * figure the report prints inconsistently. An input read with computed() is passed through, not
   * listed: its printed value played no part.
   */
  private findingsBelow(name: string): { readonly name: string; readonly status: "known-inconsistency" | "mismatch" }[] {
    const found: { name: string; status: "known-inconsistency" | "mismatch" }[] = [];
    const seen = new Set<string>([name]);
    const pending = [name];
    while (pending.length > 0) {
      for (const input of this.inputsOf(pending.pop()!)) {
        if (seen.has(input.name)) continue;
        seen.add(input.name);
        const status = this.checks.get(input.name)?.status;
        if (input.read === "printed" && (status === "known-inconsistency" || status === "mismatch")) found.push({ name: input.name, status });
        pending.push(input.name);
      }
    }
    return found.sort((a, b) => (a.status === b.status ? 0 : a.status === "mismatch" ? -1 : 1));
  }

  private node(name: string, read: "printed" | "computed" | undefined, expanded: Set<string>, depth: number, maxDepth: number): ExplainNode {
    const symbol = this.spec.program.figures.get(name)!;
    const base = this.describe(symbol);
    // A fact is its printed value, however the formula above names it.
    const how = read === undefined ? undefined : symbol.kind === "fact" ? "printed" : read;
    const used = how === undefined ? undefined : this.usedValue(symbol, how);
    const head = { ...base, ...(how === undefined ? {} : { read: how, used }) };
    if (symbol.kind === "fact") return { ...head, children: [] };
    if (expanded.has(name)) return { ...head, seeAbove: true, children: [] };
    const inputs = this.inputsOf(name);
    if (depth >= maxDepth && inputs.length > 0) return { ...head, truncated: true, children: [] };
    // Only a figure whose inputs are shown is "derived above" where it comes again.
    expanded.add(name);
    return { ...head, children: inputs.map((input) => this.node(input.name, input.read, expanded, depth + 1, maxDepth)) };
  }

  /**
   * Whether a fact counts things (人, 个, 次) and its printed value stands for one whole number alone,
   * as check reads it: 40 人 is 40, but 2.5 人 is the range that rounds to it, and 3.5 万人 every whole
   * number from 34,500 to 35,499.
   */
  private isCount(symbol: FigureSymbol): boolean {
    const type = this.spec.typed.types.of(symbol);
    const perUnit = type?.kind === "quantity" ? this.spec.program.units.countPerUnit(type.unit) : undefined;
    const fact = symbol.kind === "fact" ? this.spec.facts.of(symbol) : undefined;
    if (!perUnit || !fact) return false;
    const whole = wholeCountsIn(roundingInterval(fact.value, fact.decimals), perUnit);
    return whole !== undefined && whole.low.equals(whole.high);
  }

  private describe(symbol: FigureSymbol): Omit<ExplainNode, "children"> {
    const declaration = symbol.declaration;
    const position = declaration.span.file.position(declaration.span.start);
    const location = { file: declaration.span.file.path, line: position.line, column: position.column };
    const citation = symbol.citation?.text;
    if (symbol.kind === "fact") {
      // A fact supplied by a fact file is located in that file.
      const source = this.spec.facts.get(symbol.name)?.source;
      const factLocation = source?.kind === "file" ? { file: source.path, line: source.line, column: 1 } : location;
      const factCitation = this.spec.facts.get(symbol.name)?.citation ?? citation;
      const asGiven = this.spec.facts.get(symbol.name)?.asGiven;
      return {
        name: symbol.name,
        kind: "fact",
        ...this.factValue(symbol),
        ...(asGiven ? { given: quantityText(asGiven.value.toFixed(Math.max(0, asGiven.decimals)), asGiven.unit) } : {}),
        location: factLocation,
        ...(factCitation ? { citation: factCitation } : {}),
        ...(symbol.declaration.exact ? { exact: true as const } : this.isCount(symbol) ? { count: true as const } : {}),
      };
    }
    const formula = symbol.declaration as ast.FormulaDecl;
    const type = this.spec.typed.types.get(symbol.name);
    const value = this.values.get(symbol.name);
    const body = formula.body;
    const counts = countsIn(this.spec.typed.formulas.get(symbol.name));
    const common = {
      name: symbol.name,
      value: value === undefined ? "" : typeof value === "boolean" ? String(value) : format(value),
      unit: type?.kind === "quantity" ? type.unit.label : "",
      location,
      ...(citation ? { citation } : {}),
      // As written, with runs of spaces (a table row's alignment, line breaks) folded to one.
      source: body.span.file.text.slice(body.span.start, body.span.end).replace(/\s+/g, " "),
      expression: this.expressionOf(body, counts),
      functions: this.functionsOf(symbol.name),
      ...this.withValuesOf(symbol.name, body, counts),
      ...(counts.size > 0 ? { counted: [...counts.values()].flatMap((count) => count.counted.map((s) => s.name)) } : {}),
    };
    const check = this.checks.get(symbol.name);
    if (!formula.published || !check) return { ...common, kind: "formula" };
    return {
      ...common,
      kind: "published",
      printed: {
        value: formula.published.value.value,
        text: printNumber(formula.published.value),
        ...(check.printedNegative ? { negativeZero: true as const } : {}),
        decimals: check.decimals,
        unit: unitText(formula.published.value),
        computed: format(check.computed),
        rounded: check.rounded.toFixed(check.decimals),
        rounding: check.rounding,
        difference: format(check.difference),
      },
      status: check.status,
      ...(check.reason === undefined ? {} : { reason: check.reason, ...this.knownOf(symbol.name) }),
      ...(check.knownComputes === undefined ? {} : { knownComputes: format(check.knownComputes) }),
      ...(check.parts ? { parts: check.parts.map(explainedInterval) } : {}),
      ...(check.interval && check.interval.low.isFinite() && check.interval.high.isFinite()
        ? { interval: explainedInterval(check.interval) }
        : {}),
    };
  }

  private usedValue(symbol: FigureSymbol, read: "printed" | "computed"): { value: string; unit: string } {
    if (symbol.kind === "fact") return this.factValue(symbol);
    const published = symbol.declaration.published;
    if (published && read === "printed") return { value: published.value.value, unit: unitText(published.value) };
    const value = this.values.get(symbol.name);
    const type = this.spec.typed.types.get(symbol.name);
    // A formula in a branch not taken may have no value (it divides by zero, it reads a fact without one).
    if (value === undefined) return { value: "", unit: "" };
    return { value: typeof value === "boolean" ? String(value) : format(value), unit: type?.kind === "quantity" ? type.unit.label : "" };
  }

  /** The `known` declarations by figure, made when the first is asked for. */
  private knowns: Map<string, KnownInconsistency> | undefined;

  /** Where a figure's `known` declaration is. */
  private knownOf(name: string): { knownAt?: SourceLocation } {
    this.knowns ??= new Map(this.spec.program.knowns.map((k) => [k.figure, k]));
    const known = this.knowns.get(name);
    if (!known) return {};
    const position = known.declaration.span.file.position(known.declaration.span.start);
    return { knownAt: { file: known.declaration.span.file.path, line: position.line, column: position.column } };
  }

  /** A fact's current value (from the spec, a fact file or the API) and its unit. */
  private factValue(symbol: Extract<FigureSymbol, { kind: "fact" }>): { value: string; unit: string } {
    const fact = this.spec.facts.get(symbol.name);
    const type = this.spec.typed.types.get(symbol.name);
    if (!fact) return { value: "", unit: "" };
    return { value: fact.value.toFixed(Math.max(0, fact.decimals)), unit: type?.kind === "quantity" ? type.unit.label : "" };
  }

  /** The figures a formula reads, in the order it first reads them. */
  private inputsOf(name: string): { name: string; read: "printed" | "computed" }[] {
    const body = this.spec.typed.formulas.get(name);
    const found: { name: string; read: "printed" | "computed" }[] = [];
    const seen = new Set<string>();
    const visit = (node: Typed) => {
      if (node.kind === "figure") {
        const name = node.symbol.name;
        if (!seen.has(name)) {
          seen.add(name);
          found.push({ name, read: node.read });
        }
        return;
      }
      for (const child of typedChildren(node)) visit(child);
    };
    if (body) visit(body);
    return found;
  }

  /** The user functions a formula calls, directly or through other functions. */
  private functionsOf(name: string): ExplainedFunction[] {
    const body = this.spec.typed.formulas.get(name);
    const found = new Map<string, ExplainedFunction>();
    const visitInstance = (instance: FunctionInstance) => {
      if (found.has(instance.name)) return;
      const declaration = instance.declaration;
      const text = declaration.span.file.text.slice(declaration.span.start, declaration.span.end).replace(/^function\s+/, "");
      const position = declaration.span.file.position(declaration.span.start);
      found.set(instance.name, {
        name: instance.name,
        definition: text.replace(/\s*\n\s*/g, " "),
        location: { file: declaration.span.file.path, line: position.line, column: position.column },
      });
      if (instance.body) visit(instance.body);
    };
    const visit = (node: Typed): void => {
      if (node.kind === "call") visitInstance(node.instance);
      for (const child of typedChildren(node)) visit(child);
    };
    if (body) visit(body);
    return [...found.values()];
  }

  private withValuesOf(name: string, body: ast.Expr, counts: Counts): { withValues: NonNullable<ExplainNode["withValues"]> } | Record<string, never> {
    const typed = this.spec.typed.formulas.get(name);
    if (!typed) return {};
    // How each name of the formula was read: as printed, or as computed (`computed(x)`).
    const reads = new Map<ast.Expr, "printed" | "computed">();
    const visit = (node: Typed): void => {
      // `computed(x)` is one figure node whose source is the call: the name inside it is what is printed.
      if (node.kind === "figure") reads.set(node.source.kind === "call" ? node.source.args[0]! : node.source, node.read);
      for (const child of typedChildren(node)) visit(child);
    };
    visit(typed);
    const program = this.spec.program;
    const valueOf = (symbol: FigureSymbol, read: "printed" | "computed") => {
      const used = this.usedValue(symbol, read);
      const text = used.value === "" ? NO_VALUE : quantityText(used.value, used.unit);
      // In parentheses when negative: `10.00 万元 - (-3.00 万元)`, not `10.00 万元 - -3.00 万元`.
      return text.startsWith("-") ? `(${text})` : text;
    };
    // `clarify`: the parentheses a reader needs, as fmt writes them (an `if` inside an `if`).
    const withValues = (expr: ast.Expr) =>
      printExpression(expr, {
        clarify: true,
        name: (ref) => {
          const target = program.references.get(ref);
          return target && target.kind !== "function" ? valueOf(target, reads.get(ref) ?? "printed") : ref.name;
        },
        callee: (call) => (call.callee === "computed" ? "" : call.callee),
        call: (call) => countText(counts, call),
        pattern: (pattern) => {
          const values = (program.patterns.get(pattern) ?? []).map((s) => valueOf(s, "printed"));
          return values.length > PATTERN_VALUES_SHOWN ? `${values.slice(0, PATTERN_VALUES_SHOWN).join(", ")}, … (${values.length} in all)` : values.join(", ");
        },
      });
    const formula = withValues(body);
    // One call of a user function (perhaps negated): its body with the arguments in place of its parameters.
    const inner = body.kind === "negate" ? body.operand : body;
    const instance = typed.kind === "call" ? typed.instance : typed.kind === "negate" && typed.operand.kind === "call" ? typed.operand.instance : undefined;
    if (inner.kind !== "call" || !instance || instance.declaration.parameters.length !== inner.args.length) return { withValues: { formula } };
    const args = new Map(instance.declaration.parameters.map((p, i) => [p.name, inner.args[i]!] as const));
    const withArguments = (expr: ast.Expr) =>
      printExpression(expr, {
        clarify: true,
        name: (ref) => {
          const arg = args.get(ref.name);
          if (!arg) return ref.name;
          const text = withValues(arg);
          return arg.kind === "name" || arg.kind === "number" || arg.kind === "call" ? text : `(${text})`;
        },
      });
    // The branch each `if` takes: its condition, with the values in place, evaluated by the engine as
    // `reckon eval` would. A condition it cannot decide (a figure without a value) keeps the `if`.
    const conditions: string[] = [];
    let taken = instance.declaration.body;
    while (taken.kind === "if") {
      const condition = withArguments(taken.condition);
      const decided = this.evaluateAlone(condition).value;
      if (typeof decided !== "boolean") break;
      conditions.push(`${condition} is ${decided}`);
      taken = decided ? taken.consequent : taken.alternative;
    }
    let unfolded = body.kind === "negate" ? `-(${withArguments(taken)})` : withArguments(taken);
    // A branch taken alone may compute the value in another unit than the function does (a ratio
    // where `100%` in the other branch made the function's value a percentage): say `as %`, which
    // applies to all that comes before it.
    const unit = (type: ValueType | undefined) => (type?.kind === "quantity" ? type.unit : undefined);
    const wanted = unit(typed.type);
    const got = conditions.length > 0 && taken.kind !== "if" ? unit(this.evaluateAlone(unfolded).type) : wanted;
    if (wanted && got && !wanted.isNone && !wanted.equals(got)) unfolded = `${unfolded} as ${wanted.label}`;
    return { withValues: { formula, unfolded, ...(conditions.length > 0 ? { conditions } : {}) } };
  }

  /**
   * An expression of values (`2 篇 > 1 篇`) evaluated as `reckon eval` would, knowing the units the
   * spec declares, but none of its figures.
   */
  private evaluateAlone(text: string): ExpressionResult {
    this.unitDeclarations ??= this.spec.program.modules
      .flatMap((m) => unitsIn(m.syntax.declarations))
      .map((d) => printDeclaration(d))
      .join("\n");
    if (this.unitDeclarations === "") return evaluateExpression(text);
    const units = "<units>";
    return evaluateExpression(text, { roots: [units], host: memoryHost({ [units]: `${this.unitDeclarations}\n` }) });
  }

  private expressionOf(body: ast.Expr, counts: Counts): string {
    const program = this.spec.program;
    return printExpression(body, {
      name: (expr) => referenceOf(program, expr),
      callee: (expr) => (expr.callee === "computed" ? "" : referenceOf(program, expr)),
      call: (expr) => countText(counts, expr),
      pattern: (expr) => (program.patterns.get(expr) ?? []).map((s) => s.name).join(", "),
    });
  }
}

/** The count(…) calls of a formula, by their syntax. */
type Counts = ReadonlyMap<ast.Expr, Count>;

function countsIn(formula: Typed | undefined): Counts {
  const counts = new Map<ast.Expr, Count>();
  const visit = (node: Typed): void => {
    if (node.kind === "count") counts.set(node.source, node);
    for (const child of typedChildren(node)) visit(child);
  };
  if (formula) visit(formula);
  return counts;
}

/** A count(…) call stands for its number in a formula that is evaluated again (its figures' values play no part). */
function countText(counts: Counts, call: ast.Call): string | undefined {
  const count = counts.get(call);
  return count === undefined ? undefined : String(count.counted.length);
}

function unitText(literal: ast.NumberLit): string {
  return literal.unit ? printUnit(literal.unit) : "";
}

/** The unit declarations of a file, those inside sections too (units are global). */
function unitsIn(declarations: readonly ast.Declaration[]): ast.UnitDecl[] {
  return declarations.flatMap((d) => (d.kind === "unit" ? [d] : d.kind === "section" ? unitsIn(d.declarations) : []));
}
