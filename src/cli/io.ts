import { renderDiagnostics } from "../diagnostics/render";
import type { Diagnostic } from "../diagnostics/diagnostic";

/**
 * Exit codes: 0 success, 1 findings (mismatches), 2 a user's error, 3 reckon could not do its work
 * (a bug, or output it could not write): a pipeline tells a broken report from a broken run.
 */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

/** Thrown by a command for a user's mistake on the command line; printed without a stack trace. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The column at which the commands' descriptions start in `reckon --help` and in usage hints. */
const USAGE_COLUMN = 36;

/** Lines of usage: each command line as typed, its description beside it, every description in one column. */
export function usage(lines: readonly (readonly [syntax: string, description: string])[]): string {
  return lines.map(([syntax, description]) => `${syntax.padEnd(USAGE_COLUMN - 1)} ${description}`).join("\n");
}

/**
 * Where the command line writes: the process's streams, or a program's own (exported as
 * `CliConsole`, for a program that runs the command line with `run(argv, io)` and keeps its output).
 */
export interface Console {
  out(text: string): void;
  err(text: string): void;
  /** Whether to colour output written to stdout / stderr. */
  readonly colorOut: boolean;
  readonly colorErr: boolean;
}

export function processConsole(): Console {
  quietWhenThePipeCloses(process.stdout);
  quietWhenThePipeCloses(process.stderr);
  const noColor = "NO_COLOR" in process.env && process.env.NO_COLOR !== "";
  const force = "FORCE_COLOR" in process.env && process.env.FORCE_COLOR !== "0";
  return {
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
    colorOut: force || (!noColor && process.stdout.isTTY === true),
    colorErr: force || (!noColor && process.stderr.isTTY === true),
  };
}

const guarded = new WeakSet<NodeJS.WriteStream>();

/**
 * A reader that stops early (`reckon explain … | head -1`) closes the pipe: the rest of the output
 * has nowhere to go. Stop there with the command's exit code, as other command-line tools do,
 * instead of dying with a stack trace of the failed write. Any other failure to write (a full disk)
 * is said on stderr, if it can be, and ends the run with EXIT_INTERNAL.
 */
function quietWhenThePipeCloses(stream: NodeJS.WriteStream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    // Said on stderr when stdout failed; when stderr failed, stdout (which may hold JSON) is left as
    // it is, and the exit code says it.
    if (stream === process.stdout) {
      try {
        process.stderr.write(`error: cannot write the output: ${error.message}\n`);
      } catch {
        // Nowhere left to say it: the exit code does.
      }
    }
    process.exit(EXIT_INTERNAL);
  });
}

export function printDiagnostics(io: Console, diagnostics: readonly Diagnostic[]): void {
  if (diagnostics.length === 0) return;
  io.err(`${renderDiagnostics(diagnostics, { color: io.colorErr })}\n`);
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  if (errors > 0) io.err(`${errors} error${errors === 1 ? "" : "s"}\n`);
}

/**
 * An argument as it is typed to a POSIX shell: bare when that is safe, else in double quotes, or
 * in single quotes when it holds characters that double quotes would expand. `always` quotes even
 * a safe one (an expression reads better quoted).
 */
export function shellQuote(text: string, always = false): string {
  if (!always && /^[\p{L}\p{N}_\-.,/:=@%+]+$/u.test(text)) return text;
  if (!/["$`\\!]/.test(text)) return `"${text}"`;
  return `'${text.replaceAll("'", "'\\''")}'`;
}
