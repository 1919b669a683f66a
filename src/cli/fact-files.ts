import { error, hasErrors, type Diagnostic } from "../diagnostics/diagnostic";
import { readFactFile } from "../facts/fact-files";
import { supplyFacts } from "../facts/supply";
import { readFactFileText } from "../files";
import type { CompiledSpec } from "../pipeline";

/** Fills a compiled spec's facts from the --facts files; returns the diagnostics (errors stop the command). */
export function applyFactFiles(spec: CompiledSpec, paths: readonly string[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const path of paths) {
    // Never decoded lossily: a file that is not UTF-8 is R0913, not names and units that match nothing.
    const text = readFactFileText(path);
    if (typeof text !== "string") {
      diagnostics.push(text ?? error("R0911", `cannot read the fact file \`${path}\``, undefined, { hint: "check the path given to --facts" }));
      continue;
    }
    const read = readFactFile(path, text);
    diagnostics.push(...read.diagnostics);
    if (hasErrors(read.diagnostics)) continue;
    const supplied = supplyFacts(spec, read.facts, (fact) => ({ kind: "file", path, line: fact.span ? fact.span.file.position(fact.span.start).line : 0 }));
    diagnostics.push(...supplied.diagnostics);
  }
  return diagnostics;
}
