import { addAll, hasErrors, type Diagnostic } from "../diagnostics/diagnostic";
import { checkSuppliedFacts, supplyFacts } from "../facts/supply";
import { loadFactFile } from "../files";
import type { CompiledSpec } from "../pipeline";

/** Fills a compiled spec's facts from the --facts files; returns the diagnostics (errors stop the command). */
export function applyFactFiles(spec: CompiledSpec, paths: readonly string[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const path of paths) {
    const read = loadFactFile(path);
    if (hasErrors(read.diagnostics)) {
      // Nothing goes in, but the rows that could be read are checked too: every mistake in one run.
      addAll(diagnostics, checkSuppliedFacts(spec, read.facts, read.diagnostics));
      continue;
    }
    addAll(diagnostics, read.diagnostics);
    const supplied = supplyFacts(spec, read.facts, (fact) => ({ kind: "file", path, line: fact.span ? fact.span.file.position(fact.span.start).line : 0 }));
    addAll(diagnostics, supplied.diagnostics);
  }
  return diagnostics;
}
