import { tokenMatcher, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import { error, type Diagnostic, type Result } from "../diagnostics/diagnostic";
import type * as ast from "./ast";
import { reckonParser, TooManySyntaxErrors } from "./parser";
import { limits } from "../limits";
import { SourceFile, span, type Span } from "./source";
import { firstTokenFrom, scan, tokenBefore } from "./scan";
import * as t from "./tokens";
import { children } from "./walk";

/** Lexes and parses one spec file into an AST, with every syntax error as a diagnostic. */
export function parseSpec(file: SourceFile): Result<ast.SpecFile> {
  const { tokens, comments, diagnostics, skipped } = lex(file);
  const whole = span(file, 0, file.text.length);
  if (tokens === undefined) return { value: { declarations: [], comments, span: whole }, diagnostics };
  const built = guarded(file, diagnostics, () => {
    reckonParser.file = file;
    reckonParser.input = tokens;
    return reckonParser.spec() as ast.Declaration[] | undefined;
  }, () => reckonParser.declarationsSoFar);
  const declarations = (built ?? []).map((d) => limitDepth(d, diagnostics));
  return { value: { declarations, comments, span: whole }, diagnostics: withoutFollowOns(file, diagnostics, skipped) };
}

/**
 * A character the lexer cannot read is left out, and what remains of its line rarely parses: a
 * syntax error on a line that has such a character is a consequence of it, not a second mistake
 * (`1，410.20` would go on with "unexpected `410.20`"). So is one at the first token after it when
 * the characters ended their line (`fact a = ４２` goes on with "unexpected `fact` where a number was
 * expected" on the next line). It is dropped; it comes back, if it was one, once the character is fixed.
 */
function withoutFollowOns(file: SourceFile, diagnostics: Diagnostic[], skipped: readonly Span[]): Diagnostic[] {
  if (skipped.length === 0) return diagnostics;
  const badLines = new Set(skipped.map(lineOf));
  const nextTokens = new Set(skipped.map((run) => nextTokenAfter(file.text, run.end)));
  return diagnostics.filter((d) => {
    if (d.code !== "R0102" || !d.span || d.span.file !== file) return true;
    // The end of the file is not a consequence of a bad character: a block left open is still reported.
    if (d.span.start >= file.text.length) return !nextTokens.has(d.span.start) || d.message.includes("`}`");
    return !badLines.has(lineOf(d.span)) && !nextTokens.has(d.span.start);
  });
}

/** Where the next token after the characters the lexer left out starts: past white space and line breaks. */
function nextTokenAfter(text: string, end: number): number {
  const rest = text.slice(end);
  return end + (rest.length - rest.trimStart().length);
}

function lineOf(at: Span): string {
  return `${at.file.path}:${at.file.position(at.start).line}`;
}

/** Parses a lone expression (for `reckon eval "…"`), with every syntax error as a diagnostic. */
export function parseExpression(file: SourceFile): Result<ast.Expr> {
  const { tokens, diagnostics } = lex(file);
  const missing: ast.Expr = { kind: "missing", span: span(file, 0, file.text.length) };
  if (tokens === undefined) return { value: missing, diagnostics };
  const expr = guarded(file, diagnostics, () => {
    reckonParser.file = file;
    reckonParser.input = tokens;
    return reckonParser.expression() as ast.Expr | undefined;
  }, () => undefined);
  return { value: expr ? limitExpressionDepth(expr, diagnostics) : missing, diagnostics };
}

/**
 * The tokens of a file, checked against the limits before the (recursive) parser sees them: too
 * many tokens or too deep a nesting stops here with a diagnostic (tokens undefined).
 */
function lex(file: SourceFile): { tokens: IToken[] | undefined; comments: ast.Comment[]; diagnostics: Diagnostic[]; skipped: Span[] } {
  const diagnostics: Diagnostic[] = [];
  const lexed = scan(file.text);
  /** The runs of characters the lexer left out, reported with R0101. */
  const skipped = lexed.errors.map((e) => span(file, e.offset, e.offset + e.length));
  for (const e of lexed.errors) {
    const bad = file.text.slice(e.offset, e.offset + e.length);
    const first = [...bad][0] ?? bad;
    const invisible = INVISIBLE.get(first);
    const named = invisible ? `U+${first.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")} (${invisible.name})` : `\`${first}\``;
    diagnostics.push(error("R0101", `unexpected character ${named}`, span(file, e.offset, e.offset + Math.max(1, first.length)), { hint: invisible?.hint ?? lexHint(bad) }));
  }
  const comments = lexed.comments.map((token: IToken) => ({ text: token.image, span: tokenSpan(file, token) }));
  // A string without its closing quote is reported once, then read as if it were closed at the end
  // of its line, so that the parser does not report the rest of the line again.
  const tokens = lexed.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.tokenType !== t.UnterminatedString) continue;
    diagnostics.push(
      error("R0109", "this string has no closing quote", span(file, token.startOffset, token.startOffset + 1), {
        hint: 'end it with " on the same line; write \\" for a quote inside a string',
      }),
    );
    tokens[i] = { ...token, tokenType: t.StringLiteral, tokenTypeIdx: t.StringLiteral.tokenTypeIdx!, image: `${token.image.replace(/\\$/, "")}"` };
  }
  if (tokens.length > limits.tokens) {
    diagnostics.push(
      error("R0103", `the file has ${tokens.length} tokens, more than the limit of ${limits.tokens}`, span(file, 0, 1), {
        hint: "split the spec into files that import one another",
      }),
    );
    return { tokens: undefined, comments, diagnostics, skipped };
  }
  let depth = 0;
  let prefixRun = 0;
  // An `if` is open until its `else`: `if a then if b then …` nests, `… else if …` does not. A
  // declaration keyword closes them all (an unfinished `if` is a syntax error of its own).
  let openIfs = 0;
  for (const token of tokens) {
    const type = token.tokenType;
    if (type === t.LParen || type === t.LBrace) depth++;
    else if (type === t.RParen || type === t.RBrace) depth = Math.max(0, depth - 1);
    else if (type === t.If) openIfs++;
    else if (type === t.Else) openIfs = Math.max(0, openIfs - 1);
    else if (openIfs > 0 && DECLARATION_STARTS.has(type)) openIfs = 0;
    prefixRun = type === t.Minus || type === t.Plus || type === t.Not ? prefixRun + 1 : 0;
    if (depth + prefixRun + openIfs > limits.nesting) {
      diagnostics.push(
        error("R0104", `nested more than ${limits.nesting} deep`, tokenSpan(file, token), {
          hint: "no formula needs this many parentheses, signs or `if`s one inside another; give the inner parts names of their own",
        }),
      );
      return { tokens: undefined, comments, diagnostics, skipped };
    }
    // Only a literal longer than the limit can have more digits than it: most are not looked at twice.
    if (type === t.NumberLiteral && token.image.length > limits.literalDigits && token.image.replace(/[^0-9]/g, "").replace(/^0+/, "").length > limits.literalDigits) {
      diagnostics.push(
        error("R0105", `a number with more than ${limits.literalDigits} digits`, tokenSpan(file, token), {
          hint: "no printed figure has this many digits; check for a missing operator or separator",
        }),
      );
    }
  }
  return { tokens, comments, diagnostics, skipped };
}

