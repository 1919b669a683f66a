import { parse as parseCsv } from "csv-parse/sync";
import { findNodeAtLocation, parseTree, type Node as JsonNode, type ParseError } from "jsonc-parser";
import { en } from "zod/locales";
import * as z from "zod/mini";
import { error, type Diagnostic } from "../diagnostics/diagnostic";
import { SourceFile, span, type Span } from "../syntax/source";

/** A fact's value as a fact file or the API supplies it, before it is matched with the spec. */
export interface SuppliedFact {
  readonly name: string;
  /** The number as written: `1,362.65`, `-16.54`. */
  readonly value: string;
  /** The unit it is written in; the fact's declared unit when absent. */
  readonly unit?: string;
  readonly citation?: string;
  /** Where it was written (for diagnostics). */
  readonly span?: Span;
}

/** A number as reports print it: optional sign, digits with optional thousands separators, decimals. */
export const PRINTED_NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;

// zod's small build (the command line loads this module at every start), with its English messages
// given to each parse rather than set for every user of zod in the process.
const english = { error: en().localeError };

const factEntry = z.object({
  name: z.string().check(z.minLength(1, "a fact needs a name")),
  value: z.string().check(z.regex(PRINTED_NUMBER, "the value must be a number as printed, e.g. \"1,362.65\" or \"-16.54\"")),
  unit: z.optional(z.string()),
  citation: z.optional(z.string()),
});

/**
 * Reads a JSON or CSV fact file. JSON: `{ "facts": [ { "name": "收入.财政拨款", "value": "1,362.65",
 * "unit": "万元", "citation": "二" } ] }`, or `{ "facts": { "收入.财政拨款": "1,362.65 万元" } }`.
 * CSV: a header `name,value,unit,citation` (unit and citation optional), one fact per row.
 * Values are strings, never JSON numbers, so no digit is lost to floating point.
 */
export function readFactFile(path: string, text: string): { facts: SuppliedFact[]; diagnostics: Diagnostic[] } {
  const file = new SourceFile(path, text);
  if (/\.csv$/i.test(path)) return readCsv(file);
  if (/\.json$/i.test(path)) return readJson(file);
  return {
    facts: [],
    diagnostics: [error("R0901", `cannot tell the format of the fact file \`${path}\``, undefined, { hint: "name it *.json or *.csv" })],
  };
}

/** A span inside the file, however a parser reported it (an error at the end points at the last character). */
function within(file: SourceFile, start: number, end: number): Span {
  const length = file.text.length;
  const from = Math.max(0, Math.min(start, length - 1));
  return span(file, from, Math.max(from, Math.min(end, length)));
}

function nodeSpan(file: SourceFile, node: JsonNode | undefined): Span {
  return node ? within(file, node.offset, node.offset + node.length) : within(file, 0, 1);
}

