import { error, type Diagnostic, type RelatedSpan } from "../diagnostics/diagnostic";
import { didYouMean, suggest } from "../diagnostics/suggest";
import { limits } from "../limits";
import { decimal, ONE, ZERO, type Decimal } from "../numbers/exact";
import type { RoundingMode } from "../numbers/rounding";
import type * as ast from "../syntax/ast";
import type { Span } from "../syntax/source";
import type { DependencyGraph } from "./dependency-graph";
import { FigureTable } from "./figure-table";
import type { FigureSymbol, FunctionSymbol, Program } from "./program";
import { describeType, evaluationCost, type FunctionInstance, type Typed, type ValueType } from "./typed";
import { combine, conversionFactor, Unit, unitSpelling, writtenUnit, type UnitTable } from "./units";

/** The result of unit checking: every formula typed, every figure's unit known. */
export interface TypedProgram {
  /** Typed bodies of formulas, by figure. */
  readonly formulas: FigureTable<Typed>;
  /** The type of every figure: a fact's unit as printed; a formula's computed unit. */
  readonly types: FigureTable<ValueType>;
  /** Every law's condition, typed for its variables' units. */
  readonly laws: ReadonlyMap<string, TypedLaw>;
}

export interface TypedLaw {
  /** The condition, typed with the variables as parameters (in declaration order). */
  readonly condition: Typed;
  /** The unit of each variable, from its range. */
  readonly variableTypes: readonly ValueType[];
}

/** Marks an expression whose unit could not be known because of an error already reported. */
const UNKNOWN: ValueType = { kind: "quantity", unit: new Unit([["?", 1]]) };

/** A number written without a unit. */
const PLAIN: ValueType = { kind: "quantity", unit: Unit.none };

/**
 * Unit checking before evaluation. Works through the formulas in dependency order; a user function
 * is checked once for each combination of argument units it is called with (functions are generic
 * in their units: share(part, whole) works for 万元 and for 人).
 */
export function checkUnits(program: Program, graph: DependencyGraph): { typed: TypedProgram; diagnostics: Diagnostic[] } {
  const checker = new UnitChecker(program);
  for (const symbol of program.figures.values()) {
    if (symbol.kind !== "fact") continue;
    const declaration = symbol.declaration;
    if (declaration.value) {
      checker.types.set(symbol, checker.literalType(declaration.value));
    } else {
      const unit = checker.unitOf(declaration.unit);
      checker.types.set(symbol, unit ? { kind: "quantity", unit } : UNKNOWN);
    }
  }
  for (const symbol of graph.order) {
    if (symbol.kind !== "formula") continue;
    const name = symbol.name;
    const before = checker.diagnostics.length;
    const body = checker.expression(symbol.declaration.body, undefined);
    // A table row whose rule fails on an actual and a target of different kinds: one error at the row
    // instead of the rule's own, inside the standard library, at each comparison it makes.
    const mismatch = symbol.declaration.tableRow && (body.type === UNKNOWN || checker.diagnostics.length > before) ? checker.rowUnitMismatch(symbol.declaration) : undefined;
    if (mismatch) {
      checker.diagnostics.length = before;
      checker.diagnostics.push(mismatch);
      checker.types.set(symbol, UNKNOWN);
      continue;
    }
    const cost = checker.cost(body);
    if (cost > limits.formulaCost) {
      checker.diagnostics.push(tooCostly(name, cost, symbol.declaration.name.span));
      continue;
    }
    checker.formulas.set(symbol, body);
    checker.types.set(symbol, body.type);
    const published = symbol.declaration.published;
    if (published && !checker.publishedUnitFits(name, body.type, published.value)) checker.misprinted.add(symbol);
  }
  const laws = new Map<string, TypedLaw>();
  for (const law of program.laws) {
    const typed = checker.law(law.name, law.declaration);
    if (typed) laws.set(law.name, typed);
  }
  return { typed: { formulas: checker.formulas, types: checker.types, laws }, diagnostics: checker.diagnostics };
}

interface Scope {
  readonly instance: FunctionInstance;
  readonly callSite: Span;
}

