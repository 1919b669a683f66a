import { readFileSync } from "node:fs";
import { error, hasErrors, type Diagnostic } from "../diagnostics/diagnostic";
import { readFactFile } from "../facts/fact-files";
import { supplyFacts } from "../facts/supply";
import type { CompiledSpec } from "../pipeline";

/** Fills a compiled spec's facts from the --facts files; returns the diagnostics (errors stop the command). */
export function applyFactFiles(spec: CompiledSpec, paths: readonly string[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      diagnostics.push(error("R0911", `cannot read the fact file \`${path}\``, undefined, { hint: "check the path given to --facts" }));
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
