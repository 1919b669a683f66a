// The embedding API, through what src/index.ts exports and nothing else: loading specs (files,
// strings, hosts), reading figures, fact files (JSON and CSV, every R09xx diagnostic), setFact with
// incremental recalculation and subscribers, check, explain, and the rule that no figure is ever a
// JavaScript number. The packed npm package (entry points, type declarations, the CLI, the guide's
// examples) is tested in package.test.ts, and `--facts` on the command line in facts-cli.test.ts.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import DecimalJs from "decimal.js";
import { describe, expect, it } from "vitest";
import * as reckon from "../src/index";
import { temporaryDirectory } from "./helpers";
import {
  checkOutputSchema,
  Engine,
  evaluate,
  QUOTIENT_DIGITS,
  ReckonError,
  renderExplainMarkdown,
  renderExplainText,
  type ExplainNode,
  type Figure,
  type FigureChange,
  type ReckonDiagnostic,
  type SpecHost,
} from "../src/index";

const repo = path.resolve(import.meta.dirname, "..");
const stdPath = path.join(repo, "specs", "std", "final-accounts.reckon");

const scratch = temporaryDirectory("api");
const write = scratch.write;

/** The ReckonError that `action` throws (fails the test if it throws nothing or something else). */
function reckonError(action: () => unknown): ReckonError {
  let thrown: unknown;
  try {
    action();
  } catch (e) {
    thrown = e;
  }
  if (!(thrown instanceof ReckonError)) throw new Error(`expected a ReckonError, got ${thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)}`);
  return thrown;
}

/** The only diagnostic of the ReckonError that `action` throws. */
function diagnostic(action: () => unknown): ReckonDiagnostic {
  const error = reckonError(action);
  expect(error.diagnostics.filter((d) => d.severity === "error")).toHaveLength(1);
  return error.diagnostics[0]!;
}

/** `file:line:column` of a diagnostic, or "-" when it has no location. */
function at(d: ReckonDiagnostic): string {
  return d.location ? `${d.location.file}:${d.location.line}:${d.location.column}` : "-";
}

function str(value: DecimalJs | boolean | undefined): string | undefined {
  return value === undefined ? undefined : value.toString();
}

function changed(changes: readonly FigureChange[]): string[] {
  return changes.map((c) => `${c.name}: ${str(c.previous)} → ${str(c.current)}`);
}

// A small library of the kind the standard one is, and a report spec that imports it.
const LIBRARY = `
function share(part, whole) = part / whole
function growth(current, prior) = if prior == 0 then 100% else (current - prior) / prior
`;

const REPORT = `import "lib/shares.reckon"
report "示例单位 2024年度部门决算" year 2024

section 收入 @ "二、收入决算情况说明" {
  fact 本年合计 = 1,362.66 万元
  fact 财政拨款 = 1,362.65 万元
  fact 其他收入 = 0.01 万元 @ "收入决算表"
  figure 其他收入.占比 = share(其他收入, 本年合计)  published 0.0007%
  figure 财政拨款.占比 = share(财政拨款, 本年合计)  published 99.99% rounding down
  figure 增长率 = growth(本年合计, 1,632.62 万元)  published -16.54%
}
formula 收入.合计 = 收入.财政拨款 + 收入.其他收入
formula 有其他收入 = 收入.其他收入 > 0
`;

// ── Loading ─────────────────────────────────────────────────────────────────────────────────────

describe("loading specs", () => {
  it("loads a spec file and the files it imports, relative to the importing file", () => {
    write("load/lib/shares.reckon", LIBRARY);
    const file = write("load/report.reckon", REPORT);
    const engine = Engine.load(file);
    expect(engine.title).toBe("示例单位 2024年度部门决算");
    expect(str(engine.value("收入.合计"))).toBe("1362.66");
    expect(engine.check().summary).toMatchObject({ exact: 3, mismatch: 0, total: 3 });
    expect(engine.warnings).toEqual([]);
    // Figures of an imported file are located in that file.
    expect(engine.figure("收入.其他收入.占比").location).toEqual({ file: file, line: 8, column: 3 });
  });

  it("takes a path relative to the working directory, and several specs at once", () => {
    const a = write("multi/a.reckon", "fact a = 1.5\n");
    const b = write("multi/b.reckon", "fact b = 2.25\nformula c = a + b\n");
    const engine = Engine.load([path.relative(process.cwd(), a), b]);
    expect(str(engine.value("c"))).toBe("3.75");
    expect(engine.figures().map((f) => f.name)).toEqual(expect.arrayContaining(["a", "b", "c"]));
  });

  it("imports the standard library of the national template", () => {
    const file = write(
      "std/report.reckon",
      `import ${JSON.stringify(stdPath)}
section 收入 @ "二" {
  fact 本年合计 = 1,362.66 万元
  fact 其他收入 = 0.01 万元
  figure 其他收入.占比 = share(其他收入, 本年合计) published 0.0007%
}
`,
    );
    const engine = Engine.load(file);
    expect(engine.check().figures.map((f) => [f.name, f.status])).toEqual([["收入.其他收入.占比", "exact"]]);
    // The library's own facts (the qualitative grades) are figures too, with their citations.
    const grade = engine.facts().find((f) => f.name === "等级.基本达到预期");
    expect(grade?.citation).toMatch(/80%/);
  });

  it("refuses a spec file that does not exist with R0201", () => {
    const d = diagnostic(() => Engine.load(scratch.path("missing.reckon")));
    expect(d.code).toBe("R0201");
    expect(d.message).toBe(`cannot read spec \`${scratch.path("missing.reckon")}\``);
  });

  it("compiles a spec held in a string, with its imports from a map keyed by path", () => {
    const engine = Engine.fromString(REPORT.replace('"lib/shares.reckon"', '"../../lib/shares.reckon"'), {
      path: "reports/2024/dept.reckon",
      imports: { "lib/shares.reckon": LIBRARY },
    });
    expect(engine.check().summary.exact).toBe(3);
    expect(engine.figure("收入.本年合计").location).toEqual({ file: "reports/2024/dept.reckon", line: 5, column: 3 });
    expect(engine.explain("收入.其他收入.占比").functions?.[0]?.location.file).toBe("lib/shares.reckon");
  });

  it("names a string spec spec.reckon by default", () => {
    const d = diagnostic(() => Engine.fromString("fact a = 1 万元\nformula b = a + 1 人"));
    expect(d.code).toBe("R0506");
    expect(at(d)).toBe("spec.reckon:2:15");
  });

  it("does not find imports among the properties of Object.prototype", () => {
    for (const name of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
      const d = diagnostic(() => Engine.fromString(`import "${name}"`, { imports: {} }));
      expect(d.code).toBe("R0201");
      expect(d.message).toBe(`cannot read spec \`${name}\`: no spec of that path is given`);
      expect(at(d)).toBe("spec.reckon:1:8");
    }
  });

  it("names the specs a map holds when an import's path is not one of them", () => {
    const d = diagnostic(() => Engine.fromString('import "lib.reckon"\nfact a = 1', { path: "a/b.reckon", imports: { "lib.reckon": "fact z = 1" } }));
    expect(d.message).toBe("cannot read spec `a/lib.reckon`: no spec of that path is given");
    expect(d.hint).toBe("the map of specs has `lib.reckon`; an import's path is relative to the importing spec's");
  });

  it("loads specs from a SpecHost of the embedder's own (a Map standing in for a database)", () => {
    const database = new Map<string, string>([
      ["lib:shares", LIBRARY],
      ["report:科协/2024", REPORT.replace('"lib/shares.reckon"', '"lib:shares"')],
    ]);
    const resolved: [string, string][] = [];
    const read: string[] = [];
    const host: SpecHost = {
      resolve: (specifier, from) => {
        resolved.push([specifier, from]);
        return specifier;
      },
      read: (key) => {
        read.push(key);
        return database.get(key);
      },
    };
    const engine = Engine.load("report:科协/2024", { host });
    expect(engine.check().summary.exact).toBe(3);
    expect(resolved).toEqual([["lib:shares", "report:科协/2024"]]);
    expect(read).toEqual(["report:科协/2024", "lib:shares"]);
    expect(engine.figure("收入.财政拨款").location.file).toBe("report:科协/2024");

    // A key the host does not have is R0201, as a missing file is.
    expect(diagnostic(() => Engine.load("report:none", { host })).code).toBe("R0201");

    // fromString with a host: the string is the root, the host gives its imports.
    const draft = Engine.fromString(`import "lib:shares"\nformula x = share(1, 4) as %`, { imports: host, path: "draft" });
    expect(draft.figure("x").text).toBe("25%");
  });

  it("a directory given as a spec is R0201 that says so", () => {
    expect(diagnostic(() => Engine.load(path.join(repo, "specs")))).toMatchObject({ code: "R0201", message: expect.stringMatching(/: it is a directory$/) });
  });

  it("a host that throws, or gives something that is not text, is R0201 with the reason, not the host's own exception", () => {
    const failing: SpecHost = {
      resolve: (specifier) => specifier,
      read: (key) => {
        if (key === "down") throw new Error("db down");
        return key === "number" ? (42 as unknown as string) : 'import "down"\nfact a = 1';
      },
    };
    expect(diagnostic(() => Engine.load("down", { host: failing }))).toMatchObject({ code: "R0201", message: "cannot read spec `down`: db down" });
    expect(diagnostic(() => Engine.load("number", { host: failing }))).toMatchObject({ code: "R0201", message: "cannot read spec `number`: the spec host gave a number (42), not its text" });
    const imported = diagnostic(() => Engine.load("root", { host: failing }));
    expect(imported).toMatchObject({ code: "R0201", message: "cannot read spec `down`: db down", location: { file: "root", line: 1, column: 8 } });
    const unresolvable: SpecHost = {
      resolve: () => {
        throw new Error("no such library");
      },
      read: () => 'import "lib"\nfact a = 1',
    };
    expect(diagnostic(() => Engine.load("root", { host: unresolvable }))).toMatchObject({ code: "R0201", message: "cannot resolve import `lib`: no such library" });
  });

  it("reports spec errors as a ReckonError whose diagnostics are plain data with the rendered text", () => {
    const error = reckonError(() => Engine.fromString("fact a = 1\nfigure b = a * * 2 published 2\n", { path: "db/row-17" }));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ReckonError");
    const [d] = error.diagnostics;
    expect(d).toMatchObject({ severity: "error", code: "R0102" });
    expect(d!.location).toEqual({ file: "db/row-17", line: 2, column: 16, endLine: 2, endColumn: 17 });
    expect(d!.message).toBe("unexpected `*` in an expression");
    expect(d!.text).toContain(" --> db/row-17:2:16\n");
    expect(d!.text).toContain("\n2 | figure b = a * * 2 published 2\n  |                ^ expected");
    expect(error.message).toContain("error[R0102]");
    // Plain data: JSON gives the same object back (no classes, no source files, no cycles).
    expect(JSON.parse(JSON.stringify(error.diagnostics))).toEqual(error.diagnostics);
  });

  it("keeps the warnings of a spec that loads", () => {
    const engine = Engine.fromString(`import "lib.reckon"\nreport "A"\nformula z = k() * 2`, { imports: { "lib.reckon": `report "B"\nfunction k() = 5 人` } });
    expect(engine.warnings.map((d) => [d.severity, d.code, d.message])).toEqual([["warning", "R0303", "the report header of an imported spec is ignored"]]);
    expect(engine.title).toBe("A");
    expect(engine.figure("z").text).toBe("10 人");
  });
});

