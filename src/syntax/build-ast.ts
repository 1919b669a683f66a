import type { CstElement, CstNode, IToken } from "chevrotain";
import type * as ast from "./ast";
import { reckonParser } from "./parser";
import { cover, span, type SourceFile, type Span } from "./source";

type Children = Record<string, CstElement[] | undefined>;

const BaseVisitor = reckonParser.getBaseCstVisitorConstructor();

/**
 * Turns the concrete syntax tree into typed AST nodes with spans. After error recovery a rule may
 * lack children; those become `missing` nodes (the parse error has already been reported).
 */
export class AstBuilder extends BaseVisitor {
  constructor(private readonly file: SourceFile) {
    super();
    this.validateVisitor();
  }

  /** Visits a node, handing the node itself to the rule's method (chevrotain passes only children). */
  build(node: CstNode): unknown {
    return this.visit(node, node);
  }

  private tokenSpan(token: IToken): Span {
    return span(this.file, token.startOffset, (token.endOffset ?? token.startOffset) + 1);
  }

  private nodeSpan(node: CstNode): Span {
    const location = node.location;
    if (!location || Number.isNaN(location.startOffset)) return span(this.file, 0, 0);
    return span(this.file, location.startOffset, (location.endOffset ?? location.startOffset) + 1);
  }

  private missing(near: CstNode): ast.Missing {
    return { kind: "missing", span: this.nodeSpan(near) };
  }

  private token(children: Children, key: string, index = 0): IToken | undefined {
    const element = children[key]?.[index];
    return element && "image" in element && !element.isInsertedInRecovery ? element : undefined;
  }

  private node(children: Children, key: string, index = 0): CstNode | undefined {
    const element = children[key]?.[index];
    return element && "children" in element ? element : undefined;
  }

  private name(token: IToken | undefined, near: CstNode): ast.Name {
    return token ? { name: token.image, span: this.tokenSpan(token) } : { name: "", span: this.nodeSpan(near) };
  }

  /** The text of a quoted string, with JSON's escapes (`\"`, `\\`, `\n`, `\u4E07` …); any other `\x` is x. */
  private string(token: IToken): string {
    const escapes: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
    return token.image
      .slice(1, -1)
      .replace(/\\(?:u([0-9a-fA-F]{4})|(.))/gs, (_, hex: string | undefined, c: string) => (hex ? String.fromCharCode(parseInt(hex, 16)) : (escapes[c] ?? c)));
  }

  private citationOf(node: CstNode | undefined): ast.Citation | undefined {
    if (!node) return undefined;
    const token = this.token(node.children, "StringLiteral");
    return token ? { text: this.string(token), span: this.nodeSpan(node) } : undefined;
  }

  private expr(node: CstNode | undefined, near: CstNode): ast.Expr {
    return node ? (this.build(node) as ast.Expr) : this.missing(near);
  }

  spec(ctx: Children): ast.Declaration[] {
    return (ctx.declaration ?? []).flatMap((d) => {
      const built = this.build(d as CstNode) as ast.Declaration | undefined;
      return built ? [built] : [];
    });
  }

  declaration(ctx: Children): ast.Declaration | undefined {
    const inner = Object.values(ctx)[0]?.[0];
    return inner && "children" in inner ? (this.build(inner) as ast.Declaration | undefined) : undefined;
  }

  importDeclaration(ctx: Children, node: CstNode): ast.ImportDecl | undefined {
    const path = this.token(ctx, "StringLiteral");
    if (!path) return undefined;
    return { kind: "import", path: this.string(path), pathSpan: this.tokenSpan(path), span: this.nodeSpan(node) };
  }

  reportDeclaration(ctx: Children, node: CstNode): ast.ReportDecl | undefined {
    const title = this.token(ctx, "StringLiteral");
    if (!title) return undefined;
    const year = this.token(ctx, "NumberLiteral");
    const rounding = this.node(ctx, "roundingClause");
    return {
      kind: "report",
      title: this.string(title),
      year: year ? this.number(year, undefined, undefined) : undefined,
      rounding: rounding ? this.roundingClause(rounding.children) : undefined,
      span: this.nodeSpan(node),
    };
  }

  roundingClause(ctx: Children): ast.Name | undefined {
    const mode = this.token(ctx, "Identifier");
    return mode ? { name: mode.image, span: this.tokenSpan(mode) } : undefined;
  }