/** The keywords that start a declaration: an `if` left open ends at one (for the nesting limit). */
const DECLARATION_STARTS = new Set([t.Import, t.Report, t.Unit, t.Fact, t.Formula, t.Figure, t.Function, t.Known, t.Law, t.Section, t.Table]);

/**
 * Runs the parser and reports its syntax errors. A stack overflow (which the limits should prevent)
 * becomes R0106; more syntax errors than the limit stop the parse with R0110 after the first ones,
 * keeping what was parsed before (`partial`).
 */
function guarded<T>(file: SourceFile, diagnostics: Diagnostic[], parse: () => T, partial: () => T | undefined): T | undefined {
  try {
    const result = parse();
    for (const e of reckonParser.errors) diagnostics.push(parseError(file, e, reckonParser.input));
    return result;
  } catch (e) {
    if (e instanceof TooManySyntaxErrors) {
      for (const recorded of reckonParser.errors) diagnostics.push(parseError(file, recorded, reckonParser.input));
      diagnostics.push(
        error("R0110", `more than ${limits.syntaxErrors} syntax errors; the rest of the file is not checked`, tokenOrEnd(file, e.token), {
          hint: "fix the errors above first; a file this broken is often not a reckon spec at all",
        }),
      );
      return partial();
    }
    if (!(e instanceof RangeError)) throw e;
    diagnostics.push(error("R0106", "the file is nested too deeply to parse", span(file, 0, 1), { hint: "simplify the deepest formula" }));
    return undefined;
  } finally {
    // The shared parser would otherwise hold on to the file and its tokens until the next parse.
    reckonParser.input = [];
    reckonParser.file = emptyFile;
    reckonParser.declarationsSoFar = [];
  }
}