// ── Reading figures ─────────────────────────────────────────────────────────────────────────────

describe("reading figures", () => {
  const engine = () => Engine.fromString(REPORT, { imports: { "lib/shares.reckon": LIBRARY } });

  it("reads a figure's exact value as a Decimal, and as a string", () => {
    const value = engine().value("收入.合计");
    expect(value).toBeInstanceOf(DecimalJs);
    expect(DecimalJs.isDecimal(value)).toBe(true);
    expect(value.toString()).toBe("1362.66");
    expect((value as DecimalJs).toFixed(4)).toBe("1362.6600");
    const share = engine().value("收入.其他收入.占比") as DecimalJs;
    expect(share.toString()).toBe("0.000007338587762171047803560682782205392");
    expect(share.precision(true)).toBeLessThanOrEqual(QUOTIENT_DIGITS);
  });

  it("describes a fact: value, unit, printed decimals and text, citation, location", () => {
    const fact: Figure = engine().figure("收入.其他收入");
    expect(fact).toMatchObject({ name: "收入.其他收入", kind: "fact", unit: "万元", text: "0.01 万元", citation: "收入决算表" });
    expect(fact.location).toEqual({ file: "spec.reckon", line: 7, column: 3 });
    expect(str(fact.value)).toBe("0.01");
    expect(fact.printed).toMatchObject({ decimals: 2, unit: "万元", text: "0.01 万元" });
    expect(fact.printed!.value).toBeInstanceOf(DecimalJs);
    // A section's citation is inherited.
    expect(engine().figure("收入.本年合计").citation).toBe("二、收入决算情况说明");
    expect(engine().figure("收入.本年合计").printed?.text).toBe("1,362.66 万元");
  });

  it("keeps the decimals a fact was printed with", () => {
    const e = Engine.fromString("fact a = 1.50 万元\nfact b = 1,000 人");
    expect(e.figure("a").printed).toMatchObject({ decimals: 2, text: "1.50 万元" });
    expect(str(e.figure("a").value)).toBe("1.5");
    expect(e.figure("b").printed).toMatchObject({ decimals: 0, text: "1,000 人" });
  });

  it("describes a published figure: its computed value and its printed value, unit and decimals", () => {
    const figure = engine().figure("收入.其他收入.占比");
    expect(figure.kind).toBe("published");
    expect(figure.unit).toBe("");
    expect(str(figure.value)).toBe("0.000007338587762171047803560682782205392");
    expect(figure.printed).toMatchObject({ decimals: 4, unit: "%", text: "0.0007%" });
    expect(str(figure.printed!.value)).toBe("0.0007");
    expect(engine().figure("收入.增长率").printed).toMatchObject({ decimals: 2, unit: "%", text: "-16.54%" });
  });

  it("describes a formula, and a condition as a boolean", () => {
    const formula = engine().figure("收入.合计");
    expect(formula).toMatchObject({ kind: "formula", unit: "万元", text: "1362.66 万元" });
    expect(formula.printed).toBeUndefined();
    expect(formula.citation).toBeUndefined();
    const condition = engine().figure("有其他收入");
    expect(condition).toMatchObject({ kind: "formula", value: true, unit: "", text: "true" });
    expect(engine().value("有其他收入")).toBe(true);
  });

  it("lists every figure in declaration order, imported ones included, and the facts with their citations", () => {
    const e = Engine.fromString(`import "lib.reckon"\nfact b = 2 @ "表2"\nformula c = a + b`, { imports: { "lib.reckon": `fact a = 1 @ "表1"` } });
    expect(e.figures().map((f) => [f.name, f.kind])).toEqual([
      ["a", "fact"],
      ["b", "fact"],
      ["c", "formula"],
    ]);
    expect(e.facts().map((f) => [f.name, f.citation, f.location.file])).toEqual([
      ["a", "表1", "lib.reckon"],
      ["b", "表2", "spec.reckon"],
    ]);
    const names = engine().facts().map((f) => f.name);
    expect(names).toEqual(["收入.本年合计", "收入.财政拨款", "收入.其他收入"]);
  });

  it("refuses an unknown name with R0801 and a suggestion", () => {
    const d = diagnostic(() => engine().value("收入.合记"));
    expect(d).toMatchObject({ code: "R0801", message: "no figure named `收入.合记`", hint: "did you mean `收入.合计`?" });
    expect(d.location).toBeUndefined();
    expect(diagnostic(() => engine().figure("合计")).code).toBe("R0801");
    expect(diagnostic(() => engine().explain("nothing")).code).toBe("R0801");
  });

  it("a fact declared without a value has none until one is supplied", () => {
    const e = Engine.fromString("fact a in 万元\nformula b = a * 2");
    expect(e.figure("a")).toMatchObject({ kind: "fact", value: undefined, unit: "万元", text: "" });
    expect(e.figure("a").printed).toBeUndefined();
    expect(diagnostic(() => e.value("a"))).toMatchObject({ code: "R0602", message: "`a` has no value" });
    const d = diagnostic(() => e.value("b"));
    expect(d).toMatchObject({ code: "R0603", message: "`b` cannot be evaluated: the fact `a` has no value" });
    expect(at(d)).toBe("spec.reckon:2:13");
    expect(e.figure("b").value).toBeUndefined();
    // No published figure needs b, so its failure does not stop the check.
    expect(e.check().figures).toEqual([]);
  });

  it("evaluates a lone expression exactly", () => {
    expect(evaluate("0.1 + 0.2")).toMatchObject({ unit: "", text: "0.3" });
    expect(evaluate("0.1 + 0.2").value).toBeInstanceOf(DecimalJs);
    expect(evaluate("1 万元 + 5000 元")).toMatchObject({ unit: "万元", text: "1.5 万元" });
    expect(evaluate("1 > 0").value).toBe(true);
    const d = diagnostic(() => evaluate("1 万元 + 1 人"));
    expect(d).toMatchObject({ code: "R0506", message: "cannot add 万元 and 人" });
    expect(at(d)).toBe("<expression>:1:6");
  });
});

// ── Checking and explaining ─────────────────────────────────────────────────────────────────────

describe("check() and explain()", () => {
  const spec = `
report "示例"
fact 支出.基本支出 = 0.33 万元
fact 支出.项目支出 = 0.33 万元
fact 支出.其他支出 = 0.33 万元 @ "表3"
figure 合计.支出 = sum(支出.*)  published 1.00 万元 @ "表3"
figure 合计.两倍 = 支出.基本支出 * 2  published 0.68 万元
known 合计.两倍 "printed as 0.68; 0.33 × 2 is 0.66"
figure 合计.三倍 = 支出.基本支出 * 3  published 0.99 万元
figure 合计.错 = 支出.基本支出 + 1 万元  published 1.43 万元
formula 合计.四倍 = 合计.两倍 * 2
`;

  it("checks every published figure; the result satisfies checkOutputSchema", () => {
    const result = Engine.fromString(spec).check();
    expect(checkOutputSchema.parse(result)).toEqual(result);
    expect(result.figures.map((f) => [f.name, f.status, f.published, f.computed])).toEqual([
      ["合计.支出", "within-rounding", "1.00", "0.99"],
      ["合计.两倍", "known-inconsistency", "0.68", "0.66"],
      ["合计.三倍", "exact", "0.99", "0.99"],
      ["合计.错", "mismatch", "1.43", "1.33"],
    ]);
    expect(result.figures[0]).toMatchObject({ report: "示例", unit: "万元", decimals: 2, rounding: "half_up", citation: "表3", file: "spec.reckon", line: 6 });
    expect(result.figures[0]!.interval).toEqual({ low: "0.975", high: "1.005", lowOpen: false, highOpen: true });
    expect(result.figures[1]!.reason).toBe("printed as 0.68; 0.33 × 2 is 0.66");
    expect(result.summary).toEqual({ exact: 1, withinRounding: 1, knownInconsistency: 1, mismatch: 1, stale: 0, total: 4, lawsFailing: 0, errors: 0 });
  });

  it("checkOutputSchema refuses output that is not reckon's (a number where a decimal string belongs)", () => {
    const result = Engine.fromString(spec).check();
    const tampered = JSON.parse(JSON.stringify(result)) as { figures: { computed: unknown }[] };
    tampered.figures[0]!.computed = 0.99;
    expect(checkOutputSchema.safeParse(tampered).success).toBe(false);
  });

  it("reports a stale known declaration", () => {
    const result = Engine.fromString(`fact a = 1\nfigure b = a + 1 published 2\nknown b "was wrong"`).check();
    expect(result.stale).toEqual([{ figure: "b", status: "exact", reason: "was wrong", file: "spec.reckon", line: 3 }]);
    expect(result.summary.stale).toBe(1);
  });

  it("explains a figure down to the printed facts", () => {
    const tree: ExplainNode = Engine.fromString(spec).explain("合计.四倍");
    expect(tree).toMatchObject({ name: "合计.四倍", kind: "formula", value: "1.36", unit: "万元", expression: "合计.两倍 * 2" });
    const [twice] = tree.children;
    expect(twice).toMatchObject({ name: "合计.两倍", kind: "published", value: "0.66", status: "known-inconsistency", read: "printed", used: { value: "0.68", unit: "万元" } });
    expect(twice!.printed).toMatchObject({ value: "0.68", text: "0.68 万元", decimals: 2, rounded: "0.66", rounding: "half_up" });
    expect(twice!.children.map((c) => [c.name, c.kind, c.value, c.location.line])).toEqual([["支出.基本支出", "fact", "0.33", 3]]);
    expect(renderExplainText(tree, { color: false })).toContain("合计.两倍 = 0.68 万元");
    expect(renderExplainMarkdown(tree)).toContain("合计.四倍");
  });

  it("explains to a depth", () => {
    const tree = Engine.fromString(spec).explain("合计.四倍", { depth: 0 });
    expect(tree.children).toEqual([]);
    expect(tree.truncated).toBe(true);
  });
});

// ── Fact files ──────────────────────────────────────────────────────────────────────────────────

/** One formula spec for many departments: every input is declared without a value. */
const DEPARTMENT = `report "部门决算"
section 收入 @ "二" {
  fact 财政拨款 in 万元
  fact 其他收入 in 万元
  formula 本年合计 = 财政拨款 + 其他收入
  figure 财政拨款.占比 = 财政拨款 / 本年合计 published 99.99% rounding down
}
fact 人数 in 人
formula 人均 = 收入.本年合计 / 人数 as 元/人
`;

