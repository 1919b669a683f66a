import fc from "fast-check";
import type * as ast from "../src/syntax/ast";
import { SourceFile, type Span } from "../src/syntax/source";

/**
 * A grammar-aware generator of reckon syntax trees: every kind of declaration (sections and tables
 * included) and every kind of expression, with names, numbers, units and strings drawn from the
 * corners of the lexical grammar (CJK names, keywords inside longer names, thousands separators,
 * quotes and control characters in strings). Every tree it makes is one the parser can produce, so
 * printing it and parsing the text must give it back.
 */

/** Generated nodes have no source; they all carry this span, which comparisons ignore. */
export const NOWHERE: Span = { file: new SourceFile("<generated>", ""), start: 0, end: 0 };

export const KEYWORDS = [
  "import", "report", "unit", "fact", "formula", "figure", "function", "published", "known", "computes", "section", "table",
  "year", "rounding", "if", "then", "else", "and", "or", "not", "as", "in", "true", "false",
] as const;
const keywordSet = new Set<string>(KEYWORDS);

const asciiSegment = fc.stringMatching(/^[a-z_][a-z0-9_]{0,5}$/).filter((s) => !keywordSet.has(s));
const cjkSegment = fc.constantFrom("收入", "支出", "财政拨款", "合计", "占比", "得分", "本年", "上年", "绩效", "科普经费", "慰问人数", "等级", "完全达到预期");
/** Names that start with or contain a keyword, and other letters. */
const trickySegment = fc.constantFrom("income", "notes", "ifx", "android", "true_value", "as_of", "format", "x1", "_", "Ünïcödé", "αβγ", "ファイル");

const firstSegment = fc.oneof(asciiSegment, cjkSegment, trickySegment);
/** After a dot, a segment may start with a digit or be a keyword (`a.2024`, `a.if`). */
const laterSegment = fc.oneof(firstSegment, fc.stringMatching(/^[0-9]{1,4}$/), fc.constantFrom(...KEYWORDS));

export const identifier: fc.Arbitrary<string> = fc
  .tuple(firstSegment, fc.array(laterSegment, { maxLength: 2 }))
  .map(([first, rest]) => [first, ...rest].join("."));

const wildcard = fc.constantFrom("*", "**");
export const namePattern: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(identifier, wildcard).map(([n, w]) => `${n}.${w}`),
  fc.tuple(wildcard, identifier).map(([w, n]) => `${w}.${n}`),
  fc.tuple(identifier, wildcard, identifier).map(([a, w, b]) => `${a}.${w}.${b}`),
  fc.tuple(identifier, wildcard, wildcard).map(([a, w, v]) => `${a}.${w}.${v}`),
);

/** Strings with quotes, backslashes, line breaks, control and format characters, CJK, emoji, lone surrogates. */
export const text: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    "二、收入决算情况说明",
    "项目支出绩效自评表（科普经费）",
    'say "hi"',
    "back\\slash",
    "line\nbreak",
    "cr\rhere",
    "tab\there",
    "nul\u0000",
    "sep\u2028arator",
    "bom\ufeff",
    "zwj\u200d",
    "😀 emoji",
    "lone \ud800 surrogate",
    "\u3000full-width space",
    "",
  ),
  fc.string({ unit: "binary", maxLength: 8 }),
);

const unitName = fc.oneof(
  fc.constantFrom("万元", "元", "亿元", "人", "人次", "万人次", "月", "小时", "%", "分", "km", "h"),
  identifier,
);

export const unitExpr: fc.Arbitrary<ast.UnitExpr> = fc
  .tuple(unitName, fc.array(unitName, { maxLength: 2 }))
  .map(([first, rest]) => ({
    atoms: [
      { name: first, exponent: 1 as const, span: NOWHERE },
      ...rest.map((name) => ({ name, exponent: -1 as const, span: NOWHERE })),
    ],
    span: NOWHERE,
  }));

const wholeDigits = fc.oneof(
  fc.constant("0"),
  fc.stringMatching(/^[1-9][0-9]{0,3}$/),
  fc.stringMatching(/^[1-9][0-9]{4,14}$/),
);
const fractionDigits = fc.option(fc.stringMatching(/^[0-9]{1,6}$/), { nil: undefined });

