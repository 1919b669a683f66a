import pc from "picocolors";
import type { Diagnostic, Severity } from "./diagnostic";
import { advanceCodePoints, type Span } from "../syntax/source";
import { displayWidth } from "../text/display-width";
import { visible } from "../text/visible";

export interface RenderOptions {
  /** Colour the output (for a terminal). */
  readonly color?: boolean;
}

type Paint = (s: string) => string;

/**
 * The one renderer for diagnostics, in the style of Rust and Elm:
 *
 *     error[R0506]: cannot add 万元 and 人
 *      --> <expression>:1:6
 *       |
 *     1 | 1 万元 + 1 人
 *       |      ^ 万元 on the left, 人 on the right
 *       = hint: …
 */
export function renderDiagnostic(d: Diagnostic, options: RenderOptions = {}): string {
  const colors = pc.createColors(options.color ?? false);
  const severityPaint: Record<Severity, Paint> = {
    error: (s) => colors.bold(colors.red(s)),
    warning: (s) => colors.bold(colors.yellow(s)),
  };
  const blue: Paint = (s) => colors.bold(colors.blue(s));
  const lines = [`${severityPaint[d.severity](`${d.severity}[${d.code}]`)}${colors.bold(`: ${visible(d.message)}`)}`];
  if (d.span) lines.push(...excerpt(d.span, d.label, severityPaint[d.severity], blue));
  for (const related of d.related ?? []) {
    lines.push(...excerpt(related.span, related.message, blue, blue));
  }
  if (d.hint) lines.push(`${blue("  = hint:")} ${visible(d.hint)}`);
  return lines.join("\n");
}

export function renderDiagnostics(diagnostics: readonly Diagnostic[], options: RenderOptions = {}): string {
  return diagnostics.map((d) => renderDiagnostic(d, options)).join("\n\n");
}

/** Source lines longer than this (in code points) are shown as a window around the span. */
const WINDOW = 100;
/** Code points shown before the span's start in a window. */
const CONTEXT = 20;

type Position = { line: number; column: number };

/**
 * The characters of the span's line to show (made visible), and the span's first and last index among
 * them. A line longer than WINDOW is cut to a window that keeps the start of the span in view with some
 * context before it, the cuts marked with "…". Only the window is copied, so that a thousand
 * diagnostics on one line of a megabyte take time in proportion to their number, not to the line.
 */
function shownLine(s: Span, start: Position, end: Position): { chars: string[]; first: number; last: number } {
  const { file } = s;
  const lineStart = file.lineStart(start.line);
  const lineEnd = file.lineEnd(start.line);
  let first = start.column - 1;
  // The line's length in code points, counted only as far as needed to know it is longer than WINDOW.
  const short = advanceCodePoints(file.text, lineStart, WINDOW) >= lineEnd;
  if (short) {
    const chars = [...file.text.slice(lineStart, lineEnd)].map(shown);
    return { chars, first, last: Math.max(start.column, end.line === start.line ? end.column : chars.length) };
  }
  const from = Math.max(0, first - CONTEXT);
  const fromOffset = file.offsetInLine(start.line, from);
  const toOffset = Math.min(advanceCodePoints(file.text, fromOffset, WINDOW), lineEnd);
  const more = toOffset < lineEnd;
  const chars = [...(from > 0 ? ["…"] : []), ...[...file.text.slice(fromOffset, toOffset)].map(shown), ...(more ? ["…"] : [])];
  const shift = from - (from > 0 ? 1 : 0);
  first -= shift;
  const last = end.line === start.line ? Math.max(start.column, end.column) - shift : Infinity;
  return { chars, first, last: Math.min(last, chars.length - (more ? 1 : 0)) };
}

function shown(c: string): string {
  return c === "\t" ? c : visible(c);
}

/** The source line of a span with a caret line under the span. */
function excerpt(s: Span, label: string | undefined, caretPaint: Paint, gutterPaint: Paint): string[] {
  const start = s.file.position(s.start);
  const end = s.file.position(Math.max(s.start, s.end - 1));
  const { chars, first, last } = shownLine(s, start, end);
  const lineText = chars.join("");
  const number = String(start.line);
  const pad = " ".repeat(number.length);
  const before = chars.slice(0, first).join("");
  const marked = chars.slice(first, Math.max(first + 1, last)).join("");
  // Keep tabs in the caret line where the source line has them, so the caret lines up at any tab width.
  const indent = [...before].map((ch) => (ch === "\t" ? "\t" : " ".repeat(displayWidth(ch)))).join("");
  const carets = "^".repeat(Math.max(1, displayWidth(marked.replace(/\t/g, " "))));
  return [
    `${pad}${gutterPaint("-->")} ${s.file.path}:${start.line}:${start.column}`,
    `${pad} ${gutterPaint("|")}`,
    `${gutterPaint(number)} ${gutterPaint("|")} ${lineText}`,
    `${pad} ${gutterPaint("|")} ${indent}${caretPaint(carets)}${label ? ` ${caretPaint(visible(label))}` : ""}`,
  ];
}
