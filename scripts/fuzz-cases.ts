/**
 * The cases of reckon's fuzzer (scripts/fuzz.ts, and a few thousand of them in test/fuzz.test.ts):
 * a fast-check generator of hostile inputs and a runner that takes one through every stage,
 * in-process, and classifies what happened.
 *
 * Inputs: grammar-aware specs (test/syntax-arbitraries.ts), the real specs (specs/std and the 2024
 * report, whole or a window of their declarations) and pathological specs built to be slow (deep
 * nesting, wide sums, long import chains, towers of functions, growing digits, long lines, huge
 * literals), each with random token mutations (deletion, duplication, swaps, replacements,
 * truncation, duplicated lines, inserted unicode noise, huge numbers, deep nesting and long lines);
 * JSON and CSV fact files, generated and then mutated character by character; lone expressions.
 *
 * Stages: parseSpec, formatSpec (and formatting the result again), compileSpec, evaluation,
 * checkSpec (with the text and JSON renderings), explain of a few figures (text, markdown, JSON),
 * the rendering of every diagnostic, and the Engine API (fromString, loadFacts, setFact, check,
 * explain, value, evaluate).
 *
 * A case's outcome is `ok` (no errors) or `diagnostics` (errors, all of them with a place in a
 * file); anything else is a bug: an exception that escapes (`exception`), a diagnostic without a
 * valid position (`unlocated`), a change to a built-in prototype (`polluted`), or a formatted
 * spec that does not format to itself (`unstable-fmt`). The caller times each case (over 1 s is a
 * bug too).
 */
import type { IToken } from "chevrotain";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ReckonError, type ReckonDiagnostic } from "../src/api/diagnostics";
import { Engine } from "../src/api/engine";
import { evaluate } from "../src/api/evaluate";
import { checkSpec, type CheckResult } from "../src/checking/check";
import { checkToJson } from "../src/checking/check-json";
import { renderCheckText } from "../src/checking/check-text";
import type { Diagnostic } from "../src/diagnostics/diagnostic";
import { renderDiagnostics } from "../src/diagnostics/render";
import { Explainer } from "../src/explaining/explain";
import { renderExplainMarkdown, renderExplainText } from "../src/explaining/render-explain";
import { readFactFile } from "../src/facts/fact-files";
import { formatSpec, printSpec } from "../src/formatting/format-spec";
import { compileSpec, evaluateExpression, type CompiledSpec } from "../src/pipeline";
import { memoryHost } from "../src/semantics/loader";
import type * as ast from "../src/syntax/ast";
import { parseSpec } from "../src/syntax/parse";
import { printExpression } from "../src/syntax/print";
import { SourceFile } from "../src/syntax/source";
import { scan } from "../src/syntax/scan";
import { expression, specFile } from "../test/syntax-arbitraries";

// ── The real specs ──────────────────────────────────────────────────────────────────────────────

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const STD_KEY = "specs/std/final-accounts.reckon";
export const REPORT_KEY = "specs/2024/urumqi-cast.reckon";
const std = readFileSync(path.join(repository, STD_KEY), "utf8");
const report = readFileSync(path.join(repository, REPORT_KEY), "utf8");
/** Where generated specs live, so that `import "../std/final-accounts.reckon"` finds the library. */
const FUZZ_DIR = "specs/fuzz";
const STD_IMPORT = 'import "../std/final-accounts.reckon"\n';

/** The report's header (imports, report line) and the text of each later top-level declaration. */
const reportParts = (() => {
  const parsed = parseSpec(new SourceFile(REPORT_KEY, report));
  const header: string[] = [];
  const body: string[] = [];
  for (const d of parsed.value.declarations) {
    const text = report.slice(d.span.start, d.span.end);
    if (d.kind === "import" || d.kind === "report") header.push(text);
    else body.push(text);
  }
  return { header: header.join("\n"), body };
})();

// ── Mutations ───────────────────────────────────────────────────────────────────────────────────

const COMBINING = ["\u0301", "\u0300", "\u0308", "\u0338", "\u20dd", "\u0489", "\u3099"];
const BIDI = ["\u200f", "\u200e", "\u202e", "\u202d", "\u202b", "\u2066", "\u2067", "\u2069", "\u061c"];
const SURROGATE_HALVES = ["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d", "\ude00"];
const CONTROL = ["\u0000", "\u0007", "\u0008", "\u001b", "\u007f", "\u0085", "\u2028", "\u2029", "\r", "\r\n", "\t", "\v", "\f", "\ufeff", "\u200b", "\u200d", "\u00a0", "\ufffe", "\uffff", "\ufffd"];
const FULL_WIDTH = ["（", "）", "，", "：", "；", "＝", "＋", "－", "＊", "／", "％", "＂", "｛", "｝", "｜", "．", "＠", "“", "”", "‘", "’", "、", "。", "\u3000", "１２３", "１，３６２．６５", "￥", "–", "—", "×", "÷", "≥", "≤", "≠"];
const EMOJI = ["😀", "👨‍👩‍👧", "🇨🇳", "🏳️‍🌈", "1️⃣", "🔥", "🧮", "𝟙𝟚𝟛", "𠀀"];
const PUNCTUATION = ["(", ")", "{", "}", "|", "@", '"', '"unterminated', "\\", "//", "/*", "*/", ".", "..", ".*", "**", "*.*", ",", ",,", "=", "==", "!=", "%", "-", "+", "*", "/", "<", ">=", "'", "`", "$", "#", ";", ":", "?", "&&", "||", "=>", "${x}"];
const WORDS = [
  "fact", "figure", "formula", "function", "section", "table", "known", "computes", "unit", "report", "import", "published", "rounding", "year", "law", "for", "in",
  "if", "then", "else", "and", "or", "not", "as", "true", "false", "sum", "min", "max", "round", "share", "computed", "half_up", "half_even", "down",
  "万元", "元", "亿元", "人", "%", "__proto__", "constructor", "prototype", "toString",
];

/** Characters that reports, editors, careless copying and attackers put into text. */
export const noise: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...COMBINING, ...BIDI, ...SURROGATE_HALVES, ...CONTROL, ...FULL_WIDTH, ...EMOJI, ...PUNCTUATION, ...WORDS) },
  { weight: 3, arbitrary: fc.array(fc.constantFrom(...COMBINING, ...BIDI, ...SURROGATE_HALVES, ...CONTROL, ...FULL_WIDTH, ...EMOJI, ...PUNCTUATION), { minLength: 2, maxLength: 6 }).map((parts) => parts.join("")) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("a", "收", "1", "("), fc.integer({ min: 1, max: 300 })).map(([base, n]) => base + "\u0301".repeat(n)) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }) },
);

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+$)/g, ",");
}

/** Numbers near and over every limit on digits, and things that look like numbers but are not. */
export const hugeNumber: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 1, max: 130 }).map((n) => "9".repeat(n)),
  fc.integer({ min: 95, max: 105 }).map((n) => `1${"0".repeat(n - 1)}`),
  fc.integer({ min: 1, max: 40 }).map((n) => groupThousands("1" + "000".repeat(n))),
  fc.tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 80 })).map(([w, d]) => `${"7".repeat(w)}.${"3".repeat(d)}`),
  fc.integer({ min: 1, max: 150 }).map((n) => `0.${"0".repeat(n)}1`),
  fc.integer({ min: 900, max: 1_200 }).map((n) => "8".repeat(n)),
  fc.constantFrom(
    "1e999", "1E-999", "1e", "Infinity", "-Infinity", "NaN", "-0", "-0.00", "0x1F", "0b101", "1_000", "1,00", "1,0000", ",1", "1.", ".5", "1..2", "--1",
    "１２３", "٣", "½", "Ⅻ", "99999999999999999999999999999999999999 亿元", "0.0000000000000000000000000000000000001%",
    "1,000,000,000,000,000,000,000,000,000,000 元/人/月",
  ),
);

