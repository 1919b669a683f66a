import { checkSpec } from "../checking/check";
import { checkToJson, type CheckOutput } from "../checking/check-json";
import { error, hasErrors, type Diagnostic } from "../diagnostics/diagnostic";
import { didYouMean, suggest } from "../diagnostics/suggest";
import { formatValue } from "../evaluation/format-value";
import { cannotExplain, explainerFor, type ExplainNode, type ExplainOptions, type SourceLocation } from "../explaining/explain";
import { readFactFile, type SuppliedFact } from "../facts/fact-files";
import { supplyFactFile, supplyFacts } from "../facts/supply";
import { fileHost, loadFactFile } from "../files";
import { limits } from "../limits";
import { decimal, format, isDecimal, toPublic, type Decimal } from "../numbers/exact";
import { compileSpec, type CompiledSpec } from "../pipeline";
import { memoryHost, type SpecHost, type SpecHostWithReadErrors } from "../semantics/loader";
import type { FigureSymbol } from "../semantics/program";
import { Unit } from "../semantics/units";
import type * as ast from "../syntax/ast";
import { printNumber, printUnit } from "../syntax/print";
import { quantityText } from "../text/decimal-text";
import { described } from "../text/described";
import { requireFunction, requireHost, requireOptionalString, requireOptions, requireString, requireStrings } from "./arguments";
import { reckonError, toPublicDiagnostic, type ReckonDiagnostic } from "./diagnostics";
import type { ValueChange } from "../evaluation/evaluate";

/** A figure of a spec, as an embedding program sees it. No value is ever a JavaScript number. */
export interface Figure {
  readonly name: string;
  /** fact: an input; formula: computed, not printed; published: computed and printed, so checked. */
  readonly kind: "fact" | "formula" | "published";
  /** The current value: a fact's value, a formula's computed value (full precision); undefined when it cannot be evaluated (`error` says why). */
  readonly value: Decimal | boolean | undefined;
  /** Why a formula has no value: a division by zero, an input without a value … (`value` is undefined, `text` ""). */
  readonly error?: ReckonDiagnostic;
  /** The unit of `value` ("" for a plain number). */
  readonly unit: string;
  /**
   * `value` with its unit, for people: `1362.65 万元`. A share computed as a plain number reads
   * `0.7661`, even when it is printed `76.61%`: the printed form is `printed.text`.
   */
  readonly text: string;
  /** As printed in the report: for facts and published figures. */
  readonly printed?: { readonly value: Decimal; readonly decimals: number; readonly unit: string; readonly text: string };
  readonly citation?: string;
  readonly location: SourceLocation;
}

/** A figure whose value changed when a fact changed. */
export interface FigureChange {
  readonly name: string;
  readonly previous: Decimal | boolean | undefined;
  readonly current: Decimal | boolean | undefined;
}

export type ChangeListener = (changes: readonly FigureChange[]) => void;

/** Where specs come from: files (the default), or a map of texts, or your own host (a database …). */
export interface LoadOptions {
  /** Resolves and reads imported specs; by default the file system, relative to the importing file. */
  readonly host?: SpecHost;
  /** JSON or CSV fact files whose values fill in (or replace) the spec's facts. */
  readonly factFiles?: readonly string[];
}

/** How many generations of changes made by subscribers themselves, each in answer to the one before, make a feedback loop. */
const MAX_NOTIFICATION_ROUNDS = 1000;

/** Where `Engine.fromString` finds the spec's name and its imports. */
export interface FromStringOptions {
  /** The spec's path, in messages and for resolving its imports ("spec.reckon" by default). */
  readonly path?: string;
  /** The imported specs' texts by path, or a host of your own. */
  readonly imports?: Readonly<Record<string, string>> | SpecHost;
}