class UnitChecker {
  readonly formulas: FigureTable<Typed>;
  readonly types: FigureTable<ValueType>;
  readonly diagnostics: Diagnostic[] = [];
  /** Published figures whose printed unit does not fit their formula (R0502, R0503). */
  readonly misprinted = new Set<FigureSymbol>();
  private readonly reported = new Set<string>();
  /**
   * The instance of each function for each combination of argument units, found by following the
   * units' labels one argument at a time (most formulas call a function: no key string is built).
   */
  private readonly instances = new Map<FunctionSymbol, InstanceChoices>();
  private readonly instanceCosts = new Map<FunctionInstance, number>();
  private callDepth = 0;
  private readonly units: UnitTable;
  /** The type of each unit as written (`万元`, `元/人`) once known to be valid: a spec writes a few units many times. */
  private readonly writtenTypes = new Map<string, ValueType>();
  /** Constants by their text: a spec writes a few numbers (100, 0, 1) many times. */
  private readonly constants = new Map<string, Decimal>();

  constructor(private readonly program: Program) {
    this.units = program.units;
    this.formulas = new FigureTable(program.figures);
    this.types = new FigureTable(program.figures);
  }

  private report(d: Diagnostic, scope: Scope | undefined): void {
    const key = `${d.code}:${d.span?.file.path}:${d.span?.start}:${d.message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    if (!scope) {
      this.diagnostics.push(d);
      return;
    }
    const related: RelatedSpan[] = [
      ...(d.related ?? []),
      { span: scope.callSite, message: `in ${scope.instance.name}(${scope.instance.parameterTypes.map(describeType).join(", ")}) called here` },
    ];
    this.diagnostics.push({ ...d, related });
  }

  /**
   * R0713 when a table row's actual and target are of different kinds of unit (人 and 人次), so that
   * a rule comparing them cannot; at the actual cell, pointing at the target. (A rule of one's own
   * may use them otherwise: this is asked only when the rule failed.)
   */
  rowUnitMismatch(declaration: ast.FormulaDecl): Diagnostic | undefined {
    const [actual, target] = (declaration.body as ast.Call).args;
    if (!actual || !target) return undefined;
    const actualType = this.expression(actual, undefined).type;
    const targetType = this.expression(target, undefined).type;
    if (actualType.kind !== "quantity" || targetType.kind !== "quantity" || actualType === UNKNOWN || targetType === UNKNOWN) return undefined;
    if (conversionFactor(actualType.unit, targetType.unit, this.units) !== undefined) return undefined;
    const columns = declaration.tableRow!;
    const unitText = (type: ValueType) => (type.kind === "quantity" && type.unit.isNone ? "a plain number" : `in ${describeType(type)}`);
    return error("R0713", `the ${columns.actual} cell is ${unitText(actualType)}, but the ${columns.target} cell is ${unitText(targetType)}`, actual.span, {
      label: unitText(actualType),
      related: [{ span: target.span, message: unitText(targetType) }],
      hint: `a row's actual is compared with its target: write both in the unit the table prints (${describeType(targetType)}?)`,
    });
  }

  /** The unit written on a literal, checked against the unit table. */
  unitOf(expr: ast.UnitExpr | undefined, scope?: Scope): Unit | undefined {
    if (!expr) return Unit.none;
    const known = this.writtenTypes.get(unitSpelling(expr));
    if (known) return (known as Extract<ValueType, { kind: "quantity" }>).unit;
    for (const atom of expr.atoms) {
      if (!this.units.has(atom.name)) {
        this.report(
          error("R0501", `unknown unit \`${atom.name}\``, atom.span, {
            hint: this.program.figures.has(atom.name)
              ? `\`${atom.name}\` is a figure: to multiply by it, write \`* ${atom.name}\``
              : didYouMean(suggest(atom.name, this.units.names())) ||
              `declare it with \`unit ${atom.name}\` (a new kind of count) or \`unit ${atom.name} = 10,000 OTHER\``,
          }),
          scope,
        );
        return undefined;
      }
    }
    const unit = writtenUnit(expr);
    this.writtenTypes.set(unitSpelling(expr), { kind: "quantity", unit });
    return unit;
  }

  literalType(literal: ast.NumberLit, scope?: Scope): ValueType {
    if (!literal.unit) return PLAIN;
    const known = this.writtenTypes.get(unitSpelling(literal.unit));
    if (known) return known;
    const unit = this.unitOf(literal.unit, scope);
    return unit ? this.writtenTypes.get(unitSpelling(literal.unit))! : UNKNOWN;
  }

  private constant(literal: ast.NumberLit): Decimal {
    let value = this.constants.get(literal.value);
    if (value === undefined) {
      value = decimal(literal.value);
      this.constants.set(literal.value, value);
    }
    return value;
  }

  /**
   * Whether a published figure's printed unit fits what its formula computes; reports it when not.
   * A figure that does not is read by other formulas with an unknown unit: its error is reported
   * here, not again at every formula that reads it as printed.
   */
  publishedUnitFits(name: string, computed: ValueType, literal: ast.NumberLit): boolean {
    const printed = this.literalType(literal);
    if (computed === UNKNOWN || printed === UNKNOWN) return true;
    if (computed.kind === "boolean") {
      this.report(
        error("R0502", `the figure \`${name}\` is a condition, but it is published as a number`, literal.span, {
          hint: "a published figure's formula must compute a number",
        }),
        undefined,
      );
      return false;
    }
    if (printed.kind === "quantity" && !conversionFactor(computed.unit, printed.unit, this.units)) {
      this.report(
        error("R0503", `the figure \`${name}\` computes ${computed.unit.describe()}, but is published ${printed.unit.isNone ? "without a unit" : `in ${printed.unit.describe()}`}`, literal.span, {
          label: `expected ${computed.unit.describe()}`,
          hint: computed.unit.isNone
            ? "a plain number can be published as a plain number or as a percentage (%)"
            : `write the published value with a unit of the same kind as ${computed.unit.describe()}`,
        }),
        undefined,
      );
      return false;
    }
    return true;
  }

  expression(expr: ast.Expr, scope: Scope | undefined): Typed {
    switch (expr.kind) {
      case "number":
        return { kind: "constant", source: expr, type: this.literalType(expr, scope), value: this.constant(expr) };
      case "boolean":
        return { kind: "constant", source: expr, type: { kind: "boolean" }, value: expr.value ? ONE : ZERO };
      case "name":
        return this.name(expr, scope);
      case "pattern":
      case "missing":
        return { kind: "constant", source: expr, type: UNKNOWN, value: ZERO };
      case "negate": {
        const operand = this.quantity(expr.operand, scope);
        return { kind: "negate", source: expr, type: operand.type, operand };
      }
      case "binary":
        return this.binary(expr, scope);
      case "compare": {
        const left = this.quantity(expr.left, scope);
        const right = this.quantity(expr.right, scope);
        const rightFactor = this.sameDimension(left, right, expr.operatorSpan, "compare", scope) ?? ONE;
        return { kind: "compare", source: expr, type: { kind: "boolean" }, operator: expr.operator, left, right, rightFactor };
      }
      case "logical": {
        const left = this.condition(expr.left, scope);
        const right = this.condition(expr.right, scope);
        return { kind: "logical", source: expr, type: { kind: "boolean" }, operator: expr.operator, left, right };
      }
      case "not": {
        const operand = this.condition(expr.operand, scope);
        return { kind: "not", source: expr, type: { kind: "boolean" }, operand };
      }
      case "if":
        return this.conditional(expr, scope);
      case "convert":
        return this.convert(expr, scope);
      case "call":
        return this.call(expr, scope);
    }
  }

  private name(expr: ast.NameRef, scope: Scope | undefined): Typed {
    if (scope) {
      const index = scope.instance.declaration.parameters.findIndex((p) => p.name === expr.name);
      if (index >= 0) {
        return { kind: "parameter", source: expr, type: scope.instance.parameterTypes[index] ?? UNKNOWN, index, name: expr.name };
      }
      return { kind: "constant", source: expr, type: UNKNOWN, value: ZERO };
    }
    return this.figure(expr, this.program.references.get(expr), "printed");
  }

  private figure(source: ast.Expr, symbol: FigureSymbol | FunctionSymbol | undefined, read: "printed" | "computed"): Typed {
    if (symbol === undefined || symbol.kind === "function") return { kind: "constant", source, type: UNKNOWN, value: ZERO };
    const published = symbol.kind === "formula" ? symbol.declaration.published : undefined;
    if (published && read === "printed") {
      return { kind: "figure", source, type: this.misprinted.has(symbol) ? UNKNOWN : this.literalType(published.value), symbol, read };
    }
    return { kind: "figure", source, type: this.types.of(symbol) ?? UNKNOWN, symbol, read: "computed" };
  }

  /** A sub-expression that must be a number. */
  private quantity(expr: ast.Expr, scope: Scope | undefined): Typed {
    const typed = this.expression(expr, scope);
    if (typed.type.kind === "boolean") {
      this.report(
        error("R0504", "expected a number, found a condition", expr.span, {
          hint: "use `if CONDITION then A else B` to turn a condition into a number",
        }),
        scope,
      );
      return { ...typed, type: UNKNOWN } as Typed;
    }
    return typed;
  }

  /** A sub-expression that must be a condition. */
  private condition(expr: ast.Expr, scope: Scope | undefined): Typed {
    const typed = this.expression(expr, scope);
    if (typed.type.kind !== "boolean" && typed.type !== UNKNOWN) {
      this.report(
        error("R0505", `expected a condition, found ${describeType(typed.type)}`, expr.span, {
          hint: "compare it with something, e.g. `x > 0`",
        }),
        scope,
      );
    }
    return typed;
  }

  private unitOfTyped(typed: Typed): Unit {
    return typed.type.kind === "quantity" ? typed.type.unit : Unit.none;
  }

  /**
   * The factor that brings `right` into `left`'s unit, or undefined once it has reported that they
   * cannot be combined (the caller's result is then of unknown unit, so that one wrong unit is
   * reported once, not again at every formula that reads the result).
   * An unwritten-unit 0 fits any unit (0 万元 = 0 人 = 0).
   */
  private sameDimension(left: Typed, right: Typed, at: Span, verb: "add" | "subtract" | "compare" | "choose between", scope: Scope | undefined): Decimal | undefined {
    if (left.type === UNKNOWN || right.type === UNKNOWN) return ONE;
    if (isBareZero(left) || isBareZero(right)) return ONE;
    const from = this.unitOfTyped(right);
    const to = this.unitOfTyped(left);
    const factor = conversionFactor(from, to, this.units);
    if (factor) return factor;
    const plain = from.isNone || to.isNone;
    const related = [unitOrigin(left), unitOrigin(right)].filter((r): r is RelatedSpan => r !== undefined);
    this.report(
      error("R0506", `cannot ${verb} ${to.describe()} and ${from.describe()}`, at, {
        label: `${to.describe()} on the left, ${from.describe()} on the right`,
        hint: plain
          ? `write the unit on the number (e.g. \`5 ${to.isNone ? from.label : to.label}\`), or divide to get a ratio`
          : "only values of the same kind can be added, subtracted or compared; 元, 万元 and 亿元 convert exactly",
        ...(related.length > 0 ? { related } : {}),
      }),
      scope,
    );
    return undefined;
  }

  private binary(expr: ast.Binary, scope: Scope | undefined): Typed {
    const left = this.quantity(expr.left, scope);
    const right = this.quantity(expr.right, scope);
    if (expr.operator === "+" || expr.operator === "-") {
      const rightFactor = this.sameDimension(left, right, expr.operatorSpan, expr.operator === "+" ? "add" : "subtract", scope);
      const type = isBareZero(left) ? right.type : left.type;
      const leftIsZero = isBareZero(left);
      return {
        kind: "arithmetic",
        source: expr,
        type: left.type === UNKNOWN || right.type === UNKNOWN || rightFactor === undefined ? UNKNOWN : type,
        operator: expr.operator,
        left,
        right,
        rightFactor: leftIsZero ? ONE : (rightFactor ?? ONE),
        factor: ONE,
      };
    }
    if (left.type === UNKNOWN || right.type === UNKNOWN) {
      return { kind: "arithmetic", source: expr, type: UNKNOWN, operator: expr.operator, left, right, rightFactor: ONE, factor: ONE };
    }
    const { unit, factor } = combine(this.unitOfTyped(left), this.unitOfTyped(right), expr.operator === "*" ? 1 : -1, this.units);
    return { kind: "arithmetic", source: expr, type: { kind: "quantity", unit }, operator: expr.operator, left, right, rightFactor: ONE, factor };
  }

  private conditional(expr: ast.Conditional, scope: Scope | undefined): Typed {
    const condition = this.condition(expr.condition, scope);
    const consequent = this.expression(expr.consequent, scope);
    const alternative = this.expression(expr.alternative, scope);
    let alternativeFactor = ONE;
    let type = isBareZero(consequent) ? alternative.type : consequent.type;
    if (consequent.type.kind === "boolean" || alternative.type.kind === "boolean") {
      if (consequent.type.kind !== alternative.type.kind && consequent.type !== UNKNOWN && alternative.type !== UNKNOWN) {
        this.report(
          error("R0507", `the branches of this if give ${describeType(consequent.type)} and ${describeType(alternative.type)}`, expr.span, {
            hint: "both branches must give the same kind of value",
          }),
          scope,
        );
        type = UNKNOWN;
      }
    } else {
      const factor = isBareZero(consequent) ? ONE : this.sameDimension(consequent, alternative, expr.alternative.span, "choose between", scope);
      if (factor === undefined) type = UNKNOWN;
      alternativeFactor = factor ?? ONE;
    }
    return { kind: "if", source: expr, type, condition, consequent, alternative, alternativeFactor };
  }

  private convert(expr: ast.Convert, scope: Scope | undefined): Typed {
    const operand = this.quantity(expr.operand, scope);
    const target = this.unitOf(expr.unit, scope);
    if (!target || operand.type === UNKNOWN) return { kind: "convert", source: expr, type: UNKNOWN, operand, factor: ONE };
    const factor = conversionFactor(this.unitOfTyped(operand), target, this.units);
    if (!factor) {
      this.report(
        error("R0508", `cannot express ${this.unitOfTyped(operand).describe()} in ${target.describe()}`, expr.unit.span, {
          hint: "`as` converts between units of the same kind, such as 元 and 万元, or a plain number and %",
        }),
        scope,
      );
      return { kind: "convert", source: expr, type: UNKNOWN, operand, factor: ONE };
    }
    return { kind: "convert", source: expr, type: { kind: "quantity", unit: target }, operand, factor };
  }

  private call(expr: ast.Call, scope: Scope | undefined): Typed {
    switch (expr.callee) {
      case "round":
        return this.round(expr, "half_up", scope);
      case "round_half_even":
        return this.round(expr, "half_even", scope);
      case "truncate":
        return this.round(expr, "down", scope);
      case "abs": {
        const operand = this.quantity(expr.args[0] ?? missingAt(expr), scope);
        return { kind: "abs", source: expr, type: operand.type, operand };
      }
      case "sum":
      case "min":
      case "max":
        return this.aggregate(expr, expr.callee, scope);
      case "count":
        return this.count(expr, scope);
      case "computed": {
        const target = expr.args[0];
        if (target?.kind === "name" && !scope) return this.figure(expr, this.program.references.get(target), "computed");
        return { kind: "constant", source: expr, type: UNKNOWN, value: ZERO };
      }
      default:
        return this.userCall(expr, scope);
    }
  }

  private round(expr: ast.Call, mode: RoundingMode, scope: Scope | undefined): Typed {
    const operand = this.quantity(expr.args[0] ?? missingAt(expr), scope);
    const placesExpr = expr.args[1];
    const places = placesExpr ? integerLiteral(placesExpr) : undefined;
    if (placesExpr && places === undefined) {
      this.report(
        error("R0509", `the number of places in ${expr.callee}(…) must be a whole number written in the formula`, placesExpr.span, {
          hint: `e.g. ${expr.callee}(x, 2); places run from -1000 to 1000`,
        }),
        scope,
      );
    }
    return { kind: "round", source: expr, type: operand.type, operand, places: places ?? 0, mode };
  }

  private aggregate(expr: ast.Call, operator: "sum" | "min" | "max", scope: Scope | undefined): Typed {
    const operands: Typed[] = [];
    for (const argument of expr.args) {
      if (argument.kind === "pattern") {
        for (const symbol of this.program.patterns.get(argument) ?? []) operands.push(this.figure(argument, symbol, "printed"));
      } else {
        operands.push(this.quantity(argument, scope));
      }
    }
    const first = operands.find((o) => !isBareZero(o)) ?? operands[0];
    let type: ValueType = first?.type ?? { kind: "quantity", unit: Unit.none };
    const factors = operands.map((operand) => {
      if (operand.type === UNKNOWN) type = UNKNOWN;
      if (!first || operand === first) return ONE;
      const factor = this.sameDimension(first, operand, operand.source.span, operator === "sum" ? "add" : "compare", scope);
      if (factor === undefined) type = UNKNOWN;
      return factor ?? ONE;
    });
    return { kind: "aggregate", source: expr, type, operator, operands, factors };
  }

  private count(expr: ast.Call, scope: Scope | undefined): Typed {
    const counted: FigureSymbol[] = [];
    for (const argument of expr.args) {
      if (argument.kind === "pattern") {
        counted.push(...(this.program.patterns.get(argument) ?? []));
      } else if (argument.kind === "name" && !scope) {
        const reference = this.program.references.get(argument);
        if (reference && reference.kind !== "function") counted.push(reference);
      } else if (argument.kind === "name") {
        this.report(
          error("R0514", `count(…) counts figures, and \`${argument.name}\` is a parameter of the function, a value`, argument.span, {
            hint: "count where the function is called, and pass the number: f(count(项目.*.总分))",
          }),
          scope,
        );
      } else {
        this.report(
          error("R0514", "count(…) counts figures: its arguments are names and name patterns", argument.span, {
            hint: "count(项目.*.总分) is how many figures the pattern matches; to count where a condition holds, add up `if … then 1 else 0`",
          }),
          scope,
        );
      }
    }
    return { kind: "count", source: expr, type: { kind: "quantity", unit: Unit.none }, counted };
  }

  /**
   * A law's condition, typed like the body of a function whose parameters are the law's variables,
   * each with the unit of its range. It must be a condition.
   */
  law(name: string, declaration: ast.LawDecl): TypedLaw | undefined {
    const variableTypes = declaration.variables.map((variable) => this.rangeType(variable));
    if (variableTypes.some((t) => t === UNKNOWN)) return undefined;
    const asFunction: ast.FunctionDecl = {
      kind: "function",
      name: declaration.name,
      parameters: declaration.variables.map((v) => v.name),
      body: declaration.condition,
      span: declaration.span,
    };
    const instance: FunctionInstance = { name, declaration: asFunction, parameterTypes: variableTypes, body: undefined };
    const condition = this.expression(declaration.condition, { instance, callSite: declaration.name.span });
    instance.body = condition;
    if (condition.type.kind !== "boolean") {
      if (condition.type !== UNKNOWN) {
        this.report(
          error("R0512", `the law \`${name}\` must be a condition, not ${describeType(condition.type)}`, declaration.condition.span, {
            hint: "state what must hold, e.g. `score >= 0 and score <= weight`",
          }),
          undefined,
        );
      }
      return undefined;
    }
    const cost = this.cost(condition);
    if (cost > limits.formulaCost) {
      this.report(tooCostly(name, cost, declaration.name.span), undefined);
      return undefined;
    }
    return { condition, variableTypes };
  }

  /** The unit of a law variable: its bounds (or listed values) must all be of one kind. */
  private rangeType(variable: ast.LawVariable): ValueType {
    const literals = variable.range.kind === "range" ? [variable.range.low, variable.range.high] : variable.range.values;
    const types = literals.map((literal) => this.literalType(literal));
    if (types.some((t) => t === UNKNOWN)) return UNKNOWN;
    const first = types[0] as Extract<ValueType, { kind: "quantity" }>;
    for (const [i, type] of types.entries()) {
      const unit = (type as Extract<ValueType, { kind: "quantity" }>).unit;
      if (!unit.equals(first.unit)) {
        this.report(
          error("R0513", `the values of \`${variable.name.name}\` are in ${first.unit.describe()} and ${unit.describe()}`, literals[i]!.span, {
            hint: "write every bound and value of a law variable in the same unit",
          }),
          undefined,
        );
        return UNKNOWN;
      }
    }
    return first;
  }

  /** How many operations evaluating a typed formula takes, with every function call unfolded. */
  cost(node: Typed): number {
    return evaluationCost(node, this.instanceCosts);
  }

  private userCall(expr: ast.Call, scope: Scope | undefined): Typed {
    const reference = this.program.references.get(expr);
    const symbol = reference?.kind === "function" ? reference : undefined;
    const args = expr.args.map((a) => this.expression(a, scope));
    if (!symbol || args.length !== symbol.declaration.parameters.length) {
      return { kind: "constant", source: expr, type: UNKNOWN, value: ZERO };
    }
    const parameterTypes = args.map((a) => a.type);
    let choices = this.instances.get(symbol);
    if (choices === undefined) this.instances.set(symbol, (choices = new InstanceChoices()));
    for (const type of parameterTypes) choices = choices.next(type.kind === "boolean" ? "?bool" : type.unit.label);
    let instance = choices.instance;
    if (!instance) {
      if (this.callDepth >= limits.callDepth) {
        this.report(
          error("R0511", `functions call one another more than ${limits.callDepth} deep here`, expr.span, {
            hint: "flatten the chain of functions",
          }),
          scope,
        );
        return { kind: "constant", source: expr, type: UNKNOWN, value: ZERO };
      }
      instance = { name: symbol.name, declaration: symbol.declaration, parameterTypes, body: undefined };
      choices.instance = instance;
      this.callDepth++;
      try {
        instance.body = this.expression(symbol.declaration.body, { instance, callSite: expr.span });
      } finally {
        this.callDepth--;
      }
    }
    const type = instance.body?.type ?? UNKNOWN;
    return { kind: "call", source: expr, type, instance, args };
  }
}

