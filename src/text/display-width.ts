import { eastAsianWidth } from "get-east-asian-width";

/**
 * Terminal cells a text takes: 2 for each wide (CJK) character, 0 for combining marks, 1 otherwise.
 * Spec text is names, numbers and units, so code points suffice (string-width segments graphemes
 * with Intl.Segmenter, which is far slower and changes nothing here).
 */
export function displayWidth(text: string): number {
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  let width = 0;
  for (const character of text) {
    const codePoint = character.codePointAt(0)!;
    // Printable ASCII and the CJK Unified Ideographs, most of any spec's text, need no lookup
    // (test/display-width.test.ts checks both ranges against the general rule below).
    if (codePoint >= 0x20 && codePoint <= 0x7e) {
      width += 1;
      continue;
    }
    if (codePoint >= 0x4e00 && codePoint <= 0x9fff) {
      width += 2;
      continue;
    }
    if (/\p{Mn}|\p{Me}|\p{Cf}/u.test(character)) continue;
    width += eastAsianWidth(codePoint, { ambiguousAsWide: false }) === 2 ? 2 : 1;
  }
  return width;
}
