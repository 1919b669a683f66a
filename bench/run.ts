/**
 * `npm run bench`: reckon side by side with mathjs, hand-written decimal.js and HyperFormula, on the
 * same generated reports (bench/generate.ts), in one process. See bench/README.md for what each
 * number means.
 *
 *   npm run bench                                  # N = 1, 100, 1,000, 10,000 (4.3–4.7 minutes, ~12 GB); writes bench/results.json
 *   npm run bench -- --sizes 1,100,1000,3000       # without the province of 10,000 reports (~2.3 minutes)
 *   npm run bench -- --sizes 1,100 --quick         # a short run
 *   npm run bench -- --mathjs-max 1000 --hf-max 1000 --cli-runs 10 --no-cli
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { checkSpec, type CheckResult } from "../src/checking/check";
import { Calculation } from "../src/evaluation/evaluate";
import { FactStore } from "../src/evaluation/fact-store";
import { DEFAULT_LAW_RUNS } from "../src/laws/check-laws";
import { supplyFacts } from "../src/facts/supply";
import type { CompiledSpec } from "../src/pipeline";
import { buildDependencyGraph } from "../src/semantics/dependency-graph";
import { loadSpecs, type Module, type SpecHost } from "../src/semantics/loader";
import { resolve } from "../src/semantics/resolver";
import { checkUnits } from "../src/semantics/typing";
import { buildFloor, countDifferences, floatDifferences, layout, MATHJS_FUNCTIONS, mathjsProgram, sheetLayout, type Layout } from "./engines";
import { countFigures, generateProvince, ROOT, STD_PATH } from "./generate";
import { Exact } from "./kernel";
import type { Decimal } from "decimal.js";
import type { Department } from "./template";
import { provinceTotals } from "./template";


// ── options ──────────────────────────────────────────────────────────────────────────────────────

export interface BenchOptions {
  readonly sizes: readonly number[];
  /** Largest N at which mathjs / HyperFormula run; above it their figures are projected linearly. */
  readonly mathjsMax: number;
  readonly hfMax: number;
  /** N at which the N-separate-specs alternative is measured (0: not at all). */
  readonly separateN: number;
  /** Runs of `reckon check` from the command line (0: not measured). */
  readonly cliRuns: number;
  /** Minimum time spent repeating a measurement of a small N, in ms. */
  readonly minTime: number;
  readonly seed: number;
  readonly out?: string;
  readonly quiet?: boolean;
}

function parseOptions(argv: readonly string[]): BenchOptions {
  const option = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes("--quick");
  return {
    // 10,000 reports (3.2 million facts and formulas) take about 3 of the run's 5 minutes.
    sizes: (option("sizes") ?? (quick ? "1,100" : "1,100,1000,10000")).split(",").map(Number),
    mathjsMax: Number(option("mathjs-max") ?? 1000),
    hfMax: Number(option("hf-max") ?? 1000),
    separateN: Number(option("separate") ?? (quick ? 0 : 100)),
    cliRuns: argv.includes("--no-cli") ? 0 : Number(option("cli-runs") ?? (quick ? 3 : 10)),
    minTime: Number(option("min-time") ?? (quick ? 200 : 1000)),
    seed: Number(option("seed") ?? 2024),
    out: option("out") ?? path.join(ROOT, "bench", "results.json"),
  };
}

// ── timing ───────────────────────────────────────────────────────────────────────────────────────

const gc: () => void = (globalThis as { gc?: () => void }).gc ?? (() => {});

/**
 * The median time of one call of `fn`, over samples repeated for at least `minTime` ms (at least
 * one, at most `maxRuns` samples), each after its own `setup`. A call shorter than `BATCH_MS` is
 * timed in batches: one setup, then as many calls as take about `BATCH_MS`, timed together. One
 * call of 0.2 ms (every formula of one department) is otherwise at the mercy of the timer and of
 * whatever else a shared machine runs. A first call sizes the batches and warms the code up; without
 * a minimum time (the large sizes), a first call of `ONCE_MS` or more (seconds, most of them: mathjs,
 * HyperFormula's build, a whole evaluation) is the measurement, rather than being made again: its
 * warm-up is a small part of it. `runs` counts calls.
 */
function measure<T>(setup: () => T, fn: (state: T) => void, minTime: number, maxRuns = 200): { ms: number; runs: number } {
  const probe = setup();
  const p0 = performance.now();
  fn(probe);
  const once = performance.now() - p0;
  if (minTime <= 0 && once >= ONCE_MS) return { ms: once, runs: 1 };
  const batch = once >= BATCH_MS ? 1 : Math.min(1_000, Math.ceil(BATCH_MS / Math.max(once, 0.001)));
  const times: number[] = [];
  const started = performance.now();
  do {
    const state = setup();
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn(state);
    times.push((performance.now() - t0) / batch);
  } while (performance.now() - started < minTime && times.length < maxRuns);
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, runs: times.length * batch };
}

const BATCH_MS = 5;
const ONCE_MS = 100;

function once<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

// ── reckon ───────────────────────────────────────────────────────────────────────────────────────

