// The limits of src/limits.ts whose real values are too large to reach in a test (five million
// declarations take minutes to parse), tested at scaled-down values: the same code refuses the same
// way, only sooner. test/limits.test.ts tests every other limit at its real value.
import { describe, expect, it, vi } from "vitest";
import { diagnose, where } from "./helpers";

vi.mock("../src/limits", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../src/limits")>();
  return { limits: { ...actual.limits, declarations: 1_000, specBytes: 10_000, tokens: 5_000 } };
});

describe("limits at scaled-down values", () => {
  it("R0320: more declarations than the limit, all files together, is one diagnostic at the root spec", () => {
    const part = (p: number) => Array.from({ length: 400 }, (_, i) => `fact p${p}.a${i} = ${i}`).join("\n");
    const ok = diagnose({ "a.reckon": `${part(1)}\n`, "b.reckon": `${part(2)}\n`, "r.reckon": 'import "a.reckon"\nimport "b.reckon"\n' }, "r.reckon");
    expect(ok).toEqual([]);
    const over = diagnose({ "a.reckon": `${part(1)}\n`, "b.reckon": `${part(2)}\n`, "c.reckon": `${part(3)}\n`, "r.reckon": 'import "a.reckon"\nimport "b.reckon"\nimport "c.reckon"\n' }, "r.reckon");
    expect(over.map((d) => [d.code, where(d)])).toEqual([["R0320", "r.reckon:1:1"]]);
    expect(over[0]!.message).toBe("the program declares 1200 figures and functions, more than 1000");
  });

  it("R0204: a spec file over the byte limit is not parsed; R0103: one over the token limit is not parsed either", () => {
    const big = `// ${"x".repeat(10_000)}\n`;
    expect(diagnose({ "big.reckon": big, "r.reckon": 'import "big.reckon"\n' }, "r.reckon").map((d) => [d.code, where(d)])).toEqual([["R0204", "r.reckon:1:8"]]);
    const many = `formula a = ${Array(3_000).fill("1").join("+")}\n`;
    expect(many.length).toBeLessThan(10_000);
    expect(diagnose({ "r.reckon": many }).map((d) => [d.code, where(d)])).toEqual([["R0103", "r.reckon:1:1"]]);
  });

  // Fixed (was a bug): a root spec (one named on the command line or passed to Engine.load, not imported) larger
  // than limits.specBytes is refused with R0204 and no position at all: the loader places R0204 at
  // the import that names the file, and a root spec has none. Every other limit points into a file.
  // Reproduce: `reckon check big.reckon` for a file of 8 MiB + 1 byte: "error[R0204]: spec
  // `big.reckon` is larger than 8 MiB" without a --> line.
  it("R0204 for a root spec over the byte limit points at the file (line 1, column 1)", () => {
    const [d] = diagnose({ "r.reckon": `// ${"x".repeat(10_000)}\n` });
    expect([d!.code, where(d!)]).toEqual(["R0204", "r.reckon:1:1"]);
  });
});
