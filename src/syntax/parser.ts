import { CstParser, type CstNode, type IRecognitionException, type IToken } from "chevrotain";
import { limits } from "../limits";
import * as t from "./tokens";

/**
 * The grammar of reckon, as a chevrotain CstParser with no semantics inside the rules: it only
 * builds a concrete syntax tree, which `build-ast.ts` turns into typed AST nodes. The readable
 * form of this grammar is `grammar/reckon.md`; the railroad diagrams are generated from here.
 *
 * Declarations all start with a keyword, which lets the parser recover after an error at the next
 * declaration and report several errors in one run. Only declarations, sections and tables recover
 * ("re-sync") that way; an error inside an expression abandons the rest of its declaration. That
 * gives one error per broken declaration instead of a cascade, and keeps recovery linear: chevrotain
 * re-syncs by scanning the follow sets of every rule on the stack, so letting each of the ten rules
 * per level of a deep expression try it would cost time quadratic in the depth.
 */
export class ReckonParser extends CstParser {
  /**
   * `validate` runs chevrotain's grammar checks (ambiguities, left recursion …). They cost about 30 ms
   * at every start of the CLI and the grammar never changes at run time, so the shared parser skips
   * them and a test builds one with them on.
   */
  constructor(options: { validate?: boolean } = {}) {
    super(t.allTokens, { recoveryEnabled: true, nodeLocationTracking: "onlyOffset", maxLookahead: 3, skipValidations: !options.validate });
    this.performSelfAnalysis();
  }

  /** A rule inside an expression: an error in it is recovered from by its declaration (see above). */
  private expressionRule(name: string, implementation: () => void): (idx?: number) => CstNode {
    return this.RULE(name, implementation, { resyncEnabled: false });
  }

  /**
   * chevrotain records every syntax error through this method (not part of its typed API, but the
   * one place all of them pass). Past the limit the parse stops: nobody reads more errors than that,
   * and a file of garbage (a table cell of 10,000 stray names) would otherwise give one error per
   * token.
   */
  SAVE_ERROR(error: IRecognitionException): IRecognitionException {
    if (this.errors.length >= limits.syntaxErrors) throw new TooManySyntaxErrors(error.token);
    return (CstParser.prototype as unknown as { SAVE_ERROR(e: IRecognitionException): IRecognitionException }).SAVE_ERROR.call(this, error);
  }

  spec = this.RULE("spec", () => {
    this.MANY(() => this.SUBRULE(this.declaration));
  });