function memoryHost(files: ReadonlyMap<string, string>): SpecHost {
  const std = readFileSync(STD_PATH, "utf8");
  return {
    resolve: (specifier, from) => (specifier === STD_PATH ? STD_PATH : path.posix.join(path.posix.dirname(from), specifier)),
    read: (key) => (key === STD_PATH ? std : files.get(key)),
  };
}

/** The stages of src/pipeline.ts compileStages, timed one by one (`after` runs between them, untimed). */
function compileTimed(modules: readonly Module[], rootKey: string | undefined, after: (stage: string) => void = () => {}) {
  const r = once(() => resolve(modules, rootKey));
  after("resolve");
  const g = once(() => buildDependencyGraph(r.value.program));
  after("graph");
  const u = once(() => checkUnits(r.value.program, g.value.graph));
  after("units");
  const errors = [...r.value.diagnostics, ...g.value.diagnostics, ...u.value.diagnostics].filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`the generated spec does not compile: ${errors[0]!.code} ${errors[0]!.message}`);
  const c = once(() => {
    const facts = new FactStore(r.value.program);
    return { facts, calculation: new Calculation(r.value.program, u.value.typed, g.value.graph, facts) };
  });
  after("closures");
  const spec = {
    modules,
    program: r.value.program,
    graph: g.value.graph,
    typed: u.value.typed,
    facts: c.value.facts,
    calculation: c.value.calculation,
    warnings: [...r.value.diagnostics, ...g.value.diagnostics, ...u.value.diagnostics],
  } as CompiledSpec;
  return { spec, resolve: r.ms, graph: g.ms, units: u.ms, closures: c.ms };
}

/** checkSpec without the laws (the laws run once per program, whatever N; they are measured apart). */
function checkFigures(spec: CompiledSpec): CheckResult {
  return (checkSpec as (s: CompiledSpec, o?: { lawRuns?: number }) => CheckResult)(spec, { lawRuns: 0 });
}

function figureNames(l: Layout, prefix: (d: Department) => string): string[] {
  const names: string[] = [];
  l.departments.forEach((d) => d.figures.forEach((f) => f.kind === "formula" && f.published && names.push(`${prefix(d)}${f.name}`)));
  for (const t of l.totals) names.push(t.name);
  return names;
}

interface IncrementalCase {
  readonly label: string;
  readonly fact: string;
  readonly values: readonly [string, string];
}

function incrementalCases(d: Department, prefix: string): IncrementalCase[] {
  const fact = (suffix: string) => {
    const f = d.figures.find((x) => x.kind === "fact" && x.name.endsWith(suffix));
    if (!f || f.kind !== "fact") throw new Error(`no fact ${suffix}`);
    return f;
  };
  const timely = fact("指标.质量.发布及时性.实际");
  const appropriation = fact("收入.财政拨款收入");
  const item = fact("一般公共预算.项.行政运行");
  const plusOne = (v: Decimal) => v.plus(1).toFixed(2);
  return [
    { label: "a table cell (its score)", fact: `${prefix}${timely.name}`, values: [timely.value.toFixed(0), timely.value.plus(30).toFixed(0)] },
    { label: "an income source", fact: `${prefix}${appropriation.name}`, values: [appropriation.value.toFixed(2), plusOne(appropriation.value)] },
    { label: "an expenditure item (its growth, its prior year, the 财政拨款 totals)", fact: `${prefix}${item.name}`, values: [item.value.toFixed(2), plusOne(item.value)] },
    { label: "a std grade (every row graded 基本达到预期, in every department)", fact: "等级.基本达到预期", values: ["80", "70"] },
  ];
}

// ── results ─────────────────────────────────────────────────────────────────────────────────────

interface Stage {
  ms: number;
  /** Items per second (figures, formulas or published figures: see `unit`). */
  perSecond?: number;
  unit?: string;
  projected?: boolean;
  runs?: number;
}

interface SizeResult {
  n: number;
  facts: number;
  formulas: number;
  published: number;
  specMB: number;
  generateMs: number;
  reckon: Record<string, Stage>;
  check: { exact: number; withinRounding: number; knownInconsistency: number; mismatch: number; agreesWithKernel: boolean; disagreements: number };
  incremental: { label: string; fact: string; dependents: number; coreMs: number; apiMs: number }[];
  /** Heap retained by the parsed, compiled and evaluated spec; by stage, in bytes per fact or formula. */
  memory: { retainedMB: number; bytesPerFigure: number; byStage: Record<string, number>; peakRssMB: number };
  floor: { evaluate: Stage; differences: number };
  mathjs?: { parseEvaluate?: Stage; compile?: Stage; evaluate?: Stage; differences?: number; projectedFrom?: number };
  hyperformula?: {
    build?: Stage;
    recalcOneCell?: Stage;
    recalcGrade?: Stage;
    differencesToFixed?: number;
    differencesShortest?: number;
    examples?: string[];
    projectedFrom?: number;
    retainedMB?: number;
    cells?: number;
    formulas?: number;
    /** Formulas HyperFormula parsed in a build; the others reused the tree of an earlier formula of the same shape. */
    formulasParsed?: number;
  };
  separate?: { n: number; compileMs: number; checkMs: number; perReportMs: number; projected10000s: number };
}