  unitDeclaration(ctx: Children, node: CstNode): ast.UnitDecl {
    const definition = this.node(ctx, "quantity");
    return {
      kind: "unit",
      name: this.name(this.token(ctx, "Identifier"), node),
      definition: definition ? this.quantity(definition.children, definition) : undefined,
      span: this.nodeSpan(node),
    };
  }

  factDeclaration(ctx: Children, node: CstNode): ast.FactDecl | undefined {
    const value = this.node(ctx, "signedQuantity");
    const literal = value ? this.signedQuantity(value.children, value) : undefined;
    const unit = this.node(ctx, "unitExpression");
    if (!literal && !unit) return undefined;
    return {
      kind: "fact",
      name: this.name(this.token(ctx, "Identifier"), node),
      ...(literal ? { value: literal } : { unit: this.unitExpression(unit!.children, unit!) }),
      citation: this.citationOf(this.node(ctx, "citation")),
      span: this.nodeSpan(node),
    };
  }

  formulaDeclaration(ctx: Children, node: CstNode): ast.FormulaDecl {
    return {
      kind: "formula",
      name: this.name(this.token(ctx, "Identifier"), node),
      body: this.expr(this.node(ctx, "expression"), node),
      span: this.nodeSpan(node),
    };
  }

  figureDeclaration(ctx: Children, node: CstNode): ast.FormulaDecl {
    const value = this.node(ctx, "signedQuantity");
    const literal = value ? this.signedQuantity(value.children, value) : undefined;
    const rounding = this.node(ctx, "roundingClause");
    return {
      kind: "formula",
      name: this.name(this.token(ctx, "Identifier"), node),
      body: this.expr(this.node(ctx, "expression"), node),
      published: literal && {
        value: literal,
        rounding: rounding ? this.roundingClause(rounding.children) : undefined,
        citation: this.citationOf(this.node(ctx, "citation")),
      },
      span: this.nodeSpan(node),
    };
  }

  functionDeclaration(ctx: Children, node: CstNode): ast.FunctionDecl {
    const parameters = (ctx.parameter ?? []).flatMap((p) =>
      "image" in p && !p.isInsertedInRecovery ? [{ name: p.image, span: this.tokenSpan(p) }] : [],
    );
    return {
      kind: "function",
      name: this.name(this.token(ctx, "name"), node),
      parameters,
      body: this.expr(this.node(ctx, "expression"), node),
      span: this.nodeSpan(node),
    };
  }

  knownDeclaration(ctx: Children, node: CstNode): ast.KnownDecl | undefined {
    const reason = this.token(ctx, "StringLiteral");
    if (!reason) return undefined;
    return {
      kind: "known",
      name: this.name(this.token(ctx, "Identifier"), node),
      reason: { text: this.string(reason), span: this.tokenSpan(reason) },
      span: this.nodeSpan(node),
    };
  }

  lawDeclaration(ctx: Children, node: CstNode): ast.LawDecl {
    const description = this.token(ctx, "StringLiteral");
    return {
      kind: "law",
      name: this.name(this.token(ctx, "Identifier"), node),
      ...(description ? { description: { text: this.string(description), span: this.tokenSpan(description) } } : {}),
      variables: (ctx.lawVariable ?? []).flatMap((v) => {
        const variable = this.build(v as CstNode) as ast.LawVariable | undefined;
        return variable ? [variable] : [];
      }),
      condition: this.expr(this.node(ctx, "expression"), node),
      span: this.nodeSpan(node),
    };
  }

  lawVariable(ctx: Children, node: CstNode): ast.LawVariable | undefined {
    const literal = (element: CstElement | undefined) =>
      element && "children" in element ? this.signedQuantity(element.children, element) : undefined;
    const name = this.token(ctx, "Identifier");
    if (!name) return undefined;
    const low = literal(ctx.low?.[0]);
    const high = literal(ctx.high?.[0]);
    const values = (ctx.values ?? []).flatMap((v) => literal(v) ?? []);
    const range: ast.LawRange | undefined = low && high ? { kind: "range", low, high } : values.length > 0 ? { kind: "list", values } : undefined;
    if (!range) return undefined;
    return { name: { name: name.image, span: this.tokenSpan(name) }, range, span: this.nodeSpan(node) };
  }

  sectionDeclaration(ctx: Children, node: CstNode): ast.SectionDecl {
    return {
      kind: "section",
      name: this.name(this.token(ctx, "Identifier"), node),
      citation: this.citationOf(this.node(ctx, "citation")),
      declarations: (ctx.declaration ?? []).flatMap((d) => {
        const built = this.build(d as CstNode) as ast.Declaration | undefined;
        return built ? [built] : [];
      }),
      span: this.nodeSpan(node),
    };
  }