const emptyFile = new SourceFile("", "");

function tokenSpan(file: SourceFile, token: IToken): Span {
  return span(file, token.startOffset, token.startOffset + token.image.length);
}

/**
 * A formula whose syntax tree is deeper than the limit is reported and replaced by a `missing` node.
 * Declarations within the limit (all of them, in a spec that is not hostile) are returned as they are.
 */
function limitDepth(declaration: ast.Declaration, diagnostics: Diagnostic[]): ast.Declaration {
  switch (declaration.kind) {
    case "formula":
    case "function": {
      const body = limitExpressionDepth(declaration.body, diagnostics);
      return body === declaration.body ? declaration : { ...declaration, body };
    }
    case "section": {
      const declarations = declaration.declarations;
      for (let i = 0; i < declarations.length; i++) {
        const limited = limitDepth(declarations[i]!, diagnostics);
        if (limited === declarations[i]) continue;
        // Copied from the first declaration that changed on.
        const copy = declarations.slice(0, i);
        copy.push(limited);
        for (let j = i + 1; j < declarations.length; j++) copy.push(limitDepth(declarations[j]!, diagnostics));
        return { ...declaration, declarations: copy };
      }
      return declaration;
    }
    default:
      return declaration;
  }
}

function limitExpressionDepth(expr: ast.Expr, diagnostics: Diagnostic[]): ast.Expr {
  // Measured without recursion (the tree may be the deep thing we are guarding against), on two
  // stacks: the nodes still to visit and their depths. Binary nodes, the most common, are taken apart
  // here without an array of children for each.
  const nodes: ast.Expr[] = [expr];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth > limits.expressionDepth) {
      diagnostics.push(
        error("R0107", `this formula is more than ${limits.expressionDepth} operations deep`, expr.span, {
          hint: "split it into named formulas, or add many parts with sum(pattern.*)",
        }),
      );
      return { kind: "missing", span: expr.span };
    }
    switch (node.kind) {
      case "binary":
      case "compare":
      case "logical":
        nodes.push(node.left, node.right);
        depths.push(depth + 1, depth + 1);
        break;
      default:
        for (const child of children(node)) {
          nodes.push(child);
          depths.push(depth + 1);
        }
    }
  }
  return expr;
}

/**
 * Characters that show as a space or as nothing, which a message cannot show between backticks:
 * named instead, with what to do (text pasted from a PDF or a word processor brings the no-break space).
 */
const SPACE = "replace it with an ordinary space";
const NOTHING = "it shows as nothing: delete it";
const INVISIBLE = new Map<string, { name: string; hint: string }>([
  ["\u00a0", { name: "a no-break space", hint: SPACE }],
  ["\u00ad", { name: "a soft hyphen", hint: NOTHING }],
  ["\u1680", { name: "an ogham space", hint: SPACE }],
  ...[..."\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"].map((c) => [c, { name: "a typographic space", hint: SPACE }] as const),
  ["\u200b", { name: "a zero-width space", hint: NOTHING }],
  ["\u200c", { name: "a zero-width non-joiner", hint: NOTHING }],
  ["\u200d", { name: "a zero-width joiner", hint: NOTHING }],
  ["\u202f", { name: "a narrow no-break space", hint: SPACE }],
  ["\u205f", { name: "a mathematical space", hint: SPACE }],
  ["\u2060", { name: "a word joiner", hint: NOTHING }],
]);

