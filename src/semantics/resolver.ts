import { addAll, error, warning, type Diagnostic } from "../diagnostics/diagnostic";
import { didYouMean, suggest } from "../diagnostics/suggest";
import { limits } from "../limits";
import { decimal, DigitLimitExceeded, format, multiply } from "../numbers/exact";
import { isRoundingMode, roundingModes } from "../numbers/rounding";
import type * as ast from "../syntax/ast";
import type { Span } from "../syntax/source";
import { builtins } from "./builtins";
import { expandDeclarations, GRADE_PREFIX, type Scoped } from "./expand";
import { FigureIndex } from "./figure-index";
import type { Module } from "./loader";
import { Namespace } from "./namespace";
import { EXPRESSION_NAME, type Dependency, type FigureSymbol, type FormulaSymbol, type FunctionSymbol, type KnownInconsistency, type LawSymbol, type Program } from "./program";
import { conversionFactor, Unit, UnitTable, unitSpelling, writtenUnit } from "./units";
import { UsesTable } from "./uses-table";
import { withUnit } from "../text/decimal-text";

/**
 * Binds names: collects the declarations of all loaded modules into one namespace (sections and
 * tables flattened), reports duplicates, unknown names (with suggestions), bad calls and patterns
 * that match nothing. A short name is looked up from its section outwards: inside `section 收入`,
 * `合计` means `收入.合计` when that exists, else the top-level `合计`.
 *
 * The root module (by default the last one loaded) is the report: its `report` header describes it.
 */