  declaration = this.RULE("declaration", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.importDeclaration) },
      { ALT: () => this.SUBRULE(this.reportDeclaration) },
      { ALT: () => this.SUBRULE(this.unitDeclaration) },
      { ALT: () => this.SUBRULE(this.factDeclaration) },
      { ALT: () => this.SUBRULE(this.formulaDeclaration) },
      { ALT: () => this.SUBRULE(this.figureDeclaration) },
      { ALT: () => this.SUBRULE(this.functionDeclaration) },
      { ALT: () => this.SUBRULE(this.knownDeclaration) },
      { ALT: () => this.SUBRULE(this.lawDeclaration) },
      { ALT: () => this.SUBRULE(this.sectionDeclaration) },
      { ALT: () => this.SUBRULE(this.tableDeclaration) },
    ]);
  });

  /**
   * section 绩效.科普经费 @ "项目支出绩效自评表（科普经费）" { … }: the declarations inside are named
   * relative to the section, find each other by their short names, and are cited where the
   * section is unless they say otherwise.
   */
  sectionDeclaration = this.RULE("sectionDeclaration", () => {
    this.CONSUME(t.Section);
    this.CONSUME(t.Identifier);
    this.OPTION(() => this.SUBRULE(this.citation));
    this.CONSUME(t.LBrace);
    this.MANY(() => this.SUBRULE(this.declaration));
    this.CONSUME(t.RBrace);
  });

  /**
   * A table of scored indicators, as printed: a header row naming the columns, then one row per
   * indicator.
   *
   *     table 指标 {
   *       | 指标              | 规则          | 目标      | 实际   | 分值 | 得分 |
   *       | 科技工作者慰问人数   | proportional | >= 510 人 | 462 人 | 5   | 4.53 |
   *     }
   */
  tableDeclaration = this.RULE("tableDeclaration", () => {
    this.CONSUME(t.Table);
    this.CONSUME(t.Identifier);
    this.OPTION(() => this.SUBRULE(this.citation));
    this.CONSUME(t.LBrace);
    this.AT_LEAST_ONE(() => this.SUBRULE(this.tableRow));
    this.CONSUME(t.RBrace);
  });

  /** | cell | cell | … | */
  tableRow = this.RULE("tableRow", () => {
    this.CONSUME(t.Pipe);
    this.AT_LEAST_ONE(() => {
      this.SUBRULE(this.tableCell);
      this.CONSUME2(t.Pipe);
    });
  });

  /** A name (optionally with its printed label), a quoted text, or a number with an optional comparison. */
  tableCell = this.RULE("tableCell", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.Identifier);
          this.OPTION(() => this.CONSUME(t.StringLiteral, { LABEL: "label" }));
        },
      },
      { ALT: () => this.CONSUME2(t.StringLiteral, { LABEL: "text" }) },
      {
        ALT: () => {
          this.OPTION2(() =>
            this.OR2([
              { ALT: () => this.CONSUME(t.ComparisonOperator, { LABEL: "comparison" }) },
              { ALT: () => this.CONSUME(t.Equals, { LABEL: "comparison" }) },
            ]),
          );
          this.SUBRULE(this.signedQuantity);
        },
      },
    ]);
  });

  /** import "std/final-accounts.reckon" */
  importDeclaration = this.RULE("importDeclaration", () => {
    this.CONSUME(t.Import);
    this.CONSUME(t.StringLiteral);
  });

  /** report "乌鲁木齐市科学技术协会 2024年度部门决算" year 2024 rounding half_up */
  reportDeclaration = this.RULE("reportDeclaration", () => {
    this.CONSUME(t.Report);
    this.CONSUME(t.StringLiteral);
    this.OPTION(() => {
      this.CONSUME(t.Year);
      this.CONSUME(t.NumberLiteral);
    });
    this.OPTION2(() => this.SUBRULE(this.roundingClause));
  });

  /** rounding half_up | half_even | down */
  roundingClause = this.RULE("roundingClause", () => {
    this.CONSUME(t.Rounding);
    this.CONSUME(t.Identifier);
  });

  /** unit 场 | unit 万人次 = 10,000 人次 */
  unitDeclaration = this.RULE("unitDeclaration", () => {
    this.CONSUME(t.Unit);
    this.CONSUME(t.Identifier);
    this.OPTION(() => {
      this.CONSUME(t.Equals);
      this.SUBRULE(this.quantity);
    });
  });

  /**
   * fact 收入.财政拨款 = 1,362.65 万元 @ "二、收入决算情况说明", or, for a spec that serves many
   * departments' data, a fact declared without its value: fact 收入.财政拨款 in 万元 @ "二".
   */
  factDeclaration = this.RULE("factDeclaration", () => {
    this.CONSUME(t.Fact);
    this.CONSUME(t.Identifier);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.Equals);
          this.SUBRULE(this.signedQuantity);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.In);
          this.SUBRULE(this.unitExpression);
        },
      },
    ]);
    this.OPTION(() => this.SUBRULE(this.citation));
  });

  /** formula 基本支出 = 人员经费 + 公用经费 */
  formulaDeclaration = this.RULE("formulaDeclaration", () => {
    this.CONSUME(t.Formula);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  /** figure 收入.其他收入.占比 = share(收入.其他收入, 收入.本年合计) published 0.0007% @ "二" */
  figureDeclaration = this.RULE("figureDeclaration", () => {
    this.CONSUME(t.Figure);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
    this.CONSUME(t.Published);
    this.SUBRULE(this.signedQuantity);
    this.OPTION(() => this.SUBRULE(this.roundingClause));
    this.OPTION2(() => this.SUBRULE(this.citation));
  });

  /** function share(part, whole) = part / whole */
  functionDeclaration = this.RULE("functionDeclaration", () => {
    this.CONSUME(t.Function);
    this.CONSUME(t.Identifier, { LABEL: "name" });
    this.CONSUME(t.LParen);
    this.MANY_SEP({
      SEP: t.Comma,
      DEF: () => this.CONSUME2(t.Identifier, { LABEL: "parameter" }),
    });
    this.CONSUME(t.RParen);
    this.CONSUME(t.Equals);
    this.SUBRULE(this.expression);
  });

  /** known 绩效.物业管理费.总分 "the row is printed twice …" */
  knownDeclaration = this.RULE("knownDeclaration", () => {
    this.CONSUME(t.Known);
    this.CONSUME(t.Identifier);
    this.CONSUME(t.StringLiteral);
  });

  /**
   * A law the formulas must obey for every input in the given ranges, checked with generated inputs:
   *
   *     law score_in_range "a score lies between 0 and the weight"
   *       for actual in 0 .. 10,000, target in 1 .. 10,000, weight in 0 .. 100, direction in {-1, 0, 1}
   *       : proportional(actual, target, weight, direction) >= 0
   */
  lawDeclaration = this.RULE("lawDeclaration", () => {
    this.CONSUME(t.Law);
    this.CONSUME(t.Identifier);
    this.OPTION(() => this.CONSUME(t.StringLiteral));
    this.CONSUME(t.For);
    this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.lawVariable) });
    this.CONSUME(t.Colon);
    this.SUBRULE(this.expression);
  });

  /** actual in 0 人 .. 10,000 人 | direction in {-1, 0, 1} */
  lawVariable = this.RULE("lawVariable", () => {
    this.CONSUME(t.Identifier);
    this.CONSUME(t.In);
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.signedQuantity, { LABEL: "low" });
          this.CONSUME(t.DotDot);
          this.SUBRULE2(this.signedQuantity, { LABEL: "high" });
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.LBrace);
          this.AT_LEAST_ONE_SEP2({ SEP: t.Comma, DEF: () => this.SUBRULE3(this.signedQuantity, { LABEL: "values" }) });
          this.CONSUME(t.RBrace);
        },
      },
    ]);
  });

  /** @ "五(三)1" */
  citation = this.RULE("citation", () => {
    this.CONSUME(t.At);
    this.CONSUME(t.StringLiteral);
  });

  expression = this.expressionRule("expression", () => {
    this.SUBRULE(this.andExpression, { LABEL: "operands" });
    this.MANY(() => {
      this.CONSUME(t.Or, { LABEL: "operators" });
      this.SUBRULE2(this.andExpression, { LABEL: "operands" });
    });
  });

  andExpression = this.expressionRule("andExpression", () => {
    this.SUBRULE(this.notExpression, { LABEL: "operands" });
    this.MANY(() => {
      this.CONSUME(t.And, { LABEL: "operators" });
      this.SUBRULE2(this.notExpression, { LABEL: "operands" });
    });
  });

  notExpression = this.expressionRule("notExpression", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.Not);
          this.SUBRULE(this.notExpression);
        },
      },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]);
  });

  comparison = this.expressionRule("comparison", () => {
    this.SUBRULE(this.conversion, { LABEL: "operands" });
    this.OPTION(() => {
      this.CONSUME(t.ComparisonOperator, { LABEL: "operators" });
      this.SUBRULE2(this.conversion, { LABEL: "operands" });
    });
  });

  /** 月服务费 * 12 月 as 万元: the whole sum or product expressed in another unit. */
  conversion = this.expressionRule("conversion", () => {
    this.SUBRULE(this.additive);
    this.OPTION(() => {
      this.CONSUME(t.As);
      this.SUBRULE(this.unitExpression);
    });
  });

  additive = this.expressionRule("additive", () => {
    this.SUBRULE(this.multiplicative, { LABEL: "operands" });
    this.MANY(() => {
      this.CONSUME(t.AdditiveOperator, { LABEL: "operators" });
      this.SUBRULE2(this.multiplicative, { LABEL: "operands" });
    });
  });

  multiplicative = this.expressionRule("multiplicative", () => {
    this.SUBRULE(this.unary, { LABEL: "operands" });
    this.MANY(() => {
      this.CONSUME(t.MultiplicativeOperator, { LABEL: "operators" });
      this.SUBRULE2(this.unary, { LABEL: "operands" });
    });
  });

  unary = this.expressionRule("unary", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.AdditiveOperator, { LABEL: "sign" });
          this.SUBRULE(this.unary);
        },
      },
      { ALT: () => this.SUBRULE(this.primary) },
    ]);
  });

  primary = this.expressionRule("primary", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.quantity) },
      { ALT: () => this.SUBRULE(this.call) },
      { ALT: () => this.CONSUME(t.Identifier) },
      { ALT: () => this.CONSUME(t.NamePattern) },
      { ALT: () => this.SUBRULE(this.parenthesized) },
      { ALT: () => this.SUBRULE(this.conditional) },
      { ALT: () => this.CONSUME(t.True) },
      { ALT: () => this.CONSUME(t.False) },
    ]);
  });

  /** round(x, 2), sum(支出.功能分类.*) */
  call = this.expressionRule("call", () => {
    this.CONSUME(t.Identifier);
    this.CONSUME(t.LParen);
    this.MANY_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: "arguments" }) });
    this.CONSUME(t.RParen);
  });

  parenthesized = this.expressionRule("parenthesized", () => {
    this.CONSUME(t.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(t.RParen);
  });

  /** if a > b then a else b */
  conditional = this.expressionRule("conditional", () => {
    this.CONSUME(t.If);
    this.SUBRULE(this.expression, { LABEL: "condition" });
    this.CONSUME(t.Then);
    this.SUBRULE2(this.expression, { LABEL: "consequent" });
    this.CONSUME(t.Else);
    this.SUBRULE3(this.expression, { LABEL: "alternative" });
  });

  /** -16.54% as a fact or published value: a number with its sign and unit. */
  signedQuantity = this.expressionRule("signedQuantity", () => {
    this.OPTION(() => this.CONSUME(t.AdditiveOperator, { LABEL: "sign" }));
    this.SUBRULE(this.quantity);
  });

  /** 1,362.65 万元, 0.0007%, 2716.67 元/人/月 */
  quantity = this.expressionRule("quantity", () => {
    this.CONSUME(t.NumberLiteral);
    this.OPTION({
      GATE: () => this.LA(1).tokenType === t.Identifier || this.LA(1).tokenType === t.Percent,
      DEF: () => this.SUBRULE(this.unitExpression),
    });
  });

  /**
   * 万元, %, 元/人/月: unit names joined by `/` written without spaces, so that `12 元 / 人数` still
   * divides by the figure 人数.
   */
  unitExpression = this.expressionRule("unitExpression", () => {
    this.SUBRULE(this.unitName);
    this.MANY({
      GATE: () => adjacent(this.LA(0), this.LA(1)) && adjacent(this.LA(1), this.LA(2)),
      DEF: () => {
        this.CONSUME(t.Slash);
        this.SUBRULE2(this.unitName);
      },
    });
  });

  unitName = this.expressionRule("unitName", () => {
    this.OR([{ ALT: () => this.CONSUME(t.Identifier) }, { ALT: () => this.CONSUME(t.Percent) }]);
  });
}

/** Thrown out of the parser when a file has more syntax errors than `limits.syntaxErrors`. */
export class TooManySyntaxErrors extends Error {
  /** The token of the first error not reported. */
  readonly token: IToken;

  constructor(token: IToken) {
    super("too many syntax errors");
    this.token = token;
  }
}

function adjacent(left: IToken, right: IToken): boolean {
  return left.endOffset !== undefined && left.endOffset + 1 === right.startOffset;
}

/** Built once: performSelfAnalysis is costly, so every parse reuses this instance. */
export const reckonParser = new ReckonParser();

export type { CstNode };
