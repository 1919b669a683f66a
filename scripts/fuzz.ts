/**
 * `npm run fuzz`: takes 100,000 generated hostile inputs through every stage of reckon, in-process
 * (the cases and the stages are in scripts/fuzz-cases.ts), and fails when one of them throws, spends
 * more than a second in one operation (parse, fmt, compile, check, loadFacts …), reports a diagnostic
 * without a position, pollutes a built-in prototype, or formats to a text that does not format to
 * itself. docs/security.md describes what it generates and what it counts.
 *
 *     npm run fuzz                                  100,000 cases on min(2, cores) processes
 *     npm run fuzz -- --runs 20000 --seed 7         fewer cases, another seed (FUZZ_RUNS, FUZZ_SEED)
 *     npm run fuzz -- --workers 1                   one process (FUZZ_WORKERS)
 *     npm run fuzz -- --case 4711                   run case 4711 of the seed alone and print it
 *
 * Case i is generated from the seed `seed + i` alone, so a case is reproduced by its number whatever
 * the number of processes. A process stuck on one case for longer than --hang (10 s) is killed: the
 * case counts as slow and the next process starts after it.
 *
 * Exit codes: 0 when every count that must be zero is zero, 1 otherwise (the smallest counterexample
 * fast-check finds for each kind of failure is printed), 2 for a bad option.
 */
