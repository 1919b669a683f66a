import { lstatSync } from "node:fs";
import { hasErrors } from "../diagnostics/diagnostic";
import { diagnosticsJson } from "../diagnostics/diagnostic-data";
import { formatValue } from "../evaluation/format-value";
import { format, QUOTIENT_DIGITS } from "../numbers/exact";
import type { RuntimeValue } from "../evaluation/compile";
import { sameValue } from "../evaluation/evaluate";
import { fileHost } from "../files";
import { evaluateExpression } from "../pipeline";
import { EXIT_OK, EXIT_USAGE, printDiagnostics, shellQuote, usage, UsageError, type Console } from "./io";
import { applyFactFiles } from "./apply-fact-files";
import { isFactFilePath, pathKind, reportSpecs, statGiven } from "./spec-paths";

export const evalUsage = usage([
  ['reckon eval "EXPRESSION"', "evaluate an expression exactly"],
  ['reckon eval SPEC NAME|"EXPRESSION"', "evaluate a figure, or an expression over a spec's figures"],
  ["  --facts FILE", "with facts from a fact file (JSON or CSV), as check and explain take them"],
]);

/**
 * `reckon eval "0.1 + 0.2"` → 0.3; `reckon eval specs/x.reckon 收入.财政拨款` → its value.
 * A name is compiled as an expression, so an unknown one gets the same "did you mean" help.
 */
export function evalCommand(positionals: readonly string[], options: { format: "text" | "json"; facts: readonly string[] }, io: Console): number {
  if (positionals.length === 0 || positionals.length > 2) {
    throw new UsageError(
      positionals.length === 0 ? "eval needs an expression" : "eval takes an expression, or a spec and a name",
      `usage:\n  ${evalUsage.split("\n").join("\n  ")}`,
    );
  }
  const [first, second] = positionals as [string, string | undefined];
  if (second !== undefined) refuseSpecPath(first, second);
  else if (options.facts.length > 0) {
    throw new UsageError("--facts gives values to a spec's facts, but eval was given no spec", `e.g. reckon eval SPEC ${shellQuote(first, true)} --facts ${shellQuote(options.facts[0]!)}`);
  }
  const result =
    second === undefined
      ? evaluateExpression(first)
      : evaluateExpression(second, { roots: [fileHost().resolve(first, "./")], host: fileHost(), prepare: (spec) => applyFactFiles(spec, options.facts) });
  // `reckon eval specs/x.reckon`: a spec without a name would otherwise be reported as unknown names.
  if (second === undefined && hasErrors(result.diagnostics)) refuseLoneSpec(first);
  // `reckon eval 收入.合计`: a name alone is unknown because no spec was given, not because it is misspelt.
  const diagnostics =
    second === undefined
      ? result.diagnostics.map((d) => (d.code === "R0314" ? { ...d, hint: `an expression alone knows no figures; to use a spec's, give it first: reckon eval SPEC ${shellQuote(first, true)}` } : d))
      : result.diagnostics;
  printDiagnostics(io, diagnostics);
  // With --format json the JSON carries the diagnostics too, and is written when eval fails as well.
  const withDiagnostics = diagnostics.length > 0 ? { diagnostics: diagnosticsJson(diagnostics) } : {};
  if (hasErrors(result.diagnostics) || result.value === undefined) {
    if (options.format === "json") io.out(`${JSON.stringify({ diagnostics: diagnosticsJson(diagnostics) })}\n`);
    return EXIT_USAGE;
  }
  const unit = result.type?.kind === "quantity" ? result.type.unit : undefined;
  // A published figure is read at its printed value; when its formula computes another, say so.
  const computed = result.computed !== undefined && !sameValue(result.computed, result.value) ? result.computed : undefined;
  if (options.format === "json") {
    const json = (v: RuntimeValue) => (typeof v === "boolean" ? v : format(v));
    io.out(`${JSON.stringify({ value: json(result.value), unit: unit?.label ?? "", quotientDigits: QUOTIENT_DIGITS, ...(computed === undefined ? {} : { computed: json(computed) }), ...withDiagnostics })}\n`);
  } else {
    const note =
      computed !== undefined ? `  (as printed; its formula computes ${formatValue(computed, unit)})` : result.computedFails ? "  (as printed; its formula cannot be evaluated: see the warning)" : "";
    io.out(`${formatValue(result.value, unit)}${note}\n`);
  }
  return EXIT_OK;
}

/**
 * `reckon eval specs 收入.x`: the spec must be one file, not a directory, nor a fact file. When no
 * file has that name, the two arguments may be an expression without its quotes (`reckon eval 100
 * 万元`) or a spec after its name.
 */
function refuseSpecPath(spec: string, expression: string): void {
  if (!pathExists(spec) && !/\.reckon$/i.test(spec)) {
    if (/\.reckon$/i.test(expression) && pathKind(expression) === "file") {
      throw new UsageError(`no such spec file: ${spec}`, `the spec comes first, then the name: reckon eval ${shellQuote(expression)} ${shellQuote(spec)}`);
    }
    throw new UsageError(`no such spec file: ${spec}`, `to evaluate an expression with spaces in it, quote it as one argument: reckon eval ${shellQuote(`${spec} ${expression}`, true)}`);
  }
  if (pathKind(spec) === "directory") {
    throw new UsageError(`\`${spec}\` is a directory, but eval takes one spec file`, `name a spec file in it: reckon eval ${exampleSpec(spec)} ${shellQuote(expression)}`);
  }
  if (isFactFilePath(spec) && pathKind(spec) === "file") {
    throw new UsageError(`\`${spec}\` is a fact file, but eval takes a spec`, `a fact file goes after --facts: reckon eval SPEC ${shellQuote(expression)} --facts ${shellQuote(spec)}`);
  }
  // A spec that is not there, or cannot be reached (a loop of links), is said as check and explain say it.
  statGiven(spec, () => new UsageError(`no such spec file: ${spec}`, "check the path"));
}

/**
 * `reckon eval specs/x.reckon` or `reckon eval specs`: the one argument names a spec file or a
 * directory and does not evaluate as an expression, so the figure's name is what is missing.
 */
function refuseLoneSpec(argument: string): void {
  const kind = pathKind(argument);
  if (kind === "directory") {
    throw new UsageError(`\`${argument}\` is a directory; eval takes one spec file and a figure's name or an expression`, `e.g. reckon eval ${exampleSpec(argument)} NAME`);
  }
  if (kind === "file" && isFactFilePath(argument)) {
    throw new UsageError(`\`${argument}\` is a fact file, but eval takes an expression, or a spec and a name`, `usage:\n  ${evalUsage.split("\n").join("\n  ")}`);
  }
  if (kind === "file" || /\.reckon$/i.test(argument)) {
    throw new UsageError(`eval needs a figure's name or an expression after the spec \`${argument}\``, `usage: reckon eval SPEC NAME|"EXPRESSION", e.g. reckon eval ${shellQuote(argument)} NAME`);
  }
}

/** Whether anything is at a path (a pipe, a link that leads nowhere or in a loop): the loader says what is wrong with it. */
function pathExists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** The first report spec under a directory, for a hint; `DIRECTORY/SPEC.reckon` when there is none. */
function exampleSpec(directory: string): string {
  try {
    const found = reportSpecs([directory])[0];
    if (found !== undefined) return shellQuote(found);
  } catch {
    // no report spec in it: fall through
  }
  return `${shellQuote(directory.replace(/\/+$/, ""))}/SPEC.reckon`;
}