/** Parentheses, signs and braces nested near and over the nesting limit, balanced or not. */
export const deepNesting: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 1, max: 120 }).map((n) => `${"(".repeat(n)}1${")".repeat(n)}`),
  fc.integer({ min: 1, max: 120 }).map((n) => "(".repeat(n)),
  fc.integer({ min: 1, max: 120 }).map((n) => ")".repeat(n)),
  fc.integer({ min: 1, max: 120 }).map((n) => "- ".repeat(n)),
  fc.integer({ min: 1, max: 120 }).map((n) => "not ".repeat(n)),
  fc.integer({ min: 1, max: 120 }).map((n) => `${"section s { ".repeat(n)}${"}".repeat(n)}`),
  fc.integer({ min: 1, max: 1_100 }).map((n) => Array(n).fill("1").join(" + ")),
  fc.integer({ min: 1, max: 200 }).map((n) => `${"if true then ".repeat(n)}1${" else 0".repeat(n)}`),
  fc.integer({ min: 1, max: 200 }).map((n) => `${"f(".repeat(n)}1${")".repeat(n)}`),
);

/**
 * Lines of up to 60,000 characters: long enough for anything quadratic in the length of a line to
 * take seconds, short enough for the linear work of every stage to stay well within the budget.
 */
export const longLine: fc.Arbitrary<string> = fc
  .tuple(
    // Escaped quotes in a string that never closes once took the lexer quadratic time (found by this
    // fuzzer; test/termination.test.ts).
    fc.constantFrom("x", "收", " ", "\t", "a.", "1", "1,", '"', '\\"', "// ", "😀", "\u0301", "\u3000", "(", "- ", "？"),
    fc.integer({ min: 1_000, max: 60_000 }),
  )
  .map(([unit, n]) => unit.repeat(Math.ceil(n / unit.length)));

export type Mutation =
  | { readonly op: "delete" | "duplicate" | "truncate"; readonly at: number }
  | { readonly op: "swap" | "replace" | "line"; readonly at: number; readonly other: number }
  | { readonly op: "insert"; readonly at: number; readonly text: string };

const position = fc.noBias(fc.nat());

function mutationOf(inserted: fc.Arbitrary<string>): fc.Arbitrary<Mutation> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ op: fc.constantFrom("delete" as const, "duplicate" as const), at: position }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant("truncate" as const), at: position }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constantFrom("swap" as const, "replace" as const, "line" as const), at: position, other: position }) },
    { weight: 5, arbitrary: fc.record({ op: fc.constant("insert" as const), at: position, text: inserted }) },
  );
}

/** A token deleted, duplicated, swapped or replaced, the text cut short, a line repeated, or text inserted. */
export const mutation: fc.Arbitrary<Mutation> = mutationOf(
  fc.oneof({ weight: 6, arbitrary: noise }, { weight: 3, arbitrary: hugeNumber }, { weight: 2, arbitrary: deepNesting }, { weight: 1, arbitrary: longLine }),
);
/** The same without long lines, for the large real report (its own size is the long part). */
const mutationOfLargeText: fc.Arbitrary<Mutation> = mutationOf(fc.oneof({ weight: 6, arbitrary: noise }, { weight: 3, arbitrary: hugeNumber }, { weight: 2, arbitrary: deepNesting }));

/** A text cut at its tokens (comments included): `gaps[i]` comes before `images[i]`, `gaps[n]` last. */
interface Pieces {
  readonly images: readonly string[];
  readonly gaps: readonly string[];
}

const piecesCache = new Map<string, Pieces>();

function piecesOf(text: string): Pieces {
  const cached = piecesCache.get(text);
  if (cached) return cached;
  const lexed = scan(text);
  const tokens: IToken[] = [...lexed.tokens, ...lexed.comments].sort((a, b) => a.startOffset - b.startOffset);
  const images: string[] = [];
  const gaps: string[] = [];
  let offset = 0;
  for (const token of tokens) {
    gaps.push(text.slice(offset, token.startOffset));
    images.push(token.image);
    offset = token.startOffset + token.image.length;
  }
  gaps.push(text.slice(offset));
  const pieces = { images, gaps };
  // Only the real specs are mutated again and again; their tokens are worth keeping.
  if (text.length > 2_000 && piecesCache.size < 8) piecesCache.set(text, pieces);
  return pieces;
}

/** Applies token mutations to a text: all positions refer to the tokens of the text as given. */
export function mutate(text: string, mutations: readonly Mutation[]): string {
  if (mutations.length === 0) return text;
  const { images: original, gaps } = piecesOf(text);
  const n = original.length;
  if (n === 0) return text + mutations.map((m) => ("text" in m ? m.text : "")).join(" ");
  const images = [...original];
  let cut = n;
  const lines: { at: number; other: number }[] = [];
  for (const m of mutations) {
    const i = m.at % n;
    switch (m.op) {
      case "delete":
        images[i] = "";
        break;
      case "duplicate":
        images[i] = `${images[i]} ${images[i]}`;
        break;
      case "truncate":
        cut = Math.min(cut, i);
        break;
      case "swap": {
        const j = m.other % n;
        [images[i], images[j]] = [images[j]!, images[i]!];
        break;
      }
      case "replace":
        images[i] = original[m.other % n]!;
        break;
      case "line":
        lines.push({ at: m.at, other: m.other });
        break;
      case "insert":
        images[i] = `${m.at % 2 === 0 ? " " : ""}${m.text}${m.at % 3 === 0 ? "" : " "}${images[i]}`;
        break;
    }
  }
  let out = "";
  for (let i = 0; i < cut; i++) out += gaps[i]! + images[i]!;
  if (cut === n) out += gaps[n]!;
  for (const { at, other } of lines) {
    const all = out.split("\n");
    all.splice(other % all.length, 0, all[at % all.length]!);
    out = all.join("\n");
  }
  return out;
}

// ── Fact files ──────────────────────────────────────────────────────────────────────────────────

/** Names that are special somewhere: in JavaScript objects, in JSON, in CSV. */
const SPECIAL_NAMES = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf", "__defineGetter__", "a.__proto__", "constructor.prototype"];

export type FactName = { readonly declared: number } | { readonly text: string };
export type FactValue =
  | { readonly kind: "printed"; readonly text: string }
  | { readonly kind: "json"; readonly text: string } // raw JSON: a number, null, an object …
  | { readonly kind: "absent" };

export interface FactEntry {
  readonly name: FactName;
  readonly value: FactValue;
  readonly unit?: string;
  readonly citation?: string;
  /** More keys of a JSON entry (or columns of a CSV row), such as "__proto__". */
  readonly extra: readonly (readonly [string, string])[];
}

export interface FactFile {
  readonly format: "json-list" | "json-map" | "csv" | "json-deep" | "raw";
  /** The file's name: its extension tells the format, and may lie. */
  readonly path: string;
  readonly entries: readonly FactEntry[];
  readonly csv: { readonly bom: boolean; readonly crlf: boolean; readonly header: readonly string[] };
  /** For json-deep: how deep the arrays are nested; for raw: the text. */
  readonly depth: number;
  readonly raw: string;
  readonly mutations: readonly CharMutation[];
}

