import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import stringWidth from "string-width";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import packageJson from "../package.json";
import { caretsLineUp, cli } from "./helpers";

describe("reckon eval EXPRESSION", () => {
  it("adds decimals exactly: 0.1 + 0.2 prints 0.3", () => {
    expect(cli("eval", "0.1 + 0.2")).toEqual({ code: 0, stdout: "0.3\n", stderr: "" });
  });

  it("prints the change of a printed figure in percent with every quotient digit and no float noise", () => {
    const result = cli("eval", "(1,362.65 - 1,632.62) / 1,632.62 * 100");
    expect(result).toEqual({ code: 0, stdout: "-16.53599735394641741495265279121902\n", stderr: "" });
  });

  it.each([
    ["1 万元 + 1 元", "1.0001 万元\n"],
    ["2716.67 元/人/月 * 12 人 * 12 月 as 万元", "39.120048 万元\n"],
    ["0.5 as %", "50%\n"],
    ["1 / 3", "0.3333333333333333333333333333333333\n"],
    ["1 > 2", "false\n"],
    ["round(2.345, 2)", "2.35\n"],
  ])("prints %s as %j", (expression, printed) => {
    expect(cli("eval", expression)).toEqual({ code: 0, stdout: printed, stderr: "" });
  });

  it("accepts an expression that starts with a minus sign after --", () => {
    expect(cli("eval", "--", "-5.25 * 2")).toEqual({ code: 0, stdout: "-10.5\n", stderr: "" });
  });

  it("explains how to pass an expression that starts with a minus sign", () => {
    const result = cli("eval", "-5");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "error: unknown option '-5'\n" +
        '  = hint: to pass an expression that starts with a minus sign, put `--` before it: reckon eval -- "-5"\n',
    );
  });
});

describe("reckon eval with a unit error", () => {
  const result = cli("eval", "1 万元 + 1 人");
  const lines = result.stderr.split("\n");

  it("exits 2 and prints nothing on stdout", () => {
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
  });

  it("names both units and the place of the operator", () => {
    expect(lines[0]).toBe("error[R0506]: cannot add 万元 and 人");
    expect(lines[1]).toBe(" --> <expression>:1:6");
  });

  it("prints the whole diagnostic with the error count", () => {
    expect(result.stderr).toBe(
      [
        "error[R0506]: cannot add 万元 and 人",
        " --> <expression>:1:6",
        "  |",
        "1 | 1 万元 + 1 人",
        "  |        ^ 万元 on the left, 人 on the right",
        "  = hint: only values of the same kind can be added, subtracted or compared; 元, 万元 and 亿元 convert exactly",
        "1 error",
        "",
      ].join("\n"),
    );
  });

  it("puts the caret under the + in terminal cells, counting each CJK character as two", () => {
    const source = lines[3]!;
    const carets = lines[4]!;
    expect(source.startsWith("1 | ")).toBe(true);
    // "1 | 1 万元 " is 1+3+1+1+2+2+1 = 11 cells wide; the caret is the 12th cell, under the +.
    expect(stringWidth(source.slice(0, source.indexOf("+")))).toBe(11);
    expect(stringWidth(carets.slice(0, carets.indexOf("^")))).toBe(11);
    expect(caretsLineUp(result.stderr)).toBe(true);
  });
});

describe("reckon --format json eval", () => {
  it("prints the value as exact decimal text with its unit", () => {
    const result = cli("--format", "json", "eval", "1 万元 + 1 元");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ value: "1.0001", unit: "万元", quotientDigits: 34 });
  });

  it("accepts --format=json after the command and keeps compound units", () => {
    const result = cli("eval", "--format=json", "2716.67 元/人/月 * 12 人");
    expect(JSON.parse(result.stdout)).toEqual({ value: "32600.04", unit: "元/月", quotientDigits: 34 });
  });

  it("prints a plain number with an empty unit and a condition as a JSON boolean", () => {
    expect(JSON.parse(cli("--format", "json", "eval", "0.1 + 0.2").stdout)).toEqual({ value: "0.3", unit: "", quotientDigits: 34 });
    expect(JSON.parse(cli("--format", "json", "eval", "1 < 2").stdout)).toEqual({ value: true, unit: "", quotientDigits: 34 });
  });

  it("writes JSON when the expression has errors too: its diagnostics, as check's JSON gives them", () => {
    const run = cli("eval", "--format", "json", "1 人 + 1 元");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error[R0506]: cannot add 人 and 元");
    const output = JSON.parse(run.stdout) as { value?: unknown; diagnostics: { code: string; location: { line: number; column: number }; text: string }[] };
    expect(output.value).toBeUndefined();
    expect(output.diagnostics.map((d) => [d.code, d.location.line, d.location.column])).toEqual([["R0506", 1, 5]]);
    expect(output.diagnostics[0]!.text).toMatch(/^error\[R0506\]/);
  });

  it("refuses a format it does not know", () => {
    const result = cli("--format", "xml", "eval", "1");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^error: unknown format `xml`\n {2}= hint: use --format text.*json.*\n$/);
  });

  it("refuses the markdown format, which only explain writes", () => {
    expect(cli("--format", "markdown", "eval", "1")).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: --format markdown is for explain\n  = hint: use --format text or --format json\n",
    });
  });
});

