// A fact file is read strictly, so that a slip in it is an error with a place, never a wrong answer:
// a fact given twice (JSON map, JSON list, CSV), a CSV header with quotes (accepted) or with a column
// named twice or unknown, an entry with a missing or unknown field, and an empty unit (the declared
// unit, in every form). Through the API (Engine.loadFacts) and the command line (exit codes, carets).
import { describe, expect, it } from "vitest";
import { Engine, ReckonError, type ReckonDiagnostic } from "../src/index";
import { caretsLineUp, cli, temporaryDirectory } from "./helpers";

const scratch = temporaryDirectory("fact-file-validation");

// The reviewer's spec: 占比 is published as 100%, so it checks exactly when both facts are equal.
const SPEC = "fact 收入.本年合计 = 1 万元\nfact 收入.财政拨款 = 1 万元\nfigure 占比 = 收入.财政拨款 / 收入.本年合计 published 100%\n";

function engine(): Engine {
  return Engine.fromString(SPEC, { path: "s.reckon" });
}

/** Every diagnostic of loading a fact file (the loading must fail). */
function refused(text: string, file: string, e: Engine = engine()): readonly ReckonDiagnostic[] {
  try {
    e.loadFacts(text, file);
  } catch (thrown) {
    if (thrown instanceof ReckonError) return thrown.diagnostics;
    throw thrown;
  }
  throw new Error(`${file} was accepted: ${text}`);
}

function at(d: ReckonDiagnostic | { location?: ReckonDiagnostic["location"] } | undefined): string {
  return d?.location ? `${d.location.file}:${d.location.line}:${d.location.column}` : "-";
}

/** What each diagnostic says, one line each: code, place, message. */
function summary(diagnostics: readonly ReckonDiagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code} ${at(d)} ${d.message}`);
}

function checkWith(name: string, text: string) {
  return cli("check", scratch.write("s.reckon", SPEC), "--facts", scratch.write(name, text));
}

describe("a fact given twice in one file is an error at the second, naming the first", () => {
  // Before: every one of these was accepted, the last value silently winning (本年合计 = 1, so 占比 was 100% ✓).
  const cases = [
    {
      form: "JSON map (a repeated key)",
      file: "map.json",
      text: '{ "facts": {\n  "收入.本年合计": "2 万元",\n  "收入.财政拨款": "1 万元",\n  "收入.本年合计": "1 万元"\n} }\n',
      second: "map.json:4:3",
      first: "map.json:2:3",
      hint: "it is first given at line 2, column 3; give each fact once in a file (a later fact file may replace it)",
    },
    {
      form: "JSON list (a repeated name)",
      file: "list.json",
      text: '{ "facts": [\n  { "name": "收入.本年合计", "value": "2" },\n  { "name": "收入.财政拨款", "value": "1" },\n  { "name": "收入.本年合计", "value": "1" }\n] }\n',
      second: "list.json:4:13",
      first: "list.json:2:13",
      hint: "it is first given at line 2, column 13 (facts[0]); give each fact once in a file (a later fact file may replace it)",
    },
    {
      form: "CSV (a repeated row)",
      file: "rows.csv",
      text: "name,value,unit\n收入.本年合计,2,万元\n收入.财政拨款,1,万元\n收入.本年合计,1,万元\n",
      second: "rows.csv:4:1",
      first: "rows.csv:2:1",
      hint: "it is first given at line 2, column 1; give each fact once in a file (a later fact file may replace it)",
    },
  ];

  it.each(cases)("$form: R0904 through the API, and nothing is changed", (c) => {
    const e = engine();
    const diagnostics = refused(c.text, c.file, e);
    expect(summary(diagnostics)).toEqual([`R0904 ${c.second} \`收入.本年合计\` is given twice in the fact file`]);
    const d = diagnostics[0]!;
    expect(d.label).toBe("given again here");
    expect(d.hint).toBe(c.hint);
    expect(d.related?.map((r) => `${r.message} ${at(r)}`)).toEqual([`first given here ${c.first}`]);
    // The caret is under the name given again, and the first is shown as well.
    const [, second, first] = d.text.split(" --> ");
    expect(second).toMatch(/\^+ given again here\n/);
    expect(first).toMatch(/\^+ first given here\n/);
    expect(String(e.value("收入.本年合计"))).toBe("1");
  });

  it.each(cases)("$form: exit 2 on the command line, with both places", (c) => {
    const result = checkWith(c.file, c.text);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("error[R0904]: `收入.本年合计` is given twice in the fact file\n");
    expect(result.stderr).toContain(`${c.second.replace(/^[^:]+/, "")}\n`);
    expect(result.stderr).toContain(`${c.first.replace(/^[^:]+/, "")}\n`);
    expect(result.stderr).toContain(`  = hint: ${c.hint}\n`);
    expect(result.stderr).not.toContain("    at ");
    expect(caretsLineUp(result.stderr)).toBe(true);
  });

  it("the same value given twice is refused too; a name once in each of two files is not a repeat", () => {
    expect(summary(refused("name,value\n收入.本年合计,1\n收入.本年合计,1\n", "same.csv"))).toEqual(["R0904 same.csv:3:1 `收入.本年合计` is given twice in the fact file"]);
    const e = engine();
    e.loadFacts("name,value\n收入.本年合计,2\n", "a.csv");
    e.loadFacts('{"facts": {"收入.本年合计": "3"}}', "b.json");
    expect(String(e.value("收入.本年合计"))).toBe("3");
  });

  it("every repeat is reported, each at its own place; a quoted name is pointed at with its quotes", () => {
    const text = 'name,value\n收入.本年合计,1\n"收入.本年合计",2\n收入.财政拨款,1\n收入.财政拨款,3\n';
    expect(summary(refused(text, "many.csv"))).toEqual([
      "R0904 many.csv:3:1 `收入.本年合计` is given twice in the fact file",
      "R0904 many.csv:5:1 `收入.财政拨款` is given twice in the fact file",
    ]);
    const quoted = refused(text, "many.csv")[0]!;
    expect(quoted.location).toMatchObject({ line: 3, column: 1, endLine: 3, endColumn: 10 });
  });

  it("a JSON file with two `facts` keys (JSON.parse would keep the last) is refused", () => {
    const diagnostics = refused('{\n  "facts": { "收入.本年合计": "2" },\n  "facts": { "收入.本年合计": "1" }\n}', "two.json");
    expect(summary(diagnostics)).toEqual(["R0904 two.json:3:3 the fact file gives `facts` twice"]);
    expect(diagnostics[0]!.related?.map(at)).toEqual(["two.json:2:3"]);
    expect(diagnostics[0]!.hint).toBe("give one `facts` list or map, with every fact in it");
  });

  it("a field given twice in one entry points at the second, with the first as related", () => {
    const d = refused('{ "facts": [\n  { "name": "收入.本年合计", "value": "1",\n    "value": "2" }\n] }', "field.json")[0]!;
    expect([d.code, at(d), d.message, d.hint]).toEqual(["R0904", "field.json:3:5", "facts[0] gives `value` twice", "give each field of a fact once"]);
    expect(d.related?.map(at)).toEqual(["field.json:2:24"]);
  });
});