export type CharMutation =
  | { readonly op: "delete" | "duplicate" | "truncate"; readonly at: number; readonly length: number }
  | { readonly op: "insert"; readonly at: number; readonly text: string };

const printedNumber = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.integer({ min: 0, max: 99_999_999 }), fc.option(fc.integer({ min: 0, max: 9_999 }))).map(([w, d]) => `${w}${d === null ? "" : `.${d}`}`) },
  { weight: 3, arbitrary: fc.tuple(fc.integer({ min: 1_000, max: 99_999_999 }), fc.integer({ min: 0, max: 99 })).map(([w, d]) => `${groupThousands(String(w))}.${String(d).padStart(2, "0")}`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom("-", "+"), fc.integer({ min: 0, max: 9_999 })).map(([s, n]) => `${s}${n}`) },
  { weight: 3, arbitrary: hugeNumber },
  { weight: 2, arbitrary: noise },
);

const factValue: fc.Arbitrary<FactValue> = fc.oneof(
  { weight: 8, arbitrary: printedNumber.map((text) => ({ kind: "printed" as const, text })) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(fc.constantFrom("1.5", "1e400", "-0", "0", "null", "true", "[]", "{}", '{"value":"1"}', '["1"]', "9".repeat(400)), fc.double().map((d) => (Number.isFinite(d) ? String(d) : "0")))
      .map((text) => ({ kind: "json" as const, text })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "absent" as const }) },
);

const factUnit = fc.option(
  fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom("万元", "元", "亿元", "人", "%", "元/人/月", "万元/人", "", " ", "万元 ") },
    { weight: 2, arbitrary: noise },
    { weight: 1, arbitrary: fc.constantFrom(...SPECIAL_NAMES) },
  ),
  { nil: undefined },
);

const factEntry: fc.Arbitrary<FactEntry> = fc.record({
  name: fc.oneof(
    { weight: 6, arbitrary: position.map((declared) => ({ declared })) },
    { weight: 2, arbitrary: fc.constantFrom(...SPECIAL_NAMES).map((text) => ({ text })) },
    { weight: 1, arbitrary: fc.oneof(noise, fc.constantFrom("", " ", "收入.*", "**", "收入.", ".收入", "收入..财政拨款")).map((text) => ({ text })) },
  ),
  value: factValue,
  unit: factUnit,
  citation: fc.option(fc.oneof(fc.constantFrom("二、收入决算情况说明", "", "表1"), noise), { nil: undefined }),
  extra: fc.array(fc.tuple(fc.constantFrom("__proto__", "constructor", "prototype", "name", "value", "extra", ""), fc.constantFrom('{"polluted":"yes"}', '"x"', "1", "null", '{"constructor":{"prototype":{"polluted":"yes"}}}')), { maxLength: 2 }),
}, { requiredKeys: ["name", "value", "extra"] });

const charMutation: fc.Arbitrary<CharMutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constantFrom("delete" as const, "duplicate" as const), at: position, length: fc.integer({ min: 1, max: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("truncate" as const), at: position, length: fc.constant(0) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant("insert" as const), at: position, text: fc.oneof({ weight: 4, arbitrary: noise }, { weight: 2, arbitrary: hugeNumber }, { weight: 1, arbitrary: fc.constantFrom('"', ",", "\n", "\r\n", "{", "}", "[", "]", ":", '""', "\\", "\\u", "\\ud800") }) }) },
);

export const factFile: fc.Arbitrary<FactFile> = fc
  .record({
    format: fc.oneof(
      { weight: 4, arbitrary: fc.constant("json-list" as const) },
      { weight: 3, arbitrary: fc.constant("json-map" as const) },
      { weight: 5, arbitrary: fc.constant("csv" as const) },
      { weight: 1, arbitrary: fc.constant("json-deep" as const) },
      { weight: 1, arbitrary: fc.constant("raw" as const) },
    ),
    extension: fc.oneof({ weight: 12, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.constantFrom(".JSON", ".CSV", ".json", ".csv", ".txt", "") }),
    entries: fc.array(factEntry, { maxLength: 6 }),
    csv: fc.record({
      bom: fc.boolean(),
      crlf: fc.boolean(),
      header: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(["name", "value", "unit", "citation"], ["name", "value"], ["value", "name", "unit"], ["name", "value", "unit"]) },
        { weight: 1, arbitrary: fc.constantFrom(["name", "name", "value"], ["Name", "Value"], ["__proto__", "name", "value"], ["name", "value", "constructor"], [], ["name", "value", "unit", "citation", "extra"]) },
      ),
    }),
    depth: fc.integer({ min: 1, max: 100_000 }),
    raw: fc.oneof(noise, fc.constantFrom("", "{", "[", "null", "{}", '{"facts": null}', '{"facts": "x"}', '{"facts": [1, "x", null, []]}', "name,value\n", "\ufeff", '{"facts": {"a": "1"}, "facts": []}')),
    mutations: fc.array(charMutation, { maxLength: 3 }),
  })
  .map(({ format, extension, entries, csv, depth, raw, mutations }) => {
    const natural = format === "csv" ? ".csv" : format === "raw" ? (raw.includes(",") ? ".csv" : ".json") : ".json";
    return { format, path: `facts/fuzz${extension === "" ? natural : extension}`, entries, csv, depth, raw, mutations };
  });

function resolveName(name: FactName, declared: readonly string[]): string {
  if ("text" in name) return name.text;
  return declared.length === 0 ? "x" : declared[name.declared % declared.length]!;
}