export function resolve(modules: readonly Module[], rootKey?: string): { program: Program; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const units = UnitTable.builtIn();
  const functions = new Map<string, FunctionSymbol>();
  const figureNamespace = new Namespace<FigureSymbol>();
  const functionNamespace = new Namespace<FunctionSymbol>();
  const lawNamespace = new Namespace<LawSymbol>();
  const knownDeclarations: { scoped: Scoped<ast.KnownDecl>; module: Module }[] = [];
  let report: ast.ReportDecl | undefined;
  const root = (rootKey !== undefined && modules.find((m) => m.file.path === rootKey)) || modules.at(-1);

  /**
   * Declares a name in its own namespace; a name is declared once, as a figure, a function or a
   * law. Returns whether it was new (a duplicate is reported against the first declaration).
   */
  function declare<T extends FigureSymbol | FunctionSymbol | LawSymbol>(namespace: Namespace<T>, scoped: Scoped, symbol: T): boolean {
    const name = scoped.name;
    if (name === "") return false;
    const previous =
      (namespace === figureNamespace ? undefined : figureNamespace.get(name)) ??
      (namespace === functionNamespace ? undefined : functionNamespace.get(name)) ??
      (namespace === lawNamespace ? undefined : lawNamespace.get(name)) ??
      namespace.declare(scoped.scope, scoped.local, symbol);
    if (previous) {
      diagnostics.push(
        error("R0301", `\`${name}\` is declared twice`, symbol.declaration.name.span, {
          label: "second declaration",
          hint: "give each figure one declaration; a figure printed again elsewhere is a separate figure that refers to the first",
          related: [{ span: previous.declaration.name.span, message: "first declared here" }],
        }),
      );
      return false;
    }
    return true;
  }

  /** Figures in declaration order: a figure's index is its position here. */
  const figureList: FigureSymbol[] = [];
  function declareFigure(symbol: FigureSymbol, scoped: Scoped): boolean {
    if (!declare(figureNamespace, scoped, symbol)) return false;
    figureList.push(symbol);
    return true;
  }

  const formulas: FormulaSymbol[] = [];
  const scopedFunctions: FunctionSymbol[] = [];
  const laws: LawSymbol[] = [];
  for (const module of modules) {
    const expanded = expandDeclarations(module.syntax.declarations);
    addAll(diagnostics, expanded.diagnostics);
    for (const scoped of expanded.declarations) {
      const declaration = scoped.declaration;
      switch (declaration.kind) {
        case "report":
          if (module === root && !report) report = declaration;
          else if (module === root)
            diagnostics.push(error("R0302", "a spec has one report header", declaration.span, { hint: "remove the second `report` line" }));
          else
            diagnostics.push(
              warning("R0303", "the report header of an imported spec is ignored", declaration.span, {
                hint: "only the spec being checked describes the report; import libraries, not reports",
              }),
            );
          checkRounding(declaration.rounding, diagnostics);
          checkYear(declaration, module === root, diagnostics);
          break;
        case "unit":
          declareUnit(declaration, units, diagnostics);
          break;
        case "fact":
          declareFigure({ kind: "fact", name: scoped.name, index: figureList.length, scope: scoped.scope, citation: scoped.citation, declaration, module }, scoped);
          break;
        case "formula": {
          const symbol: FormulaSymbol = { kind: "formula", name: scoped.name, index: figureList.length, scope: scoped.scope, citation: scoped.citation, declaration, module };
          if (declareFigure(symbol, scoped)) formulas.push(symbol);
          checkRounding(declaration.published?.rounding, diagnostics);
          break;
        }
        case "function":
          if (builtins.has(scoped.name)) {
            diagnostics.push(error("R0304", `\`${scoped.name}\` is a built-in function`, declaration.name.span, { hint: "choose another name" }));
          } else {
            const symbol: FunctionSymbol = { kind: "function", name: scoped.name, index: functions.size, declaration, module };
            if (declare(functionNamespace, scoped, symbol)) {
              functions.set(scoped.name, symbol);
              scopedFunctions.push(symbol);
            }
          }
          checkParameters(declaration, diagnostics);
          break;
        case "known":
          knownDeclarations.push({ scoped: scoped as Scoped<ast.KnownDecl>, module });
          break;
        case "law": {
          const law: LawSymbol = { kind: "law", name: scoped.name, declaration, module };
          if (declare(lawNamespace, scoped, law)) laws.push(law);
          checkLawVariables(declaration, diagnostics);
          break;
        }
        default:
          break;
      }
    }
  }

  const figures = new FigureIndex(figureList);
  if (figures.size + functions.size > limits.declarations) {
    diagnostics.push(
      error("R0320", `the program declares ${figures.size + functions.size} figures and functions, more than ${limits.declarations}`, root?.syntax.span, {
        hint: "check the reports one at a time",
      }),
    );
  }

  // What each figure and function uses, by index, filled in as their formulas are resolved.
  const figureUses: Dependency[][] = [];
  for (const symbol of figureList) figureUses.push(symbol.kind === "formula" ? [] : NO_USES);
  const functionUses: Dependency[][] = [];
  for (let i = 0; i < functions.size; i++) functionUses.push([]);
  const usesOfOne = new Uses();
  let figureNames: string[] | undefined;
  const context: Context = {
    functions,
    figureNamespace,
    functionNamespace,
    patterns: new Map(),
    references: new Map(),
    get figureNames() {
      return (figureNames ??= [...figures.keys()]);
    },
    suggestionsLeft: { count: 100 },
    namePrefixes: {},
    relativeNames: new Map(),
    diagnostics,
    self: undefined,
    uses: undefined,
  };
  for (const symbol of formulas) {
    context.self = symbol;
    const uses = figureUses[symbol.index]!;
    context.uses = usesOfOne.reset(uses);
    checkExpression(symbol.declaration.body, symbol.scope, undefined, context);
    // Kept at its length: an array grown by push has room for 16 more, and most formulas use two or three figures.
    figureUses[symbol.index] = uses.length === 0 ? NO_USES : uses.slice();
  }
  context.self = undefined;
  for (const symbol of scopedFunctions) {
    const parameters = new Set(symbol.declaration.parameters.map((p) => p.name));
    context.uses = usesOfOne.reset(functionUses[symbol.index]!);
    checkExpression(symbol.declaration.body, scopeOf(symbol.name), parameters, context);
  }
  context.uses = undefined;
  for (const law of laws) {
    // A law sees only its variables, like a function its parameters: it is about formulas, not figures.
    const variables = new Set(law.declaration.variables.map((v) => v.name.name));
    checkExpression(law.declaration.condition, scopeOf(law.name), variables, context);
  }
  const knowns: KnownInconsistency[] = [];
  const knownByFigure = new Map<string, KnownInconsistency>();
  for (const { scoped, module } of knownDeclarations) {
    const name = scoped.declaration.name;
    const target = figureNamespace.lookup(name.name, scoped.scope);
    if (!target || target.kind !== "formula" || !target.declaration.published) {
      diagnostics.push(
        error("R0305", `\`${name.name}\` is not a published figure`, name.span, {
          hint: target
            ? "a known inconsistency names a figure declared with `published`"
            : (context.suggestionsLeft.count-- > 0 && didYouMean(suggest(name.name, context.figureNames))) ||
              "a known declaration names a published figure of the spec; remove it if that figure is gone",
        }),
      );
      continue;
    }
    const reason = scoped.declaration.reason;
    if (reason.text.trim() === "") {
      diagnostics.push(
        error("R0324", `the known inconsistency of \`${target.name}\` gives no reason`, reason.span, {
          hint: 'say why the printed figure disagrees, with its arithmetic, e.g. "printed 60.35, but 15.35 + 14.99 + 29.5 = 59.84"',
        }),
      );
      continue;
    }
    const computes = scoped.declaration.computes;
    const unknownAtom = computes?.unit?.atoms.find((atom) => !units.has(atom.name));
    const printedUnit = target.declaration.published.value.unit;
    if (computes && unknownAtom) {
      // `known b computes 1 because "…"` reads `because` as the value's unit.
      diagnostics.push(
        error("R0501", `unknown unit \`${unknownAtom.name}\` in what \`${target.name}\` computes`, unknownAtom.span, {
          hint:
            didYouMean(suggest(unknownAtom.name, units.names())) ||
            // A misspelt unit of the figure's (万 for 万元), or a word before the reason.
            (printedUnit
              ? `the figure is printed in ${unitSpelling(printedUnit)}: known ${target.name} computes ${computes.value} ${unitSpelling(printedUnit)} "…"`
              : computes.unit!.atoms.length === 1
                ? `the reason follows the value directly, with no word between: known ${target.name} computes ${computes.value} "…"`
                : `declare it with \`unit ${unknownAtom.name}\``),
        }),
      );
      continue;
    }
    const printedIn = target.declaration.published.value.unit;
    if (computes && (computes.unit ? unitSpelling(computes.unit) : "") !== (printedIn ? unitSpelling(printedIn) : "")) {
      const printed = printedIn ? unitSpelling(printedIn) : "";
      // The same value in the printed unit, when the two convert (0.3333 → 33.33%); else the unit alone.
      const factor = conversionFactor(computes.unit ? writtenUnit(computes.unit) : Unit.none, printedIn ? writtenUnit(printedIn) : Unit.none, units);
      // A number written without its unit keeps its digits; one in a unit that does not convert does not.
      const value = factor !== undefined ? format(multiply(decimal(computes.value), factor)) : computes.unit ? "VALUE" : computes.value;
      diagnostics.push(
        error("R0328", `\`${target.name}\` is printed ${printed === "" ? "without a unit" : `in ${printed}`}, but its known value is ${computes.unit ? `in ${unitSpelling(computes.unit)}` : "without one"}`, computes.span, {
          hint: `write what the formula computes as the figure is printed: computes ${withUnit(value, printed)}`,
        }),
      );
      continue;
    }
    const first = knownByFigure.get(target.name);
    if (first) {
      diagnostics.push(
        error("R0325", `\`${target.name}\` is declared a known inconsistency twice`, name.span, {
          hint: "give one known declaration per figure, with every reason in it",
          related: [{ span: first.declaration.name.span, message: "first declared here" }],
        }),
      );
      continue;
    }
    const known = { declaration: scoped.declaration, figure: target.name, module };
    knowns.push(known);
    knownByFigure.set(target.name, known);
  }

  return {
    program: {
      modules,
      root: root?.file.path ?? "",
      report,
      units,
      figures,
      figureList,
      functions,
      laws,
      knowns,
      patterns: context.patterns,
      references: context.references,
      uses: new UsesTable(figures, functions, figureUses, functionUses),
    },
    diagnostics,
  };
}

