import fc from "fast-check";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkSpec } from "../src/checking/check";
import type { Diagnostic } from "../src/diagnostics/diagnostic";
import { printSpec } from "../src/formatting/format-spec";
import { compileSpec } from "../src/pipeline";
import { memoryHost } from "../src/semantics/loader";
import { parseSpec } from "../src/syntax/parse";
import { SourceFile } from "../src/syntax/source";
import { scan } from "../src/syntax/scan";
import { parameters, timeout } from "./properties";
import { specFile } from "./syntax-arbitraries";

/**
 * No input makes reckon throw. Arbitrary strings, token soup, random syntax trees and randomly
 * mutated real specs go through every stage (parseSpec, compileSpec, evaluation, checkSpec); each
 * stage answers with diagnostics, and every diagnostic points at a place in a file.
 */

const repository = path.resolve(__dirname, "..");
const STD_KEY = "specs/std/final-accounts.reckon";
const std = readFileSync(path.join(repository, STD_KEY), "utf8");

/** A small report in the style of the real ones, with a section, a table and every kind of declaration. */
const DEMO_KEY = "specs/demo/demo.reckon";
const demo = `import "../std/final-accounts.reckon"
report "示例单位 2024年度部门决算" year 2024 rounding half_up

unit 篇
unit 万篇 = 10,000 篇

section 收入 @ "二、收入决算情况说明" {
  fact 本年合计 = 1,362.66 万元
  fact 财政拨款 = 1,362.65 万元
  fact 其他收入 = 0.01 万元
  figure 其他收入.占比 = share(其他收入, 本年合计) published 0.0007%
  figure 合计 = 财政拨款 + 其他收入 published 1,362.66 万元
  fact 上年 = 1,632.62 万元
  figure 增长 = growth(本年合计, 上年) published -16.54%
}
fact 支出.基本支出 = 0.33 万元
fact 支出.项目支出 = 0.33 万元
figure 合计.支出 = sum(支出.*) published 1.00 万元
figure 月服务费 = (2,716.67 元/人/月 * 12 人 * 12 月) as 万元 published 39.12 万元 rounding down
formula 篇数 = 1,200 篇 as 万篇
function per_month(amount) = amount / 12 月
formula 月均 = per_month(收入.本年合计)
table 绩效.科普经费 @ "项目支出绩效自评表: 科普经费" {
  | 指标       | 规则         | 目标           | 实际           | 分值 | 得分 |
  | 慰问人数   | proportional | >= 510 人      | 462 人         | 5    | 4.53 |
  | 发布及时性 | meets        | <= 24 小时     | 10 小时        | 5    | 5    |
  | 满意度     | graded       | "完全达到预期" | "基本达到预期" | 20   | 16   |
}
figure 绩效.科普经费.总分 = sum(绩效.科普经费.*.得分) published 25.53
known 绩效.科普经费.总分 "printed as 25.53"
figure 比较 = if 收入.本年合计 > 1 亿元 or not (收入.其他收入 == 0) then 1 else 0 published 1
`;

/** The real specs: the standard library, the demo, and every report under specs/2024 when there are any. */
function realSpecs(): { key: string; text: string }[] {
  const specs = [
    { key: STD_KEY, text: std },
    { key: DEMO_KEY, text: demo },
  ];
  const reports = path.join(repository, "specs/2024");
  if (existsSync(reports)) {
    for (const name of readdirSync(reports).sort()) {
      if (name.endsWith(".reckon")) specs.push({ key: `specs/2024/${name}`, text: readFileSync(path.join(reports, name), "utf8") });
    }
  }
  return specs;
}

