/**
 * Generates the machine-made grammar files from the live parser (`reckonParser` in
 * src/syntax/parser.ts), so that they can never drift from what the parser accepts:
 *
 *   grammar/productions.json  the serialized GAST productions (chevrotain's own description of every
 *                             rule), pretty-printed
 *   grammar/diagrams.html     railroad syntax diagrams of every rule, self-contained: chevrotain's
 *                             diagram scripts and stylesheet are inlined from node_modules/chevrotain,
 *                             so the page works offline (chevrotain's template loads them from unpkg)
 *
 *   npx tsx scripts/generate-grammar.ts           (npm run grammar)   writes both files
 *   npx tsx scripts/generate-grammar.ts --check                       exits 1 when either is stale
 *   npx tsx scripts/generate-grammar.ts --ebnf                        prints the rules as EBNF, in the
 *                                                                     notation of grammar/reckon.md
 *
 * The output depends only on the parser and the installed chevrotain, so every run gives the same
 * bytes. test/grammar.test.ts calls `generateGrammarFiles` and fails when the committed files differ.
 */
import { createSyntaxDiagramsCode, Lexer, type ISerializedGast, type TokenType } from "chevrotain";
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { reckonParser } from "../src/syntax/parser";
import { allTokens } from "../src/syntax/tokens";

/** The repository root (this file lives in scripts/). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** A generated file: its path relative to the repository root (with `/`) and its exact content. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

export const PRODUCTIONS_PATH = "grammar/productions.json";
export const DIAGRAMS_PATH = "grammar/diagrams.html";
export const REGENERATE_COMMAND = "npm run grammar";

/** Both generated files, in a fixed order. */
export function generateGrammarFiles(): GeneratedFile[] {
  const productions = reckonParser.getSerializedGastProductions();
  return [
    { path: PRODUCTIONS_PATH, content: `${JSON.stringify(productions, null, 2)}\n` },
    { path: DIAGRAMS_PATH, content: diagramsHtml(productions) },
  ];
}

/** The generated files whose copy on disk is missing or differs from what would be generated now. */
export function staleGrammarFiles(root: string = repoRoot): { path: string; reason: "missing" | "out of date" }[] {
  const stale: { path: string; reason: "missing" | "out of date" }[] = [];
  for (const file of generateGrammarFiles()) {
    const full = path.join(root, file.path);
    if (!existsSync(full)) stale.push({ path: file.path, reason: "missing" });
    else if (readFileSync(full, "utf8") !== file.content) stale.push({ path: file.path, reason: "out of date" });
  }
  return stale;
}

// ---------------------------------------------------------------------------------------------
// EBNF (for checking the hand-written grammar/reckon.md)

interface GastNode {
  readonly type: string;
  readonly name?: string;
  readonly definition?: GastNode[];
  readonly separator?: GastNode;
}

/**
 * Every parser rule as one line of EBNF in the notation of grammar/reckon.md: `"…"` for keywords and
 * punctuation, token names for other tokens, `?` `*` `+` and parentheses for options, repetitions
 * and alternatives. test/grammar.test.ts compares these with the EBNF in grammar/reckon.md; print them
 * with `npx tsx scripts/generate-grammar.ts --ebnf`.
 */
export function grammarAsEbnf(): Map<string, string> {
  const literals = new Map<string, string>();
  for (const token of allTokens) {
    const literal = literalOf(token);
    if (literal !== undefined) literals.set(token.name, JSON.stringify(literal));
  }
  const terminal = (node: GastNode) => literals.get(node.name!) ?? node.name!;
  const sequence = (nodes: readonly GastNode[]): string => nodes.map(item).join(" ");
  const alternatives = (node: GastNode): string => node.definition!.map((alternative) => sequence(alternative.definition!)).join(" | ");
  const repeated = (nodes: readonly GastNode[], suffix: string): string => {
    const only = nodes.length === 1 ? nodes[0]! : undefined;
    if (only && (only.type === "Terminal" || only.type === "NonTerminal")) return `${item(only)}${suffix}`;
    if (only?.type === "Alternation") return `( ${alternatives(only)} )${suffix}`;
    return `( ${sequence(nodes)} )${suffix}`;
  };
  function item(node: GastNode): string {
    switch (node.type) {
      case "Terminal":
        return terminal(node);
      case "NonTerminal":
        return node.name!;
      case "Alternation":
        return `( ${alternatives(node)} )`;
      case "Option":
        return repeated(node.definition!, "?");
      case "Repetition":
        return repeated(node.definition!, "*");
      case "RepetitionMandatory":
        return repeated(node.definition!, "+");
      case "RepetitionWithSeparator":
        return `( ${sequence(node.definition!)} ( ${terminal(node.separator!)} ${sequence(node.definition!)} )* )?`;
      case "RepetitionMandatoryWithSeparator":
        return `${sequence(node.definition!)} ( ${terminal(node.separator!)} ${sequence(node.definition!)} )*`;
      default:
        throw new Error(`generate-grammar: unexpected production ${node.type}`);
    }
  }
  const rules = new Map<string, string>();
  for (const rule of reckonParser.getSerializedGastProductions() as unknown as GastNode[]) {
    const body = rule.definition!;
    rules.set(rule.name!, body.length === 1 && body[0]!.type === "Alternation" ? alternatives(body[0]!) : sequence(body));
  }
  return rules;
}

