import { error, type Diagnostic } from "../diagnostics/diagnostic";
import { limits } from "../limits";
import { compare, decimal, DigitLimitExceeded, type Decimal } from "../numbers/exact";
import type { DependencyGraph } from "../semantics/dependency-graph";
import { EXPRESSION_NAME, type FigureSymbol, type Program } from "../semantics/program";
import type { TypedProgram } from "../semantics/typing";
import { Compiler, EvaluationFailure, type Closure, type RuntimeValue, type Slots } from "./compile";
import type { FactStore } from "./fact-store";

/** Every figure's value after an evaluation; a figure that failed has a diagnostic instead. */
export interface Evaluation {
  /** Value by figure name (facts: as printed; formulas: computed at full precision). */
  readonly values: ReadonlyMap<string, RuntimeValue>;
  readonly diagnostics: readonly Diagnostic[];
  /** The figures that could not be evaluated, with why. */
  readonly failed: ReadonlyMap<string, Diagnostic>;
}

/** A figure whose value changed after a fact changed. */
export interface ValueChange {
  readonly name: string;
  readonly previous: RuntimeValue | undefined;
  readonly current: RuntimeValue | undefined;
}

/**
 * A program compiled to closures, with the current value of every figure. A full evaluation runs
 * every formula in dependency order; after a fact changes, only the formulas that read it (and
 * those that read them, as far as values really change) run again.
 */
export class Calculation {
  /** The figures by slot: a figure's slot is its index in the program. */
  private readonly symbols: readonly FigureSymbol[];
  private readonly closures: (Closure | undefined)[];
  /** Printed values: of facts (from the fact store) and of published figures. */
  private readonly printed: (Decimal | undefined)[];
  private readonly computed: (RuntimeValue | undefined)[];
  private readonly failures = new Map<number, Diagnostic>();
  /** Position of each formula in the evaluation order. */
  private readonly rank: Int32Array;
  /** For each figure, the formulas that read its computed value (not merely its printed one); most have none. */
  private readonly readers: (number[] | undefined)[];
  /** The slots of the formulas, in evaluation order; and of the facts. */
  private readonly order: Int32Array;
  private readonly factSlots: Int32Array;
  /** What the closures read: the same two arrays for the whole life of the calculation. */
  private readonly state: Slots;
  private evaluated = false;
  /** How many formulas have been evaluated since this calculation was created. */
  evaluations = 0;

  constructor(
    private readonly program: Program,
    typed: TypedProgram,
    graph: DependencyGraph,
    private readonly facts: FactStore,
  ) {
    const count = program.figures.size;
    // Arrays of their final length from the start: filled out of order, a growing array would turn sparse.
    this.closures = new Array<Closure | undefined>(count).fill(undefined);
    this.printed = new Array<Decimal | undefined>(count).fill(undefined);
    this.computed = new Array<RuntimeValue | undefined>(count).fill(undefined);
    this.readers = new Array<number[] | undefined>(count).fill(undefined);
    this.rank = new Int32Array(count);
    this.symbols = program.figureList;
    const orderedSlots = graph.order.map((symbol) => symbol.index);
    orderedSlots.forEach((slot, i) => (this.rank[slot] = i));
    const compiler = new Compiler();
    const factSlots: number[] = [];
    for (const symbol of this.symbols) {
      const slot = symbol.index;
      if (symbol.kind === "fact") {
        this.printed[slot] = facts.valueOf(symbol);
        factSlots.push(slot);
        continue;
      }
      const body = typed.formulas.of(symbol);
      if (body) {
        this.closures[slot] = compiler.compile(body);
        for (const from of compiler.takeComputedReads()) (this.readers[from] ??= []).push(slot);
      }
      const published = symbol.declaration.published;
      if (published) this.printed[slot] = decimal(published.value.value);
    }
    // Arrays grown by push keep room for 16 more entries: most figures have one or two readers.
    const readers = this.readers;
    for (let i = 0; i < count; i++) if (readers[i] !== undefined) readers[i] = readers[i]!.slice();
    this.factSlots = Int32Array.from(factSlots);
    const order: number[] = [];
    for (const formula of orderedSlots) if (this.closures[formula]) order.push(formula);
    this.order = Int32Array.from(order);
    this.state = { computed: this.computed, printed: this.printed };
  }