const NO_USES: Dependency[] = [];

/** What one formula or function uses, each figure or function once, in the order first named. */
class Uses {
  private list: Dependency[] = NO_USES;
  private seen: Set<FigureSymbol | FunctionSymbol> | undefined;

  /** Starts on the next formula or function, whose list this fills. */
  reset(list: Dependency[]): this {
    this.list = list;
    this.seen = undefined;
    return this;
  }

  add(symbol: FigureSymbol | FunctionSymbol, span: Span): void {
    const list = this.list;
    // Most formulas name a handful of figures: a set only for those that name many (a pattern).
    if (this.seen === undefined && list.length < 16) {
      for (let i = 0; i < list.length; i++) if (list[i]!.symbol === symbol) return;
      list.push({ name: symbol.name, symbol, span });
      if (list.length === 16) this.seen = new Set(list.map((d) => d.symbol));
      return;
    }
    if (this.seen!.has(symbol)) return;
    this.seen!.add(symbol);
    list.push({ name: symbol.name, symbol, span });
  }
}

/** The section a declaration is in: `绩效.总分` → `绩效`. */
function scopeOf(name: string): string {
  return name.includes(".") ? name.slice(0, name.lastIndexOf(".")) : "";
}

function checkLawVariables(law: ast.LawDecl, diagnostics: Diagnostic[]): void {
  const seen = new Set<string>();
  for (const variable of law.variables) {
    if (seen.has(variable.name.name)) {
      diagnostics.push(error("R0307", `variable \`${variable.name.name}\` is named twice`, variable.name.span, { hint: "rename one of them" }));
    }
    seen.add(variable.name.name);
    const range = variable.range;
    if (range.kind === "range" && decimal(range.low.value).greaterThan(decimal(range.high.value))) {
      diagnostics.push(
        error("R0321", `the range of \`${variable.name.name}\` is empty: ${range.low.value} is above ${range.high.value}`, variable.span, {
          hint: "write the lower bound first: LOW .. HIGH",
        }),
      );
    }
  }
}