/** How `Engine.check` checks. */
export interface CheckOptions {
  /** Generated cases per law (100 by default; 0 checks no law). */
  readonly lawRuns?: number;
  /**
   * Return the checks of the figures that can be evaluated even when some cannot (a division by
   * zero after a fact was set to 0 …): those are errors in `diagnostics`, counted in
   * `summary.errors`, as the command line prints them. By default `check` throws instead.
   */
  readonly partial?: boolean;
}

/**
 * A compiled spec with its facts: read any figure, change facts (only dependents are recomputed),
 * check the published figures, and explain how any figure is derived.
 *
 * ```ts
 * const engine = Engine.load("specs/2024/urumqi-cast.reckon");
 * engine.value("收入.其他收入.占比");          // Decimal
 * engine.check().summary.mismatch;            // 0
 * ```
 */
export class Engine {
  private readonly listeners = new Set<ChangeListener>();
  /** Changes not yet told to every listener (a listener's own setFact waits for the round in progress). */
  private readonly pendingChanges: { readonly changes: readonly FigureChange[]; readonly generation: number }[] = [];
  private notifying = false;
  /** The generation of the batch being told (1 for a change made by the program itself). */
  private generation = 0;

  /** Warnings found while compiling (errors make loading fail). */
  readonly warnings: readonly ReckonDiagnostic[];

  private constructor(
    private readonly spec: CompiledSpec,
    /** The same warnings, as the check's JSON reports them beside its own (as the command line does). */
    private readonly compileWarnings: readonly Diagnostic[],
  ) {
    this.warnings = compileWarnings.map(toPublicDiagnostic);
  }

  /** Compiles spec files (with their imports). Throws ReckonError with the diagnostics when a spec has errors. */
  static load(paths: string | readonly string[], options: LoadOptions = {}): Engine {
    if (typeof paths !== "string" && !Array.isArray(paths)) throw new TypeError(`Engine.load takes a spec's path, or an array of paths, not ${described(paths)}`);
    if (typeof paths !== "string") requireStrings(paths, "the paths", "");
    // An empty list is a search that found nothing, not a spec of nothing.
    if (typeof paths !== "string" && paths.length === 0) throw new TypeError("Engine.load takes at least one spec's path; the array of paths is empty");
    requireOptions(options, "Engine.load's options");
    if (options.factFiles !== undefined) requireStrings(options.factFiles, "factFiles", "for one fact file, write factFiles: [path]");
    if (options.host !== undefined) requireHost(options.host, "host");
    const host = options.host ?? fileHost();
    const roots = (typeof paths === "string" ? [paths] : paths).map((p) => (options.host ? p : host.resolve(p, "./")));
    const engine = Engine.compileWith(roots, host);
    for (const path of options.factFiles ?? []) engine.loadFactFile(path);
    return engine;
  }

  /**
   * Compiles a spec held in a string. Its imports are read from `imports` (specs by path, relative
   * to `path`) or from a host of your own.
   */
  static fromString(text: string, options: FromStringOptions = {}): Engine {
    requireString(text, "the spec's text");
    requireOptions(options, "Engine.fromString's options");
    requireOptionalString(options.path, "path");
    const given: unknown = options.imports;
    if (given !== undefined && (typeof given !== "object" || given === null || Array.isArray(given))) {
      throw new TypeError(`imports must be an object of specs' texts by path, or a SpecHost, not ${described(given)}`);
    }
    if (given !== undefined && ("read" in given || "resolve" in given)) requireHost(given, "imports");
    const path = options.path ?? "spec.reckon";
    const imports = options.imports;
    const base: SpecHost = imports && typeof (imports as SpecHost).read === "function" ? (imports as SpecHost) : memoryHost((imports ?? {}) as Readonly<Record<string, string>>);
    // The spec itself is the text given, whatever the host has at its path.
    const host: SpecHost = { resolve: (specifier, from) => base.resolve(specifier, from), read: (key) => (key === path ? text : base.read(key)) };
    if ("readError" in base) Object.assign(host, { readError: (base as SpecHostWithReadErrors).readError });
    return Engine.compileWith([path], host);
  }

