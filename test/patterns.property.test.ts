// A name pattern matches exactly the names its segments describe: `*` one segment, `**` one or more,
// any other segment itself. The matcher of one name at a time (explain's search) and the namespace's
// walk of the tree of declared names (name resolution) are both checked against that definition,
// written out segment by segment, on generated names and patterns; and the namespace's lookup of a
// short name against the definition of the language reference, written with strings.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Namespace } from "../src/semantics/namespace";
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

/** The names a pattern matches from a section, by the language reference: from the section outwards, the first that matches any. */
function matchedByDefinition(pattern: readonly string[], section: readonly string[], names: readonly (readonly string[])[], self: string): string[] {
  for (let depth = section.length; depth >= 0; depth--) {
    const full = [...section.slice(0, depth), ...pattern];
    const found = names.filter((n) => n.join(".") !== self && bySegments(full, 0, n, 0)).map((n) => n.join("."));
    if (found.length > 0) return found;
  }
  return [];
}

/** What a short name means from a section, by the language reference: `合计` in `收入.本年` tries `收入.本年.合计`, `收入.合计`, `合计`. */
function lookedUpByDefinition(name: string, section: readonly string[], declared: ReadonlySet<string>): string | undefined {
  for (let depth = section.length; depth >= 0; depth--) {
    const candidate = [...section.slice(0, depth), name].join(".");
    if (declared.has(candidate)) return candidate;
  }
  return undefined;
}

describe("the namespace of declared names", () => {
  const declaredNames = fc.uniqueArray(name, { minLength: 1, maxLength: 30, selector: (n) => n.join(".") });
  const section = fc.array(segment, { maxLength: 4 });

  function namespaceOf(names: readonly (readonly string[])[]): Namespace<string> {
    const namespace = new Namespace<string>();
    // Declared from a section of their name's, as a spec's sections declare them.
    for (const n of names) namespace.declare(n.slice(0, n.length >> 1).join("."), n.slice(n.length >> 1).join("."), n.join("."));
    return namespace;
  }

  it("matches a pattern from a section as the segment-by-segment definition does, in declaration order", () => {
    fc.assert(
      fc.property(declaredNames, pattern, section, fc.nat(40), (names, p, s, selfIndex) => {
        const self = names[selfIndex]?.join(".") ?? "";
        const matched = namespaceOf(names).match(p.join("."), s.join("."), (n) => n !== self);
        expect(matched, `${p.join(".")} from ${s.join(".")}`).toEqual(matchedByDefinition(p, s, names, self));
      }),
      { numRuns: 2_000, seed: 9 },
    );
  });

  it("looks a short name up from a section outwards", () => {
    fc.assert(
      fc.property(declaredNames, name, section, (names, n, s) => {
        const declared = new Set(names.map((x) => x.join(".")));
        expect(namespaceOf(names).lookup(n.join("."), s.join("."))).toBe(lookedUpByDefinition(n.join("."), s, declared));
      }),
      { numRuns: 2_000, seed: 10 },
    );
  });

  it("finds short names picked from the declared ones", () => {
    fc.assert(
      fc.property(declaredNames, fc.nat(), fc.nat(), section, (names, pick, cut, s) => {
        const picked = names[pick % names.length]!;
        const short = picked.slice(cut % picked.length).join(".");
        const declared = new Set(names.map((x) => x.join(".")));
        expect(namespaceOf(names).lookup(short, s.join("."))).toBe(lookedUpByDefinition(short, s, declared));
      }),
      { numRuns: 2_000, seed: 11 },
    );
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

  it("many `**` against a deep tree of names visit each name once", () => {
    const namespace = new Namespace<string>();
    const deep = Array.from({ length: 200 }, (_, i) => `s${i}`);
    for (let i = 1; i <= deep.length; i++) namespace.declare("", deep.slice(0, i).join("."), `${i}`);
    namespace.declare(deep.join("."), "z", "z");
    const start = performance.now();
    expect(namespace.match(`${"**.".repeat(20)}z`, "", () => true)).toEqual(["z"]);
    expect(namespace.match(`${"**.".repeat(20)}y`, "", () => true)).toEqual([]);
    expect(performance.now() - start).toBeLessThan(1_000);
  });
});
