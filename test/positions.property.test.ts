// Lines and columns, and the source excerpts under diagnostics, are the same whether a line is short
// or long: SourceFile counts the code points of long lines from checkpoints and the renderer copies
// only the window it shows, and both must agree with the plain definitions (spread the text into code
// points and count or cut) on any text, surrogate pairs (whole or halved) included.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { error } from "../src/diagnostics/diagnostic";
import { renderDiagnostic } from "../src/diagnostics/render";
import { SourceFile, span } from "../src/syntax/source";
import { displayWidth } from "../src/text/display-width";
import { visible } from "../src/text/visible";

/** Text with long lines, line breaks, CRs, CJK, emoji (pairs) and lone surrogate halves. */
const piece = fc.constantFrom("a", "收", "😀", "\ud83d", "\ude00", "\t", " ", "\n", "\r\n", "\r", "é", "\u0301");
const text = fc.tuple(fc.array(piece, { maxLength: 300 }), fc.array(fc.tuple(fc.nat(3_000), piece), { maxLength: 5 })).map(([pieces, runs]) => {
  // A few runs repeat one piece thousands of times, so that lines pass the checkpoint stride.
  const parts: string[] = [...pieces];
  for (const [count, p] of runs) parts.splice(count % (parts.length + 1), 0, p === "\n" || p === "\r\n" || p === "\r" ? "x".repeat(count) : p.repeat(count));
  return parts.join("");
});

/** A line ends at LF, CR LF or a CR alone. */
function naivePosition(t: string, offset: number): { line: number; column: number } {
  const starts = [0, ...[...t.matchAll(/\r\n|\r|\n/g)].map((m) => m.index + m[0].length)].filter((start) => start <= offset);
  return { line: starts.length, column: [...t.slice(starts.at(-1)!, offset)].length + 1 };
}

/** The excerpt as the renderer showed it before it learned to copy only the window (the plain definition). */
function naiveExcerptLines(file: SourceFile, start: number, end: number): string[] {
  const WINDOW = 100;
  const from0 = naivePosition(file.text, start);
  const to0 = naivePosition(file.text, Math.max(start, end - 1));
  let chars = [...file.lineText(from0.line)].map((c) => (c === "\t" ? c : visible(c)));
  let first = from0.column - 1;
  let last = Math.max(from0.column, to0.line === from0.line ? to0.column : chars.length);
  if (chars.length > WINDOW) {
    const from = Math.max(0, first - 20);
    const to = Math.min(chars.length, from + WINDOW);
    chars = [...(from > 0 ? ["…"] : []), ...chars.slice(from, to), ...(to < chars.length ? ["…"] : [])];
    const shift = from - (from > 0 ? 1 : 0);
    first -= shift;
    last = Math.min(last - shift, chars.length - (to < chars.length ? 1 : 0));
  }
  const before = chars.slice(0, first).join("");
  const marked = chars.slice(first, Math.max(first + 1, last)).join("");
  const indent = [...before].map((ch) => (ch === "\t" ? "\t" : " ".repeat(displayWidth(ch)))).join("");
  return [chars.join(""), `${indent}${"^".repeat(Math.max(1, displayWidth(marked.replace(/\t/g, " "))))}`];
}

describe("positions in long lines", () => {
  it("position() counts code points as spreading the line would", () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), (t, picks) => {
        const file = new SourceFile("f", t);
        for (const pick of picks) {
          const offset = pick % (t.length + 1);
          expect(file.position(offset)).toEqual(naivePosition(t, offset));
        }
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it("offsetInLine() finds the offset of the n-th code point of a line", () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(), (t, linePick, indexPick) => {
        const file = new SourceFile("f", t);
        const line = (linePick % file.lineCount) + 1;
        const chars = [...file.lineText(line)];
        const index = indexPick % (chars.length + 2);
        expect(file.offsetInLine(line, index)).toBe(file.lineStart(line) + chars.slice(0, index).join("").length);
      }),
      { numRuns: 300, seed: 6 },
    );
  });

  it("the excerpt under a diagnostic is the plain one, window and carets included", () => {
    fc.assert(
      fc.property(text, fc.nat(), fc.nat(50), (t, startPick, length) => {
        const file = new SourceFile("f", t);
        const start = startPick % (t.length + 1);
        const end = Math.min(t.length, start + length);
        const rendered = renderDiagnostic(error("R0102", "m", span(file, start, end)), { color: false }).split("\n");
        const [source, carets] = naiveExcerptLines(file, start, end);
        const gutter = " ".repeat(String(naivePosition(t, start).line).length);
        expect(rendered[3]).toBe(`${String(naivePosition(t, start).line)} | ${source}`);
        expect(rendered[4]).toBe(`${gutter} | ${carets}`);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
