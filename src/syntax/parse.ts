import type { IRecognitionException, IToken } from "chevrotain";
import { error, type Diagnostic, type Result } from "../diagnostics/diagnostic";
import type * as ast from "./ast";
import { AstBuilder } from "./build-ast";
import { reckonParser } from "./parser";
import { SourceFile, span } from "./source";
import { reckonLexer } from "./tokens";

/** Lexes and parses one spec file into an AST, with every syntax error as a diagnostic. */
export function parseSpec(file: SourceFile): Result<ast.SpecFile> {
  const diagnostics: Diagnostic[] = [];
  const lexed = reckonLexer.tokenize(file.text);
  for (const e of lexed.errors) {
    const bad = file.text.slice(e.offset, e.offset + e.length);
    diagnostics.push(
      error("R0101", `unexpected character \`${[...bad][0] ?? bad}\``, span(file, e.offset, e.offset + Math.max(1, [...bad][0]?.length ?? 1)), {
        hint: lexHint(bad),
      }),
    );
  }
  reckonParser.input = lexed.tokens;
  const cst = reckonParser.spec();
  for (const e of reckonParser.errors) diagnostics.push(parseError(file, e));
  const declarations = new AstBuilder(file).build(cst) as ast.Declaration[];
  const comments = (lexed.groups.comments ?? []).map((token: IToken) => ({
    text: token.image,
    span: span(file, token.startOffset, (token.endOffset ?? token.startOffset) + 1),
  }));
  return { value: { declarations, comments, span: span(file, 0, file.text.length) }, diagnostics };
}

function lexHint(bad: string): string {
  const c = bad[0] ?? "";
  if ("（）".includes(c)) return "use ASCII parentheses ( ) in formulas; full-width ones belong inside quoted citations";
  if ("，".includes(c)) return "use an ASCII comma , between arguments";
  if ("“”".includes(c)) return 'quote labels and citations with ASCII double quotes "…"';
  if (c === "'") return 'strings are written in double quotes: "…"';
  return "this character is not part of the reckon language; put prose inside a quoted string or a // comment";
}

function parseError(file: SourceFile, e: IRecognitionException): Diagnostic {
  const token = e.token;
  const atEnd = token.tokenType.name === "EOF" || Number.isNaN(token.startOffset);
  const start = atEnd ? file.text.length : token.startOffset;
  const where = span(file, start, atEnd ? start : (token.endOffset ?? start) + 1);
  const found = atEnd ? "end of input" : `\`${token.image}\``;
  const rule = e.context?.ruleStack?.at(-1) ?? "";
  const label = e.name === "NotAllInputParsedException" ? "expected an operator such as + - * / before this" : expectationLabel(e);
  return error("R0102", `unexpected ${found} ${ruleDescription(rule)}`, where, {
    label,
    hint: parseHint(rule, token.image),
  });
}

/** Plain words for where in a declaration the parser was. */
function ruleDescription(rule: string): string {
  const words: Record<string, string> = {
    spec: "at the top level",
    declaration: "at the top level",
    importDeclaration: "in an import",
    reportDeclaration: "in the report header",
    roundingClause: "in a rounding clause",
    unitDeclaration: "in a unit declaration",
    factDeclaration: "in a fact",
    formulaDeclaration: "in a formula",
    figureDeclaration: "in a figure",
    functionDeclaration: "in a function",
    knownDeclaration: "in a known-inconsistency declaration",
    citation: "in a citation",
    call: "in a function call",
    parenthesized: "inside parentheses",
    conditional: "in an if-expression",
    signedQuantity: "where a number was expected",
    quantity: "where a number was expected",
    unitExpression: "in a unit",
    unitName: "in a unit",
  };
  return words[rule] ?? "in an expression";
}

function expectationLabel(e: IRecognitionException): string {
  const message = e.message;
  const expecting = /Expecting[^:]*: ?(?:one of these possible Token sequences:)?\s*([\s\S]*?)\s*but found/.exec(message);
  if (!expecting?.[1]) return "not expected here";
  const names = [...expecting[1].matchAll(/\[?([A-Za-z]+)\]?/g)].map((m) => tokenWords(m[1]!)).filter((w) => w !== "");
  const unique = [...new Set(names)];
  if (unique.length === 0) return "not expected here";
  return `expected ${unique.slice(0, 6).join(", ")}`;
}

function tokenWords(name: string): string {
  const words: Record<string, string> = {
    Identifier: "a name",
    NamePattern: "a name pattern",
    NumberLiteral: "a number",
    StringLiteral: 'a quoted string "…"',
    Equals: "`=`",
    LParen: "`(`",
    RParen: "`)`",
    Comma: "`,`",
    At: "`@`",
    Percent: "`%`",
    Published: "`published`",
    Then: "`then`",
    Else: "`else`",
    AdditiveOperator: "`+` or `-`",
    MultiplicativeOperator: "`*` or `/`",
    ComparisonOperator: "a comparison",
    Slash: "`/`",
    EOF: "the end of the file",
    Expecting: "",
    token: "",
    of: "",
    type: "",
    but: "",
    found: "",
    one: "",
    these: "",
    possible: "",
    Token: "",
    sequences: "",
  };
  if (name in words) return words[name]!;
  if (/^[A-Z][a-z]+$/.test(name)) return `\`${name.toLowerCase()}\``;
  return "";
}

function parseHint(rule: string, found: string): string {
  if (rule === "figureDeclaration") return "a figure reads: figure NAME = FORMULA published VALUE @ \"where it is printed\"";
  if (rule === "factDeclaration") return "a fact reads: fact NAME = VALUE UNIT @ \"where it is printed\"";
  if (rule === "formulaDeclaration") return "a formula reads: formula NAME = FORMULA";
  if (rule === "functionDeclaration") return "a function reads: function NAME(a, b) = FORMULA";
  if (rule === "importDeclaration") return 'an import reads: import "path/to/file.reckon"';
  if (rule === "spec" || rule === "declaration")
    return "each declaration starts with import, report, unit, fact, formula, figure, function or known";
  if (found === "=") return "compare with `==`; a single `=` only names a declaration";
  return "check for a missing operator, operand or closing parenthesis";
}

/** Parses a lone expression (for `reckon eval "…"`), with every syntax error as a diagnostic. */
export function parseExpression(file: SourceFile): Result<ast.Expr> {
  const diagnostics: Diagnostic[] = [];
  const lexed = reckonLexer.tokenize(file.text);
  for (const e of lexed.errors) {
    const bad = file.text.slice(e.offset, e.offset + e.length);
    diagnostics.push(error("R0101", `unexpected character \`${[...bad][0] ?? bad}\``, span(file, e.offset, e.offset + 1), { hint: lexHint(bad) }));
  }
  reckonParser.input = lexed.tokens;
  const cst = reckonParser.expression();
  for (const e of reckonParser.errors) diagnostics.push(parseError(file, e));
  const expr = new AstBuilder(file).build(cst) as ast.Expr | undefined;
  return { value: expr ?? { kind: "missing", span: span(file, 0, file.text.length) }, diagnostics };
}