function csvField(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The text of a fact file, given the names of the facts the spec declares. */
export function factFileText(file: FactFile, declared: readonly string[]): string {
  let text: string;
  switch (file.format) {
    case "json-list": {
      const entries = file.entries.map((e) => {
        const fields = [`"name": ${JSON.stringify(resolveName(e.name, declared))}`];
        if (e.value.kind === "printed") fields.push(`"value": ${JSON.stringify(e.value.text)}`);
        else if (e.value.kind === "json") fields.push(`"value": ${e.value.text}`);
        if (e.unit !== undefined) fields.push(`"unit": ${JSON.stringify(e.unit)}`);
        if (e.citation !== undefined) fields.push(`"citation": ${JSON.stringify(e.citation)}`);
        for (const [key, value] of e.extra) fields.push(`${JSON.stringify(key)}: ${value}`);
        return `{ ${fields.join(", ")} }`;
      });
      text = `{ "facts": [\n  ${entries.join(",\n  ")}\n] }\n`;
      break;
    }
    case "json-map": {
      const entries = file.entries.map((e) => {
        const value = e.value.kind === "printed" ? JSON.stringify(e.unit === undefined ? e.value.text : `${e.value.text} ${e.unit}`) : e.value.kind === "json" ? e.value.text : '""';
        return `${JSON.stringify(resolveName(e.name, declared))}: ${value}`;
      });
      text = `{ "facts": {\n  ${entries.join(",\n  ")}\n} }\n`;
      break;
    }
    case "csv": {
      const newline = file.csv.crlf ? "\r\n" : "\n";
      const rows = file.entries.map((e) =>
        file.csv.header
          .map((column) => {
            if (column === "name") return csvField(resolveName(e.name, declared));
            if (column === "value") return csvField(e.value.kind === "printed" ? e.value.text : e.value.kind === "json" ? e.value.text : "");
            if (column === "unit") return csvField(e.unit ?? "");
            if (column === "citation") return csvField(e.citation ?? "");
            return csvField(e.extra[0]?.[1] ?? "");
          })
          .join(","),
      );
      text = `${file.csv.bom ? "\ufeff" : ""}${[file.csv.header.join(","), ...rows].join(newline)}${newline}`;
      break;
    }
    case "json-deep":
      text = `{"facts": ${"[".repeat(file.depth)}${"]".repeat(file.depth)}}`;
      break;
    case "raw":
      text = file.raw;
      break;
  }
  return mutateChars(text, file.mutations);
}

function mutateChars(text: string, mutations: readonly CharMutation[]): string {
  for (const m of mutations) {
    const at = text.length === 0 ? 0 : m.at % (text.length + 1);
    switch (m.op) {
      case "delete":
        text = text.slice(0, at) + text.slice(at + m.length);
        break;
      case "duplicate":
        text = text.slice(0, at + m.length) + text.slice(at, at + m.length) + text.slice(at + m.length);
        break;
      case "truncate":
        text = text.slice(0, at);
        break;
      case "insert":
        text = text.slice(0, at) + m.text + text.slice(at);
        break;
    }
  }
  return text;
}

// ── Pathological specs ──────────────────────────────────────────────────────────────────────────

/** Specs built to be slow, or to overflow a stack, each sized around the limit that stops it. */
export type Hostile =
  | { readonly shape: "parens" | "signs" | "nots" | "sections" | "if-chain" | "call-nesting"; readonly n: number }
  | { readonly shape: "operator-chain"; readonly n: number; readonly operator: string }
  | { readonly shape: "wide-sum" | "formula-chain" | "cycle" | "compound-unit" | "pattern-fan" | "table" | "unknown-names" | "duplicates"; readonly n: number }
  | { readonly shape: "unit-chain"; readonly n: number; readonly factor: string }
  | { readonly shape: "functions"; readonly depth: number; readonly fanout: number }
  | { readonly shape: "digits"; readonly n: number; readonly digits: number }
  | { readonly shape: "imports" | "import-diamond"; readonly n: number; readonly figures: number }
  | { readonly shape: "long-line"; readonly line: string; readonly where: "name" | "string" | "comment" | "formula" }
  | { readonly shape: "literal"; readonly literal: string }
  | { readonly shape: "division"; readonly variant: number }
  | { readonly shape: "javascript"; readonly text: string };

/** Text that would do something if anything ever handed it to JavaScript. */
export const JAVASCRIPT = [
  "process.exit(1)",
  "${process.exit(1)}",
  '"); require("child_process").execSync("touch /tmp/reckon-pwned"); ("',
  "`${require('fs').writeFileSync('/tmp/reckon-pwned','x')}`",
  "constructor.constructor('process.exit(1)')()",
  "__proto__.polluted = 1",
  "Object.prototype.polluted = 1",
  "</script><script>alert(1)</script>",
  "'; DROP TABLE facts; --",
  "{{7*7}}",
  "%s%s%s%n",
  "eval('1')",
  "new Function('return process')()",
  "import('child_process')",
];

/** Weighted by cost: the large shapes take tens of milliseconds through every stage. */
export const hostile: fc.Arbitrary<Hostile> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ shape: fc.constantFrom("parens" as const, "signs" as const, "nots" as const, "sections" as const), n: fc.integer({ min: 1, max: 150 }) }) },
  { weight: 2, arbitrary: fc.record({ shape: fc.constantFrom("if-chain" as const, "call-nesting" as const), n: fc.integer({ min: 1, max: 1_100 }) }) },
  { weight: 2, arbitrary: fc.record({ shape: fc.constant("operator-chain" as const), n: fc.integer({ min: 1, max: 1_100 }), operator: fc.constantFrom("+", "-", "*", "/", "and", "or", "==") }) },
  { weight: 2, arbitrary: fc.record({ shape: fc.constantFrom("wide-sum" as const, "formula-chain" as const, "cycle" as const, "pattern-fan" as const, "duplicates" as const), n: fc.integer({ min: 1, max: 500 }) }) },
  { weight: 2, arbitrary: fc.record({ shape: fc.constant("compound-unit" as const), n: fc.integer({ min: 1, max: 300 }) }) },
  { weight: 2, arbitrary: fc.record({ shape: fc.constant("unit-chain" as const), n: fc.integer({ min: 1, max: 300 }), factor: fc.oneof(fc.constantFrom("10", "1,000", "0.1", "12"), fc.integer({ min: 2, max: 100 }).map((d) => `1${"0".repeat(d - 1)}`)) }) },
  { weight: 1, arbitrary: fc.record({ shape: fc.constant("table" as const), n: fc.integer({ min: 1, max: 60 }) }) },
  { weight: 3, arbitrary: fc.record({ shape: fc.constant("functions" as const), depth: fc.integer({ min: 1, max: 24 }), fanout: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 3, arbitrary: fc.record({ shape: fc.constant("digits" as const), n: fc.integer({ min: 1, max: 16 }), digits: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 2, arbitrary: fc.record({ shape: fc.constantFrom("imports" as const, "import-diamond" as const), n: fc.integer({ min: 1, max: 80 }), figures: fc.integer({ min: 0, max: 30 }) }) },
  { weight: 3, arbitrary: fc.record({ shape: fc.constant("long-line" as const), line: longLine, where: fc.constantFrom("name" as const, "string" as const, "comment" as const, "formula" as const) }) },
  { weight: 3, arbitrary: fc.record({ shape: fc.constant("literal" as const), literal: hugeNumber }) },
  { weight: 3, arbitrary: fc.record({ shape: fc.constant("division" as const), variant: fc.nat({ max: 7 }) }) },
  { weight: 3, arbitrary: fc.record({ shape: fc.constant("javascript" as const), text: fc.constantFrom(...JAVASCRIPT) }) },
  // "Did you mean" compares each unknown name with the declared ones: quadratic, until it was fixed.
  { weight: 1, arbitrary: fc.record({ shape: fc.constant("unknown-names" as const), n: fc.integer({ min: 1, max: 1_000 }) }) },
);

/** The files of a pathological spec: the root first. */
export function hostileFiles(h: Hostile, root: string): Record<string, string> {
  const one = (text: string) => ({ [root]: `report "hostile"\n${text}\n` });
  const chain = (n: number, term: (i: number) => string, operator: string) => Array.from({ length: n }, (_, i) => term(i)).join(` ${operator} `);
  switch (h.shape) {
    case "parens":
      return one(`fact a = 1\nformula b = ${"(".repeat(h.n)}a${")".repeat(h.n)}`);
    case "signs":
      return one(`formula b = ${"-".repeat(h.n)}1`);
    case "nots":
      return one(`formula b = ${"not ".repeat(h.n)}true`);
    case "sections":
      return one(`${"section s @ \"x\" { ".repeat(h.n)}fact a = 1${" }".repeat(h.n)}`);
    case "if-chain":
      return one(`fact a = 1\nformula b = ${"if a > 0 then a else ".repeat(h.n)}0`);
    case "call-nesting":
      return one(`function f(x) = x\nfact a = 1\nformula b = ${"f(".repeat(h.n)}a${")".repeat(h.n)}`);
    case "operator-chain": {
      const term = h.operator === "and" || h.operator === "or" ? "a > 0" : h.operator === "==" ? "a" : "a";
      return one(`fact a = 1\nformula b = ${chain(h.n, () => term, h.operator)}`);
    }
    case "wide-sum": {
      const facts = Array.from({ length: h.n }, (_, i) => `fact 支出.项${i} = 0.01 万元`).join("\n");
      return one(`${facts}\nfigure 合计 = sum(支出.*) published ${(h.n / 100).toFixed(2)} 万元`);
    }
    case "formula-chain": {
      const lines = ["fact a0 = 1"];
      for (let i = 1; i < h.n; i++) lines.push(`formula a${i} = a${i - 1} + 1`);
      lines.push(`figure last = a${h.n - 1} published ${h.n}`);
      return one(lines.join("\n"));
    }
    case "cycle": {
      const lines: string[] = [];
      for (let i = 0; i < h.n; i++) lines.push(`formula a${i} = a${(i + 1) % h.n} + 1`);
      return one(lines.join("\n"));
    }
    case "pattern-fan": {
      const lines: string[] = [];
      for (let i = 0; i < h.n; i++) lines.push(`fact g${i % 7}.x${i}.v = ${i} 万元`);
      lines.push("figure t = sum(**.v) published 1 万元", "formula m = max(g0.*.v) + min(g1.**)", "figure n = count(**.v) published 1");
      return one(lines.join("\n"));
    }
    case "unit-chain": {
      const lines = ["unit u0"];
      for (let i = 1; i < h.n; i++) lines.push(`unit u${i} = ${h.factor} u${i - 1}`);
      lines.push(`fact a = 1 u${h.n - 1}`, "formula b = a as u0");
      return one(lines.join("\n"));
    }
    case "unknown-names":
      // Every name unknown, close to a declared one (odd n) or to none: each is compared with the
      // declared names for a "did you mean" hint.
      return one(Array.from({ length: h.n }, (_, i) => (h.n % 2 === 1 ? `fact a${i} = ${i}\nformula b${i} = a${i}x + 1` : `formula a${i} = b${i}`)).join("\n"));
    case "duplicates":
      return one(Array.from({ length: h.n }, (_, i) => `fact a = ${i}`).join("\n"));
    case "compound-unit":
      return one(`fact a = 1 元${"/人".repeat(h.n)}\nformula b = a * 2 人\nformula c = a + a`);
    case "table": {
      const header = "| 指标 | 规则 | 目标 | 实际 | 分值 | 得分 |";
      const rows = Array.from({ length: h.n }, (_, i) => `| r${i} | proportional | >= ${i + 1} 人 | ${i} 人 | 5 | ${((5 * i) / (i + 1)).toFixed(2)} |`);
      return { [root]: `${STD_IMPORT}report "hostile"\ntable t @ "x" {\n${header}\n${rows.join("\n")}\n}\nfigure total = sum(t.*.得分) published 1\n` };
    }
    case "functions": {
      const lines = ["function f0(x) = x * 2"];
      for (let i = 1; i < h.depth; i++) lines.push(`function f${i}(x) = ${chain(h.fanout, () => `f${i - 1}(x)`, "+")}`);
      lines.push("fact a = 1", `formula b = f${h.depth - 1}(a)`);
      return one(lines.join("\n"));
    }
    case "digits": {
      const lines = [`fact a = ${"7".repeat(h.digits)}.${"3".repeat(h.digits)}`];
      for (let i = 1; i <= h.n; i++) lines.push(`formula a${i} = ${i === 1 ? "a" : `a${i - 1}`} * ${i === 1 ? "a" : `a${i - 1}`}`);
      lines.push(`formula q = 1 / a${h.n}`, `formula r = round(a${h.n}, 2)`);
      return one(lines.join("\n"));
    }
    case "imports":
    case "import-diamond": {
      // A chain of files each importing the next (and, for the diamond, the one after too: without
      // memoisation that is exponential); each declares `figures` facts and a sum over them.
      const dir = path.posix.dirname(root);
      const files: Record<string, string> = {};
      for (let i = h.n - 1; i >= 0; i--) {
        const imports = [i + 1 < h.n ? `import "f${i + 1}.reckon"` : "", h.shape === "import-diamond" && i + 2 < h.n ? `import "f${i + 2}.reckon"` : ""].filter(Boolean);
        const facts = Array.from({ length: h.figures }, (_, k) => `fact m${i}.f${k} = ${k}.5 万元`);
        const total = h.figures > 0 ? [`formula m${i}.total = sum(m${i}.*)`] : [];
        files[`${dir}/f${i}.reckon`] = [...imports, ...facts, ...total, ""].join("\n");
      }
      files[root] = `import "f0.reckon"\nreport "hostile"\nfact a = 1\n`;
      return files;
    }
    case "long-line":
      switch (h.where) {
        case "name":
          return one(`fact a${h.line.replace(/[^a-z0-9_收]/g, "a")} = 1`);
        case "string":
          return one(`fact a = 1 @ "${h.line.replace(/["\\]/g, "x")}"`);
        case "comment":
          return one(`fact a = 1 // ${h.line.replace(/\n/g, " ")}`);
        case "formula":
          return one(`fact a = 1\nformula b = a ${h.line}`);
      }
      break;
    case "literal":
      return one(`fact a = ${h.literal}\nformula b = a * a\nfigure c = a published ${h.literal}`);
    case "division":
      return one(
        [
          "fact a = 1 万元\nfact z = 0 万元\nformula b = a / z",
          "formula b = 1 / 0",
          "formula b = 0 / 0",
          "fact a = 1\nformula b = a / (a - a)",
          "fact z = 0\nfigure b = 1 / z published 1",
          "fact z = 0 万元\nfigure b = z / z published 0.00%",
          "fact z in 万元\nformula b = 1 万元 / z",
          "formula b = round(1 / 3, 0) / round(1 / 3, 0)",
        ][h.variant]!,
      );
    case "javascript": {
      const name = h.text.replace(/[^a-zA-Z0-9_]/g, "_").replace(/^[0-9_]*/, "") || "x";
      const quoted = h.text.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
      return one(`fact ${name} = 1 @ "${quoted}"\nformula ${name}.twice = ${name} * 2\nfigure shown = ${name}.twice published 2 @ "${quoted}"\nknown shown "${quoted}"\n// ${h.text}`);
    }
  }
  return one("");
}

// ── Cases ───────────────────────────────────────────────────────────────────────────────────────

export type SpecSource =
  | { readonly from: "generated"; readonly spec: ast.SpecFile; readonly std: boolean }
  | { readonly from: "std" }
  | { readonly from: "report"; readonly window?: { readonly start: number; readonly length: number } }
  | { readonly from: "hostile"; readonly hostile: Hostile };

export interface SpecCase {
  readonly kind: "spec";
  readonly source: SpecSource;
  readonly mutations: readonly Mutation[];
  /** Which figures to explain (indices into the spec's figures). */
  readonly explain: readonly number[];
  /** A fact file loaded through the Engine when the spec compiles (names drawn from its facts). */
  readonly facts?: FactFile;
}

export interface FactSpec {
  readonly facts: readonly { readonly name: string; readonly value?: string }[];
  readonly unit: string;
  readonly mixedUnit: boolean;
}

export interface FactsCase {
  readonly kind: "facts";
  readonly spec: FactSpec;
  readonly file: FactFile;
  readonly setFacts: readonly { readonly name: FactName; readonly value: string; readonly unit?: string }[];
}

export type ExpressionSource = { readonly from: "generated"; readonly expr: ast.Expr } | { readonly from: "sample"; readonly text: string };

export interface ExpressionCase {
  readonly kind: "expression";
  readonly expression: ExpressionSource;
  readonly mutations: readonly Mutation[];
  /** Evaluated in the context of the standard library, whose functions it may call. */
  readonly std: boolean;
}

export type FuzzCase = SpecCase | FactsCase | ExpressionCase;

const explainPicks = fc.array(position, { maxLength: 3 });

const generatedSpec: fc.Arbitrary<SpecCase> = fc.record({
  kind: fc.constant("spec" as const),
  source: fc.record({ from: fc.constant("generated" as const), spec: specFile, std: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) }),
  mutations: fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) }),
  explain: explainPicks,
  facts: fc.option(factFile, { nil: undefined, freq: 3 }),
}, { requiredKeys: ["kind", "source", "mutations", "explain"] });