/** A number as printed: digits, the decimals it was printed with, and maybe a unit. */
export function numberLiteral(options: { unit?: boolean; signed?: boolean } = {}): fc.Arbitrary<ast.NumberLit> {
  return fc
    .record({
      whole: wholeDigits,
      fraction: fractionDigits,
      unit: options.unit === false ? fc.constant(undefined) : fc.option(unitExpr, { nil: undefined }),
      negative: options.signed ? fc.boolean() : fc.constant(false),
    })
    .map(({ whole, fraction, unit, negative }) => {
      const digits = fraction === undefined ? whole : `${whole}.${fraction}`;
      // A zero's minus sign is kept apart from its value (`-0.00` is 0.00, marked negativeZero).
      const zero = !/[1-9]/.test(digits);
      const value = negative && !zero ? `-${digits}` : digits;
      return { kind: "number" as const, value, decimals: fraction?.length ?? 0, unit, ...(negative && zero ? { negativeZero: true as const } : {}), span: NOWHERE };
    });
}

const name = (n: string): ast.Name => ({ name: n, span: NOWHERE });

/** Every kind of expression, nested a few levels deep. */
export const expression: fc.Arbitrary<ast.Expr> = fc.letrec<{ expr: ast.Expr }>((tie) => {
  const expr = tie("expr");
  const leaf: fc.Arbitrary<ast.Expr> = fc.oneof(
    numberLiteral(),
    identifier.map((n): ast.Expr => ({ kind: "name", name: n, span: NOWHERE })),
    namePattern.map((p): ast.Expr => ({ kind: "pattern", pattern: p, span: NOWHERE })),
    fc.boolean().map((b): ast.Expr => ({ kind: "boolean", value: b, span: NOWHERE })),
  );
  return {
    expr: fc.oneof(
      { maxDepth: 4, depthIdentifier: "expression" },
      leaf,
      fc
        .tuple(identifier, fc.array(expr, { maxLength: 3 }))
        .map(([callee, args]): ast.Expr => ({ kind: "call", callee, calleeSpan: NOWHERE, args, span: NOWHERE })),
      expr.map((operand): ast.Expr => ({ kind: "negate", operand, span: NOWHERE })),
      fc
        .tuple(expr, fc.constantFrom<ast.ArithmeticOperator>("+", "-", "*", "/"), expr)
        .map(([left, operator, right]): ast.Expr => ({ kind: "binary", operator, left, right, operatorSpan: NOWHERE, span: NOWHERE })),
      fc
        .tuple(expr, fc.constantFrom<ast.ComparisonOperator>("==", "!=", "<", "<=", ">", ">="), expr)
        .map(([left, operator, right]): ast.Expr => ({ kind: "compare", operator, left, right, operatorSpan: NOWHERE, span: NOWHERE })),
      fc
        .tuple(expr, fc.constantFrom<"and" | "or">("and", "or"), expr)
        .map(([left, operator, right]): ast.Expr => ({ kind: "logical", operator, left, right, operatorSpan: NOWHERE, span: NOWHERE })),
      expr.map((operand): ast.Expr => ({ kind: "not", operand, span: NOWHERE })),
      fc
        .tuple(expr, expr, expr)
        .map(([condition, consequent, alternative]): ast.Expr => ({ kind: "if", condition, consequent, alternative, span: NOWHERE })),
      fc.tuple(expr, unitExpr).map(([operand, unit]): ast.Expr => ({ kind: "convert", operand, unit, span: NOWHERE })),
    ),
  };
}).expr;

const citation = fc.option(
  text.map((t): ast.Citation => ({ text: t, span: NOWHERE })),
  { nil: undefined },
);
const roundingName = fc.option(
  fc.oneof(fc.constantFrom("half_up", "half_even", "down"), identifier).map(name),
  { nil: undefined },
);

