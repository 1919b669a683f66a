// `reckon check` and `reckon explain` with `--facts`: fact files fill in the facts a spec declares
// without a value; errors in a fact file exit with 2 and point at the file, line and column.
// The CLI runs in-process (paths are absolute, so they print as written).
import { beforeAll, describe, expect, it } from "vitest";
import { checkOutputSchema } from "../src/index";
import { caretsLineUp, cli, temporaryDirectory } from "./helpers";

const scratch = temporaryDirectory("facts-cli");
const write = scratch.write;
let spec: string;

// One spec for every department: its inputs are facts without values.
const DEPARTMENT = `report "部门决算 2024" year 2024

section 收入 @ "二、收入决算情况说明" {
  fact 财政拨款 in 万元
  fact 其他收入 in 万元
  formula 本年合计 = 财政拨款 + 其他收入
  figure 其他收入.占比 = 其他收入 / 本年合计  published 0.0007%
  figure 财政拨款.占比 = 财政拨款 / 本年合计  published 99.99% rounding down
}
`;

beforeAll(() => {
  spec = write("department.reckon", DEPARTMENT);
});

describe("reckon check --facts", () => {
  it("fills in a spec's facts from a CSV fact file and checks every figure", () => {
    const facts = write("a.csv", 'name,value,unit,citation\n收入.财政拨款,"1,362.65",万元,表1\n收入.其他收入,100,元,表1\n');
    const result = cli("check", spec, "--facts", facts);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("部门决算 2024");
    expect(result.stdout).toMatch(/✓ 收入\.其他收入\.占比\s+0\.0007%\s+exact/);
    expect(result.stdout).toMatch(/✓ 收入\.财政拨款\.占比\s+99\.99%\s+exact/);
    expect(result.stdout).toContain("2 published figures: 2 exact, 0 within rounding, 0 known inconsistencies, 0 mismatches");
  });

  it("fills them in from a JSON fact file, and prints the JSON that checkOutputSchema describes", () => {
    const facts = write("a.json", JSON.stringify({ facts: { "收入.财政拨款": "1,362.65 万元", "收入.其他收入": "0.01" } }));
    const result = cli("check", spec, "--facts", facts, "--format", "json");
    expect(result.code).toBe(0);
    const output = checkOutputSchema.parse(JSON.parse(result.stdout));
    expect(output.figures.map((f) => [f.name, f.status, f.file])).toEqual([
      ["收入.其他收入.占比", "exact", spec],
      ["收入.财政拨款.占比", "exact", spec],
    ]);
  });

  it("without the facts, the figures that need them cannot be evaluated: exit 2 with R0603", () => {
    const result = cli("check", spec);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error[R0603]: `收入.本年合计` cannot be evaluated: the fact `收入.财政拨款` has no value");
    expect(result.stderr).toContain("supply it in a fact file (--facts) or with setFact");
  });

  it("takes several fact files; a later one replaces the values of an earlier one", () => {
    const base = write("base.csv", "name,value\n收入.财政拨款,1000.00\n收入.其他收入,0.00\n");
    const fix = write("fix.json", JSON.stringify({ facts: [{ name: "收入.财政拨款", value: "1,362.65" }, { name: "收入.其他收入", value: "0.01" }] }));
    expect(cli("check", spec, "--facts", base, "--facts", fix).code).toBe(0);
    // The other way round, 其他收入 is 0.00 and its share cannot be 0.0007%: a mismatch, exit 1.
    const reversed = cli("check", spec, "--facts", fix, "--facts", base);
    expect(reversed.code).toBe(1);
    expect(reversed.stdout).toMatch(/✗ 收入\.其他收入\.占比/);
  });

  it("a fact file whose values do not reproduce the published figures: exit 1", () => {
    const facts = write("wrong.csv", "name,value\n收入.财政拨款,1362.65\n收入.其他收入,0.02\n");
    const result = cli("check", spec, "--facts", facts);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("1 mismatch");
  });
});

