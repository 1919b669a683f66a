import { addAll, hasErrors, type Diagnostic } from "../diagnostics/diagnostic";
import { diagnosticsJson } from "../diagnostics/diagnostic-data";
import { cannotExplain, explainerFor, type ExplainNode } from "../explaining/explain";
import { findByName, findByValue } from "../explaining/find";
import { markdownText, renderExplainMarkdown, renderExplainText } from "../explaining/render-explain";
import { fileHost } from "../files";
import { compileSpec, type CompiledSpec } from "../pipeline";
import { EXIT_OK, EXIT_USAGE, printDiagnostics, shellQuote, usage, UsageError, type Console } from "./io";
import { applyFactFiles } from "./apply-fact-files";
import { pathKind, reportSpecs } from "./spec-paths";

export const explainUsage = usage([
  ["reckon explain PATH NAME|--value V", "how a figure is derived, down to the printed facts"],
  ["", "(NAME may be a pattern: 项目.科普经费.**.得分)"],
]);

export interface ExplainCommandOptions {
  readonly format: "text" | "json" | "markdown";
  readonly value?: string;
  readonly depth?: number;
  readonly facts?: readonly string[];
  /** One line per figure that matches (its heading), without its derivation. */
  readonly list?: boolean;
}

/** How many names the first line lists when several figures match (`**` matches every figure). */
const NAMES_LISTED = 20;

/** `reckon explain specs 收入.其他收入.占比`, `reckon explain specs --value 4.53`. */
export function explainCommand(positionals: readonly string[], options: ExplainCommandOptions, io: Console): number {
  const [path, query, ...extra] = positionals;
  if (path === undefined || (query === undefined) === (options.value === undefined) || extra.length > 0) {
    throw new UsageError("explain needs a spec (or directory) and either a figure's name or --value", `usage:\n  ${explainUsage}`);
  }
  if (options.list && options.depth !== undefined) throw new UsageError("--list shows no derivation, so it takes no --depth", "leave out one of them");
  // `reckon explain 收入.合计 specs`: the spec and the name the other way round.
  if (query !== undefined && pathKind(path) === undefined && pathKind(query) !== undefined) {
    throw new UsageError(`no such file or directory: ${path}`, `the spec comes first, then the name: reckon explain ${shellQuote(query)} ${shellQuote(path)}`);
  }
  const host = fileHost();
  // Every diagnostic goes to stderr; with --format json, the JSON on stdout carries them too, and is
  // written when explain fails as well, so that a program reading it never gets nothing.
  const diagnostics: Diagnostic[] = [];
  const report = (found: readonly Diagnostic[]) => {
    printDiagnostics(io, found);
    addAll(diagnostics, found);
  };
  const fail = () => {
    if (options.format === "json") io.out(`${JSON.stringify({ figures: [], diagnostics: diagnosticsJson(diagnostics) }, null, 2)}\n`);
    return EXIT_USAGE;
  };
  const compiled: CompiledSpec[] = [];
  for (const file of reportSpecs([path])) {
    const result = compileSpec([file], host);
    report(result.diagnostics);
    if (!result.spec) return fail();
    compiled.push(result.spec);
  }
  // The fact files go to the reports explained: those a name is found in (another report of the
  // directory need not declare the facts), or, to find a value, to every report, as check gives them.
  const byName = query !== undefined ? findByName(compiled.map((s) => s.program), query) : undefined;
  const specs = byName ? compiled.filter((spec) => byName.matches.some((m) => m.program === spec.program)) : compiled;
  for (const spec of specs) {
    const factDiagnostics = applyFactFiles(spec, options.facts ?? []);
    report(factDiagnostics);
    if (hasErrors(factDiagnostics)) return fail();
  }
  const found = byName ?? findByValue(specs, options.value!);
  if (found.matches.length === 0) {
    report(found.diagnostics);
    return fail();
  }
  const trees: ExplainNode[] = [];
  // A figure that cannot be evaluated is an error; figures it does not depend on may fail without
  // stopping its explanation (the laws play no part in one).
  const evaluationErrors: Diagnostic[] = [];
  for (const spec of specs) {
    const names = found.matches.filter((m) => m.program === spec.program).map((m) => m.name);
    if (names.length === 0) continue;
    const explainer = explainerFor(spec, names);
    for (const name of names) {
      const failures = cannotExplain(spec, name);
      if (failures.length > 0) addAll(evaluationErrors, failures);
      else trees.push(explainer.explain(name, { depth: options.list ? 0 : options.depth })!);
    }
  }
  report(evaluationErrors);
  if (hasErrors(evaluationErrors)) return fail();
  const withDiagnostics = diagnostics.length > 0 ? { diagnostics: diagnosticsJson(diagnostics) } : {};
  if (options.list) return listFigures(trees, options.format, io, withDiagnostics);
  if (options.format === "json") {
    io.out(`${JSON.stringify({ figures: trees, ...withDiagnostics }, null, 2)}\n`);
    return EXIT_OK;
  }
  // Several figures can answer one question (`总分` ends eight names): say so before the first.
  const asked = query ?? `--value ${options.value!}`;
  const markdown = options.format === "markdown";
  const listed = trees.slice(0, NAMES_LISTED).map((t) => (markdown ? `\`${t.name}\`` : t.name));
  const more = trees.length > NAMES_LISTED ? `, … (${trees.length} in all)` : "";
  const heading = trees.length > 1 ? `${trees.length} figures match ${markdown ? `\`${asked}\`` : asked}: ${listed.join(", ")}${more}\n\n` : "";
  if (markdown) io.out(heading + trees.map(renderExplainMarkdown).join("\n"));
  else io.out(heading + trees.map((t) => renderExplainText(t, { color: io.colorOut })).join("\n"));
  return EXIT_OK;
}

/**
 * `--list`: each figure that matches on one line, as the heading of its explanation shows it
 * (`人员.实有人数 = 102 人  ✓ exact`); in JSON, its name, value, unit, printed value and status.
 */
function listFigures(trees: readonly ExplainNode[], format: "text" | "json" | "markdown", io: Console, withDiagnostics: object): number {
  if (format === "json") {
    const figures = trees.map((t) => ({ name: t.name, kind: t.kind, value: t.value, unit: t.unit, ...(t.printed ? { printed: t.printed.text } : {}), ...(t.status ? { status: t.status } : {}) }));
    io.out(`${JSON.stringify({ figures, ...withDiagnostics }, null, 2)}\n`);
    return EXIT_OK;
  }
  const heading = (t: ExplainNode) => renderExplainText({ ...t, children: [] }, { color: io.colorOut }).split("\n")[0]!;
  io.out(`${trees.map((t) => (format === "markdown" ? `- ${markdownText(heading(t))}` : heading(t))).join("\n")}\n`);
  return EXIT_OK;
}