import { fork, type ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { caseKind, caseOf, describeCase, fuzzCase, runCase, type FuzzCase, type Status } from "./fuzz-cases";

const DEFAULT_SEED = 20_250_101;
const PROGRESS_EVERY = 10_000;

interface Options {
  runs: number;
  seed: number;
  workers: number;
  budgetMs: number;
  hangMs: number;
  replay?: number;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (flag: string, env: string | undefined, fallback: number): number => {
    const i = argv.indexOf(flag);
    const text = i >= 0 ? argv[i + 1] : env;
    if (text === undefined || text === "") return fallback;
    const n = Number(text.replace(/[_,]/g, ""));
    if (!Number.isInteger(n) || n < 0) {
      console.error(`error: ${flag} takes a whole number, not \`${text}\``);
      process.exit(2);
    }
    return n;
  };
  const replayAt = argv.indexOf("--case");
  return {
    runs: value("--runs", process.env.FUZZ_RUNS, 100_000),
    seed: value("--seed", process.env.FUZZ_SEED, DEFAULT_SEED),
    workers: Math.max(1, value("--workers", process.env.FUZZ_WORKERS, Math.min(2, availableParallelism()))),
    budgetMs: value("--budget", process.env.FUZZ_BUDGET_MS, 1_000),
    hangMs: value("--hang", process.env.FUZZ_HANG_MS, 10_000),
    ...(replayAt >= 0 ? { replay: value("--case", undefined, 0) } : {}),
  };
}

/** The must-be-zero counts, by what they count. */
const PROBLEMS = ["exception", "slow", "unlocated", "polluted", "unstable-fmt"] as const;
type Problem = (typeof PROBLEMS)[number];

interface CaseResult {
  readonly i: number;
  readonly kind: string;
  readonly status: Status;
  /** The whole case, every stage. */
  readonly ms: number;
  /** Its slowest stage (one operation: parse, fmt, compile, check, loadFacts …) and how long it took. */
  readonly stage: string;
  readonly stageMs: number;
  readonly detail?: string;
}

type Message = { type: "case"; result: CaseResult } | { type: "codes"; codes: Record<string, number> } | { type: "ready" };

function timeCase(c: FuzzCase): { outcome: ReturnType<typeof runCase>; ms: number; stage: string; stageMs: number } {
  const start = performance.now();
  const outcome = runCase(c);
  const ms = performance.now() - start;
  const [stage, stageMs] = Object.entries(outcome.stages).reduce((a, b) => (b[1] > a[1] ? b : a), ["", 0]);
  return { outcome, ms, stage, stageMs };
}

/** Runs the real specs once, untimed, so that the first timed case does not pay for the JIT. */
function warmUp(): void {
  for (const source of [{ from: "report" as const }, { from: "std" as const }]) runCase({ kind: "spec", source, mutations: [], explain: [0, 1, 2] });
}

// ── A worker process: runs cases i ≡ index (mod workers) from `from` on ─────────────────────────

function worker(seed: number, runs: number, workers: number, from: number, budgetMs: number): void {
  const send = (m: Message) => process.send!(m);
  warmUp();
  send({ type: "ready" });
  const codes: Record<string, number> = {};
  for (let i = from; i < runs; i += workers) {
    const c = caseOf(seed + i);
    let { outcome, ms, stage, stageMs } = timeCase(c);
    if (stageMs > budgetMs) {
      // A pause of the machine (another process, a garbage collection) is not reckon's: a slow case
      // counts when it is slow twice.
      const again = timeCase(c);
      if (again.stageMs < stageMs) ({ outcome, ms, stage, stageMs } = again);
    }
    for (const code of new Set(outcome.codes)) codes[code] = (codes[code] ?? 0) + 1;
    send({ type: "case", result: { i, kind: caseKind(c), status: outcome.status, ms, stage, stageMs, ...(outcome.detail ? { detail: outcome.detail } : {}) } });
  }
  send({ type: "codes", codes });
  process.disconnect();
}

// ── The coordinator ─────────────────────────────────────────────────────────────────────────────

interface KindStats {
  cases: number;
  totalMs: number;
  maxMs: number;
  ok: number;
}

class Tally {
  readonly byStatus = new Map<Status, number>();
  readonly byKind = new Map<string, KindStats>();
  readonly problems = new Map<Problem, CaseResult[]>(PROBLEMS.map((p) => [p, []]));
  readonly codes = new Map<string, number>();
  slowest: CaseResult | undefined;
  slowestStage: CaseResult | undefined;
  done = 0;

  add(result: CaseResult, budgetMs: number): void {
    this.done++;
    this.byStatus.set(result.status, (this.byStatus.get(result.status) ?? 0) + 1);
    const kind = this.byKind.get(result.kind) ?? { cases: 0, totalMs: 0, maxMs: 0, ok: 0 };
    kind.cases++;
    kind.totalMs += result.ms;
    kind.maxMs = Math.max(kind.maxMs, result.ms);
    if (result.status === "ok") kind.ok++;
    this.byKind.set(result.kind, kind);
    if (result.status !== "ok" && result.status !== "diagnostics") this.problems.get(result.status)!.push(result);
    if (result.stageMs > budgetMs) this.problems.get("slow")!.push(result);
    if (!this.slowest || result.ms > this.slowest.ms) this.slowest = result;
    if (!this.slowestStage || result.stageMs > this.slowestStage.stageMs) this.slowestStage = result;
  }

  count(status: Status): number {
    return this.byStatus.get(status) ?? 0;
  }

  line(): string {
    const problems = PROBLEMS.map((p) => `${this.problems.get(p)!.length} ${p}`).join(", ");
    return `${this.count("ok").toLocaleString("en")} ok, ${this.count("diagnostics").toLocaleString("en")} diagnostics; ${problems}`;
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function coordinate(options: Options): Promise<number> {
  const started = performance.now();
  const tally = new Tally();
  const file = fileURLToPath(import.meta.url);
  console.log(`reckon fuzz: ${options.runs.toLocaleString("en")} cases, seed ${options.seed}, ${options.workers} process${options.workers === 1 ? "" : "es"}, ${options.budgetMs} ms a case`);

  await new Promise<void>((resolve) => {
    let running = 0;
    let nextProgress = PROGRESS_EVERY;
    const start = (slot: number, from: number) => {
      if (from >= options.runs) return;
      running++;
      const child: ChildProcess = fork(file, ["--worker", String(options.seed), String(options.runs), String(options.workers), String(from), String(options.budgetMs)], { execArgv: process.execArgv });
      let last = performance.now();
      let ready = false;
      let current = from;
      let finished = false;
      const watchdog = setInterval(() => {
        if (!ready || performance.now() - last < options.hangMs) return;
        // Stuck on one case: count it, and carry on after it in a new process.
        clearInterval(watchdog);
        finished = true;
        child.kill("SIGKILL");
        const ms = performance.now() - last;
        tally.add({ i: current, kind: caseKind(caseOf(options.seed + current)), status: "diagnostics", ms, stage: "?", stageMs: ms, detail: `did not finish within ${seconds(options.hangMs)}` }, options.budgetMs);
        running--;
        start(slot, current + options.workers);
        if (running === 0) resolve();
      }, 1_000);
      child.on("message", (m: Message) => {
        last = performance.now();
        if (m.type === "ready") ready = true;
        else if (m.type === "codes") for (const [code, n] of Object.entries(m.codes)) tally.codes.set(code, (tally.codes.get(code) ?? 0) + n);
        else {
          tally.add(m.result, options.budgetMs);
          current = m.result.i + options.workers;
          if (tally.done >= nextProgress) {
            console.log(`[fuzz] ${tally.done.toLocaleString("en")}/${options.runs.toLocaleString("en")} cases in ${seconds(performance.now() - started)}: ${tally.line()}`);
            nextProgress += PROGRESS_EVERY;
          }
        }
      });
      child.on("exit", (code, signal) => {
        clearInterval(watchdog);
        if (finished) return;
        finished = true;
        running--;
        if (current < options.runs && (code !== 0 || signal)) {
          // The process died on a case (out of memory, a native crash): that case is a bug.
          const ms = performance.now() - last;
          tally.add({ i: current, kind: caseKind(caseOf(options.seed + current)), status: "exception", ms, stage: "?", stageMs: ms, detail: `the process running it died (exit code ${code}, signal ${signal})` }, options.budgetMs);
          start(slot, current + options.workers);
        }
        if (running === 0) resolve();
      });
    };
    for (let k = 0; k < options.workers; k++) start(k, k);
  });

  const elapsed = performance.now() - started;
  console.log("");
  console.log(`cases              ${tally.done.toLocaleString("en")} in ${seconds(elapsed)}`);
  console.log(`  ok               ${tally.count("ok").toLocaleString("en")}`);
  console.log(`  diagnostics      ${tally.count("diagnostics").toLocaleString("en")}`);
  console.log(`uncaught exceptions ${tally.problems.get("exception")!.length}   (must be 0)`);
  console.log(`runs over ${options.budgetMs} ms    ${tally.problems.get("slow")!.length}   (must be 0; one operation of a case: parse, fmt, compile, check, loadFacts …)`);
  console.log(`failures without a position ${tally.problems.get("unlocated")!.length}   (must be 0)`);
  console.log(`prototype pollution ${tally.problems.get("polluted")!.length}   (must be 0)`);
  console.log(`fmt not idempotent ${tally.problems.get("unstable-fmt")!.length}   (must be 0)`);
  if (tally.slowest) console.log(`slowest case       #${tally.slowest.i} (${tally.slowest.kind}, ${tally.slowest.status}) ${tally.slowest.ms.toFixed(0)} ms; its slowest operation ${tally.slowest.stage} ${tally.slowest.stageMs.toFixed(0)} ms`);
  if (tally.slowestStage && tally.slowestStage !== tally.slowest) console.log(`slowest operation  #${tally.slowestStage.i} (${tally.slowestStage.kind}) ${tally.slowestStage.stage} ${tally.slowestStage.stageMs.toFixed(0)} ms`);
  console.log("");
  console.log("by kind             cases    ok     mean ms  max ms");
  for (const [kind, s] of [...tally.byKind].sort((a, b) => b[1].cases - a[1].cases)) {
    console.log(`  ${kind.padEnd(24)} ${String(s.cases).padStart(6)} ${String(s.ok).padStart(6)} ${(s.totalMs / s.cases).toFixed(1).padStart(9)} ${s.maxMs.toFixed(0).padStart(7)}`);
  }
  const codes = [...tally.codes].sort((a, b) => b[1] - a[1]);
  console.log(`\ndiagnostic codes seen (${codes.length}): ${codes.map(([code, n]) => `${code} ${n}`).join(", ")}`);

  const failing = PROBLEMS.filter((p) => tally.problems.get(p)!.length > 0);
  if (failing.length === 0) return 0;
  for (const problem of failing) {
    const cases = tally.problems.get(problem)!.sort((a, b) => a.i - b.i);
    console.log(`\n━━ ${problem}: ${cases.length} case${cases.length === 1 ? "" : "s"} (#${cases.slice(0, 20).map((c) => c.i).join(", #")}${cases.length > 20 ? ", …" : ""})`);
    const signatures = new Map<string, { count: number; first: number }>();
    for (const c of cases) {
      const signature = problem === "slow" && !c.detail ? `${c.kind}: ${c.stage}` : (c.detail ?? "").split("\n")[0]!.replace(/\d+/g, "N").slice(0, 160);
      const seen = signatures.get(signature) ?? { count: 0, first: c.i };
      seen.count++;
      signatures.set(signature, seen);
    }
    for (const [signature, { count, first }] of [...signatures].sort((a, b) => b[1].count - a[1].count).slice(0, 12)) console.log(`  ${String(count).padStart(5)} × ${signature}  (first #${first})`);
    const first = cases.find((c) => !c.detail?.startsWith("did not finish") && !c.detail?.startsWith("the process running it died")) ?? cases[0]!;
    console.log(`first: case #${first.i} (${first.kind}), ${first.ms.toFixed(0)} ms (${first.stage} ${first.stageMs.toFixed(0)} ms): ${first.detail ?? ""}`);
    const hung = first.detail?.startsWith("did not finish") || first.detail?.startsWith("the process running it died");
    if (hung) {
      console.log(describeCase(caseOf(options.seed + first.i)));
    } else {
      const minimal = shrink(options.seed + first.i, problem, options.budgetMs);
      console.log(`minimal counterexample (reproduce: npm run fuzz -- --seed ${options.seed} --case ${first.i}):`);
      console.log(describeCase(minimal.case));
      console.log(`→ ${minimal.status}${minimal.detail ? `: ${minimal.detail}` : ""}${problem === "slow" ? ` (${minimal.stage} took ${minimal.ms.toFixed(0)} ms)` : ""}`);
    }
  }
  return 1;
}

/** fast-check's smallest case, from the same seed, that still shows the problem. */
function shrink(seed: number, problem: Problem, budgetMs: number): { case: FuzzCase; status: Status; detail?: string; ms: number; stage: string } {
  const shows = (c: FuzzCase) => {
    const { outcome, stageMs } = timeCase(c);
    return problem === "slow" ? stageMs > budgetMs && timeCase(c).stageMs > budgetMs : outcome.status === problem;
  };
  const result = fc.check(
    fc.property(fuzzCase, (c) => !shows(c)),
    { seed: seed | 0, numRuns: 1, interruptAfterTimeLimit: problem === "slow" ? 120_000 : 300_000 },
  );
  const found = (result.counterexample?.[0] as FuzzCase | undefined) ?? caseOf(seed);
  const { outcome, stage, stageMs } = timeCase(found);
  return { case: found, status: outcome.status, ...(outcome.detail ? { detail: outcome.detail } : {}), ms: stageMs, stage };
}

function replay(options: Options, index: number): number {
  warmUp();
  const c = caseOf(options.seed + index);
  console.log(`case #${index} of seed ${options.seed}`);
  console.log(describeCase(c, 20_000));
  const { outcome, ms, stageMs } = timeCase(c);
  console.log(`→ ${outcome.status} in ${ms.toFixed(0)} ms${outcome.detail ? `: ${outcome.detail}` : ""}`);
  if (outcome.codes.length > 0) console.log(`codes: ${[...new Set(outcome.codes)].join(", ")}`);
  console.log(`stages: ${Object.entries(outcome.stages).map(([name, t]) => `${name} ${t.toFixed(0)} ms`).join(", ")}`);
  return outcome.status === "ok" || outcome.status === "diagnostics" ? (stageMs > options.budgetMs ? 1 : 0) : 1;
}

const argv = process.argv.slice(2);
if (argv[0] === "--worker") {
  const [seed, runs, workers, from, budgetMs] = argv.slice(1).map(Number) as [number, number, number, number, number];
  worker(seed, runs, workers, from, budgetMs);
} else {
  const options = parseOptions(argv);
  if (options.replay !== undefined) process.exitCode = replay(options, options.replay);
  else process.exitCode = await coordinate(options);
}
