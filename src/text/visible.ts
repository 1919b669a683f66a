/**
 * Text from a spec as a terminal may show it: control characters (ESC, CR, NUL …) become escapes
 * such as `\u001b`, so a hostile citation cannot move the cursor or rewrite what reckon printed;
 * so do the line and paragraph separators (U+2028, U+2029), which some terminals break lines at, and
 * the bidirectional controls (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), which reorder what
 * follows them on screen. A line break becomes `\n`, as a spec's string writes it, so that a citation
 * cannot start a line of its own (`"sec\n  ✓ b  2  exact"` beside a mismatch): text meant to take
 * several lines is split by its caller first. Tabs stay (source lines keep their layout).
 */
export function visible(text: string): string {
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g, (c) =>
    c === "\n" ? "\\n" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
