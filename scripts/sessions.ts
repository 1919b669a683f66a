import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Console } from "../src/cli/io";
import { run } from "../src/cli/main";

/**
 * The terminal sessions shown in the documentation: a ```text or ```console block (indented or not)
 * whose lines starting with `$ ` are all `$ reckon …` (or `$ npx reckon …`) commands, each followed by
 * what it prints. Every such command is run for real by test/sessions.test.ts and rewritten by
 * scripts/update-sessions.ts, so the documentation shows what reckon prints today. A session that
 * names a file that does not exist fails: the files of the examples are in docs/examples/.
 *
 * A block whose first line is not `$ reckon …`, or with any other `$` command (a shell pipeline,
 * `npx tsup`), is shown as it is and not run.
 */
export const repo = path.join(import.meta.dirname, "..");

export const documents = ["README.md", ...readdirSync(path.join(repo, "docs")).filter((d) => d.endsWith(".md")).map((d) => `docs/${d}`)];

/** A fenced block: its indentation, its language and its lines, up to the closing fence at the same indentation. */
const blockPattern = /^( *)```(text|console)\n([\s\S]*?)^\1```$/gm;

const commandPattern = /^\$ (npx )?reckon (.*)$/;

export interface Session {
  readonly document: string;
  readonly command: string;
  readonly shown: string;
}

/** One command of a block: how it was written (`$ reckon ` or `$ npx reckon `), the command and its output as shown. */
interface Part {
  readonly prompt: string;
  readonly command: string;
  readonly shown: string;
}

/** A block of sessions in a document: where it is, its indentation and fence, and its commands. */
export interface Block {
  readonly start: number;
  readonly end: number;
  readonly indent: string;
  readonly fence: string;
  readonly parts: readonly Part[];
}

/** Splits a command line as a shell would for these simple cases: spaces and double quotes. */
export function words(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/** Whether a command is reckon alone: no pipe, redirection or second command outside quotes. */
function plain(command: string): boolean {
  return !/[|<>;&`$]/.test(command.replace(/"[^"]*"/g, ""));
}

/** The commands of a block's text (indentation removed), or undefined when it is not a block of reckon sessions. */
function parts(body: string): Part[] | undefined {
  if (!body.startsWith("$ ")) return undefined;
  const found: Part[] = [];
  for (const segment of body.split(/^(?=\$ )/m)) {
    const newline = segment.indexOf("\n");
    const line = newline < 0 ? segment : segment.slice(0, newline);
    const match = commandPattern.exec(line);
    if (!match || !plain(match[2]!)) return undefined;
    found.push({ prompt: `$ ${match[1] ?? ""}reckon `, command: match[2]!, shown: newline < 0 ? "" : segment.slice(newline + 1) });
  }
  return found;
}

/** The blocks of sessions in a document's text. */
export function blocks(text: string): Block[] {
  return [...text.matchAll(blockPattern)].flatMap((m) => {
    const indent = m[1]!;
    const body = m[3]!
      .split("\n")
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()))
      .join("\n");
    const found = parts(body);
    return found ? [{ start: m.index, end: m.index + m[0].length, indent, fence: m[2]!, parts: found }] : [];
  });
}

/** A block written out again with new outputs, indented as it was. */
export function writeBlock(block: Block, outputs: readonly string[]): string {
  const body = block.parts.map((part, i) => `${part.prompt}${part.command}\n${outputs[i]!}`).join("");
  const indented = body
    .split("\n")
    .map((line) => (line === "" ? line : block.indent + line))
    .join("\n");
  return `${block.indent}\`\`\`${block.fence}\n${indented}${block.indent}\`\`\``;
}

export function sessions(): Session[] {
  return documents.flatMap((document) =>
    blocks(readFileSync(path.join(repo, document), "utf8")).flatMap((block) => block.parts.map((part) => ({ document, command: part.command, shown: part.shown }))),
  );
}

/**
 * The example files the documents show whole, so that they can be written to docs/examples/: a
 * ```reckon block whose first line is `// docs/examples/NAME` (the file is the whole block), and a
 * ```json or ```csv block right after a line `` `docs/examples/NAME`: ``. Indentation is removed.
 */
export function examples(): { document: string; file: string; text: string }[] {
  const pattern = /(?:^`(docs\/examples\/[^`]+)`:\n\n)?^( *)```(reckon|json|csv)\n([\s\S]*?)^\2```$/gm;
  return documents.flatMap((document) =>
    [...readFileSync(path.join(repo, document), "utf8").matchAll(pattern)].flatMap((m) => {
      const indent = m[2]!;
      const text = m[4]!
        .split("\n")
        .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()))
        .join("\n");
      const file = m[3] === "reckon" ? /^\/\/ (docs\/examples\/\S+)\n/.exec(text)?.[1] : m[1];
      return file ? [{ document, file, text }] : [];
    }),
  );
}

/** What `reckon COMMAND` prints, stdout and stderr together, run from the repository root. */
export function output(command: string): string {
  let printed = "";
  const io: Console = { out: (t) => void (printed += t), err: (t) => void (printed += t), colorOut: false, colorErr: false };
  const cwd = process.cwd();
  process.chdir(repo);
  try {
    run(words(command), io);
  } finally {
    process.chdir(cwd);
  }
  return printed;
}
