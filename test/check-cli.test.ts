import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkOutputSchema } from "../src/index";
import { decimal } from "../src/numbers/exact";
import { cli, temporaryDirectory } from "./helpers";

const repo = path.join(import.meta.dirname, "..");
const specs = path.join(repo, "specs");
const reportSpec = path.join(specs, "2024", "urumqi-cast.reckon");

/** A copy of specs/ in a temporary directory, so a test can change it. */
function copyOfSpecs(): { dir: string; spec: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "reckon-check-"));
  cpSync(specs, path.join(dir, "specs"), { recursive: true });
  return { dir, spec: path.join(dir, "specs", "2024", "urumqi-cast.reckon") };
}

/** A spec file of the given text in a new temporary directory. */
function specFile(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "reckon-check-")), name);
  writeFileSync(file, text);
  return file;
}

function json(stdout: string) {
  return checkOutputSchema.parse(JSON.parse(stdout));
}

describe("reckon check specs: the 2024 report", () => {
  const text = cli("check", specs);
  const result = json(cli("check", "--format", "json", specs).stdout);

  it("exits 0: no mismatch and no stale declaration", () => {
    expect(text.code).toBe(0);
    expect(result.summary.mismatch).toBe(0);
    expect(result.summary.stale).toBe(0);
  });

  it("checks every published figure: exact, within rounding, or a declared inconsistency", () => {
    expect(result.summary.total).toBe(result.figures.length);
    expect(result.summary.total).toBeGreaterThanOrEqual(300);
    expect(result.summary.exact + result.summary.withinRounding + result.summary.knownInconsistency).toBe(result.summary.total);
    expect(result.figures.every((f) => f.report === "乌鲁木齐市科学技术协会 2024年度部门决算")).toBe(true);
  });

  it("reports the report's disagreements with itself as known inconsistencies, each with its arithmetic", () => {
    const known = result.figures.filter((f) => f.status === "known-inconsistency");
    expect(known.map((f) => f.name).sort()).toEqual(
      [
        "财政拨款.年初预算数",
        "项目.科普经费.当年财政拨款.全年执行数",
        "项目.老科协.预期目标.受益群体满意度",
        "项目.自治区基层.实际完成.奖补科普教育基地",
        "项目.自治区基层.当年财政拨款.全年执行数",
        "项目.自治区基层.预期目标.科普视频或创作作品",
        "项目.物业管理费_科普服务中心.第二份.成本.保安月服务费.得分",
        "项目.物业管理费_科普服务中心.第二份.效益.确保职工人身安全.得分",
        "项目.物业管理费_科普服务中心.实际完成.年服务费",
      ].sort(),
    );
    for (const figure of known) expect(figure.reason).toMatch(/\d.*[=+×\/−-].*\d/);
  });

  it("gives the interval of a figure that is only consistent within the rounding of its inputs", () => {
    const within = result.figures.filter((f) => f.status === "within-rounding");
    expect(within.length).toBeGreaterThan(0);
    for (const figure of within) {
      expect(figure.interval).toBeDefined();
      expect(Number(figure.interval!.low) <= Number(figure.published) + 0.01).toBe(true);
    }
  });

  it("prints one line per figure, grouped under the report's sections, and the counts", () => {
    expect(text.stdout).toContain("第二部分 二、收入决算情况说明");
    expect(text.stdout).toMatch(/✓ 收入\.其他收入\.占比\s+0\.0007%\s+exact/);
    expect(text.stdout).toMatch(/≈ .*within rounding: computed .*, inputs' rounding allows/);
    expect(text.stdout).toMatch(/\d+ published figures: \d+ exact, \d+ within rounding, 9 known inconsistencies, 0 mismatches\n$/);
    expect(text.stdout).not.toMatch(/\u001b\[/); // no colours when not on a terminal
  });

  it("names the spec file and line of every figure, and gives values as decimal strings", () => {
    const figure = result.figures.find((f) => f.name === "收入.其他收入.占比")!;
    expect(figure).toMatchObject({ published: "0.0007", unit: "%", decimals: 4, rounded: "0.0007", status: "exact" });
    expect(figure.computed).toBe("0.0007338587762171047803560682782205392");
    expect(figure.file).toMatch(/specs\/2024\/urumqi-cast\.reckon$/);
    expect(readFileSync(reportSpec, "utf8").split("\n")[figure.line - 1]).toContain("其他收入.占比 = share(");
  });

  it("checks a single spec file as well as a directory", () => {
    expect(json(cli("check", "--format", "json", reportSpec).stdout).summary).toEqual(result.summary);
  });
});

describe("reckon check finds what does not reproduce", () => {
  it("a copy of the spec with one published value changed exits 1 and names the figure, both values and the line", () => {
    const { spec } = copyOfSpecs();
    const lines = readFileSync(spec, "utf8").split("\n");
    const index = lines.findIndex((l) => /figure 行政运行\.增长 = .*published 2\.96%/.test(l));
    expect(index).toBeGreaterThan(0);
    lines[index] = lines[index]!.replace("published 2.96%", "published 2.97%");
    writeFileSync(spec, lines.join("\n"));
    const run = cli("check", spec);
    expect(run.code).toBe(1);
    const line = run.stdout.split("\n").find((l) => l.includes("✗"))!;
    expect(line).toContain("行政运行.增长");
    expect(line).toContain("2.97%");
    expect(line).toMatch(/MISMATCH: computed 2\.96\d{6}…%, rounds to 2\.96%, differs by -0\.00\d{6}…%, inputs' rounding allows \(2\.9604%, 2\.9633%\)/);
    expect(line).toContain(`urumqi-cast.reckon:${index + 1}:`);
    expect(run.stdout).toMatch(/1 mismatch\n$/);
    const figure = json(cli("check", "--format", "json", spec).stdout).figures.find((f) => f.status === "mismatch")!;
    expect(figure).toMatchObject({ published: "2.97", rounded: "2.96", line: index + 1 });
  });

  it("a declared inconsistency whose figure reproduces is reported as stale, and check exits 1", () => {
    const { spec } = copyOfSpecs();
    writeFileSync(spec, `${readFileSync(spec, "utf8")}\nknown 收入.其他收入.占比 "no longer true"\n`);
    const run = cli("check", spec);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✗ stale known-inconsistency: 收入.其他收入.占比 reproduces (exactly); remove the declaration");
    expect(run.stdout).toContain('"no longer true"');
    const output = json(cli("check", "--format", "json", spec).stdout);
    expect(output.stale).toEqual([{ figure: "收入.其他收入.占比", status: "exact", reason: "no longer true", file: expect.stringMatching(/urumqi-cast\.reckon$/), line: expect.any(Number) }]);
    expect(output.summary.stale).toBe(1);
  });

  it("a known inconsistency excuses only the value it says its formula computes: a changed input makes it a mismatch again", () => {
    // Next year's spec, copied with last year's `known`: the table's 本级资金 budget and total
    // change, the printed 1,632.62 of 四 is left behind, and the old reason (a gap of 0.01) no
    // longer applies.
    const { spec } = copyOfSpecs();
    const original = readFileSync(spec, "utf8");
    expect(original).toMatch(/^known 财政拨款\.年初预算数 computes 1,632\.63 万元 "/m);
    const copied = original
      .replace("fact 本级资金.年初预算数 = 1,112.98 万元", "fact 本级资金.年初预算数 = 1,200.00 万元")
      .replace(/(figure 年度总资金\.年初预算数 = .* published )1,632\.63 万元/, "$11,719.65 万元");
    expect(copied).toContain("published 1,719.65 万元");
    writeFileSync(spec, copied);
    const run = cli("check", spec);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ 财政拨款\.年初预算数 +1,632\.62 万元 +MISMATCH: computed 1,719\.65 万元, differs .*its `known` declaration says it computes 1,632\.63 万元: the inconsistency is not the one declared/);
    const output = json(cli("check", "--format", "json", spec).stdout);
    expect(output.figures.find((f) => f.name === "财政拨款.年初预算数")).toMatchObject({ status: "mismatch", knownComputes: "1632.63", rounded: "1719.65" });
  });

  it("`computes` is compared as the figure is rounded: 2.234 for a figure printed to two decimals is 2.23", () => {
    const file = specFile("k.reckon", 'fact a = 1.234 exact\nfigure x = a + 1 published 3.00\nknown x computes 2.234 "computed at full precision"\n');
    expect(cli("check", file)).toMatchObject({ code: 0 });
    writeFileSync(file, 'fact a = 1.244 exact\nfigure x = a + 1 published 3.00\nknown x computes 2.234 "computed at full precision"\n');
    const changed = cli("check", file);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain("its `known` declaration says it computes 2.234:");
  });

  it("a known inconsistency without `computes` still excuses its figure, with a warning that gives the declaration to write", () => {
    const { spec } = copyOfSpecs();
    writeFileSync(spec, readFileSync(spec, "utf8").replace(/^known 财政拨款\.年初预算数 computes 1,632\.63 万元 /m, "known 财政拨款.年初预算数 "));
    const run = cli("check", spec);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("! 财政拨款.年初预算数");
    expect(run.stderr).toContain("warning[R0607]: the known inconsistency of `财政拨款.年初预算数` does not say what its formula computes");
    expect(run.stderr).toContain('= hint: write `known 财政拨款.年初预算数 computes 1,632.63 万元 "…"`');
    expect(run.stderr).toMatch(/\n *\| *\^+ computes 1,632\.63 万元 now\n/);
  });

  it("removing a known declaration turns its figure back into a mismatch", () => {
    const { spec } = copyOfSpecs();
    writeFileSync(spec, readFileSync(spec, "utf8").replace(/^known 财政拨款\.年初预算数 .*$/m, ""));
    const run = cli("check", "--format", "json", spec);
    expect(run.code).toBe(1);
    expect(json(run.stdout).figures.filter((f) => f.status === "mismatch").map((f) => f.name)).toEqual(["财政拨款.年初预算数"]);
  });
});

describe("a fact given in 元 where the report prints 万元", () => {
  it("is named on the mismatches it explains, when it is the one fact that does", () => {
    const { spec } = copyOfSpecs();
    writeFileSync(spec, readFileSync(spec, "utf8").replace("fact 项目支出 = 318.80 万元", "fact 项目支出 = 318.80 元"));
    const run = cli("check", spec, "--law-runs", "0");
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n").filter((line) => line.includes("✗"));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toContain("`支出.项目支出` is given as 318.80 元, and read in 万元 it reproduces the figure: is its unit 万元?");
    const output = json(cli("check", "--format", "json", "--law-runs", "0", spec).stdout);
    expect(output.figures.find((f) => f.name === "支出.本年支出合计")?.unitSlip).toEqual({ fact: "支出.项目支出", given: "318.80 元", meant: "万元" });
  });

  it("never stops the check: a slip that turns an if to a branch whose fact has no value is no hint, not an error", () => {
    const file = specFile("c.reckon", 'report "t" year 2024\nfact a = 10.00 万元\nfact c in 万元\nfigure t = if a > 5 万元 then a + 1 万元 else c + 1 万元 published 12.00 万元\n');
    const run = cli("check", file, "--law-runs", "0");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✗ t");
    expect(run.stderr).not.toContain("internal error");
  });

  it("is not named when the mismatch is of another kind", () => {
    const { spec } = copyOfSpecs();
    writeFileSync(spec, readFileSync(spec, "utf8").replace("fact 项目支出 = 318.80 万元", "fact 项目支出 = 318.90 万元"));
    const run = cli("check", spec, "--law-runs", "0");
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain("is its unit");
  });
});

describe("several reports at once", () => {
  it("each report ends with its own summary, and a last line adds them up", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "reckon-reports-"));
    writeFileSync(path.join(dir, "a.reckon"), 'report "A" year 2024\nfact x = 1 exact\nfigure y = x + 1 published 2\n');
    writeFileSync(path.join(dir, "b.reckon"), 'report "B" year 2024\nfact x = 1 exact\nfigure y = x + 1 published 3\n');
    const run = cli("check", dir);
    expect(run.code).toBe(1);
    const summaries = run.stdout.split("\n").filter((line) => /published figures?:/.test(line));
    expect(summaries).toEqual([
      "1 published figure: 1 exact, 0 within rounding, 0 known inconsistencies, 0 mismatches",
      "1 published figure: 0 exact, 0 within rounding, 0 known inconsistencies, 1 mismatch",
      "all reports: 2 published figures: 1 exact, 0 within rounding, 0 known inconsistencies, 1 mismatch",
    ]);
  });

  it("a report with errors is named among the others on stdout, and counted in the last line", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "reckon-reports-"));
    writeFileSync(path.join(dir, "a.reckon"), 'report "A" year 2024\nfact x = 1 exact\nfigure y = x + 1 published 2\n');
    writeFileSync(path.join(dir, "b.reckon"), 'report "B" year 2024\nfact x = 1 exact\nfigure y = xx + 1 published 2\n');
    const run = cli("check", dir, "--law-runs", "0");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error[R0314]");
    expect(run.stdout).toContain(`${path.join(dir, "b.reckon")}  not checked: it has errors (see them above)\n`);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("all reports: 1 published figure: 1 exact, 0 within rounding, 0 known inconsistencies, 0 mismatches; 1 report not checked");
  });
});

