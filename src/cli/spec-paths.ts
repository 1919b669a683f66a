import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from "node:fs";
import path from "node:path";
import { displayPath, escapeBytes, firstInvalidUtf8, readFailure, readSpecFile } from "../files";
import { scan } from "../syntax/scan";
import { SourceFile } from "../syntax/source";
import * as t from "../syntax/tokens";
import { UsageError } from "./io";

/**
 * The report specs named by the command line: a file is taken as it is; a directory is searched
 * (recursively, in name order) for `.reckon` files with a `report` header, so that libraries such
 * as specs/std are imported by reports, not checked on their own.
 *
 * A file has a report header when the lexer finds the keyword `report` in it (outside comments and
 * strings) anywhere: `report"T"`, a header after other declarations or inside a section (an error
 * of its own, reported when the file is checked). A `.reckon` file that cannot be read as a spec
 * (not UTF-8, too large, a dangling link) is taken too, so that checking it says why rather than
 * skipping it in silence.
 */
export function reportSpecs(paths: readonly string[]): string[] {
  return searchReports(paths).reports;
}

/**
 * The report specs named by the command line (see reportSpecs), and the `.reckon` files of the
 * directories searched that publish figures but have no report header, each with where its first
 * `published` is: a report whose header was forgotten, or a part of a report that imports it
 * (checkCommand tells the two apart). Each file is read and lexed once.
 */
export function searchReports(paths: readonly string[]): { reports: string[]; headerless: HeaderlessPublisher[] } {
  const headerless = new Map<string, HeaderlessPublisher>();
  const hint = 'a report spec is a .reckon file with a `report "…"` header';
  const reports = collect(
    paths,
    (file) => {
      const shown = displayPath(path.resolve(file));
      const { text } = readSpecFile(file, shown);
      // A file that cannot be read is taken, so that checking it says why.
      if (text === undefined) return true;
      const tokens = scan(text).tokens;
      if (tokens.some((token) => token.tokenType === t.Report)) return true;
      const published = tokens.find((token) => token.tokenType === t.Published);
      if (published) headerless.set(shown, { file: new SourceFile(shown, text), published: published.startOffset });
      return false;
    },
    (specs) => {
      // Files that publish figures are parts of a report, or a report without its header.
      const parts = specs.filter((file) => headerless.has(displayPath(path.resolve(file)))).length;
      if (parts === 0) return hint;
      return `${hint}; ${parts === 1 ? "a file there publishes figures but has" : `${parts} files there publish figures but have`} none: check the report that imports ${parts === 1 ? "it" : "them"}, or give the report its header`;
    },
    "report spec",
  );
  return { reports, headerless: [...headerless.values()] };
}

/** A file that publishes figures without a report header, and where its first `published` is. */
export interface HeaderlessPublisher {
  readonly file: SourceFile;
  readonly published: number;
}

/** Every spec named by the command line: a file as it is, a directory as every `.reckon` file under it. */
export function specFiles(paths: readonly string[]): string[] {
  return collect(paths, () => true, () => "give .reckon spec files or directories of specs", ".reckon file");
}