function readJson(file: SourceFile): { facts: SuppliedFact[]; diagnostics: Diagnostic[] } {
  const errors: ParseError[] = [];
  let root: JsonNode | undefined;
  try {
    root = parseTree(file.text, errors, { allowTrailingComma: false, disallowComments: true });
  } catch (e) {
    // jsonc-parser recurses once per level of nesting; no fact file is nested thousands deep.
    if (!(e instanceof RangeError)) throw e;
    return { facts: [], diagnostics: [error("R0902", "the fact file is nested too deeply to read", within(file, 0, 1), { hint: "a fact file is a list of facts, nested two levels deep" })] };
  }
  if (errors.length > 0 || !root) {
    const first = errors[0];
    return {
      facts: [],
      diagnostics: [
        error("R0902", "the fact file is not valid JSON", within(file, first?.offset ?? 0, (first?.offset ?? 0) + Math.max(1, first?.length ?? 1)), {
          hint: 'a JSON fact file reads { "facts": [ { "name": "…", "value": "1,362.65", "unit": "万元" } ] }',
        }),
      ],
    };
  }
  const factsNode = root.type === "object" ? findNodeAtLocation(root, ["facts"]) : undefined;
  if (!factsNode || (factsNode.type !== "array" && factsNode.type !== "object")) {
    return {
      facts: [],
      diagnostics: [
        error("R0903", "the fact file has no `facts` list", nodeSpan(file, root), {
          hint: 'write { "facts": [ { "name": "…", "value": "…", "unit": "…" } ] } or { "facts": { "NAME": "1,362.65 万元" } }',
        }),
      ],
    };
  }
  const facts: SuppliedFact[] = [];
  const diagnostics: Diagnostic[] = [];
  if (factsNode.type === "object") {
    for (const property of factsNode.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key || !value) continue;
      const name = String(key.value);
      if (value.type === "number") {
        diagnostics.push(jsonValueError(file, value, `facts.${name}`));
        continue;
      }
      if (value.type !== "string") {
        diagnostics.push(
          error("R0904", `facts.${name}: the value must be a string such as "1,362.65 万元", not ${value.type === "null" ? "null" : `a JSON ${value.type}`}`, nodeSpan(file, value), {
            hint: 'write the number, then its unit: "1,362.65 万元"',
          }),
        );
        continue;
      }
      const match = /^\s*(\S+)\s*(.*?)\s*$/u.exec(String(value.value));
      const number = match?.[1] ?? "";
      if (!PRINTED_NUMBER.test(number)) {
        diagnostics.push(
          error("R0904", `facts.${name}: \`${String(value.value)}\` is not a number as printed`, nodeSpan(file, value), {
            hint: 'write the number, then its unit: "1,362.65 万元"',
          }),
        );
        continue;
      }
      facts.push({ name, value: number, ...(match?.[2] ? { unit: match[2] } : {}), span: nodeSpan(file, property) });
    }
    return { facts, diagnostics };
  }
  (factsNode.children ?? []).forEach((entry, index) => {
    if (entry.type !== "object") {
      diagnostics.push(error("R0904", `facts[${index}] must be an object`, nodeSpan(file, entry), { hint: '{ "name": "…", "value": "1,362.65", "unit": "万元" }' }));
      return;
    }
    // Built field by field from the syntax tree, so that a key such as "__proto__" is only data.
    const record: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const property of entry.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key || !value) continue;
      if (Object.prototype.hasOwnProperty.call(record, String(key.value))) {
        diagnostics.push(error("R0904", `facts[${index}] gives \`${String(key.value)}\` twice`, nodeSpan(file, key), { hint: "give each field of a fact once" }));
        return;
      }
      if (String(key.value) === "value" && value.type === "number") {
        diagnostics.push(jsonValueError(file, value, `facts[${index}].value`));
        return;
      }
      Object.defineProperty(record, String(key.value), { value: value.value, enumerable: true });
    }
    const parsed = factEntry.safeParse({ ...record }, english);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = ["facts", index, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))];
        const at = findNodeAtLocation(root, path as (string | number)[]) ?? entry;
        diagnostics.push(
          error("R0904", `${jsonPath(path)}: ${issue.message}`, nodeSpan(file, at), {
            hint: 'each fact reads { "name": "收入.财政拨款", "value": "1,362.65", "unit": "万元", "citation": "二" }',
          }),
        );
      }
      return;
    }
    const { name, value, unit, citation } = parsed.data;
    facts.push({ name, value, ...(unit === undefined ? {} : { unit }), ...(citation === undefined ? {} : { citation }), span: nodeSpan(file, entry) });
  });
  return { facts, diagnostics };
}

function jsonValueError(file: SourceFile, node: JsonNode, path: string): Diagnostic {
  return error("R0905", `${path}: a value must be written as a string, not a JSON number`, nodeSpan(file, node), {
    label: `write "${file.text.slice(node.offset, node.offset + node.length)}"`,
    hint: "JSON numbers are floating point and can lose digits; reckon reads figures exactly from strings",
  });
}

function jsonPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function readCsv(file: SourceFile): { facts: SuppliedFact[]; diagnostics: Diagnostic[] } {
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    rows = parseCsv(file.text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true }) as typeof rows;
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 1;
    return { facts: [], diagnostics: [error("R0906", `the fact file is not valid CSV: ${(e as Error).message}`, lineSpan(file, line), { hint: "one fact per line: name,value,unit,citation" })] };
  }
  const header = file.text.split(/\r?\n/, 1)[0] ?? "";
  const columns = header.replace(/^\uFEFF/, "").split(",").map((c) => c.trim());
  if (!columns.includes("name") || !columns.includes("value")) {
    return {
      facts: [],
      diagnostics: [error("R0907", "the fact file's header must name the columns name and value", lineSpan(file, 1), { hint: "e.g. name,value,unit,citation" })],
    };
  }
  const facts: SuppliedFact[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { record, info } of rows) {
    const parsed = factEntry.safeParse(
      {
        name: record.name,
        value: record.value,
        ...(record.unit ? { unit: record.unit } : {}),
        ...(record.citation ? { citation: record.citation } : {}),
      },
      english,
    );
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      diagnostics.push(error("R0904", `line ${info.lines}, column ${String(issue.path[0] ?? "")}: ${issue.message}`, lineSpan(file, info.lines), { hint: "one fact per line: name,value,unit,citation" }));
      continue;
    }
    const { name, value, unit, citation } = parsed.data;
    facts.push({ name, value, ...(unit === undefined ? {} : { unit }), ...(citation === undefined ? {} : { citation }), span: lineSpan(file, info.lines) });
  }
  return { facts, diagnostics };
}

function lineSpan(file: SourceFile, line: number): Span {
  const lines = file.text.split("\n");
  let start = 0;
  for (let i = 0; i < Math.min(line - 1, lines.length); i++) start += lines[i]!.length + 1;
  const text = (lines[line - 1] ?? "").replace(/\r$/, "");
  return within(file, start, start + Math.max(1, text.length));
}
