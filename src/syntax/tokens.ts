import { createToken, Lexer, type TokenType } from "chevrotain";

/**
 * The tokens of the reckon language.
 *
 * Names are Unicode: `收入.财政拨款` and `income.fiscal` are both one Identifier (a dotted path is one
 * name; the dots group figures, they are not member access). Numbers are written as reports print
 * them, with thousands separators: `1,362.65`.
 */

/** Matches a sticky, Unicode-aware regular expression at an offset (chevrotain cannot analyse \p{…}). */
function unicodePattern(source: string) {
  const re = new RegExp(source, "uy");
  return {
    exec(text: string, offset: number): RegExpExecArray | null {
      re.lastIndex = offset;
      return re.exec(text);
    },
  };
}

const segment = String.raw`[\p{L}\p{N}_]+`;
const firstSegment = String.raw`[\p{L}_][\p{L}\p{N}_]*`;
const namePatternSource = `(?:${firstSegment}(?:\\.${segment})*\\.\\*\\*?|\\*\\*?(?=\\.))(?:\\.(?:${segment}|\\*\\*?))*`;
const identifierSource = `${firstSegment}(?:\\.${segment})*`;

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\u3000\uFEFF]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: "Comment", pattern: /\/\/[^\n\r]*/, group: "comments" });

/**
 * A name with at least one wildcard segment: `支出.功能分类.*`, `绩效.**`, or `*.得分` (a leading
 * wildcard needs the dot right after it, so `a * b` stays a multiplication).
 */
export const NamePattern = createToken({
  name: "NamePattern",
  pattern: unicodePattern(namePatternSource),
  line_breaks: false,
});
export const Identifier = createToken({
  name: "Identifier",
  pattern: unicodePattern(identifierSource),
  line_breaks: false,
});
const unicodeSources = new Map<TokenType, string>([
  [NamePattern, namePatternSource],
  [Identifier, identifierSource],
]);

/** The keywords, in the order of `allTokens`. */
export const keywords: TokenType[] = [];

function keyword(word: string): TokenType {
  // A keyword at the start of a longer name (`income`, `income.*`) is that name, not the keyword.
  const token = createToken({ name: word[0]!.toUpperCase() + word.slice(1), pattern: new RegExp(word), longer_alt: [NamePattern, Identifier] });
  keywords.push(token);
  return token;
}

export const Import = keyword("import");
export const Report = keyword("report");
export const Unit = keyword("unit");
export const Fact = keyword("fact");
export const Formula = keyword("formula");
export const Figure = keyword("figure");
export const Function = keyword("function");
export const Published = keyword("published");
export const Known = keyword("known");
export const Computes = keyword("computes");
export const Law = keyword("law");
export const For = keyword("for");
export const Section = keyword("section");
export const Table = keyword("table");
export const Year = keyword("year");
export const Rounding = keyword("rounding");
export const Exact = keyword("exact");
export const If = keyword("if");
export const Then = keyword("then");
export const Else = keyword("else");
export const And = keyword("and");
export const Or = keyword("or");
export const Not = keyword("not");
export const As = keyword("as");
export const In = keyword("in");
export const True = keyword("true");
export const False = keyword("false");

/** `1,362.65`, `0.0007`, `12`: digits with optional thousands separators and decimals. */
export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?/,
});
export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: /"(?:[^"\\\n\r]|\\.)*"/,
});
/**
 * A string missing its closing quote, to the end of the line: taken as one token so that the lexer
 * never retries from every character of the line (which would take quadratic time), and reported.
 */
export const UnterminatedString = createToken({
  name: "UnterminatedString",
  pattern: /"(?:[^"\\\n\r]|\\.)*\\?/,
});

export const ComparisonOperator = createToken({ name: "ComparisonOperator", pattern: Lexer.NA });
export const EqualEqual = createToken({ name: "EqualEqual", pattern: /==/, categories: ComparisonOperator });
export const NotEqual = createToken({ name: "NotEqual", pattern: /!=/, categories: ComparisonOperator });
export const LessEqual = createToken({ name: "LessEqual", pattern: /<=/, categories: ComparisonOperator });
export const GreaterEqual = createToken({ name: "GreaterEqual", pattern: />=/, categories: ComparisonOperator });
export const Less = createToken({ name: "Less", pattern: /</, categories: ComparisonOperator });
export const Greater = createToken({ name: "Greater", pattern: />/, categories: ComparisonOperator });

export const AdditiveOperator = createToken({ name: "AdditiveOperator", pattern: Lexer.NA });
export const Plus = createToken({ name: "Plus", pattern: /\+/, categories: AdditiveOperator });
export const Minus = createToken({ name: "Minus", pattern: /-/, categories: AdditiveOperator });
export const MultiplicativeOperator = createToken({ name: "MultiplicativeOperator", pattern: Lexer.NA });
export const Star = createToken({ name: "Star", pattern: /\*/, categories: MultiplicativeOperator });
export const Slash = createToken({ name: "Slash", pattern: /\//, categories: MultiplicativeOperator });

export const Equals = createToken({ name: "Equals", pattern: /=/ });
export const Percent = createToken({ name: "Percent", pattern: /%/ });
export const At = createToken({ name: "At", pattern: /@/ });
export const Comma = createToken({ name: "Comma", pattern: /,/ });
export const LParen = createToken({ name: "LParen", pattern: /\(/ });
export const DotDot = createToken({ name: "DotDot", pattern: /\.\./ });
export const Colon = createToken({ name: "Colon", pattern: /:/ });
export const LBrace = createToken({ name: "LBrace", pattern: /\{/ });
export const RBrace = createToken({ name: "RBrace", pattern: /\}/ });
export const Pipe = createToken({ name: "Pipe", pattern: /\|/ });
export const RParen = createToken({ name: "RParen", pattern: /\)/ });

/**
 * Every token, in the order a chevrotain lexer would try them (keywords before names, `==` before
 * `=`): the order that defines what the text means. `scan.ts` reaches the same tokens by looking at
 * the first character, and test/scan.test.ts checks it against a chevrotain `Lexer` over this list.
 */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  Import,
  Report,
  Unit,
  Fact,
  Formula,
  Figure,
  Function,
  Published,
  Known,
  Computes,
  Law,
  For,
  Section,
  Table,
  Year,
  Rounding,
  Exact,
  If,
  Then,
  Else,
  And,
  Or,
  Not,
  As,
  In,
  True,
  False,
  NamePattern,
  Identifier,
  NumberLiteral,
  StringLiteral,
  UnterminatedString,
  ComparisonOperator,
  EqualEqual,
  NotEqual,
  LessEqual,
  GreaterEqual,
  Less,
  Greater,
  Equals,
  AdditiveOperator,
  Plus,
  Minus,
  MultiplicativeOperator,
  Star,
  Slash,
  Percent,
  At,
  Comma,
  LParen,
  RParen,
  DotDot,
  Colon,
  LBrace,
  RBrace,
  Pipe,
];

/**
 * The sticky regular expression of a token's pattern, for the lexer (`scan.ts`) to match at an offset.
 * The token types keep their patterns for chevrotain's grammar tools and for the test that checks the
 * lexer against a chevrotain `Lexer` built from `allTokens`.
 */
export function stickyPattern(token: TokenType): RegExp {
  const pattern = token.PATTERN;
  if (pattern instanceof RegExp) return new RegExp(pattern.source, `${pattern.flags}y`);
  const source = unicodeSources.get(token);
  if (source === undefined) throw new Error(`token ${token.name} has no regular expression`);
  return new RegExp(source, "uy");
}
