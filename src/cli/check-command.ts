import { checkSpec, type CheckResult } from "../checking/check";
import { checkToJson } from "../checking/check-json";
import { renderCheckText } from "../checking/check-text";
import path from "node:path";
import { addAll, hasErrors, warning, type Diagnostic } from "../diagnostics/diagnostic";
import { LawMemo } from "../laws/law-memo";
import { fileHost } from "../files";
import { compileSpec } from "../pipeline";
import { span } from "../syntax/source";
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, printDiagnostics, usage, UsageError, type Console } from "./io";
import { applyFactFiles } from "./apply-fact-files";
import { searchReports, type HeaderlessPublisher } from "./spec-paths";

export const checkUsage = usage([["reckon check PATH...", "check every published figure of the reports in PATH (files or directories)"]]);

/**
 * `reckon check specs`: every published figure against its formula, and every law on generated
 * inputs. Exit 0 when nothing is a mismatch, no known-inconsistency declaration is stale and every
 * law holds; 1 otherwise; 2 when a spec has errors.
 */
export function checkCommand(paths: readonly string[], options: { format: "text" | "json"; facts?: readonly string[]; lawRuns?: number }, io: Console): number {
  if (paths.length === 0) throw new UsageError("check needs a spec file or a directory", `usage:\n  ${checkUsage}`);
  const host = fileHost();
  const results: CheckResult[] = [];
  // Reports that import the same library share its laws' results: each law is checked once.
  const lawMemo = new LawMemo();
  const diagnostics: Diagnostic[] = [];
  const report = (found: readonly Diagnostic[]) => {
    printDiagnostics(io, found);
    addAll(diagnostics, found);
  };
  let specErrors = false;
  // The reports that could not be checked (a spec or a fact file with errors): said on stdout too.
  const notChecked: string[] = [];
  // Every file a report checked was made of: its own and those it imports.
  const checkedFiles = new Set<string>();
  const { reports, headerless } = searchReports(paths);
  for (const file of reports) {
    const compiled = compileSpec([file], host);
    report(compiled.diagnostics);
    if (!compiled.spec) {
      specErrors = true;
      notChecked.push(file);
      continue;
    }
    for (const module of compiled.spec.program.modules) checkedFiles.add(path.resolve(module.file.path));
    const factDiagnostics = applyFactFiles(compiled.spec, options.facts ?? []);
    report(factDiagnostics);
    if (hasErrors(factDiagnostics)) {
      specErrors = true;
      notChecked.push(file);
      continue;
    }
    const result = checkSpec(compiled.spec, { lawRuns: options.lawRuns, lawMemo });
    report(result.diagnostics);
    if (hasErrors(result.diagnostics)) specErrors = true;
    results.push(result);
  }
  // A report that could not be compiled may import them: only once every report was read is a part known to be unchecked.
  if (notChecked.length === 0) report(uncheckedPublishers(headerless, checkedFiles));
  if (options.format === "json") io.out(`${JSON.stringify(checkToJson(results, diagnostics), null, 2)}\n`);
  // One spec with errors prints only its errors; among several reports, each is named.
  else if (results.length > 0 || notChecked.length > 1) io.out(renderCheckText(results, { color: io.colorOut, notChecked }));
  if (specErrors) return EXIT_USAGE;
  const failed = results.some((r) => r.stale.length > 0 || r.figures.some((f) => f.status === "mismatch") || r.laws.some((l) => l.status === "fails"));
  return failed ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * A warning for each file of the directories searched that publishes figures, has no report header
 * and is imported by no report checked: its figures would otherwise go unchecked in silence.
 */
function uncheckedPublishers(headerless: readonly HeaderlessPublisher[], checkedFiles: ReadonlySet<string>): Diagnostic[] {
  return headerless
    .filter(({ file }) => !checkedFiles.has(path.resolve(file.path)))
    .map(({ file, published }) =>
      warning("R0609", `the published figures of \`${file.path}\` are not checked: it has no report header, and no report checked imports it`, span(file, published, published + "published".length), {
        hint: 'give it a header to check it as a report (report "…" year 2024), or import it from the report it belongs to',
      }),
    );
}