describe("reckon help, version and usage errors", () => {
  it("prints the usage for --help, -h and help, and exits 0", () => {
    for (const argv of [["--help"], ["-h"], ["help"]]) {
      const result = cli(...argv);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe("");
      expect(result.stdout).toContain(`reckon ${packageJson.version}: exact formulas over the figures of public reports`);
      expect(result.stdout).toContain('reckon eval "EXPRESSION"            evaluate an expression exactly');
      expect(result.stdout).toContain("reckon eval SPEC NAME|\"EXPRESSION\"  evaluate a figure, or an expression over a spec's figures");
      expect(result.stdout).toMatch(/\n {2}--format /);
      expect(result.stdout).toContain("-h, --help");
      expect(result.stdout).toContain("-v, --version");
      expect(result.stdout).toContain("exit codes: 0 success, 1 findings, 2 a user error (diagnostics on stderr), 3 reckon could not do its work (a bug, or output it could not write)");
    }
  });

  it("prints the version for --version and -v", () => {
    expect(cli("--version")).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: "" });
    expect(cli("-v")).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: "" });
  });

  it("prints the usage on stderr and exits 2 when no command is given", () => {
    const result = cli();
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("usage:");
  });

  it("names an unknown command and points at --help", () => {
    expect(cli("frobnicate")).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: unknown command `frobnicate`\n  = hint: run `reckon --help` for the commands\n",
    });
  });

  it("offers the command a misspelt one is close to, and the command a spec given first lacks", () => {
    expect(cli("chek", "specs").stderr).toBe("error: unknown command `chek`\n  = hint: did you mean `check`?\n");
    expect(cli("explian", "x").stderr).toBe("error: unknown command `explian`\n  = hint: did you mean `explain`?\n");
    expect(cli("specs/2024/urumqi-cast.reckon", "--format", "json")).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: unknown command `specs/2024/urumqi-cast.reckon`\n  = hint: write the command first: reckon check specs/2024/urumqi-cast.reckon --format json\n",
    });
  });

  it("names an unknown option and points at --help", () => {
    expect(cli("eval", "--colour", "1")).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: unknown option '--colour'\n  = hint: run `reckon --help` for the options\n",
    });
  });

  it("asks for an expression when eval has none, and shows the eval usage", () => {
    const result = cli("eval");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: eval needs an expression\n {2}= hint: usage:\n {2}reckon eval "EXPRESSION"/);
  });

  it("refuses eval with more than a spec and a name", () => {
    const result = cli("eval", "a.reckon", "x", "y");
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe("error: eval takes an expression, or a spec and a name");
  });

  it("reports a syntax error in the expression with exit code 2", () => {
    const result = cli("eval", "(1 + 2");
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n").slice(0, 5)).toEqual([
      "error[R0102]: unexpected end of input inside parentheses",
      " --> <expression>:1:7",
      "  |",
      "1 | (1 + 2",
      "  |       ^ not expected here",
    ]);
  });

  it("reports a division by zero with exit code 2 and no value", () => {
    const result = cli("eval", "1 / (2 - 2)");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("error[R0601]:");
    expect(result.stderr).toContain("  |     ^^^^^^^ the divisor is 0");
    expect(result.stderr.endsWith("1 error\n")).toBe(true);
  });
});

describe("reckon eval of a figure that fails because another failed", () => {
  it("prints the failure that came first, then those it caused", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reckon-eval-order-"));
    const file = path.join(dir, "chain.reckon");
    fs.writeFileSync(file, "fact a = 1\nfact z = 0\nformula d = a / z\nformula e = d + 1\n");
    const result = cli("eval", file, "e");
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n").filter((line) => line.startsWith("error["))).toEqual([
      "error[R0601]: `d` divides by zero",
      "error[R0602]: `e` cannot be evaluated: `d` has no value",
      "error[R0602]: the expression cannot be evaluated: `e` has no value",
    ]);
  });
});