const tableCell: fc.Arbitrary<ast.TableCell> = fc.oneof(
  fc
    .tuple(identifier, fc.option(text, { nil: undefined }))
    .map(([n, label]): ast.TableCell => ({ kind: "name", name: n, label, span: NOWHERE })),
  text.map((t): ast.TableCell => ({ kind: "text", text: t, span: NOWHERE })),
  fc.constant<ast.TableCell>({ kind: "empty", span: NOWHERE }),
  fc
    .tuple(fc.option(fc.constantFrom<ast.TableComparison>(">=", "<=", ">", "<", "=", "==", "!="), { nil: undefined }), numberLiteral({ signed: true }), fc.boolean())
    .map(([comparison, value, exact]): ast.TableCell => ({ kind: "quantity", comparison, value, ...(exact ? { exact: true as const } : {}), span: NOWHERE })),
);
const tableRow: fc.Arbitrary<ast.TableRow> = fc.array(tableCell, { minLength: 1, maxLength: 6 }).map((cells) => ({ cells, span: NOWHERE }));

/** One declaration of any kind; sections nest up to `depth` deep. */
export function declaration(depth = 2): fc.Arbitrary<ast.Declaration> {
  const simple: fc.Arbitrary<ast.Declaration>[] = [
    text.map((path): ast.Declaration => ({ kind: "import", path, pathSpan: NOWHERE, span: NOWHERE })),
    fc
      .record({
        title: text,
        year: fc.option(fc.stringMatching(/^[1-9][0-9]{3}$/), { nil: undefined }),
        rounding: roundingName,
      })
      .map(({ title, year, rounding }): ast.Declaration => ({
        kind: "report",
        title,
        year: year === undefined ? undefined : { kind: "number", value: year, decimals: 0, span: NOWHERE },
        rounding,
        span: NOWHERE,
      })),
    fc
      .tuple(identifier, fc.option(numberLiteral(), { nil: undefined }))
      .map(([n, definition]): ast.Declaration => ({ kind: "unit", name: name(n), definition, span: NOWHERE })),
    fc
      .tuple(identifier, fc.oneof(numberLiteral({ signed: true }).map((value) => ({ value })), unitExpr.map((unit) => ({ unit }))), fc.boolean(), citation)
      .map(([n, content, exact, c]): ast.Declaration => ({ kind: "fact", name: name(n), ...content, ...(exact ? { exact: true as const } : {}), citation: c, span: NOWHERE })),
    fc.tuple(identifier, expression).map(([n, body]): ast.Declaration => ({ kind: "formula", name: name(n), body, span: NOWHERE })),
    fc
      .tuple(identifier, expression, numberLiteral({ signed: true }), roundingName, citation)
      .map(([n, body, value, rounding, c]): ast.Declaration => ({
        kind: "formula",
        name: name(n),
        body,
        published: { value, rounding, citation: c },
        span: NOWHERE,
      })),
    fc
      .tuple(identifier, fc.array(identifier, { maxLength: 3 }), expression)
      .map(([n, parameters, body]): ast.Declaration => ({ kind: "function", name: name(n), parameters: parameters.map(name), body, span: NOWHERE })),
    fc
      .tuple(identifier, fc.option(numberLiteral({ signed: true }), { nil: undefined }), text)
      .map(([n, computes, reason]): ast.Declaration => ({ kind: "known", name: name(n), ...(computes ? { computes } : {}), reason: { text: reason, span: NOWHERE }, span: NOWHERE })),
    fc
      .tuple(identifier, citation, tableRow, fc.array(tableRow, { maxLength: 4 }))
      .map(([n, c, header, rows]): ast.Declaration => ({ kind: "table", name: name(n), citation: c, header, rows, span: NOWHERE })),
  ];
  if (depth <= 0) return fc.oneof(...simple);
  const section = fc
    .tuple(identifier, citation, fc.array(declaration(depth - 1), { maxLength: 4 }))
    .map(([n, c, declarations]): ast.Declaration => ({ kind: "section", name: name(n), citation: c, declarations, span: NOWHERE }));
  return fc.oneof(...simple, section);
}

/** A whole spec file (without comments). */
export const specFile: fc.Arbitrary<ast.SpecFile> = fc
  .array(declaration(), { maxLength: 6 })
  .map((declarations) => ({ declarations, comments: [], span: NOWHERE }));

const SPAN_KEYS = new Set(["span", "pathSpan", "calleeSpan", "operatorSpan"]);

/** A syntax tree without spans and without fields that are undefined: what two parses must share. */
export function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined || SPAN_KEYS.has(key)) continue;
      out[key] = shape(child);
    }
    return out;
  }
  return value;
}