// ---------------------------------------------------------------------------------------------
// diagrams.html

/** Stands for "inline this file" in the resource URLs handed to chevrotain's HTML template. */
const LOCAL = "reckon-inline:";

function diagramsHtml(productions: ISerializedGast[]): string {
  const chevrotain = chevrotainPackage();
  const template = createSyntaxDiagramsCode(withReadableLabels(productions), {
    resourceBase: `${LOCAL}/`,
    css: `${LOCAL}/diagrams.css`,
  });

  let html = replaceOnce(
    template.trimStart(),
    "<!-- This is a generated file -->\n<!DOCTYPE html>\n<meta charset=\"utf-8\">\n",
    [
      "<!DOCTYPE html>",
      "<!--",
      "  Generated by scripts/generate-grammar.ts from src/syntax/parser.ts: do not edit.",
      `  Regenerate with \`${REGENERATE_COMMAND}\`; test/grammar.test.ts fails while this file is stale.`,
      "",
      `  Self-contained: the diagram scripts and stylesheet below are inlined from chevrotain@${chevrotain.version}`,
      "  (node_modules/chevrotain/diagrams; chevrotain is Apache-2.0, railroad-diagrams by Tab Atkins Jr.",
      "  is CC0), so the page needs no network.",
      "-->",
      '<meta charset="utf-8">',
      "<title>reckon grammar: syntax diagrams</title>",
      "",
    ].join("\n"),
  );

  html = replaceOnce(
    html,
    `<link rel='stylesheet' href='${LOCAL}/diagrams.css'>`,
    `<style>\n/* chevrotain@${chevrotain.version} diagrams/diagrams.css */\n${inlineSafe(readAsset(chevrotain.dir, "diagrams.css"), "style")}</style>`,
  );
  for (const asset of ["vendor/railroad-diagrams.js", "src/diagrams_builder.js", "src/diagrams_behavior.js", "src/main.js"]) {
    html = replaceOnce(
      html,
      `<script src='${LOCAL}/${asset}'></script>`,
      `<script>\n/* chevrotain@${chevrotain.version} diagrams/${asset} */\n${inlineSafe(readAsset(chevrotain.dir, asset), "script")}</script>`,
    );
  }

  if (html.includes(LOCAL) || /\b(?:src|href)\s*=\s*['"]?https?:/i.test(html)) {
    throw new Error("generate-grammar: diagrams.html still refers to an external resource; chevrotain's template has changed");
  }
  const opened = html.match(/<script\b/gi)?.length ?? 0;
  const closed = html.match(/<\/script/gi)?.length ?? 0;
  if (opened !== closed) throw new Error("generate-grammar: the serialized grammar contains `</script`, which would break the page");
  return html.endsWith("\n") ? html : `${html}\n`;
}

/**
 * The productions as the diagrams show them: keyword and punctuation terminals are labelled with the
 * text one writes (`import`, `(`, `+ | -`) instead of their token names (`Import`, `LParen`,
 * `AdditiveOperator`); names, numbers and strings keep their token names. The labels are derived
 * from the tokens' own patterns, so they follow tokens.ts.
 */
function withReadableLabels(productions: ISerializedGast[]): ISerializedGast[] {
  const labels = new Map<string, string>();
  for (const token of allTokens) {
    const literal = literalOf(token);
    if (literal !== undefined) labels.set(token.name, literal);
  }
  for (const token of allTokens) {
    if (labels.has(token.name)) continue;
    const members = allTokens.filter((member) => member !== token && member.CATEGORIES?.includes(token));
    const literals = members.map((member) => labels.get(member.name));
    if (members.length > 0 && literals.every((l) => l !== undefined)) labels.set(token.name, literals.join(" | "));
  }
  const relabel = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(relabel);
    if (node === null || typeof node !== "object") return node;
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) copy[key] = relabel(value);
    if (copy.type === "Terminal" && typeof copy.name === "string" && labels.has(copy.name)) copy.label = labels.get(copy.name);
    return copy;
  };
  return relabel(productions) as ISerializedGast[];
}

