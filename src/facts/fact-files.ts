import { parse as parseCsv } from "csv-parse/sync";
import { parseTree, type Node as JsonNode, type ParseError } from "jsonc-parser";
import { en } from "zod/locales";
import * as z from "zod/mini";
import { error, type Diagnostic } from "../diagnostics/diagnostic";
import { didYouMean, suggest } from "../diagnostics/suggest";
import { decimal, format } from "../numbers/exact";
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
  /** Where its name, value and unit were written, when the file tells them apart (a CSV cell, a JSON field). */
  readonly fields?: { readonly name?: Span; readonly value?: Span; readonly unit?: Span };
}

/** A number as reports print it: optional sign, digits with optional thousands separators, decimals. */
export const PRINTED_NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;

// zod's small build (the command line loads this module at every start), with its English messages
// given to each parse rather than set for every user of zod in the process.
const english = { error: en().localeError };

/** The fields of a fact, in a JSON entry or as the columns of a CSV file; no other is accepted. */
const FIELDS = ["name", "value", "unit", "citation"] as const;
const REQUIRED = ["name", "value"] as const;

const factEntry = z.object({
  name: z.string({ error: "a fact's name is written as a string, e.g. \"收入.财政拨款\"" }).check(z.minLength(1, "a fact needs a name")),
  value: z.string({ error: "a value is written as a string, as the report prints it, e.g. \"1,362.65\"" }).check(z.regex(PRINTED_NUMBER, "the value must be a number as printed, e.g. \"1,362.65\" or \"-16.54\"")),
  unit: z.optional(z.string({ error: "a unit is written as a string, e.g. \"万元\"" })),
  citation: z.optional(z.string({ error: "a citation is written as a string: where the report prints the figure, e.g. \"表1\"" })),
});

/**
 * Reads a JSON or CSV fact file. JSON: `{ "facts": [ { "name": "收入.财政拨款", "value": "1,362.65",
 * "unit": "万元", "citation": "二" } ] }`, or `{ "facts": { "收入.财政拨款": "1,362.65 万元" } }`.
 * CSV: a header `name,value,unit,citation` (unit and citation optional), one fact per row.
 * Values are strings, never JSON numbers, so no digit is lost to floating point.
 */