describe("a figure printed -0.00", () => {
  // c = -0.001 prints -0.00; d = 0.001 prints 0.00, but its inputs' rounding allows a value below
  // zero; e = 0 exactly is never printed with a minus sign.
  const spec = "fact a = 1.00\nfact b = 0.999\nfigure c = b - a published -0.00\nfigure d = a - b published -0.00\nfigure e = a - a published -0.00\n";

  it("is exact for a value below zero that rounds to zero, and a mismatch for zero itself", () => {
    const file = specFile("minus-zero.reckon", spec);
    const text = cli("check", file);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/✓ c {2}-0\.00 {2}exact\n/);
    expect(text.stdout).toMatch(/≈ d {2}-0\.00 {2}within rounding: computed 0\.001, inputs' rounding allows \(-0\.0045, 0\.0065\)\n/);
    expect(text.stdout).toContain("✗ e  -0.00  MISMATCH: computed 0.00, not below zero, as the printed minus sign says, inputs' rounding allows [0.00, 0.00]");
    const figures = json(cli("check", file, "--format", "json").stdout).figures;
    expect(figures.map((f) => [f.name, f.published, f.status])).toEqual([
      ["c", "-0.00", "exact"],
      ["d", "-0.00", "within-rounding"],
      ["e", "-0.00", "mismatch"],
    ]);
  });

  it("explain says the printed -0.00 stands for the values below zero that round to it", () => {
    const explained = cli("explain", specFile("minus-zero.reckon", spec), "e").stdout;
    expect(explained).toContain("value    0.00 (no rounding needed at 2 decimals), not below zero, as the printed minus sign says\n");
    expect(explained).toContain("the printed -0.00 stands for (-0.005, 0.00), which this range misses\n");
    // A value below zero that rounds away from it: the printed value keeps its sign.
    const below = cli("explain", specFile("minus-zero-below.reckon", "fact c = 0.006 万元 exact\nfigure e = c * -1 published -0.00 万元\n"), "e").stdout;
    expect(below).toContain("value    -0.006 万元 → -0.01 万元 (half up, 2 decimals), not the printed -0.00 万元: below it by 0.006 万元\n");
  });

  it("keeps its minus sign through fmt", () => {
    const file = specFile("minus-zero.reckon", spec);
    expect(cli("fmt", file).code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(spec);
  });
});

describe("what a mismatch is likely to be", () => {
  const spec = [
    "fact a = 1,000.00 万元",
    "fact b = 415.26 万元",
    "figure 总计 = a + b published 1,415.26 元",
    "figure 占比 = b / 总计 published 29.34%",
    "figure 下降 = (a - b) / a published -58.47%",
    "figure 率 = b / a published 41.5300%",
    "figure 率2 = b / a published 41.53",
    "",
  ].join("\n");

  it("names the slip in the printed value: its unit, its sign, its decimals or its %", () => {
    const { stdout } = cli("check", specFile("slips.reckon", spec), "--law-runs", "0");
    const line = (name: string) => stdout.split("\n").find((l) => l.startsWith(`  ✗ ${name} `))!;
    expect(line("总计")).toContain("; in 万元 it computes the printed number: is it printed in 万元?");
    expect(line("下降")).toContain("; the printed value is the computed one with its sign turned round: does the report say 增长 where the spec says 下降, or 增加 where it says 减少 (or the other way round)?");
    expect(line("率")).toContain("; rounded to 2 decimals it is the printed value: is it printed with 2, not 4?");
    expect(line("率2")).toContain("; the printed value is 100 × the computed one: is its % missing?");
  });

  it("a figure computed from a mismatch names it first, before a fact in the wrong unit that fits too", () => {
    const file = specFile("slips.reckon", spec);
    expect(cli("check", file, "--law-runs", "0").stdout).toContain("; it reads `总计` as printed, itself a mismatch: check that first");
    const share = json(cli("check", file, "--law-runs", "0", "--format", "json").stdout).figures.find((f) => f.name === "占比")!;
    expect(share.mismatchedInputs).toEqual(["总计"]);
    // Here by chance: 总计 is printed in 元, and b read in 元 makes up for it.
    expect(share.unitSlip).toEqual({ fact: "b", given: "415.26 万元", meant: "元" });
    const t2 = "fact a = 100.00 万元\nfact b = 50.00 万元\nfigure t1 = a + b published 151.00 万元\nfact c = 20.00 元\nfigure t2 = t1 + c published 171.00 万元\n";
    const line = cli("check", specFile("real-slip.reckon", t2), "--law-runs", "0").stdout.split("\n").find((l) => l.includes("✗ t2"))!;
    expect(line).toContain("; it reads `t1` as printed, itself a mismatch: check that first; `c` is given as 20.00 元, and read in 万元 it reproduces the figure: is its unit 万元?");
  });
});

describe("what a mismatch is not", () => {
  it("a real difference ending in 0, a printed 0 and a -0.00 that is not below zero get no slip hint", () => {
    const text = [
      "fact a = 1,000.00 万元",
      "fact b = 362.63 万元",
      "figure s = a + b published 1,362.60 万元",
      "fact n = 3 人",
      "figure t = n * 0.1 published 0.00 人",
      "fact y = 30.00 元 exact",
      "figure u = y published 0 元",
      "fact c = 0.001 万元 exact",
      "figure e = c published -0.00 万元",
      "fact d = 0.30 万元 exact",
      "figure z = d published 0.00 万元",
      "fact done = 99.60 万元",
      "fact plan = 100.00 万元",
      "figure rate = done / plan published 100.00%",
      "",
    ].join("\n");
    const lines = cli("check", specFile("no-slips.reckon", text), "--law-runs", "0").stdout.split("\n").filter((l) => l.includes("✗"));
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(line).not.toMatch(/decimals? it is|in 万元 it computes|in 元 it|is its unit|% missing|sign turned/);
  });

  it("a sign turned round is named before a fact in another unit that fits by chance", () => {
    const text = "section s {\n  fact a = 1.00 万元\n  fact b = 2.00 万元\n  figure i = a - b published 1.00 万元\n}\n";
    const line = cli("check", specFile("sign.reckon", text), "--law-runs", "0").stdout.split("\n").find((l) => l.includes("✗"))!;
    expect(line).toContain("the printed value is the computed one with its sign turned round");
    expect(line).not.toContain("is its unit");
  });

  it("a figure that reads a mismatch through computed() is not told the mismatch is its cause", () => {
    const text = "fact a = 1.00 万元\nfact b = 2.00 万元\nfigure A = a + b published 4.00 万元\nfigure B = computed(A) * 2 published 7.00 万元\nfigure C = A * 2 published 6.00 万元\n";
    const figures = json(cli("check", specFile("through-computed.reckon", text), "--law-runs", "0", "--format", "json").stdout).figures;
    expect(figures.map((f) => [f.name, f.status, f.mismatchedInputs ?? []])).toEqual([
      ["A", "mismatch", []],
      ["B", "mismatch", []],
      ["C", "mismatch", ["A"]],
    ]);
  });
});

describe("a spec with nothing to check", () => {
  it("an empty spec, or one of facts and formulas only, is warned about; a library with laws is not", () => {
    for (const text of ["", "fact a = 1\nformula b = a + 1\n"]) {
      const result = cli("check", specFile("nothing.reckon", text));
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/^warning\[R0608\]: nothing to check: `.*nothing\.reckon` publishes no figure and states no law\n --> .*nothing\.reckon:1:1\n/);
    }
    expect(cli("check", path.join(specs, "std", "final-accounts.reckon"), "--law-runs", "1").stderr).toBe("");
  });
});

