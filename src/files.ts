import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { SpecHost } from "./semantics/loader";

/** The largest spec file reckon reads (a real report's spec is well under 1 MiB). */
export const MAX_SPEC_BYTES = 8 * 1024 * 1024;

/**
 * Specs on disk. Keys are paths as the user would write them (relative to the working directory
 * when inside it), so diagnostics print `specs/x.reckon:3:5`.
 */
export function fileHost(cwd: string = process.cwd()): SpecHost {
  return {
    resolve(specifier, from) {
      return displayPath(path.resolve(cwd, path.dirname(from), specifier), cwd);
    },
    read(key) {
      try {
        const full = path.resolve(cwd, key);
        const stats = statSync(full);
        if (!stats.isFile() || stats.size > MAX_SPEC_BYTES) return undefined;
        return readFileSync(full, "utf8");
      } catch {
        return undefined;
      }
    },
  };
}

export function displayPath(full: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, full);
  const shown = relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? full : relative;
  return shown.split(path.sep).join("/");
}