/**
 * A report's year is a calendar year as reports print it: 2024, not 20.5. The root spec's title that
 * names other years than the header's (`"… 2024年度部门决算" year 2025`) is a header half changed
 * when last year's spec was copied: a warning. An imported spec's header is ignored (R0303).
 */
function checkYear(report: ast.ReportDecl, isRoot: boolean, diagnostics: Diagnostic[]): void {
  const year = report.year;
  if (!year) return;
  if (year.decimals !== 0 || year.value.startsWith("-") || !/^\d{4}$/.test(year.value)) {
    diagnostics.push(error("R0326", `\`${year.value}\` is not a year`, year.span, { hint: "write the report's year with four digits, e.g. year 2024" }));
    return;
  }
  const named = isRoot ? yearsOfTitle(report.title) : [];
  const wanted = Number(year.value);
  if (named.length === 0 || named.some(({ from, to }) => from <= wanted && wanted <= to)) return;
  diagnostics.push(
    warning("R0327", `the title says ${named[0]!.text}, but the report's year is ${year.value}`, year.span, {
      label: `the title says ${named[0]!.text}, not this year`,
      hint: "when a spec is copied from last year's, change the title and the year together",
    }),
  );
}

const CHINESE_DIGITS = "〇一二三四五六七八九";

/**
 * The years a report title names, as printed: `2024年度`, `２０２４年`, `二〇二四年`, a range
 * `2023—2025年`. The year of the report (`…年度`) when the title names one, else every year named.
 */