const stdSpec: fc.Arbitrary<SpecCase> = fc.record({
  kind: fc.constant("spec" as const),
  source: fc.constant({ from: "std" as const }),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 5 }),
  explain: explainPicks,
});

const reportExcerpt: fc.Arbitrary<SpecCase> = fc.record({
  kind: fc.constant("spec" as const),
  source: fc.record({ from: fc.constant("report" as const), window: fc.record({ start: position, length: fc.integer({ min: 1, max: 6 }) }) }),
  mutations: fc.array(mutation, { maxLength: 5 }),
  explain: explainPicks,
});

const wholeReport: fc.Arbitrary<SpecCase> = fc.record({
  kind: fc.constant("spec" as const),
  source: fc.constant({ from: "report" as const }),
  mutations: fc.array(mutationOfLargeText, { minLength: 1, maxLength: 5 }),
  explain: explainPicks,
});

const hostileSpec: fc.Arbitrary<SpecCase> = fc.record({
  kind: fc.constant("spec" as const),
  source: fc.record({ from: fc.constant("hostile" as const), hostile }),
  mutations: fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 2 }) }),
  explain: explainPicks,
});

const FACT_NAMES = ["收入.财政拨款", "收入.其他收入", "支出.基本支出", "支出.项目支出", "x", ...SPECIAL_NAMES.filter((n) => !n.startsWith("__define"))];