describe("fact files", () => {
  const department = () => Engine.fromString(DEPARTMENT, { path: "department.reckon" });

  it("JSON, list form: fills in facts declared without a value, with units and citations", () => {
    const e = department();
    const changes = e.loadFacts(
      JSON.stringify({
        facts: [
          { name: "收入.财政拨款", value: "1,362.65", unit: "万元", citation: "收入支出决算总表" },
          { name: "收入.其他收入", value: "0.01" },
          { name: "人数", value: "40", unit: "人" },
        ],
      }),
      "a.json",
    );
    // The file's facts go in together, then each dependent is evaluated once, in dependency order.
    expect(changed(changes)).toEqual([
      "收入.财政拨款: undefined → 1362.65",
      "收入.其他收入: undefined → 0.01",
      "人数: undefined → 40",
      "收入.本年合计: undefined → 1362.66",
      "收入.财政拨款.占比: undefined → 0.9999926614122378289521964393172178",
      "人均: undefined → 340665",
    ]);
    expect(e.figure("收入.财政拨款").printed).toMatchObject({ decimals: 2, text: "1,362.65 万元" });
    expect(e.check().figures.map((f) => f.status)).toEqual(["exact"]);
  });

  it("JSON, map form: \"value unit\" strings, the unit optional", () => {
    const e = department();
    e.loadFacts(JSON.stringify({ facts: { "收入.财政拨款": "1,362.65 万元", "收入.其他收入": "100 元", 人数: "40" } }), "a.json");
    expect(e.figure("收入.其他收入").printed).toMatchObject({ decimals: 4, text: "0.0100 万元" });
    expect(e.figure("人数").text).toBe("40 人");
    expect(e.figure("人均").text).toBe("340665 元/人");
  });

  it("CSV with unit and citation columns, quoted thousands, a BOM and CRLF line ends", () => {
    const e = department();
    e.loadFacts('\uFEFFname,value,unit,citation\r\n收入.财政拨款,"1,362.65",万元,表1\r\n收入.其他收入,100,元,\r\n人数,40,人,表2\r\n', "a.csv");
    expect(e.facts().map((f) => `${f.name}=${f.printed?.text}`)).toEqual(["收入.财政拨款=1,362.65 万元", "收入.其他收入=0.0100 万元", "人数=40 人"]);
    expect(e.check().summary.exact).toBe(1);
  });

  it("CSV without unit and citation columns: values in the declared units, columns in any order", () => {
    const e = department();
    e.loadFacts("value,name\n\"1,362.65\",收入.财政拨款\n0.01,收入.其他收入\n40,人数\n", "a.csv");
    expect(e.facts().map((f) => `${f.name}=${f.printed?.text}`)).toEqual(["收入.财政拨款=1,362.65 万元", "收入.其他收入=0.01 万元", "人数=40 人"]);
    expect(str(e.value("人均"))).toBe("340665");
  });

  it("one formula spec serves many departments, each with its own fact file (Engine.load with factFiles)", () => {
    const spec = write("departments/department.reckon", DEPARTMENT);
    const a = write("departments/a.json", JSON.stringify({ facts: { "收入.财政拨款": "1,362.65", "收入.其他收入": "0.01", 人数: "40" } }));
    const b = write("departments/b.csv", "name,value,unit\n收入.财政拨款,800,万元\n收入.其他收入,200,万元\n人数,25,人\n");
    const engineA = Engine.load(spec, { factFiles: [a] });
    const engineB = Engine.load(spec, { factFiles: [b] });
    expect(engineA.figure("收入.本年合计").text).toBe("1362.66 万元");
    expect(engineB.figure("收入.本年合计").text).toBe("1000 万元");
    expect(engineA.check().figures[0]!.status).toBe("exact");
    expect(engineB.check().figures[0]).toMatchObject({ status: "mismatch", computed: "80" });
    // The same engine takes another file later: loadFactFile.
    expect(changed(engineB.loadFactFile(a)).slice(0, 1)).toEqual(["收入.财政拨款: 800 → 1362.65"]);
    expect(engineB.check().figures[0]!.status).toBe("exact");
  });

  it("later fact files replace earlier values, and a fact file can replace a value the spec gives", () => {
    const spec = write("replace/spec.reckon", "fact a = 1.5 万元\nformula b = a * 2\n");
    const first = write("replace/1.csv", "name,value\na,2\n");
    const second = write("replace/2.csv", "name,value\na,3.25\n");
    expect(Engine.load(spec).figure("b").text).toBe("3 万元");
    expect(Engine.load(spec, { factFiles: [first, second] }).figure("b").text).toBe("6.5 万元");
  });

  it("converts 元 to 万元 exactly and keeps the printed precision: 13,626,600 元 is 1,362.6600 万元", () => {
    const e = Engine.fromString("fact a in 万元\nfact b in 元\nfact c in 万元\nfact r = 0.5\nformula s = a + c");
    e.loadFacts(JSON.stringify({ facts: [{ name: "a", value: "13,626,600", unit: "元" }] }), "f.json");
    const a = e.figure("a");
    expect(str(a.value)).toBe("1362.66");
    expect(a.printed).toMatchObject({ decimals: 4, unit: "万元", text: "1,362.6600 万元" });
    expect(a.text).toBe("1362.66 万元");
    // The other way, fewer decimals: 1.23456 万元 is 12,345.6 元.
    e.loadFacts("name,value,unit\nb,1.23456,万元\nc,\"1,000\",亿元\nr,50,%\n", "f.csv");
    expect(e.figure("b").printed).toMatchObject({ decimals: 1, text: "12,345.6 元" });
    // 1,000 亿元 is 10,000,000 万元 to the 5,000: no decimals in 万元 say that, so it is printed as given.
    expect(e.figure("c").printed).toMatchObject({ decimals: 0, unit: "亿元", text: "1,000 亿元" });
    expect(e.figure("c").text).toBe("10000000 万元");
    expect(e.figure("r").printed).toMatchObject({ decimals: 2, text: "0.50" });
    // The same through setFact.
    e.setFact("a", "13,626,600.5", "元");
    expect(e.figure("a").printed).toMatchObject({ decimals: 5, text: "1,362.66005 万元" });
    expect(e.figure("s").text).toBe("10001362.66005 万元");
  });

  it("takes names that are properties of Object.prototype as ordinary names, and pollutes nothing", () => {
    const e = Engine.fromString(`
fact __proto__ = 1
fact constructor = 2
fact prototype = 3
fact toString in 万元
formula hasOwnProperty = __proto__ + constructor + prototype
formula valueOf = toString * 2
`);
    expect(str(e.value("hasOwnProperty"))).toBe("6");
    expect(e.figures().map((f) => f.name)).toEqual(["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"]);
    e.loadFacts(JSON.stringify({ facts: [{ name: "__proto__", value: "10" }, { name: "toString", value: "5", unit: "万元" }] }), "list.json");
    // A JSON text with "__proto__" as a key (JSON.stringify of an object cannot write one).
    e.loadFacts('{"facts": {"__proto__": "11", "constructor": "20 ", "prototype": "30"}}', "map.json");
    // An entry's field named __proto__ is an unknown field like any other: refused, and nothing is polluted.
    expect(diagnostic(() => e.loadFacts('{"facts": [{"name": "constructor", "value": "21", "__proto__": {"polluted": "yes"}}]}', "extra-key.json")).message).toBe(
      "facts[0] has an unknown field `__proto__`",
    );
    expect(str(e.value("hasOwnProperty"))).toBe("61");
    expect(e.figure("valueOf").text).toBe("10 万元");
    e.loadFacts("name,value\n__proto__,12\nprototype,31\n", "f.csv");
    expect(str(e.value("hasOwnProperty"))).toBe("63");
    e.setFact("toString", "7");
    expect(e.figure("toString").text).toBe("7 万元");
    expect(str(e.value("__proto__"))).toBe("12");
    // Nothing leaked into Object.prototype, and names that are not declared are still unknown.
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(typeof Object.prototype.toString).toBe("function");
    expect(diagnostic(() => e.value("isPrototypeOf")).code).toBe("R0801");
    expect(diagnostic(() => e.setFact("isPrototypeOf", "1")).code).toBe("R0908");
    expect(diagnostic(() => e.loadFacts('{"facts": {"__defineGetter__": "1"}}', "f.json")).code).toBe("R0908");
    expect(diagnostic(() => e.setFact("hasOwnProperty", "1")).message).toBe("`hasOwnProperty` is a formula, not a fact");
    // Every diagnostic leaves the prototype alone too.
    expect(Object.keys(Object.prototype)).toEqual([]);
  });

  // BUG: a fact file's `citation` (JSON `citation`, CSV column `citation`) is read and validated, then
  // dropped: supplyFacts() never stores it, so facts() lists a fact filled in from a file without the
  // citation the file gives. Reproduce: Engine.fromString("fact a in 万元").loadFacts(
  // "name,value,citation\na,1,表1\n", "f.csv"); engine.figure("a").citation is undefined.
  it("lists a fact filled in from a file with the citation the file gives", () => {
    const e = Engine.fromString("fact a in 万元\nfact b in 万元");
    e.loadFacts("name,value,unit,citation\na,1,万元,收入支出决算总表\n", "f.csv");
    e.loadFacts(JSON.stringify({ facts: [{ name: "b", value: "2", citation: "表2" }] }), "f.json");
    expect(e.facts().map((f) => [f.name, f.citation])).toEqual([
      ["a", "收入支出决算总表"],
      ["b", "表2"],
    ]);
  });

  // BUG: a fact file is not applied as a whole. supplyFacts() puts in every valid fact before it meets
  // an invalid one, then Engine.supply() throws, so the engine is left with half a file and the
  // subscribers are never told of the facts that did change. Reproduce: an engine with `fact a in 万元`,
  // loadFacts("name,value\na,1\nzz,2\n", "f.csv") throws R0908 for zz, yet value("a") is now 1.
  it("a fact file with an error changes nothing", () => {
    const e = Engine.fromString("fact a = 5 万元\nformula b = a * 2");
    const seen: FigureChange[][] = [];
    e.subscribe((changes) => seen.push([...changes]));
    expect(diagnostic(() => e.loadFacts("name,value\na,1\nzz,2\n", "f.csv")).code).toBe("R0908");
    expect(str(e.value("a"))).toBe("5");
    expect(str(e.value("b"))).toBe("10");
    expect(seen).toEqual([]);
  });

  // BUG: the facts of one file are put in one at a time, each followed by its own recalculation, so a
  // formula that reads two facts of the file is evaluated twice and appears twice in the changes (and
  // in the one notification subscribers get) with an intermediate value that no state of the data ever
  // had. Reproduce: `fact a = 1 万元  fact b = 2 万元  formula s = a + b`, then loadFacts of a=10 and
  // b=20 returns [a: 1 → 10, s: 3 → 12, b: 2 → 20, s: 12 → 30] and evaluates s twice.
  it("a fact file reports each changed figure once, from its value before the file to its value after", () => {
    const e = Engine.fromString("fact a = 1 万元\nfact b = 2 万元\nformula s = a + b");
    e.value("s");
    const before = e.evaluations;
    const changes = e.loadFacts("name,value\na,10\nb,20\n", "f.csv");
    expect(changed(changes)).toEqual(["a: 1 → 10", "b: 2 → 20", "s: 3 → 30"]);
    expect(e.evaluations - before).toBe(1);
  });
});