  /** Evaluates every formula in dependency order, from the current facts. */
  evaluate(): Evaluation {
    const failed = this.failedFigures();
    return { values: this.values(), diagnostics: [...failed.values()], failed };
  }

  /** Evaluates every formula again, from the current facts (as the first evaluation does). */
  recalculate(): void {
    this.evaluateAll();
  }

  private evaluateAll(): void {
    this.evaluated = true;
    this.failures.clear();
    const { computed, printed, factSlots, order } = this;
    for (let i = 0; i < factSlots.length; i++) computed[factSlots[i]!] = printed[factSlots[i]!];
    // Every formula is computed anew: no value of a previous evaluation is compared or kept.
    for (let i = 0; i < order.length; i++) computed[order[i]!] = undefined;
    for (let i = 0; i < order.length; i++) this.run(order[i]!);
  }

  /** Evaluates one formula; returns whether its value changed. */
  private run(slot: number): boolean {
    const closure = this.closures[slot];
    if (!closure) return false;
    const previous = this.computed[slot];
    this.evaluations++;
    if (this.failures.size > 0) this.failures.delete(slot);
    try {
      this.computed[slot] = closure(this.state, NO_ARGUMENTS);
    } catch (e) {
      this.computed[slot] = undefined;
      if (e instanceof EvaluationFailure) {
        this.failures.set(slot, this.failure(this.symbols[slot]!.name, e));
      } else if (e instanceof RangeError) {
        const symbol = this.symbols[slot]!;
        this.failures.set(slot, error("R0605", `\`${symbol.name}\` is too deeply nested to evaluate`, symbol.declaration.name.span, { hint: "simplify the formula" }));
      } else if (e instanceof DigitLimitExceeded) {
        const symbol = this.symbols[slot]!;
        this.failures.set(
          slot,
          error("R0604", `\`${symbol.name}\` grows beyond ${limits.valueDigits} digits`, symbol.declaration.name.span, {
            hint: "no report figure needs so many digits; look for a product of products or a runaway chain of formulas",
          }),
        );
      } else {
        throw e;
      }
    }
    return !sameValue(previous, this.computed[slot]);
  }

  private slotOf(name: string): number | undefined {
    return this.program.figures.get(name)?.index;
  }

  value(name: string): RuntimeValue | undefined {
    const symbol = this.program.figures.get(name);
    return symbol === undefined ? undefined : this.valueOf(symbol);
  }

  /** A figure's value, for a figure of this program known by its symbol (no lookup by name). */
  valueOf(symbol: FigureSymbol): RuntimeValue | undefined {
    if (!this.evaluated) this.evaluateAll();
    return this.computed[symbol.index];
  }

  /** The position of a figure in the evaluation order (0 for one that is not in it). */
  rankOf(symbol: FigureSymbol): number {
    return this.rank[symbol.index]!;
  }

  /** The figures whose evaluation failed, with why (after evaluating every formula once, if not yet done). */
  failedFigures(): Map<string, Diagnostic> {
    if (!this.evaluated) this.evaluateAll();
    return new Map([...this.failures].map(([slot, d]) => [this.symbols[slot]!.name, d]));
  }

  /** A published figure's printed value (as parsed once, here), or undefined for any other figure. */
  publishedValueOf(symbol: FigureSymbol): Decimal | undefined {
    return this.closures[symbol.index] ? this.printed[symbol.index] : undefined;
  }

  /** Why a figure has no value, when its evaluation failed. */
  failureOf(name: string): Diagnostic | undefined {
    const slot = this.slotOf(name);
    return slot === undefined ? undefined : this.failures.get(slot);
  }