const log = (quiet: boolean | undefined, ...args: unknown[]) => {
  if (!quiet) console.error(...args);
};

export async function benchSize(n: number, options: BenchOptions, previous: SizeResult[] = []): Promise<SizeResult> {
  const q = options.quiet;
  const heap0 = heapUsed();
  const generated = once(() => generateProvince(n, { seed: options.seed }));
  const province = generated.value;
  const counts = countFigures(province.departments);
  const figures = counts.facts + counts.formulas;
  let bytes = 0;
  for (const text of province.files.values()) bytes += Buffer.byteLength(text);
  log(q, `N = ${n}: ${figures.toLocaleString("en")} facts and formulas, ${(bytes / 1e6).toFixed(1)} MB of spec, generated in ${(generated.ms / 1000).toFixed(1)} s`);
  const host = memoryHost(province.files);
  const root = province.roots[0]!;
  const small = n <= 100;
  const minTime = small ? options.minTime : 0;

  // lex + parse (every file, with imports); a large N is parsed once, and that parse is kept
  const heapBeforeParse = heapUsed();
  const first = once(() => loadSpecs([root], host));
  const loaded = first.value;
  const memoryByStage: Record<string, number> = { parse: heapUsed() - heapBeforeParse };
  const parse = small ? measure(() => null, () => loadSpecs([root], host), minTime) : { ms: first.ms, runs: 1 };
  if (loaded.diagnostics.some((d) => d.severity === "error")) throw new Error(`the generated spec does not parse: ${loaded.diagnostics[0]!.message}`);
  log(q, `  parse ${parse.ms.toFixed(1)} ms`);

  // compile: resolve, dependency graph, units, closures (the smallest of a few runs for small N)
  const heapBefore = heapUsed();
  let heapMark = heapBefore;
  let compiled = compileTimed(loaded.modules, root, (stage) => {
    const now = heapUsed();
    memoryByStage[stage] = now - heapMark;
    heapMark = now;
  });
  const spec = compiled.spec;
  log(q, `  compile ${(compiled.resolve + compiled.graph + compiled.units + compiled.closures).toFixed(1)} ms`);

  // full evaluation: every formula once; the first evaluation also gives the heap its computed values
  const anyFormula = [...spec.program.figures.values()].find((s) => s.kind === "formula")!.name;
  const firstEvaluation = once(() => spec.calculation.value(anyFormula));
  const formulaCount = spec.calculation.evaluations;
  const memoryAfter = heapUsed();
  memoryByStage.values = memoryAfter - heapMark;
  // For a small N, the compile stages are timed again (the median of several runs), after the heap was measured.
  if (small) {
    // Only the timings are kept: a list of compiled specs would make the collector the thing measured.
    const runs: { resolve: number; graph: number; units: number; closures: number }[] = [];
    const started = performance.now();
    do {
      const { spec: _spec, ...times } = compileTimed(loaded.modules, root);
      runs.push(times);
    } while (performance.now() - started < minTime && runs.length < 50);
    const median = (key: "resolve" | "graph" | "units" | "closures") => runs.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
    compiled = { ...compiled, resolve: median("resolve"), graph: median("graph"), units: median("units"), closures: median("closures") };
  }
  // Every formula evaluated again, from a collected heap, as the kernel's runs are (3 runs for a large N).
  const evaluation = measure(() => gc(), () => spec.calculation.recalculate(), minTime, small ? 200 : 3);
  log(q, `  evaluate ${evaluation.ms.toFixed(1)} ms (${formulaCount} formulas)`);

  // check every published figure (figures only; the laws are measured once, at the smallest N)
  const checked = once(() => checkFigures(spec));
  const result = checked.value;
  const check = small ? measure(() => null, () => checkFigures(spec), minTime) : { ms: checked.ms, runs: 1 };
  log(q, `  check ${check.ms.toFixed(1)} ms`);
  const statuses = { exact: 0, withinRounding: 0, knownInconsistency: 0, mismatch: 0 };
  for (const f of result.figures) {
    if (f.status === "exact") statuses.exact++;
    else if (f.status === "within-rounding") statuses.withinRounding++;
    else if (f.status === "known-inconsistency") statuses.knownInconsistency++;
    else statuses.mismatch++;
  }
  const l = layout(province.departments, provinceTotals(province.departments));
  // reckon's rounded values against the kernel's exact ones
  const byName = new Map(result.figures.map((f) => [f.name, f.rounded]));
  const names = figureNames(l, (d) => `${d.name}.`);
  let disagreements = 0;
  l.expected.forEach((e, k) => {
    const rounded = byName.get(names[k]!);
    if (!rounded || !rounded.equals(e.rounded)) disagreements++;
  });
  if (statuses.mismatch > 0 || disagreements > 0) log(q, `  !! ${statuses.mismatch} mismatches, ${disagreements} figures disagree with the kernel`);

  const reckon: Record<string, Stage> = {
    parse: { ms: parse.ms, perSecond: figures / (parse.ms / 1000), unit: "figures", runs: parse.runs },
    resolve: { ms: compiled.resolve, perSecond: figures / (compiled.resolve / 1000), unit: "figures" },
    graph: { ms: compiled.graph, perSecond: figures / (compiled.graph / 1000), unit: "figures" },
    units: { ms: compiled.units, perSecond: figures / (compiled.units / 1000), unit: "figures" },
    closures: { ms: compiled.closures, perSecond: figures / (compiled.closures / 1000), unit: "figures" },
    evaluate: { ms: evaluation.ms, perSecond: formulaCount / (evaluation.ms / 1000), unit: "formulas", runs: evaluation.runs },
    firstEvaluation: { ms: firstEvaluation.ms, perSecond: formulaCount / (firstEvaluation.ms / 1000), unit: "formulas" },
    check: { ms: check.ms, perSecond: result.figures.length / (check.ms / 1000), unit: "published", runs: check.runs },
  };
  const compileMs = compiled.resolve + compiled.graph + compiled.units + compiled.closures;
  reckon.compile = { ms: compileMs, perSecond: figures / (compileMs / 1000), unit: "figures" };
  reckon.total = { ms: parse.ms + compileMs + evaluation.ms, perSecond: figures / ((parse.ms + compileMs + evaluation.ms) / 1000), unit: "figures" };

  // incremental: one fact changes, through the core (fact store + Calculation) and the API path
  const incremental: SizeResult["incremental"] = [];
  for (const c of incrementalCases(province.departments[0]!, `${province.departments[0]!.name}.`)) {
    const symbol = spec.program.figures.get(c.fact);
    if (!symbol) throw new Error(`no fact ${c.fact}`);
    const repeat = n >= 10_000 ? 20 : 200;
    const decimals = (t: string) => (t.includes(".") ? t.length - t.indexOf(".") - 1 : 0);
    const before = spec.calculation.evaluations;
    const core: number[] = [];
    for (let i = 0; i < repeat; i++) {
      const text = c.values[(i + 1) % 2]!;
      const t0 = performance.now();
      spec.facts.set(c.fact, { value: new Exact(text), decimals: decimals(text), source: { kind: "api" } });
      spec.calculation.factsChanged([c.fact]);
      core.push(performance.now() - t0);
    }
    const dependents = (spec.calculation.evaluations - before) / repeat;
    const api: number[] = [];
    for (let i = 0; i < Math.min(repeat, n >= 10_000 ? 6 : 50); i++) {
      const text = c.values[i % 2]!;
      const t0 = performance.now();
      const r = supplyFacts(spec, [{ name: c.fact, value: text }], () => ({ kind: "api" }));
      api.push(performance.now() - t0);
      if (r.diagnostics.length > 0) throw new Error(r.diagnostics[0]!.message);
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    incremental.push({ label: c.label, fact: c.fact, dependents, coreMs: median(core), apiMs: median(api) });
  }
  // leave the facts as generated
  for (const c of incrementalCases(province.departments[0]!, `${province.departments[0]!.name}.`)) supplyFacts(spec, [{ name: c.fact, value: c.values[0] }], () => ({ kind: "api" }));
  log(q, `  incremental ${incremental.map((i) => `${i.dependents} → ${(i.coreMs * 1000).toFixed(0)} µs`).join(", ")}`);

  const retained = memoryAfter - heapBefore;
  const memory = {
    retainedMB: (retained + memoryByStage.parse!) / 1e6,
    bytesPerFigure: (retained + memoryByStage.parse!) / figures,
    byStage: Object.fromEntries(Object.entries(memoryByStage).map(([k, v]) => [k, Math.round(v / figures)])),
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };

  // ── the floor: hand-written decimal.js ──
  const floorProgram = buildFloor(l);
  const floorRun = measure(() => gc(), () => floorProgram.run(), minTime, small ? 200 : 3);
  const floorDifferences = countDifferences(l, floorProgram.outputs);
  const floor = {
    evaluate: { ms: floorRun.ms, perSecond: floorProgram.formulas / (floorRun.ms / 1000), unit: "formulas", runs: floorRun.runs },
    differences: floorDifferences,
  };
  log(q, `  floor ${floorRun.ms.toFixed(1)} ms`);

  // ── mathjs ──
  let mathjs: SizeResult["mathjs"];
  if (n <= options.mathjsMax) {
    mathjs = await benchMathjs(l, minTime);
    log(q, `  mathjs parse+evaluate ${mathjs.parseEvaluate!.ms.toFixed(0)} ms, compiled evaluate ${mathjs.evaluate!.ms.toFixed(0)} ms`);
  } else {
    const from = [...previous].reverse().find((p) => p.mathjs && !p.mathjs.projectedFrom);
    if (from?.mathjs) mathjs = project(from.mathjs, from.n, n);
  }

  // ── HyperFormula ──
  let hyperformula: SizeResult["hyperformula"];
  if (n <= options.hfMax) {
    hyperformula = await benchHyperFormula(l, minTime);
    log(q, `  HyperFormula build ${hyperformula.build!.ms.toFixed(0)} ms`);
  } else {
    const from = [...previous].reverse().find((p) => p.hyperformula && !p.hyperformula.projectedFrom);
    if (from?.hyperformula) hyperformula = project(from.hyperformula, from.n, n);
  }

  // ── the alternative: N separate report specs, compiled and checked one by one ──
  let separate: SizeResult["separate"];
  if (options.separateN > 0 && n === options.separateN) separate = benchSeparate(n, options.seed);

  void heap0;
  return {
    n,
    facts: counts.facts,
    formulas: counts.formulas,
    published: counts.published,
    specMB: bytes / 1e6,
    generateMs: generated.ms,
    reckon,
    check: { ...statuses, agreesWithKernel: disagreements === 0, disagreements },
    incremental,
    memory,
    floor,
    ...(mathjs ? { mathjs } : {}),
    ...(hyperformula ? { hyperformula } : {}),
    ...(separate ? { separate } : {}),
  };
}

/** A comparator's figures at N, from its figures at a smaller N, in proportion. */
function project<T extends object>(measured: T, from: number, to: number): T & { projectedFrom: number } {
  const out: Record<string, unknown> = { projectedFrom: from };
  for (const [key, value] of Object.entries(measured)) {
    if (value && typeof value === "object" && "ms" in (value as Stage)) {
      const stage = value as Stage;
      // incremental recalculation does not grow with N, unless it recalculates ∝ N cells
      const scales = !key.startsWith("recalcOne");
      out[key] = { ...stage, ms: scales ? (stage.ms * to) / from : stage.ms, projected: true };
    }
  }
  return out as T & { projectedFrom: number };
}

async function benchMathjs(l: Layout, minTime: number): Promise<NonNullable<SizeResult["mathjs"]>> {
  const { create, all } = await import("mathjs");
  const math = create(all!, { number: "BigNumber", precision: 34 });
  const program = mathjsProgram(l);
  // From the same text as reckon's parse: the functions defined and each input read from its
  // printed digits, as reckon reads the standard library and every fact from the spec.
  const scopeFromText = () => {
    const scope = new Map<string, unknown>();
    for (const definition of MATHJS_FUNCTIONS) math.evaluate(definition, scope);
    for (const [name, value] of program.inputs) scope.set(name, math.bignumber(value));
    return scope;
  };
  let scope = scopeFromText();
  const results: unknown[] = new Array(l.expected.length);
  const count = program.expressions.length;
  const parseEvaluate = measure(
    () => null,
    () => {
      const { expressions, outputs } = program;
      scope = scopeFromText();
      for (let i = 0; i < count; i++) {
        const r = math.evaluate(expressions[i]!, scope);
        const k = outputs[i]!;
        if (k >= 0) results[k] = r;
      }
    },
    minTime,
    20,
  );
  const compile = once(() => program.expressions.map((e) => math.compile(e)));
  const compiled = compile.value;
  const evaluate = measure(
    () => null,
    () => {
      const { outputs } = program;
      for (let i = 0; i < count; i++) {
        const r = compiled[i]!.evaluate(scope);
        const k = outputs[i]!;
        if (k >= 0) results[k] = r;
      }
    },
    minTime,
    20,
  );
  const differences = countDifferences(
    l,
    results.map((r) => new Exact(String(r))),
  );
  return {
    parseEvaluate: { ms: parseEvaluate.ms, perSecond: count / (parseEvaluate.ms / 1000), unit: "formulas", runs: parseEvaluate.runs },
    compile: { ms: compile.ms, perSecond: count / (compile.ms / 1000), unit: "formulas" },
    evaluate: { ms: evaluate.ms, perSecond: count / (evaluate.ms / 1000), unit: "formulas", runs: evaluate.runs },
    differences,
  };
}

async function benchHyperFormula(l: Layout, minTime: number): Promise<NonNullable<SizeResult["hyperformula"]>> {
  const { HyperFormula } = await import("hyperformula");
  const sheets = sheetLayout(l);
  const cells = sheets.rows.length * sheets.rows[0]!.length;
  const formulas = sheets.rows.reduce((a, r) => a + r.filter((c) => typeof c === "string").length, 0) + sheets.province[0]!.length;
  const heapBefore = heapUsed();
  let hf = HyperFormula.buildFromSheets({ Dept: sheets.rows, Std: sheets.grades, Province: sheets.province }, { licenseKey: "gpl-v3" });
  const retained = heapUsed() - heapBefore;
  hf.destroy();
  const build = measure(
    () => null,
    () => {
      hf = HyperFormula.buildFromSheets({ Dept: sheets.rows, Std: sheets.grades, Province: sheets.province }, { licenseKey: "gpl-v3" });
    },
    minTime,
    10,
  );
  // HyperFormula parses a formula once per shape: its parser hashes the formula's tokens, with
  // references relative to the cell, and reuses the tree of an earlier formula with the same hash.
  // The count of reuses is an internal field (undefined if a version moves it).
  const reused = (hf as unknown as { _parser?: { statsCacheUsed?: number } })._parser?.statsCacheUsed;
  const dept = hf.getSheetId("Dept")!;
  const std = hf.getSheetId("Std")!;
  const prov = hf.getSheetId("Province")!;
  const deptValues = hf.getSheetValues(dept);
  const provValues = hf.getSheetValues(prov);
  const values = sheets.cells.map(([row, col]) => (row < 0 ? provValues[0]![col] : deptValues[row]![col]) as number);
  const diff = floatDifferences(l, values);
  // recalculation after one change: a table cell of department 1 (one score), then a std grade (∝ N)
  const template = l.departments[0]!.figures;
  const timely = template.findIndex((f) => f.name.endsWith("指标.质量.发布及时性.实际"));
  const timelyColumn = sheets.valueColumn[timely]!;
  const original = sheets.rows[0]![timelyColumn] as number;
  const recalcOne = measure(
    () => null,
    () => {
      hf.setCellContents({ sheet: dept, row: 0, col: timelyColumn }, [[original + 30]]);
      hf.setCellContents({ sheet: dept, row: 0, col: timelyColumn }, [[original]]);
    },
    minTime,
    100,
  );
  const recalcGrade = measure(
    () => null,
    () => {
      hf.setCellContents({ sheet: std, row: 2, col: 0 }, [[0.7]]);
      hf.setCellContents({ sheet: std, row: 2, col: 0 }, [[0.8]]);
    },
    minTime,
    20,
  );
  hf.destroy();
  return {
    build: { ms: build.ms, perSecond: cells / (build.ms / 1000), unit: "cells", runs: build.runs },
    recalcOneCell: { ms: recalcOne.ms / 2, runs: recalcOne.runs },
    recalcGrade: { ms: recalcGrade.ms / 2, runs: recalcGrade.runs },
    differencesToFixed: diff.toFixed,
    differencesShortest: diff.shortest,
    examples: diff.examples,
    retainedMB: retained / 1e6,
    cells,
    formulas,
    ...(reused === undefined ? {} : { formulasParsed: formulas - reused }),
  };
}

/** N report specs compiled and checked one by one, as `reckon check DIR` does (std parsed N times). */
function benchSeparate(n: number, seed: number): NonNullable<SizeResult["separate"]> {
  const province = generateProvince(n, { seed, layout: "reports" });
  const host = memoryHost(province.files);
  let compileMs = 0;
  let checkMs = 0;
  for (const root of province.roots) {
    const loaded = once(() => loadSpecs([root], host));
    const compiled = compileTimed(loaded.value.modules, root);
    compileMs += loaded.ms + compiled.resolve + compiled.graph + compiled.units + compiled.closures;
    const checked = once(() => checkFigures(compiled.spec));
    if (checked.value.figures.some((f) => f.status === "mismatch")) throw new Error(`${root}: mismatches`);
    checkMs += checked.ms;
  }
  const perReportMs = (compileMs + checkMs) / n;
  return { n, compileMs, checkMs, perReportMs, projected10000s: (perReportMs * 10_000) / 1000 };
}

// ── the laws and the command line ────────────────────────────────────────────────────────────────

function benchLaws(minTime: number): { ms: number; laws: number } | undefined {
  const province = generateProvince(1);
  const host = memoryHost(province.files);
  const loaded = loadSpecs(province.roots, host);
  const { spec } = compileTimed(loaded.modules, province.roots[0]);
  const withLaws = checkSpec(spec) as CheckResult & { laws?: readonly unknown[] };
  if (!withLaws.laws || withLaws.laws.length === 0) return undefined;
  const all = measure(() => null, () => checkSpec(spec), minTime, 10);
  const figures = measure(() => null, () => checkFigures(spec), minTime);
  return { ms: all.ms - figures.ms, laws: withLaws.laws.length };
}

interface CliResult {
  command: string;
  meanMs: number;
  medianMs: number;
  minMs: number;
  runs: number;
  hyperfineMeanMs?: number;
}

function benchCli(runs: number): CliResult[] {
  const cli = path.join(ROOT, "bin", "reckon.js");
  const dist = path.join(ROOT, "dist", "cli.js");
  if (!existsSync(dist)) throw new Error("dist/cli.js is missing: run `npm run build` first (npm run bench does)");
  const spec = path.join("specs", "2024", "urumqi-cast.reckon");
  const help = spawnSync(process.execPath, [cli, "--help"], { cwd: ROOT, encoding: "utf8" }).stdout;
  const commands: [string, string[]][] = [[`reckon check ${spec}`, [cli, "check", spec]]];
  if (help.includes("--law-runs")) commands.push([`reckon check ${spec} --law-runs 0`, [cli, "check", spec, "--law-runs", "0"]]);
  commands.push(["node -e 0", ["-e", "0"]]);
  const hyperfine = spawnSync("hyperfine", ["--version"], { encoding: "utf8" }).status === 0;
  return commands.map(([label, args]) => {
    const times: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: "ignore" });
      const ms = performance.now() - t0;
      if (r.status !== 0) throw new Error(`${label} exited with ${r.status}`);
      if (i >= 2) times.push(ms);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const result: CliResult = {
      command: label,
      meanMs: times.reduce((a, b) => a + b, 0) / times.length,
      medianMs: sorted[Math.floor(sorted.length / 2)]!,
      minMs: sorted[0]!,
      runs: times.length,
    };
    if (hyperfine) {
      const json = path.join(os.tmpdir(), `reckon-hyperfine-${process.pid}.json`);
      const quoted = [process.execPath, ...args].map((a) => `'${a}'`).join(" ");
      const h = spawnSync("hyperfine", ["-N", "-w", "2", "-r", String(runs), "--export-json", json, quoted], { cwd: ROOT, stdio: "ignore" });
      if (h.status === 0) result.hyperfineMeanMs = JSON.parse(readFileSync(json, "utf8")).results[0].mean * 1000;
    }
    return result;
  });
}

