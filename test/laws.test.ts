import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkOutputSchema } from "../src/index";
import { checkLaws } from "../src/laws/check-laws";
import { LawMemo } from "../src/laws/law-memo";
import { compileSpec } from "../src/pipeline";
import { memoryHost } from "../src/semantics/loader";
import { cli, diagnose, where } from "./helpers";

const repo = path.join(import.meta.dirname, "..");
const std = readFileSync(path.join(repo, "specs", "std", "final-accounts.reckon"), "utf8");

/** A scoring rule with a deliberate bug: it forgets to cap the score at the weight. */
const BROKEN = `import "std.reckon"
report "a department with a broken rule"

// proportional without the cap: 2 of a target of 1 scores twice the weight.
function uncapped(actual, target, weight, direction) = weight * actual / target

law uncapped_in_range "an indicator score lies between 0 and the weight"
  for actual in 0.00 .. 1,000.00, target in 0.01 .. 1,000.00, weight in 0 .. 100
  : uncapped(actual, target, weight, 1) >= 0 and uncapped(actual, target, weight, 1) <= weight
`;

function compile(specs: Record<string, string>, root: string) {
  const compiled = compileSpec([root], memoryHost(specs));
  expect(compiled.diagnostics).toEqual([]);
  return compiled.spec!;
}

describe("the laws of the standard library", () => {
  it("declares a law for every formula shape and scoring rule it defines", () => {
    const spec = compile({ "std.reckon": std }, "std.reckon");
    const laws = spec.program.laws;
    const called = new Set(laws.flatMap((law) => [...law.declaration.condition.span.file.text.slice(law.declaration.condition.span.start, law.declaration.condition.span.end).matchAll(/([a-z_]+)\(/g)].map((m) => m[1])));
    const shapes = [...spec.program.functions.keys()].filter((name) => name !== "points");
    expect(shapes.filter((name) => !called.has(name))).toEqual([]);
  });

  it("all hold, on many generated cases", () => {
    const results = checkLaws(compile({ "std.reckon": std }, "std.reckon"), { runs: 1_000 });
    expect(results.length).toBeGreaterThanOrEqual(10);
    for (const result of results) expect(result, `${result.name}: ${result.reason} ${JSON.stringify(result.counterexample)}`).toMatchObject({ status: "holds", runs: 1_000 });
  });
});

describe("a deliberately broken scoring rule", () => {
  const specs = { "std.reckon": std, "broken.reckon": BROKEN };
  const [result] = checkLaws(compile(specs, "broken.reckon")).filter((r) => r.name === "uncapped_in_range");

  it("is caught by its law, with a shrunk counterexample", () => {
    expect(result).toMatchObject({ status: "fails", reason: "the condition is false", location: "broken.reckon:7:5" });
    const values = Object.fromEntries(result!.counterexample!.map((v) => [v.name, v.value]));
    // Shrunk: the smallest failing case scores above a small weight.
    expect(Number(values.weight)).toBeGreaterThan(0);
    expect(result!.counterexample!.map((v) => v.name)).toEqual(["actual", "target", "weight"]);
  });

  it("prints the counterexample as facts that, pasted back into the spec, reproduce the failure", () => {
    const pasted = `${BROKEN}\n${result!.reproduction}\n`;
    expect(result!.reproduction).toMatch(/^\/\/ law uncapped_in_range fails for these values:\nfact actual = .*\nfact target = .*\nfact weight = .*\nformula uncapped_in_range\.holds = /);
    const spec = compile({ "std.reckon": std, "pasted.reckon": pasted }, "pasted.reckon");
    expect(spec.calculation.value("uncapped_in_range.holds")).toBe(false);
  });

  it("makes reckon check exit 1, and prints the law, the values and the reproduction", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "reckon-laws-"));
    writeFileSync(path.join(dir, "std.reckon"), std);
    writeFileSync(path.join(dir, "broken.reckon"), BROKEN);
    const run = cli("check", path.join(dir, "broken.reckon"));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ uncapped_in_range\s+FAILS for actual = [\d.]+, target = [\d.]+, weight = \d+: the condition is false/);
    expect(run.stdout).toContain("      fact actual = ");
    expect(run.stdout).toMatch(/1 failing law\n$/);
    const json = checkOutputSchema.parse(JSON.parse(cli("check", "--format", "json", path.join(dir, "broken.reckon")).stdout));
    expect(json.summary.lawsFailing).toBe(1);
    expect(json.laws.find((l) => l.name === "uncapped_in_range")!.status).toBe("fails");
    expect(cli("check", "--law-runs", "0", path.join(dir, "broken.reckon")).code).toBe(0);
  });

  it("gives the same counterexample on every run (the seed is fixed)", () => {
    const again = checkLaws(compile(specs, "broken.reckon")).find((r) => r.name === "uncapped_in_range");
    expect(again!.counterexample).toEqual(result!.counterexample);
  });
});