describe("reckon explain --facts", () => {
  it("explains a figure with the facts of the file", () => {
    const facts = write("explain.csv", 'name,value,unit\n收入.财政拨款,"1,362.65",万元\n收入.其他收入,100,元\n');
    const result = cli("explain", spec, "收入.其他收入.占比", "--facts", facts);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("收入.其他收入.占比 = 0.0007%  ✓ exact");
    expect(result.stdout).toContain("收入.其他收入 = 0.0100 万元  fact");
    expect(result.stdout).toContain("收入.财政拨款 = 1,362.65 万元  fact");
  });

  it("finds a fact by its value as the fact file gives it, in the file's unit, and says how it was given", () => {
    const facts = write("yuan.csv", 'name,value,unit\n收入.财政拨款,"13,626,500",元\n收入.其他收入,100,元\n');
    for (const value of ["13,626,500", "13,626,500 元", "1,362.6500"]) {
      const found = cli("explain", spec, "--value", value, "--facts", facts);
      expect(found.stderr, value).toBe("");
      expect(found.stdout, value).toContain("收入.财政拨款 = 1,362.6500 万元  fact, given as 13,626,500 元");
    }
  });

  it("refuses a bad fact file before explaining", () => {
    const facts = write("explain-bad.csv", "name,value\n收入.财政拨款,x\n");
    const result = cli("explain", spec, "收入.其他收入.占比", "--facts", facts);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("error[R0904]");
  });
});

describe("reckon explain DIRECTORY NAME --facts", () => {
  it("gives the facts to the report the name is found in; another report need not declare them", () => {
    write("two/a.reckon", 'report "A 2024年度部门决算" year 2024\nfact x in 万元\nfigure y = x * 2 published 6.00 万元\n');
    write("two/b.reckon", 'report "B 2024年度部门决算" year 2024\nfact z = 1\nfigure w = z * 2 published 2\n');
    const facts = write("two-x.csv", "name,value,unit\nx,3.00,万元\n");
    const directory = scratch.path("two");
    const explained = cli("explain", directory, "y", "--facts", facts);
    expect(explained.stderr).toBe("");
    expect(explained.stdout).toContain("y = 6.00 万元  ✓ exact");
    // Asked of the other report, the facts go to it, and it does not declare them.
    const other = cli("explain", directory, "w", "--facts", facts);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("error[R0908]: the spec `");
    // A value is looked for in every report, and the facts go to each, as check gives them.
    expect(cli("explain", directory, "--value", "6.00", "--facts", facts).stderr).toContain("error[R0908]");
  });
});