describe("reckon eval of a figure that reads a published figure whose formula fails", () => {
  it("reads its printed value, as every formula does, and warns about the formula", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reckon-eval-printed-"));
    const file = path.join(dir, "printed.reckon");
    fs.writeFileSync(file, "fact a = 0\nfigure b = 1 / a published 2\nformula c = b + 1\n");
    const published = cli("eval", file, "b");
    expect([published.code, published.stdout]).toEqual([0, "2  (as printed; its formula cannot be evaluated: see the warning)\n"]);
    expect(published.stderr).toMatch(/^warning\[R0601\]: `b` divides by zero\n/);
    const reader = cli("eval", file, "c");
    expect([reader.code, reader.stdout]).toEqual([0, "3\n"]);
    expect(reader.stderr).toMatch(/^warning\[R0601\]: `b` divides by zero\n/);
    // An expression that itself divides by zero has no value: an error.
    expect(cli("eval", file, "1 / a").code).toBe(2);
  });
});

describe("reckon eval SPEC NAME|EXPRESSION", () => {
  let directory: string;
  let spec: string;

  beforeAll(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), "reckon-eval-"));
    fs.mkdirSync(path.join(directory, "lib"));
    fs.writeFileSync(path.join(directory, "lib", "share.reckon"), "function share(part, whole) = part / whole as %\n");
    spec = path.join(directory, "report.reckon");
    fs.writeFileSync(
      spec,
      [
        'import "lib/share.reckon"',
        'report "某单位 2024年度部门决算" year 2024',
        'fact 收入.财政拨款 = 1,362.65 万元 @ "二"',
        'fact 收入.合计 = 1,632.62 万元 @ "二"',
        "formula 收入.差额 = 收入.财政拨款 - 收入.合计",
        'figure 收入.占比 = share(收入.财政拨款, 收入.合计) published 83.46% @ "二"',
        "",
      ].join("\n"),
    );
  });

  afterAll(() => {
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it("prints a fact by name", () => {
    expect(cli("eval", spec, "收入.财政拨款")).toEqual({ code: 0, stdout: "1362.65 万元\n", stderr: "" });
  });

  it("prints a published figure by name as printed, with what its formula computes beside it, and its full-precision value through computed()", () => {
    // A name reads a published figure's printed value everywhere in the language; eval follows, and
    // says what the formula computes when that differs.
    expect(cli("eval", spec, "收入.占比")).toEqual({ code: 0, stdout: "83.46%  (as printed; its formula computes 83.46400264605358258504734720878098%)\n", stderr: "" });
    expect(JSON.parse(cli("eval", "--format", "json", spec, "收入.占比").stdout)).toEqual({ value: "83.46", unit: "%", quotientDigits: 34, computed: "83.46400264605358258504734720878098" });
    expect(cli("eval", spec, "收入.占比 * 1").stdout).toBe("83.46%\n");
    expect(cli("eval", spec, "computed(收入.占比)").stdout).toBe("83.46400264605358258504734720878098%\n");
  });

  it("evaluates an expression over the spec's figures, using its imported functions", () => {
    expect(cli("eval", spec, "(收入.财政拨款 - 收入.合计) / 收入.合计 * 100")).toEqual({
      code: 0,
      stdout: "-16.53599735394641741495265279121902\n",
      stderr: "",
    });
    expect(cli("eval", spec, "share(收入.合计 - 收入.财政拨款, 收入.合计)").stdout).toBe("16.53599735394641741495265279121902%\n");
  });

  it("suggests the declared name for a misspelt one", () => {
    const result = cli("eval", spec, "收入.财政拔款");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      [
        "error[R0314]: unknown name `收入.财政拔款`",
        " --> <expression>:1:1",
        "  |",
        "1 | 收入.财政拔款",
        "  | ^^^^^^^^^^^^^ not declared anywhere",
        "  = hint: did you mean `收入.财政拨款`?",
        "1 error",
        "",
      ].join("\n"),
    );
  });

  it("reports a spec file that does not exist", () => {
    const missing = path.join(directory, "missing.reckon");
    expect(cli("eval", missing, "x")).toEqual({
      code: 2,
      stdout: "",
      stderr: `error: no such spec file: ${missing}\n  = hint: check the path\n`,
    });
  });

  it("reports errors in the spec itself with the spec's path", () => {
    const broken = path.join(directory, "broken.reckon");
    fs.writeFileSync(broken, "fact a = 1 万元\nformula b = a + 1 人\n");
    const result = cli("eval", broken, "b");
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n").slice(0, 2)).toEqual(["error[R0506]: cannot add 万元 and 人", ` --> ${broken}:2:15`]);
  });
});