describe("the CSV header", () => {
  it("may quote the column names (it names the columns all the same)", () => {
    const e = engine();
    e.loadFacts('"name","value","unit"\n收入.本年合计,"2",万元\n"收入.财政拨款",2,"万元"\n', "quoted.csv");
    expect(String(e.value("收入.本年合计"))).toBe("2");
    expect(String(e.value("收入.财政拨款"))).toBe("2");
    const result = checkWith("quoted.csv", '"name","value","unit"\n收入.本年合计,1,万元\n收入.财政拨款,1,万元\n');
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✓ 占比\s+100%\s+exact/);
  });

  it("may have spaces around the names, and blank lines before it; errors then point at its line", () => {
    const e = engine();
    e.loadFacts("\n name , value \n收入.本年合计,4\n", "spaced.csv");
    expect(String(e.value("收入.本年合计"))).toBe("4");
    expect(summary(refused("\nname,amount\n收入.本年合计,4\n", "late.csv"))[0]).toBe("R0907 late.csv:2:1 the fact file's header must name the columns name and value");
  });

  it("naming a column twice is R0907 at the second, not values silently read from the wrong column", () => {
    // Before: `value,name,name` read each row's third cell as its name: 收入.财政拨款 was set to 1.
    const diagnostics = refused("value,name,name\n1,收入.本年合计,收入.财政拨款\n", "twice.csv");
    expect(summary(diagnostics)).toEqual(["R0907 twice.csv:1:12 the fact file's header names the column `name` twice"]);
    expect(diagnostics[0]!.related?.map((r) => `${r.message} ${at(r)}`)).toEqual(["first named here twice.csv:1:7"]);
    expect(diagnostics[0]!.hint).toBe("name each column once: the cells of a row are read by the name of their column");
    const result = checkWith("twice.csv", '"name","value","name"\n收入.本年合计,1,收入.财政拨款\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error[R0907]: the fact file's header names the column `name` twice\n");
    expect(result.stderr).toContain(":1:16\n");
    expect(caretsLineUp(result.stderr)).toBe(true);
  });

  it("an unknown column is R0907 with a suggestion (a misspelt unit column would read 元 as 万元)", () => {
    const d = refused("name,value,units\n收入.本年合计,10000,元\n", "units.csv")[0]!;
    expect([d.code, at(d), d.message, d.hint]).toEqual(["R0907", "units.csv:1:12", "the fact file's header names an unknown column `units`", "did you mean `unit`?"]);
    const other = refused("name,value,note\n收入.本年合计,1,x\n", "note.csv")[0]!;
    expect([other.code, other.message, other.hint]).toEqual(["R0907", "the fact file's header names an unknown column `note`", "the columns are name, value, unit and citation"]);
    const empty = refused("name,value,\n收入.本年合计,1,\n", "empty.csv")[0]!;
    expect([empty.code, at(empty), empty.message]).toEqual(["R0907", "empty.csv:1:11", "column 3 of the fact file's header has no name"]);
  });
});

