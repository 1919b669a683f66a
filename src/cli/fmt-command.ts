import { randomBytes } from "node:crypto";
import { closeSync, fchmodSync, fsyncSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import path from "node:path";
import { error } from "../diagnostics/diagnostic";
import { displayPath, fileFailure, readSpecFile } from "../files";
import { formatSpec } from "../formatting/format-spec";
import { EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, printDiagnostics, usage, UsageError, type Console } from "./io";
import { specFiles } from "./spec-paths";

export const fmtUsage = usage([["reckon fmt [--check] PATH...", "lay specs out canonically, in place (--check: list the files that are not)"]]);

/**
 * `reckon fmt specs`: rewrites every spec in the canonical layout (see formatting/format-spec.ts),
 * in place and atomically. A directory stands for every `.reckon` file under it. A file with syntax
 * errors is left as it is and its diagnostics are printed.
 *
 * Exit codes: 0 when every file is formatted (or was rewritten); with `--check`, 1 when a file is
 * not formatted (the files are listed on stdout and nothing is written); 2 when a file has syntax
 * errors or cannot be read (not UTF-8: R0205; larger than the limit: R0204); 3 when fmt cannot do
 * its work (a layout it cannot verify: R1001; a file it cannot write: R1002). Such a file is left as
 * it is.
 */
export function fmtCommand(paths: readonly string[], options: { check: boolean }, io: Console): number {
  if (paths.length === 0) throw new UsageError("fmt needs a spec file or a directory", `usage:\n  ${fmtUsage}`);
  let failed = false;
  // fmt's own failure (R1001: a layout it cannot verify, R1002: a file it cannot write), not the spec's.
  let couldNot = false;
  let unformatted = false;
  for (const file of specFiles(paths)) {
    const shown = displayPath(path.resolve(file));
    // A file that is not UTF-8 (R0205) or too large (R0204) is reported and never written: a lossy
    // decoding would write U+FFFD over every character that is not ASCII.
    const { text, failure } = readSpecFile(file, shown);
    if (text === undefined) {
      printDiagnostics(io, [failure?.(undefined) ?? error("R0201", `cannot read spec \`${shown}\``, undefined, { hint: "check the path" })]);
      failed = true;
      continue;
    }
    const result = formatSpec(text, shown);
    if (result.diagnostics.length > 0) printDiagnostics(io, result.diagnostics);
    if (result.diagnostics.some((d) => d.severity === "error")) {
      if (result.diagnostics.some((d) => d.code === "R1001")) couldNot = true;
      else failed = true;
      continue;
    }
    if (result.text === text) continue;
    if (options.check) {
      io.out(`${shown}\n`);
      unformatted = true;
      continue;
    }
    try {
      writeFileAtomically(file, result.text);
    } catch (e) {
      printDiagnostics(io, [
        error("R1002", `cannot write \`${shown}\`: ${fileFailure(e)}`, undefined, { hint: "the file is left as it was; check that it can be written, and the space left on its disk" }),
      ]);
      couldNot = true;
    }
  }
  if (couldNot) return EXIT_INTERNAL;
  if (failed) return EXIT_USAGE;
  return unformatted ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * Replaces a file's content without ever leaving it half written: the new text goes to a temporary
 * file in the same directory (so that the rename stays on one file system), is flushed to disk, and
 * is then renamed over the original, which readers see either whole before or whole after. The
 * original's permissions are kept; a symbolic link is followed, so the link stays a link.
 */
export function writeFileAtomically(file: string, text: string): void {
  const target = realpathSync(file);
  const mode = statSync(target).mode & 0o7777;
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  let descriptor: number | undefined;
  try {
    descriptor = openSync(temporary, "wx", mode);
    fchmodSync(descriptor, mode);
    const bytes = Buffer.from(text, "utf8");
    let written = 0;
    while (written < bytes.length) written += writeSync(descriptor, bytes, written, bytes.length - written);
    fsyncSync(descriptor);
    closeSync(descriptor);
    descriptor = undefined;
    renameSync(temporary, target);
  } catch (e) {
    if (descriptor !== undefined) closeSync(descriptor);
    rmSync(temporary, { force: true });
    throw e;
  }
}
