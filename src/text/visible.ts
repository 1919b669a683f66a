/**
 * Text from a spec as a terminal may show it: control characters (ESC, CR, NUL …) become escapes
 * such as `\u001b`, so a hostile citation cannot move the cursor or rewrite what reckon printed.
 * Tabs stay (source lines keep their layout); line breaks are the caller's.
 */
export function visible(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