describe("the fields of a JSON entry", () => {
  it("a misspelt `name` is reported as unknown with a suggestion, and the entry as having no name; never `undefined`", () => {
    const diagnostics = refused('{ "facts": [\n  { "nam": "收入.本年合计", "value": "1" }\n] }', "nam.json");
    expect(summary(diagnostics)).toEqual(["R0904 nam.json:2:5 facts[0] has an unknown field `nam`", "R0904 nam.json:2:3 facts[0] has no `name`"]);
    expect(diagnostics[0]!.hint).toBe("did you mean `name`?");
    expect(diagnostics[1]!.hint).toMatch(/^each fact reads \{ "name"/);
    for (const d of diagnostics) expect(d.text).not.toContain("undefined");
    const result = checkWith("nam.json", '{ "facts": [{ "nam": "收入.本年合计", "value": "1" }] }');
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain("undefined");
    expect(result.stderr).toContain("error[R0904]: facts[0] has an unknown field `nam`\n");
    expect(result.stderr).toContain("  = hint: did you mean `name`?\n");
    expect(caretsLineUp(result.stderr)).toBe(true);
  });

  it("an entry without a value says so", () => {
    expect(summary(refused('{ "facts": [ { "name": "收入.本年合计" } ] }', "novalue.json"))).toEqual(["R0904 novalue.json:1:14 facts[0] has no `value`"]);
  });

  it("a misspelt `unit` is an error, not ignored with the value read in the declared unit", () => {
    // Before: "units": "元" was ignored and 10000 read as 10000 万元: a mismatch instead of an error.
    const e = engine();
    const d = refused('{ "facts": [ { "name": "收入.本年合计", "value": "10000", "units": "元" } ] }', "units.json", e)[0]!;
    expect([d.code, at(d), d.message, d.hint]).toEqual(["R0904", "units.json:1:53", "facts[0] has an unknown field `units`", "did you mean `unit`?"]);
    expect(String(e.value("收入.本年合计"))).toBe("1");
    const result = checkWith("units.json", '{ "facts": [ { "name": "收入.本年合计", "value": "10000", "units": "元" } ] }');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
  });

  it("an unknown field such as __proto__ is refused like any other, and pollutes nothing", () => {
    const d = refused('{"facts": [{"name": "收入.本年合计", "value": "1", "__proto__": {"polluted": "yes"}}]}', "proto.json")[0]!;
    expect([d.code, d.message, d.hint]).toEqual(["R0904", "facts[0] has an unknown field `__proto__`", "a fact has the fields name, value, unit and citation"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("an empty unit is the fact's declared unit, in every form", () => {
  const forms = [
    ["JSON list, an empty unit", "e.json", '{ "facts": [ { "name": "收入.本年合计", "value": "2", "unit": "" } ] }'],
    ["JSON list, a unit of spaces", "s.json", '{ "facts": [ { "name": "收入.本年合计", "value": "2", "unit": "  " } ] }'],
    ["JSON map, no unit after the number", "m.json", '{ "facts": { "收入.本年合计": "2 " } }'],
    ["CSV, an empty unit cell", "e.csv", "name,value,unit\n收入.本年合计,2,\n"],
    ["CSV, a quoted empty unit cell", "q.csv", 'name,value,unit\n收入.本年合计,2,""\n'],
  ] as const;

  it.each(forms)("%s", (_, file, text) => {
    // Before: the JSON forms gave R0909 "unknown unit ``" while the CSV cell meant the declared unit.
    const e = engine();
    e.loadFacts(text, file);
    expect(e.figure("收入.本年合计").text).toBe("2 万元");
  });

  it("on the command line too, and with setFact", () => {
    const result = checkWith("empty-unit.json", '{ "facts": [ { "name": "收入.本年合计", "value": "1", "unit": "" }, { "name": "收入.财政拨款", "value": "1", "unit": "" } ] }');
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const e = engine();
    e.setFact("收入.本年合计", "5", "");
    expect(e.figure("收入.本年合计").text).toBe("5 万元");
  });

  it("a unit that is not empty is still checked", () => {
    const d = refused('{ "facts": [ { "name": "收入.本年合计", "value": "2", "unit": "万圆" } ] }', "u.json")[0]!;
    expect([d.code, d.message, d.hint]).toEqual(["R0909", "`收入.本年合计`: unknown unit `万圆`", "did you mean `万元` or `万人`?"]); // the fact's own unit first
  });
});

describe("keys beside `facts` in a JSON fact file", () => {
  it("are refused: a `unit` there would be ignored and every value read in its declared unit", () => {
    const [d] = refused('{\n  "unit": "元",\n  "facts": { "收入.本年合计": "10000" }\n}\n', "top.json");
    expect([d!.code, d!.message, at(d)]).toEqual(["R0904", "the fact file has an unknown key `unit`", "top.json:2:3"]);
    expect(d!.hint).toMatch(/with each fact/);
    const e = engine();
    e.loadFacts('{ "$schema": "facts.schema.json", "facts": { "收入.本年合计": "2 万元" } }', "schema.json");
    expect(e.value("收入.本年合计").toString()).toBe("2");
  });
});