export function readFactFile(path: string, text: string): { facts: SuppliedFact[]; diagnostics: Diagnostic[] } {
  // A UTF-8 byte order mark (which some editors write) is not part of the text, in JSON as in CSV;
  // dropped, so that line 1's columns are those an editor shows.
  const file = new SourceFile(path, text.startsWith("\uFEFF") ? text.slice(1) : text);
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

/** Where a fact was first given in a file, to point at when it is given again. */
interface FirstGiven {
  readonly span: Span;
  /** How the file names the place, e.g. `facts[0]` (JSON lists) or nothing. */
  readonly where?: string;
}

/**
 * A fact given twice in one file: the second is an error (not the last one silently winning), pointed
 * at, with the first as a related place and its line in the hint.
 */
function givenTwice(file: SourceFile, name: string, at: Span, first: FirstGiven): Diagnostic {
  const { line, column } = file.position(first.span.start);
  return error("R0904", `\`${name}\` is given twice in the fact file`, at, {
    label: "given again here",
    related: [{ span: first.span, message: "first given here" }],
    hint: `it is first given at line ${line}, column ${column}${first.where ? ` (${first.where})` : ""}; give each fact once in a file (a later fact file may replace it)`,
  });
}

/**
 * Each key of a JSON object with its value, in the order written. A key given twice is an error that
 * points at the second (JSON.parse would silently keep the last), made by `twice`; only the first is kept.
 */
function jsonProperties(
  file: SourceFile,
  object: JsonNode,
  twice: (key: string, at: Span, first: Span) => Diagnostic,
  diagnostics: Diagnostic[],
): { entries: [JsonNode, JsonNode][]; ok: boolean } {
  const entries: [JsonNode, JsonNode][] = [];
  const first = new Map<string, JsonNode>();
  let ok = true;
  for (const property of object.children ?? []) {
    const [key, value] = property.children ?? [];
    if (!key || !value) continue;
    const name = String(key.value);
    const previous = first.get(name);
    if (previous) {
      diagnostics.push(twice(name, nodeSpan(file, key), nodeSpan(file, previous)));
      ok = false;
      continue;
    }
    first.set(name, key);
    entries.push([key, value]);
  }
  return { entries, ok };
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
  const diagnostics: Diagnostic[] = [];
  const top =
    root.type === "object"
      ? jsonProperties(
          file,
          root,
          (key, at, first) =>
            error("R0904", `the fact file gives \`${key}\` twice`, at, {
              related: [{ span: first, message: "first given here" }],
              hint: key === "facts" ? "give one `facts` list or map, with every fact in it" : "give each key once",
            }),
          diagnostics,
        )
      : undefined;
  // Only `facts` (and a `$schema` for editors): a key such as `"unit": "万元"` beside the facts would
  // otherwise be ignored, and every value read in its declared unit.
  for (const [key] of top?.entries ?? []) {
    const name = String(key.value);
    if (name === "facts" || name === "$schema") continue;
    diagnostics.push(
      error("R0904", `the fact file has an unknown key \`${name}\``, nodeSpan(file, key), {
        hint: name === "unit" || name === "units" ? "give the unit with each fact: { \"name\": …, \"value\": …, \"unit\": \"万元\" }" : 'a fact file holds one key, `facts`: { "facts": [ … ] }',
      }),
    );
  }
  const factsNode = top?.entries.find(([key]) => key.value === "facts")?.[1];
  if (!factsNode || (factsNode.type !== "array" && factsNode.type !== "object")) {
    return {
      facts: [],
      diagnostics: [
        error("R0903", "the fact file has no `facts` list", nodeSpan(file, root), {
          hint: 'write { "facts": [ { "name": "…", "value": "…", "unit": "…" } ] } or { "facts": { "NAME": "1,362.65 万元" } }',
        }),
        ...diagnostics,
      ],
    };
  }
  const facts: SuppliedFact[] = [];
  if (factsNode.type === "object") {
    // A name given twice is reported by jsonProperties at its second key, and only the first is read.
    const twice = (name: string, at: Span, first: Span) => givenTwice(file, name, at, { span: first });
    for (const [key, value] of jsonProperties(file, factsNode, twice, diagnostics).entries) {
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
            hint: exponentHint(number, match?.[2]) ?? withUnitAfter(printedAnotherWay(number), match?.[2]) ?? 'write the number, then its unit: "1,362.65 万元"',
          }),
        );
        continue;
      }
      facts.push({
        name,
        value: number,
        ...(match?.[2] ? { unit: match[2] } : {}),
        span: nodeSpan(file, key.parent ?? key),
        fields: { name: nodeSpan(file, key), value: nodeSpan(file, value), unit: nodeSpan(file, value) },
      });
    }
    return { facts, diagnostics };
  }
  const given = new Map<string, FirstGiven>();
  (factsNode.children ?? []).forEach((entry, index) => {
    const at = `facts[${index}]`;
    if (entry.type !== "object") {
      diagnostics.push(error("R0904", `${at} must be an object`, nodeSpan(file, entry), { hint: '{ "name": "…", "value": "1,362.65", "unit": "万元" }' }));
      return;
    }
    const before = diagnostics.length;
    const { entries, ok } = jsonProperties(
      file,
      entry,
      (key, keyAt, first) => error("R0904", `${at} gives \`${key}\` twice`, keyAt, { related: [{ span: first, message: "first given here" }], hint: "give each field of a fact once" }),
      diagnostics,
    );
    if (!ok) return;
    // Built field by field from the syntax tree, so that a key such as "__proto__" is only data.
    const record: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const nodes = new Map<string, JsonNode>();
    // A misspelling is suggested only among the fields the entry does not have.
    const absent = FIELDS.filter((f) => !entries.some(([key]) => key.value === f));
    for (const [key, value] of entries) {
      const field = String(key.value);
      if (!(FIELDS as readonly string[]).includes(field)) {
        // A misspelt `unit` would otherwise be ignored and the value read in the declared unit.
        diagnostics.push(
          error("R0904", `${at} has an unknown field \`${field}\``, nodeSpan(file, key), {
            hint: didYouMean(suggest(field, absent)) || "a fact has the fields name, value, unit and citation",
          }),
        );
        continue;
      }
      if (field === "value" && value.type === "number") {
        diagnostics.push(jsonValueError(file, value, `${at}.value`));
        continue;
      }
      nodes.set(field, value);
      Object.defineProperty(record, field, { value: value.value, enumerable: true });
    }
    for (const field of REQUIRED.filter((f) => absent.includes(f))) {
      diagnostics.push(
        error("R0904", `${at} has no \`${field}\``, nodeSpan(file, entry), {
          hint: 'each fact reads { "name": "收入.财政拨款", "value": "1,362.65", "unit": "万元", "citation": "二" }',
        }),
      );
    }
    // The missing fields are reported above (zod would say "received undefined"), so zod is given
    // stand-ins for them; the entry is refused either way.
    const parsed = factEntry.safeParse({ name: "-", value: "0", ...record }, english);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = ["facts", index, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))];
        const node = typeof issue.path[0] === "string" ? nodes.get(issue.path[0]) : undefined;
        const inValue = issue.path[0] === "value" && typeof record.value === "string" ? printedNumberHint(record.value) : undefined;
        diagnostics.push(
          error("R0904", `${jsonPath(path)}: ${issue.message}`, nodeSpan(file, node ?? entry), {
            hint: inValue ?? 'each fact reads { "name": "收入.财政拨款", "value": "1,362.65", "unit": "万元", "citation": "二" }',
          }),
        );
      }
    }
    if (diagnostics.length > before || !parsed.success) return;
    const { name, value, unit, citation } = parsed.data;
    const nameSpan = nodeSpan(file, nodes.get("name"));
    const first = given.get(name);
    if (first) {
      diagnostics.push(givenTwice(file, name, nameSpan, first));
      return;
    }
    given.set(name, { span: nameSpan, where: at });
    const fields = { name: nameSpan, value: nodeSpan(file, nodes.get("value")), ...(nodes.has("unit") ? { unit: nodeSpan(file, nodes.get("unit")) } : {}) };
    facts.push({ name, value, ...(blank(unit) ? {} : { unit }), ...(citation === undefined ? {} : { citation }), span: nodeSpan(file, entry), fields });
  });
  return { facts, diagnostics };
}

