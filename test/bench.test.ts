/**
 * Keeps the benchmark from rotting (no timings are asserted here): the generator's specs compile and
 * check with no mismatch, reckon, the hand-written kernel, mathjs and HyperFormula agree on the
 * same formulas, and one tiny iteration of `npm run bench` runs end to end.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Engine } from "../src/api/engine";
import { buildFloor, countDifferences, layout } from "../bench/engines";
import { generateProvince, STD_PATH } from "../bench/generate";
import { benchSize, renderTable } from "../bench/run";
import { department, provinceTotals } from "../bench/template";

const std = readFileSync(STD_PATH, "utf8");

function engineFor(files: Map<string, string>, root: string): Engine {
  return Engine.load(root, {
    host: {
      resolve: (specifier, from) => (specifier === STD_PATH ? STD_PATH : path.posix.join(path.posix.dirname(from), specifier)),
      read: (key) => (key === STD_PATH ? std : files.get(key)),
    },
  });
}

describe("the generated workload", () => {
  it("is deterministic", () => {
    expect(department(7, 2024).body).toBe(department(7, 2024).body);
    expect(department(7, 2024).body).not.toBe(department(8, 2024).body);
  });

  it("compiles and checks with no mismatch, as one program of N sections", () => {
    const province = generateProvince(2);
    const result = engineFor(province.files, province.roots[0]!).check();
    const published = province.departments.reduce((n, d) => n + d.figures.filter((f) => f.kind === "formula" && f.published).length, 0);
    expect(result.summary.total).toBe(published + 2);
    expect(result.summary.mismatch).toBe(0);
    expect(result.summary.exact + result.summary.withinRounding).toBe(result.summary.total);
  });

  it("compiles and checks with no mismatch, as N separate report specs", () => {
    const province = generateProvince(2, { layout: "reports" });
    for (const root of province.roots) {
      const result = engineFor(province.files, root).check();
      expect(result.summary.mismatch).toBe(0);
      expect(result.summary.total).toBeGreaterThan(100);
    }
  });

  it("gives every engine the same formulas: the hand-written kernel reproduces every exact value", () => {
    const province = generateProvince(2);
    const l = layout(province.departments, provinceTotals(province.departments));
    const floor = buildFloor(l);
    floor.run();
    expect(countDifferences(l, floor.outputs)).toBe(0);
  });

  it("writes the files `reckon check` reads", async () => {
    const { main } = await import("../bench/generate");
    const out = mkdtempSync(path.join(tmpdir(), "reckon-bench-"));
    try {
      main(["--n", "2", "--out", out], () => {});
      const root = path.join(out, "province.reckon");
      expect(readFileSync(root, "utf8")).toContain('import "departments/单位00001.reckon"');
      expect(Engine.load(root).check().summary.mismatch).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe("npm run bench", () => {
  it("runs one tiny iteration, side by side, with the engines agreeing", async () => {
    const options = { sizes: [2], mathjsMax: 2, hfMax: 2, separateN: 2, cliRuns: 0, minTime: 0, seed: 2024, quiet: true };
    const result = await benchSize(2, options);
    expect(result.check.mismatch).toBe(0);
    expect(result.check.agreesWithKernel).toBe(true);
    expect(result.floor.differences).toBe(0);
    expect(result.mathjs?.differences).toBe(0);
    expect(result.hyperformula?.differencesShortest).toBeGreaterThanOrEqual(0);
    // HyperFormula parses the second department's formulas from its cache of shapes (an internal counter the bench reports).
    expect(result.hyperformula?.formulasParsed).toBeLessThan(result.hyperformula!.formulas! / 2 + 1);
    expect(result.incremental.map((i) => i.dependents)).toEqual([1, 3, 3, expect.any(Number)]);
    expect(result.separate?.n).toBe(2);
    expect(renderTable([result])).toContain("reckon evaluate / floor");
  }, 120_000);
});