/** `hint`: for a directory where none is wanted, given the .reckon files there. */
function collect(paths: readonly string[], wanted: (file: string) => boolean, hint: (specs: readonly string[]) => string, what: string): string[] {
  const found: string[] = [];
  for (const given of paths) {
    if (given === "-") throw new UsageError("reckon reads specs from files, not from standard input", "save the spec to a file and give its path");
    const stats = statGiven(given, () => new UsageError(`no such file or directory: ${given}`, "give a .reckon spec file or a directory of specs"));
    if (stats.isDirectory()) {
      // Directories already searched, by their real path: a symbolic link to one (or to a directory
      // above it, a loop) is not searched again.
      const specs = walk(Buffer.from(given), given, new Set(), realPath(given) ?? given);
      const files = specs.filter(wanted);
      if (files.length === 0) throw new UsageError(`no ${what} in ${given}`, hint(specs));
      for (const file of files) found.push(file);
    } else {
      found.push(given);
    }
  }
  // One file reached by two paths (a symbolic link to it, a directory named twice) is taken once.
  const seen = new Set<string>();
  return found
    .map((file) => displayPath(path.resolve(file)))
    .filter((file) => {
      const key = realPath(file) ?? file;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/**
 * The `.reckon` files under a directory, in name order. Paths are handled as bytes, so that a name
 * that is not UTF-8 is found (and refused, below) rather than mistaken for another name. Symbolic
 * links are followed, to files and to directories, while they stay inside the directory given
 * (`root`, its real path): a link that leads out of it is not followed, so that `fmt DIR` never
 * rewrites a file outside DIR. node_modules and hidden directories are not searched.
 */
function walk(directory: Buffer, given: string, searched: Set<string>, root: string): string[] {
  const real = realPath(directory);
  if (real === undefined || searched.has(real)) return [];
  searched.add(real);
  const entries = readdirSync(directory, { withFileTypes: true, encoding: "buffer" })
    .map((entry) => ({ entry, name: entry.name, text: entry.name.toString("utf8") }))
    .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : Buffer.compare(a.name, b.name)));
  return entries.flatMap(({ entry, name, text }) => {
    const full = directory.at(-1) === path.sep.charCodeAt(0) ? Buffer.concat([directory, name]) : Buffer.concat([directory, Buffer.from(path.sep), name]);
    if (entry.isSymbolicLink() && !inside(realPath(full), root)) return [];
    const kind = entryKind(entry, full);
    if (kind === "directory") return text === "node_modules" || text.startsWith(".") ? [] : walk(full, given, searched, root);
    if (!text.endsWith(".reckon") || kind === "other") return [];
    if (firstInvalidUtf8(full) >= 0) {
      throw new UsageError(
        `a file name under ${given} is not UTF-8: ${escapeBytes(full)}`,
        "rename the file so that its name is UTF-8 (for a name saved in GBK: convmv -f GBK -t UTF-8); reckon names files in its messages by their UTF-8 names",
      );
    }
    return [full.toString("utf8")];
  });
}

/**
 * What a directory entry is, a symbolic link followed: a `.reckon` link that leads nowhere (dangling,
 * or a loop of links) counts as a file, so that the command reports it cannot be read.
 */
function entryKind(entry: Dirent<Buffer>, full: Buffer): "directory" | "file" | "other" {
  if (entry.isDirectory()) return "directory";
  if (entry.isFile()) return "file";
  if (!entry.isSymbolicLink()) return "other";
  let stats: Stats;
  try {
    stats = statSync(full);
  } catch {
    return "file";
  }
  return stats.isDirectory() ? "directory" : stats.isFile() ? "file" : "other";
}

/** Whether a real path is the root or under it; a link that leads nowhere (undefined) counts as inside, to be reported. */
function inside(real: string | undefined, root: string): boolean {
  return real === undefined || real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

function realPath(file: string | Buffer): string | undefined {
  try {
    return realpathSync(file, { encoding: "buffer" }).toString("latin1");
  } catch {
    return undefined;
  }
}

/**
 * A path given on the command line, followed through its links; when it cannot be reached, a
 * UsageError that says why: `missing` when nothing is there, else the reason (a loop of links,
 * permission denied …).
 */
export function statGiven(given: string, missing: () => UsageError): Stats {
  try {
    return statSync(given);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") throw missing();
    const { reason, hint } = readFailure(e);
    throw new UsageError(`cannot read ${given}: ${reason}`, hint);
  }
}

/** What a path given on the command line is: a file, a directory, or nothing (undefined). */
export function pathKind(file: string): "file" | "directory" | undefined {
  try {
    const stats = statSync(file);
    return stats.isDirectory() ? "directory" : stats.isFile() ? "file" : undefined;
  } catch {
    return undefined;
  }
}

/** A JSON or CSV file, by its name: a fact file, which goes after --facts, not where a spec belongs. */
export function isFactFilePath(file: string): boolean {
  return /\.(json|csv)$/i.test(file);
}
