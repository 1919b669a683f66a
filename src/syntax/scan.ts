import type { IToken, TokenType } from "chevrotain";
import * as t from "./tokens";

/**
 * The lexer: text → the tokens of `tokens.ts`, as chevrotain's parser takes them.
 *
 * It reads exactly what a chevrotain `Lexer` over `allTokens` reads (test/scan.test.ts compares the
 * two on the real specs and on generated text), but chooses the token by its first character instead
 * of trying every token type in turn: chevrotain cannot index tokens whose patterns start with
 * `\p{L}`, so its lexer tried all 50 patterns at each offset, half the time of parsing a spec, and
 * building it cost 50 ms at every start of the command line.
 */
export interface Scanned {
  /** The tokens the parser reads, in order. */
  readonly tokens: IToken[];
  /** `// …` comments, in order (the formatter keeps them). */
  readonly comments: IToken[];
  /** Runs of characters that start no token: [offset, offset + length). */
  readonly errors: { offset: number; length: number }[];
}

export function scan(text: string): Scanned {
  const tokens: IToken[] = [];
  const comments: IToken[] = [];
  const errors: { offset: number; length: number }[] = [];
  let offset = 0;
  let errorStart = -1;
  while (offset < text.length) {
    const type = tokenAt(text, offset);
    if (type === undefined) {
      if (errorStart < 0) errorStart = offset;
      offset++;
      continue;
    }
    if (errorStart >= 0) {
      errors.push({ offset: errorStart, length: offset - errorStart });
      errorStart = -1;
    }
    if (type !== t.WhiteSpace) {
      // A keyword or an operator of two characters has one image: no copy of it per token.
      const token = makeToken(type, fixedImages[type.tokenTypeIdx!] ?? text.slice(offset, offset + matchedLength), offset);
      (type === t.Comment ? comments : tokens).push(token);
    }
    offset += matchedLength;
  }
  if (errorStart >= 0) errors.push({ offset: errorStart, length: offset - errorStart });
  return { tokens, comments, errors };
}

/** The length of the token `tokenAt` found last (saves allocating a pair per token). */
let matchedLength = 0;

function found(type: TokenType, length: number): TokenType {
  matchedLength = length;
  return type;
}

/** The type of the token starting at an offset (its length in `matchedLength`), or undefined if no token starts there. */
function tokenAt(text: string, offset: number): TokenType | undefined {
  const c = text.charCodeAt(offset);
  const next = text.charCodeAt(offset + 1);
  switch (c) {
    case 0x20: // space
    case 0x09: // tab
    case 0x0d: // carriage return
    case 0x0a: // line feed
    case 0x3000: // ideographic space
    case 0xfeff: // byte order mark
      return found(t.WhiteSpace, whiteSpaceLength(text, offset));
    case 0x2f: // /
      return next === 0x2f ? found(t.Comment, match(commentPattern, text, offset)) : found(t.Slash, 1);
    case 0x22: {
      // "
      const closed = match(stringPattern, text, offset);
      return closed > 0 ? found(t.StringLiteral, closed) : found(t.UnterminatedString, match(unterminatedStringPattern, text, offset));
    }
    case 0x2a: {
      // *: a leading wildcard (`*.得分`) or multiplication
      const pattern = namePatternLength(text, offset, 0);
      return pattern > 0 ? found(t.NamePattern, pattern) : found(t.Star, 1);
    }
    case 0x3d: // =
      return next === 0x3d ? found(t.EqualEqual, 2) : found(t.Equals, 1);
    case 0x21: // !
      return next === 0x3d ? found(t.NotEqual, 2) : undefined;
    case 0x3c: // <
      return next === 0x3d ? found(t.LessEqual, 2) : found(t.Less, 1);
    case 0x3e: // >
      return next === 0x3d ? found(t.GreaterEqual, 2) : found(t.Greater, 1);
    case 0x2e: // .
      return next === 0x2e ? found(t.DotDot, 2) : undefined;
    case 0x2b:
      return found(t.Plus, 1);
    case 0x2d:
      return found(t.Minus, 1);
    case 0x25:
      return found(t.Percent, 1);
    case 0x40:
      return found(t.At, 1);
    case 0x2c:
      return found(t.Comma, 1);
    case 0x28:
      return found(t.LParen, 1);
    case 0x29:
      return found(t.RParen, 1);
    case 0x3a:
      return found(t.Colon, 1);
    case 0x7b:
      return found(t.LBrace, 1);
    case 0x7d:
      return found(t.RBrace, 1);
    case 0x7c:
      return found(t.Pipe, 1);
  }
  if (c >= 0x30 && c <= 0x39) return found(t.NumberLiteral, match(numberPattern, text, offset));
  return nameAt(text, offset);
}

/**
 * A name, a name pattern or a keyword. A keyword is only a keyword when the whole name is that word
 * (`in` is a keyword, `income` and `in.*` are names), as chevrotain's `longer_alt` decides.
 */
function nameAt(text: string, offset: number): TokenType | undefined {
  const name = identifierLength(text, offset);
  if (name === 0) return undefined;
  // A pattern is a name followed by `.*` (the name's segments cannot hold a `*`, so the longest name
  // is the pattern's prefix): only then is the slower pattern worth trying.
  if (text.charCodeAt(offset + name) === 0x2e && text.charCodeAt(offset + name + 1) === 0x2a) {
    return found(t.NamePattern, namePatternLength(text, offset, name));
  }
  // Keywords are ASCII words: a name that starts with any other character is not one.
  if (name <= longestKeyword && text.charCodeAt(offset) < 0x80) {
    const keyword = keywords.get(text.slice(offset, offset + name));
    if (keyword !== undefined) return found(keyword, name);
  }
  return found(t.Identifier, name);
}