describe("fact-file errors on the command line", () => {
  it("a JSON number: exit 2, file:line:column, the line and a caret under the number", () => {
    const facts = write("number.json", '{\n  "facts": [\n    { "name": "收入.财政拨款", "value": 1362.65 }\n  ]\n}\n');
    const result = cli("check", spec, "--facts", facts);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      [
        "error[R0905]: facts[0].value: a value must be written as a string, not a JSON number",
        ` --> ${facts}:3:35`,
        "  |",
        '3 |     { "name": "收入.财政拨款", "value": 1362.65 }',
        // The caret is under the number in terminal cells: each CJK character is two cells wide.
        `  | ${" ".repeat(40)}^^^^^^^ write "1362.65"`,
        "  = hint: JSON numbers are floating point and can lose digits; reckon reads figures exactly from strings",
        "1 error",
        "",
      ].join("\n"),
    );
    expect(caretsLineUp(result.stderr)).toBe(true);
  });

  it("an unknown fact in a CSV file: exit 2, the line of the row, and a suggestion", () => {
    const facts = write("unknown.csv", "name,value\n收入.财政拨款,1\n收入.其它收入,2\n");
    const result = cli("check", spec, "--facts", facts);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error[R0908]: the spec \`${spec}\` declares no fact \`收入.其它收入\``);
    expect(result.stderr).toContain(` --> ${facts}:3:1\n`);
    expect(result.stderr).toContain("3 | 收入.其它收入,2\n  | ^^^^^^^^^^^^^\n"); // the name's cell
    expect(result.stderr).toContain("= hint: did you mean `收入.其他收入`?");
    expect(caretsLineUp(result.stderr)).toBe(true);
  });

  it("a value that is not a number as printed: exit 2 with the CSV line and column", () => {
    const facts = write("bad-value.csv", "name,value,unit\n收入.财政拨款,1,万元\n收入.其他收入,1.2.3,万元\n");
    const result = cli("check", spec, "--facts", facts);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error[R0904]: line 3, column value: the value must be a number as printed, e.g. "1,362.65" or "-16.54"');
    expect(result.stderr).toContain(` --> ${facts}:3:9\n`); // the value's cell
    expect(caretsLineUp(result.stderr)).toBe(true);
  });

  it("invalid JSON: exit 2 pointing into the file", () => {
    const facts = write("broken.json", '{ "facts": [\n  { "name": "收入.财政拨款" "value": "1" }\n] }');
    const result = cli("check", spec, "--facts", facts);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error[R0902]: the fact file is not valid JSON");
    expect(result.stderr).toMatch(new RegExp(` --> ${facts.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:2:\\d+\\n`));
    expect(caretsLineUp(result.stderr)).toBe(true);
  });

  it("a unit of another kind: exit 2", () => {
    const facts = write("unit.csv", "name,value,unit\n收入.财政拨款,1,人\n");
    const result = cli("check", spec, "--facts", facts);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error[R0910]: `收入.财政拨款` is declared in 万元, not 人");
    expect(result.stderr).toContain(` --> ${facts}:2:11\n`); // the unit's cell
  });

  it("every mistake of a file in one run, in the order of its lines: a value badly written, an unknown name, a unit of another kind", () => {
    const facts = write("several.csv", 'name,value,unit\n收入.其它收入,2,\n收入.财政拨款,"1,410.20万元",\n收入.其他收入,1,人\n');
    const result = cli("check", spec, "--facts", facts);
    expect(result.code).toBe(2);
    expect([...result.stderr.matchAll(/^error\[(R\d+)\]/gm)].map((m) => m[1])).toEqual(["R0908", "R0904", "R0910"]);
    expect(result.stderr).toContain("= hint: the unit goes apart from the number: value 1,410.20, unit 万元");
    expect(result.stderr).toMatch(/\n3 errors\n$/);
  });

  it("a fact file that does not exist: exit 2 with R0911", () => {
    const missing = scratch.path("missing.csv");
    const result = cli("check", spec, "--facts", missing);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error[R0911]: cannot read the fact file \`${missing}\`: there is no such file\n  = hint: check the path\n1 error\n`);
  });

  it("a file that is neither JSON nor CSV: exit 2 with R0901", () => {
    const facts = write("facts.txt", "收入.财政拨款 = 1\n");
    const result = cli("check", spec, "--facts", facts);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error[R0901]: cannot tell the format of the fact file");
  });

  it("eval takes --facts: a figure or an expression over the facts a file gives", () => {
    const facts = write("eval.csv", "name,value\n收入.财政拨款,1\n");
    expect(cli("eval", spec, "收入.财政拨款 * 2", "--facts", facts)).toEqual({ code: 0, stdout: "2 万元\n", stderr: "" });
    const wrong = cli("eval", spec, "收入.财政拨款", "--facts", write("eval-wrong.csv", "name,value\n收入.财正拨款,1\n"));
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`error[R0908]: the spec \`${spec}\` declares no fact \`收入.财正拨款\``);
    expect(cli("eval", "1 + 1", "--facts", facts)).toEqual({
      code: 2,
      stdout: "",
      stderr: `error: --facts gives values to a spec's facts, but eval was given no spec\n  = hint: e.g. reckon eval SPEC "1 + 1" --facts ${facts}\n`,
    });
  });

  it("--help lists --facts", () => {
    expect(cli("--help").stdout).toContain("--facts FILE");
  });
});