function lexHint(bad: string): string {
  const c = bad[0] ?? "";
  if ("（）".includes(c)) return "use ASCII parentheses ( ) in formulas; full-width ones belong inside quoted citations";
  if (c === "％") return "use an ASCII percent sign %";
  // Text pasted from a PDF or a word processor: full-width digits and signs, a typographic minus.
  const ascii = bad.normalize("NFKC").replace(/\u2212/g, "-");
  if (/^[0-9.,+\-]+$/.test(ascii) && ascii !== bad) {
    const what = c === "\u2212" ? "a typographic minus sign" : /^[０-９]/.test(c) ? "in full-width digits" : "a full-width character";
    const comma = c === "，" ? " (a comma separates thousands, 1,410.20, or arguments, f(a, b))" : "";
    return `\`${bad}\` is ${what}: write \`${ascii}\` instead${comma}`;
  }
  if ("“”".includes(c)) return 'quote labels and citations with ASCII double quotes "…"';
  if (c === "'") return 'strings are written in double quotes: "…"';
  return "this character is not part of the reckon language; put prose inside a quoted string or a // comment";
}

/** Where a token is, or the end of the file for the end-of-input token. */
function tokenOrEnd(file: SourceFile, token: IToken): Span {
  if (token.tokenType.name === "EOF" || Number.isNaN(token.startOffset)) return span(file, file.text.length, file.text.length);
  return span(file, token.startOffset, (token.endOffset ?? token.startOffset) + 1);
}

function parseError(file: SourceFile, e: IRecognitionException, tokens: readonly IToken[]): Diagnostic {
  const token = e.token;
  const where = tokenOrEnd(file, token);
  const atEnd = token.tokenType.name === "EOF" || Number.isNaN(token.startOffset);
  const found = atEnd ? "end of input" : `\`${token.image}\``;
  const rule = e.context?.ruleStack?.at(-1) ?? "";
  const label = e.name === "NotAllInputParsedException" ? "expected an operator such as + - * / before this" : expectationLabel(e);
  // Between declarations or rows (not inside one, whose own error says more), the block left open.
  const unclosed = atEnd && (rule === "sectionDeclaration" || rule === "tableDeclaration") ? unclosedBlock(file, tokens) : undefined;
  if (unclosed) {
    return error("R0102", `unexpected end of input: \`${unclosed.head}\` is never closed`, where, {
      label: "the file ends here",
      related: unclosed.related,
      hint: `add the \`}\` that closes \`${unclosed.head}\`${unclosed.suspect ? `: before line ${unclosed.suspect}, it seems, where a ${unclosed.suspectKind} starts at its indentation` : " where it ends"}`,
    });
  }
  return error("R0102", `unexpected ${found} ${ruleDescription(rule)}`, where, {
    label,
    hint: keywordAsName(token, tokens) ?? unitInTwoWords(token, tokens, file) ?? wordBeforeReason(token, tokens) ?? chainedComparison(token, tokens) ?? arithmeticInFact(token, tokens, e.context?.ruleStack ?? []) ?? parseHint(rule, token.image),
  });
}

const ARITHMETIC = new Set([t.Plus, t.Minus, t.Star, t.Slash, t.LParen]);

/** The magnitudes a unit starts with (万元, 亿元, 千人): written apart from the rest, `65.00万 元`. */
const MAGNITUDES = new Set(["十", "百", "千", "万", "十万", "百万", "千万", "亿"]);

/** `65.00万 元`: a unit cut in two after its magnitude, on one line. A unit is one word. */
function unitInTwoWords(token: IToken, tokens: readonly IToken[], file: SourceFile): string | undefined {
  if (token.tokenType !== t.Identifier) return undefined;
  const magnitude = tokenBefore(tokens, token.startOffset);
  const number = magnitude && tokenBefore(tokens, magnitude.startOffset);
  if (magnitude?.tokenType !== t.Identifier || number?.tokenType !== t.NumberLiteral || !MAGNITUDES.has(magnitude.image)) return undefined;
  if (file.position(number.startOffset).line !== file.position(token.startOffset).line) return undefined;
  return `a unit is one word, without spaces: ${number.image} ${magnitude.image}${token.image}`;
}

