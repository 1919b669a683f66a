import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { limits } from "./limits";
import type { SpecHost } from "./semantics/loader";

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
        // A file far over the limit is not even read; one just over it is reported by the loader.
        if (!stats.isFile() || stats.size > 2 * limits.specBytes) return undefined;
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
