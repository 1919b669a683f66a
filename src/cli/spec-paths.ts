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
  const found: string[] = [];
  for (const given of paths) {
    let stats;
    try {
      stats = statSync(given);
    } catch {
      throw new UsageError(`no such file or directory: ${given}`, "give a .reckon spec file or a directory of specs");
    }
    if (stats.isDirectory()) {
      const reports = walk(given).filter((file) => /^\s*report\s+"/m.test(readFileSync(file, "utf8")));
      if (reports.length === 0) throw new UsageError(`no report spec in ${given}`, 'a report spec is a .reckon file with a `report "…"` header');
      found.push(...reports);
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
