import fc from "fast-check";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkSpec } from "../src/checking/check";
import { decimal, format, multiply } from "../src/numbers/exact";
import { round } from "../src/numbers/rounding";
import { compileSpec, type CompiledSpec } from "../src/pipeline";
import { memoryHost } from "../src/semantics/loader";
import { analyse } from "../src/semantics/units";
import { printed, type Exact } from "./oracle";
import { parameters } from "./properties";

/**
 * The results of a spec do not depend on the order in which it is written: shuffling the
 * declarations (at the top level, inside sections, and the rows of tables) and the imports gives
 * the same value for every figure and the same status for every published figure.
 *
 * `unit` declarations are the documented exception (a multiple must follow the unit it multiplies),
 * so they keep their relative order while everything else moves around them.
 *
 * Values are compared as quantities: a sum over a pattern whose figures are in 元 and in 万元 is
 * computed in the unit of the first figure the pattern matches, so the same amount may be written
 * `1.0001 万元` in one order and `10001 元` in another.
 */

const STD = readFileSync(path.resolve(__dirname, "../specs/std/final-accounts.reckon"), "utf8");
const LIB_A = `import "../std.reckon"
function twice(x) = x * 2
fact 库.甲 = 12.50 万元
fact 库.明细.money.乙 = 3,000 元
`;
const LIB_B = `function halve(x) = x / 2
fact 库.丙 = 3 人
`;

const KINDS = {
  money: ["元", "万元", "亿元"],
  people: ["人", "万人"],
  articles: ["篇", "万篇"],
  ratio: ["%", ""],
} as const;
type Kind = keyof typeof KINDS;
const kindNames = Object.keys(KINDS) as Kind[];

/** A spec as blocks of text that can be put in any order; a section or table holds blocks of its own. */
type Block = { readonly line: string; readonly unit?: boolean } | { readonly head: string; readonly body: readonly Block[]; readonly fixedFirst?: boolean };

interface Figure {
  readonly name: string;
  readonly kind: Kind;
}

const exactValue = fc
  .record({ mantissa: fc.bigInt({ min: 0n, max: 10n ** 9n }), scale: fc.integer({ min: 0, max: 4 }) })
  .map(({ mantissa, scale }): Exact => ({ mantissa, scale }));

const factModel = fc.record({ kind: fc.constantFrom(...kindNames), unit: fc.nat(), value: exactValue, group: fc.constantFrom(0, 0, 1, 2) });
const formulaModel = fc.record({
  shape: fc.nat({ max: 8 }),
  picks: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
  published: fc.boolean(),
  decimals: fc.nat({ max: 3 }),
  offset: fc.constantFrom(0, 0, 0, 1, -1, 7),
  inSection: fc.boolean(),
  known: fc.boolean(),
});
const rowModel = fc.record({
  rule: fc.constantFrom("proportional", "meets", "graded"),
  comparison: fc.constantFrom(">=", "<=", "="),
  target: fc.integer({ min: 1, max: 1000 }),
  actual: fc.integer({ min: 0, max: 1000 }),
  weight: fc.constantFrom(5, 10, 20),
  score: fc.integer({ min: 0, max: 2000 }),
});

const model = fc.record({
  mode: fc.constantFrom("half_up", "half_even", "down"),
  facts: fc.array(factModel, { minLength: 3, maxLength: 10 }),
  formulas: fc.array(formulaModel, { minLength: 2, maxLength: 10 }),
  rows: fc.array(rowModel, { maxLength: 4 }),
});
type Model = typeof model extends fc.Arbitrary<infer T> ? T : never;