describe("laws shared by several reports", () => {
  const report = (title: string) => `import "std.reckon"\nreport "${title}"\nfact a = 1\n`;

  it("are checked once for all the reports that import the same library, with the same results", () => {
    const specs = { "std.reckon": std, "a.reckon": report("a"), "b.reckon": report("b") };
    const memo = new LawMemo();
    const first = checkLaws(compile(specs, "a.reckon"), { memo });
    const second = checkLaws(compile(specs, "b.reckon"), { memo });
    expect(memo.size).toBe(first.length);
    expect(second).toEqual(first);
    expect(second).toEqual(checkLaws(compile(specs, "b.reckon")));
  });

  it("are checked again when what they evaluate differs, though their text is the same", () => {
    // Same law, same place, same names; only the function it calls differs (or its units).
    const library = (body: string) => ({ "lib.reckon": `function f(x) = ${body}\nlaw positive "f is not negative" for x in 0 .. 10 : f(x) >= 0\n` });
    const memo = new LawMemo();
    const results = ["x", "x - 5", "x * 1", "x - 5 * 1"].map((body) => checkLaws(compile(library(body), "lib.reckon"), { memo })[0]!.status);
    expect(results).toEqual(["holds", "fails", "holds", "fails"]);
    const inUnit = (unit: string) => ({ "lib.reckon": `unit 万场 = ${unit}\nlaw small "under 10,000 场" for x in 0 万场 .. 2 万场 : x < 10,000 场\n` });
    expect(["10,000 场", "1 场"].map((unit) => checkLaws(compile(inUnit(unit), "lib.reckon"), { memo })[0]!.status)).toEqual(["fails", "holds"]);
  });

  it("are reported once, holding, by reckon check of a directory of such reports", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "reckon-laws-"));
    writeFileSync(path.join(dir, "std.reckon"), std);
    for (const name of ["a", "b", "c"]) writeFileSync(path.join(dir, `${name}.reckon`), report(name));
    const { code, stdout } = cli("check", dir, "--format", "json");
    expect(code).toBe(0);
    const laws = checkOutputSchema.parse(JSON.parse(stdout)).laws;
    expect(laws).toHaveLength(11);
    for (const law of laws) expect(law).toMatchObject({ status: "holds", runs: 100 });
  });
});

describe("laws", () => {
  it("report a division by zero as the reason a law fails", () => {
    const spec = compile({ "r.reckon": "law ratio \"x / x is 1\" for x in 0 .. 10 : x / x == 1\n" }, "r.reckon");
    const [result] = checkLaws(spec);
    expect(result).toMatchObject({ status: "fails", counterexample: [{ name: "x", value: "0", unit: "" }], reason: "it divides by zero at r.reckon:1:47" });
  });

  it("draw values with the decimals of their bounds, in their unit, and from lists", () => {
    const spec = compile(
      { "r.reckon": 'law cents "values have at most two decimals" for m in 0.00 万元 .. 9.99 万元, d in {-1, 0, 1} : round(m, 2) == m and (d == -1 or d == 0 or d == 1)\n' },
      "r.reckon",
    );
    expect(checkLaws(spec, { runs: 500 })[0]).toMatchObject({ status: "holds", runs: 500 });
    const fine = compile({ "r.reckon": 'law fine "values have at most one decimal" for m in 0.00 .. 9.99 : round(m, 1) == m\n' }, "r.reckon");
    expect(checkLaws(fine)[0]!.status).toBe("fails");
  });

  it("are formatted and parsed back unchanged", async () => {
    const { formatSpec } = await import("../src/formatting/format-spec");
    expect(formatSpec(std, "std.reckon").text).toBe(std);
  });

  it.each([
    ["R0512", 'law l "x" for x in 0 .. 1 : x + 1\n', "the law `l` must be a condition, not a plain number", "r.reckon:1:29"],
    ["R0513", 'law l "x" for x in 0 万元 .. 10 人 : x == x\n', "the values of `x` are in 万元 and 人", "r.reckon:1:28"],
    ["R0321", 'law l "x" for x in 10 .. 1 : x == x\n', "the range of `x` is empty: 10 is above 1", "r.reckon:1:15"],
    ["R0312", 'fact a = 1\nlaw l "x" for x in 0 .. 1 : x <= a\n', "a function cannot use the figure `a`", "r.reckon:2:34"],
    ["R0307", 'law l "x" for x in 0 .. 1, x in 0 .. 2 : x == x\n', "variable `x` is named twice", "r.reckon:1:28"],
  ])("%s: %s", (code, source, message, at) => {
    const [d] = diagnose({ "r.reckon": source });
    expect([d!.code, d!.message, where(d!)]).toEqual([code, message, at]);
  });
});
