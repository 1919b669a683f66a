import { closeSync, openSync, readFileSync, readSync, statSync, type Stats } from "node:fs";
import path from "node:path";
import { error, type Diagnostic } from "./diagnostics/diagnostic";
import { readFactFile, type SuppliedFact } from "./facts/fact-files";
import { limits } from "./limits";
import { specTooLarge, type SpecHostWithReadErrors } from "./semantics/loader";
import { SourceFile, span, type Span } from "./syntax/source";

/**
 * Specs on disk. Keys are paths as the user would write them (relative to the working directory
 * when inside it), so diagnostics print `specs/x.reckon:3:5`. A file that exists but cannot be
 * read as a spec (not UTF-8: R0205; larger than the limit: R0204) is explained by `readError`.
 */
export function fileHost(cwd: string = process.cwd()): SpecHostWithReadErrors {
  const failures = new Map<string, (importedAt: Span | undefined) => Diagnostic>();
  return {
    resolve(specifier, from) {
      return displayPath(path.resolve(cwd, path.dirname(from), specifier), cwd);
    },
    read(key) {
      const read = readSpecFile(path.resolve(cwd, key), key);
      if (read.failure) failures.set(key, read.failure);
      return read.text;
    },
    readError(key, importedAt) {
      return failures.get(key)?.(importedAt);
    },
  };
}

/**
 * What reading a spec file gave: its text; or, for a file that exists but is not a spec reckon can
 * read, the error to report (given the import that names the file, if any); or neither, when there
 * is no such file (R0201, worded by the caller).
 */
export type SpecRead = { readonly text: string; readonly failure?: undefined } | { readonly text?: undefined; readonly failure?: (importedAt: Span | undefined) => Diagnostic };

/**
 * Reads a spec file as UTF-8. A file over the size limit is not read (R0204, at its first line or
 * at the import that names it); one that is not UTF-8 is not decoded lossily (R0205, at its first
 * byte that is not UTF-8). A byte order mark is kept, as U+FEFF (the lexer skips it as white space).
 */
export function readSpecFile(file: string, shown: string): SpecRead {
  let bytes: Buffer;
  try {
    const stats = statSync(file);
    if (stats.isDirectory()) return { failure: (importedAt) => aDirectory(shown, importedAt) };
    if (!stats.isFile()) return { failure: (importedAt) => notARegularFile(shown, stats, importedAt) };
    if (stats.size > limits.specBytes) return { failure: (importedAt) => tooLarge(file, shown, importedAt) };
    bytes = readFileSync(file);
  } catch (e) {
    // No such file is R0201 as the loader words it; any other failure says why.
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return {};
    const { reason, hint } = readFailure(e);
    return { failure: (importedAt) => error("R0201", `cannot read spec \`${shown}\`: ${reason}`, importedAt, { hint }) };
  }
  // The file may have grown since it was measured.
  if (bytes.length > limits.specBytes) return { failure: (importedAt) => tooLarge(file, shown, importedAt) };
  const decoded = decodeUtf8(bytes);
  if (typeof decoded === "string") return { text: decoded };
  return {
    failure: (importedAt) => {
      const { message, span: at, extra } = notUtf8(`spec \`${shown}\``, shown, decoded, importedAt ? [{ span: importedAt, message: "imported here" }] : []);
      return error("R0205", message, at, extra);
    },
  };
}

/** R0204, as the loader words it, with the file's first line read from disk. */
function tooLarge(file: string, shown: string, importedAt: Span | undefined): Diagnostic {
  return specTooLarge(shown, importedAt, importedAt ? "" : firstLine(file));
}

