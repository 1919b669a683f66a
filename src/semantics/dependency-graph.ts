import { error, type Diagnostic } from "../diagnostics/diagnostic";
import type { Dependency, FigureSymbol, FunctionSymbol, Program } from "./program";
import type { UsesTable } from "./uses-table";

export interface DependencyGraph {
  /** For every figure and function: what it uses directly. */
  readonly uses: UsesTable;
  /** Every figure not on a cycle, each after everything it uses. */
  readonly order: readonly FigureSymbol[];
}

const UNSEEN = 0;
const VISITING = 1;
const DONE = 2;

/**
 * The dependency graph of a program: edges from each formula (and function) to the figures and
 * functions it uses, as name resolution found them. Cycles are reported with their whole path,
 * through functions too, and the figures on a cycle are left out of the evaluation order.
 *
 * The search runs over the figures' and functions' indexes (a figure is its index, a function the
 * number of figures plus its index), visiting figures first, then functions, each in declaration
 * order.
 */
export function buildDependencyGraph(program: Program): { graph: DependencyGraph; diagnostics: Diagnostic[] } {
  const uses = program.uses;
  const figures = program.figureList;
  const functionCount = program.functions.size;
  const figureCount = figures.length;
  const idOf = (symbol: FigureSymbol | FunctionSymbol) => (symbol.kind === "function" ? figureCount + symbol.index : symbol.index);
  const edgesOf = (id: number) => (id < figureCount ? uses.ofFigures[id]! : uses.ofFunctions[id - figureCount]!);
  const state = new Uint8Array(figureCount + functionCount);
  const diagnostics: Diagnostic[] = [];
  const onCycle = new Set<string>();
  const order: FigureSymbol[] = [];
  const path: Dependency[] = [];

  // Iterative depth-first search, so that a long chain of figures cannot overflow the stack.
  function visit(root: number, rootName: string): void {
    const stack: { id: number; name: string; edges: readonly Dependency[]; next: number }[] = [{ id: root, name: rootName, edges: edgesOf(root), next: 0 }];
    state[root] = VISITING;
    while (stack.length > 0) {
      const frame = stack.at(-1)!;
      const edges = frame.edges;
      if (frame.next < edges.length) {
        const edge = edges[frame.next++]!;
        const id = idOf(edge.symbol);
        if (state[id] === VISITING) {
          reportCycle(stack.map((f) => f.name), edge, path);
        } else if (state[id] === UNSEEN) {
          state[id] = VISITING;
          path.push(edge);
          stack.push({ id, name: edge.name, edges: edgesOf(id), next: 0 });
        }
        continue;
      }
      stack.pop();
      if (stack.length > 0) path.pop();
      state[frame.id] = DONE;
      if (frame.id < figureCount) order.push(figures[frame.id]!);
    }
  }

  function reportCycle(names: readonly string[], closing: Dependency, pathSoFar: readonly Dependency[]): void {
    const start = names.indexOf(closing.name);
    const cycleNames = [...names.slice(start), closing.name];
    for (const name of cycleNames) onCycle.add(name);
    const shown = cycleNames.map((n) => (program.functions.has(n) ? `${n}()` : n)).join(" → ");
    const steps = [...pathSoFar.slice(start), closing];
    diagnostics.push(
      error("R0401", `circular definition: ${shown}`, closing.span, {
        label: `uses ${closing.name}, which depends on this`,
        hint: cycleNames.every((n) => program.functions.has(n))
          ? "a function cannot call itself, directly or through other functions: reckon has no recursion"
          : "a figure cannot depend on itself; break the cycle by making one of these a fact",
        related: steps.slice(0, -1).map((step) => ({ span: step.span, message: `uses ${step.name}` })),
      }),
    );
  }

  for (let id = 0; id < figureCount; id++) if (state[id] === UNSEEN) visit(id, figures[id]!.name);
  for (const fn of program.functions.values()) if (state[figureCount + fn.index] === UNSEEN) visit(figureCount + fn.index, fn.name);

  return { graph: { uses, order: onCycle.size === 0 ? order : order.filter((s) => !onCycle.has(s.name)) }, diagnostics };
}

/** The figures and functions named, and everything they depend on, directly or not, by name. */
export function reachableFrom(names: Iterable<string>, uses: UsesTable): Set<string> {
  const seen = new Set<string>();
  const pending: string[] = [];
  const reach = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    pending.push(name);
  };
  for (const name of names) reach(name);
  while (pending.length > 0) for (const use of uses.get(pending.pop()!) ?? []) reach(use.name);
  return seen;
}