  tableDeclaration(ctx: Children, node: CstNode): ast.TableDecl | undefined {
    const rows = (ctx.tableRow ?? []).map((r) => this.build(r as CstNode) as ast.TableRow);
    const [header, ...body] = rows;
    if (!header) return undefined;
    return {
      kind: "table",
      name: this.name(this.token(ctx, "Identifier"), node),
      citation: this.citationOf(this.node(ctx, "citation")),
      header,
      rows: body,
      span: this.nodeSpan(node),
    };
  }

  tableRow(ctx: Children, node: CstNode): ast.TableRow {
    const cells = (ctx.tableCell ?? []).flatMap((c) => {
      const cell = this.build(c as CstNode) as ast.TableCell | undefined;
      return cell ? [cell] : [];
    });
    return { cells, span: this.nodeSpan(node) };
  }

  tableCell(ctx: Children, node: CstNode): ast.TableCell | undefined {
    const identifier = this.token(ctx, "Identifier");
    if (identifier) {
      const label = this.token(ctx, "label");
      return { kind: "name", name: identifier.image, label: label ? this.string(label) : undefined, span: this.nodeSpan(node) };
    }
    const text = this.token(ctx, "text");
    if (text) return { kind: "text", text: this.string(text), span: this.nodeSpan(node) };
    const quantity = this.node(ctx, "signedQuantity");
    const value = quantity ? this.signedQuantity(quantity.children, quantity) : undefined;
    if (!value) return undefined;
    const comparison = this.token(ctx, "comparison")?.image as ast.TableComparison | undefined;
    return {
      kind: "quantity",
      comparison,
      value,
      span: this.nodeSpan(node),
    };
  }

  citation(ctx: Children, node: CstNode): ast.Citation | undefined {
    return this.citationOf(node);
  }

  expression(ctx: Children, node: CstNode): ast.Expr {
    return this.leftAssociative(ctx, node, (operator, left, right, operatorSpan) => ({
      kind: "logical",
      operator: "or",
      left,
      right,
      operatorSpan,
      span: cover(left.span, right.span),
    }));
  }

  andExpression(ctx: Children, node: CstNode): ast.Expr {
    return this.leftAssociative(ctx, node, (operator, left, right, operatorSpan) => ({
      kind: "logical",
      operator: "and",
      left,
      right,
      operatorSpan,
      span: cover(left.span, right.span),
    }));
  }

  notExpression(ctx: Children, node: CstNode): ast.Expr {
    const comparison = this.node(ctx, "comparison");
    if (comparison) return this.build(comparison) as ast.Expr;
    return { kind: "not", operand: this.expr(this.node(ctx, "notExpression"), node), span: this.nodeSpan(node) };
  }

  comparison(ctx: Children, node: CstNode): ast.Expr {
    return this.leftAssociative(ctx, node, (operator, left, right, operatorSpan) => ({
      kind: "compare",
      operator: operator as ast.ComparisonOperator,
      left,
      right,
      operatorSpan,
      span: cover(left.span, right.span),
    }));
  }

  additive(ctx: Children, node: CstNode): ast.Expr {
    return this.arithmetic(ctx, node);
  }

  multiplicative(ctx: Children, node: CstNode): ast.Expr {
    return this.arithmetic(ctx, node);
  }

  private arithmetic(ctx: Children, node: CstNode): ast.Expr {
    return this.leftAssociative(ctx, node, (operator, left, right, operatorSpan) => ({
      kind: "binary",
      operator: operator as ast.ArithmeticOperator,
      left,
      right,
      operatorSpan,
      span: cover(left.span, right.span),
    }));
  }

  private leftAssociative(
    ctx: Children,
    node: CstNode,
    combine: (operator: string, left: ast.Expr, right: ast.Expr, operatorSpan: Span) => ast.Expr,
  ): ast.Expr {
    const operands = ctx.operands ?? [];
    const operators = ctx.operators ?? [];
    let result = this.expr(operands[0] as CstNode | undefined, node);
    operators.forEach((operator, i) => {
      const token = operator as IToken;
      const right = this.expr(operands[i + 1] as CstNode | undefined, node);
      result = combine(token.image, result, right, this.tokenSpan(token));
    });
    return result;
  }