function yearsOfTitle(title: string): { from: number; to: number; text: string }[] {
  // Full-width and Chinese digits become ASCII ones, one character for one, so that positions hold.
  const ascii = title
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[〇零一二三四五六七八九]{4}(?=\s*年)/g, (run) => [...run].map((c) => CHINESE_DIGITS.indexOf(c === "零" ? "〇" : c)).join(""));
  const found = [...ascii.matchAll(/(?<!\d)(\d{4})(?:\s*[-—–~～至到]\s*(\d{4}))?\s*年(度)?/g)].map((m) => ({
    from: Number(m[1]),
    to: Number(m[2] ?? m[1]),
    text: title.slice(m.index, m.index + m[0].length),
    ofReport: m[3] !== undefined,
  }));
  const ofReport = found.filter((y) => y.ofReport);
  return ofReport.length > 0 ? ofReport : found;
}

function checkRounding(mode: ast.Name | undefined, diagnostics: Diagnostic[]): void {
  if (!mode || isRoundingMode(mode.name)) return;
  diagnostics.push(
    error("R0306", `unknown rounding mode \`${mode.name}\``, mode.span, {
      hint: `use one of ${Object.keys(roundingModes).join(", ")}`,
    }),
  );
}

function checkParameters(declaration: ast.FunctionDecl, diagnostics: Diagnostic[]): void {
  const seen = new Set<string>();
  for (const parameter of declaration.parameters) {
    if (seen.has(parameter.name)) {
      diagnostics.push(error("R0307", `parameter \`${parameter.name}\` is named twice`, parameter.span, { hint: "rename one of them" }));
    }
    seen.add(parameter.name);
  }
}

function declareUnit(declaration: ast.UnitDecl, units: UnitTable, diagnostics: Diagnostic[]): void {
  const name = declaration.name.name;
  if (name === "") return;
  const definition = declaration.definition;
  if (units.has(name)) {
    if (units.isBuiltIn(name) && units.sameAsBuiltIn(name, definition ? { factor: decimal(definition.value), of: definition.unit?.atoms[0]?.name ?? "" } : undefined)) {
      units.claim(name);
      return;
    }
    diagnostics.push(
      error("R0308", `unit \`${name}\` is already defined`, declaration.name.span, {
        hint: units.isBuiltIn(name) ? `\`${name}\` is built in with another meaning; choose another name` : "declare each unit once",
      }),
    );
    return;
  }
  if (!definition) {
    units.defineBase(name);
    return;
  }
  const atoms = definition.unit?.atoms ?? [];
  const of = atoms[0];
  if (atoms.length !== 1 || !of) {
    diagnostics.push(
      error("R0309", `unit \`${name}\` must be defined as a multiple of one unit`, definition.span, {
        hint: "write it like `unit 万人次 = 10,000 人次`",
      }),
    );
    return;
  }
  const factor = decimal(definition.value);
  if (!factor.isPositive() || factor.isZero()) {
    diagnostics.push(
      error("R0323", `unit \`${name}\` must be a positive multiple of \`${of.name}\`, not ${definition.value}`, definition.span, {
        hint: `a unit is a number of another unit greater than 0, like \`unit 万人次 = 10,000 人次\``,
      }),
    );
    return;
  }
  let defined: boolean;
  try {
    defined = units.defineMultiple(name, factor, of.name);
  } catch (e) {
    if (!(e instanceof DigitLimitExceeded)) throw e;
    diagnostics.push(
      error("R0322", `unit \`${name}\` is more than 10^${limits.valueDigits} of its base unit`, definition.span, {
        hint: "no report measures in such a unit; check the chain of unit definitions",
      }),
    );
    return;
  }
  if (!defined) {
    diagnostics.push(
      error("R0310", `unknown unit \`${of.name}\``, of.span, {
        hint: didYouMean(suggest(of.name, units.names())) || "declare it first with `unit NAME`",
      }),
    );
  }
}

