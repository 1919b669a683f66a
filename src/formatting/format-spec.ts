import { error, hasErrors, type Diagnostic } from "../diagnostics/diagnostic";
import type * as ast from "../syntax/ast";
import { parseSpec } from "../syntax/parse";
import { printDeclaration, printSectionHead, printTableHead, printTableRows } from "../syntax/print";
import { SourceFile, span } from "../syntax/source";
import { firstTokenFrom, scan, tokenBefore } from "../syntax/scan";
import { LBrace } from "../syntax/tokens";

/** A spec laid out by `reckon fmt`, or why it could not be. */
export interface FormatResult {
  /** The formatted text, or the text as given when it has syntax errors. */
  readonly text: string;
  /** Syntax errors (the text is then returned unchanged). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * `reckon fmt`: the canonical layout of a spec.
 *
 * - one declaration per line; a section's body and a table's rows indented by two spaces, with `{`
 *   on the line of the section or table;
 * - table rows with their columns aligned (in terminal cells: a CJK character is two wide);
 * - numbers with thousands separators and the decimals they were printed with, compound units
 *   without spaces, citations `@ "…"` last;
 * - every comment kept where it was: a comment on its own line stays before the declaration (or
 *   table row) it precedes, a comment at the end of a line stays at the end of the line of the
 *   declaration or row it ends, and a comment inside a declaration that spans several lines moves
 *   to just before it;
 * - a blank line between groups of declarations is kept (several become one).
 *
 * Formatting is idempotent and never changes the syntax tree: the result is parsed again and
 * compared with the original (spans aside) before it is returned.
 */
export function formatSpec(text: string, path: string): FormatResult {
  // Lines end at LF in the output; reading CR LF and a lone CR (old Mac files) as LF first keeps each
  // comment on its own line and each blank line, as with LF.
  const file = new SourceFile(path, text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text);
  const parsed = parseSpec(file);
  if (hasErrors(parsed.diagnostics)) return { text, diagnostics: parsed.diagnostics };
  const formatted = printSpec(parsed.value);
  const problem = verify(parsed.value, formatted, file);
  if (problem) return { text, diagnostics: [...parsed.diagnostics, problem] };
  return { text: formatted, diagnostics: parsed.diagnostics };
}

/**
 * A parsed spec in the canonical layout, with its comments put back (they are placed by their
 * spans in `spec.span.file`, the text the spec was parsed from). A syntax tree built by a program,
 * without comments, prints the same way.
 */
export function printSpec(spec: ast.SpecFile): string {
  const layout = new Layout(spec);
  const lines: string[] = [];
  layout.items(spec.declarations, spec, new Block(lines, ""));
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/** A comment's text as `reckon fmt` writes it: as written, without trailing blanks. */
export function commentText(comment: ast.Comment): string {
  return comment.text.replace(/[ \t]+$/, "");
}

/** Something a comment can be attached to: a declaration (at any depth) or a table row. */
type Entity = ast.Declaration | ast.TableRow;
/** What holds entities: the file, a section (its declarations) or a table (its rows). */
type Container = ast.SpecFile | ast.SectionDecl | ast.TableDecl;

interface Placed {
  readonly text: string;
  /** Whether a blank line came before the comment. */
  readonly blank: boolean;
}

const WHITESPACE = new Set([" ", "\t", "\r", "\n", "\u3000", "\uFEFF"]);

class Layout {
  /** Comments on their own lines before an entity. */
  private readonly leading = new Map<Entity, Placed[]>();
  /** Comments from inside an entity that spans several lines; printed just before it. */
  private readonly inner = new Map<Entity, Placed[]>();
  /** The comment at the end of an entity's (last) line. */
  private readonly trailing = new Map<Entity, string>();
  /** The comment after a section's or table's `{`. */
  private readonly opening = new Map<Entity, string>();
  /** Comments after the last entity of a container. */
  private readonly closing = new Map<Container, Placed[]>();
  /** Where the `{` of each section and table is. */
  private readonly braces = new Map<Entity, number>();
  private readonly text: string;

  constructor(spec: ast.SpecFile) {
    this.text = spec.span.file.text;
    if (spec.comments.length > 0) this.attach(spec);
  }

  private attach(spec: ast.SpecFile): void {
    const tokens = scan(this.text).tokens;
    // The deepest entity ending at each offset, and the section or table of each `{`.
    const endsAt = new Map<number, Entity>();
    const braceOwner = new Map<number, Entity>();
    const visit = (entity: Entity): void => {
      endsAt.set(entity.span.end, entity);
      if ("kind" in entity && (entity.kind === "section" || entity.kind === "table")) {
        // The first `{` from the head on: a few tokens past its start (`section NAME @ "…" {`).
        let i = firstTokenFrom(tokens, entity.span.start);
        while (i < tokens.length && tokens[i]!.tokenType !== LBrace) i++;
        const brace = tokens[i];
        if (brace) {
          this.braces.set(entity, brace.startOffset);
          braceOwner.set(brace.startOffset, entity);
        }
        for (const child of entity.kind === "section" ? entity.declarations : [entity.header, ...entity.rows]) visit(child);
      }
    };
    spec.declarations.forEach(visit);

    for (const comment of spec.comments) {
      const text = commentText(comment);
      const previous = tokenBefore(tokens, comment.span.start);
      if (previous && !this.text.slice(previous.startOffset, comment.span.start).includes("\n")) {
        const end = (previous.endOffset ?? previous.startOffset) + 1;
        const ended = endsAt.get(end);
        if (ended && !this.trailing.has(ended)) {
          this.trailing.set(ended, text);
          continue;
        }
        const owner = previous.tokenType === LBrace ? braceOwner.get(previous.startOffset) : undefined;
        if (owner && !this.opening.has(owner)) {
          this.opening.set(owner, text);
          continue;
        }
      }
      this.place(comment, text, spec.declarations, spec);
    }
  }

  /** Attaches a comment on its own line (or inside a declaration) within a container. */
  private place(comment: ast.Comment, text: string, items: readonly Entity[], container: Container): void {
    const at = comment.span.start;
    for (const item of items) {
      if (item.span.start > at) {
        push(this.leading, item, { text, blank: this.blankBefore(at) });
        return;
      }
      if (at < item.span.end) {
        const brace = this.braces.get(item);
        if (brace !== undefined && at > brace && at < item.span.end - 1 && "kind" in item) {
          if (item.kind === "section") return this.place(comment, text, item.declarations, item);
          if (item.kind === "table") return this.place(comment, text, [item.header, ...item.rows], item);
        }
        push(this.inner, item, { text, blank: false });
        return;
      }
    }
    push(this.closing, container, { text, blank: this.blankBefore(at) });
  }

  /** Whether the source has a blank line just before an offset. */
  private blankBefore(offset: number): boolean {
    let newlines = 0;
    for (let i = offset - 1; i >= 0 && WHITESPACE.has(this.text[i]!); i--) if (this.text[i] === "\n") newlines++;
    return newlines >= 2;
  }

  items(items: readonly ast.Declaration[], container: Container, block: Block): void {
    for (const item of items) this.declaration(item, block);
    for (const comment of this.closing.get(container) ?? []) block.line(comment.text, comment.blank);
  }

  /** An entity's comments before it; returns whether a blank line goes before the entity itself. */
  private before(entity: Entity, block: Block): boolean {
    for (const comment of this.leading.get(entity) ?? []) block.line(comment.text, comment.blank);
    const blank = this.blankBefore(entity.span.start);
    const inner = this.inner.get(entity) ?? [];
    inner.forEach((comment, i) => block.line(comment.text, i === 0 && blank));
    return inner.length === 0 && blank;
  }

  private after(entity: Entity): string {
    const comment = this.trailing.get(entity);
    return comment === undefined ? "" : ` ${comment}`;
  }

  private declaration(declaration: ast.Declaration, block: Block): void {
    const blank = this.before(declaration, block);
    const trailing = this.after(declaration);
    const opening = this.opening.get(declaration);
    const open = opening === undefined ? " {" : ` { ${opening}`;
    switch (declaration.kind) {
      case "section": {
        const head = printSectionHead(declaration);
        if (declaration.declarations.length === 0 && opening === undefined && !this.closing.has(declaration)) {
          block.line(`${head} {}${trailing}`, blank);
          return;
        }
        block.line(head + open, blank);
        this.items(declaration.declarations, declaration, new Block(block.lines, `${block.indent}  `));
        block.line(`}${trailing}`, false);
        return;
      }
      case "table": {
        block.line(printTableHead(declaration) + open, blank);
        const rows = [declaration.header, ...declaration.rows];
        const texts = printTableRows(rows);
        const body = new Block(block.lines, `${block.indent}  `);
        rows.forEach((row, i) => {
          const rowBlank = this.before(row, body);
          body.line(texts[i]! + this.after(row), rowBlank);
        });
        for (const comment of this.closing.get(declaration) ?? []) body.line(comment.text, comment.blank);
        block.line(`}${trailing}`, false);
        return;
      }
      default:
        block.line(printDeclaration(declaration) + trailing, blank);
    }
  }
}

/** Lines at one level of indentation; the first line of a block never has a blank line before it. */
class Block {
  private first = true;

  constructor(
    readonly lines: string[],
    readonly indent: string,
  ) {}

  /** Adds a line (or a declaration laid out over several lines, each indented alike). */
  line(text: string, blank: boolean): void {
    if (blank && !this.first) this.lines.push("");
    for (const line of text.split("\n")) this.lines.push(this.indent + line);
    this.first = false;
  }
}

function push<K>(map: Map<K, Placed[]>, key: K, placed: Placed): void {
  const list = map.get(key);
  if (list) list.push(placed);
  else map.set(key, [placed]);
}

/** The last token that starts before an offset (tokens are in source order). */
const SPAN_KEYS = new Set(["span", "pathSpan", "calleeSpan", "operatorSpan"]);

/** A syntax tree without its spans (and without absent optional fields), for comparing two parses. */
export function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined || SPAN_KEYS.has(key)) continue;
      out[key] = withoutSpans(child);
    }
    return out;
  }
  return value;
}

/** A safety net: the formatted text must parse to the same tree, with the same comments. */
function verify(original: ast.SpecFile, formatted: string, file: SourceFile): Diagnostic | undefined {
  const again = parseSpec(new SourceFile(file.path, formatted));
  const same =
    !hasErrors(again.diagnostics) &&
    JSON.stringify(withoutSpans(again.value.declarations)) === JSON.stringify(withoutSpans(original.declarations)) &&
    JSON.stringify(again.value.comments.map(commentText)) === JSON.stringify(original.comments.map(commentText));
  if (same) return undefined;
  return error("R1001", "reckon fmt cannot lay this spec out without changing it, so it was left as it is", span(file, 0, 0), {
    hint: "this is a bug in reckon fmt; please report it with the spec",
  });
}