const factsCase: fc.Arbitrary<FactsCase> = fc.record({
  kind: fc.constant("facts" as const),
  spec: fc.record({
    facts: fc.uniqueArray(fc.record({ name: fc.constantFrom(...FACT_NAMES), value: fc.option(printedNumber.filter((t) => /^[+-]?[\d,.]+$/.test(t) && t.length < 40), { nil: undefined }) }, { requiredKeys: ["name"] }), { minLength: 1, maxLength: 6, selector: (f) => f.name }),
    unit: fc.constantFrom("万元", "元", "人", "%", ""),
    mixedUnit: fc.boolean(),
  }),
  file: factFile,
  setFacts: fc.array(fc.record({ name: fc.oneof(position.map((declared) => ({ declared })), fc.constantFrom(...SPECIAL_NAMES).map((text) => ({ text }))), value: printedNumber, unit: factUnit }, { requiredKeys: ["name", "value"] }), { maxLength: 2 }),
});

const SAMPLE_EXPRESSIONS = [
  "(1,362.65 - 1,632.62) / 1,632.62",
  "1 万元 + 1 人",
  "1 / 0",
  "0.1 + 0.2",
  "round(2.5, 0)",
  "round(-2.5, 0)",
  "(2,716.67 元/人/月 * 12 人 * 12 月) as 万元",
  "share(0.01 万元, 1,362.66 万元)",
  "growth(1,362.66 万元, 1,632.62 万元)",
  "if 1 > 2 then 1 else 2",
  "min(1, 2) + max(3, 4)",
  "1 亿元 as 元",
  "computed(x)",
  "sum(a.*)",
  "count(a.*) * 1 个",
  "not true or false and true",
  "-(-(-1))",
  "99999999999999999999999999999999 * 99999999999999999999999999999999",
  "1 / 3 * 3",
];

