import { EmbeddedActionsParser, type IOrAlt, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import type * as ast from "./ast";
import { limits } from "../limits";
import { cover, SourceFile, span, type Span } from "./source";
import * as t from "./tokens";
import { decimalsOf } from "../text/decimal-text";

/**
 * The grammar of reckon, as a chevrotain parser whose rules build the typed AST nodes, with their
 * spans, as they recognise them (no concrete syntax tree in between: building one and visiting it
 * took three times as long as recognising the tokens). The readable form of this grammar is
 * `grammar/reckon.md`; the railroad diagrams are generated from here. The code that builds nodes is
 * inside `ACTION`, which chevrotain skips while it records the grammar.
 *
 * Declarations all start with a keyword, which lets the parser recover after an error at the next
 * declaration and report several errors in one run. chevrotain repairs a single missing or extra
 * token in place where it can (then parsing goes on inside the formula); otherwise only declarations
 * and the rows and cells of tables recover ("re-sync"), and a declaration that needed it is left out
 * of the AST (its error is reported, and the later stages never see a file with syntax errors). An
 * error inside an expression abandons the rest of its declaration rather than cascading through it,
 * and recovery stays linear: chevrotain re-syncs by scanning the follow sets of every rule on the
 * stack, so letting each of the ten rules per level of a deep expression try it would cost time
 * quadratic in the depth.
 */
export class ReckonParser extends EmbeddedActionsParser {
  /** The file being parsed: set it before each parse, for the spans of the nodes. */
  file = new SourceFile("", "");

  /**
   * `validate` runs chevrotain's grammar checks (ambiguities, left recursion …). They cost about 30 ms
   * at every start of the CLI and the grammar never changes at run time, so the shared parser skips
   * them and a test builds one with them on.
   */
  constructor(options: { validate?: boolean } = {}) {
    super(t.allTokens, { recoveryEnabled: true, maxLookahead: 3, skipValidations: !options.validate });
    this.performSelfAnalysis();
  }

  /**
   * A rule inside a declaration (expressions, numbers, units): an error in it that chevrotain cannot
   * repair in place is recovered from by the declaration (see above).
   */
  private innerRule<T>(name: string, implementation: () => T): (idx?: number) => T {
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
    const base = EmbeddedActionsParser.prototype as unknown as { SAVE_ERROR(e: IRecognitionException): IRecognitionException };
    return base.SAVE_ERROR.call(this, error);
  }

  /**
   * The declarations of the file parsed so far: what `spec` returns when an error it cannot recover
   * from inside a declaration (at the end of the file) ends it, and what a parse stopped by R0110 keeps.
   */
  declarationsSoFar: ast.Declaration[] = [];

  spec = this.RULE(
    "spec",
    () => {
      const declarations: ast.Declaration[] = [];
      this.ACTION(() => (this.declarationsSoFar = declarations));
      this.MANY(() => {
        const declaration = this.SUBRULE(this.declaration);
        this.ACTION(() => declaration && declarations.push(declaration));
      });
      return declarations;
    },
    { recoveryValueFunc: () => this.declarationsSoFar },
  );

  declaration = this.RULE("declaration", (): ast.Declaration | undefined => this.OR<ast.Declaration | undefined>(this.declarationAlternatives));

  /**
   * The alternatives of a rule that runs for every declaration or operand are made once, not at each
   * run (an array of closures per run was most of what parsing allocated): they capture nothing but
   * the parser.
   */
  private readonly declarationAlternatives: IOrAlt<ast.Declaration | undefined>[] = [
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
  ];

  /**
   * section 绩效.科普经费 @ "项目支出绩效自评表（科普经费）" { … }: the declarations inside are named
   * relative to the section, find each other by their short names, and are cited where the
   * section is unless they say otherwise.
   */
  sectionDeclaration = this.RULE("sectionDeclaration", (): ast.SectionDecl | undefined => {
    const first = this.LA(1);
    this.CONSUME(t.Section);
    const name = this.CONSUME(t.Identifier);
    const citation = this.OPTION(this.optionalCitation);
    this.CONSUME(t.LBrace);
    const declarations: ast.Declaration[] = [];
    this.MANY(() => {
      const declaration = this.SUBRULE(this.declaration);
      this.ACTION(() => declaration && declarations.push(declaration));
    });
    this.CONSUME(t.RBrace);
    return this.ACTION(() => {
      const whole = this.spanFrom(first);
      return { kind: "section", name: this.name(name, whole), citation, declarations, span: whole };
    });
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
  tableDeclaration = this.RULE("tableDeclaration", (): ast.TableDecl | undefined => {
    const first = this.LA(1);
    this.CONSUME(t.Table);
    const name = this.CONSUME(t.Identifier);
    const citation = this.OPTION(this.optionalCitation);
    this.CONSUME(t.LBrace);
    const rows: ast.TableRow[] = [];
    this.AT_LEAST_ONE(() => {
      const row = this.SUBRULE(this.tableRow);
      this.ACTION(() => row && rows.push(row));
    });
    this.CONSUME(t.RBrace);
    return this.ACTION(() => {
      const [header, ...body] = rows;
      if (!header) return undefined;
      const whole = this.spanFrom(first);
      return { kind: "table", name: this.name(name, whole), citation, header, rows: body, span: whole };
    });
  });

  /** | cell | cell | … | */
  tableRow = this.RULE("tableRow", (): ast.TableRow | undefined => {
    const first = this.LA(1);
    this.CONSUME(t.Pipe);
    const cells: ast.TableCell[] = [];
    // A row is one line: the | that starts the next line starts the next row (a row whose closing
    // | is left out ends with its line, as in a Markdown table), and two | next to each other on a
    // line hold an empty cell.
    const sameLine = () => this.onOneLine(this.LA(0), this.LA(1));
    // A cell without its | ends the row: two cells with no | between them are a syntax error.
    let closed = true;
    this.AT_LEAST_ONE({
      GATE: () => closed && sameLine(),
      DEF: () => {
        const before = this.LA(0);
        const cell = this.OPTION3(() => this.SUBRULE(this.tableCell));
        const after = this.OPTION4({ GATE: sameLine, DEF: () => this.CONSUME2(t.Pipe) });
        closed = after !== undefined;
        this.ACTION(() => {
          if (cell) cells.push(cell);
          else if (after && real(after)) cells.push({ kind: "empty", span: span(this.file, before.startOffset + 1, after.startOffset) });
        });
      },
    });
    return this.ACTION(() => ({ cells, span: this.spanFrom(first) }));
  });

  /** A name (optionally with its printed label), a quoted text, or a number with an optional comparison. */
  tableCell = this.RULE("tableCell", (): ast.TableCell | undefined => {
    const first = this.LA(1);
    return this.OR<ast.TableCell | undefined>([
      {
        ALT: () => {
          const name = this.CONSUME(t.Identifier);
          const label = this.OPTION(() => this.CONSUME(t.StringLiteral, { LABEL: "label" }));
          return this.ACTION(() => {
            if (!real(name)) return undefined;
            return { kind: "name", name: name.image, label: real(label) ? this.string(label) : undefined, span: this.spanFrom(first) };
          });
        },
      },
      {
        ALT: () => {
          const text = this.CONSUME2(t.StringLiteral, { LABEL: "text" });
          return this.ACTION(() => (real(text) ? { kind: "text", text: this.string(text), span: this.spanFrom(first) } : undefined));
        },
      },
      {
        ALT: () => {
          const comparison = this.OPTION2(() =>
            this.OR2([
              { ALT: () => this.CONSUME(t.ComparisonOperator, { LABEL: "comparison" }) },
              { ALT: () => this.CONSUME(t.Equals, { LABEL: "comparison" }) },
            ]),
          );
          const value = this.SUBRULE(this.signedQuantity);
          const exact = this.OPTION3(this.optionalExact);
          return this.ACTION(() => {
            if (!value) return undefined;
            return {
              kind: "quantity",
              comparison: real(comparison) ? (comparison.image as ast.TableComparison) : undefined,
              value,
              ...(exact ? { exact: true as const } : {}),
              span: this.spanFrom(first),
            };
          });
        },
      },
    ]);
  });

  /** import "std/final-accounts.reckon" */
  importDeclaration = this.RULE("importDeclaration", (): ast.ImportDecl | undefined => {
    const first = this.LA(1);
    this.CONSUME(t.Import);
    const path = this.CONSUME(t.StringLiteral);
    return this.ACTION(() =>
      real(path) ? { kind: "import", path: this.string(path), pathSpan: this.tokenSpan(path), span: this.spanFrom(first) } : undefined,
    );
  });

  /** report "乌鲁木齐市科学技术协会 2024年度部门决算" year 2024 rounding half_up */
  reportDeclaration = this.RULE("reportDeclaration", (): ast.ReportDecl | undefined => {
    const first = this.LA(1);
    this.CONSUME(t.Report);
    const title = this.CONSUME(t.StringLiteral);
    const year = this.OPTION(() => {
      this.CONSUME(t.Year);
      return this.CONSUME(t.NumberLiteral);
    });
    const rounding = this.OPTION2(this.optionalRounding);
    return this.ACTION(() => {
      if (!real(title)) return undefined;
      return {
        kind: "report",
        title: this.string(title),
        year: real(year) ? this.number(year, undefined, this.tokenSpan(year)) : undefined,
        rounding,
        span: this.spanFrom(first),
      };
    });
  });

  /** rounding half_up | half_even | down */
  roundingClause = this.RULE("roundingClause", (): ast.Name | undefined => {
    this.CONSUME(t.Rounding);
    const mode = this.CONSUME(t.Identifier);
    return this.ACTION(() => (real(mode) ? { name: mode.image, span: this.tokenSpan(mode) } : undefined));
  });

  /** unit 场 | unit 万人次 = 10,000 人次 */
  unitDeclaration = this.RULE("unitDeclaration", (): ast.UnitDecl | undefined => {
    const first = this.LA(1);
    this.CONSUME(t.Unit);
    const name = this.CONSUME(t.Identifier);
    const definition = this.OPTION(() => {
      this.CONSUME(t.Equals);
      return this.SUBRULE(this.quantity);
    });
    return this.ACTION(() => {
      const whole = this.spanFrom(first);
      return { kind: "unit", name: this.name(name, whole), definition, span: whole };
    });
  });

  /**
   * fact 收入.财政拨款 = 1,362.65 万元 @ "二、收入决算情况说明", or, for a spec that serves many
   * departments' data, a fact declared without its value: fact 收入.财政拨款 in 万元 @ "二". `exact`
   * after the value says it is not rounded: fact 执行率.分值 = 10 exact.
   */
  factDeclaration = this.RULE("factDeclaration", (): ast.FactDecl | undefined => {
    const first = this.LA(1);
    this.CONSUME(t.Fact);
    const name = this.CONSUME(t.Identifier);
    const value = this.OR<Pick<ast.FactDecl, "value" | "unit"> | undefined>(this.factValueAlternatives);
    const exact = this.OPTION2(this.optionalExact);
    const citation = this.OPTION(this.optionalCitation);
    return this.ACTION(() => {
      if (!value) return undefined;
      const whole = this.spanFrom(first);
      return { kind: "fact", name: this.name(name, whole), ...value, ...(exact ? { exact: true as const } : {}), citation, span: whole };
    });
  });

  private readonly optionalExact = (): IToken => this.CONSUME(t.Exact);

  private readonly factValueAlternatives: IOrAlt<Pick<ast.FactDecl, "value" | "unit"> | undefined>[] = [
    {
      ALT: () => {
        this.CONSUME(t.Equals);
        const literal = this.SUBRULE(this.signedQuantity);
        return this.ACTION(() => (literal ? { value: literal } : undefined));
      },
    },
    {
      ALT: () => {
        this.CONSUME(t.In);
        const unit = this.SUBRULE(this.unitExpression);
        return this.ACTION(() => ({ unit }));
      },
    },
  ];

  /** formula 基本支出 = 人员经费 + 公用经费 */
  formulaDeclaration = this.RULE("formulaDeclaration", (): ast.FormulaDecl | undefined => {
    const first = this.LA(1);
    this.CONSUME(t.Formula);
    const name = this.CONSUME(t.Identifier);
    this.CONSUME(t.Equals);
    const body = this.SUBRULE(this.expression);
    return this.ACTION(() => {
      const whole = this.spanFrom(first);
      return { kind: "formula", name: this.name(name, whole), body, span: whole };
    });
  });

  /** figure 收入.其他收入.占比 = share(收入.其他收入, 收入.本年合计) published 0.0007% @ "二" */
  figureDeclaration = this.RULE("figureDeclaration", (): ast.FormulaDecl | undefined => {
    const first = this.LA(1);
    this.CONSUME(t.Figure);
    const name = this.CONSUME(t.Identifier);
    this.CONSUME(t.Equals);
    const body = this.SUBRULE(this.expression);
    this.CONSUME(t.Published);
    const value = this.SUBRULE(this.signedQuantity);
    const rounding = this.OPTION(this.optionalRounding);
    const citation = this.OPTION2(this.optionalCitation);
    return this.ACTION(() => {
      const whole = this.spanFrom(first);
      return { kind: "formula", name: this.name(name, whole), body, published: value && { value, rounding, citation }, span: whole };
    });
  });

  /** function share(part, whole) = part / whole */
  functionDeclaration = this.RULE("functionDeclaration", (): ast.FunctionDecl | undefined => {
    const first = this.LA(1);
    this.CONSUME(t.Function);
    const name = this.CONSUME(t.Identifier, { LABEL: "name" });
    this.CONSUME(t.LParen);
    const parameters: ast.Name[] = [];
    this.MANY_SEP({
      SEP: t.Comma,
      DEF: () => {
        const parameter = this.CONSUME2(t.Identifier, { LABEL: "parameter" });
        this.ACTION(() => real(parameter) && parameters.push({ name: parameter.image, span: this.tokenSpan(parameter) }));
      },
    });
    this.CONSUME(t.RParen);
    this.CONSUME(t.Equals);
    const body = this.SUBRULE(this.expression);
    return this.ACTION(() => {
      const whole = this.spanFrom(first);
      return { kind: "function", name: this.name(name, whole), parameters, body, span: whole };
    });
  });

  /** known 项目.科普经费.当年财政拨款.全年执行数 computes 59.84 万元 "printed 60.35, but …" */
  knownDeclaration = this.RULE("knownDeclaration", (): ast.KnownDecl | undefined => {
    const first = this.LA(1);
    this.CONSUME(t.Known);
    const name = this.CONSUME(t.Identifier);
    const computes = this.OPTION(() => {
      this.CONSUME(t.Computes);
      return this.SUBRULE(this.signedQuantity);
    });
    const reason = this.CONSUME(t.StringLiteral);
    return this.ACTION(() => {
      if (!real(reason)) return undefined;
      const whole = this.spanFrom(first);
      const text = { text: this.string(reason), span: this.tokenSpan(reason) };
      return { kind: "known", name: this.name(name, whole), ...(computes ? { computes } : {}), reason: text, span: whole };
    });
  });

  /**
   * A law the formulas must obey for every input in the given ranges, checked with generated inputs:
   *
   *     law score_in_range "a score lies between 0 and the weight"
   *       for actual in 0 .. 10,000, target in 1 .. 10,000, weight in 0 .. 100, direction in {-1, 0, 1}
   *       : proportional(actual, target, weight, direction) >= 0
   */
  lawDeclaration = this.RULE("lawDeclaration", (): ast.LawDecl | undefined => {
    const first = this.LA(1);
    this.CONSUME(t.Law);
    const name = this.CONSUME(t.Identifier);
    const description = this.OPTION(() => this.CONSUME(t.StringLiteral));
    this.CONSUME(t.For);
    const variables: ast.LawVariable[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: t.Comma,
      DEF: () => {
        const variable = this.SUBRULE(this.lawVariable);
        this.ACTION(() => variable && variables.push(variable));
      },
    });
    this.CONSUME(t.Colon);
    const condition = this.SUBRULE(this.expression);
    return this.ACTION(() => {
      const whole = this.spanFrom(first);
      return {
        kind: "law",
        name: this.name(name, whole),
        ...(real(description) ? { description: { text: this.string(description), span: this.tokenSpan(description) } } : {}),
        variables,
        condition,
        span: whole,
      };
    });
  });

  /** actual in 0 人 .. 10,000 人 | direction in {-1, 0, 1} */
  lawVariable = this.RULE("lawVariable", (): ast.LawVariable | undefined => {
    const first = this.LA(1);
    const name = this.CONSUME(t.Identifier);
    this.CONSUME(t.In);
    const range = this.OR<ast.LawRange | undefined>([
      {
        ALT: () => {
          const low = this.SUBRULE(this.signedQuantity, { LABEL: "low" });
          this.CONSUME(t.DotDot);
          const high = this.SUBRULE2(this.signedQuantity, { LABEL: "high" });
          return this.ACTION(() => (low && high ? { kind: "range", low, high } : undefined));
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.LBrace);
          const values: ast.NumberLit[] = [];
          this.AT_LEAST_ONE_SEP2({
            SEP: t.Comma,
            DEF: () => {
              const value = this.SUBRULE3(this.signedQuantity, { LABEL: "values" });
              this.ACTION(() => value && values.push(value));
            },
          });
          this.CONSUME(t.RBrace);
          return this.ACTION(() => (values.length > 0 ? { kind: "list", values } : undefined));
        },
      },
    ]);
    return this.ACTION(() => {
      if (!real(name) || !range) return undefined;
      return { name: { name: name.image, span: this.tokenSpan(name) }, range, span: this.spanFrom(first) };
    });
  });

  /** @ "五(三)1" */
  citation = this.RULE("citation", (): ast.Citation | undefined => {
    const first = this.LA(1);
    this.CONSUME(t.At);
    const text = this.CONSUME(t.StringLiteral);
    return this.ACTION(() => (real(text) ? { text: this.string(text), span: this.spanFrom(first) } : undefined));
  });

  expression = this.innerRule("expression", (): ast.Expr => this.leftAssociative(this.andExpression, t.Or, this.orOf));

  andExpression = this.innerRule("andExpression", (): ast.Expr => this.leftAssociative(this.notExpression, t.And, this.andOf));

  notExpression = this.innerRule("notExpression", (): ast.Expr => this.OR(this.notAlternatives));

  private readonly notAlternatives: IOrAlt<ast.Expr>[] = [
    {
      ALT: () => {
        const not = this.CONSUME(t.Not);
        const operand = this.SUBRULE(this.notExpression);
        return this.ACTION((): ast.Expr => ({ kind: "not", operand, span: this.spanFrom(not) }));
      },
    },
    { ALT: () => this.SUBRULE(this.comparison) },
  ];

  comparison = this.innerRule("comparison", (): ast.Expr => {
    let result = this.SUBRULE(this.conversion, { LABEL: "operands" });
    this.OPTION(() => {
      const operator = this.CONSUME(t.ComparisonOperator, { LABEL: "operators" });
      const right = this.SUBRULE2(this.conversion, { LABEL: "operands" });
      this.ACTION(() => {
        const compare = operator.image as ast.ComparisonOperator;
        result = { kind: "compare", operator: compare, left: result, right, operatorSpan: this.tokenSpan(operator), span: cover(result.span, right.span) };
      });
    });
    return result;
  });

  /** 月服务费 * 12 月 as 万元: the whole sum or product expressed in another unit. */
  conversion = this.innerRule("conversion", (): ast.Expr => {
    const first = this.LA(1);
    const operand = this.SUBRULE(this.additive);
    const unit = this.OPTION(this.asUnit);
    return this.ACTION((): ast.Expr => (unit ? { kind: "convert", operand, unit, span: this.spanFrom(first) } : operand));
  });

  additive = this.innerRule("additive", (): ast.Expr => this.leftAssociative(this.multiplicative, t.AdditiveOperator, this.arithmeticOf));

  multiplicative = this.innerRule("multiplicative", (): ast.Expr => this.leftAssociative(this.unary, t.MultiplicativeOperator, this.arithmeticOf));

  unary = this.innerRule("unary", (): ast.Expr => this.OR(this.unaryAlternatives));

  private readonly unaryAlternatives: IOrAlt<ast.Expr>[] = [
    {
      ALT: () => {
        const sign = this.CONSUME(t.AdditiveOperator, { LABEL: "sign" });
        const operand = this.SUBRULE(this.unary);
        return this.ACTION((): ast.Expr => (sign.image === "+" ? operand : { kind: "negate", operand, span: this.spanFrom(sign) }));
      },
    },
    { ALT: () => this.SUBRULE(this.primary) },
  ];

  primary = this.innerRule("primary", (): ast.Expr => this.OR<ast.Expr>(this.primaryAlternatives));

  private readonly primaryAlternatives: IOrAlt<ast.Expr>[] = [
    { ALT: () => this.SUBRULE(this.quantity) ?? this.ACTION(() => this.missing()) },
    { ALT: () => this.SUBRULE(this.call) },
    {
      ALT: () => {
        const name = this.CONSUME(t.Identifier);
        return this.ACTION((): ast.Expr => ({ kind: "name", name: name.image, span: this.tokenSpan(name) }));
      },
    },
    {
      ALT: () => {
        const pattern = this.CONSUME(t.NamePattern);
        return this.ACTION((): ast.Expr => ({ kind: "pattern", pattern: pattern.image, span: this.tokenSpan(pattern) }));
      },
    },
    { ALT: () => this.SUBRULE(this.parenthesized) },
    { ALT: () => this.SUBRULE(this.conditional) },
    { ALT: () => this.boolean(this.CONSUME(t.True)) },
    { ALT: () => this.boolean(this.CONSUME(t.False)) },
  ];

  /** round(x, 2), sum(支出.功能分类.*) */
  call = this.innerRule("call", (): ast.Expr => {
    const first = this.LA(1);
    const callee = this.CONSUME(t.Identifier);
    this.CONSUME(t.LParen);
    const args: ast.Expr[] = [];
    this.MANY_SEP({
      SEP: t.Comma,
      DEF: () => {
        const argument = this.SUBRULE(this.expression, { LABEL: "arguments" });
        this.ACTION(() => args.push(argument));
      },
    });
    this.CONSUME(t.RParen);
    return this.ACTION((): ast.Expr => {
      const whole = this.spanFrom(first);
      // A copy of the arguments of its exact length (the array they were pushed to keeps room for 16 more).
      return { kind: "call", callee: callee.image, calleeSpan: real(callee) ? this.tokenSpan(callee) : whole, args: args.slice(), span: whole };
    });
  });

  /**
   * (a - b): the expression inside, with a span that takes in the parentheses, so that an operation
   * it begins or ends (`(a - b) / b`) spans its whole text, parentheses balanced.
   */
  parenthesized = this.innerRule("parenthesized", (): ast.Expr => {
    const first = this.LA(1);
    this.CONSUME(t.LParen);
    const inner = this.SUBRULE(this.expression);
    this.CONSUME(t.RParen);
    return this.ACTION((): ast.Expr => ({ ...inner, span: this.spanFrom(first) }));
  });

  /** if a > b then a else b */
  conditional = this.innerRule("conditional", (): ast.Expr => {
    const first = this.LA(1);
    this.CONSUME(t.If);
    const condition = this.SUBRULE(this.expression, { LABEL: "condition" });
    this.CONSUME(t.Then);
    const consequent = this.SUBRULE2(this.expression, { LABEL: "consequent" });
    this.CONSUME(t.Else);
    const alternative = this.SUBRULE3(this.expression, { LABEL: "alternative" });
    return this.ACTION((): ast.Expr => ({ kind: "if", condition, consequent, alternative, span: this.spanFrom(first) }));
  });

  /** -16.54% as a fact or published value: a number with its sign and unit. */
  signedQuantity = this.innerRule("signedQuantity", (): ast.NumberLit | undefined => {
    const first = this.LA(1);
    const sign = this.OPTION(this.optionalSign);
    const literal = this.SUBRULE(this.quantity);
    return this.ACTION(() => {
      if (!literal) return undefined;
      // Without a sign (most numbers), the quantity is all there is.
      if (sign === undefined) return literal;
      const whole = this.spanFrom(first);
      if (sign.image !== "-") return { ...literal, span: whole };
      // A minus zero is zero, compared as 0.00; its sign is kept apart (negativeZero).
      if (/^0+(\.0+)?$/.test(literal.value)) return { ...literal, negativeZero: true, span: whole };
      return { ...literal, value: `-${literal.value}`, span: whole };
    });
  });

  /** 1,362.65 万元, 0.0007%, 2716.67 元/人/月 */
  quantity = this.innerRule("quantity", (): ast.NumberLit | undefined => {
    const first = this.LA(1);
    const number = this.CONSUME(t.NumberLiteral);
    const unit = this.OPTION(this.unitOfQuantity);
    return this.ACTION(() => (real(number) ? this.number(number, unit, this.spanFrom(first)) : undefined));
  });

  // The optional parts of the rules that run for every number and formula, made once.
  private readonly optionalSign = () => this.CONSUME(t.AdditiveOperator, { LABEL: "sign" });
  private readonly unitOfQuantity = {
    GATE: () => this.LA(1).tokenType === t.Identifier || this.LA(1).tokenType === t.Percent,
    DEF: () => this.SUBRULE(this.unitExpression),
  };
  private readonly asUnit = () => {
    this.CONSUME(t.As);
    return this.SUBRULE(this.unitExpression);
  };
  private readonly optionalCitation = () => this.SUBRULE(this.citation);
  private readonly optionalRounding = () => this.SUBRULE(this.roundingClause);

  /**
   * 万元, %, 元/人/月: unit names joined by `/` written without spaces, so that `12 元 / 人数` still
   * divides by the figure 人数.
   */
  unitExpression = this.innerRule("unitExpression", (): ast.UnitExpr => {
    const first = this.LA(1);
    const names = [this.SUBRULE(this.unitName)];
    this.MANY({
      GATE: () => adjacent(this.LA(0), this.LA(1)) && adjacent(this.LA(1), this.LA(2)),
      DEF: () => {
        this.CONSUME(t.Slash);
        const name = this.SUBRULE2(this.unitName);
        this.ACTION(() => names.push(name));
      },
    });
    return this.ACTION(() => {
      // A unit of one name (most are) spans just that name: the two share one span.
      if (names.length === 1 && real(names[0])) {
        const atom = { name: names[0].image, exponent: 1 as const, span: this.tokenSpan(names[0]) };
        return { atoms: [atom], span: atom.span };
      }
      const atoms = names.filter(real).map((token) => ({ name: token.image, exponent: token === names[0] ? (1 as const) : (-1 as const), span: this.tokenSpan(token) }));
      return { atoms, span: this.spanFrom(first) };
    });
  });

  unitName = this.innerRule("unitName", (): IToken => this.OR(this.unitNameAlternatives));

  private readonly unitNameAlternatives: IOrAlt<IToken>[] = [{ ALT: () => this.CONSUME(t.Identifier) }, { ALT: () => this.CONSUME(t.Percent) }];

  /** operand (operator operand)*, read left to right: `a - b - c` is `(a - b) - c`. */
  private leftAssociative(
    operand: (idx?: number) => ast.Expr,
    operator: TokenType,
    combine: (operator: IToken, left: ast.Expr, right: ast.Expr) => ast.Expr,
  ): ast.Expr {
    let result = this.SUBRULE(operand, { LABEL: "operands" });
    this.MANY(() => {
      const token = this.CONSUME(operator, { LABEL: "operators" });
      const right = this.SUBRULE2(operand, { LABEL: "operands" });
      this.ACTION(() => {
        result = combine(token, result, right);
      });
    });
    return result;
  }

  // Building nodes (called inside ACTION only).

  private tokenSpan(token: IToken): Span {
    return span(this.file, token.startOffset, (token.endOffset ?? token.startOffset) + 1);
  }

  /** Whether no line ends between two tokens (always so while the grammar is being recorded). */
  private onOneLine(a: IToken, b: IToken): boolean {
    if (!(a.endOffset! >= 0) || !(b.startOffset >= 0)) return true;
    const text = this.file.text;
    for (let i = a.endOffset! + 1; i < b.startOffset; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) return false;
    }
    return true;
  }

  /** From the first token of a rule to the last one it consumed. */
  private spanFrom(first: IToken): Span {
    const last = this.LA(0);
    if (Number.isNaN(first.startOffset) || !(last.startOffset >= first.startOffset)) return span(this.file, 0, 0);
    return span(this.file, first.startOffset, (last.endOffset ?? last.startOffset) + 1);
  }

  private missing(): ast.Missing {
    return { kind: "missing", span: span(this.file, 0, 0) };
  }

  /** A declaration's name; one the parser had to make up in recovery is empty, spanning the declaration. */
  private name(token: IToken, whole: Span): ast.Name {
    return real(token) ? { name: token.image, span: this.tokenSpan(token) } : { name: "", span: whole };
  }

  /** The text of a quoted string, with JSON's escapes (`\"`, `\\`, `\n`, `\u4E07` …); any other `\x` is x. */
  private string(token: IToken): string {
    const image = token.image.slice(1, -1);
    if (!image.includes("\\")) return image;
    return image.replace(/\\(?:u([0-9a-fA-F]{4})|(.))/gs, (_, hex: string | undefined, c: string) => (hex ? String.fromCharCode(parseInt(hex, 16)) : (escapes[c] ?? c)));
  }

  private number(token: IToken, unit: ast.UnitExpr | undefined, where: Span): ast.NumberLit {
    const digits = token.image.includes(",") ? token.image.replace(/,/g, "") : token.image;
    return { kind: "number", value: digits, decimals: decimalsOf(digits), unit, span: where };
  }

  private logical(kind: "and" | "or", operator: IToken, left: ast.Expr, right: ast.Expr): ast.Expr {
    return { kind: "logical", operator: kind, left, right, operatorSpan: this.tokenSpan(operator), span: cover(left.span, right.span) };
  }

  // The functions that combine operands, made once (not at every run of their rule).
  private readonly orOf = (operator: IToken, left: ast.Expr, right: ast.Expr): ast.Expr => this.logical("or", operator, left, right);
  private readonly andOf = (operator: IToken, left: ast.Expr, right: ast.Expr): ast.Expr => this.logical("and", operator, left, right);
  private readonly arithmeticOf = (operator: IToken, left: ast.Expr, right: ast.Expr): ast.Expr => {
    const arithmetic = operator.image as ast.ArithmeticOperator;
    return { kind: "binary", operator: arithmetic, left, right, operatorSpan: this.tokenSpan(operator), span: cover(left.span, right.span) };
  };

  private boolean(token: IToken): ast.Expr {
    return this.ACTION((): ast.Expr => ({ kind: "boolean", value: token.image === "true", span: this.tokenSpan(token) }));
  }
}

const escapes: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/** A token that is in the text, not one the parser made up to recover from an error. */
function real(token: IToken | undefined): token is IToken {
  return token !== undefined && token.isInsertedInRecovery !== true;
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
