import pc from "picocolors";
import stringWidth from "string-width";
import type { Diagnostic, Severity } from "./diagnostic";
import type { Span } from "../syntax/source";

export interface RenderOptions {
  /** Colour the output (for a terminal). */
  readonly color?: boolean;
}

type Paint = (s: string) => string;

/**
 * The one renderer for diagnostics, in the style of Rust and Elm:
 *
 *     error[R0301]: cannot add 万元 and 人
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
    note: (s) => colors.bold(colors.cyan(s)),
  };
  const blue: Paint = (s) => colors.bold(colors.blue(s));
  const lines = [`${severityPaint[d.severity](`${d.severity}[${d.code}]`)}${colors.bold(`: ${d.message}`)}`];
  if (d.span) lines.push(...excerpt(d.span, d.label, severityPaint[d.severity], blue));
  for (const related of d.related ?? []) {
    lines.push(...excerpt(related.span, related.message, blue, blue));
  }
  if (d.hint) lines.push(`${blue("  = hint:")} ${d.hint}`);
  return lines.join("\n");
}

export function renderDiagnostics(diagnostics: readonly Diagnostic[], options: RenderOptions = {}): string {
  return diagnostics.map((d) => renderDiagnostic(d, options)).join("\n\n");
}

/** The source line of a span with a caret line under the span. */
function excerpt(s: Span, label: string | undefined, caretPaint: Paint, gutterPaint: Paint): string[] {
  const start = s.file.position(s.start);
  const end = s.file.position(Math.max(s.start, s.end - 1));
  const lineText = s.file.lineText(start.line);
  const number = String(start.line);
  const pad = " ".repeat(number.length);
  const before = [...lineText].slice(0, start.column - 1).join("");
  const lastColumn = end.line === start.line ? end.column : [...lineText].length;
  const marked = [...lineText].slice(start.column - 1, Math.max(start.column, lastColumn)).join("");
  // Keep tabs in the caret line where the source line has them, so the caret lines up at any tab width.
  const indent = [...before].map((ch) => (ch === "\t" ? "\t" : " ".repeat(stringWidth(ch)))).join("");
  const carets = "^".repeat(Math.max(1, stringWidth(marked.replace(/\t/g, " "))));
  return [
    `${pad}${gutterPaint("-->")} ${s.file.path}:${start.line}:${start.column}`,
    `${pad} ${gutterPaint("|")}`,
    `${gutterPaint(number)} ${gutterPaint("|")} ${lineText}`,
    `${pad} ${gutterPaint("|")} ${indent}${caretPaint(carets)}${label ? ` ${caretPaint(label)}` : ""}`,
  ];
}