/** An absent unit, or one that is empty or only spaces: the value is in the fact's declared unit (as an empty CSV cell). */
function blank(unit: string | undefined): unit is undefined {
  return unit === undefined || unit.trim() === "";
}

function jsonValueError(file: SourceFile, node: JsonNode, path: string): Diagnostic {
  const written = file.text.slice(node.offset, node.offset + node.length);
  const plain = EXPONENT_NUMBER.test(written) ? withoutExponent(written) : written;
  return error("R0905", `${path}: a value must be written as a string, not a JSON number`, nodeSpan(file, node), {
    label: plain === undefined ? "write its digits in full, in a string" : `write "${plain}"`,
    hint: "JSON numbers are floating point and can lose digits; reckon reads figures exactly from strings",
  });
}

function jsonPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function readCsv(file: SourceFile): { facts: SuppliedFact[]; diagnostics: Diagnostic[] } {
  let header: string[] = [];
  let rows: { record: Record<string, string>; info: { lines: number } }[];
  try {
    // csv-parse reads the header as it reads any row (quotes, spaces, a BOM); the records are keyed by
    // the column's position, so that a column named twice (or `__proto__`) cannot hide another.
    rows = parseCsv(file.text, {
      columns: (names: string[]) => {
        header = names;
        return names.map((_, i) => `${i}`);
      },
      info: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    }) as typeof rows;
  } catch (e) {
    // A quote in a file separated by `;` is an error of csv-parse's before the header is seen.
    const separated = otherSeparator(file, firstLineWithText(file));
    if (separated) return { facts: [], diagnostics: [separated] };
    const line = (e as { lines?: number }).lines ?? 1;
    const unquoted = /Invalid Record Length/.test((e as Error).message) && UNQUOTED_GROUPS.exec(file.lineText(line));
    const hint = unquoted ? `a number with thousands separators goes in quotes, or its commas split it into cells: "${unquoted[0]}"` : "one fact per line: name,value,unit,citation";
    return { facts: [], diagnostics: [error("R0906", `the fact file is not valid CSV: ${(e as Error).message}`, lineSpan(file, line), { hint })] };
  }
  const headerLine = firstLineWithText(file);
  const headerCells = cellSpans(file, headerLine);
  const headerCell = (i: number) => headerCells[i] ?? lineSpan(file, headerLine);
  const diagnostics: Diagnostic[] = [];
  const separated = otherSeparator(file, headerLine);
  if (separated) return { facts: [], diagnostics: [separated] };
  if (!header.includes("name") || !header.includes("value")) {
    diagnostics.push(error("R0907", "the fact file's header must name the columns name and value", lineSpan(file, headerLine), { hint: "e.g. name,value,unit,citation" }));
  }
  const column = new Map<string, number>();
  const absent = FIELDS.filter((f) => !header.includes(f));
  header.forEach((title, i) => {
    if (title === "") {
      diagnostics.push(error("R0907", `column ${i + 1} of the fact file's header has no name`, headerCell(i), { hint: "the columns are name, value, unit and citation; name it, or remove it" }));
    } else if (!(FIELDS as readonly string[]).includes(title)) {
      // A misspelt `unit` column would otherwise be ignored and every value read in the declared unit.
      diagnostics.push(
        error("R0907", `the fact file's header names an unknown column \`${title}\``, headerCell(i), {
          hint: didYouMean(suggest(title, absent)) || "the columns are name, value, unit and citation",
        }),
      );
    } else if (column.has(title)) {
      diagnostics.push(
        error("R0907", `the fact file's header names the column \`${title}\` twice`, headerCell(i), {
          label: "named again here",
          related: [{ span: headerCell(column.get(title)!), message: "first named here" }],
          hint: "name each column once: the cells of a row are read by the name of their column",
        }),
      );
    } else {
      column.set(title, i);
    }
  });
  if (diagnostics.length > 0) return { facts: [], diagnostics };
  const cell = (record: Record<string, string>, field: string) => {
    const i = column.get(field);
    return i === undefined ? undefined : record[`${i}`];
  };
  const facts: SuppliedFact[] = [];
  const given = new Map<string, FirstGiven>();
  for (const { record, info } of rows) {
    const cut = cutAtThousands(file, info.lines, column.get("value")!);
    if (cut) {
      diagnostics.push(cut);
      continue;
    }
    const unit = cell(record, "unit");
    const citation = cell(record, "citation");
    const parsed = factEntry.safeParse(
      {
        name: cell(record, "name"),
        value: cell(record, "value"),
        ...(unit ? { unit } : {}),
        ...(citation ? { citation } : {}),
      },
      english,
    );
    // Each cell's span, if the row is on one line (a quoted cell may span lines); else the whole line.
    const cells = cellSpans(file, info.lines);
    const cellOf = (field: string, text: string | undefined): Span | undefined => {
      const at = cells[column.get(field) ?? -1];
      // An empty cell is shown by the comma next to it (see cellSpans).
      return at && text !== undefined && (cellText(at) === text || (text === "" && cellText(at) === ",")) ? at : undefined;
    };
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = String(issue.path[0] ?? "");
      const value = cell(record, "value") ?? "";
      diagnostics.push(
        error("R0904", `line ${info.lines}, column ${field}: ${issue.message}`, cellOf(field, cell(record, field)) ?? lineSpan(file, info.lines), {
          hint: (field === "value" ? (value === "" ? "write the fact's value in this cell, or leave the row out" : printedNumberHint(value)) : undefined) ?? "one fact per line: name,value,unit,citation",
        }),
      );
      continue;
    }
    const { name } = parsed.data;
    const nameSpan = cellOf("name", name) ?? lineSpan(file, info.lines);
    const first = given.get(name);
    if (first) {
      diagnostics.push(givenTwice(file, name, nameSpan, first));
      continue;
    }
    given.set(name, { span: nameSpan });
    const valueSpan = cellOf("value", parsed.data.value);
    const unitSpan = cellOf("unit", unit);
    facts.push({ ...parsed.data, span: lineSpan(file, info.lines), fields: { name: nameSpan, ...(valueSpan ? { value: valueSpan } : {}), ...(unitSpan ? { unit: unitSpan } : {}) } });
  }
  return { facts, diagnostics };
}

