import { describe, expect, it } from "vitest";
import { limits } from "../src/limits";
import { compileSpec } from "../src/pipeline";
import { memoryHost } from "../src/semantics/loader";
import { checkSpec } from "../src/checking/check";
import { Explainer } from "../src/explaining/explain";
import { diagnose, diagnoseExpression, where } from "./helpers";

/**
 * reckon evaluates specs written by other people: every limit is a diagnostic with a position, never
 * a stack overflow, a hang or a crash. Each test also bounds the time it may take.
 */
function timed<T>(work: () => T, budgetMs = 2_000): T {
  const start = performance.now();
  const result = work();
  expect(performance.now() - start).toBeLessThan(budgetMs);
  return result;
}

const R = "r.reckon";

describe("limits are diagnostics with positions", () => {
  it("R0103: too many tokens in one file", () => {
    const text = `formula a = ${Array(limits.tokens / 2 + 1).fill("1").join("+")}\n`;
    const [d] = timed(() => diagnose({ [R]: text }), 30_000);
    expect([d!.code, where(d!)]).toEqual(["R0103", "r.reckon:1:1"]);
    expect(d!.message).toMatch(/more than the limit of 2000000/);
  }, 60_000);

  it("R0104: parentheses nested too deep stop before the parser recurses", () => {
    const [d] = timed(() => diagnoseExpression(`${"(".repeat(100_000)}1${")".repeat(100_000)}`));
    expect([d!.code, d!.message, where(d!)]).toEqual(["R0104", `nested more than ${limits.nesting} deep`, `<expression>:1:${limits.nesting + 1}`]);
  });

  it("R0104: a long run of signs is nesting too", () => {
    const [d] = timed(() => diagnoseExpression(`${"- ".repeat(10_000)}1`));
    expect(d!.code).toBe("R0104");
  });

  it("R0104: `if`s one inside another count as nesting; an else-if chain does not", () => {
    const [d] = timed(() => diagnoseExpression(`${"if true then ".repeat(limits.nesting + 1)}1${" else 0".repeat(limits.nesting + 1)}`));
    expect([d!.code, where(d!)]).toEqual(["R0104", `<expression>:1:${13 * limits.nesting + 1}`]);
    const nested = `${"if true then ".repeat(limits.nesting)}1${" else 0".repeat(limits.nesting)}`;
    expect(diagnoseExpression(nested)).toEqual([]);
    const chain = `${"if false then 0 else ".repeat(limits.nesting * 2)}1`;
    expect(diagnoseExpression(chain)).toEqual([]);
  });

  it("R0104: unfinished `if`s do not carry over into the next declaration", () => {
    const line = `formula b = ${"if a then ".repeat(limits.nesting / 2)}`;
    const diagnostics = diagnose({ [R]: `fact a = 1\n${line}\n${line}\n${line}\n` });
    expect(diagnostics.map((d) => d.code)).toEqual(["R0102", "R0102", "R0102"]);
  });

  it("R0104: braces of sections nested too deep", () => {
    const text = `${"section s { ".repeat(1_000)}fact a = 1${" }".repeat(1_000)}\n`;
    const [d] = timed(() => diagnose({ [R]: text }));
    expect(d!.code).toBe("R0104");
  });

  it("R0105: a number literal with too many digits", () => {
    const [d] = diagnoseExpression(`1${"0".repeat(limits.literalDigits)} + 1`);
    expect([d!.code, d!.message, where(d!)]).toEqual(["R0105", `a number with more than ${limits.literalDigits} digits`, "<expression>:1:1"]);
  });

  it("R0107: a formula deeper than the limit is reported and never reaches the recursive stages", () => {
    const text = `formula a = ${Array(limits.expressionDepth + 5).fill("1").join(" + ")}\n`;
    const [d] = timed(() => diagnose({ [R]: text }));
    expect([d!.code, where(d!)]).toEqual(["R0107", "r.reckon:1:13"]);
  });

  it("a sum of a thousand printed cents is still fine", () => {
    const text = `formula a = ${Array(999).fill("0.01").join(" + ")}\n`;
    expect(diagnose({ [R]: text })).toEqual([]);
  });

  it("R0108: deep formulas inside deeply nested functions are refused, not a stack overflow", () => {
    const body = Array(limits.expressionDepth - 10).fill("x").join(" + ");
    const lines = [`function f0(x) = ${body}`];
    for (let i = 1; i < limits.callDepth; i++) lines.push(`function f${i}(x) = ${Array(limits.expressionDepth - 10).fill(`f${i - 1}(x)`).join(" + ")}`);
    lines.push(`fact a = 1`, `formula b = f${limits.callDepth - 1}(a)`);
    const diagnostics = timed(() => diagnose({ [R]: `${lines.join("\n")}\n` }), 10_000);
    expect(diagnostics.map((d) => d.code).some((c) => c === "R0108" || c === "R0510" || c === "R0511")).toBe(true);
  }, 30_000);

  it("R0204: a spec file larger than the limit", () => {
    const text = `// ${"x".repeat(limits.specBytes)}\n`;
    const [d] = diagnose({ "big.reckon": text, [R]: 'import "big.reckon"\n' });
    expect([d!.code, where(d!)]).toEqual(["R0204", "r.reckon:1:8"]);
  });

  it("R0203: imports nested deeper than the limit, and a long chain below it is fine", () => {
    const chain = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}.reckon`, i + 1 < n ? `import "f${i + 1}.reckon"\nfact a${i} = ${i}\n` : `fact a${i} = ${i}\n`]).reverse());
    expect(diagnose(chain(limits.importDepth), "f0.reckon")).toEqual([]);
    const [d] = timed(() => diagnose(chain(limits.importDepth + 5), "f0.reckon"));
    expect(d!.code).toBe("R0203");
    expect(d!.message).toBe(`imports are nested more than ${limits.importDepth} deep`);
  });

  it("R0202: an import cycle, with its path", () => {
    const [d] = diagnose({ "a.reckon": 'import "b.reckon"\n', "b.reckon": 'import "a.reckon"\n' }, "a.reckon");
    expect([d!.code, d!.message, where(d!)]).toEqual(["R0202", "import cycle: a.reckon → b.reckon → a.reckon", "b.reckon:1:8"]);
  });

  it("R0510: a function that calls another twice, nested, cannot blow up exponentially", () => {
    const lines = ["function f0(x) = x * 2"];
    for (let i = 1; i < limits.callDepth; i++) lines.push(`function f${i}(x) = f${i - 1}(x) + f${i - 1}(x)`);
    lines.push("fact a = 1", `formula b = f${limits.callDepth - 1}(a)`);
    const [d] = timed(() => diagnose({ [R]: `${lines.join("\n")}\n` }));
    expect([d!.code, where(d!)]).toEqual(["R0510", `r.reckon:${limits.callDepth + 2}:9`]);
    expect(d!.message).toMatch(/`b` expands to \d+ operations once its functions are unfolded/);
  });

  it("R0511: functions calling functions more than the limit deep", () => {
    const lines = ["function f0(x) = x"];
    for (let i = 1; i <= limits.callDepth + 2; i++) lines.push(`function f${i}(x) = f${i - 1}(x)`);
    lines.push("fact a = 1", `formula b = f${limits.callDepth + 2}(a)`);
    const diagnostics = diagnose({ [R]: `${lines.join("\n")}\n` });
    expect(diagnostics[0]!.code).toBe("R0511");
    expect(diagnostics[0]!.message).toBe(`functions call one another more than ${limits.callDepth} deep here`);
  });

  it("R0604: a value that would grow beyond the digit limit", () => {
    const lines = ["fact a = 123456789.123456789"];
    for (let i = 1; i < 12; i++) lines.push(`formula a${i} = ${i === 1 ? "a" : `a${i - 1}`} * ${i === 1 ? "a" : `a${i - 1}`}`);
    const diagnostics = timed(() => diagnose({ [R]: `${lines.join("\n")}\n` }));
    const d = diagnostics.find((x) => x.code === "R0604")!;
    expect(d.message).toMatch(/grows beyond 1000 digits/);
    expect(where(d)).toMatch(/^r\.reckon:\d+:9$/);
  });

  it("R0604: a magnitude whose plain digits would be too many", () => {
    const lines = ["fact a = 1000000000000000000000000000000000000000000000000"];
    for (let i = 1; i < 40; i++) lines.push(`formula a${i} = ${i === 1 ? "a" : `a${i - 1}`} * a`);
    lines.push("formula b = a39 + 0.5");
    const diagnostics = timed(() => diagnose({ [R]: `${lines.join("\n")}\n` }));
    expect(diagnostics.map((d) => d.code)).toContain("R0604");
  });
});

describe("hostile text is a diagnostic, in linear time", () => {
  it("R0109: a string without its closing quote is reported once, and the rest of the spec is still read", () => {
    const diagnostics = diagnose({ [R]: 'fact a = 1 @ "二、收入\nfact b = 2 人\nformula c = b + 1\n' });
    expect(diagnostics.map((d) => [d.code, d.message, where(d)])).toEqual([["R0109", "this string has no closing quote", "r.reckon:1:14"]]);
  });

  it("R0109: a line of 100,000 escaped quotes without a closing one takes linear time", () => {
    const [d] = timed(() => diagnose({ [R]: `fact a = 1 @ "${'\\"'.repeat(50_000)}\n` }), 1_000);
    expect(d!.code).toBe("R0109");
  });

  it("R0322: units whose factors multiply beyond the digit limit", () => {
    const lines = ["unit u0"];
    for (let i = 1; i <= 12; i++) lines.push(`unit u${i} = 1${"0".repeat(99)} u${i - 1}`);
    const diagnostics = diagnose({ [R]: `${lines.join("\n")}\n` });
    expect(diagnostics[0]!.code).toBe("R0322");
    expect(diagnostics[0]!.message).toMatch(/^unit `u\d+` is more than 10\^1000 of its base unit$/);
  });
});

