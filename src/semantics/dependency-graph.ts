import { error, type Diagnostic } from "../diagnostics/diagnostic";
import type { Dependency, Program } from "./program";

export type { Dependency } from "./program";

export interface DependencyGraph {
  /** For every figure and function: what it uses directly. */
  readonly uses: ReadonlyMap<string, readonly Dependency[]>;
  /** Every figure, each after everything it uses. */
  readonly order: readonly string[];
}

/**
 * The dependency graph of a program: edges from each formula (and function) to the figures and
 * functions it uses, as name resolution found them. Cycles are reported with their whole path, through functions too, and the
 * figures on a cycle are left out of the evaluation order.
 */
export function buildDependencyGraph(program: Program): { graph: DependencyGraph; diagnostics: Diagnostic[] } {
  const uses = program.uses;
  const diagnostics: Diagnostic[] = [];
  const state = new Map<string, "visiting" | "done">();
  const onCycle = new Set<string>();
  const order: string[] = [];
  const path: Dependency[] = [];

  // Iterative depth-first search, so that a long chain of figures cannot overflow the stack.
  function visit(root: string): void {
    const stack: { name: string; edges: readonly Dependency[]; next: number }[] = [{ name: root, edges: uses.get(root) ?? [], next: 0 }];
    state.set(root, "visiting");
    while (stack.length > 0) {
      const frame = stack.at(-1)!;
      const edges = frame.edges;
      if (frame.next < edges.length) {
        const edge = edges[frame.next++]!;
        const seen = state.get(edge.name);
        if (seen === "visiting") {
          reportCycle(stack.map((f) => f.name), edge, path);
        } else if (seen === undefined) {
          const next = uses.get(edge.name);
          if (next === undefined) continue;
          state.set(edge.name, "visiting");
          path.push(edge);
          stack.push({ name: edge.name, edges: next, next: 0 });
        }
        continue;
      }
      stack.pop();
      if (stack.length > 0) path.pop();
      state.set(frame.name, "done");
      if (program.figures.has(frame.name)) order.push(frame.name);
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

  for (const name of uses.keys()) if (!state.has(name)) visit(name);

  return { graph: { uses, order: onCycle.size === 0 ? order : order.filter((n) => !onCycle.has(n)) }, diagnostics };
}
