import { readFileSync } from "node:fs";
import path from "node:path";
import { Lexer } from "chevrotain";
import { describe, expect, it } from "vitest";
import { generateGrammarFiles, grammarAsEbnf, REGENERATE_COMMAND, repoRoot } from "../scripts/generate-grammar";
import { builtins } from "../src/semantics/builtins";
import { allTokens } from "../src/syntax/tokens";

const read = (file: string) => readFileSync(path.join(repoRoot, file), "utf8");

describe("generated grammar files", () => {
  // One generation for all the comparisons below: it is the slow part (a few milliseconds).
  const generated = generateGrammarFiles();

  it.each(generated.map((file) => [file.path, file] as const))("%s matches the parser", (file, { content }) => {
    let onDisk: string | undefined;
    try {
      onDisk = read(file);
    } catch {
      onDisk = undefined;
    }
    // A plain boolean with a message: a diff of 60 kB of HTML would bury the instruction.
    expect(
      onDisk === content,
      onDisk === undefined
        ? `${file} is missing; run \`${REGENERATE_COMMAND}\``
        : `${file} is out of date with src/syntax/parser.ts; run \`${REGENERATE_COMMAND}\` and commit the result`,
    ).toBe(true);
  });

  it("generates the same bytes every time", () => {
    expect(generateGrammarFiles()).toEqual(generated);
  });

  it("makes diagrams.html self-contained (no network needed to view it)", () => {
    const html = generated.find((f) => f.path === "grammar/diagrams.html")!.content;
    expect(html).not.toMatch(/<(?:script|link|img)\b[^>]*\b(?:src|href)\s*=/i);
    expect(html).toContain("drawDiagramsFromSerializedGrammar");
    expect(html).toContain("railroad");
  });
});

/**
 * The rules of the EBNF blocks of grammar/reckon.md, by name: each `name ::=` up to the next rule,
 * with comments dropped and whitespace collapsed.
 */
function documentedRules(markdown: string): [string, string][] {
  const blocks = [...markdown.matchAll(/```ebnf\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((block) =>
    block
      .split(/^(?=[A-Za-z][A-Za-z0-9]*\s*::=)/m)
      .map((text) => /^([A-Za-z][A-Za-z0-9]*)\s*::=([\s\S]*)$/.exec(text))
      .filter((m) => m !== null)
      .map((m) => [m[1]!, m[2]!.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/\s+/g, " ").trim()] as [string, string]),
  );
}

describe("grammar/reckon.md", () => {
  const parserRules = grammarAsEbnf();
  const tokenNames = new Set(allTokens.map((t) => t.name));
  // Token categories (ComparisonOperator …) are defined there too; only the parser rules are compared.
  const documented = documentedRules(read("grammar/reckon.md")).filter(([name]) => !tokenNames.has(name));

  it("defines every parser rule once, with the parser's names, and no other rule", () => {
    const names = documented.map(([name]) => name);
    expect(new Set(names).size, "a rule is defined twice in grammar/reckon.md").toBe(names.length);
    expect(names.sort(), "grammar/reckon.md must define exactly the rules of src/syntax/parser.ts; update its EBNF").toEqual(
      [...parserRules.keys()].sort(),
    );
  });

  it("gives every rule the parser's definition", () => {
    for (const [name, body] of documented) {
      const actual = parserRules.get(name);
      if (actual === undefined) continue;
      expect(
        body,
        `grammar/reckon.md defines \`${name}\` differently from src/syntax/parser.ts; ` +
          "`npx tsx scripts/generate-grammar.ts --ebnf` prints the parser's rules",
      ).toBe(actual);
    }
  });
});

// -----------------------------------------------------------------------------------------------
// The TextMate grammar

interface Rule {
  readonly name?: string;
  readonly match?: string;
  readonly begin?: string;
  readonly end?: string;
  readonly include?: string;
  readonly captures?: Record<string, { name?: string }>;
  readonly patterns?: Rule[];
}

interface TmGrammar {
  readonly scopeName: string;
  readonly fileTypes: string[];
  readonly patterns: Rule[];
  readonly repository: Record<string, Rule>;
}

const tmGrammar = JSON.parse(read("grammar/reckon.tmLanguage.json")) as TmGrammar;