/** The start of a file's first line (at most 200 bytes of it, decoded for display only). */
function firstLine(file: string): string {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(file, "r");
    const bytes = Buffer.alloc(200);
    const length = readSync(descriptor, bytes, 0, bytes.length, 0);
    const text = new TextDecoder("utf-8").decode(bytes.subarray(0, length));
    const end = text.indexOf("\n");
    return end >= 0 ? text.slice(0, end) : text;
  } catch {
    return "";
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

/**
 * A fact file read from disk and parsed, for the command line's --facts and `Engine.loadFactFile`
 * alike: its facts, or why there are none (R0911: it cannot be read; R0913: it is not UTF-8; the
 * other R09xx: what is wrong inside it).
 */
export function loadFactFile(file: string): { facts: SuppliedFact[]; diagnostics: Diagnostic[] } {
  const text = readFactFileText(file);
  if (typeof text === "string") return readFactFile(file, text);
  return { facts: [], diagnostics: [text ?? error("R0911", `cannot read the fact file \`${file}\`: there is no such file`, undefined, { hint: "check the path" })] };
}

/**
 * Reads a fact file as UTF-8 (a byte order mark is kept; the fact-file reader drops it): its text,
 * undefined when it cannot be read at all, or R0913 when it is not UTF-8: never decoded lossily,
 * which would turn its names and units into ones that match nothing.
 */
function readFactFileText(file: string): string | Diagnostic | undefined {
  let bytes: Buffer;
  try {
    // A pipe would be waited on, and a device (/dev/zero) read without end: files only, of a spec's size at most.
    const stats = statSync(file);
    if (!stats.isFile()) {
      const kind = stats.isDirectory() ? "a directory" : specialFileKind(stats);
      return error("R0911", `cannot read the fact file \`${file}\`: it is ${kind}, not a file`, undefined, { hint: "give a JSON or CSV fact file saved on disk" });
    }
    if (stats.size > limits.specBytes) {
      return error("R0911", `cannot read the fact file \`${file}\`: it is larger than ${limits.specBytes / 1024 / 1024} MiB`, undefined, { hint: "split it into several fact files" });
    }
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    const { reason, hint } = readFailure(e);
    return error("R0911", `cannot read the fact file \`${file}\`: ${reason}`, undefined, { hint });
  }
  const decoded = decodeUtf8(bytes);
  if (typeof decoded === "string") return decoded;
  const { message, span: at, extra } = notUtf8(`the fact file \`${file}\``, file, decoded, []);
  return error("R0913", message, at, extra);
}

/** Where and how a file's bytes fail to be UTF-8. */
export interface NotUtf8 {
  readonly bytes: Uint8Array;
  /** The offset of the first byte that is not part of a UTF-8 character. */
  readonly offset: number;
  /** The encoding the file's byte order mark names (UTF-16LE …), or the UTF-16 a file without one looks like. */
  readonly encoding?: string;
  readonly bom: boolean;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The text of UTF-8 bytes (a byte order mark kept, as U+FEFF), or what is wrong with them: never a
 * lossy decoding, where every character of a GBK or UTF-16 file would become U+FFFD.
 */
export function decodeUtf8(bytes: Uint8Array): string | NotUtf8 {
  const bom = byteOrderMark(bytes);
  if (bom) return { bytes, offset: 0, encoding: bom, bom: true };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { bytes, offset: Math.max(0, firstInvalidUtf8(bytes)), bom: false };
  }
  // ASCII saved as UTF-16 without a byte order mark is valid UTF-8, with a NUL after or before each character.
  if (bytes.length >= 4 && bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) return { bytes, offset: 1, encoding: "UTF-16LE", bom: false };
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0) return { bytes, offset: 0, encoding: "UTF-16BE", bom: false };
  return text;
}

function byteOrderMark(b: Uint8Array): string | undefined {
  if (b[0] === 0xff && b[1] === 0xfe) return b[2] === 0 && b[3] === 0 ? "UTF-32LE" : "UTF-16LE";
  if (b[0] === 0xfe && b[1] === 0xff) return "UTF-16BE";
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return "UTF-32BE";
  return undefined;
}

/** The offset of the first byte that does not belong to a well-formed UTF-8 character, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    // The number of continuation bytes, and the range of the first one (no overlong forms, no surrogates, nothing above U+10FFFF).
    const more = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (more === 0) return i;
    const low = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const high = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    const second = b[i + 1];
    if (second === undefined || second < low || second > high) return i;
    for (let k = 2; k <= more; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += more + 1;
  }
  return -1;
}

/** A file name's bytes as text: the UTF-8 in it as it is, each byte that is not UTF-8 as `\xNN`. */
export function escapeBytes(bytes: Uint8Array): string {
  let shown = "";
  let rest = bytes;
  for (;;) {
    const bad = firstInvalidUtf8(rest);
    if (bad < 0) return shown + utf8.decode(rest);
    shown += `${utf8.decode(rest.subarray(0, bad))}\\x${rest[bad]!.toString(16).toUpperCase().padStart(2, "0")}`;
    rest = rest.subarray(bad + 1);
  }
}

/**
 * What R0205 / R0913 say: the file is not UTF-8. The caret is under its first byte that is not UTF-8,
 * at the line and column an editor reading the file as UTF-8 would show (the line is shown decoded
 * lossily, that byte as U+FFFD); a file with a UTF-16 or UTF-32 byte order mark is named as such.
 */