/** A number in exponent notation (`1.5E3`), which no report prints. */
const EXPONENT_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)[eE]([+-]?\d+)$/;

/** `1.5E3` written out as a report prints it (`1500`), when that takes no more than 30 digits. */
export function withoutExponent(text: string): string | undefined {
  const match = EXPONENT_NUMBER.exec(text.trim());
  if (!match || Math.abs(Number(match[1])) > 30) return undefined;
  return format(decimal(text.trim().replace(/^\+/, "")));
}

/**
 * What to write instead of a value that is not a number as printed, when that can be told: a number
 * in exponent notation written out, a number written with its unit taken apart, one in full-width
 * digits or with a typographic minus, an accountant's negative in parentheses, or a dash for nothing.
 */
export function printedNumberHint(value: string): string | undefined {
  return exponentHint(value) ?? printedAnotherWay(value) ?? unitInValue(value);
}

/** A hint's values to write (its quoted texts) with the unit written after them, as the map form has it (`"-12.5 万元"`). */
function withUnitAfter(hint: string | undefined, unit: string | undefined): string | undefined {
  if (hint === undefined || !unit) return hint;
  return hint.replace(/"([^"]*)"/gu, (_, v: string) => `"${v} ${unit}"`);
}

/** `１３６２.６６` and `−16.54` (as a spreadsheet or a PDF gives them), `(1,362.66)`, and `-` or `—` for nothing. */
function printedAnotherWay(value: string): string | undefined {
  const text = value.trim();
  if (/^[-‐‑‒–—―－−]$/u.test(text)) return 'a dash printed for nothing is written as the number it stands for: "0" (or "0.00", with the printed decimals)';
  const ascii = text.normalize("NFKC").replace(/^[−‒–—－]/u, "-");
  if (ascii !== text && PRINTED_NUMBER.test(ascii)) return `write it in ASCII digits and signs: "${ascii}"`;
  const parenthesized = /^\((.*)\)$/u.exec(ascii);
  if (parenthesized && PRINTED_NUMBER.test(parenthesized[1]!) && !parenthesized[1]!.startsWith("-")) return `a negative amount in parentheses is written with a minus sign: "-${parenthesized[1]}"`;
  return undefined;
}

