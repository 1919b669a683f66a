/**
 * One stage of reckon, repeated, for `node --cpu-prof` (bundled like the bench: see bench/README.md).
 *
 *   node bench/.build/profile.js STAGE N [REPEAT]     STAGE: parse, floors, compile, stages, gc, evaluate, check, floor, all
 *
 * `stages` times each stage of compile apart (resolve, graph, units, closures), the median of REPEAT.
 * `floors` times what any parse with chevrotain must do, the median of REPEAT: lexing every file, then
 * chevrotain's recognizer over the tokens with the rules' actions switched off (nothing is built),
 * then the whole parse as `loadSpecs` runs it. `gc` times parse and compile, each after a full
 * collection, with the time the garbage collector took during each, by kind.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { constants, PerformanceObserver, type NodeGCPerformanceDetail, type PerformanceEntry } from "node:perf_hooks";
import { checkSpec, type CheckResult } from "../src/checking/check";
import { Calculation } from "../src/evaluation/evaluate";
import { FactStore } from "../src/evaluation/fact-store";
import { compileModules, type CompiledSpec } from "../src/pipeline";
import { buildDependencyGraph } from "../src/semantics/dependency-graph";
import { loadSpecs, type SpecHost } from "../src/semantics/loader";
import { resolve } from "../src/semantics/resolver";
import { checkUnits } from "../src/semantics/typing";
import { reckonParser } from "../src/syntax/parser";
import { scan } from "../src/syntax/scan";
import { SourceFile } from "../src/syntax/source";
import { buildFloor, layout } from "./engines";
import { generateProvince, STD_PATH } from "./generate";
import { provinceTotals } from "./template";

const [stage = "all", nText = "100", repeatText = "5"] = process.argv.slice(2);
const n = Number(nText);
const repeat = Number(repeatText);
const province = generateProvince(n);
const std = readFileSync(STD_PATH, "utf8");
const host: SpecHost = {
  resolve: (specifier, from) => (specifier === STD_PATH ? STD_PATH : path.posix.join(path.posix.dirname(from), specifier)),
  read: (key) => (key === STD_PATH ? std : province.files.get(key)),
};
const root = province.roots[0]!;
const time = (label: string, fn: () => void) => {
  const t0 = performance.now();
  for (let i = 0; i < repeat; i++) fn();
  console.error(`${label}: ${((performance.now() - t0) / repeat).toFixed(1)} ms`);
};
let modules = loadSpecs([root], host).modules;
if (stage === "floors") {
  const texts = [std, ...province.files.values()];
  const files = texts.map((text, i) => new SourceFile(`file${i}`, text));
  const tokens = texts.map((text) => scan(text).tokens);
  const median = (fn: () => void) => {
    const xs: number[] = [];
    for (let i = 0; i < repeat; i++) {
      (globalThis as { gc?: () => void }).gc?.();
      const t0 = performance.now();
      fn();
      xs.push(performance.now() - t0);
    }
    return xs.sort((a, b) => a - b)[xs.length >> 1]!;
  };
  const lexing = median(() => texts.forEach((text) => scan(text)));
  // The recognizer alone: ACTION (the rules' code that builds nodes) does nothing.
  const parser = reckonParser as unknown as { ACTION: unknown; file: SourceFile; input: unknown; errors: unknown[]; spec(): unknown };
  const action = parser.ACTION;
  parser.ACTION = () => undefined;
  const recognizing = median(() =>
    tokens.forEach((list, i) => {
      parser.file = files[i]!;
      parser.input = list;
      parser.spec();
      if (parser.errors.length > 0) throw new Error(`the recognizer found syntax errors in file ${i}`);
    }),
  );
  parser.ACTION = action;
  const parsing = median(() => (modules = loadSpecs([root], host).modules));
  console.error(`lex ${lexing.toFixed(1)} ms · recognize ${recognizing.toFixed(1)} ms · whole parse ${parsing.toFixed(1)} ms`);
}
if (stage === "gc") {
  const kinds: Record<number, string> = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: "scavenges",
    [constants.NODE_PERFORMANCE_GC_MAJOR]: "mark-compact",
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: "incremental marking",
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: "weak callbacks",
  };
  let spent: Record<string, number> = {};
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = kinds[(entry as PerformanceEntry & { detail: NodeGCPerformanceDetail }).detail.kind] ?? "other";
      spent[kind] = (spent[kind] ?? 0) + entry.duration;
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  // The observer hears of a collection asynchronously: a pause lets it catch up before reading.
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  const steps: [string, () => unknown][] = [
    ["parse", () => (modules = loadSpecs([root], host).modules)],
    ["compile", () => compileModules(modules, [], root)],
  ];
  for (let i = 0; i < repeat; i++) {
    for (const [label, step] of steps) {
      (globalThis as { gc?: () => void }).gc?.();
      await settle();
      spent = {};
      const t0 = performance.now();
      step();
      const ms = performance.now() - t0;
      await settle();
      const total = Object.values(spent).reduce((a, b) => a + b, 0);
      const parts = Object.entries(spent).map(([kind, gcMs]) => `${kind} ${gcMs.toFixed(0)}`);
      console.error(`${label} ${ms.toFixed(0)} ms, garbage collection ${total.toFixed(0)} ms (${parts.join(", ")})`);
    }
  }
  observer.disconnect();
}
if (stage === "parse" || stage === "all") time("parse", () => (modules = loadSpecs([root], host).modules));
let spec = compileModules(modules, [], root).spec as CompiledSpec;
if (stage === "compile" || stage === "all") time("compile", () => (spec = compileModules(modules, [], root).spec as CompiledSpec));
if (stage === "stages") {
  const runs: Record<string, number[]> = { resolve: [], graph: [], units: [], closures: [] };
  const timed = <T>(label: string, fn: () => T): T => {
    const t0 = performance.now();
    const value = fn();
    runs[label]!.push(performance.now() - t0);
    return value;
  };
  for (let i = 0; i < repeat; i++) {
    const { program } = timed("resolve", () => resolve(modules, root));
    const { graph } = timed("graph", () => buildDependencyGraph(program));
    const { typed } = timed("units", () => checkUnits(program, graph));
    timed("closures", () => new Calculation(program, typed, graph, new FactStore(program)));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const medians = Object.entries(runs).map(([label, xs]) => [label, median(xs)] as const);
  console.error(medians.map(([label, ms]) => `${label} ${ms.toFixed(1)} ms`).join(" · ") + ` · total ${medians.reduce((t, [, ms]) => t + ms, 0).toFixed(1)} ms`);
}
const first = [...spec.program.figures.values()].find((s) => s.kind === "formula")!.name;
if (stage === "evaluate" || stage === "all") {
  const calculations = Array.from({ length: repeat }, () => new Calculation(spec.program, spec.typed, spec.graph, new FactStore(spec.program)));
  let i = 0;
  time("evaluate", () => calculations[i++]!.value(first));
}
spec.calculation.value(first);
if (stage === "check" || stage === "all") time("check", () => (checkSpec as (s: CompiledSpec, o: object) => CheckResult)(spec, { lawRuns: 0 }));
if (stage === "floor" || stage === "all" || stage === "evaluate") {
  const floor = buildFloor(layout(province.departments, provinceTotals(province.departments)));
  time("floor", () => floor.run());
}