  values(): Map<string, RuntimeValue> {
    if (!this.evaluated) this.evaluateAll();
    const values = new Map<string, RuntimeValue>();
    this.computed.forEach((value, slot) => {
      if (value !== undefined) values.set(this.symbols[slot]!.name, value);
    });
    return values;
  }

  /**
   * Takes facts' new values from the fact store and re-evaluates only what depends on them: the
   * formulas that read them, then the formulas that read those whose value changed, each once, in
   * dependency order. Published figures are read at their printed value, so a change stops there.
   */
  factsChanged(names: readonly string[]): ValueChange[] {
    if (!this.evaluated) this.evaluateAll();
    const changes: ValueChange[] = [];
    const pending = new RankQueue();
    const schedule = (from: number) => {
      for (const reader of this.readers[from] ?? []) pending.push(this.rank[reader]!, reader);
    };
    for (const name of new Set(names)) {
      const slot = this.slotOf(name);
      if (slot === undefined) continue;
      const previous = this.computed[slot];
      const current = this.facts.get(name)?.value;
      this.printed[slot] = current;
      this.computed[slot] = current;
      if (sameValue(previous, current)) continue;
      changes.push({ name, previous, current });
      schedule(slot);
    }
    for (let reader = pending.pop(); reader !== undefined; reader = pending.pop()) {
      const before = this.computed[reader];
      if (this.run(reader)) {
        changes.push({ name: this.symbols[reader]!.name, previous: before, current: this.computed[reader] });
        schedule(reader);
      }
    }
    return changes;
  }

  private failure(name: string, e: EvaluationFailure): Diagnostic {
    const declaration = this.program.figures.get(name)!.declaration;
    // The expression `reckon eval` evaluates is not a figure of the user's: say nothing of "the figure".
    const synthetic = name === EXPRESSION_NAME;
    const subject = synthetic ? "the expression" : `\`${name}\``;
    if (e.reason === "division-by-zero") {
      return error("R0601", synthetic ? "division by zero" : `\`${name}\` divides by zero`, e.span, {
        label: e.detail,
        hint: "guard the division, e.g. `if whole == 0 then 0 else part / whole`",
        // The figure whose evaluation divided, also when the division is in a library's function.
        related: synthetic ? [] : [{ span: declaration.name.span, message: e.span.file === declaration.span.file ? "in this figure" : "evaluating this figure" }],
      });
    }
    if (e.reason === "missing-fact") {
      return error("R0603", `${subject} cannot be evaluated: the fact ${e.detail} has no value`, e.span, {
        hint: "the spec declares it without a value; supply it in a fact file (--facts) or with setFact",
      });
    }
    return error("R0602", `${subject} cannot be evaluated: ${e.detail}`, e.span, {
      hint: "fix the error reported for that figure first",
    });
  }
}

/** A formula has no parameters. */
const NO_ARGUMENTS: readonly RuntimeValue[] = [];

/** Slots waiting to be re-evaluated, taken in evaluation order (a binary min-heap on rank). */
class RankQueue {
  private readonly heap: [number, number][] = [];
  private readonly queued = new Set<number>();

  push(rank: number, slot: number): void {
    if (this.queued.has(slot)) return;
    this.queued.add(slot);
    const heap = this.heap;
    heap.push([rank, slot]);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (heap[parent]![0] <= heap[i]![0]) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  pop(): number | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (!top) return undefined;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && heap[left]![0] < heap[smallest]![0]) smallest = left;
        if (right < heap.length && heap[right]![0] < heap[smallest]![0]) smallest = right;
        if (smallest === i) break;
        [heap[smallest], heap[i]] = [heap[i]!, heap[smallest]!];
        i = smallest;
      }
    }
    this.queued.delete(top[1]);
    return top[1];
  }
}

/** Whether two values are the same (a decimal compared by value: 1.0 is 1). */
export function sameValue(a: RuntimeValue | undefined, b: RuntimeValue | undefined): boolean {
  if (a === undefined || b === undefined || typeof a === "boolean" || typeof b === "boolean") return a === b;
  return compare(a, b) === 0;
}