/** The fixed text a token matches (`import`, `(`, `<=`), or undefined when it matches a class of texts. */
function literalOf(token: TokenType): string | undefined {
  const pattern = token.PATTERN;
  if (!(pattern instanceof RegExp) || pattern === Lexer.NA || pattern.flags !== "") return undefined;
  const source = pattern.source;
  if (/^(?:[^\\^$.|?*+()[\]{}]|\\[\\^$.|?*+()[\]{}/])+$/.test(source)) return source.replace(/\\(.)/g, "$1");
  return undefined;
}

function chevrotainPackage(): { dir: string; version: string } {
  const require = createRequire(import.meta.url);
  let dir = path.dirname(realpathSync(require.resolve("chevrotain")));
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest)) {
      const json = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; version?: string };
      if (json.name === "chevrotain") return { dir, version: json.version ?? "unknown" };
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("generate-grammar: cannot find the chevrotain package (run `npm ci`)");
    dir = parent;
  }
}

function readAsset(chevrotainDir: string, asset: string): string {
  const full = path.join(chevrotainDir, "diagrams", asset);
  if (!existsSync(full)) throw new Error(`generate-grammar: ${full} is missing; chevrotain no longer ships its diagram assets`);
  const text = readFileSync(full, "utf8").replace(/\r\n?/g, "\n");
  return text.endsWith("\n") ? text : `${text}\n`;
}

/** Refuses text that would end the inline element early. */
function inlineSafe(text: string, element: "script" | "style"): string {
  if (new RegExp(`</${element}|<!--`, "i").test(text)) throw new Error(`generate-grammar: cannot inline a file containing </${element} or <!--`);
  return text;
}

function replaceOnce(text: string, search: string, replacement: string): string {
  const at = text.indexOf(search);
  if (at < 0 || text.indexOf(search, at + search.length) >= 0) {
    throw new Error(`generate-grammar: chevrotain's diagram template has changed (expected ${JSON.stringify(search)} once)`);
  }
  return text.slice(0, at) + replacement + text.slice(at + search.length);
}

// ---------------------------------------------------------------------------------------------
// command line

function main(argv: readonly string[]): number {
  const unknown = argv.filter((a) => a !== "--check" && a !== "--ebnf");
  if (unknown.length > 0 || argv.length > 1) {
    process.stderr.write(`generate-grammar: unexpected arguments ${argv.join(" ")}\nusage: npx tsx scripts/generate-grammar.ts [--check | --ebnf]\n`);
    return 2;
  }
  if (argv.includes("--ebnf")) {
    const rules = grammarAsEbnf();
    const width = Math.max(...[...rules.keys()].map((name) => name.length));
    for (const [name, body] of rules) process.stdout.write(`${name.padEnd(width)} ::= ${body}\n`);
    return 0;
  }
  if (argv.includes("--check")) {
    const stale = staleGrammarFiles();
    for (const file of stale) {
      const problem = file.reason === "missing" ? "is missing" : "is out of date: it does not match the parser in src/syntax/parser.ts";
      process.stderr.write(`${file.path} ${problem}; run \`${REGENERATE_COMMAND}\`\n`);
    }
    if (stale.length > 0) return 1;
    process.stdout.write(`${PRODUCTIONS_PATH} and ${DIAGRAMS_PATH} are up to date\n`);
    return 0;
  }
  for (const file of generateGrammarFiles()) {
    const full = path.join(repoRoot, file.path);
    const unchanged = existsSync(full) && readFileSync(full, "utf8") === file.content;
    if (!unchanged) {
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, file.content);
    }
    process.stdout.write(`${unchanged ? "unchanged" : "wrote    "} ${file.path}\n`);
  }
  return 0;
}

/** Whether this file is the program being run (and not a module imported by the test). */
function invokedDirectly(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) process.exitCode = main(process.argv.slice(2));
