// The width of text in terminal cells, by which check and explain align their columns: reckon's own
// count (code point by code point) agrees with string-width, the library that terminals' tools use,
// on the characters specs are made of.
import stringWidth from "string-width";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { displayWidth } from "../src/text/display-width";

describe("display width", () => {
  it("counts printable ASCII as 1 and CJK ideographs as 2, as string-width does", () => {
    for (const [low, high] of [[0x20, 0x7e], [0x4e00, 0x9fff]] as const) {
      for (let c = low; c <= high; c++) {
        const character = String.fromCharCode(c);
        expect(displayWidth(character), `U+${c.toString(16)}`).toBe(stringWidth(character));
      }
    }
  });

  it("agrees with string-width on text of names, numbers, units and punctuation", () => {
    const piece = fc.constantFrom("收入", "合计", "a", "1,362.65", " ", "万元", "%", "（", "）", "：", "é", "e\u0301", "Ⅻ", "—", "·", "\u3000", "ＡＢ");
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
        const text = pieces.join("");
        expect(displayWidth(text)).toBe(stringWidth(text));
      }),
      { numRuns: 1_000, seed: 14 },
    );
  });
});