/** `known b computes 6 万元 because "…"`: a word between the value and the reason. */
function wordBeforeReason(token: IToken, tokens: readonly IToken[]): string | undefined {
  if (token.tokenType !== t.Identifier || declarationKeywordBefore(tokens, token) !== t.Known) return undefined;
  const next = tokens[firstTokenFrom(tokens, token.startOffset) + 1];
  if (next?.tokenType !== t.StringLiteral) return undefined;
  return 'the reason follows the value directly, with no word between: known NAME computes VALUE "…"';
}

/** Tokens that end the operand on the left of a comparison, walking back. */
const OPERAND_BOUNDS = new Set([t.And, t.Or, t.Not, t.If, t.Then, t.Else, t.Comma, t.Equals, ...DECLARATION_STARTS]);

/** `1 < 2 < 3`: a comparison whose left side is a comparison, at the same depth of parentheses. */
function chainedComparison(token: IToken, tokens: readonly IToken[]): string | undefined {
  if (!tokenMatcher(token, t.ComparisonOperator)) return undefined;
  let depth = 0;
  for (let i = firstTokenFrom(tokens, token.startOffset) - 1, seen = 0; i >= 0 && seen < 256; i--, seen++) {
    const before = tokens[i]!;
    if (before.tokenType === t.RParen) depth++;
    else if (before.tokenType === t.LParen && --depth < 0) return undefined;
    else if (depth === 0 && OPERAND_BOUNDS.has(before.tokenType)) return undefined;
    else if (depth === 0 && tokenMatcher(before, t.ComparisonOperator)) {
      return `comparisons do not chain: join two with and, as in a ${before.image} b and b ${token.image} c`;
    }
  }
  return undefined;
}

/**
 * `fact a = (1 万元`, `fact b = 1 + 2`, `fact c = b * 2`: arithmetic where a fact's value goes. A fact
 * is one number as printed; what is worked out from other figures is a formula.
 */
function arithmeticInFact(token: IToken, tokens: readonly IToken[], ruleStack: readonly string[]): string | undefined {
  const rule = ruleStack.at(-1) ?? "";
  const inValue = ruleStack.includes("factDeclaration") && (rule === "quantity" || rule === "signedQuantity") && (ARITHMETIC.has(token.tokenType) || token.tokenType === t.Identifier);
  const afterValue = (rule === "spec" || rule === "declaration" || rule === "sectionDeclaration") && ARITHMETIC.has(token.tokenType) && declarationKeywordBefore(tokens, token) === t.Fact;
  if (!inValue && !afterValue) return undefined;
  return "a fact is one number as printed (fact a = 1,362.65 万元); a value worked out from other figures is a formula: formula NAME = …";
}

/** The keyword of the declaration a token is in: the nearest one that starts a declaration before it (within 64 tokens). */
function declarationKeywordBefore(tokens: readonly IToken[], token: IToken): TokenType | undefined {
  for (let i = firstTokenFrom(tokens, token.startOffset) - 1, seen = 0; i >= 0 && seen < 64; i--, seen++) {
    if (DECLARATION_STARTS.has(tokens[i]!.tokenType)) return tokens[i]!.tokenType;
  }
  return undefined;
}

/** The keywords followed by the name they declare. */
const NAMING_KEYWORDS = new Set([t.Fact, t.Formula, t.Figure, t.Function, t.Known, t.Section, t.Table, t.Unit, t.Law]);

/** `fact computes = 1`: a keyword where a declaration names what it declares. */
function keywordAsName(token: IToken, tokens: readonly IToken[]): string | undefined {
  if (!t.keywords.includes(token.tokenType)) return undefined;
  const previous = tokenBefore(tokens, token.startOffset);
  if (!previous || !NAMING_KEYWORDS.has(previous.tokenType)) return undefined;
  return `\`${token.image}\` is a keyword of the language and cannot be a name; choose another, or put it in a longer name (\`x.${token.image}\`, \`${token.image}_1\`)`;
}

