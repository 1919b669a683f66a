// The lexer (src/syntax/scan.ts) reads exactly what a chevrotain Lexer over the same token types
// reads: the same tokens, comments and runs of unexpected characters, on the real specs and on
// generated text full of the language's tricky spots (keywords inside names, patterns, numbers with
// separators, strings cut short, lone surrogates).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Lexer, type IToken } from "chevrotain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCommonNameCharacter, scan } from "../src/syntax/scan";
import { allTokens, keywords } from "../src/syntax/tokens";

const reference = new Lexer(allTokens, { positionTracking: "full", ensureOptimizations: false });

function summary(tokens: readonly IToken[]): string[] {
  return tokens.map((token) => `${token.tokenType.name}@${token.startOffset}-${token.endOffset}:${token.image}`);
}

function expectSameAsChevrotain(text: string): void {
  const expected = reference.tokenize(text);
  const actual = scan(text);
  expect(summary(actual.tokens)).toEqual(summary(expected.tokens));
  expect(summary(actual.comments)).toEqual(summary(expected.groups.comments ?? []));
  expect(actual.errors).toEqual(expected.errors.map((e) => ({ offset: e.offset, length: e.length })));
  for (const token of actual.tokens) expect(token.tokenTypeIdx).toBe(token.tokenType.tokenTypeIdx);
}

function specFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return specFiles(full);
    return entry.name.endsWith(".reckon") ? [full] : [];
  });
}

describe("the lexer", () => {
  const root = path.join(import.meta.dirname, "..");

  it("reads every spec and every example in the docs as chevrotain's lexer does", () => {
    const specs = specFiles(path.join(root, "specs")).map((file) => readFileSync(file, "utf8"));
    const docs = readdirSync(path.join(root, "docs")).map((name) => path.join(root, "docs", name));
    const examples = [path.join(root, "README.md"), ...docs]
      .filter((file) => file.endsWith(".md"))
      .flatMap((file) => [...readFileSync(file, "utf8").matchAll(/```reckon\n([\s\S]*?)```/g)].map((m) => m[1]!));
    expect(specs.length).toBeGreaterThanOrEqual(2);
    expect(examples.length).toBeGreaterThan(20);
    for (const text of [...specs, ...examples]) expectSameAsChevrotain(text);
  });

  it("reads keywords only as whole names", () => {
    const words = keywords.map((k) => (k.PATTERN as RegExp).source);
    const text = words.flatMap((w) => [w, `${w}s`, `${w}.x`, `${w}.*`, `x.${w}`, `${w}_`, `${w}1`, `${w}名`]).join(" ");
    expectSameAsChevrotain(text);
    expect(scan("in income for formula").tokens.map((t) => t.tokenType.name)).toEqual(["In", "Identifier", "For", "Formula"]);
  });

  it("takes for certain name characters only characters the Identifier pattern takes", () => {
    const letterOrDigit = /^[\p{L}\p{N}_]$/u;
    for (let c = 0; c <= 0xffff; c++) {
      if (isCommonNameCharacter(c)) expect(letterOrDigit.test(String.fromCharCode(c)), `U+${c.toString(16)}`).toBe(true);
    }
  });

  it("reads any text made of the language's pieces and noise as chevrotain's lexer does", () => {
    const piece = fc.constantFrom(
      ...["a", "收入", "_x", "é", "Ⅻ", "x1", "Z", "鿿", "一", "〇", "ＡＢ", ".", "..", "*", "**", ".*", "1", "12", "1,362.65", "1,36", "0.5", ",", ",000", "0007"],
      ...["\"", "\\", "\\\"", "\"abc\"", "=", "==", "!", "!=", "<", "<=", ">", ">=", "+", "-", "/", "//", "%", "@", "(", ")", ":", "{", "}", "|"],
      ...[" ", "\t", "\n", "\r\n", "\u3000", "\ufeff", "\u2028", "\u0000", "\u0301", "\ud800", "\udc00", "😀", "（", "，", "“", "'", "#", "$", "~"],
      ...keywords.map((k) => (k.PATTERN as RegExp).source),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => expectSameAsChevrotain(pieces.join(""))),
      { numRuns: 3_000, seed: 11 },
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (text) => expectSameAsChevrotain(text)),
      { numRuns: 1_000, seed: 12 },
    );
    // Names and patterns, densely: where the lexer reads characters by hand and where it leaves them to the patterns.
    const namePiece = fc.constantFrom("a", "Z9", "_", "收入", "鿿", "é", "Ⅻ", "٣", "\u0301", "😀", "（", ".", ".", "*", "**", ".*", " ", "+");
    fc.assert(
      fc.property(fc.array(namePiece, { maxLength: 24 }), (pieces) => expectSameAsChevrotain(pieces.join(""))),
      { numRuns: 3_000, seed: 13 },
    );
  });
});