  private static compileWith(roots: readonly string[], host: SpecHost): Engine {
    const compiled = compileSpec(roots, host);
    if (!compiled.spec) throw reckonError(compiled.diagnostics);
    return new Engine(compiled.spec, compiled.diagnostics);
  }

  /** The report's title, from its `report` header. */
  get title(): string | undefined {
    return this.spec.program.report?.title;
  }

  /** How many formulas have been evaluated so far (a full evaluation counts every formula once). */
  get evaluations(): number {
    return this.spec.calculation.evaluations;
  }

  /** Every fact and formula, in declaration order. */
  figures(): Figure[] {
    return [...this.spec.program.figures.values()].map((symbol) => this.view(symbol));
  }

  /** The facts only, with their current values and citations. */
  facts(): Figure[] {
    return this.figures().filter((f) => f.kind === "fact");
  }

  /** One figure by its full name. Throws ReckonError (with a suggestion) for an unknown name. */
  figure(name: string): Figure {
    requireString(name, "the figure's name");
    return this.view(this.symbol(name));
  }

  /** A figure's current value. Throws ReckonError when the name is unknown or the figure cannot be evaluated. */
  value(name: string): Decimal | boolean {
    requireString(name, "the figure's name");
    const symbol = this.symbol(name);
    const value = this.spec.calculation.value(name);
    if (value === undefined) {
      const failure = this.spec.calculation.failureOf(name);
      throw reckonError(failure ? [failure] : [error("R0602", `\`${symbol.name}\` has no value`, symbol.declaration.span)]);
    }
    return toPublic(value);
  }

  /**
   * Sets a fact ("1,362.65" as printed, or a Decimal; in its declared unit unless `unit` says
   * otherwise) and recomputes only what depends on it. Returns, and tells subscribers, what changed.
   */
  setFact(name: string, value: string | Decimal, unit?: string): FigureChange[] {
    requireString(name, "the fact's name");
    requireOptionalString(unit, "the unit");
    return this.supply([{ name, value: suppliedText(name, value), ...(unit === undefined ? {} : { unit }) }]);
  }

  /** Reads a JSON or CSV fact file and puts its facts in. */
  loadFactFile(path: string): FigureChange[] {
    requireString(path, "the fact file's path");
    return this.supplyRead(loadFactFile(path), path);
  }

  /** Puts in the facts of a JSON or CSV text (`path` tells the format by its extension and names it in messages). */
  loadFacts(text: string, path: string): FigureChange[] {
    requireString(text, "the facts' text");
    requireString(path, "the fact file's path");
    return this.supplyRead(readFactFile(path, text), path);
  }

  private supplyRead(read: { facts: SuppliedFact[]; diagnostics: Diagnostic[] }, path: string): FigureChange[] {
    const result = supplyFactFile(this.spec, path, read);
    if (hasErrors(result.diagnostics)) throw reckonError(result.diagnostics, hasErrors(read.diagnostics) ? `the fact file ${path} has errors` : undefined);
    return this.announce(result.changes);
  }

  private supply(facts: readonly SuppliedFact[]): FigureChange[] {
    const result = supplyFacts(this.spec, facts, () => ({ kind: "api" }));
    if (hasErrors(result.diagnostics)) throw reckonError(result.diagnostics);
    return this.announce(result.changes);
  }

  /** The changes a supply made, as the API gives them, told to every listener. */
  private announce(made: readonly ValueChange[]): FigureChange[] {
    const changes = made.map((c) => Object.freeze({ name: c.name, previous: toPublic(c.previous), current: toPublic(c.current) }));
    if (changes.length > 0) this.notify(Object.freeze([...changes]));
    return changes;
  }