  unary(ctx: Children, node: CstNode): ast.Expr {
    const primary = this.node(ctx, "primary");
    if (primary) return this.build(primary) as ast.Expr;
    const sign = this.token(ctx, "sign");
    const operand = this.expr(this.node(ctx, "unary"), node);
    if (sign?.image === "+") return operand;
    return { kind: "negate", operand, span: this.nodeSpan(node) };
  }

  conversion(ctx: Children, node: CstNode): ast.Expr {
    const operand = this.expr(this.node(ctx, "additive"), node);
    const unit = this.node(ctx, "unitExpression");
    if (!unit) return operand;
    return { kind: "convert", operand, unit: this.unitExpression(unit.children, unit), span: this.nodeSpan(node) };
  }

  primary(ctx: Children, node: CstNode): ast.Expr {
    const inner = this.node(ctx, "quantity") ?? this.node(ctx, "call") ?? this.node(ctx, "parenthesized") ?? this.node(ctx, "conditional");
    if (inner) return this.build(inner) as ast.Expr;
    const identifier = this.token(ctx, "Identifier");
    if (identifier) return { kind: "name", name: identifier.image, span: this.tokenSpan(identifier) };
    const pattern = this.token(ctx, "NamePattern");
    if (pattern) return { kind: "pattern", pattern: pattern.image, span: this.tokenSpan(pattern) };
    const bool = this.token(ctx, "True") ?? this.token(ctx, "False");
    if (bool) return { kind: "boolean", value: bool.image === "true", span: this.tokenSpan(bool) };
    return this.missing(node);
  }

  call(ctx: Children, node: CstNode): ast.Expr {
    const callee = this.token(ctx, "Identifier");
    return {
      kind: "call",
      callee: callee?.image ?? "",
      calleeSpan: callee ? this.tokenSpan(callee) : this.nodeSpan(node),
      args: (ctx.arguments ?? []).map((a) => this.build(a as CstNode) as ast.Expr),
      span: this.nodeSpan(node),
    };
  }

  parenthesized(ctx: Children, node: CstNode): ast.Expr {
    return this.expr(this.node(ctx, "expression"), node);
  }

  conditional(ctx: Children, node: CstNode): ast.Expr {
    return {
      kind: "if",
      condition: this.expr(this.node(ctx, "condition"), node),
      consequent: this.expr(this.node(ctx, "consequent"), node),
      alternative: this.expr(this.node(ctx, "alternative"), node),
      span: this.nodeSpan(node),
    };
  }

  signedQuantity(ctx: Children, node: CstNode): ast.NumberLit | undefined {
    const quantity = this.node(ctx, "quantity");
    const literal = quantity ? this.quantity(quantity.children, quantity) : undefined;
    if (!literal) return undefined;
    const sign = this.token(ctx, "sign");
    if (sign?.image !== "-") return { ...literal, span: this.nodeSpan(node) };
    const value = literal.value === "0" || /^0(\.0+)?$/.test(literal.value) ? literal.value : `-${literal.value}`;
    return { ...literal, value, span: this.nodeSpan(node) };
  }

  quantity(ctx: Children, node: CstNode): ast.NumberLit | undefined {
    const number = this.token(ctx, "NumberLiteral");
    if (!number) return undefined;
    const unit = this.node(ctx, "unitExpression");
    return this.number(number, unit ? this.unitExpression(unit.children, unit) : undefined, node);
  }

  private number(token: IToken, unit: ast.UnitExpr | undefined, node: CstNode | undefined): ast.NumberLit {
    const digits = token.image.replace(/,/g, "");
    const point = digits.indexOf(".");
    return {
      kind: "number",
      value: digits,
      decimals: point < 0 ? 0 : digits.length - point - 1,
      unit,
      span: node ? this.nodeSpan(node) : this.tokenSpan(token),
    };
  }

  unitExpression(ctx: Children, node: CstNode): ast.UnitExpr {
    const atoms = (ctx.unitName ?? []).flatMap((element, i) => {
      const unitName = element as CstNode;
      const token = this.token(unitName.children, "Identifier") ?? this.token(unitName.children, "Percent");
      if (!token) return [];
      return [{ name: token.image, exponent: (i === 0 ? 1 : -1) as 1 | -1, span: this.tokenSpan(token) }];
    });
    return { atoms, span: this.nodeSpan(node) };
  }

  /** Read through `unitExpression`; never visited on its own. */
  unitName(): void {}
}