describe("termination: specs built to be slow finish fast", () => {
  it("a chain of 20,000 formulas compiles, evaluates, checks and explains in linear time", () => {
    const lines = ['report "chain"', "fact a0 = 1"];
    for (let i = 1; i < 20_000; i++) lines.push(`formula a${i} = a${i - 1} + 1`);
    lines.push("figure last = a19999 published 20000");
    const compiled = timed(() => compileSpec([R], memoryHost({ [R]: `${lines.join("\n")}\n` })), 10_000);
    expect(compiled.diagnostics).toEqual([]);
    const result = timed(() => checkSpec(compiled.spec!), 5_000);
    expect(result.figures.map((f) => f.status)).toEqual(["exact"]);
    const tree = timed(() => new Explainer(compiled.spec!, result).explain("last")!);
    let depth = 0;
    for (let node = tree; node.children.length > 0; node = node.children[0]!) depth++;
    expect(depth).toBeLessThanOrEqual(500);
  }, 30_000);

  it("a wide sum over a pattern of 50,000 facts", () => {
    const lines = ['report "wide"'];
    for (let i = 0; i < 50_000; i++) lines.push(`fact 支出.项${i} = 0.01 万元`);
    lines.push("figure 支出.合计 = sum(支出.*) published 500.00 万元");
    const compiled = timed(() => compileSpec([R], memoryHost({ [R]: `${lines.join("\n")}\n` })), 15_000);
    expect(compiled.diagnostics).toEqual([]);
    expect(timed(() => checkSpec(compiled.spec!)).figures[0]!.status).toBe("exact");
  }, 30_000);
});

describe("names that are special in JavaScript are ordinary names in reckon", () => {
  it.each(["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"])("%s", (name) => {
    const spec = `fact ${name} = 2 万元\nfact a.${name} = 3 万元\nformula ${name}.sum = ${name} + a.${name}\nfunction f(${name}) = ${name} * 2\nformula b = f(${name}) + sum(a.*)\n`;
    expect(diagnose({ [R]: spec })).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.toString.call([])).toBe("[object Array]");
  });
});

describe("no user text is ever run as JavaScript", () => {
  it("the source has no eval, new Function or dynamic code", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const offenders: string[] = [];
    const visit = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) visit(full);
        else if (/\.ts$/.test(entry.name) && /\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(|vm\.run|require\s*\(\s*[^"'`]/.test(fs.readFileSync(full, "utf8"))) offenders.push(full);
      }
    };
    visit(path.join(import.meta.dirname, "..", "src"));
    expect(offenders).toEqual([]);
  });
});
