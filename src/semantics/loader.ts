import { addAll, error, type Diagnostic } from "../diagnostics/diagnostic";
import { suggest } from "../diagnostics/suggest";
import { limits } from "../limits";
import { described } from "../text/described";
import type * as ast from "../syntax/ast";
import { parseSpec } from "../syntax/parse";
import { SourceFile, span, type Span } from "../syntax/source";

/**
 * Where spec text comes from. The CLI reads files; an embedder may keep specs in a database and
 * supply its own host.
 */
export interface SpecHost {
  /** The key of the spec that `specifier` (as written in an import) names, seen from `from`. */
  resolve(specifier: string, from: string): string;
  /** The text of a spec, or undefined when there is none. */
  read(key: string): string | undefined;
}

/** A host that can say why a spec that `read` gave no text for exists but cannot be read (see files.ts). */
export interface SpecHostWithReadErrors extends SpecHost {
  /** The error to report for `key` (imported at `importedAt`), or undefined for R0201's "cannot read". */
  readError(key: string, importedAt: Span | undefined): Diagnostic | undefined;
}

/**
 * R0204: a spec over the size limit, at the import that names it, or, for a root spec, which has no
 * import to point at, at its first line (only that much of it is kept).
 */
export function specTooLarge(key: string, importedAt: Span | undefined, firstLine: string): Diagnostic {
  return error("R0204", `spec \`${key}\` is larger than ${limits.specBytes / 1024 / 1024} MiB`, importedAt ?? span(new SourceFile(key, firstLine), 0, 1), {
    hint: "split it into files that import one another",
  });
}

/** A parsed spec file. */
export interface Module {
  readonly file: SourceFile;
  readonly syntax: ast.SpecFile;
  /** Keys of the modules this one imports, in order. */
  readonly imports: readonly string[];
}

/**
 * Reads a spec and everything it imports, depth first, each file once. Modules come back in
 * dependency order (imports before importers); a missing file or an import cycle is a diagnostic.
 */
export function loadSpecs(rootKeys: readonly string[], host: SpecHost): { modules: Module[]; diagnostics: Diagnostic[] } {
  const modules = new Map<string, Module>();
  const diagnostics: Diagnostic[] = [];
  const inProgress: string[] = [];

  function load(key: string, importedAt: Span | undefined): void {
    if (modules.has(key)) return;
    const cycleStart = inProgress.indexOf(key);
    if (cycleStart >= 0) {
      const cycle = [...inProgress.slice(cycleStart), key].join(" → ");
      diagnostics.push(
        error("R0202", `import cycle: ${cycle}`, importedAt, {
          hint: "imports must form a tree; move the shared declarations into a file both can import",
        }),
      );
      return;
    }
    if (inProgress.length >= limits.importDepth) {
      diagnostics.push(
        error("R0203", `imports are nested more than ${limits.importDepth} deep`, importedAt, {
          hint: "flatten the chain of imports",
        }),
      );
      return;
    }
    const text = readFrom(host, key, importedAt, diagnostics);
    if (text === null) return;
    if (text === undefined) {
      // A host may know why a spec it has cannot be read (the file host: R0205, not UTF-8; R0204, too large).
      const why = "readError" in host ? (host as SpecHostWithReadErrors).readError(key, importedAt) : undefined;
      if (why) {
        diagnostics.push(why);
        return;
      }
      diagnostics.push(
        error("R0201", `cannot read spec \`${key}\``, importedAt, {
          hint: importedAt ? "import paths are relative to the importing file" : "check the path",
        }),
      );
      return;
    }
    if (text.length > limits.specBytes || Buffer.byteLength(text, "utf8") > limits.specBytes) {
      diagnostics.push(specTooLarge(key, importedAt, text.slice(0, text.indexOf("\n") >= 0 ? Math.min(text.indexOf("\n"), 200) : 200)));
      return;
    }
    const file = new SourceFile(key, text);
    const parsed = parseSpec(file);
    addAll(diagnostics, parsed.diagnostics);
    inProgress.push(key);
    const imports: string[] = [];
    for (const declaration of parsed.value.declarations) {
      if (declaration.kind !== "import") continue;
      if (declaration.path.trim() === "") {
        // Resolved, "" would name the importing file's own directory.
        diagnostics.push(error("R0201", "an import names no file", declaration.pathSpan, { hint: 'write the path of the spec to import, relative to this file: import "../std/final-accounts.reckon"' }));
        continue;
      }
      const target = resolveWith(host, declaration, key, diagnostics);
      if (target === undefined) continue;
      if (/\.(json|csv)$/i.test(declaration.path) && readsAsText(host, target)) {
        // Read as a spec, a fact file is a syntax error at its first `{` or comma.
        diagnostics.push(
          error("R0201", `cannot import \`${declaration.path}\`: it is a fact file, not a spec`, declaration.pathSpan, {
            hint: "a spec imports specs; give a fact file with --facts (reckon check SPEC --facts FILE), or load it with Engine.loadFactFile",
          }),
        );
        continue;
      }
      imports.push(target);
      load(target, declaration.pathSpan);
    }
    inProgress.pop();
    modules.set(key, { file, syntax: parsed.value, imports });
  }

  for (const key of rootKeys) load(key, undefined);
  return { modules: [...modules.values()], diagnostics };
}