// ── Fact-file diagnostics ───────────────────────────────────────────────────────────────────────

interface FactFileCase {
  readonly code: string;
  readonly title: string;
  readonly file: string;
  readonly text: string;
  readonly message: string;
  /** file:line:column, or "-" for a diagnostic without a place. */
  readonly at: string;
  readonly hint?: string | RegExp;
  readonly label?: string;
}

const SPEC_FOR_FILES = `
fact 收入.财政拨款 in 万元
fact 收入.其他收入 in 万元
fact 人数 in 人
unit 打 = 12 个
fact 件数 in 个
formula 收入.合计 = 收入.财政拨款 + 收入.其他收入
figure 收入.两倍 = 收入.财政拨款 * 2 published 2 万元
`;

const factFileCases: FactFileCase[] = [
  {
    code: "R0901",
    title: "a file that is neither .json nor .csv",
    file: "facts.txt",
    text: "收入.财政拨款 = 1",
    message: "cannot tell the format of the fact file `facts.txt`",
    at: "-",
    hint: "name it *.json or *.csv",
  },
  {
    code: "R0902",
    title: "JSON with a trailing comma",
    file: "facts.json",
    text: '{ "facts": [\n  { "name": "收入.财政拨款", "value": "1", }\n] }',
    message: "the fact file is not valid JSON",
    at: "facts.json:2:38", // the closing brace after the trailing comma
    hint: /a JSON fact file reads/,
  },
  {
    code: "R0902",
    title: "an empty JSON file",
    file: "facts.json",
    text: "",
    message: "the fact file is not valid JSON",
    at: "facts.json:1:1",
  },
  {
    code: "R0903",
    title: "JSON without a facts list",
    file: "facts.json",
    text: '{\n  "fact": []\n}',
    message: "the fact file has no `facts` list",
    at: "facts.json:1:1",
    hint: /\{ "facts": \{ "NAME": "1,362.65 万元" \} \}/,
  },
  {
    code: "R0903",
    title: "a JSON array at the top",
    file: "facts.json",
    text: '[{ "name": "收入.财政拨款", "value": "1" }]',
    message: "the fact file has no `facts` list",
    at: "facts.json:1:1",
  },
  {
    code: "R0903",
    title: "facts that is a string",
    file: "facts.json",
    text: '{ "facts": "收入.财政拨款=1" }',
    message: "the fact file has no `facts` list",
    at: "facts.json:1:1",
  },
  {
    code: "R0904",
    title: "a list entry that is not an object",
    file: "facts.json",
    text: '{ "facts": [\n  "收入.财政拨款"\n] }',
    message: "facts[0] must be an object",
    at: "facts.json:2:3",
  },
  {
    code: "R0904",
    title: "a value that is not a number as printed (JSON path)",
    file: "facts.json",
    text: '{ "facts": [\n  { "name": "收入.财政拨款", "value": "1" },\n  { "name": "收入.其他收入", "value": "1.2.3" }\n] }',
    message: 'facts[1].value: the value must be a number as printed, e.g. "1,362.65" or "-16.54"',
    at: "facts.json:3:33",
    hint: /each fact reads/,
  },
  {
    code: "R0904",
    title: "a value in exponent notation",
    file: "facts.json",
    text: '{ "facts": [{ "name": "收入.财政拨款", "value": "1e5" }] }',
    message: 'facts[0].value: the value must be a number as printed, e.g. "1,362.65" or "-16.54"',
    at: "facts.json:1:43",
  },
  {
    code: "R0904",
    title: "an empty name",
    file: "facts.json",
    text: '{ "facts": [\n  { "name": "", "value": "1" }\n] }',
    message: "facts[0].name: a fact needs a name",
    at: "facts.json:2:13",
  },
  {
    code: "R0904",
    title: "a missing name (the entry is pointed at)",
    file: "facts.json",
    text: '{ "facts": [\n  { "value": "1" }\n] }',
    message: "facts[0] has no `name`",
    at: "facts.json:2:3",
  },
  {
    code: "R0904",
    title: "a citation and a value that are not strings: said in words, not in the schema library's",
    file: "facts.json",
    text: '{ "facts": [\n  { "name": "收入.财政拨款", "value": null, "citation": 3 }\n] }',
    message: 'facts[0].value: a value is written as a string, as the report prints it, e.g. "1,362.65"',
    at: "facts.json:2:33",
  },
  {
    code: "R0904",
    title: "a unit that is not a string",
    file: "facts.json",
    text: '{ "facts": [\n  { "name": "收入.财政拨款", "value": "1", "unit": 10000 }\n] }',
    message: "facts[0].unit: a unit is written as a string, e.g. \"万元\"",
    at: "facts.json:2:46",
  },
  {
    code: "R0904",
    title: "map form: a value that is not a number as printed",
    file: "facts.json",
    text: '{ "facts": {\n  "收入.财政拨款": "about 1 万元"\n} }',
    message: "facts.收入.财政拨款: `about 1 万元` is not a number as printed",
    at: "facts.json:2:14",
    hint: 'write the number, then its unit: "1,362.65 万元"',
  },
  {
    code: "R0904",
    title: "CSV: a value that is not a number as printed (line and column)",
    file: "facts.csv",
    text: "name,value,unit\n收入.财政拨款,1,万元\n收入.其他收入,one,万元\n",
    message: 'line 3, column value: the value must be a number as printed, e.g. "1,362.65" or "-16.54"',
    at: "facts.csv:3:9", // the value's cell
    hint: "one fact per line: name,value,unit,citation",
  },
  {
    code: "R0904",
    title: "CSV: a row without a name",
    file: "facts.csv",
    text: "name,value\n,1\n",
    message: "line 2, column name: a fact needs a name",
    at: "facts.csv:2:1",
  },
  {
    code: "R0905",
    title: "list form: a value written as a JSON number",
    file: "facts.json",
    text: '{\n  "facts": [\n    { "name": "收入.财政拨款", "value": 1362.65 }\n  ]\n}',
    message: "facts[0].value: a value must be written as a string, not a JSON number",
    at: "facts.json:3:35",
    label: 'write "1362.65"',
    hint: "JSON numbers are floating point and can lose digits; reckon reads figures exactly from strings",
  },
  {
    code: "R0905",
    title: "map form: a value written as a JSON number",
    file: "facts.json",
    text: '{ "facts": {\n  "收入.财政拨款": 0.1\n} }',
    message: "facts.收入.财政拨款: a value must be written as a string, not a JSON number",
    at: "facts.json:2:14",
    label: 'write "0.1"',
  },
  {
    code: "R0904",
    title: "an empty value cell: the caret at the cell, and a hint for it",
    file: "facts.csv",
    text: "name,value,unit\n收入.财政拨款,,万元\n",
    message: 'line 2, column value: the value must be a number as printed, e.g. "1,362.65" or "-16.54"',
    at: "facts.csv:2:9",
    hint: "write the fact's value in this cell, or leave the row out",
  },
  {
    code: "R0905",
    title: "a JSON number in exponent notation: the string to write has its digits",
    file: "facts.json",
    text: '{ "facts": {\n  "收入.财政拨款": 1.5E3\n} }',
    message: "facts.收入.财政拨款: a value must be written as a string, not a JSON number",
    at: "facts.json:2:14",
    label: 'write "1500"',
  },
  {
    code: "R0904",
    title: "a string in exponent notation: no report prints one",
    file: "facts.json",
    text: '{ "facts": [\n  { "name": "收入.财政拨款", "value": "1e400" }\n] }',
    message: 'facts[0].value: the value must be a number as printed, e.g. "1,362.65" or "-16.54"',
    at: "facts.json:2:33",
    hint: "a report prints no exponent: write the number's digits in full",
  },
  {
    code: "R0906",
    title: "CSV with an unclosed quote",
    file: "facts.csv",
    text: 'name,value\n收入.财政拨款,"1,362.65\n',
    message: "the fact file is not valid CSV: Quote Not Closed: the parsing is finished with an opening quote at line 2",
    at: "facts.csv:2:1",
    hint: "one fact per line: name,value,unit,citation",
  },
  {
    code: "R0906",
    title: "CSV with a row of too many cells (an unquoted thousands separator)",
    file: "facts.csv",
    text: "name,value\n收入.财政拨款,1,362.65\n",
    message: "the fact file is not valid CSV: Invalid Record Length: columns length is 2, got 3 on line 2",
    at: "facts.csv:2:1",
    hint: 'a number with thousands separators goes in quotes, or its commas split it into cells: "1,362.65"',
  },
  {
    code: "R0914",
    title: "CSV with a value cut at its thousands separator into as many cells as the header has",
    file: "facts.csv",
    text: "name,value,citation\n收入.财政拨款,1,362.65\n",
    message: "line 2: the value `1,362.65` is cut in two at its comma",
    at: "facts.csv:2:9",
    label: "read as the value 1 and the next cell 362.65",
    hint: 'a number with thousands separators goes in quotes: "1,362.65"; if 1 is the value and 362.65 the next cell, quote that cell: "362.65"',
  },
  {
    code: "R0914",
    title: "CSV with a value cut at two thousands separators",
    file: "facts.csv",
    text: "name,value,unit,citation\n收入.其他收入,12,345,678.50\n",
    message: "line 2: the value `12,345,678.50` is cut in two at its comma",
    at: "facts.csv:2:9",
  },
  {
    code: "R0907",
    title: "a CSV file whose cells are separated by semicolons (a spreadsheet's export in many locales)",
    file: "facts.csv",
    text: "name;value\n收入.财政拨款;1\n",
    message: "the fact file's cells are separated by `;`, not by commas",
    at: "facts.csv:1:1",
    hint: "save it as CSV with commas (name,value,unit,citation), or as JSON",
  },
  {
    code: "R0907",
    title: "a CSV file separated by semicolons, with a quoted cell (csv-parse's own error otherwise)",
    file: "facts.csv",
    text: 'name;value;citation\n收入.财政拨款;1362,66;"表 1"\n',
    message: "the fact file's cells are separated by `;`, not by commas",
    at: "facts.csv:1:1",
  },
  {
    code: "R0907",
    title: "a CSV header without name and value",
    file: "facts.csv",
    text: "fact,amount\n收入.财政拨款,1\n",
    message: "the fact file's header must name the columns name and value",
    at: "facts.csv:1:1",
    hint: "e.g. name,value,unit,citation",
  },
  {
    code: "R0908",
    title: "a name the spec does not declare, with a suggestion",
    file: "facts.csv",
    text: "name,value\n收入.财政拨款,1\n收入.其它收入,2\n",
    message: "the spec `spec.reckon` declares no fact `收入.其它收入`",
    at: "facts.csv:3:1",
    hint: "did you mean `收入.其他收入`?",
  },
  {
    code: "R0908",
    title: "the name of a formula",
    file: "facts.json",
    text: '{ "facts": [\n  { "name": "收入.合计", "value": "1" }\n] }',
    message: "`收入.合计` is a formula, not a fact",
    at: "facts.json:2:13", // the name
    hint: "only facts take values (from a fact file or setFact); a formula is computed from them",
  },
  {
    code: "R0908",
    title: "the name of a published figure: its printed value belongs to the spec",
    file: "facts.csv",
    text: "name,value\n收入.两倍,1\n",
    message: "`收入.两倍` is a published figure, not a fact",
    at: "facts.csv:2:1",
    hint: "only facts take values (from a fact file or setFact); a published figure's printed value is part of the spec: change it after `published` there",
  },
  {
    code: "R0904",
    title: "CSV: a value written with its unit",
    file: "facts.csv",
    text: 'name,value,unit\n收入.财政拨款,"1,410.20万元",\n',
    message: 'line 2, column value: the value must be a number as printed, e.g. "1,362.65" or "-16.54"',
    at: "facts.csv:2:9",
    hint: "the unit goes apart from the number: value 1,410.20, unit 万元",
  },
  {
    code: "R0909",
    title: "a unit that cannot be a unit (an empty part)",
    file: "facts.json",
    text: '{ "facts": [\n  { "name": "收入.财政拨款", "value": "1", "unit": "元//人" }\n] }',
    message: "`收入.财政拨款`: unknown unit `元//人`",
    at: "facts.json:2:46", // the unit
    hint: "the spec declares it in 万元",
  },
  {
    code: "R0909",
    title: "a unit the spec does not know",
    file: "facts.csv",
    text: "name,value,unit\n收入.财政拨款,1,斤\n",
    message: "`收入.财政拨款`: unknown unit `斤`",
    at: "facts.csv:2:11", // the unit's cell
    hint: "the spec declares it in 万元",
  },
  {
    code: "R0910",
    title: "a unit of another kind",
    file: "facts.csv",
    text: "name,value,unit\n人数,40,万元\n",
    message: "`人数` is declared in 人, not 万元",
    at: "facts.csv:2:7",
    hint: "give the value in 人",
  },
  {
    code: "R0910",
    title: "a unit of the same kind that is not a power of ten away",
    file: "facts.json",
    text: '{ "facts": { "件数": "2 打" } }',
    message: "`件数` is declared in 个, not 打",
    at: "facts.json:1:20", // the value, with its unit
    hint: "reckon converts between units that differ by a power of ten (元 and 万元)",
  },
];