  /**
   * Tells every listener, each with the same frozen list: one that throws does not keep the others
   * from hearing of a change that has already been made; its error is thrown afterwards (several in
   * an AggregateError). A listener that changes a fact itself does not interrupt the round: the new
   * changes are told to every listener after the ones before them, so that each listener hears of
   * the changes in the order they were made, and the last it hears is the current value.
   */
  private notify(changes: readonly FigureChange[]): void {
    // A batch made while another is being told is of the next generation: a chain of generations
    // that does not end is a feedback loop (many batches of one generation are not).
    this.pendingChanges.push({ changes, generation: this.generation + 1 });
    if (this.notifying) return;
    this.notifying = true;
    const errors: unknown[] = [];
    try {
      for (let batch = this.pendingChanges.shift(); batch !== undefined; batch = this.pendingChanges.shift()) {
        if (batch.generation > MAX_NOTIFICATION_ROUNDS) {
          this.pendingChanges.length = 0;
          errors.push(
            new RangeError(`subscribers changed facts ${MAX_NOTIFICATION_ROUNDS} times in a row while being told of changes: a subscriber that sets a fact on every change never settles`),
          );
          break;
        }
        this.generation = batch.generation;
        for (const listener of [...this.listeners]) {
          try {
            listener(batch.changes);
          } catch (e) {
            errors.push(e);
          }
        }
      }
    } finally {
      this.notifying = false;
      this.generation = 0;
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} subscribers threw while being told of a change`);
  }

  /** Calls `listener` with the figures that changed after each setFact or fact file; returns the unsubscribe function. */
  subscribe(listener: ChangeListener): () => void {
    requireFunction(listener, "the listener");
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Checks every published figure and every law (`lawRuns` generated cases each, 100 by default; 0
   * checks none); the result is the JSON of `reckon check --format json`. Throws ReckonError when a
   * published figure, or a formula one depends on, cannot be evaluated.
   */
  check(options: CheckOptions = {}): CheckOutput {
    requireOptions(options, "check's options");
    const runs = options.lawRuns;
    if (runs !== undefined && !(Number.isSafeInteger(runs) && runs >= 0 && runs <= limits.lawRuns)) {
      throw new (typeof runs === "number" ? RangeError : TypeError)(`lawRuns must be a whole number from 0 to ${limits.lawRuns}, not ${typeof runs === "number" ? String(runs) : described(runs)}`);
    }
    const result = checkSpec(this.spec, runs === undefined ? {} : { lawRuns: runs });
    if (!options.partial && hasErrors(result.diagnostics)) throw reckonError(result.diagnostics, "some figures cannot be evaluated");
    return checkToJson([result], [...this.compileWarnings, ...result.diagnostics]);
  }

  /**
   * Traces a figure back to the printed facts. Throws ReckonError when the figure cannot be
   * evaluated (with the reason: a division by zero, a fact without a value …); figures it does not
   * depend on may fail without stopping it.
   */
  explain(name: string, options: ExplainOptions = {}): ExplainNode {
    requireString(name, "the figure's name");
    requireOptions(options, "explain's options");
    const depth: unknown = options.depth;
    if (depth !== undefined && typeof depth !== "number") throw new TypeError(`depth must be a number, not ${described(depth)}`);
    if (depth !== undefined && !(Number.isSafeInteger(depth) && depth >= 0)) throw new RangeError(`depth must be a whole number from 0 up, not ${String(depth)}`);
    const symbol = this.symbol(name);
    const failures = cannotExplain(this.spec, symbol.name);
    if (failures.length > 0) throw reckonError(failures, `\`${symbol.name}\` cannot be evaluated`);
    return explainerFor(this.spec, [symbol.name]).explain(symbol.name, options)!;
  }

  private symbol(name: string): FigureSymbol {
    const symbol = this.spec.program.figures.get(name);
    if (symbol) return symbol;
    const hint = didYouMean(suggest(name, this.spec.program.figures.keys())) || "figures are named in full, e.g. 收入.财政拨款";
    throw reckonError([error("R0801", `no figure named \`${name}\``, undefined, { hint })]);
  }

  /**
   * A fact as printed: in its declared unit (13,626,600 元 given for a fact in 万元 is 1,362.6600
   * 万元), unless no number of decimals there says its precision: 1.5 亿元 for a fact in 万元 is
   * ±0.05 亿元, which 15,000 万元 would not say, so it is as it was given.
   */
  private factAsPrinted(symbol: Extract<FigureSymbol, { kind: "fact" }>, unit: Unit): Figure["printed"] {
    const fact = this.spec.facts.get(symbol.name);
    if (!fact) return undefined;
    const given = fact.asGiven;
    if (given && fact.decimals < 0) return { value: toPublic(given.value), decimals: given.decimals, unit: given.unit, text: quantityText(given.value.toFixed(given.decimals), given.unit) };
    const decimals = Math.max(0, fact.decimals);
    const written = symbol.declaration.value?.unit ?? symbol.declaration.unit;
    const literal: ast.NumberLit = { kind: "number", value: fact.value.toFixed(decimals), decimals, span: symbol.declaration.span, ...(written ? { unit: written } : {}) };
    return { value: toPublic(fact.value), decimals, unit: unit.label, text: printNumber(literal) };
  }

  private view(symbol: FigureSymbol): Figure {
    const type = this.spec.typed.types.get(symbol.name);
    const unit = type?.kind === "quantity" ? type.unit : Unit.none;
    const value = toPublic(this.spec.calculation.value(symbol.name));
    const position = symbol.declaration.span.file.position(symbol.declaration.span.start);
    const location = { file: symbol.declaration.span.file.path, line: position.line, column: position.column };
    const citation = (symbol.kind === "fact" ? this.spec.facts.get(symbol.name)?.citation : undefined) ?? symbol.citation?.text;
    const failure = value === undefined ? this.spec.calculation.failureOf(symbol.name) : undefined;
    const base = {
      name: symbol.name,
      value,
      ...(failure ? { error: toPublicDiagnostic(failure) } : {}),
      unit: unit.label,
      text: value === undefined ? "" : formatValue(value, unit),
      location,
      ...(citation ? { citation } : {}),
    };
    if (symbol.kind === "fact") {
      const printed = this.factAsPrinted(symbol, unit);
      return { ...base, kind: "fact", ...(printed ? { printed } : {}) };
    }
    const published = symbol.declaration.published;
    if (!published) return { ...base, kind: "formula" };
    return {
      ...base,
      kind: "published",
      printed: {
        value: toPublic(decimal(published.value.value)),
        decimals: published.value.decimals,
        unit: published.value.unit ? printUnit(published.value.unit) : "",
        text: printNumber(published.value),
      },
    };
  }
}