describe("published figures in a file that no report checks", () => {
  const scratch = temporaryDirectory("unchecked");

  it("are warned about when a directory is checked: a file with no report header that no report checked imports", () => {
    scratch.write("parts/report.reckon", 'import "imported.reckon"\nreport "r"\nfigure c = b + 1 published 3\n');
    scratch.write("parts/imported.reckon", "fact a = 1\nfigure b = a * 2 published 2\n");
    scratch.write("parts/sub/forgotten.reckon", "fact x = 1\nfigure y = x * 2 published 2\n");
    scratch.write("parts/sub/library.reckon", "function twice(x) = x * 2\n");
    const run = cli("check", scratch.path("parts"), "--law-runs", "0");
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^warning\[R0609\]: the published figures of `.*forgotten\.reckon` are not checked: it has no report header, and no report checked imports it\n --> .*forgotten\.reckon:2:18\n/);
    expect(run.stderr).toContain('= hint: give it a header to check it as a report (report "…" year 2024), or import it from the report it belongs to');
    expect(run.stderr.match(/R0609/g)).toHaveLength(1);
    const output = json(cli("check", scratch.path("parts"), "--law-runs", "0", "--format", "json").stdout);
    expect(output.diagnostics.map((d) => d.code)).toEqual(["R0609"]);
  });

  it("are named in the hint when a directory has no report at all", () => {
    scratch.write("only-parts/a.reckon", "fact x = 1\nfigure y = x published 1\n");
    expect(cli("check", scratch.path("only-parts")).stderr).toMatch(/; a file there publishes figures but has none: check the report that imports it, or give the report its header\n$/);
  });
});