/** The spec of a model: blocks for the root file (imports listed apart). Published values come from `published`. */
function build(m: Model, published: ReadonlyMap<string, string>): { imports: string[]; blocks: Block[]; figures: string[] } {
  const imports = ['import "std.reckon"', 'import "lib/a.reckon"', 'import "lib/b.reckon"'];
  const blocks: Block[] = [
    { line: `report "决定性" year 2024 rounding ${m.mode}` },
    { line: "unit 篇", unit: true },
    { line: "unit 万篇 = 10,000 篇", unit: true },
  ];
  const available: Figure[] = [
    { name: "库.甲", kind: "money" },
    { name: "库.丙", kind: "people" },
  ];
  const section: Block[] = [];
  const indicators: Block[] = [];
  m.facts.forEach((f, i) => {
    const units = KINDS[f.kind];
    const unit = units[f.unit % units.length]!;
    const value = `${printed(f.value)}${unit === "" ? "" : unit === "%" ? "%" : ` ${unit}`}`;
    if (f.group === 1) {
      section.push({ line: `fact 事实${i} = ${value}` });
      available.push({ name: `收入.事实${i}`, kind: f.kind });
    } else {
      const name = f.group === 2 ? `明细.${f.kind}.事实${i}` : `事实${i}`;
      blocks.push({ line: `fact ${name} = ${value} @ "二"` });
      available.push({ name, kind: f.kind });
    }
  });
  const names: string[] = [];
  m.formulas.forEach((f, i) => {
    const pick = (k: number, kind?: Kind): Figure | undefined => {
      const candidates = kind ? available.filter((a) => a.kind === kind) : available.filter((a) => a.kind !== "ratio");
      return candidates.length === 0 ? undefined : candidates[f.picks[k]! % candidates.length];
    };
    const a = pick(0);
    if (!a) return;
    const b = pick(1, a.kind)!;
    const c = pick(2, a.kind)!;
    let body: string;
    let kind: Kind = a.kind;
    switch (f.shape) {
      case 0:
        body = `${a.name} + ${b.name} - ${c.name}`;
        break;
      case 1:
        body = `share(${a.name}, ${pick(1)!.name})`;
        kind = "ratio";
        break;
      case 2:
        body = `growth(${a.name}, ${b.name})`;
        kind = "ratio";
        break;
      case 3:
        body = available.some((x) => x.name.startsWith(`明细.${a.kind}.`)) ? `sum(明细.${a.kind}.*)` : `sum(${a.name}, ${b.name})`;
        break;
      case 4:
        body = `max(${a.name}, ${b.name}, ${c.name})`;
        break;
      case 5: {
        const units = KINDS[a.kind].filter((u) => u !== "");
        body = `${a.name} as ${units[f.picks[2]! % units.length]}`;
        break;
      }
      case 6:
        body = `if ${a.name} >= ${b.name} and not (${c.name} == ${a.name}) then ${a.name} else ${b.name}`;
        break;
      case 7:
        body = f.picks[2]! % 2 === 0 ? `twice(${a.name})` : `halve(${a.name})`;
        break;
      default:
        body = `min(${a.name}, ${b.name} * 2)`;
    }
    const local = `指标${i}`;
    const name = f.inSection ? `指标.${local}` : `结果.${local}`;
    const value = published.get(name);
    const line = value === undefined ? `formula ${f.inSection ? local : name} = ${body}` : `figure ${f.inSection ? local : name} = ${body} published ${value}`;
    (f.inSection ? indicators : blocks).push({ line });
    if (value !== undefined && f.known) blocks.push({ line: `known ${name} "declared inconsistent"` });
    names.push(name);
    available.push({ name, kind });
  });
  if (section.length > 0) blocks.push({ head: 'section 收入 @ "二、收入"', body: section });
  if (indicators.length > 0) blocks.push({ head: "section 指标", body: indicators });
  if (m.rows.length > 0) {
    const rows: Block[] = [{ line: "| 指标 | 规则 | 目标 | 实际 | 分值 | 得分 |" }];
    m.rows.forEach((r, i) => {
      const target = r.rule === "graded" ? '"完全达到预期"' : `${r.comparison} ${r.target} 人`;
      const actual = r.rule === "graded" ? '"基本达到预期"' : `${r.actual} 人`;
      rows.push({ line: `| 行${i} | ${r.rule} | ${target} | ${actual} | ${r.weight} | ${(r.score / 100).toFixed(2)} |` });
    });
    blocks.push({ head: 'table 绩效 @ "绩效自评表"', body: rows, fixedFirst: true });
    blocks.push({ line: `figure 绩效总分 = sum(绩效.*.得分) published ${m.rows.length * 3}.00` });
  }
  return { imports, blocks, figures: names };
}

function render(imports: readonly string[], blocks: readonly Block[], indent = ""): string {
  const lines = [...imports.map((i) => `${indent}${i}`)];
  for (const block of blocks) {
    if ("line" in block) lines.push(indent + block.line);
    else lines.push(`${indent}${block.head} {`, render([], block.body, `${indent}  `), `${indent}}`);
  }
  return lines.join("\n");
}

function compile(root: string): CompiledSpec {
  const compiled = compileSpec(["specs/root.reckon"], memoryHost({ "specs/std.reckon": STD, "specs/lib/a.reckon": LIB_A, "specs/lib/b.reckon": LIB_B, "specs/root.reckon": root }));
  const errors = compiled.diagnostics.filter((d) => d.severity === "error");
  if (!compiled.spec || errors.length > 0) throw new Error(`${errors.map((d) => `${d.code} ${d.message}`).join("\n")}\n${root}`);
  return compiled.spec;
}

