/**
 * Writes the generated workload: N departmental reports of one province, following the national
 * template (see ./template.ts), deterministic for a seed.
 *
 *   npx tsx bench/generate.ts --n 100 [--seed 2024] [--out bench/generated/n100] [--layout province|reports]
 *
 * Layouts:
 * - province (the default, and what the bench measures): one program. Each department is a file with
 *   one section named after it; `province.reckon` imports them all, holds the report header and the
 *   province's totals (sums over every department). `reckon check DIR/province.reckon` checks it.
 * - reports: one report spec per department, each with its own header, as `reckon check DIR` checks
 *   them one by one.
 *
 * Both import specs/std/final-accounts.reckon. The bench generates the same texts in memory (it does not
 * need these files); they are for looking at, for `reckon check`, and for profiling.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { department, provinceRoot, provinceTotals, sectionSpec, standaloneSpec, type Department } from "./template";

export const DEFAULT_SEED = 2024;

/** The repository's root (this file runs from bench/ under tsx, or bundled from bench/.build/). */
export const ROOT = (() => {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "specs", "std", "final-accounts.reckon"))) return dir;
    if (path.dirname(dir) === dir) throw new Error("cannot find specs/std/final-accounts.reckon above bench/");
  }
})();

/** The standard library's absolute path. */
export const STD_PATH = path.join(ROOT, "specs", "std", "final-accounts.reckon");

export interface Province {
  readonly departments: readonly Department[];
  /** Spec texts by key (paths relative to the province's directory, `/`-separated). */
  readonly files: Map<string, string>;
  /** The key of the root spec (province layout) or of every report (reports layout). */
  readonly roots: readonly string[];
}

export function departmentKey(d: Department, layout: "province" | "reports"): string {
  return `${layout === "province" ? "departments" : "reports"}/${d.name}.reckon`;
}

/**
 * Generates N departments and the spec texts of a layout. `stdImport(key)` is how a spec at `key`
 * imports the standard library (absolute for in-memory hosts, relative on disk).
 */
export function generateProvince(n: number, options: { seed?: number; layout?: "province" | "reports"; stdImport?: (key: string) => string } = {}): Province {
  const seed = options.seed ?? DEFAULT_SEED;
  const layout = options.layout ?? "province";
  const stdImport = options.stdImport ?? (() => STD_PATH);
  const departments: Department[] = [];
  for (let i = 1; i <= n; i++) departments.push(department(i, seed));
  const files = new Map<string, string>();
  const roots: string[] = [];
  for (const d of departments) {
    const key = departmentKey(d, layout);
    files.set(key, layout === "province" ? sectionSpec(d, stdImport(key)) : standaloneSpec(d, stdImport(key)));
    if (layout === "reports") roots.push(key);
  }
  if (layout === "province") {
    const root = "province.reckon";
    files.set(root, provinceRoot(departments.map((d) => departmentKey(d, layout)), stdImport(root), provinceTotals(departments), n));
    roots.push(root);
  }
  return { departments, files, roots };
}

/** Facts plus formulas of a province (what "3 million facts and formulas" counts), std excluded. */
export function countFigures(departments: readonly Department[]): { facts: number; formulas: number; published: number } {
  let facts = 0;
  let formulas = 0;
  let published = 0;
  for (const d of departments) {
    for (const f of d.figures) {
      if (f.kind === "fact") facts++;
      else {
        formulas++;
        if (f.published) published++;
      }
    }
  }
  // The province's two totals.
  return { facts, formulas: formulas + 2, published: published + 2 };
}

/** The command line: writes the specs of a province (`log` prints what was written). */
export function main(argv: readonly string[], log: (line: string) => void = console.log): void {
  const option = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const n = Number(option("n") ?? "100");
  const seed = Number(option("seed") ?? DEFAULT_SEED);
  const layout = (option("layout") ?? "province") as "province" | "reports";
  if (!Number.isInteger(n) || n < 1 || (layout !== "province" && layout !== "reports")) {
    throw new Error("usage: npx tsx bench/generate.ts --n N [--seed S] [--out DIR] [--layout province|reports]");
  }
  const out = path.resolve(option("out") ?? path.join(ROOT, "bench", "generated", `n${n}${layout === "reports" ? "-reports" : ""}`));
  const started = performance.now();
  const province = generateProvince(n, {
    seed,
    layout,
    stdImport: (key) => path.relative(path.dirname(path.join(out, key)), STD_PATH).split(path.sep).join("/"),
  });
  let bytes = 0;
  for (const [key, text] of province.files) {
    const file = path.join(out, key);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
  }
  const counts = countFigures(province.departments);
  readFileSync(STD_PATH); // the import must exist
  log(
    `${n} reports (${layout}), seed ${seed}: ${counts.facts.toLocaleString("en")} facts, ${counts.formulas.toLocaleString("en")} formulas (${counts.published.toLocaleString("en")} published), ` +
      `${(bytes / 1e6).toFixed(1)} MB in ${province.files.size} files under ${path.relative(process.cwd(), out) || "."} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  log(layout === "province" ? `check it: npx reckon check ${path.join(path.relative(process.cwd(), out), "province.reckon")}` : `check them: npx reckon check ${path.relative(process.cwd(), out)}`);
}

if (process.argv[1] && /^generate\.[jt]s$/.test(path.basename(process.argv[1]))) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  }
}
