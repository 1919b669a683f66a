import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { displayPath } from "../files";
import { UsageError } from "./io";

/**
 * The report specs named by the command line: a file is taken as it is; a directory is searched
 * (recursively, in name order) for `.reckon` files with a `report` header, so that libraries such
 * as specs/std are imported by reports, not checked on their own.
 */
export function reportSpecs(paths: readonly string[]): string[] {
  return collect(paths, (file) => /^\s*report\s+"/m.test(readFileSync(file, "utf8")), 'a report spec is a .reckon file with a `report "…"` header', "report spec");
}

/** Every spec named by the command line: a file as it is, a directory as every `.reckon` file under it. */
export function specFiles(paths: readonly string[]): string[] {
  return collect(paths, () => true, "give .reckon spec files or directories of specs", ".reckon file");
}

function collect(paths: readonly string[], wanted: (file: string) => boolean, hint: string, what: string): string[] {
  const found: string[] = [];
  for (const given of paths) {
    let stats;
    try {
      stats = statSync(given);
    } catch {
      throw new UsageError(`no such file or directory: ${given}`, "give a .reckon spec file or a directory of specs");
    }
    if (stats.isDirectory()) {
      const files = walk(given).filter(wanted);
      if (files.length === 0) throw new UsageError(`no ${what} in ${given}`, hint);
      found.push(...files);
    } else {
      found.push(given);
    }
  }
  return [...new Set(found.map((file) => displayPath(path.resolve(file))))];
}

function walk(directory: string): string[] {
  const entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return entries.flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name.startsWith(".") ? [] : walk(full);
    return entry.isFile() && entry.name.endsWith(".reckon") ? [full] : [];
  });
}
