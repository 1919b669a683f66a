// Inputs found by the fuzzer (scripts/fuzz.ts) that crashed reckon or gave a diagnostic without a
// place in its file, kept as regression tests (each comment says what went wrong). A test for a bug
// that is not fixed yet is marked `it.fails` with a `// BUG:` comment; remove `.fails` once it is.
import { describe, expect, it } from "vitest";
import { readFactFile } from "../src/facts/fact-files";
import { Engine, ReckonError, type ReckonDiagnostic } from "../src/index";
import { limits } from "../src/limits";
import { compileSpec } from "../src/pipeline";
import { memoryHost } from "../src/semantics/loader";
import { parseSpec } from "../src/syntax/parse";
import { SourceFile } from "../src/syntax/source";
import { cli, temporaryDirectory } from "./helpers";

const scratch = temporaryDirectory("hostile");
const write = scratch.write;

/** The diagnostics of the ReckonError an API call throws; fails on any other exception or none. */
function diagnosed(action: () => unknown): readonly ReckonDiagnostic[] {
  try {
    action();
  } catch (e) {
    if (e instanceof ReckonError) return e.diagnostics;
    throw e;
  }
  throw new Error("expected a ReckonError");
}

const SPEC = 'report "r"\nfact a in 万元\nfact b = 1 万元\nfigure c = a + b published 2 万元\n';

/** What `reckon check SPEC --facts FILE` prints, for a fact file of the given name and text. */
function checkWithFacts(name: string, text: string) {
  const spec = write("r.reckon", SPEC);
  return cli("check", spec, "--facts", write(name, text));
}

/** A diagnostic's span lies within its file: 0 ≤ start ≤ end ≤ length. */
function within(d: { span?: { start: number; end: number; file: SourceFile } }): boolean {
  return d.span !== undefined && d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= d.span.file.text.length;
}