/** The instances of one function by the labels of its arguments' units, one argument per level. */
class InstanceChoices {
  instance: FunctionInstance | undefined = undefined;
  private readonly byLabel = new Map<string, InstanceChoices>();

  next(label: string): InstanceChoices {
    let choices = this.byLabel.get(label);
    if (choices === undefined) this.byLabel.set(label, (choices = new InstanceChoices()));
    return choices;
  }
}

function missingAt(expr: ast.Expr): ast.Expr {
  return { kind: "missing", span: expr.span };
}

function isBareZero(typed: Typed): boolean {
  return typed.kind === "constant" && typed.source.kind === "number" && !typed.source.unit && typed.value.isZero();
}

function integerLiteral(expr: ast.Expr): number | undefined {
  if (expr.kind === "negate") {
    const inner = integerLiteral(expr.operand);
    return inner === undefined ? undefined : -inner;
  }
  if (expr.kind !== "number" || expr.unit || expr.decimals > 0) return undefined;
  const n = Number(expr.value);
  return Number.isSafeInteger(n) && Math.abs(n) <= 1000 ? n : undefined;
}



/**
 * Where an operand's unit comes from, when it is a figure: the unit printed on a fact or a
 * published value, or the formula that computes it. One wrong unit on a fact shows up as an error
 * where the fact is used; this points back at the fact.
 */