/**
 * The hint for a value that is not a number as printed, when it is in exponent notation; with the
 * unit written beside it (`"1.2e5 元"`), which the value to write keeps (without it, the value would
 * be read in the fact's declared unit).
 */
function exponentHint(text: string, unit?: string): string | undefined {
  if (!EXPONENT_NUMBER.test(text.trim())) return undefined;
  const plain = withoutExponent(text);
  return plain === undefined ? "a report prints no exponent: write the number's digits in full" : `a report prints no exponent: write "${plain}${unit ? ` ${unit}` : ""}"`;
}

/** A value written with its unit (`1,410.20万元`) in a file that has a column for the unit: where the unit goes. */
function unitInValue(value: string): string | undefined {
  const match = /^\s*([+-]?[\d,]+(?:\.\d+)?)\s*([^\d\s,.+-].*?)\s*$/u.exec(value);
  if (!match || !PRINTED_NUMBER.test(match[1]!)) return undefined;
  return `the unit goes apart from the number: value ${match[1]}, unit ${match[2]}`;
}

/**
 * A spreadsheet saved with another separator (a locale's `;`, or tabs): a header line with no comma
 * that names the columns apart with it (`name;value`).
 */
function otherSeparator(file: SourceFile, headerLine: number): Diagnostic | undefined {
  const header = file.lineText(headerLine);
  if (header.includes(",")) return undefined;
  const separator = [";", "\t", "|"].find((c) => header.includes(c));
  if (separator === undefined) return undefined;
  const shown = separator === "\t" ? "tabs" : `\`${separator}\``;
  return error("R0907", `the fact file's cells are separated by ${shown}, not by commas`, lineSpan(file, headerLine), {
    hint: "save it as CSV with commas (name,value,unit,citation), or as JSON",
  });
}