/**
 * The text of a value given to setFact. Only a string as printed or a Decimal is exact: a JavaScript
 * number (from JSON.parse, say) has already lost digits, and anything else is a mistake, so both are
 * refused rather than converted.
 */
function suppliedText(name: string, value: unknown): string {
  if (typeof value === "string") return value.trim();
  if (isDecimal(value)) {
    // Written out before it is read: a Decimal of 10^100000000 would be a string of that many digits.
    const digits = limits.literalDigits;
    if (value.isFinite() && value.e < digits && value.e > -digits && value.sd() <= digits) return format(value);
    throw reckonError([
      error("R0912", `\`${name}\`: ${value.isFinite() ? `a Decimal of more than ${digits} digits` : `the Decimal ${value.toString()}`} is not a number as printed`, undefined, {
        hint: value.isFinite() ? "no printed figure has this many digits" : 'a printed figure is a finite number: pass it as printed ("1,362.65")',
      }),
    ]);
  }
  const what = typeof value === "number" ? `the JavaScript number ${String(value)}` : value === null ? "null" : `a value of type ${typeof value}`;
  throw reckonError([
    error("R0912", `\`${name}\`: ${what} is not a number as printed`, undefined, {
      hint:
        typeof value === "number"
          ? 'pass the value as the report prints it, as a string ("1,362.65"), or a Decimal made from one (new Decimal("1362.65")): a JavaScript number is binary floating point and not exact'
          : 'pass a string as printed ("1,362.65") or a Decimal',
    }),
  ]);
}