interface Context {
  readonly functions: ReadonlyMap<string, FunctionSymbol>;
  /** The figures and functions, to look short names up from a section outwards (`合计` in `收入.本年`) and match patterns. */
  readonly figureNamespace: Namespace<FigureSymbol>;
  readonly functionNamespace: Namespace<FunctionSymbol>;
  readonly patterns: Map<ast.PatternRef, FigureSymbol[]>;
  readonly references: Map<ast.Expr, FigureSymbol | FunctionSymbol>;
  /** Every figure's name, in declaration order (worked out when a suggestion needs it). */
  readonly figureNames: readonly string[];
  readonly diagnostics: Diagnostic[];
  /** The formula being checked: a pattern in it never matches the formula itself (`合计 = sum(支出.*)`). */
  self: FigureSymbol | undefined;
  /** What the formula or function being resolved uses (undefined for a law). */
  uses: Uses | undefined;
  /**
   * How many more unknown names, patterns, functions and known declarations get "did you mean"
   * suggestions (shared by every formula): each compares a name with every declared one.
   */
  readonly suggestionsLeft: { count: number };
  /** The names of the figures under a section, relative to it, made at its first unknown name. */
  readonly relativeNames: Map<string, readonly string[]>;
  /** Every proper prefix of a declared name (`一般公共预算.项` of `一般公共预算.项.a`), made at the first pattern that matches nothing. */
  readonly namePrefixes: { list?: readonly string[] };
}

function checkExpression(expr: ast.Expr, scope: string, parameters: ReadonlySet<string> | undefined, context: Context): void {
  // Walked case by case rather than through syntax/walk.ts's children(), which makes an array for
  // most nodes: this runs on every node of every formula of a province's spec.
  switch (expr.kind) {
    case "name":
      checkName(expr, scope, parameters, context);
      return;
    case "pattern":
      context.diagnostics.push(
        error("R0311", `the pattern \`${expr.pattern}\` stands for several figures`, expr.span, {
          hint: `use a pattern as an argument of sum, min, max or count, e.g. sum(${expr.pattern})`,
        }),
      );
      return;
    case "call":
      checkCall(expr, scope, parameters, context);
      return;
    case "number":
    case "boolean":
    case "missing":
      return;
    case "negate":
    case "not":
    case "convert":
      checkExpression(expr.operand, scope, parameters, context);
      return;
    case "binary":
    case "compare":
    case "logical":
      checkExpression(expr.left, scope, parameters, context);
      checkExpression(expr.right, scope, parameters, context);
      return;
    case "if":
      checkExpression(expr.condition, scope, parameters, context);
      checkExpression(expr.consequent, scope, parameters, context);
      checkExpression(expr.alternative, scope, parameters, context);
      return;
  }
}