describe("a published figure that cannot be evaluated", () => {
  it("is an error, and the summary counts it as not checked instead of leaving it out", () => {
    const file = specFile("z.reckon", "fact a = 10 万元\nfact n = 0 人\nfigure per = a / n published 2.00 万元/人\nfigure q = a * 2 published 20.00 万元\n");
    const run = cli("check", file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error[R0601]");
    expect(run.stdout).toMatch(/\n2 published figures: 1 exact, 0 within rounding, 0 known inconsistencies, 0 mismatches, 1 not checked \(cannot be evaluated: see the error above\)\n$/);
  });
});

describe("the interval a within-rounding figure's inputs allow, as text", () => {
  it("is rounded outwards, never to an empty interval", () => {
    const file = specFile("b.reckon", "fact a = 13,650 元\nfigure c = a published 1.36 万元\n");
    const run = cli("check", file);
    expect(run.code).toBe(0);
    // The inputs allow [1.36495, 1.36505) 万元 (JSON gives it whole); shown to 4 decimals, outwards.
    expect(run.stdout).toContain("within rounding: computed 1.365 万元, inputs' rounding allows (1.3649, 1.3651) 万元");
    expect(json(cli("check", "--format", "json", file).stdout).figures[0]!.interval).toEqual({ low: "1.36495", high: "1.36505", lowOpen: false, highOpen: true });
  });
});

describe("the interval of a quotient", () => {
  it("is a point when its inputs are exact and the quotient is exact (it was widened as if 100% ÷ 100% were not 1)", () => {
    const file = specFile("q.reckon", "fact g = 100% exact\nfact w = 20 exact\nfigure h = w * min(g / g, 1) published 19.99\n");
    const figure = json(cli("check", "--format", "json", "--law-runs", "0", file).stdout).figures[0]!;
    expect(figure.status).toBe("mismatch");
    expect(figure.interval).toEqual({ low: "20", high: "20", lowOpen: false, highOpen: false });
  });

  it("is widened where the quotient is cut to 34 digits, and still holds the true value", () => {
    const file = specFile("r.reckon", "fact a = 1 exact\nfact b = 3 exact\nfigure r = a / b published 0.34\n");
    const { low, high } = json(cli("check", "--format", "json", "--law-runs", "0", file).stdout).figures[0]!.interval!;
    expect(decimal(low).times(3).lessThan(1) && decimal(high).times(3).greaterThan(1)).toBe(true);
  });
});

describe("a share printed without its %", () => {
  it("is a mismatch whose line asks whether the % is missing", () => {
    const file = specFile("p.reckon", "fact a = 42\nfact b = 1,000\nfigure s = a / b published 4.2\nfigure t = a / b published 4.20%\n");
    const run = cli("check", file, "--law-runs", "0");
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("the printed value is 100 × the computed one: is its % missing?");
    expect(run.stdout.match(/is its % missing/g)).toHaveLength(1);
  });

  it("rounds the hundredfold value as the figure is rounded", () => {
    // 100 × 0.042459 = 4.2459: cut down, 4.24; half up, 4.25.
    const file = specFile("d.reckon", "fact a = 0.042459 exact\nfigure r = a published 4.24 rounding down\nfigure s = a published 4.24\n");
    const run = cli("check", file, "--law-runs", "0");
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    expect(lines.find((line) => line.includes(" r "))).toContain("is its % missing?");
    expect(lines.find((line) => line.includes(" s "))).not.toContain("is its % missing?");
  });
});

describe("a long chain of quotients", () => {
  it("keeps its interval to 50 digits, rounded outwards: a product of 14 ratios from true values is within rounding (its exact interval ran past the digit limit and was a mismatch)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "reckon-digits-"));
    const file = path.join(dir, "d.reckon");
    const facts = Array.from({ length: 14 }, (_, i) => `fact a${i} = ${100 + i}.00\nfact b${i} = ${97 + i}.00`);
    writeFileSync(file, `${facts.join("\n")}\nfigure F = ${Array.from({ length: 14 }, (_, i) => `(a${i} / b${i})`).join(" * ")} published 1.4943\n`);
    const run = cli("check", file, "--law-runs", "0");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/≈ F\s+1\.4943\s+within rounding: computed 1\.4927/);
  });
});