/** Every diagnostic (and every related place) must have a span that is a real position in its file. */
function expectLocated(diagnostics: readonly Diagnostic[], stage: string): void {
  for (const d of diagnostics) {
    const places = [d.span, ...(d.related ?? []).map((r) => r.span)];
    for (const place of places) {
      expect(place, `${stage}: ${d.code} ${d.message} has no span`).toBeDefined();
      const { file, start, end } = place!;
      expect(file.path, `${stage}: ${d.code}`).not.toBe("");
      expect(start).toBeGreaterThanOrEqual(0);
      expect(end).toBeGreaterThanOrEqual(start);
      expect(end).toBeLessThanOrEqual(file.text.length);
      const { line, column } = file.position(start);
      expect(line).toBeGreaterThanOrEqual(1);
      expect(line).toBeLessThanOrEqual(file.lineCount);
      expect(column).toBeGreaterThanOrEqual(1);
    }
    expect(d.message.length).toBeGreaterThan(0);
  }
}

/** Runs every stage on a spec (the root) with the standard library and the demo next to it. */
function everyStage(key: string, text: string): void {
  expectLocated(parseSpec(new SourceFile(key, text)).diagnostics, "parse");
  const files: Record<string, string> = { [STD_KEY]: std, [DEMO_KEY]: demo, [key]: text };
  const compiled = compileSpec([key], memoryHost(files));
  expectLocated(compiled.diagnostics, "compile");
  if (!compiled.spec) return;
  const evaluation = compiled.spec.calculation.evaluate();
  expectLocated(evaluation.diagnostics, "evaluate");
  const checked = checkSpec(compiled.spec);
  expectLocated(checked.diagnostics, "check");
  for (const figure of checked.figures) expect(["exact", "within-rounding", "known-inconsistency", "mismatch"]).toContain(figure.status);
}

/** Text that reports, editors and careless copying put into specs. */
const noise = fc.oneof(
  fc.constantFrom(
    "（", "）", "“", "”", "，", "'", "\u0000", "\ud800", "\udc00", "😀", "\u202e", "\u200b", "\ufeff", "\r", "\t", "\u3000", "\u2028",
    "{", "}", "|", "@", "(", ")", "**", "*.", ".*", "//", '"', "\\", ".5", "5.", "1e5", "∑", "=", "==", "-", "not", "if", "as", "%", "/",
  ),
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.string({ unit: "grapheme", maxLength: 6 }),
);
/** Huge and tiny numbers, near and over the limits of the language. */
const hugeNumber = fc.oneof(
  fc.integer({ min: 30, max: 60 }).map((n) => "9".repeat(n)),
  fc.integer({ min: 30, max: 60 }).map((n) => `0.${"0".repeat(n)}1`),
  fc.integer({ min: 5, max: 15 }).map((n) => `1${",000".repeat(n)}.${"9".repeat(n)}`),
  fc.constantFrom("99999999999999999999999999999999999999 亿元", "0.0000000000000000000000000000000000001%", "1,000,000,000,000,000,000,000,000,000,000 元/人/月"),
);

type Mutation =
  | { kind: "delete" | "duplicate" | "swap" | "replace" | "truncate" | "line"; at: number; other: number }
  | { kind: "noise" | "huge"; at: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom("delete" as const, "duplicate" as const, "swap" as const, "replace" as const, "truncate" as const, "line" as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant("noise" as const), at: fc.nat(), text: noise }),
  fc.record({ kind: fc.constant("huge" as const), at: fc.nat(), text: hugeNumber }),
);