// ── the machine, the table ───────────────────────────────────────────────────────────────────────

function machine() {
  const version = (name: string) => {
    try {
      return JSON.parse(readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")).version as string;
    } catch {
      return "missing";
    }
  };
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()}`,
    packages: Object.fromEntries(["decimal.js", "chevrotain", "mathjs", "hyperformula", "fast-check"].map((p) => [p, version(p)])),
    reckon: JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).version as string,
    commit: (() => {
      try {
        return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim() + (execFileSync("git", ["status", "--porcelain", "src"], { cwd: ROOT, encoding: "utf8" }).trim() ? " (src modified)" : "");
      } catch {
        return "unknown";
      }
    })(),
  };
}

const fmtMs = (s: Stage | undefined) => (s === undefined ? "—" : `${s.projected ? "~" : ""}${s.ms >= 100 ? s.ms.toFixed(0) : s.ms >= 1 ? s.ms.toFixed(1) : s.ms.toFixed(3)} ms`);
const fmtRate = (s: Stage | undefined) => {
  if (s?.perSecond === undefined) return "";
  const r = s.perSecond;
  return `${r >= 1e6 ? `${(r / 1e6).toFixed(2)}M` : r >= 1e3 ? `${(r / 1e3).toFixed(0)}k` : r.toFixed(0)}/s`;
};
const ratio = (a: Stage | undefined, b: Stage | undefined) => (a && b ? `${b.projected ? "~" : ""}${(a.ms / b.ms).toFixed(2)}×` : "—");

export function renderTable(results: readonly SizeResult[]): string {
  const header = ["stage", ...results.map((r) => `N = ${r.n.toLocaleString("en")}`)];
  const rows: string[][] = [];
  const row = (label: string, cell: (r: SizeResult) => string) => rows.push([label, ...results.map(cell)]);
  row("facts + formulas", (r) => `${(r.facts + r.formulas).toLocaleString("en")} (${r.specMB.toFixed(1)} MB)`);
  row("reckon lex+parse", (r) => `${fmtMs(r.reckon.parse)} ${fmtRate(r.reckon.parse)}`);
  row("reckon compile (resolve+graph+units+closures)", (r) => `${fmtMs(r.reckon.compile)} ${fmtRate(r.reckon.compile)}`);
  row("  resolve / graph / units / closures", (r) => ["resolve", "graph", "units", "closures"].map((k) => fmtMs(r.reckon[k])).join(" / "));
  row("reckon evaluate (every formula)", (r) => `${fmtMs(r.reckon.evaluate)} ${fmtRate(r.reckon.evaluate)}`);
  row("  the first evaluation (after compiling)", (r) => fmtMs(r.reckon.firstEvaluation));
  row("reckon check (every published figure)", (r) => `${fmtMs(r.reckon.check)} ${fmtRate(r.reckon.check)}`);
  row("reckon parse+compile+evaluate", (r) => `${fmtMs(r.reckon.total)} ${fmtRate(r.reckon.total)}`);
  row("check statuses (exact/within/mismatch)", (r) => `${r.check.exact}/${r.check.withinRounding}/${r.check.mismatch}${r.check.agreesWithKernel ? "" : ` (${r.check.disagreements} disagree)`}`);
  for (let i = 0; i < (results[0]?.incremental.length ?? 0); i++) {
    row(`incremental: ${results[0]!.incremental[i]!.label}`, (r) => {
      const c = r.incremental[i]!;
      return `${c.dependents} formulas: ${(c.coreMs * 1000).toFixed(0)} µs (API ${c.apiMs >= 1 ? `${c.apiMs.toFixed(1)} ms` : `${(c.apiMs * 1000).toFixed(0)} µs`})`;
    });
  }
  row("retained heap (parsed + compiled + evaluated)", (r) => `${r.memory.retainedMB.toFixed(1)} MB (${r.memory.bytesPerFigure.toFixed(0)} B/figure)`);
  row("  B/figure: AST / resolve / graph / units / closures / values", (r) => ["parse", "resolve", "graph", "units", "closures", "values"].map((k) => r.memory.byStage[k] ?? "?").join(" / "));
  row("hand-written decimal.js evaluate (floor)", (r) => `${fmtMs(r.floor.evaluate)} ${fmtRate(r.floor.evaluate)}`);
  row("  reckon evaluate / floor (target ≤ 1.5×)", (r) => ratio(r.reckon.evaluate, r.floor.evaluate));
  row("mathjs parse+evaluate", (r) => `${fmtMs(r.mathjs?.parseEvaluate)} ${fmtRate(r.mathjs?.parseEvaluate)}`);
  row("mathjs compile once / evaluate", (r) => `${fmtMs(r.mathjs?.compile)} / ${fmtMs(r.mathjs?.evaluate)}`);
  row("  mathjs parse+evaluate / reckon parse+compile+evaluate (target ≥ 3×)", (r) => ratio(r.mathjs?.parseEvaluate, r.reckon.total));
  row("  reckon evaluate / mathjs compiled evaluate", (r) => ratio(r.reckon.evaluate, r.mathjs?.evaluate));
  row("  mathjs results ≠ exact, rounded as printed", (r) => (r.mathjs?.differences === undefined ? "—" : String(r.mathjs.differences)));
  row("HyperFormula build (parse + evaluate)", (r) => `${fmtMs(r.hyperformula?.build)} ${fmtRate(r.hyperformula?.build)}`);
  row("  HyperFormula build / reckon parse+compile+evaluate (target > 1×)", (r) => ratio(r.hyperformula?.build, r.reckon.total));
  row("  HyperFormula formulas parsed (the rest reuse the tree of the same shape)", (r) =>
    r.hyperformula?.formulasParsed === undefined ? "—" : `${r.hyperformula.formulasParsed} of ${r.hyperformula.formulas}`,
  );
  row("HyperFormula recalc: one cell / a grade", (r) => `${fmtMs(r.hyperformula?.recalcOneCell)} / ${fmtMs(r.hyperformula?.recalcGrade)}`);
  row("  HyperFormula floats ≠ exact (toFixed / shortest)", (r) =>
    r.hyperformula?.differencesToFixed === undefined ? "—" : `${r.hyperformula.differencesToFixed} / ${r.hyperformula.differencesShortest} of ${r.published}`,
  );
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

export async function runBench(options: BenchOptions) {
  const started = performance.now();
  const results: SizeResult[] = [];
  for (const n of options.sizes) {
    results.push(await benchSize(n, options, results));
    gc();
  }
  const laws = benchLaws(options.minTime);
  const cli = options.cliRuns > 0 ? benchCli(options.cliRuns) : [];
  const seconds = (performance.now() - started) / 1000;
  return {
    machine: { ...machine(), loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))) },
    date: new Date().toISOString(),
    seconds,
    options: { ...options, out: undefined },
    results,
    projection: projectTo(results, 10_000),
    laws,
    cli,
  };
}

/**
 * Each reckon stage at N, in proportion to its time at the largest N measured (a lower bound: the
 * compile stages grow faster than N on a heap of many GB, see bench/README.md).
 */
function projectTo(results: readonly SizeResult[], n: number): { n: number; from: number; ms: Record<string, number> } | undefined {
  const largest = results.at(-1);
  if (!largest || largest.n >= n) return undefined;
  return { n, from: largest.n, ms: Object.fromEntries(Object.entries(largest.reckon).map(([k, v]) => [k, Math.round((v.ms * n) / largest.n)])) };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!(globalThis as { gc?: unknown }).gc) console.error("(run with node --expose-gc for heap figures: npm run bench does)");
  const report = await runBench(options);
  console.log(`\nreckon benchmarks: ${report.machine.cpu}, ${report.machine.cores} cores, ${report.machine.memoryGB} GB, Node ${report.machine.node}, load average ${report.machine.loadAverage.join(" ")}\n`);
  console.log(renderTable(report.results));
  if (report.projection) {
    const p = report.projection;
    console.log(
      `\nprojected to N = ${p.n.toLocaleString("en")} in proportion to N = ${p.from.toLocaleString("en")} (a lower bound): parse ${(p.ms.parse! / 1000).toFixed(0)} s, compile ${(p.ms.compile! / 1000).toFixed(0)} s, evaluate ${(p.ms.evaluate! / 1000).toFixed(1)} s, check ${(p.ms.check! / 1000).toFixed(1)} s`,
    );
  }
  if (report.laws) console.log(`\nlaws of the std library (${report.laws.laws}, ${DEFAULT_LAW_RUNS} cases each), checked once per program: ${report.laws.ms.toFixed(0)} ms`);
  for (const r of report.results) {
    if (r.separate)
      console.log(
        `\n${r.separate.n} separate report specs compiled and checked one by one: ${(r.separate.compileMs + r.separate.checkMs).toFixed(0)} ms (${r.separate.perReportMs.toFixed(1)} ms a report, laws not counted; 10,000 would take ~${r.separate.projected10000s.toFixed(0)} s) vs one program of ${r.n} sections: ${(r.reckon.total!.ms + r.reckon.check!.ms).toFixed(0)} ms`,
      );
  }
  if (report.cli.length > 0) {
    console.log("\ncommand line (wall time, spawned from Node):");
    for (const c of report.cli) console.log(`  ${c.command.padEnd(64)} median ${c.medianMs.toFixed(0)} ms, mean ${c.meanMs.toFixed(0)} ms (${c.runs} runs)${c.hyperfineMeanMs ? `, hyperfine mean ${c.hyperfineMeanMs.toFixed(0)} ms` : ""}`);
  }
  console.log(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; finished in ${report.seconds.toFixed(0)} s`);
  if (options.out) {
    writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`wrote ${path.relative(process.cwd(), options.out)}`);
  }
}

if (process.argv[1] && /^run\.[jt]s$/.test(path.basename(process.argv[1]))) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