describe("check --format json of a spec with errors", () => {
  it("prints the errors as data beside the (empty) results, counted in summary.errors, and exits 2", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "reckon-json-errors-"));
    const good = path.join(dir, "good.reckon");
    const bad = path.join(dir, "bad.reckon");
    writeFileSync(good, "figure f = 1 + 1 published 2\n");
    writeFileSync(bad, "fact a = 1 人\nfigure f = a + 1 万元 published 2 人\n");
    const run = cli("check", "--format", "json", good, bad);
    expect(run.code).toBe(2);
    const output = json(run.stdout);
    expect(output.summary).toMatchObject({ exact: 1, total: 1, errors: 1 });
    expect(output.diagnostics).toHaveLength(1);
    expect(output.diagnostics[0]).toMatchObject({ severity: "error", code: "R0506", location: { file: bad, line: 2, column: 14 } });
    expect(output.diagnostics[0]!.text).toContain("^");
  });
});

describe("rounding modes", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "reckon-rounding-"));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it.each([
    ["half_up", "", "mismatch", 1],
    ["half_even (report)", " rounding half_even", "exact", 0],
    ["down (report)", " rounding down", "exact", 0],
  ])("0.125 published as 0.12 under %s", (_label, clause, status, code) => {
    const file = write(`r-${code}-${status}.reckon`, `report "r"${clause}\nfigure f = 0.125 * 1 published 0.12\n`);
    const run = cli("check", "--format", "json", file);
    expect(run.code).toBe(code);
    expect(json(run.stdout).figures[0]!.status).toBe(status);
  });

  it("a figure can name its own rounding, overriding the report's", () => {
    const file = write("own.reckon", 'report "r"\nfigure f = 0.125 * 1 published 0.12 rounding half_even\nfigure g = 0.125 * 1 published 0.13\n');
    const figures = json(cli("check", "--format", "json", file).stdout).figures;
    expect(figures.map((f) => [f.name, f.status, f.rounding])).toEqual([
      ["f", "exact", "half_even"],
      ["g", "exact", "half_up"],
    ]);
  });

  it("half up rounds a negative tie away from zero, and the within-rounding check uses the same mode", () => {
    const file = write("neg.reckon", 'report "r"\nfigure f = -0.125 * 1 published -0.13\nfact a = 0.12\nfigure g = a * 1 published 0.12 rounding down\n');
    expect(json(cli("check", "--format", "json", file).stdout).figures.map((f) => f.status)).toEqual(["exact", "exact"]);
  });

  it("a sum of rounded parts is within rounding of its printed total, with the interval", () => {
    const file = write("sum.reckon", 'report "r"\nfact a = 0.01\nfact b = 0.01\nfact c = 0.01\nfigure t = a + b + c published 0.04\nfigure u = a + b + c published 0.05\n');
    const run = cli("check", "--format", "json", file);
    const [t, u] = json(run.stdout).figures;
    expect(t).toMatchObject({ status: "within-rounding", interval: { low: "0.015", high: "0.045", lowOpen: false, highOpen: true } });
    expect(u!.status).toBe("mismatch");
    expect(run.code).toBe(1);
  });
});

describe("reckon check: usage and spec errors", () => {
  it("a directory without a report spec exits 2", () => {
    const run = cli("check", path.join(specs, "std"));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no report spec in");
  });

  it("a spec with errors exits 2 with its diagnostics", () => {
    const { spec } = copyOfSpecs();
    writeFileSync(spec, `${readFileSync(spec, "utf8")}\nknown 收入.没有 "x"\n`);
    const run = cli("check", spec);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error[R0305]: `收入.没有` is not a published figure");
  });

  it("a missing path exits 2", () => {
    expect(cli("check", "no/such/dir").code).toBe(2);
  });
});