/** Every figure's value as a quantity (amount in base units and the dimension), every status, every failure. */
function results(spec: CompiledSpec): Record<string, string> {
  const out: Record<string, string> = {};
  const evaluation = spec.calculation.evaluate();
  for (const [name, value] of evaluation.values) {
    const type = spec.typed.types.get(name);
    if (typeof value === "boolean" || type?.kind !== "quantity") {
      out[name] = String(value);
      continue;
    }
    const analysed = analyse(type.unit, spec.program.units);
    if ("unknown" in analysed) throw new Error(`unknown unit in ${name}`);
    const dimension = [...analysed.dimension].sort(([a], [b]) => (a < b ? -1 : 1)).map(([base, e]) => `${base}^${e}`).join("·");
    out[name] = `${format(multiply(value, analysed.scale))} [${dimension}]`;
  }
  for (const d of evaluation.diagnostics) out[`failure ${d.code} ${d.message}`] = "";
  const check = checkSpec(spec);
  for (const figure of check.figures) out[`status ${figure.name}`] = figure.status;
  for (const stale of check.stale) out[`stale ${stale.figure}`] = stale.status;
  return out;
}

/** The published values: each figure's computed value rounded, sometimes moved by a few units of its last digit. */
function publishedValues(m: Model): Map<string, string> {
  const draft = build(m, new Map());
  const spec = compile(render(draft.imports, draft.blocks));
  const values = spec.calculation.evaluate().values;
  const out = new Map<string, string>();
  m.formulas.forEach((f, i) => {
    const name = f.inSection ? `指标.指标${i}` : `结果.指标${i}`;
    const value = values.get(name);
    const type = spec.typed.types.get(name);
    if (!f.published || value === undefined || typeof value === "boolean" || type?.kind !== "quantity") return;
    const label = type.unit.label;
    if (label.includes("^") || label.includes("·") || label.startsWith("1/")) return;
    const inPercent = label === "";
    const amount = inPercent ? multiply(value, decimal("100")) : value;
    const text = round(amount, f.decimals).plus(decimal(`${f.offset}e-${f.decimals}`)).toFixed(f.decimals);
    out.set(name, `${text}${inPercent ? "%" : label === "%" ? "%" : ` ${label}`}`);
  });
  return out;
}

/** A random permutation of a list, by a list of random keys. */
function shuffled<T>(items: readonly T[], keys: Iterator<number>): T[] {
  const keyed = items.map((item) => ({ item, key: keys.next().value as number }));
  return keyed.sort((a, b) => a.key - b.key).map((k) => k.item);
}

/** Shuffles blocks at every level; units keep their relative order (at shuffled places). */
function shuffleBlocks(blocks: readonly Block[], keys: Iterator<number>): Block[] {
  const moved = blocks.map((b) => ("body" in b ? { ...b, body: b.fixedFirst ? [b.body[0]!, ...shuffleBlocks(b.body.slice(1), keys)] : shuffleBlocks(b.body, keys) } : b));
  const isUnit = (b: Block) => "line" in b && b.unit === true;
  const units = moved.filter(isUnit);
  const out: (Block | undefined)[] = shuffled(moved.filter((b) => !isUnit(b)), keys);
  for (let i = 0; i < units.length; i++) out.splice((keys.next().value as number) % (out.length + 1), 0, undefined);
  let next = 0;
  return out.map((b) => b ?? units[next++]!);
}

const keys = fc.infiniteStream(fc.nat({ max: 1_000_000 }));

describe("results do not depend on the order of declarations", () => {
  it("shuffling the declarations (top level, sections, table rows) and the imports changes no value and no status", () => {
    fc.assert(
      fc.property(model, keys, fc.boolean(), fc.boolean(), (m, stream, moveDeclarations, moveImports) => {
        const published = publishedValues(m);
        const original = build(m, published);
        const expected = results(compile(render(original.imports, original.blocks)));
        const iterator = stream[Symbol.iterator]();
        const imports = moveImports ? shuffled(original.imports, iterator) : original.imports;
        const blocks = moveDeclarations ? shuffleBlocks(original.blocks, iterator) : original.blocks;
        const text = render(imports, blocks);
        expect(results(compile(text)), text).toEqual(expected);
      }),
      parameters(60),
    );
  });

  it("imports may stand anywhere among the declarations, in any order", () => {
    fc.assert(
      fc.property(model, keys, (m, stream) => {
        const published = publishedValues(m);
        const original = build(m, published);
        const expected = results(compile(render(original.imports, original.blocks)));
        const iterator = stream[Symbol.iterator]();
        const mixed = shuffleBlocks([...original.imports.map((line) => ({ line })), ...original.blocks], iterator);
        const text = render([], mixed);
        expect(results(compile(text)), text).toEqual(expected);
      }),
      parameters(40),
    );
  });

  it("the generated specs exercise every status", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(model, (m) => {
        const original = build(m, publishedValues(m));
        for (const [key, value] of Object.entries(results(compile(render(original.imports, original.blocks))))) {
          if (key.startsWith("status ")) seen.add(value);
          if (key.startsWith("failure ")) seen.add("failure");
        }
      }),
      parameters(60),
    );
    expect([...seen].sort()).toEqual(expect.arrayContaining(["exact", "mismatch", "within-rounding", "known-inconsistency"]));
  });
});