function checkName(expr: ast.NameRef, scope: string, parameters: ReadonlySet<string> | undefined, context: Context): void {
  if (parameters?.has(expr.name)) return;
  const symbol = expr.absolute ? context.figureNamespace.get(expr.name) : context.figureNamespace.lookup(expr.name, scope);
  if (symbol !== undefined) {
    const full = symbol.name;
    context.references.set(expr, symbol);
    context.uses?.add(symbol, expr.span);
    if (parameters) {
      context.diagnostics.push(
        error("R0312", `a function cannot use the figure \`${full}\``, expr.span, {
          hint: "functions see only their parameters, so that one function serves every report; pass the figure as an argument",
        }),
      );
    }
    return;
  }
  const fn = expr.absolute ? context.functionNamespace.get(expr.name) : context.functionNamespace.lookup(expr.name, scope);
  if (fn !== undefined || builtins.has(expr.name)) {
    context.diagnostics.push(error("R0313", `\`${expr.name}\` is a function`, expr.span, { hint: `call it with arguments: ${expr.name}(…)` }));
    return;
  }
  if (expr.name.startsWith(`${GRADE_PREFIX}.`)) {
    const grades = context.figureNames.filter((n) => n.startsWith(`${GRADE_PREFIX}.`)).map((n) => `"${n.slice(GRADE_PREFIX.length + 1)}"`);
    context.diagnostics.push(
      error("R0319", `unknown grade "${expr.name.slice(GRADE_PREFIX.length + 1)}"`, expr.span, {
        hint:
          grades.length > 0
            ? `known grades: ${grades.join(", ")}; a new one is declared beside them with the share of the weight it earns, e.g. \`fact ${expr.name} = 80%\``
            : "the grades are declared in the standard library: import it (import \"../std/final-accounts.reckon\")",
      }),
    );
    return;
  }
  // Suggestions compare the name with every declared one: after the first hundred unknown names
  // (a spec that is mostly wrong) they are left out, so the time stays linear.
  const similar = context.suggestionsLeft.count-- > 0 ? suggest(expr.name, candidatesFor(scope, parameters, context)) : [];
  const suggestions = didYouMean(similar);
  // How to declare it, where the formula is (a function's body names only its parameters; an
  // expression given to eval declares nothing): said when nothing is similar, and when the similar
  // name is the same name in another section, which may be another amount (a 年初结转和结余 of
  // 收入, deleted, and one of 财政拨款 found instead).
  const where = scope === "" ? "" : ` in section ${scope}`;
  const declare = parameters || expr.span.file.path === EXPRESSION_NAME ? "" : `fact ${expr.name} = VALUE`;
  const elsewhere = scope === "" ? undefined : similar.find((name) => name.endsWith(`.${expr.name}`) && !name.startsWith(`${scope}.`));
  const hint = !declare
    ? suggestions || (!parameters ? "declare it as a fact or a formula, or import the spec that does" : context.uses ? "a function's body names its parameters only" : "a law names its variables only (for x in …)")
    : suggestions
      ? `${suggestions}${elsewhere ? ` \`${elsewhere}\` is another section's; if ${scope} has its own, declare it${where}: ${declare}` : ""}`
      : `declare it${where} as a fact (${declare}) or a formula, or import the spec that does`;
  context.diagnostics.push(error("R0314", `unknown name \`${expr.name}\``, expr.span, { label: "not declared anywhere", hint }));
}

function* candidatesFor(scope: string, parameters: ReadonlySet<string> | undefined, context: Context): Generator<string> {
  if (parameters) yield* parameters;
  if (scope !== "") {
    let relative = context.relativeNames.get(scope);
    if (!relative) {
      relative = context.figureNames.filter((n) => n.startsWith(`${scope}.`)).map((n) => n.slice(scope.length + 1));
      context.relativeNames.set(scope, relative);
    }
    yield* relative;
  }
  yield* context.figureNames;
}

