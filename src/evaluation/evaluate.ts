import { error, type Diagnostic } from "../diagnostics/diagnostic";
import { decimal, type Decimal } from "../numbers/exact";
import type { DependencyGraph } from "../semantics/dependency-graph";
import type { Program } from "../semantics/program";
import type { TypedProgram } from "../semantics/typing";
import { Compiler, EvaluationFailure, type Closure, type RuntimeValue, type Slots } from "./compile";

/** Every figure's value after a full evaluation; a figure that failed has a diagnostic instead. */
export interface Evaluation {
  /** Value by figure name (facts: as printed; formulas: computed at full precision). */
  readonly values: ReadonlyMap<string, RuntimeValue>;
  readonly diagnostics: readonly Diagnostic[];
}

/** A program compiled to closures, ready to evaluate (and re-evaluate after facts change). */
export class CompiledFormulas {
  private readonly slots = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly closures: (Closure | undefined)[] = [];
  private readonly printed: (Decimal | undefined)[] = [];

  constructor(
    private readonly program: Program,
    private readonly typed: TypedProgram,
    private readonly graph: DependencyGraph,
  ) {
    for (const name of program.figures.keys()) {
      this.slots.set(name, this.names.length);
      this.names.push(name);
    }
    const compiler = new Compiler((name) => this.slots.get(name)!);
    for (const [name, symbol] of program.figures) {
      const slot = this.slots.get(name)!;
      if (symbol.kind === "fact") {
        this.printed[slot] = decimal(symbol.declaration.value.value);
      } else {
        const body = typed.formulas.get(name);
        this.closures[slot] = body ? compiler.compile(body) : undefined;
        const published = symbol.declaration.published;
        if (published) this.printed[slot] = decimal(published.value.value);
      }
    }
  }

  /** Evaluates every formula in dependency order. */
  evaluate(): Evaluation {
    const computed: (RuntimeValue | undefined)[] = new Array(this.names.length);
    const diagnostics: Diagnostic[] = [];
    const slots: Slots = { computed, printed: this.printed };
    for (const [name, symbol] of this.program.figures) {
      if (symbol.kind === "fact") computed[this.slots.get(name)!] = this.printed[this.slots.get(name)!];
    }
    for (const name of this.graph.order) {
      const slot = this.slots.get(name)!;
      const closure = this.closures[slot];
      if (!closure) continue;
      try {
        computed[slot] = closure(slots, []);
      } catch (e) {
        if (!(e instanceof EvaluationFailure)) throw e;
        diagnostics.push(this.failure(name, e));
      }
    }
    const values = new Map<string, RuntimeValue>();
    computed.forEach((value, slot) => {
      if (value !== undefined) values.set(this.names[slot]!, value);
    });
    return { values, diagnostics };
  }

  private failure(name: string, e: EvaluationFailure): Diagnostic {
    const declaration = this.program.figures.get(name)!.declaration;
    // Names in angle brackets (`<expression>`) are not the user's: say nothing of "the figure".
    const synthetic = name.startsWith("<");
    if (e.reason === "division-by-zero") {
      return error("R0601", synthetic ? "division by zero" : `\`${name}\` divides by zero`, e.span, {
        label: e.detail,
        hint: "guard the division, e.g. `if whole == 0 then 0 else part / whole`",
        related: synthetic || e.span.file !== declaration.span.file ? [] : [{ span: declaration.name.span, message: "in this figure" }],
      });
    }
    return error("R0602", `\`${name}\` cannot be evaluated: ${e.detail}`, e.span, {
      hint: "fix the error reported for that figure first",
    });
  }

  typeOf(name: string) {
    return this.typed.types.get(name);
  }
}