/**
 * Oniguruma (what editors run) and JavaScript agree on the regex features this grammar uses:
 * classes with \p{…}, fixed-length lookbehind, lookahead. The `u` flag gives \p{…} its meaning.
 */
const compile = (source: string) => new RegExp(source, "dgu");

/** The top-level rules in order, with `include`s expanded (the order TextMate tries them in). */
function flatten(rules: readonly Rule[]): Rule[] {
  return rules.flatMap((rule) => {
    if (rule.include) return flatten([tmGrammar.repository[rule.include.replace(/^#/, "")]!]);
    if (rule.patterns && !rule.begin) return flatten(rule.patterns);
    return [rule];
  });
}

/**
 * A small TextMate tokenizer for one line: at each position the rule whose match starts first
 * wins, earlier rules winning ties. Returns `[text, scope]` pairs for the scoped pieces.
 */
function highlight(line: string): [string, string][] {
  const rules = flatten(tmGrammar.patterns);
  const pieces: [string, string][] = [];
  let position = 0;
  while (position < line.length) {
    let best: { rule: Rule; match: RegExpExecArray } | undefined;
    for (const rule of rules) {
      const found = compile(rule.match ?? rule.begin!);
      found.lastIndex = position;
      const match = found.exec(line);
      if (match && match[0].length > 0 && (!best || match.index < best.match.index)) best = { rule, match };
    }
    if (!best) break;
    const { rule, match } = best;
    let end = match.index + match[0].length;
    if (rule.begin) {
      const close = compile(rule.end!);
      close.lastIndex = end;
      const closing = close.exec(line);
      end = closing ? closing.index + closing[0].length : line.length;
      pieces.push([line.slice(match.index, end), rule.name!]);
    } else if (rule.name) {
      pieces.push([match[0], rule.name]);
    } else {
      for (const [group, capture] of Object.entries(rule.captures ?? {})) {
        const at = match.indices?.[Number(group)];
        if (at && capture.name) pieces.push([line.slice(at[0], at[1]), capture.name]);
      }
    }
    position = end;
  }
  return pieces;
}

/** The tokens matched by a fixed word, such as `import` or `then`. */
const keywordTokens = allTokens.filter(
  (token) => token.PATTERN instanceof RegExp && token.PATTERN !== Lexer.NA && /^[a-z_]+$/i.test(token.PATTERN.source),
);

describe("grammar/reckon.tmLanguage.json", () => {
  it("is a TextMate grammar for .reckon files whose every regex compiles", () => {
    expect(tmGrammar.scopeName).toBe("source.reckon");
    expect(tmGrammar.fileTypes).toContain("reckon");
    const sources: string[] = [];
    const collect = (rule: Rule) => {
      for (const source of [rule.match, rule.begin, rule.end]) if (source !== undefined) sources.push(source);
      rule.patterns?.forEach(collect);
    };
    tmGrammar.patterns.forEach(collect);
    Object.values(tmGrammar.repository).forEach(collect);
    for (const rule of flatten(tmGrammar.patterns)) expect(rule.match ?? rule.begin, JSON.stringify(rule)).toBeDefined();
    expect(sources.length).toBeGreaterThan(10);
    for (const source of sources) expect(() => compile(source), source).not.toThrow();
  });

  it("highlights every keyword token of src/syntax/tokens.ts as a keyword", () => {
    expect(keywordTokens.length).toBeGreaterThan(15);
    const keywordRules = flatten([tmGrammar.repository.keywords!]);
    for (const token of keywordTokens) {
      const word = (token.PATTERN as RegExp).source;
      const matched = keywordRules.some((rule) => compile(`^(?:${rule.match})$`).test(word));
      expect(matched, `keyword \`${word}\` (token ${token.name}) is missing from the keywords of grammar/reckon.tmLanguage.json`).toBe(true);
    }
  });

  it("highlights every built-in function", () => {
    for (const name of builtins.keys()) {
      expect(highlight(`${name}(x)`)[0], `built-in \`${name}\` is missing from grammar/reckon.tmLanguage.json`).toEqual([
        name,
        "support.function.builtin.reckon",
      ]);
    }
  });

  it("does not take a name that merely contains a keyword for a keyword", () => {
    expect(highlight("notes + a.if + if2 + 收入if")).toEqual([
      ["notes", "variable.other.reckon"],
      ["+", "keyword.operator.arithmetic.reckon"],
      ["a.if", "variable.other.reckon"],
      ["+", "keyword.operator.arithmetic.reckon"],
      ["if2", "variable.other.reckon"],
      ["+", "keyword.operator.arithmetic.reckon"],
      ["收入if", "variable.other.reckon"],
    ]);
  });

  it("highlights a fact: name, number with thousands separators and decimals, unit, citation", () => {
    expect(highlight('fact 收入.财政拨款 = 1,362.65 万元 @ "二、收入决算情况说明" // 财政拨款')).toEqual([
      ["fact", "keyword.other.declaration.reckon"],
      ["收入.财政拨款", "entity.name.variable.reckon"],
      ["=", "keyword.operator.assignment.reckon"],
      ["1,362.65", "constant.numeric.decimal.reckon"],
      ["万元", "keyword.other.unit.reckon"],
      ["@", "keyword.other.citation.reckon"],
      ['"二、收入决算情况说明"', "string.quoted.double.reckon"],
      ["// 财政拨款", "comment.line.double-slash.reckon"],
    ]);
  });

  it("highlights a fact declared with its unit and without a value", () => {
    expect(highlight("fact 收入.财政拨款 in 万元/人")).toEqual([
      ["fact", "keyword.other.declaration.reckon"],
      ["收入.财政拨款", "entity.name.variable.reckon"],
      ["in", "keyword.other.clause.reckon"],
      ["万元/人", "keyword.other.unit.reckon"],
    ]);
  });

  it("highlights compound units, percentages, patterns, calls and conversions", () => {
    expect(highlight("figure 月均 = sum(绩效.*.得分) * 2716.67 元/人/月 as 万元/人 published 0.0007%")).toEqual([
      ["figure", "keyword.other.declaration.reckon"],
      ["月均", "entity.name.variable.reckon"],
      ["=", "keyword.operator.assignment.reckon"],
      ["sum", "support.function.builtin.reckon"],
      ["(", "punctuation.section.parens.begin.reckon"],
      ["绩效.*.得分", "variable.other.name-pattern.reckon"],
      [")", "punctuation.section.parens.end.reckon"],
      ["*", "keyword.operator.arithmetic.reckon"],
      ["2716.67", "constant.numeric.decimal.reckon"],
      ["元/人/月", "keyword.other.unit.reckon"],
      ["as", "keyword.operator.conversion.reckon"],
      ["万元/人", "keyword.other.unit.reckon"],
      ["published", "keyword.other.clause.reckon"],
      ["0.0007", "constant.numeric.decimal.reckon"],
      ["%", "keyword.other.unit.reckon"],
    ]);
  });

  it("does not take a keyword after a number for its unit", () => {
    expect(highlight('report "x" year 2024 rounding half_up')).toEqual([
      ["report", "keyword.other.declaration.reckon"],
      ['"x"', "string.quoted.double.reckon"],
      ["year", "keyword.other.clause.reckon"],
      ["2024", "constant.numeric.decimal.reckon"],
      ["rounding", "keyword.other.clause.reckon"],
      ["half_up", "constant.language.rounding-mode.reckon"],
    ]);
    expect(highlight("if a > 0 then 1 else 0").map(([text, scope]) => `${text}:${scope.split(".")[0]}`)).toEqual([
      "if:keyword",
      "a:variable",
      ">:keyword",
      "0:constant",
      "then:keyword",
      "1:constant",
      "else:keyword",
      "0:constant",
    ]);
  });

  it("highlights function declarations and calls of user functions", () => {
    expect(highlight("function share(part, whole) = part / whole").slice(0, 3)).toEqual([
      ["function", "keyword.other.declaration.reckon"],
      ["share", "entity.name.function.reckon"],
      ["(", "punctuation.section.parens.begin.reckon"],
    ]);
    expect(highlight("share(a, b)")[0]).toEqual(["share", "entity.name.function.call.reckon"]);
  });
});

describe("the parser's grammar", () => {
  it("passes chevrotain's own checks (the shared parser skips them at start-up)", async () => {
    const { ReckonParser } = await import("../src/syntax/parser");
    expect(() => new ReckonParser({ validate: true })).not.toThrow();
  });
});