/** Deletes, duplicates, swaps or replaces tokens, inserts noise or huge numbers, cuts the text short. */
function mutate(text: string, mutations: readonly Mutation[]): string {
  for (const m of mutations) {
    const lexed = scan(text);
    const tokens = [...lexed.tokens, ...lexed.comments].sort((a, b) => a.startOffset - b.startOffset);
    if (tokens.length === 0) return text + ("text" in m ? m.text : "");
    const token = tokens[m.at % tokens.length]!;
    const start = token.startOffset;
    const end = (token.endOffset ?? start) + 1;
    switch (m.kind) {
      case "delete":
        text = text.slice(0, start) + text.slice(end);
        break;
      case "duplicate":
        text = `${text.slice(0, end)} ${token.image}${text.slice(end)}`;
        break;
      case "swap": {
        const other = tokens[m.other % tokens.length]!;
        if (other === token) break;
        const [a, b] = other.startOffset < start ? [other, token] : [token, other];
        const aEnd = (a.endOffset ?? a.startOffset) + 1;
        const bEnd = (b.endOffset ?? b.startOffset) + 1;
        text = text.slice(0, a.startOffset) + b.image + text.slice(aEnd, b.startOffset) + a.image + text.slice(bEnd);
        break;
      }
      case "replace":
        text = text.slice(0, start) + tokens[m.other % tokens.length]!.image + text.slice(end);
        break;
      case "truncate":
        text = text.slice(0, start);
        break;
      case "line": {
        const lines = text.split("\n");
        const i = m.at % lines.length;
        const j = m.other % lines.length;
        lines.splice(j, 0, lines[i]!);
        text = lines.join("\n");
        break;
      }
      case "noise":
      case "huge":
        text = `${text.slice(0, start)}${m.at % 2 === 0 ? " " : ""}${m.text} ${text.slice(start)}`;
        break;
    }
  }
  return text;
}

describe("no input makes a stage throw; every diagnostic has a place", () => {
  it("arbitrary strings", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), fc.string({ unit: "grapheme", maxLength: 100 }), fc.string({ maxLength: 200 })), (text) => {
        everyStage("specs/random.reckon", text);
      }),
      parameters(300),
    );
  });

  it("token soup: keywords, names, numbers, units and punctuation in any order", () => {
    const piece = fc.constantFrom(
      "fact ", "figure ", "formula ", "function ", "section ", "table ", "known ", "unit ", "report ", "import ", "published ", "rounding ", "year ",
      "{", "}", "| ", " |", "a", "b", "收入", "a.b", "a.*", "**.b", " = ", "1", "0", "2.50", "1,362.65", "万元", "元/人/月", "%", "(", ")", "+", "-", "*", "/",
      "==", "<=", "if ", " then ", " else ", " and ", " or ", "not ", " as ", "true", "false", "sum(", "min(", "count(", "share(", "growth(", "round(", "computed(", ", ",
      '"x"', '@ "二"', "half_even", "down", "\n", "// c\n", '"std/final-accounts.reckon"\n', '"../std/final-accounts.reckon"\n',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), (pieces) => {
        everyStage("specs/soup.reckon", pieces.join(""));
      }),
      parameters(300),
    );
  });

  it("random syntax trees of every kind of declaration and expression, importing the standard library", () => {
    fc.assert(
      fc.property(specFile, fc.boolean(), (spec, withStd) => {
        everyStage("specs/generated.reckon", `${withStd ? 'import "std/final-accounts.reckon"\n' : ""}${printSpec(spec)}`);
      }),
      parameters(200),
    );
  });

  const specs = realSpecs();
  it.each(specs.map((s) => [s.key, s] as const))(
    "randomly mutated %s",
    (_, spec) => {
      // The real report is large (hundreds of figures): fewer runs keep the suite fast.
      const runsFor = spec.text.length > 20_000 ? 12 : 150;
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 5 }), (mutations) => {
          everyStage(spec.key, mutate(spec.text, mutations));
        }),
        parameters(runsFor),
      );
    },
    timeout(60_000),
  );

  it("the real specs themselves go through every stage without an error", () => {
    for (const spec of specs) {
      const compiled = compileSpec([spec.key], memoryHost({ [STD_KEY]: std, [DEMO_KEY]: demo, [spec.key]: spec.text }));
      expect(compiled.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`), spec.key).toEqual([]);
      const checked = checkSpec(compiled.spec!);
      expect(checked.diagnostics.map((d) => `${d.code} ${d.message}`), spec.key).toEqual([]);
    }
  });
});
