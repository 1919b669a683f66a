// A name pattern matches exactly the names its segments describe: `*` one segment, `**` one or more,
// any other segment itself. The matcher (one regular expression per pattern) is checked against that
// definition, written out segment by segment, on generated names and patterns.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { patternMatcher } from "../src/semantics/patterns";

function bySegments(pattern: readonly string[], p: number, name: readonly string[], n: number): boolean {
  if (p === pattern.length) return n === name.length;
  const segment = pattern[p]!;
  if (segment === "**") {
    for (let k = n + 1; k <= name.length; k++) if (bySegments(pattern, p + 1, name, k)) return true;
    return false;
  }
  if (n === name.length) return false;
  return (segment === "*" || segment === name[n]) && bySegments(pattern, p + 1, name, n + 1);
}

const segment = fc.constantFrom("a", "b", "收入", "合计", "x1", "_", "a$b", "(c)", "d-e");
const name = fc.array(segment, { minLength: 1, maxLength: 6 });
const pattern = fc.array(fc.oneof(segment, fc.constantFrom("*", "**")), { minLength: 1, maxLength: 6 });

describe("name patterns", () => {
  it("match as their segments say", () => {
    fc.assert(
      fc.property(pattern, fc.array(name, { minLength: 1, maxLength: 10 }), (p, names) => {
        const matches = patternMatcher(p.join("."));
        for (const n of names) expect(matches(n.join(".")), `${p.join(".")} ~ ${n.join(".")}`).toBe(bySegments(p, 0, n, 0));
      }),
      { numRuns: 2_000, seed: 8 },
    );
  });

  it("match the examples of the language reference", () => {
    const matchesPattern = (pattern: string, name: string) => patternMatcher(pattern)(name);
    expect(matchesPattern("支出.功能分类.*", "支出.功能分类.行政运行")).toBe(true);
    expect(matchesPattern("支出.功能分类.*", "支出.功能分类.行政运行.增加")).toBe(false);
    expect(matchesPattern("绩效.**", "绩效.科普经费.指标.数量.得分")).toBe(true);
    expect(matchesPattern("*.得分", "指标.得分")).toBe(true);
    expect(matchesPattern("*.得分", "得分")).toBe(false);
    expect(matchesPattern("a.*", "a.b.c")).toBe(false);
  });
});

describe("name patterns on hostile input", () => {
  it("many `**` against a deep name take time in proportion to the segments, not exponential", () => {
    const name = Array.from({ length: 200 }, (_, i) => `s${i}`).join(".");
    const pattern = `${"**.".repeat(20)}z`;
    const start = performance.now();
    const matches = patternMatcher(pattern);
    for (let i = 0; i < 100; i++) expect(matches(name)).toBe(false);
    expect(matches(`${name}.z`)).toBe(true);
    expect(performance.now() - start).toBeLessThan(1_000);
  });
});