/** A number written with thousands separators and no quotes around it, in a line of CSV. */
const UNQUOTED_GROUPS = /(?<![\d".])[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d"])/;

/**
 * `收入.本年合计,1,362.66` under a header `name,value,citation`: the row has as many cells as the
 * header, but its value is `1` and its citation `362.66`. A value of one to three digits, unquoted,
 * followed by a cell of three digits (and decimals) is a number cut at its thousands separator: read
 * as it stands it would be a wrong value that checks quietly, so it is an error.
 */
function cutAtThousands(file: SourceFile, line: number, valueColumn: number): Diagnostic | undefined {
  const cells = cellSpans(file, line);
  const texts = cells.map((cell) => file.text.slice(cell.start, cell.end));
  const [valueText, nextText] = [texts[valueColumn], texts[valueColumn + 1]];
  const group = /^\d{3}(?:\.\d+)?$/;
  if (valueText === undefined || nextText === undefined || !/^[+-]?\d{1,3}$/.test(valueText) || !group.test(nextText)) return undefined;
  // The groups that follow, up to the one with the decimal point.
  let end = valueColumn + 1;
  while (!texts[end]!.includes(".") && group.test(texts[end + 1] ?? "")) end++;
  const [value, last] = [cells[valueColumn]!, cells[end]!];
  const whole = file.text.slice(value.start, last.end);
  // Cut by the reader, a number has nothing between its digits and its commas (`12, 105` is two cells).
  if (!/^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(whole)) return undefined;
  return error("R0914", `line ${line}: the value \`${whole}\` is cut in two at its comma`, within(file, value.start, last.end), {
    label: `read as the value ${valueText} and the next cell ${nextText}`,
    hint: `a number with thousands separators goes in quotes: "${whole}"; if ${valueText} is the value and ${nextText} the next cell, quote that cell: "${nextText}"`,
  });
}

/** The first line that is not empty or blank (csv-parse skips those before the header). */
function firstLineWithText(file: SourceFile): number {
  for (let line = 1; line <= file.lineCount; line++) {
    if (file.lineText(line).replace(/^\uFEFF/, "").trim() !== "") return line;
  }
  return 1;
}

/**
 * The spans of the cells of one line of a CSV file, trimmed (a quoted cell with its quotes), as far as
 * the line holds whole cells: a quoted cell that goes on to the next line ends the list.
 */
function cellSpans(file: SourceFile, line: number): Span[] {
  const start = file.lineStart(line);
  const text = file.lineText(line);
  const spans: Span[] = [];
  const space = (c: string | undefined) => c === " " || c === "\t" || c === "\uFEFF";
  let i = 0;
  for (;;) {
    while (i < text.length && space(text[i])) i++;
    let from = i;
    let to: number;
    if (text[i] === '"') {
      i++;
      for (; i < text.length; i++) {
        if (text[i] !== '"') continue;
        if (text[i + 1] !== '"') break;
        i++;
      }
      if (i >= text.length) return spans;
      to = ++i;
      while (i < text.length && text[i] !== ",") i++;
    } else {
      while (i < text.length && text[i] !== ",") i++;
      to = i;
      while (to > from && space(text[to - 1])) to--;
    }
    // An empty cell is shown by the character where it would be (the comma next to it).
    if (to === from) [from, to] = [Math.max(0, Math.min(from, text.length - 1)), Math.max(0, Math.min(from, text.length - 1)) + 1];
    spans.push(within(file, start + from, start + to));
    if (i >= text.length) return spans;
    i++;
  }
}

/** The text of a cell as csv-parse reads it: without its quotes, `""` as `"`. */
function cellText(cell: Span): string {
  const raw = cell.file.text.slice(cell.start, cell.end);
  return raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1).replace(/""/g, '"') : raw;
}

function lineSpan(file: SourceFile, line: number): Span {
  // A line after the last (csv-parse counts one past a final line break) is the file's end.
  const start = line > file.lineCount ? file.text.length + 1 : file.lineStart(line);
  const end = line > file.lineCount ? start : file.lineEnd(line);
  return within(file, start, start + Math.max(1, end - start));
}