/** The length of the run of white space at an offset (the WhiteSpace pattern, character by character). */
function whiteSpaceLength(text: string, offset: number): number {
  let i = offset;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x3000 || c === 0xfeff) i++;
    else return i - offset;
  }
}

/**
 * The length of the name at an offset (0 if none starts there): what the Identifier pattern
 * matches. Most names are made of ASCII letters and digits and of CJK ideographs, which are read
 * here character by character; at any other character that could be part of a name (é, Ⅻ, 𠀀, …)
 * the pattern itself decides, from the start of the name.
 */
function identifierLength(text: string, offset: number): number {
  let c = text.charCodeAt(offset);
  if (!isCommonNameCharacter(c) || isDigit(c)) return c < 0x80 ? 0 : match(identifierPattern, text, offset);
  let i = offset;
  for (;;) {
    c = text.charCodeAt(++i);
    if (isCommonNameCharacter(c)) continue;
    if (c === 0x2e) {
      // A dot goes on with the name only when a segment follows it.
      const after = text.charCodeAt(i + 1);
      if (isCommonNameCharacter(after)) {
        i++;
        continue;
      }
      return after >= 0x80 ? match(identifierPattern, text, offset) : i - offset;
    }
    return c >= 0x80 ? match(identifierPattern, text, offset) : i - offset;
  }
}

/**
 * The length of the name pattern at an offset (0 if none starts there): what the NamePattern
 * pattern matches, read like names. `name` is the length of the name it starts with, which the
 * caller has seen followed by `.*`; 0 for a pattern that starts with a wildcard (`*.得分`, `**.合计`),
 * which must be followed by a dot.
 */
function namePatternLength(text: string, offset: number, name: number): number {
  let i = offset + name;
  if (name === 0) {
    // `*` or `**`, then a dot (`**x` and `***.` are not patterns).
    i += text.charCodeAt(i + 1) === 0x2a ? 2 : 1;
    if (text.charCodeAt(i) !== 0x2e) return 0;
  } else {
    i += text.charCodeAt(i + 2) === 0x2a ? 3 : 2;
  }
  // Then any number of `.segment`, `.*` or `.**`.
  while (text.charCodeAt(i) === 0x2e) {
    const c = text.charCodeAt(i + 1);
    if (c === 0x2a) {
      i += text.charCodeAt(i + 2) === 0x2a ? 3 : 2;
    } else if (isCommonNameCharacter(c)) {
      i += 2;
      while (isCommonNameCharacter(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) >= 0x80) return match(namePatternPattern, text, offset);
    } else {
      if (c >= 0x80) return match(namePatternPattern, text, offset);
      break;
    }
  }
  return i - offset;
}

/** ASCII letters, digits and _, and the CJK Unified Ideographs (U+4E00–U+9FFF, every one a letter: test/scan.test.ts checks). */
export function isCommonNameCharacter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || isDigit(c) || c === 0x5f || (c >= 0x4e00 && c <= 0x9fff);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

const keywords = new Map<string, TokenType>(t.keywords.map((k) => [(k.PATTERN as RegExp).source, k]));
const longestKeyword = Math.max(...[...keywords.keys()].map((word) => word.length));
/** The image of each token type that has only one, by token type index. */
const fixedImages: (string | undefined)[] = [];
for (const [word, type] of keywords) fixedImages[type.tokenTypeIdx!] = word;
for (const [type, image] of [[t.EqualEqual, "=="], [t.NotEqual, "!="], [t.LessEqual, "<="], [t.GreaterEqual, ">="], [t.DotDot, ".."]] as const) {
  fixedImages[type.tokenTypeIdx!] = image;
}
const commentPattern = t.stickyPattern(t.Comment);
const namePatternPattern = t.stickyPattern(t.NamePattern);
const identifierPattern = t.stickyPattern(t.Identifier);
const numberPattern = t.stickyPattern(t.NumberLiteral);
const stringPattern = t.stickyPattern(t.StringLiteral);
const unterminatedStringPattern = t.stickyPattern(t.UnterminatedString);

/** The length of a sticky pattern's match at an offset (0 if it does not match). */
function match(pattern: RegExp, text: string, offset: number): number {
  pattern.lastIndex = offset;
  return pattern.test(text) ? pattern.lastIndex - offset : 0;
}

/** A token as chevrotain's parser reads it; lines and columns are left out (diagnostics work them out from offsets). */
function makeToken(tokenType: TokenType, image: string, startOffset: number): IToken {
  return {
    image,
    startOffset,
    endOffset: startOffset + image.length - 1,
    tokenTypeIdx: tokenType.tokenTypeIdx!,
    tokenType,
  };
}

/** The index of the first token that starts at or after an offset (tokens.length if none does), by binary search. */
export function firstTokenFrom(tokens: readonly IToken[], offset: number): number {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (tokens[middle]!.startOffset < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The last token that starts before an offset. */
export function tokenBefore(tokens: readonly IToken[], offset: number): IToken | undefined {
  const index = firstTokenFrom(tokens, offset);
  return index > 0 ? tokens[index - 1] : undefined;
}
