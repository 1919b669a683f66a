import { addAll, type Diagnostic } from "../diagnostics/diagnostic";
import { supplyFactFile } from "../facts/supply";
import { loadFactFile } from "../files";
import type { CompiledSpec } from "../pipeline";

/** Fills a compiled spec's facts from the --facts files; returns the diagnostics (errors stop the command). */
export function applyFactFiles(spec: CompiledSpec, paths: readonly string[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const path of paths) addAll(diagnostics, supplyFactFile(spec, path, loadFactFile(path)).diagnostics);
  return diagnostics;
}
