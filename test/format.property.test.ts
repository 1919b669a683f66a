import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatSpec, printSpec } from "../src/formatting/format-spec";
import type * as ast from "../src/syntax/ast";
import { parseExpression, parseSpec } from "../src/syntax/parse";
import { printExpression } from "../src/syntax/print";
import { SourceFile } from "../src/syntax/source";
import { scan } from "../src/syntax/scan";
import { parameters } from "./properties";
import { expression, shape, specFile, text } from "./syntax-arbitraries";

/**
 * `reckon fmt` prints any syntax tree so that it parses back to the same tree, is a fixed point of
 * itself, and keeps every comment in order, wherever the comments and line breaks were.
 */

function parse(source: string): { spec: ast.SpecFile; errors: string[] } {
  const parsed = parseSpec(new SourceFile("spec.reckon", source));
  return { spec: parsed.value, errors: parsed.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`) };
}

function format(source: string): string {
  const result = formatSpec(source, "spec.reckon");
  expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return result.text;
}

/** Comment texts as the formatter keeps them (trailing blanks dropped). */
function commentsOf(source: string): string[] {
  return parse(source).spec.comments.map((c) => c.text.replace(/[ \t]+$/, ""));
}

/** A comment's text: anything but a line break, without trailing blanks. */
const commentText = fc
  .oneof(text, fc.constantFrom("", "// nested", "TODO: check 1,362.65 万元", "{ } | @ \" ( )", "\u3000全角"))
  .map((t) => `// ${t}`.replace(/[\r\n\u2028\u2029]/g, " ").replace(/[ \t]+$/, ""));

describe("printing a syntax tree and parsing it back", () => {
  it("gives the same tree, for every kind of declaration and expression", () => {
    fc.assert(
      fc.property(specFile, (spec) => {
        const printed = printSpec(spec);
        const again = parse(printed);
        expect(again.errors, printed).toEqual([]);
        expect(shape(again.spec.declarations), printed).toEqual(shape(spec.declarations));
      }),
      parameters(300),
    );
  });

  it("printExpression without reckon fmt's extra parentheses (as reckon explain prints) gives the same expression too", () => {
    fc.assert(
      fc.property(expression, (expr) => {
        const printed = printExpression(expr);
        const again = parseExpression(new SourceFile("<expression>", printed));
        expect(again.diagnostics.map((d) => `${d.code} ${d.message}`), printed).toEqual([]);
        expect(shape(again.value), printed).toEqual(shape(expr));
      }),
      parameters(300),
    );
  });

  it("prints text that reckon fmt leaves as it is (formatting is idempotent)", () => {
    fc.assert(
      fc.property(specFile, (spec) => {
        const printed = printSpec(spec);
        expect(format(printed)).toBe(printed);
      }),
      parameters(150),
    );
  });
});

/**
 * The canonical text with comments added at declaration boundaries: a comment line before any line
 * (indented like it; before a closing `}`, like the body it closes), a comment at the end of any
 * line, and blank lines between declarations. All of this is canonical already, so formatting
 * must give the text back unchanged, every comment in its place.
 */
const commentedLayout = fc
  .tuple(
    specFile,
    fc.infiniteStream(fc.record({ before: fc.option(commentText, { freq: 3 }), after: fc.option(commentText, { freq: 3 }), blank: fc.boolean() })),
    fc.option(commentText, { nil: undefined }),
  )
  .map(([spec, choices, last]) => {
    const lines = printSpec(spec).split("\n").slice(0, -1);
    // A long `if` body is laid out over lines of its own (`… =`, `if … then …`, `else …`); those
    // lines are inside one declaration, not at a boundary, so no comment goes between them.
    const continues = lines.map((line, i) => i > 0 && (lines[i - 1]!.endsWith(" =") || /^\s*(then|else) /.test(line)) && !lines[i - 1]!.trimEnd().endsWith("{"));
    const out: string[] = [];
    let previous = "";
    for (const [i, line] of lines.entries()) {
      const drawn = choices.next().value as { before: string | null; after: string | null; blank: boolean };
      const inside = continues[i]!;
      const continued = continues[i + 1] ?? false;
      const choice = { before: inside ? null : drawn.before, after: continued ? null : drawn.after, blank: inside ? false : drawn.blank };
      const indent = /^ */.exec(line)![0];
      const closing = line.trim() === "}";
      const opensBlock = previous.endsWith("{") || /\{ \/\//.test(previous);
      const firstInBlock = out.length === 0 || opensBlock;
      if (choice.blank && !firstInBlock && !(closing && choice.before === null)) out.push("");
      if (choice.before !== null) out.push(`${closing ? `${indent}  ` : indent}${choice.before}`);
      out.push(choice.after === null ? line : `${line} ${choice.after}`);
      previous = out.at(-1)!;
    }
    if (last !== undefined) out.push(last);
    return out.length === 0 ? "" : `${out.join("\n")}\n`;
  });

describe("comments", () => {
  it("at declaration and row boundaries stay where they are, in order", () => {
    fc.assert(
      fc.property(commentedLayout, (source) => {
        expect(parse(source).errors, source).toEqual([]);
        const formatted = format(source);
        expect(formatted).toBe(source);
        expect(commentsOf(formatted)).toEqual(commentsOf(source));
      }),
      parameters(200),
    );
  });

  it("anywhere between tokens (but inside a table row, which is one line), with any line breaks, all come back in order; the tree does not change", () => {
    const whitespace = fc.constantFrom(" ", "  ", "\t", "\n", "\n\n", "\n\n\n", " \n    ", "\r\n", "\u3000", "\ufeff ");
    const messy = fc
      .tuple(specFile, fc.infiniteStream(fc.tuple(whitespace, fc.option(commentText, { freq: 4 }))))
      .map(([spec, choices]) => {
        const canonical = printSpec(spec);
        const tokens = scan(canonical).tokens;
        let source = "";
        const comments: string[] = [];
        tokens.forEach((token, i) => {
          source += token.image;
          const next = tokens[i + 1];
          const gap = canonical.slice((token.endOffset ?? token.startOffset) + 1, next ? next.startOffset : canonical.length);
          // Tokens that touch (a compound unit's `/`, a call's `(`) keep touching.
          if (gap === "" && next) return;
          // A table row is one line: inside it, spaces only.
          const lineStart = canonical.lastIndexOf("\n", token.startOffset) + 1;
          if (next && !gap.includes("\n") && canonical.slice(lineStart, token.startOffset + 1).trimStart().startsWith("|")) {
            source += " ";
            return;
          }
          const [space, comment] = choices.next().value as [string, string | null];
          // …and the next row starts on a line of its own.
          const rowStarts = next?.image === "|" && gap.includes("\n") && !space.includes("\n") && comment === null;
          source += rowStarts ? `${space}\n` : space;
          if (comment !== null) {
            source += `${comment}\n`;
            comments.push(comment);
          }
        });
        return { spec, source, comments };
      });
    fc.assert(
      fc.property(messy, ({ spec, source, comments }) => {
        const formatted = format(source);
        const again = parse(formatted);
        expect(again.errors).toEqual([]);
        expect(shape(again.spec.declarations)).toEqual(shape(spec.declarations));
        expect(commentsOf(formatted)).toEqual(comments);
        expect(format(formatted)).toBe(formatted);
      }),
      parameters(200),
    );
  });
});

/** The real specs of the repository: formatting keeps their tree and comments, and is idempotent. */
function realSpecs(): string[] {
  const root = path.resolve(__dirname, "../specs");
  const found: string[] = [];
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".reckon")) found.push(full);
    }
  };
  walk(root);
  return found.sort();
}

describe("the specs of the repository", () => {
  it.each(realSpecs().map((file) => [path.relative(path.resolve(__dirname, ".."), file), file]))("%s formats without changing its tree or comments", (_, file) => {
    const source = readFileSync(file, "utf8");
    const formatted = format(source);
    expect(shape(parse(formatted).spec.declarations)).toEqual(shape(parse(source).spec.declarations));
    expect(commentsOf(formatted)).toEqual(commentsOf(source));
    expect(format(formatted)).toBe(formatted);
  });
});