function checkCall(expr: ast.Call, scope: string, parameters: ReadonlySet<string> | undefined, context: Context): void {
  const builtin = builtins.get(expr.callee);
  const user = builtin ? undefined : context.functionNamespace.lookup(expr.callee, scope);
  if (user) {
    context.references.set(expr, user);
    context.uses?.add(user, expr.calleeSpan);
  }
  for (const argument of expr.args) {
    if (argument.kind === "pattern" && builtin?.acceptsPatterns) {
      if (parameters) {
        context.diagnostics.push(
          error("R0312", `a function cannot use the figures of the pattern \`${argument.pattern}\``, argument.span, {
            hint: "functions see only their parameters, so that one function serves every report; pass the figures as arguments",
          }),
        );
      } else {
        checkPattern(argument, scope, context);
      }
    }
    else checkExpression(argument, scope, parameters, context);
  }
  if (!builtin && !user) {
    if (expr.callee === "") return;
    context.diagnostics.push(
      error("R0315", `unknown function \`${expr.callee}\``, expr.calleeSpan, {
        hint:
          (context.suggestionsLeft.count-- > 0 && didYouMean(suggest(expr.callee, [...builtins.keys(), ...context.functions.keys()]))) ||
          "declare it with `function NAME(a, b) = …`, or import the spec that does (the standard library's functions: import \"../std/final-accounts.reckon\")",
      }),
    );
    return;
  }
  const count = expr.args.length;
  const min = builtin ? builtin.minArgs : user!.declaration.parameters.length;
  const max = builtin ? builtin.maxArgs : user!.declaration.parameters.length;
  if (count < min || count > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    const usage = builtin ? builtin.usage : `${user!.name}(${user!.declaration.parameters.map((p) => p.name).join(", ")})`;
    context.diagnostics.push(
      error("R0317", `\`${expr.callee}\` takes ${expected} argument${min === 1 && max !== 0 && (max === 1 || max === Infinity) ? "" : "s"}, not ${count}`, expr.span, { hint: usage }),
    );
  }
  if (expr.callee === "computed" && builtin) {
    const target = expr.args[0];
    const symbol = target?.kind === "name" ? context.references.get(target) : undefined;
    if (target && !(symbol?.kind === "formula" && symbol.declaration.published)) {
      context.diagnostics.push(
        error("R0318", "computed(…) takes the name of a published figure", target.span, {
          hint: "other figures have no printed value, so they are always read at full precision",
        }),
      );
    }
  }
}

/**
 * Patterns like one that matches nothing, that match something: its segments before the first `*`
 * replaced by a similar prefix of the declared names (`一般公共预算.项目.*` → `一般公共预算.项.*`).
 */
function patternsLike(pattern: string, scope: string, context: Context): string[] {
  const segments = pattern.split(".");
  const wild = segments.findIndex((s) => s.includes("*"));
  if (wild <= 0) return [];
  const literal = segments.slice(0, wild).join(".");
  const rest = segments.slice(wild).join(".");
  const absolute = (context.namePrefixes.list ??= namePrefixes(context.figureNames));
  const relative = scope === "" ? [] : absolute.filter((prefix) => prefix.startsWith(`${scope}.`)).map((prefix) => prefix.slice(scope.length + 1));
  return suggest(literal, [...absolute, ...relative])
    .map((prefix) => `${prefix}.${rest}`)
    .filter((candidate) => context.figureNamespace.match(candidate, scope, (symbol) => symbol !== context.self).length > 0);
}

/** Every proper prefix of the names, once each: `a.b` and `a` of `a.b.c`. */
function namePrefixes(names: readonly string[]): string[] {
  const prefixes = new Set<string>();
  for (const name of names) {
    for (let dot = name.indexOf("."); dot >= 0; dot = name.indexOf(".", dot + 1)) prefixes.add(name.slice(0, dot));
  }
  return [...prefixes];
}

/** A pattern is matched from its section outwards too: inside `绩效.科普经费`, `指标.*.得分` means `绩效.科普经费.指标.*.得分`. */
function checkPattern(pattern: ast.PatternRef, scope: string, context: Context): void {
  const self = context.self;
  const matched = context.figureNamespace.match(pattern.pattern, scope, (symbol) => symbol !== self);
  if (matched.length === 0) {
    // As for unknown names, suggestions stop after the first hundred (each compares with every name).
    const suggestions =
      context.suggestionsLeft.count-- > 0 ? didYouMean(patternsLike(pattern.pattern, scope, context)) || didYouMean(suggest(pattern.pattern.replace(/\.\*+$/, ""), context.figureNames)) : "";
    context.diagnostics.push(error("R0316", `the pattern \`${pattern.pattern}\` matches no figure`, pattern.span, { hint: suggestions || "check the prefix" }));
  }
  context.patterns.set(pattern, matched);
  for (const symbol of matched) context.uses?.add(symbol, pattern.span);
}