function unitOrigin(typed: Typed): RelatedSpan | undefined {
  // A rounded, absolute or negated figure has the figure's unit.
  while (typed.kind === "round" || typed.kind === "abs" || typed.kind === "negate") typed = typed.operand;
  if (typed.kind !== "figure" || typed.type.kind !== "quantity") return undefined;
  const { symbol } = typed;
  const unit = typed.type.unit;
  if (symbol.kind === "fact") {
    const declaration = symbol.declaration;
    const span = declaration.value?.unit?.span ?? declaration.unit?.span ?? declaration.value?.span ?? declaration.name.span;
    return { span, message: `\`${symbol.name}\` is a fact ${unit.isNone ? "without a unit" : `in ${unit.describe()}`}` };
  }
  const published = symbol.declaration.published;
  if (typed.read === "printed" && published) {
    return { span: published.value.unit?.span ?? published.value.span, message: `\`${symbol.name}\` is published ${unit.isNone ? "without a unit" : `in ${unit.describe()}`}` };
  }
  return { span: symbol.declaration.name.span, message: `\`${symbol.name}\` computes ${unit.isNone ? "a plain number" : unit.describe()}` };
}

/** R0510: a formula or a law that would take more operations than the limit once its functions are unfolded. */
function tooCostly(name: string, cost: number, at: Span): Diagnostic {
  return error("R0510", `\`${name}\` expands to ${cost > 1e12 ? "trillions of" : cost} operations once its functions are unfolded`, at, {
    hint: `the limit is ${limits.formulaCost}; a function that calls another function several times, nested, grows exponentially`,
  });
}