/** A host over a map of in-memory specs, keyed by path-like names. */
export function memoryHost(specs: Readonly<Record<string, string>>): SpecHostWithReadErrors {
  return {
    resolve: (specifier, from) => joinPath(from, specifier),
    read: (key) => (Object.prototype.hasOwnProperty.call(specs, key) ? specs[key] : undefined),
    // A key the map does not have: which it has, since a path relative to the importing spec is easily got wrong.
    readError: (key, importedAt) => {
      // The nearest paths first.
      const near = suggest(key, Object.keys(specs));
      const keys = [...near, ...Object.keys(specs).filter((k) => !near.includes(k))];
      const listed = keys.length === 0 ? "the map of specs is empty" : `the map of specs has ${keys.slice(0, 5).map((k) => `\`${k}\``).join(", ")}${keys.length > 5 ? `, … (${keys.length} in all)` : ""}`;
      return error("R0201", `cannot read spec \`${key}\`: no spec of that path is given`, importedAt, {
        hint: `${listed}; an import's path is relative to the importing spec's`,
      });
    },
  };
}

/** `a/b/c.reckon` + `../d.reckon` → `a/d.reckon`, with `/` separators. */
export function joinPath(from: string, specifier: string): string {
  if (specifier.startsWith("/")) return normalise(specifier);
  const directory = from.includes("/") ? from.slice(0, from.lastIndexOf("/") + 1) : "";
  return normalise(directory + specifier);
}

function normalise(path: string): string {
  const absolute = path.startsWith("/");
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && parts.length > 0 && parts.at(-1) !== "..") parts.pop();
    else parts.push(part);
  }
  return (absolute ? "/" : "") + parts.join("/");
}

/**
 * The text a host gives for `key`: undefined when it has none, null when it failed (a host of an
 * embedding program that threw, or gave something that is not text), which is R0201 with its reason.
 */
function readFrom(host: SpecHost, key: string, importedAt: Span | undefined, diagnostics: Diagnostic[]): string | undefined | null {
  let text: unknown;
  try {
    text = host.read(key);
  } catch (e) {
    diagnostics.push(error("R0201", `cannot read spec \`${key}\`: ${reasonOf(e)}`, importedAt, { hint: "the spec host's read failed" }));
    return null;
  }
  if (text === undefined || typeof text === "string") return text;
  diagnostics.push(
    error("R0201", `cannot read spec \`${key}\`: the spec host gave ${described(text)}, not its text`, importedAt, {
      hint: text instanceof Promise ? "a SpecHost's read is synchronous: read the specs first, then give them in a map or a host that returns text" : "a SpecHost's read returns the spec's text, or undefined when there is none",
    }),
  );
  return null;
}

/** Whether the host has text for a key (without reporting why not: the loading that follows does). */
function readsAsText(host: SpecHost, key: string): boolean {
  try {
    return typeof host.read(key) === "string";
  } catch {
    return false;
  }
}

/** The key an import names, or undefined when the host's resolve failed (R0201, at the import). */
function resolveWith(host: SpecHost, declaration: ast.ImportDecl, from: string, diagnostics: Diagnostic[]): string | undefined {
  try {
    const key: unknown = host.resolve(declaration.path, from);
    if (typeof key === "string") return key;
    diagnostics.push(error("R0201", `cannot resolve import \`${declaration.path}\`: the spec host gave ${described(key)}, not a key`, declaration.pathSpan, { hint: "a SpecHost's resolve returns the key of the imported spec" }));
  } catch (e) {
    diagnostics.push(error("R0201", `cannot resolve import \`${declaration.path}\`: ${reasonOf(e)}`, declaration.pathSpan, { hint: "the spec host's resolve failed" }));
  }
  return undefined;
}

function reasonOf(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}