/**
 * The section or table whose `{` has no `}` when the file ends: since every later `}` closes the
 * innermost block open, the one left open is the outermost one missing its brace. Indentation
 * points to where the `}` was left out: the first `section` or `table` directly inside it that is
 * indented no deeper than the block itself, as if it followed it.
 */
function unclosedBlock(
  file: SourceFile,
  tokens: readonly IToken[],
): { head: string; related: { span: Span; message: string }[]; suspect?: number; suspectKind?: string } | undefined {
  const open: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const type = tokens[i]!.tokenType;
    if (type === t.LBrace) open.push(i);
    else if (type === t.RBrace) open.pop();
  }
  const brace = open[0];
  if (brace === undefined) return undefined;
  // The brace's owner: `section NAME [@ "…"] {` or `table NAME [@ "…"] {`, nothing else between them.
  let keyword = brace - 1;
  while (keyword > 0 && [t.Identifier, t.At, t.StringLiteral].includes(tokens[keyword]!.tokenType)) keyword--;
  const head = tokens[keyword];
  if (!head || (head.tokenType !== t.Section && head.tokenType !== t.Table)) return undefined;
  const name = tokens[keyword + 1];
  const headText = `${head.image}${name && name.tokenType === t.Identifier ? ` ${name.image}` : ""}`;
  const related = [{ span: span(file, head.startOffset, tokens[brace]!.startOffset + 1), message: "opened here, and never closed" }];
  const column = file.position(head.startOffset).column;
  let depth = 0;
  for (let i = brace + 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.tokenType === t.LBrace) depth++;
    else if (token.tokenType === t.RBrace) depth--;
    else if (depth === 0 && (token.tokenType === t.Section || token.tokenType === t.Table) && file.position(token.startOffset).column <= column) {
      related.push({ span: tokenSpan(file, token), message: `indented as if \`${headText}\` ended before it` });
      return { head: headText, related, suspect: file.position(token.startOffset).line, suspectKind: token.image };
    }
  }
  return { head: headText, related };
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
    lawDeclaration: "in a law",
    lawVariable: "in a law's variable",
    sectionDeclaration: "in a section",
    tableDeclaration: "in a table",
    tableRow: "in a table row",
    tableCell: "in a table cell",
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
  if (found === "," && !["call", "functionDeclaration", "lawDeclaration", "lawVariable"].includes(rule))
    return "a comma inside a number separates thousands, in groups of exactly three digits: 1,362.65 or 1362.65, not 9,80.12";
  if (rule === "figureDeclaration") return "a figure reads: figure NAME = FORMULA published VALUE @ \"where it is printed\"";
  if (rule === "factDeclaration") return "a fact reads: fact NAME = VALUE UNIT @ \"where it is printed\"";
  if (rule === "formulaDeclaration") return "a formula reads: formula NAME = FORMULA";
  if (rule === "functionDeclaration") return "a function reads: function NAME(a, b) = FORMULA";
  if (rule === "importDeclaration") return 'an import reads: import "path/to/file.reckon"';
  if (rule === "sectionDeclaration") return "a section reads: section NAME @ \"where it is printed\" { declarations }; check that every `{` has its `}`";
  if (rule === "tableDeclaration" || rule === "tableRow" || rule === "tableCell")
    return "a table reads: table NAME { rows }, each row between | and | on a line of its own; check that every `{` has its `}`";
  if (rule === "lawDeclaration" || rule === "lawVariable") return 'a law reads: law NAME "what it says" for x in LOW .. HIGH : CONDITION';
  if (rule === "spec" || rule === "declaration")
    return "each declaration starts with import, report, unit, fact, formula, figure, function, known, law, section or table";
  if (found === "=") return "compare with `==`; a single `=` only names a declaration";
  return "check for a missing operator, operand or closing parenthesis";
}