function notUtf8(what: string, shown: string, found: NotUtf8, related: { span: Span; message: string }[]): { message: string; span: Span; extra: { label: string; hint: string; related: { span: Span; message: string }[] } } {
  const { bytes, offset } = found;
  if (found.encoding && found.bom) {
    // The line would be shown with a NUL escaped after every character: only the mark is shown.
    const mark = new SourceFile(shown, new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(0, found.encoding.startsWith("UTF-32") ? 4 : 2)));
    return {
      message: `${what} is ${found.encoding} (it starts with a ${found.encoding} byte order mark), not UTF-8`,
      span: span(mark, 0, 1),
      extra: { label: `the ${found.encoding} byte order mark`, hint: `reckon reads UTF-8 only: save the file as UTF-8 (e.g. \`iconv -f ${found.encoding} -t UTF-8\`)`, related },
    };
  }
  // The text before the byte is valid UTF-8; the rest of its line is shown as a lossy decoder shows it.
  const before = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(0, offset));
  const newline = bytes.indexOf(0x0a, offset);
  const lineEnd = Math.min(newline < 0 ? bytes.length : newline, offset + 400);
  const file = new SourceFile(shown, before + new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(offset, lineEnd)));
  const at = span(file, before.length, before.length + 1);
  if (found.encoding) {
    return {
      message: `${what} looks like ${found.encoding} without a byte order mark, not UTF-8`,
      span: at,
      extra: { label: "a NUL byte between the characters", hint: `reckon reads UTF-8 only: save the file as UTF-8 (e.g. \`iconv -f ${found.encoding} -t UTF-8\`)`, related },
    };
  }
  const byte = `0x${bytes[offset]!.toString(16).toUpperCase().padStart(2, "0")}`;
  return {
    message: `${what} is not UTF-8 text`,
    span: at,
    extra: {
      label: `byte ${byte} is not UTF-8`,
      hint: looksLikeGb18030(bytes)
        ? "reckon reads UTF-8 only, and this file looks like GBK/GB18030: save it as UTF-8 (e.g. `iconv -f GB18030 -t UTF-8`)"
        : "reckon reads UTF-8 only: save the file as UTF-8; GBK/GB18030 or UTF-16 is not supported",
      related,
    },
  };
}

/** Whether bytes that are not UTF-8 read as GB18030 (of which GBK is a part), the usual encoding of Chinese text that is not UTF-8. */
function looksLikeGb18030(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("gb18030", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function displayPath(full: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, full);
  const shown = relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? full : relative;
  return shown.split(path.sep).join("/");
}

/** Why the file system refused to read or write a file, in words (without the names of the paths it tried). */
export function fileFailure(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ELOOP") return "it is a loop of symbolic links";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOSPC") return "no space left on the disk";
  if (code === "EROFS") return "the file system is read-only";
  return e instanceof Error ? e.message : String(e);
}

/** Why a file that exists could not be read, in words (`it is a loop of symbolic links`), and what to do. */
export function readFailure(e: unknown): { reason: string; hint: string } {
  const code = (e as NodeJS.ErrnoException).code;
  const hint = code === "ELOOP" ? "point the link at a file" : code === "EACCES" || code === "EPERM" ? "give reckon's user the right to read it" : "check that the file can be read";
  return { reason: fileFailure(e), hint };
}

/** What a path that is not a file is: `a pipe`, `a device` … */
function specialFileKind(stats: Stats): string {
  return stats.isFIFO() ? "a pipe" : stats.isCharacterDevice() || stats.isBlockDevice() ? "a device" : stats.isSocket() ? "a socket" : "a special file";
}

/** R0201 for a pipe, a device or a socket: reckon reads spec files, whose size it can tell before reading. */
function notARegularFile(shown: string, stats: Stats, importedAt: Span | undefined): Diagnostic {
  return error("R0201", `cannot read spec \`${shown}\`: it is ${specialFileKind(stats)}, not a file`, importedAt, {
    hint: "reckon reads specs from files: save the spec to a file and give its path",
  });
}

/** A directory where a spec file was expected: it may hold many reports, each checked on its own. */
function aDirectory(shown: string, importedAt: Span | undefined): Diagnostic {
  return error("R0201", `cannot read spec \`${shown}\`: it is a directory`, importedAt, {
    hint: importedAt ? "import a spec file" : "name a spec file; a directory of reports is checked one report at a time (reckon check DIRECTORY does that)",
  });
}