const expressionCase: fc.Arbitrary<ExpressionCase> = fc.record({
  kind: fc.constant("expression" as const),
  expression: fc.oneof(
    expression.map((expr) => ({ from: "generated" as const, expr })),
    fc.oneof(fc.constantFrom(...SAMPLE_EXPRESSIONS), deepNesting, hugeNumber, fc.constantFrom(...JAVASCRIPT)).map((text) => ({ from: "sample" as const, text })),
  ),
  mutations: fc.oneof({ weight: 1, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) }),
  std: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

/**
 * Every kind of case, weighted by what it costs: the whole 2024 report takes a few hundred
 * milliseconds through every stage, so it is about one case in a thousand; windows of a few of its
 * sections, and the standard library, take tens of milliseconds; the rest a few.
 */
export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.oneof(
  { weight: 300, arbitrary: generatedSpec },
  { weight: 12, arbitrary: stdSpec },
  { weight: 40, arbitrary: reportExcerpt },
  { weight: 1, arbitrary: wholeReport },
  { weight: 120, arbitrary: hostileSpec },
  { weight: 250, arbitrary: factsCase },
  { weight: 100, arbitrary: expressionCase },
);

/** A short name of the kind of a case, for the statistics. */
export function caseKind(c: FuzzCase): string {
  if (c.kind === "spec") {
    const s = c.source;
    if (s.from === "hostile") return `hostile:${s.hostile.shape}`;
    if (s.from === "report") return s.window ? "report-window" : "report-whole";
    return s.from;
  }
  return c.kind;
}

/** The files of a case (the root first) and, when it has one, its fact file. */
export interface Materialized {
  readonly root: string;
  readonly files: Readonly<Record<string, string>>;
  readonly facts?: FactFile;
}

export function materialize(c: SpecCase): Materialized {
  const s = c.source;
  switch (s.from) {
    case "generated": {
      const root = `${FUZZ_DIR}/generated.reckon`;
      const text = mutate(`${s.std ? STD_IMPORT : ""}${printSpec(s.spec)}`, c.mutations);
      // The Engine checks the laws of the standard library on every check (hundreds of cases each):
      // a fact file goes with the specs that do not import it.
      return { root, files: { [root]: text, [STD_KEY]: std }, ...(c.facts && !s.std ? { facts: c.facts } : {}) };
    }
    case "std":
      return { root: STD_KEY, files: { [STD_KEY]: mutate(std, c.mutations) } };
    case "report": {
      const body = reportParts.body;
      const base = s.window ? `${reportParts.header}\n${body.slice(s.window.start % body.length, (s.window.start % body.length) + s.window.length).join("\n")}\n` : report;
      return { root: REPORT_KEY, files: { [REPORT_KEY]: mutate(base, c.mutations), [STD_KEY]: std } };
    }
    case "hostile": {
      const root = `${FUZZ_DIR}/hostile.reckon`;
      const files = hostileFiles(s.hostile, root);
      return { root, files: { ...files, [root]: mutate(files[root]!, c.mutations), [STD_KEY]: std } };
    }
  }
}

export function factSpecText(spec: FactSpec): string {
  const lines = ['report "fuzz facts" year 2024'];
  spec.facts.forEach((f, i) => {
    const unit = spec.mixedUnit && i === 1 ? "人" : spec.unit;
    // A fact without a value needs a unit (`fact NAME in 万元`); a plain number gets a value.
    const value = f.value ?? (unit === "" ? "1" : undefined);
    lines.push(value === undefined ? `fact ${f.name} in ${unit}` : `fact ${f.name} = ${value}${unit === "" ? "" : ` ${unit}`}`);
  });
  lines.push(`formula 合计 = ${spec.facts.map((f) => f.name).join(" + ")}`);
  lines.push(`figure 占比 = ${spec.facts[0]!.name} / 合计 published 50.00%`);
  lines.push(`figure 合计.printed = 合计 published 1${spec.unit === "" ? "" : ` ${spec.unit}`}`);
  return `${lines.join("\n")}\n`;
}

export function expressionText(c: ExpressionCase): string {
  return mutate(c.expression.from === "generated" ? printExpression(c.expression.expr) : c.expression.text, c.mutations);
}

// ── Running a case ──────────────────────────────────────────────────────────────────────────────

export type Status = "ok" | "diagnostics" | "exception" | "unlocated" | "polluted" | "unstable-fmt";

export interface Outcome {
  readonly status: Status;
  /** For a bug: the stage and what went wrong. */
  readonly detail?: string;
  /** Diagnostic codes seen (for the statistics). */
  readonly codes: readonly string[];
  /** Milliseconds spent in each stage. */
  readonly stages: Readonly<Record<string, number>>;
}

/** Found a bug in a stage: stops the case. */
class Finding extends Error {
  constructor(
    readonly status: Exclude<Status, "ok" | "diagnostics">,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** What must hold of every diagnostic: a place (file, line, column) inside the file it names. */
export function placeProblem(d: Diagnostic): string | undefined {
  const places = [d.span, ...(d.related ?? []).map((r) => r.span)];
  for (const place of places) {
    if (!place) return `${d.code} "${d.message}" has no position`;
    const { file, start, end } = place;
    if (file.path === "") return `${d.code} "${d.message}" names no file`;
    if (!(start >= 0 && end >= start && end <= file.text.length)) return `${d.code} "${d.message}" points at ${start}..${end} of a ${file.text.length}-character file`;
    const { line, column } = file.position(start);
    if (!(line >= 1 && line <= file.lineCount && column >= 1)) return `${d.code} "${d.message}" points at line ${line}, column ${column}`;
  }
  if (d.message.length === 0) return `${d.code} has no message`;
  return undefined;
}

/** placeProblem without lines and columns: constant time. */
function spanProblem(d: Diagnostic): string | undefined {
  for (const place of [d.span, ...(d.related ?? []).map((r) => r.span)]) {
    if (!place) return `${d.code} "${d.message}" has no position`;
    if (!(place.start >= 0 && place.end >= place.start && place.end <= place.file.text.length)) return `${d.code} "${d.message}" points at ${place.start}..${place.end} of a ${place.file.text.length}-character file`;
  }
  return undefined;
}

/** Fact-file diagnostics that name a whole file rather than a place in one. */
const FILE_LEVEL = new Set(["R0901", "R0911"]);

function publicPlaceProblem(d: ReckonDiagnostic): string | undefined {
  if (FILE_LEVEL.has(d.code)) return undefined;
  if (!d.location) return `${d.code} "${d.message}" has no location`;
  const { line, column, endLine, endColumn } = d.location;
  if (!(line >= 1 && column >= 1 && (endLine > line || (endLine === line && endColumn >= column)))) return `${d.code} "${d.message}" has location ${JSON.stringify(d.location)}`;
  return undefined;
}

const PROTOTYPES: readonly [string, object][] = [
  ["Object.prototype", Object.prototype],
  ["Array.prototype", Array.prototype],
  ["String.prototype", String.prototype],
  ["Function.prototype", Function.prototype],
];
const pristine = PROTOTYPES.map(([name, proto]) => [name, proto, new Map(Reflect.ownKeys(proto).map((k) => [k, Object.getOwnPropertyDescriptor(proto, k)!.value]))] as const);

/** A built-in prototype that gained, lost or changed a property, or undefined. */
export function pollution(): string | undefined {
  for (const [name, proto, keys] of pristine) {
    const now = Reflect.ownKeys(proto);
    if (now.length !== keys.size) return `${name} has ${now.length} properties instead of ${keys.size}: ${now.filter((k) => !keys.has(k)).map(String).join(", ")}`;
    for (const key of ["toString", "valueOf", "hasOwnProperty", "constructor"]) {
      if (keys.has(key) && Object.getOwnPropertyDescriptor(proto, key)?.value !== keys.get(key)) return `${name}.${key} was replaced`;
    }
  }
  if ((({}) as Record<string, unknown>).polluted !== undefined) return "({}).polluted is defined";
  return undefined;
}

/** Records diagnostics, renders them as the CLI would (timed as a stage of its own), and checks their places. */
class Recorder {
  readonly codes: string[] = [];
  errors = false;

  constructor(private readonly stages: Record<string, number>) {}

  internal(stage: string, diagnostics: readonly Diagnostic[]): void {
    diagnostics.forEach((d, i) => {
      this.codes.push(d.code);
      if (d.severity === "error") this.errors = true;
      // Lines and columns take time in the length of a line: checked for the first diagnostics only
      // (reckon prints them all; see the rendering below), the spans' bounds for every one.
      const problem = i < 50 ? placeProblem(d) : spanProblem(d);
      if (problem) throw new Finding("unlocated", `${stage}: ${problem}`);
    });
    if (diagnostics.length > 0) {
      const start = performance.now();
      renderDiagnostics(diagnostics, { color: this.codes.length % 2 === 0 });
      this.stages[`${stage} (rendering the diagnostics)`] = (this.stages[`${stage} (rendering the diagnostics)`] ?? 0) + (performance.now() - start);
    }
  }

  /** Runs an API call; a ReckonError is a diagnosis (whose diagnostics must have places unless `placeless`). */
  api<T>(stage: string, action: () => T, placeless = false): T | undefined {
    try {
      return action();
    } catch (e) {
      if (!(e instanceof ReckonError)) throw e;
      this.errors = true;
      if (e.diagnostics.length === 0) throw new Finding("unlocated", `${stage}: a ReckonError without diagnostics: ${e.message}`);
      for (const d of e.diagnostics) {
        this.codes.push(d.code);
        const problem = placeless ? undefined : publicPlaceProblem(d);
        if (problem) throw new Finding("unlocated", `${stage}: ${problem}`);
      }
      return undefined;
    }
  }
}

const runCheck = checkSpec as (spec: CompiledSpec, options?: { lawRuns?: number }) => CheckResult;

/** The laws of the standard library (200 generated cases each, the same every time) are checked in about one spec case in sixteen. */
function lawRunsFor(c: SpecCase): number | undefined {
  return c.explain.length === 3 && (c.explain[0] ?? 0) % 4 === 0 ? undefined : 0;
}

function runSpecStages(c: SpecCase, recorder: Recorder, stage: (name: string) => void): void {
  const { root, files, facts } = materialize(c);
  const text = files[root]!;

  stage("parse");
  recorder.internal("parse", parseSpec(new SourceFile(root, text)).diagnostics);

  stage("fmt");
  const formatted = formatSpec(text, root);
  recorder.internal("fmt", formatted.diagnostics);
  if (!formatted.diagnostics.some((d) => d.severity === "error") && text.length < 3_000) {
    const again = formatSpec(formatted.text, root);
    if (again.diagnostics.some((d) => d.severity === "error")) throw new Finding("unstable-fmt", `fmt: the formatted text does not format: ${again.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`);
    if (again.text !== formatted.text) throw new Finding("unstable-fmt", "fmt: formatting the formatted text changes it");
  }

  stage("compile");
  const compiled = compileSpec([root], memoryHost(files));
  recorder.internal("compile", compiled.diagnostics);
  const spec = compiled.spec;
  if (!spec) return;

  stage("evaluate");
  recorder.internal("evaluate", spec.calculation.evaluate().diagnostics);

  stage("check");
  const result = runCheck(spec, { lawRuns: lawRunsFor(c) });
  recorder.internal("check", result.diagnostics);
  renderCheckText([result], { color: false });
  JSON.stringify(checkToJson([result]));

  stage("explain");
  const names = [...spec.program.figures.keys()];
  if (names.length > 0 && c.explain.length > 0) {
    const explainer = new Explainer(spec, result);
    for (const pick of c.explain) {
      const node = explainer.explain(names[pick % names.length]!, pick % 3 === 0 ? { depth: pick % 5 } : {});
      if (!node) throw new Finding("exception", `explain: no tree for the declared figure ${names[pick % names.length]}`);
      renderExplainText(node, { color: pick % 2 === 0 });
      renderExplainMarkdown(node);
      JSON.stringify(node);
    }
  }

  if (facts && text.length < 40_000) {
    stage("engine");
    const engine = recorder.api("Engine.fromString", () => Engine.fromString(text, { path: root, imports: files }));
    if (!engine) return;
    const declared = engine.facts().map((f) => f.name);
    runFactFile(engine, facts, declared, recorder, stage);
  }
}

function runFactFile(engine: Engine, file: FactFile, declared: readonly string[], recorder: Recorder, stage: (name: string) => void): void {
  const text = factFileText(file, declared);
  stage("read fact file");
  const read = readFactFile(file.path, text);
  recorder.internal("read fact file", read.diagnostics.filter((d) => !FILE_LEVEL.has(d.code)));
  stage("loadFacts");
  let changes = 0;
  const unsubscribe = engine.subscribe((c) => (changes += c.length));
  recorder.api("loadFacts", () => engine.loadFacts(text, file.path));
  unsubscribe();
  stage("Engine.check");
  recorder.api("Engine.check", () => engine.check());
  stage("Engine.explain");
  const names = engine.figures().map((f) => f.name);
  for (const name of names.slice(0, 1)) recorder.api("Engine.explain", () => engine.explain(name));
  for (const figure of engine.figures()) void figure.text;
}

function runFactsCase(c: FactsCase, recorder: Recorder, stage: (name: string) => void): void {
  const specText = factSpecText(c.spec);
  stage("Engine.fromString");
  const engine = recorder.api("Engine.fromString", () => Engine.fromString(specText, { path: `${FUZZ_DIR}/facts.reckon` }));
  if (!engine) {
    // Still read the fact file: its own diagnostics must have places.
    stage("read fact file");
    const text = factFileText(c.file, c.spec.facts.map((f) => f.name));
    recorder.internal("read fact file", readFactFile(c.file.path, text).diagnostics.filter((d) => !FILE_LEVEL.has(d.code)));
    return;
  }
  const declared = engine.facts().map((f) => f.name);
  runFactFile(engine, c.file, declared, recorder, stage);
  stage("setFact");
  for (const s of c.setFacts) {
    // An API call has no file: its diagnostics name the call, not a place.
    recorder.api("setFact", () => engine.setFact(resolveName(s.name, declared), s.value, s.unit), true);
  }
  stage("Engine.value");
  for (const name of declared.slice(0, 3)) recorder.api("Engine.value", () => engine.value(name));
  recorder.api("Engine.check", () => engine.check());
}

function runExpressionCase(c: ExpressionCase, recorder: Recorder, stage: (name: string) => void): void {
  const text = expressionText(c);
  stage("evaluateExpression");
  const context = c.std ? { roots: [`${FUZZ_DIR}/context.reckon`], host: memoryHost({ [`${FUZZ_DIR}/context.reckon`]: STD_IMPORT, [STD_KEY]: std }) } : undefined;
  recorder.internal("evaluateExpression", evaluateExpression(text, context).diagnostics);
  stage("evaluate (API)");
  recorder.api("evaluate", () => evaluate(text).text);
}

/** Takes one case through every stage; never throws. */
export function runCase(c: FuzzCase): Outcome {
  let current = "materialize";
  const stages: Record<string, number> = {};
  const recorder = new Recorder(stages);
  let since = performance.now();
  const stage = (name: string) => {
    const now = performance.now();
    // The time spent rendering diagnostics during the stage is recorded apart: take it out.
    const rendering = Object.entries(stages).filter(([k]) => k.endsWith("(rendering the diagnostics)")).reduce((a, [, v]) => a + v, 0);
    stages[current] = (stages[current] ?? 0) + (now - since) - (rendering - renderedBefore);
    renderedBefore = rendering;
    since = now;
    current = name;
  };
  let renderedBefore = 0;
  let outcome: Outcome;
  try {
    if (c.kind === "spec") runSpecStages(c, recorder, stage);
    else if (c.kind === "facts") runFactsCase(c, recorder, stage);
    else runExpressionCase(c, recorder, stage);
    outcome = { status: recorder.errors ? "diagnostics" : "ok", codes: recorder.codes, stages };
  } catch (e) {
    if (e instanceof Finding) outcome = { status: e.status, detail: e.detail, codes: recorder.codes, stages };
    else outcome = { status: "exception", detail: `${current}: ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack?.split("\n").slice(1, 8).join("\n") ?? ""}` : String(e)}`, codes: recorder.codes, stages };
  }
  stage("done");
  const polluted = pollution();
  if (polluted) return { status: "polluted", detail: `${current}: ${polluted}`, codes: recorder.codes, stages };
  return outcome;
}

/** The case of a given seed: each case has its own seed, so any one can be regenerated alone. */
export function caseOf(seed: number): FuzzCase {
  return fc.sample(fuzzCase, { seed: seed | 0, numRuns: 1 })[0]!;
}

/** A readable account of a case: its kind, its structure, and the texts it is run on. */
export function describeCase(c: FuzzCase, limit = 4_000): string {
  const cut = (text: string) => (text.length <= limit ? text : `${text.slice(0, limit)}… (${text.length} characters in all)`);
  const lines = [`kind: ${caseKind(c)}`];
  if (c.kind === "spec") {
    const { root, files, facts } = materialize(c);
    if (c.source.from === "hostile") lines.push(`shape: ${JSON.stringify(c.source.hostile).slice(0, 400)}`);
    if (c.source.from === "report" && c.source.window) lines.push(`window: ${JSON.stringify(c.source.window)}`);
    if (c.mutations.length > 0) lines.push(`mutations: ${JSON.stringify(c.mutations).slice(0, 2_000)}`);
    lines.push(`explain: ${JSON.stringify(c.explain)}`);
    for (const [key, text] of Object.entries(files)) {
      if (key === STD_KEY && text === std) continue;
      if (key === REPORT_KEY && text === report) continue;
      lines.push(`── ${key}${key === root ? " (root)" : ""}`, cut(text));
    }
    if (facts) lines.push(`── ${facts.path} (fact file; names of declared facts are filled in)`, cut(JSON.stringify(facts)));
  } else if (c.kind === "facts") {
    lines.push("── spec", factSpecText(c.spec));
    lines.push(`── ${c.file.path}`, cut(factFileText(c.file, c.spec.facts.map((f) => f.name))));
    if (c.setFacts.length > 0) lines.push(`setFact: ${JSON.stringify(c.setFacts)}`);
  } else {
    lines.push(`std: ${c.std}`, "── expression", cut(expressionText(c)));
  }
  return lines.join("\n");
}