describe("fact files: every problem is a diagnostic with a place, never an exception", () => {
  const digits = "1" + "0".repeat(limits.valueDigits + 1);

  // Found by the fuzzer, now fixed: a fact value with more than limits.valueDigits (1,000) significant digits, from a fact file
  // or setFact, throws the internal DigitLimitExceeded (a plain Error) out of the API, and `reckon
  // check --facts` prints "internal error: a value has more than 1000 significant digits" (exit 1).
  // Reproduce: Engine.fromString("fact a in 万元").setFact("a", "1" + "0".repeat(1001)).
  it("a value with more than the digit limit from setFact is a ReckonError", () => {
    const engine = Engine.fromString(SPEC);
    const [d] = diagnosed(() => engine.setFact("a", digits));
    expect(d!.message).toMatch(/digits/);
  });

  it("a value with more than the digit limit from a fact file is a diagnostic at its line", () => {
    const engine = Engine.fromString(SPEC);
    const [d] = diagnosed(() => engine.loadFacts(`name,value\na,${digits}\n`, "f.csv"));
    expect(d!.location?.line).toBe(2);
  });

  it("… and on the command line, an error with exit code 2, not an internal error", () => {
    const result = checkWithFacts("big.json", JSON.stringify({ facts: { a: `${digits} 万元` } }));
    expect(result.stderr).not.toContain("internal error");
    expect(result.code).toBe(2);
  });

  it("a supplied value has the digit limit of a printed number: exactly the limit is taken, one more is refused", () => {
    const engine = Engine.fromString(SPEC);
    engine.setFact("a", "9".repeat(limits.literalDigits));
    expect((engine.value("a") as { toFixed(): string }).toFixed().length).toBe(limits.literalDigits);
    const [d] = diagnosed(() => engine.setFact("a", "9".repeat(limits.literalDigits + 1)));
    expect(d!.code).toBe("R0912");
  });

  // Found by the fuzzer, now fixed: a JSON fact entry that repeats a key ({"name": "a", "name": "b", …}, valid JSON) makes
  // readJson's Object.defineProperty throw "TypeError: Cannot redefine property: name"; `reckon check
  // --facts dup.json` prints "internal error: Cannot redefine property: name". Reproduce:
  // readFactFile("f.json", '{"facts": [{"name": "a", "name": "b", "value": "1"}]}').
  it.each(["name", "value", "unit", "citation", "__proto__", "constructor"])("a JSON fact entry that repeats the key %s is read or refused with a diagnostic", (key) => {
    const text = `{"facts": [{"name": "a", "value": "1", "${key}": "万元", "${key}": "元"}]}`;
    const read = readFactFile("f.json", text);
    for (const d of read.diagnostics) expect(within(d)).toBe(true);
  });

  it("… and on the command line, not an internal error", () => {
    const result = checkWithFacts("dup.json", '{"facts": [{"name": "a", "name": "b", "value": "1"}]}');
    expect(result.stderr).not.toContain("internal error");
    expect(result.code).toBe(2);
  });

  // Found by the fuzzer, now fixed: a JSON fact file nested a few thousand deep ({"facts": [[[[…]]]]}: 5,000 under the CLI's
  // stack) overflows the stack of jsonc-parser's recursive parseTree; the RangeError escapes
  // readFactFile, and `reckon check --facts deep.json` prints "internal error: Maximum call stack
  // size exceeded". Reproduce: readFactFile("f.json", `{"facts": ${"[".repeat(5000)}${"]".repeat(5000)}}`).
  // Found by a review: 130,000 rows naming no fact of the spec made `reckon check --facts` print
  // "internal error: Maximum call stack size exceeded" (exit 1): the CLI added them to its list
  // with push(...rows), one argument each.
  it("a fact file of 130,000 wrong rows is its first 100 errors and a count of the rest, exit 2, not an internal error", () => {
    const result = checkWithFacts("many.csv", `name,value\n${Array.from({ length: 130_000 }, (_, i) => `x${i},1\n`).join("")}`);
    expect(result.stderr).not.toContain("internal error");
    expect(result.stderr).toContain("error[R0915]: 129,900 more errors in `");
    expect(result.stderr.match(/error\[R0908\]/g)).toHaveLength(100);
    expect(result.stderr).toMatch(/\n101 errors\n$/);
    expect(result.code).toBe(2);
  }, 60_000);

  it("a JSON fact file nested 100,000 deep is refused with a diagnostic", () => {
    const text = `{"facts": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    const read = readFactFile("f.json", text);
    expect(read.diagnostics.length).toBeGreaterThan(0);
    for (const d of read.diagnostics) expect(within(d)).toBe(true);
  });

  it("a JSON fact file nested 1,000 deep is refused with a diagnostic at the entry", () => {
    const read = readFactFile("f.json", `{"facts": ${"[".repeat(1_000)}${"]".repeat(1_000)}}`);
    expect(read.diagnostics.map((d) => d.code)).toEqual(["R0904"]);
    expect(read.diagnostics.every(within)).toBe(true);
  });

  /** Reading the fact file gives diagnostics, each located within the file. */
  function expectDiagnosticsWithin(name: string, text: string): void {
    const read = readFactFile(name, text);
    expect(read.diagnostics.length).toBeGreaterThan(0);
    for (const d of read.diagnostics) expect(within(d), `${d.code} ${d.span?.start}..${d.span?.end} of ${text.length}`).toBe(true);
  }

  // Found by the fuzzer, now fixed: fact-file diagnostics at the end of the file point past it: R0902 for a JSON file cut short
  // ("{", or an empty file) has the span 1..2 of a 1-character file; R0907 for an empty CSV file
  // 0..1 of an empty one; CSV errors csv-parse reports on a line after the last one point at
  // text.length + 1. Reproduce: readFactFile("f.json", "{").diagnostics[0].span.
  it.each([
    ["f.json", "{"],
    ["f.json", ""],
    ["f.json", '{"facts": [1'],
    ["f.csv", ""],
  ])("%s %j: the diagnostic's span lies within the file", (name, text) => {
    expectDiagnosticsWithin(name, text);
  });

  it.each([
    ["f.json", "[]"],
    ["f.json", '{"facts": 1}'],
    ["f.json", '{"facts": [1, null, "x", []]}'],
    ["f.json", '{"facts": {"a": 1.5}}'],
    ["f.csv", "name,value\na,1,2\n"],
    ["f.csv", 'name,value\na,"1\n'],
    ["f.csv", "value\n1\n"],
    ["f.csv", "\ufeffname,value\r\na,x\r\n"],
  ])("%s %j: a diagnostic within the file", (name, text) => {
    expectDiagnosticsWithin(name, text);
  });
});

describe("specs: every problem is a diagnostic, never an exception", () => {
  // Found by the fuzzer, now fixed: unit definitions whose factors multiply beyond limits.valueDigits throw the internal
  // DigitLimitExceeded out of compileSpec (UnitTable.defineMultiple multiplies without a guard):
  // Engine.fromString throws a plain Error and `reckon check` prints "internal error: a value has
  // more than 1000 significant digits". Reproduce: 11 lines `unit uN = 1e99 uN-1` (the factor
  // written as a 1 and 99 zeros), after `unit u0`.
  it("a chain of units whose factors multiply beyond the digit limit is refused with a diagnostic", () => {
    const lines = ["unit u0"];
    for (let i = 1; i <= 11; i++) lines.push(`unit u${i} = 1${"0".repeat(99)} u${i - 1}`);
    const compiled = compileSpec(["r.reckon"], memoryHost({ "r.reckon": `${lines.join("\n")}\n` }));
    expect(compiled.diagnostics.some((d) => d.severity === "error" && within(d))).toBe(true);
  });

  it("… and on the command line, not an internal error", () => {
    const lines = ['report "units"', "unit u0"];
    for (let i = 1; i <= 11; i++) lines.push(`unit u${i} = 1${"0".repeat(99)} u${i - 1}`);
    const result = cli("check", write("units.reckon", `${lines.join("\n")}\n`));
    expect(result.stderr).not.toContain("internal error");
    expect(result.code).toBe(2);
  });

  // Found by a review: a spec that declares one name 200,000 times was "too complex to compile"
  // (R0108): the pipeline added the resolver's diagnostics with push(...many), which overflowed.
  it("a name declared 200,000 times is 199,999 errors R0301, not a spec too complex to compile", () => {
    const compiled = compileSpec(["r.reckon"], memoryHost({ "r.reckon": "fact a = 1\n".repeat(200_000) }));
    expect(compiled.diagnostics).toHaveLength(199_999);
    expect(compiled.diagnostics.every((d) => d.code === "R0301")).toBe(true);
  }, 60_000);

  it("a chain of 300 units each ten times the last converts exactly", () => {
    const lines = ["unit u0"];
    for (let i = 1; i < 300; i++) lines.push(`unit u${i} = 10 u${i - 1}`);
    lines.push("fact a = 1 u299", "formula b = a as u0");
    const engine = Engine.fromString(`${lines.join("\n")}\n`);
    expect((engine.value("b") as { toFixed(): string }).toFixed()).toBe(`1${"0".repeat(299)}`);
  });

  it("text of every kind of character parses to diagnostics with places, never an exception", () => {
    const noise = ["\u0000", "\ud800", "\udfff", "\u202e", "\u200f", "e\u0301\u0301\u0301", "（", "＝", "😀", "👨‍👩‍👧", "\r", "\u2028", "\ufeff"];
    for (const piece of noise) {
      for (const text of [`fact a${piece} = 1`, `fact a = 1 @ "${piece}"`, `fact a = ${piece}1`, `${piece}`, `formula b = 1 ${piece} 2`]) {
        const parsed = parseSpec(new SourceFile("r.reckon", text));
        for (const d of parsed.diagnostics) expect(within(d), `${JSON.stringify(text)}: ${d.code}`).toBe(true);
      }
    }
  });
});
