import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import stringWidth from "string-width";
import { afterAll, beforeAll } from "vitest";
import { run } from "../src/cli/main";
import type { Console } from "../src/cli/io";
import type { Diagnostic } from "../src/diagnostics/diagnostic";
import { renderDiagnostic, renderDiagnostics } from "../src/diagnostics/render";
import { formatValue } from "../src/evaluation/format-value";
import { compileSpec, evaluateExpression } from "../src/pipeline";
import { memoryHost } from "../src/semantics/loader";
import { location } from "../src/syntax/source";

/** What one run of the CLI printed, and the exit code it returned. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A `Console` that records what is written to it, without colour. */
export function captureConsole(): { io: Console; stdout: () => string; stderr: () => string } {
  let stdout = "";
  let stderr = "";
  const io: Console = {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    colorOut: false,
    colorErr: false,
  };
  return { io, stdout: () => stdout, stderr: () => stderr };
}

/** Runs `reckon ARGV…` in-process and captures its output. */
export function cli(...argv: string[]): CliResult {
  const capture = captureConsole();
  const code = run(argv, capture.io);
  return { code, stdout: capture.stdout(), stderr: capture.stderr() };
}

/** A diagnostic rendered as the CLI prints it (no colour). */
export function render(d: Diagnostic): string {
  return renderDiagnostic(d, { color: false });
}

/** "path:line:column" of a diagnostic's primary span. */
export function where(d: Diagnostic): string {
  return d.span ? location(d.span) : "(no location)";
}

/** Specs keyed by path; the last one listed is the root unless `root` says otherwise. */
export type Specs = Readonly<Record<string, string>>;

/** Every diagnostic a spec produces: static ones, then (when it compiles) evaluation ones. */
export function diagnose(specs: Specs, root: string = Object.keys(specs).at(-1)!): Diagnostic[] {
  const compiled = compileSpec([root], memoryHost(specs));
  if (!compiled.spec) return [...compiled.diagnostics];
  return [...compiled.diagnostics, ...compiled.spec.calculation.evaluate().diagnostics];
}

/** Every diagnostic a lone expression produces. */
export function diagnoseExpression(text: string): Diagnostic[] {
  return [...evaluateExpression(text).diagnostics];
}

/** Fails with the rendered diagnostics when there are any errors. */
function assertNoErrors(diagnostics: readonly Diagnostic[]): void {
  if (diagnostics.some((d) => d.severity === "error")) {
    throw new Error(`unexpected diagnostics:\n${renderDiagnostics(diagnostics)}`);
  }
}

/** Every figure of a spec, formatted as the CLI prints a value (`1.0001 万元`, `76.61%`, `true`). */
export function evaluateSpec(specs: Specs, root: string = Object.keys(specs).at(-1)!): Record<string, string> {
  const compiled = compileSpec([root], memoryHost(specs));
  assertNoErrors(compiled.diagnostics);
  const spec = compiled.spec!;
  const evaluation = spec.calculation.evaluate();
  assertNoErrors(evaluation.diagnostics);
  const values: Record<string, string> = {};
  for (const [name, value] of evaluation.values) {
    const type = spec.typed.types.get(name);
    values[name] = formatValue(value, type?.kind === "quantity" ? type.unit : undefined);
  }
  return values;
}

/** A lone expression's value, formatted as `reckon eval` prints it. */
export function evaluate(text: string, specs?: Specs, root?: string): string {
  const context = specs ? { roots: [root ?? Object.keys(specs).at(-1)!], host: memoryHost(specs) } : undefined;
  const result = evaluateExpression(text, context);
  assertNoErrors(result.diagnostics);
  if (result.value === undefined) throw new Error(`no value for ${text}`);
  return formatValue(result.value, result.type?.kind === "quantity" ? result.type.unit : undefined);
}

/**
 * Checks that every caret line of a rendered diagnostic starts under the column its `-->` line
 * names, measured in terminal cells (a CJK character is two cells wide).
 */
export function caretsLineUp(rendered: string): boolean {
  const lines = rendered.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const arrow = /^\s*--> .*:(\d+):(\d+)$/.exec(lines[i]!);
    if (!arrow) continue;
    const column = Number(arrow[2]);
    const source = lines[i + 2];
    const carets = lines[i + 3];
    if (source === undefined || carets === undefined) return false;
    const bar = source.indexOf(" | ");
    const sourceText = source.slice(bar + 3);
    const before = [...sourceText].slice(0, column - 1).join("");
    const caretAt = carets.indexOf("^");
    if (caretAt < 0) return false;
    if (stringWidth(carets.slice(0, caretAt)) !== stringWidth(source.slice(0, bar + 3) + before)) return false;
  }
  return true;
}

/**
 * A temporary directory for the tests of one file: made before they run, removed after. `write` puts
 * a file in it (making any folders on the way) and returns its absolute path; `path` gives the path
 * of a name in it (of the directory itself without one).
 */
export function temporaryDirectory(name: string): { path(file?: string): string; write(file: string, text: string): string } {
  let directory = "";
  beforeAll(() => {
    directory = mkdtempSync(path.join(tmpdir(), `reckon-${name}-`));
  });
  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });
  return {
    path: (file = "") => path.join(directory, file),
    write(file, text) {
      const full = path.join(directory, file);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, text);
      return full;
    },
  };
}