describe("fact-file diagnostics", () => {
  it.each(factFileCases)("$code: $title", (c) => {
    const engine = Engine.fromString(SPEC_FOR_FILES);
    const error = reckonError(() => engine.loadFacts(c.text, c.file));
    const d = error.diagnostics[0]!;
    expect(d.severity).toBe("error");
    expect(d.code).toBe(c.code);
    expect(d.message).toBe(c.message);
    expect(at(d)).toBe(c.at);
    if (typeof c.hint === "string") expect(d.hint).toBe(c.hint);
    else if (c.hint) expect(d.hint).toMatch(c.hint);
    if (c.label !== undefined) expect(d.label).toBe(c.label);
    // The rendered text is the CLI's: the code and message, then (with a place) the file, line and caret.
    expect(d.text.split("\n")[0]).toBe(`error[${c.code}]: ${c.message}`);
    if (c.at !== "-") {
      expect(d.text).toContain(` --> ${c.at}\n`);
      expect(d.text).toMatch(/\n\s*\|\s*\^/);
    }
    expect(error.message).toContain(`error[${c.code}]`);
  });

  it("a fact given in another unit is printed as it was given, which says its precision", () => {
    const engine = Engine.fromString("fact a in 万元\nfact b = 2.50 万元\n");
    engine.setFact("a", "1.5", "亿元");
    expect(engine.figure("a").printed).toMatchObject({ decimals: 1, unit: "亿元", text: "1.5 亿元" });
    expect(engine.figure("a").text).toBe("15000 万元");
    expect(engine.figure("b").printed).toMatchObject({ decimals: 2, unit: "万元", text: "2.50 万元" });
  });

  it("R0915: a fact file's first 100 errors are reported, then how many more there are, at the 101st", () => {
    const engine = Engine.fromString("fact 人数 in 人");
    const rows = (n: number) => `name,value\n${Array.from({ length: n }, (_, i) => `x${i},1\n`).join("")}`;
    const many = reckonError(() => engine.loadFacts(rows(250), "many.csv")).diagnostics;
    expect(many.map((d) => d.code)).toEqual([...Array<string>(100).fill("R0908"), "R0915"]);
    expect(many[100]!.message).toBe("150 more errors in `many.csv` after the first 100, not shown");
    expect(at(many[100]!)).toBe("many.csv:102:1");
    // 100 errors are all shown.
    expect(reckonError(() => engine.loadFacts(rows(100), "hundred.csv")).diagnostics.map((d) => d.code)).toEqual(Array<string>(100).fill("R0908"));
  });

  it("R0914 is not a page number quoted as a citation, nor cells with spaces after their commas", () => {
    const engine = Engine.fromString("fact 人数 in 人");
    engine.loadFacts('name,value,citation\n人数,12,"105"\n', "q.csv");
    expect(str(engine.value("人数"))).toBe("12");
    engine.loadFacts("name, value, citation\n人数, 13, 105\n", "s.csv");
    expect(str(engine.value("人数"))).toBe("13");
    expect(diagnostic(() => engine.loadFacts("name,value,citation\n人数,14,105\n", "c.csv")).code).toBe("R0914");
  });

  it("R0904: a value in full-width digits, with a typographic minus, in parentheses or a dash gets what to write", () => {
    const engine = Engine.fromString("fact 收入 in 万元");
    const hint = (value: string) => diagnostic(() => engine.loadFacts(`name,value\n收入,"${value}"\n`, "h.csv")).hint;
    expect(hint("１３６２.６６")).toBe('write it in ASCII digits and signs: "1362.66"');
    expect(hint("−16.54")).toBe('write it in ASCII digits and signs: "-16.54"');
    expect(hint("(1,362.66)")).toBe('a negative amount in parentheses is written with a minus sign: "-1,362.66"');
    for (const dash of ["-", "—", "－"]) expect(hint(dash)).toBe('a dash printed for nothing is written as the number it stands for: "0" (or "0.00", with the printed decimals)');
    // The same hints for a JSON fact file.
    expect(diagnostic(() => engine.loadFacts('{"facts":{"收入":"(12.5)"}}', "h.json")).hint).toBe('a negative amount in parentheses is written with a minus sign: "-12.5"');
  });

  it("R0904: a value in exponent notation gets the digits to write, with the unit written beside it", () => {
    const engine = Engine.fromString("fact 收入 in 万元");
    expect(diagnostic(() => engine.loadFacts('{"facts":{"收入":"1.2e5 元"}}', "u.json")).hint).toBe('a report prints no exponent: write "120000 元"');
    expect(diagnostic(() => engine.loadFacts('{"facts":{"收入":"1.2e5"}}', "v.json")).hint).toBe('a report prints no exponent: write "120000"');
  });

  it("R0905: a JSON number is refused however exactly it could be read, and the fact is left alone", () => {
    const engine = Engine.fromString("fact a = 1 万元");
    for (const [number, written] of [["1", "1"], ["0", "0"], ["-2", "-2"], ["1362.65", "1362.65"], ["1e3", "1000"], ["0.30000000000000004", "0.30000000000000004"]]) {
      const d = diagnostic(() => engine.loadFacts(`{"facts": [{"name": "a", "value": ${number}}]}`, "f.json"));
      expect(d.code).toBe("R0905");
      expect(d.label).toBe(`write "${written}"`);
      const m = diagnostic(() => engine.loadFacts(`{"facts": {"a": ${number}}}`, "f.json"));
      expect(m.code).toBe("R0905");
    }
    expect(str(engine.value("a"))).toBe("1");
  });

  it("R0904 and R0905: every bad entry of a file is reported, not only the first", () => {
    const error = reckonError(() =>
      Engine.fromString(SPEC_FOR_FILES).loadFacts('{ "facts": [\n  { "name": "收入.财政拨款", "value": 1 },\n  { "name": "", "value": "x" }\n] }', "f.json"),
    );
    expect(error.diagnostics.map((d) => `${d.code} ${at(d)} ${d.message}`)).toEqual([
      "R0905 f.json:2:33 facts[0].value: a value must be written as a string, not a JSON number",
      "R0904 f.json:3:13 facts[1].name: a fact needs a name",
      'R0904 f.json:3:26 facts[1].value: the value must be a number as printed, e.g. "1,362.65" or "-16.54"',
    ]);
    expect(error.message).toMatch(/^the fact file f\.json has errors: R0905: facts\[0\]\.value: .* \(and 2 more errors\)\n/);
  });

  it("R0908 and R0910 from the API (setFact) have no place in a file", () => {
    const engine = Engine.fromString(SPEC_FOR_FILES);
    const unknown = diagnostic(() => engine.setFact("收入.其它收入", "1"));
    expect(unknown).toMatchObject({ code: "R0908", message: "the spec `spec.reckon` declares no fact `收入.其它收入`", hint: "did you mean `收入.其他收入`?" });
    expect(unknown.location).toBeUndefined();
    expect(diagnostic(() => engine.setFact("收入.合计", "1"))).toMatchObject({ code: "R0908", message: "`收入.合计` is a formula, not a fact" });
    expect(diagnostic(() => engine.setFact("人数", "1", "元"))).toMatchObject({ code: "R0910", message: "`人数` is declared in 人, not 元" });
    expect(diagnostic(() => engine.setFact("收入.财政拨款", "1", "元//人"))).toMatchObject({ code: "R0909", message: "`收入.财政拨款`: unknown unit `元//人`" });
  });

  it("R0911: a fact file that cannot be read", () => {
    const missing = scratch.path("no-such-facts.json");
    const d = diagnostic(() => Engine.fromString(SPEC_FOR_FILES).loadFactFile(missing));
    expect(d).toMatchObject({ code: "R0911", message: `cannot read the fact file \`${missing}\`: there is no such file`, hint: "check the path" });
    expect(d.location).toBeUndefined();
    const spec = write("r0911/spec.reckon", SPEC_FOR_FILES);
    expect(diagnostic(() => Engine.load(spec, { factFiles: [missing] })).code).toBe("R0911");
    // A directory is not a fact file either.
    expect(diagnostic(() => Engine.fromString(SPEC_FOR_FILES).loadFactFile(scratch.path())).code).toBe("R0911");
  });

  it("loadFactFile names the file by its path in every diagnostic", () => {
    const file = write("named/bad.csv", "name,value\n收入.财政拨款,x\n");
    const d = diagnostic(() => Engine.fromString(SPEC_FOR_FILES).loadFactFile(file));
    expect(d.code).toBe("R0904");
    expect(at(d)).toBe(`${file}:2:9`);
    expect(d.text).toContain(`--> ${file}:2:9`);
  });

  it("tests every fact-file diagnostic code that src/ emits", () => {
    const src = path.join(repo, "src");
    const emitted = new Set<string>();
    const visit = (full: string): void => {
      if (statSync(full).isDirectory()) for (const entry of readdirSync(full)) visit(path.join(full, entry));
      else if (full.endsWith(".ts")) for (const m of readFileSync(full, "utf8").matchAll(/error\(\s*"(R09\d\d)"/g)) emitted.add(m[1]!);
    };
    visit(src);
    // R0911 (an unreadable file) and R0912 (setFact with a value that is not a printed number) have tests of their own;
    // R0913 (a fact file that is not UTF-8) is tested in test/encodings.test.ts, R0915 (too many errors) by a test of its own.
    const tested = new Set([...factFileCases.map((c) => c.code), "R0911", "R0912", "R0913", "R0915"]);
    expect(emitted.size).toBeGreaterThanOrEqual(11);
    expect([...emitted].filter((code) => !tested.has(code)).sort()).toEqual([]);
  });

  it("R0909: a unit the spec does not know, from a file and from setFact", () => {
    const engine = Engine.fromString(SPEC_FOR_FILES);
    for (const unit of ["斤", "yuan", "万元 extra"]) {
      const d = diagnostic(() => engine.loadFacts(JSON.stringify({ facts: [{ name: "收入.财政拨款", value: "1", unit }] }), "f.json"));
      expect(d.code).toBe("R0909");
      expect(d.message).toBe(`\`收入.财政拨款\`: unknown unit \`${unit}\``);
      expect(at(d)).toBe("f.json:1:48"); // the unit
      expect(diagnostic(() => engine.setFact("收入.财政拨款", "1", unit)).code).toBe("R0909");
    }
    const map = diagnostic(() => engine.loadFacts('{ "facts": { "收入.财政拨款": "1 万 元" } }', "f.json"));
    expect(map).toMatchObject({ code: "R0909", message: "`收入.财政拨款`: unknown unit `万 元`", hint: "did you mean `万元`?" });
  });

  // BUG: in the map form, any value that is not a string is reported as "not a JSON number" (R0905),
  // also true, null, an object or an array. Reproduce: loadFacts('{"facts": {"a": null}}', "f.json")
  // says "facts.a: a value must be written as a string, not a JSON number" with the label `write "null"`.
  // (The list form says "expected string, received null", R0904.)
  it("map form: a value that is neither a string nor a number is not called a JSON number", () => {
    const engine = Engine.fromString("fact a = 1");
    for (const value of ["null", "true", '{"value": "1"}', '["1"]']) {
      const d = diagnostic(() => engine.loadFacts(`{"facts": {"a": ${value}}}`, "f.json"));
      expect(d.message).not.toMatch(/JSON number/);
    }
  });
});

describe("check's law runs", () => {
  it("runs 100 cases of each law by default, as many as asked, none with 0, and refuses a count that is not a whole number", () => {
    const e = Engine.fromString('law l "x is x" for x in 0 .. 10 : x == x\nfigure f = 1 + 1 published 2\n');
    expect(e.check().laws.map((l) => l.runs)).toEqual([100]);
    expect(e.check({ lawRuns: 7 }).laws.map((l) => l.runs)).toEqual([7]);
    expect(e.check({ lawRuns: 0 }).laws).toEqual([]);
    for (const bad of [-1, 1.5, Number.NaN, 100_001]) expect(() => e.check({ lawRuns: bad })).toThrow(RangeError);
  });
});

describe("check({ partial: true })", () => {
  it("returns the checks of the figures that can be evaluated, with the failures as errors, where check() throws", () => {
    const e = Engine.fromString("fact a = 10 万元\nfact n = 5 人\nfigure per = a / n published 2.00 万元/人\nfigure q = a * 2 published 20.00 万元");
    e.setFact("n", "0");
    expect(diagnostic(() => e.check()).code).toBe("R0601");
    const result = e.check({ partial: true, lawRuns: 0 });
    expect(result.figures.map((f) => [f.name, f.status, f.published])).toEqual([["q", "exact", "20.00"]]);
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([["R0601", "error"]]);
    expect(result.summary).toMatchObject({ errors: 1, total: 1, exact: 1 });
    expect(result.unevaluated).toEqual([{ name: "per" }]);
  });
});

describe("explain's depth", () => {
  it("refuses a depth that is not a whole number from 0 up, as check refuses such law runs", () => {
    const e = Engine.fromString("fact a = 1\nformula b = a + 1\nformula c = b * 2");
    expect(e.explain("c", { depth: 0 }).children).toEqual([]);
    expect(e.explain("c", { depth: 1 }).children.map((n) => n.name)).toEqual(["b"]);
    for (const bad of [-1, 0.5, Number.NaN]) expect(() => e.explain("c", { depth: bad })).toThrow(RangeError);
  });
});

describe("explain when some figures cannot be evaluated", () => {
  it("explains a figure whose inputs are fine, although another published figure fails", () => {
    const e = Engine.fromString("fact a in 万元\nfact b = 2 万元\nfigure p = a + b published 3.00 万元\nfigure q = b * 2 published 4.00 万元");
    expect(e.explain("q")).toMatchObject({ name: "q", value: "4", status: "exact" });
    expect(diagnostic(() => e.check()).code).toBe("R0603");
  });

  it("throws the reason when the figure itself cannot be evaluated, instead of returning a blank value", () => {
    const e = Engine.fromString("fact a = 10 万元\nfact n = 5 人\nformula per = a / n\nformula twice = per * 2\nfigure q = a * 2 published 20 万元");
    e.setFact("n", "0");
    const error = reckonError(() => e.explain("per"));
    expect(error.message).toMatch(/^`per` cannot be evaluated/);
    expect(error.diagnostics.map((d) => d.code)).toEqual(["R0601"]);
    // The cause first: `per` divides by zero, so `twice` (which reads it) cannot be evaluated.
    expect(reckonError(() => e.explain("twice")).diagnostics.map((d) => d.code)).toEqual(["R0601", "R0602"]);
    expect(e.explain("q").status).toBe("exact");
  });

  it("a fact without a value cannot be explained either (R0603), instead of a blank value", () => {
    const e = Engine.fromString("fact a in 人\nfact b = 2 人\nfigure q = b * 2 published 4 人");
    expect(reckonError(() => e.explain("a")).diagnostics.map((d) => [d.code, d.message])).toEqual([["R0603", "the fact `a` has no value"]]);
    e.setFact("a", "3");
    expect(e.explain("a")).toMatchObject({ kind: "fact", value: "3" });
  });
});

describe("values handed to the embedding program", () => {
  it("setFact refuses a JavaScript number (already binary floating point) and anything else that is not a string or a Decimal", () => {
    const engine = Engine.fromString("fact a = 1,000.00 万元\nformula s = a * 2");
    for (const value of [1362.65, 0.1 + 0.2, 1e-7, null, undefined, true, {}, 5n]) {
      const d = diagnostic(() => engine.setFact("a", value as unknown as string));
      expect(d.code).toBe("R0912");
      expect(d.hint).toMatch(/string|Decimal/);
    }
    expect(diagnostic(() => engine.setFact("a", 1362.65 as unknown as string)).message).toBe("`a`: the JavaScript number 1362.65 is not a number as printed");
    // A Decimal far beyond any printed figure is refused before it is written out (1e100000000 has that many digits).
    for (const value of [new DecimalJs("1e100000000"), new DecimalJs("1e-100000000"), new DecimalJs(Infinity), new DecimalJs(NaN)]) expect(diagnostic(() => engine.setFact("a", value)).code).toBe("R0912");
    expect(str(engine.value("a"))).toBe("1000");
    expect(str(engine.value("s"))).toBe("2000");
  });

  it("a returned Decimal's own arithmetic works to QUOTIENT_DIGITS digits: a caller's division terminates", () => {
    const engine = Engine.fromString("fact a = 1,362.65 万元\nformula q = a / 7\nfigure p = a * 1 published 1,362.65 万元");
    const values = [engine.value("a"), engine.value("q"), engine.figure("a").value, engine.figure("p").printed!.value, engine.figure("a").printed!.value, reckon.evaluate("1,362.65").value];
    engine.subscribe((changes) => values.push(changes[0]!.current!, changes[0]!.previous!));
    engine.setFact("a", "10");
    for (const value of values) {
      expect(value).toBeInstanceOf(DecimalJs);
      expect((value as DecimalJs).div(3).precision(true)).toBeLessThanOrEqual(reckon.QUOTIENT_DIGITS);
    }
    // The digits are reckon's, whole: nothing is rounded on the way out.
    expect(str(engine.value("q"))).toBe("1.428571428571428571428571428571429");
    expect(str(reckon.evaluate("123456789012345678901234567890123456789 * 10").value)).toBe("1234567890123456789012345678901234567890");
  });
});

// ── setFact, incremental recalculation, subscribers ────────────────────────────────────────────

describe("setFact and incremental recalculation", () => {
  /** x feeds 2 formulas; y feeds `many` others. */
  function wide(many: number): Engine {
    const lines = ["fact x = 1 万元", "fact y = 2 万元", "formula x.double = x * 2", "formula x.plus_y = x + y"];
    for (let i = 0; i < many; i++) lines.push(`formula y.f${i} = y * ${i + 1}`);
    return Engine.fromString(lines.join("\n"));
  }

  it("evaluates every formula once on the first read, and not again on later reads", () => {
    const engine = wide(40);
    expect(engine.evaluations).toBe(0);
    engine.value("x.double");
    expect(engine.evaluations).toBe(42);
    engine.value("y.f39");
    engine.figures();
    engine.figure("x.plus_y");
    engine.facts();
    expect(engine.evaluations).toBe(42);
  });

  it("setFact on a fact that 2 of 42 formulas use evaluates exactly those 2", () => {
    const engine = wide(40);
    engine.value("x.double");
    const before = engine.evaluations;
    const changes = engine.setFact("x", "1.5");
    expect(engine.evaluations - before).toBe(2);
    expect(changed(changes)).toEqual(["x: 1 → 1.5", "x.double: 2 → 3", "x.plus_y: 3 → 3.5"]);
    expect(engine.figure("x.plus_y").text).toBe("3.5 万元");
    // And a fact that 41 use evaluates those 41.
    const again = engine.evaluations;
    engine.setFact("y", "3");
    expect(engine.evaluations - again).toBe(41);
  });

  it("setFact before any read evaluates everything once, then nothing more", () => {
    const engine = wide(10);
    const changes = engine.setFact("x", "5");
    expect(engine.evaluations).toBe(12 + 2);
    expect(changed(changes)).toEqual(["x: 1 → 5", "x.double: 2 → 10", "x.plus_y: 3 → 7"]);
  });

  it("follows a chain of formulas, in dependency order", () => {
    const engine = Engine.fromString("formula d = c + 1\nformula c = b * 2\nformula b = a + 1\nfact a = 1\nfact other = 1\nformula o = other + 1");
    engine.value("d");
    const before = engine.evaluations;
    expect(changed(engine.setFact("a", "2"))).toEqual(["a: 1 → 2", "b: 2 → 3", "c: 4 → 6", "d: 5 → 7"]);
    expect(engine.evaluations - before).toBe(3);
  });

  it("stops propagating where a change does not alter a dependent's value", () => {
    const engine = Engine.fromString("fact x = 1.2\nformula a = round(x, 0)\nformula b = a * 2\nformula c = b + 1\nformula d = x * 10");
    engine.value("c");
    const before = engine.evaluations;
    expect(changed(engine.setFact("x", "1.3"))).toEqual(["x: 1.2 → 1.3", "d: 12 → 13"]);
    expect(engine.evaluations - before).toBe(2); // a (unchanged: 1) and d; never b or c
    expect(changed(engine.setFact("x", "1.6"))).toEqual(["x: 1.3 → 1.6", "a: 1 → 2", "b: 2 → 4", "c: 3 → 5", "d: 13 → 16"]);
  });

  it("stops at a published figure, which other formulas read as printed; computed() reads through", () => {
    const engine = Engine.fromString(`
fact x = 1.2
figure p = x * 2  published 2.4
formula q = p + 1
formula r = computed(p) + 1
formula s = q * 2
`);
    expect(str(engine.value("q"))).toBe("3.4");
    const before = engine.evaluations;
    expect(changed(engine.setFact("x", "1.3"))).toEqual(["x: 1.2 → 1.3", "p: 2.4 → 2.6", "r: 3.4 → 3.6"]);
    expect(engine.evaluations - before).toBe(2); // p and r; q and s read p's printed 2.4
    expect(str(engine.value("q"))).toBe("3.4");
    expect(engine.check().figures[0]).toMatchObject({ name: "p", status: "mismatch", computed: "2.6" });
    expect(engine.explain("r").children[0]).toMatchObject({ name: "p", value: "2.6", read: "computed" });
  });

  it("setting a fact to the value it has changes nothing and evaluates nothing", () => {
    const engine = Engine.fromString("fact x = 1.50\nformula y = x * 2");
    engine.value("y");
    const calls: unknown[] = [];
    engine.subscribe((changes) => calls.push(changes));
    const before = engine.evaluations;
    expect(engine.setFact("x", "1.5")).toEqual([]);
    expect(engine.setFact("x", new DecimalJs("1.500"))).toEqual([]);
    expect(engine.evaluations).toBe(before);
    expect(calls).toEqual([]);
  });

  it("takes values as printed, as Decimals, and in another unit", () => {
    const engine = Engine.fromString("fact x in 万元\nformula y = x * 2");
    engine.setFact("x", " 1,362.65 ");
    expect(engine.figure("x").printed).toMatchObject({ decimals: 2, text: "1,362.65 万元" });
    engine.setFact("x", "-16.54");
    expect(engine.figure("y").text).toBe("-33.08 万元");
    engine.setFact("x", new DecimalJs("0.1").plus("0.2"));
    expect(engine.figure("y").text).toBe("0.6 万元");
    engine.setFact("x", "5000", "元");
    expect(engine.figure("x").printed).toMatchObject({ decimals: 4, text: "0.5000 万元" });
    engine.setFact("x", "1", "亿元");
    expect(engine.figure("y").text).toBe("20000 万元");
  });

  it("recovers a formula that failed once its input is fixed", () => {
    const engine = Engine.fromString("fact d = 0\nformula q = 1 / d\nformula r = q + 1");
    expect(diagnostic(() => engine.value("q")).code).toBe("R0601");
    expect(diagnostic(() => engine.value("r")).code).toBe("R0602");
    expect(changed(engine.setFact("d", "4"))).toEqual(["d: 0 → 4", "q: undefined → 0.25", "r: undefined → 1.25"]);
    expect(str(engine.value("r"))).toBe("1.25");
    expect(changed(engine.setFact("d", "0"))).toEqual(["d: 4 → 0", "q: 0.25 → undefined", "r: 1.25 → undefined"]);
    expect(diagnostic(() => engine.value("r")).code).toBe("R0602");
  });

  it("fills in a fact declared without a value, after which everything evaluates and checks", () => {
    const engine = Engine.fromString(DEPARTMENT);
    expect(reckonError(() => engine.check()).diagnostics.map((d) => d.message)).toEqual([
      "`收入.本年合计` cannot be evaluated: the fact `收入.财政拨款` has no value",
      "`收入.财政拨款.占比` cannot be evaluated: `收入.本年合计` has no value",
      "`人均` cannot be evaluated: the fact `人数` has no value",
    ]);
    engine.setFact("收入.财政拨款", "1,362.65");
    engine.setFact("收入.其他收入", "0.01");
    expect(str(engine.value("收入.财政拨款.占比"))).toBe("0.9999926614122378289521964393172178");
    expect(diagnostic(() => engine.value("人均")).code).toBe("R0603");
    // A figure without a value says why, for an app that shows figure.text.
    expect([engine.figure("人均").text, engine.figure("人均").error?.code, engine.figure("人均").error?.message]).toEqual(["", "R0603", "`人均` cannot be evaluated: the fact `人数` has no value"]);
    engine.setFact("人数", "40");
    expect(engine.figure("人均").error).toBeUndefined();
    expect(engine.figure("人均").text).toBe("340665 元/人");
    expect(engine.check().figures[0]!.status).toBe("exact");
  });

  // BUG (API gap): check() throws as soon as any figure cannot be evaluated, even an unpublished
  // formula that no published figure uses. An embedder filling in a department's facts one by one
  // (or a department that has no headcount) cannot check the figures that are complete. Reproduce:
  // DEPARTMENT with 财政拨款 and 其他收入 set but not 人数: check() throws R0603 for 人均, although
  // 财政拨款.占比 (the only published figure) evaluates. Expected: its result, with the failures
  // reported separately (or only the published figures' failures thrown).
  it("check() checks the published figures that evaluate when an unrelated formula lacks a fact", () => {
    const engine = Engine.fromString(DEPARTMENT);
    engine.setFact("收入.财政拨款", "1,362.65");
    engine.setFact("收入.其他收入", "0.01");
    expect(engine.check().figures.map((f) => [f.name, f.status])).toEqual([["收入.财政拨款.占比", "exact"]]);
  });

  it("tells subscribers what changed, after setFact and after fact files; unsubscribe stops it", () => {
    const engine = Engine.fromString("fact a = 1 万元\nfact b = 2 万元\nformula s = a + b\nformula t = b * 2");
    const first: FigureChange[][] = [];
    const second: string[][] = [];
    const unsubscribeFirst = engine.subscribe((changes) => first.push([...changes]));
    const unsubscribeSecond = engine.subscribe((changes) => second.push(changes.map((c) => c.name)));

    const returned = engine.setFact("a", "5");
    expect(first).toHaveLength(1);
    expect(first[0]).toEqual(returned);
    expect(changed(first[0]!)).toEqual(["a: 1 → 5", "s: 3 → 7"]);
    expect(first[0]![1]!.previous).toBeInstanceOf(DecimalJs);
    expect(first[0]![1]!.current).toBeInstanceOf(DecimalJs);

    engine.loadFacts("name,value\nb,3\n", "f.csv");
    expect(second).toEqual([
      ["a", "s"],
      ["b", "s", "t"],
    ]);

    unsubscribeFirst();
    engine.setFact("a", "6");
    expect(first).toHaveLength(2);
    expect(second).toHaveLength(3);
    unsubscribeSecond();
    unsubscribeFirst(); // twice is harmless
    engine.setFact("a", "7");
    expect(second).toHaveLength(3);
    expect(str(engine.value("s"))).toBe("10");
  });

  it("a subscriber that throws does not keep the others from hearing of the change; the change is made and the error thrown after", () => {
    const engine = Engine.fromString("fact a = 1 万元\nformula s = a * 2");
    const heard: string[][] = [];
    engine.subscribe(() => {
      throw new Error("boom");
    });
    engine.subscribe((changes) => heard.push(changes.map((c) => c.name)));
    expect(() => engine.setFact("a", "5")).toThrow("boom");
    expect(heard).toEqual([["a", "s"]]);
    expect(str(engine.value("s"))).toBe("10");
  });

  it("a subscriber that sets a fact itself: every subscriber hears of the changes in the order they were made, and last of the current value", () => {
    const engine = Engine.fromString("fact a = 1\nfact b = 1\nformula c = a + b");
    let nested: string[] = [];
    engine.subscribe(() => {
      if (nested.length === 0) nested = changed(engine.setFact("b", "5"));
    });
    const heard: string[][] = [];
    engine.subscribe((changes) => heard.push(changed(changes)));
    expect(changed(engine.setFact("a", "2"))).toEqual(["a: 1 → 2", "c: 2 → 3"]);
    expect(nested).toEqual(["b: 1 → 5", "c: 3 → 7"]);
    expect(heard).toEqual([
      ["a: 1 → 2", "c: 2 → 3"],
      ["b: 1 → 5", "c: 3 → 7"],
    ]);
    expect(str(engine.value("c"))).toBe("7");
  });

  it("subscribers that keep changing facts on every change are stopped, with a RangeError that says why", () => {
    const engine = Engine.fromString("fact a = 1\nformula b = a * 2");
    let n = 0;
    engine.subscribe(() => {
      n++;
      engine.setFact("a", n % 2 ? "2" : "1");
    });
    expect(() => engine.setFact("a", "3")).toThrow(/never settles/);
    // The engine is still usable, and quiet again.
    expect(str(engine.value("b"))).toMatch(/^[246]$/);
  });

  it("a subscriber that answers one change with many settles: every batch is told, however many", () => {
    const facts = Array.from({ length: 1_200 }, (_, i) => `fact f${i} = 0`).join("\n");
    const engine = Engine.fromString(`fact trigger = 1\n${facts}`);
    let answered = false;
    engine.subscribe((changes) => {
      if (answered || changes[0]!.name !== "trigger") return;
      answered = true;
      for (let i = 0; i < 1_200; i++) engine.setFact(`f${i}`, "1");
    });
    let heard = 0;
    engine.subscribe(() => heard++);
    engine.setFact("trigger", "2");
    expect(heard).toBe(1_201);
  });

  it("several subscribers that throw: every error is thrown, in an AggregateError", () => {
    const engine = Engine.fromString("fact a = 1 万元\nformula s = a * 2");
    engine.subscribe(() => {
      throw new Error("one");
    });
    engine.subscribe(() => {
      throw new Error("two");
    });
    let thrown: unknown;
    try {
      engine.setFact("a", "5");
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(AggregateError);
    expect((thrown as AggregateError).errors.map((e: Error) => e.message)).toEqual(["one", "two"]);
    expect(str(engine.value("s"))).toBe("10");
  });

  it("subscribers get a frozen list: one cannot empty what setFact returns to the caller", () => {
    const engine = Engine.fromString("fact a = 1 万元\nformula s = a * 2");
    engine.subscribe((changes) => {
      expect(Object.isFrozen(changes)).toBe(true);
      expect(() => (changes as FigureChange[]).splice(0)).toThrow(TypeError);
    });
    expect(engine.setFact("a", "5").map((c) => c.name)).toEqual(["a", "s"]);
  });

  it("does not call subscribers when setFact fails", () => {
    const engine = Engine.fromString("fact a = 1 万元");
    let calls = 0;
    engine.subscribe(() => calls++);
    reckonError(() => engine.setFact("a", "1", "人"));
    reckonError(() => engine.setFact("b", "1"));
    expect(calls).toBe(0);
    expect(str(engine.value("a"))).toBe("1");
  });

  // BUG: setFact does not validate its string: a value that is not a number as printed reaches
  // decimal.js, which throws a plain `Error: [DecimalError] Invalid argument: abc` instead of a
  // ReckonError; and "1e5" (not a printed number, and refused in fact files with R0904) is accepted as
  // 100000. Reproduce: Engine.fromString("fact x = 1").setFact("x", "abc").
  it("setFact refuses a value that is not a number as printed, with a ReckonError", () => {
    const engine = Engine.fromString("fact x = 1");
    for (const bad of ["abc", "1e5", "", "1.2.3", "Infinity", "0x10"]) {
      const error = reckonError(() => engine.setFact("x", bad));
      expect(error.diagnostics[0]!).toMatchObject({ code: "R0912", message: expect.stringMatching(/number as printed/) });
    }
    expect(str(engine.value("x"))).toBe("1");
  });
});

// ── No figure is a JavaScript number ────────────────────────────────────────────────────────────

describe("no figure is ever a JavaScript number", () => {
  const isExact = (v: unknown) => v === undefined || typeof v === "boolean" || v instanceof DecimalJs;

  it("every value the API returns is a Decimal, a boolean or a decimal string", () => {
    const engine = Engine.fromString(REPORT, { imports: { "lib/shares.reckon": LIBRARY } });
    for (const figure of engine.figures()) {
      expect(isExact(figure.value), figure.name).toBe(true);
      if (figure.printed) expect(figure.printed.value, figure.name).toBeInstanceOf(DecimalJs);
      expect(typeof figure.text).toBe("string");
      if (figure.name !== "有其他收入") expect(engine.value(figure.name), figure.name).toBeInstanceOf(DecimalJs);
    }
    for (const change of engine.setFact("收入.其他收入", "0.02")) {
      expect(isExact(change.previous)).toBe(true);
      expect(isExact(change.current)).toBe(true);
    }
    expect(evaluate("1 / 3").value).toBeInstanceOf(DecimalJs);

    // check() and explain(): values are decimal strings; the only numbers are counts, lines and decimals.
    const numbers: string[] = [];
    const walk = (value: unknown, at: string): void => {
      if (typeof value === "number") numbers.push(at.replace(/\[\d+\]/g, "[]"));
      else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}[${i}]`));
      else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, `${at}.${k}`);
    };
    walk(engine.check(), "check");
    walk(engine.explain("收入.增长率"), "explain");
    expect(new Set(numbers)).toEqual(
      new Set([
        "check.figures[].decimals",
        "check.figures[].line",
        "check.summary.errors",
        "check.summary.exact",
        "check.summary.withinRounding",
        "check.summary.knownInconsistency",
        "check.summary.mismatch",
        "check.summary.stale",
        "check.summary.total",
        "check.summary.lawsFailing",
        "explain.location.line",
        "explain.location.column",
        "explain.functions[].location.line",
        "explain.functions[].location.column",
        "explain.printed.decimals",
        "explain.children[].location.line",
        "explain.children[].location.column",
      ]),
    );
  });

  it("keeps every digit a JavaScript number would lose", () => {
    const engine = Engine.fromString("fact a in 元\nfact b = 0.1\nformula c = a + 1 元\nformula d = b + 0.2");
    engine.setFact("a", "9,007,199,254,740,993"); // 2^53 + 1
    expect(engine.value("c").toString()).toBe("9007199254740994");
    expect(engine.value("d").toString()).toBe("0.3");
    engine.loadFacts('{"facts": {"a": "123456789012345678901234567890.123456789"}}', "f.json");
    expect(engine.value("c").toString()).toBe("123456789012345678901234567891.123456789");
  });

  it("refuses a JSON number in a fact file with R0905", () => {
    const d = diagnostic(() => Engine.fromString("fact a = 1").loadFacts('{"facts": [{"name": "a", "value": 0.1}]}', "f.json"));
    expect(d.code).toBe("R0905");
  });
});

// ── The public surface ──────────────────────────────────────────────────────────────────────────

describe("the public API", () => {
  it("exports the embedding API and nothing of the parser or the syntax tree", () => {
    const exported = Object.keys(reckon).sort();
    expect(exported).toEqual(
      expect.arrayContaining(["Engine", "ReckonError", "evaluate", "checkOutputSchema", "renderExplainText", "renderExplainMarkdown", "QUOTIENT_DIGITS", "roundingModes", "DEFAULT_ROUNDING", "run"]),
    );
    const internal = /^(SourceFile|span|Span|parse\w*|Parser|\w*Lexer|tokens?|\w*Token\w*|CstNode|\w*Decl|NumberLit|compile\w*|Calculation|FactStore|Compiler|Explainer|loadSpecs|memoryHost|fileHost|supplyFacts|readFactFile|Unit)$/;
    expect(exported.filter((name) => internal.test(name))).toEqual([]);
  });

  it("isDecimal tells a value from a boolean, for decimals of any copy of decimal.js", () => {
    const engine = Engine.fromString("fact a = 0.1\nformula b = a + 0.2\nformula c = a > 0");
    expect(reckon.isDecimal(engine.value("b"))).toBe(true);
    expect(reckon.isDecimal(engine.value("c"))).toBe(false);
    expect(reckon.isDecimal(new DecimalJs("1"))).toBe(true);
    expect(reckon.isDecimal(0.3)).toBe(false);
  });

  it("ReckonError is an Error whose message carries the rendered diagnostics", () => {
    const error = reckonError(() => Engine.fromString("fact a = 1\nfact a = 2"));
    expect(error).toBeInstanceOf(Error);
    expect(error.stack).toBeDefined();
    // The first line names the first error: error trackers group errors by it.
    expect(error.message.split("\n")[0]).toBe("R0301: `a` is declared twice");
    expect(reckonError(() => Engine.fromString("fact a = 1\nfact a = 2\nfact a = 3")).message.split("\n")[0]).toBe("R0301: `a` is declared twice (and 1 more error)");
    expect(error.message).toContain("error[R0301]: `a` is declared twice");
    expect(error.diagnostics[0]!.related?.[0]?.location).toMatchObject({ file: "spec.reckon", line: 1 });
  });
});

describe("arguments of the wrong kind, from callers without TypeScript", () => {
  it("are a TypeError that names the argument, before anything changes", () => {
    const engine = Engine.fromString("fact a = 1\nfigure b = a * 2 published 2\n");
    const cases: [() => unknown, string][] = [
      [() => engine.setFact(undefined as unknown as string, "1"), "the fact's name must be a string, not undefined"],
      [() => engine.value(undefined as unknown as string), "the figure's name must be a string, not undefined"],
      [() => engine.figure(7 as unknown as string), "the figure's name must be a string, not a number (7)"],
      [() => engine.setFact("a", "2", 0 as unknown as string), "the unit must be a string, not a number (0)"],
      [() => reckon.evaluate(42 as unknown as string), "the expression must be a string, not a number (42)"],
      [() => Engine.load(undefined as unknown as string), "Engine.load takes a spec's path, or an array of paths, not undefined"],
      [() => Engine.load([]), "Engine.load takes at least one spec's path; the array of paths is empty"],
      [() => Engine.load("x.reckon", { factFiles: "a.json" as unknown as string[] }), 'factFiles must be an array of strings, not a string ("a.json"): for one fact file, write factFiles: [path]'],
      [() => engine.subscribe(42 as unknown as () => void), "the listener must be a function, not a number (42)"],
      [() => engine.explain("b", { depth: "2" as unknown as number }), 'depth must be a number, not a string ("2")'],
      [() => engine.check({ lawRuns: "5" as unknown as number }), 'lawRuns must be a whole number from 0 to 100000, not a string ("5")'],
      [() => engine.loadFacts({} as unknown as string, "f.csv"), "the facts' text must be a string, not an object"],
      [() => Engine.load("x.reckon", { host: {} as unknown as reckon.SpecHost }), "host must be a SpecHost, an object with functions resolve(specifier, from) and read(key), not an object"],
      [() => Engine.fromString("fact a = 1", { imports: "x" as unknown as reckon.SpecHost }), 'imports must be an object of specs\' texts by path, or a SpecHost, not a string ("x")'],
    ];
    for (const [call, message] of cases) expect(call, message).toThrow(new TypeError(message));
    expect(str(engine.value("a"))).toBe("1");
  });

  it("a spec host whose read is async is told that it must be synchronous", () => {
    const host = { resolve: (specifier: string) => specifier, read: async () => "fact z = 1" };
    const error = reckonError(() => Engine.fromString('import "x.reckon"\nfact a = 1', { imports: host as unknown as reckon.SpecHost }));
    expect(error.diagnostics[0]!.message).toBe("cannot read spec `x.reckon`: the spec host gave a Promise, not its text");
    expect(error.diagnostics[0]!.hint).toBe("a SpecHost's read is synchronous: read the specs first, then give them in a map or a host that returns text");
  });

  it("renderExplainText takes its options as every other options bag: they may be left out", () => {
    const engine = Engine.fromString("fact a = 1\nfigure b = a * 2 published 2\n");
    expect(reckon.renderExplainText(engine.explain("b")).split("\n")[0]).toBe("b = 2  ✓ exact");
  });
});

describe("check's diagnostics", () => {
  it("hold the spec's compile warnings too, as `reckon check --format json` does", () => {
    const engine = Engine.fromString('import "lib.reckon"\nfigure f = x * 2 published 2\n', { imports: { "lib.reckon": 'report "lib"\nfact x = 1\n' } });
    expect(engine.warnings.map((w) => w.code)).toEqual(["R0303"]);
    expect(engine.check({ lawRuns: 0 }).diagnostics.map((d) => [d.severity, d.code])).toEqual([["warning", "R0303"]]);
  });
});
