import { error, warning, type Diagnostic } from "../diagnostics/diagnostic";
import { didYouMean, suggest } from "../diagnostics/suggest";
import { isRoundingMode, roundingModes } from "../numbers/rounding";
import { decimal } from "../numbers/exact";
import type * as ast from "../syntax/ast";
import type { Span } from "../syntax/source";
import { walk } from "../syntax/walk";
import { builtins } from "./builtins";
import type { Module } from "./loader";
import type { FigureSymbol, FunctionSymbol, KnownInconsistency, Program } from "./program";
import { matchesPattern } from "./patterns";
import { UnitTable } from "./units";

/**
 * Binds names: collects the declarations of all loaded modules into one namespace, reports
 * duplicates, unknown names (with suggestions), bad calls and patterns that match nothing.
 * The root module (by default the last one loaded) is the report: its `report` header describes it.
 */
export function resolve(modules: readonly Module[], rootKey?: string): { program: Program; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const units = UnitTable.builtIn();
  const figures = new Map<string, FigureSymbol>();
  const functions = new Map<string, FunctionSymbol>();
  const knowns: KnownInconsistency[] = [];
  const declaredAt = new Map<string, Span>();
  let report: ast.ReportDecl | undefined;
  const root = (rootKey !== undefined && modules.find((m) => m.file.path === rootKey)) || modules.at(-1);

  function declare(name: ast.Name, what: string): boolean {
    if (name.name === "") return false;
    const previous = declaredAt.get(name.name);
    if (previous) {
      diagnostics.push(
        error("R0301", `\`${name.name}\` is declared twice`, name.span, {
          label: `second ${what}`,
          hint: "give each figure one declaration; restate a printed figure as a separate figure that refers to it",
          related: [{ span: previous, message: "first declared here" }],
        }),
      );
      return false;
    }
    declaredAt.set(name.name, name.span);
    return true;
  }

  for (const module of modules) {
    for (const declaration of module.syntax.declarations) {
      switch (declaration.kind) {
        case "import":
          break;
        case "report":
          if (module === root && !report) report = declaration;
          else if (module === root)
            diagnostics.push(error("R0302", "a spec has one report header", declaration.span, { hint: "remove the second `report` line" }));
          else
            diagnostics.push(
              warning("R0303", "the report header of an imported spec is ignored", declaration.span, {
                hint: "only the spec named on the command line describes the report; import libraries, not reports",
              }),
            );
          checkRounding(declaration.rounding, diagnostics);
          break;
        case "unit":
          declareUnit(declaration, units, diagnostics);
          break;
        case "fact":
          if (declare(declaration.name, "declaration")) figures.set(declaration.name.name, { kind: "fact", name: declaration.name.name, declaration, module });
          break;
        case "formula":
          if (declare(declaration.name, "declaration"))
            figures.set(declaration.name.name, { kind: "formula", name: declaration.name.name, declaration, module });
          checkRounding(declaration.published?.rounding, diagnostics);
          break;
        case "function":
          if (builtins.has(declaration.name.name)) {
            diagnostics.push(
              error("R0304", `\`${declaration.name.name}\` is a built-in function`, declaration.name.span, { hint: "choose another name" }),
            );
          } else if (declare(declaration.name, "declaration")) {
            functions.set(declaration.name.name, { kind: "function", name: declaration.name.name, declaration, module });
          }
          checkParameters(declaration, diagnostics);
          break;
        case "known":
          knowns.push({ declaration, module });
          break;
      }
    }
  }

  const patterns = new Map<ast.PatternRef, FigureSymbol[]>();
  const figureNames = [...figures.keys()];
  const context = { figures, functions, patterns, figureNames, diagnostics };
  for (const symbol of figures.values()) {
    if (symbol.kind === "formula") checkExpression(symbol.declaration.body, undefined, context);
  }
  for (const symbol of functions.values()) {
    const parameters = new Set(symbol.declaration.parameters.map((p) => p.name));
    checkExpression(symbol.declaration.body, parameters, context);
  }
  for (const known of knowns) {
    const name = known.declaration.name;
    const target = figures.get(name.name);
    if (!target || target.kind !== "formula" || !target.declaration.published) {
      diagnostics.push(
        error("R0305", `\`${name.name}\` is not a published figure`, name.span, {
          hint: target
            ? "a known inconsistency names a figure declared with `published`"
            : didYouMean(suggest(name.name, figureNames)) || "declare the figure first",
        }),
      );
    }
  }

  return { program: { modules, report, units, figures, functions, knowns, patterns }, diagnostics };
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
  if (units.has(name)) {
    diagnostics.push(
      error("R0308", `unit \`${name}\` is already defined`, declaration.name.span, { hint: "built-in units need no declaration" }),
    );
    return;
  }
  const definition = declaration.definition;
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
  if (!units.defineMultiple(name, decimal(definition.value), of.name)) {
    diagnostics.push(
      error("R0310", `unknown unit \`${of.name}\``, of.span, {
        hint: didYouMean(suggest(of.name, units.names())) || "declare it first with `unit NAME`",
      }),
    );
  }
}

interface Context {
  readonly figures: ReadonlyMap<string, FigureSymbol>;
  readonly functions: ReadonlyMap<string, FunctionSymbol>;
  readonly patterns: Map<ast.PatternRef, FigureSymbol[]>;
  readonly figureNames: readonly string[];
  readonly diagnostics: Diagnostic[];
}

function checkExpression(body: ast.Expr, parameters: ReadonlySet<string> | undefined, context: Context): void {
  const patternArguments = new Set<ast.Expr>();
  walk(body, (expr) => {
    switch (expr.kind) {
      case "name":
        checkName(expr, parameters, context);
        break;
      case "pattern":
        if (!patternArguments.has(expr)) {
          context.diagnostics.push(
            error("R0311", `the pattern \`${expr.pattern}\` stands for several figures`, expr.span, {
              hint: `use a pattern as an argument of sum, min or max, e.g. sum(${expr.pattern})`,
            }),
          );
        }
        break;
      case "call":
        if (builtins.get(expr.callee)?.acceptsPatterns) {
          for (const argument of expr.args) if (argument.kind === "pattern") patternArguments.add(argument);
        }
        checkCall(expr, context);
        break;
      default:
        break;
    }
  });
}

function checkName(expr: ast.NameRef, parameters: ReadonlySet<string> | undefined, context: Context): void {
  if (parameters?.has(expr.name)) return;
  if (context.figures.has(expr.name)) {
    if (parameters) {
      context.diagnostics.push(
        error("R0312", `a function cannot use the figure \`${expr.name}\``, expr.span, {
          hint: "functions see only their parameters, so that one function serves every report; pass the figure as an argument",
        }),
      );
    }
    return;
  }
  if (context.functions.has(expr.name) || builtins.has(expr.name)) {
    context.diagnostics.push(
      error("R0313", `\`${expr.name}\` is a function`, expr.span, { hint: `call it with arguments: ${expr.name}(…)` }),
    );
    return;
  }
  const candidates = [...(parameters ?? []), ...context.figureNames];
  context.diagnostics.push(
    error("R0314", `unknown name \`${expr.name}\``, expr.span, {
      label: "not declared anywhere",
      hint: didYouMean(suggest(expr.name, candidates)) || "declare it as a fact or a formula, or import the spec that does",
    }),
  );
}

function checkCall(expr: ast.Call, context: Context): void {
  const builtin = builtins.get(expr.callee);
  const user = context.functions.get(expr.callee);
  if (!builtin && !user) {
    if (expr.callee === "") return;
    const candidates = [...builtins.keys(), ...context.functions.keys()];
    context.diagnostics.push(
      error("R0315", `unknown function \`${expr.callee}\``, expr.calleeSpan, {
        hint: didYouMean(suggest(expr.callee, candidates)) || "declare it with `function NAME(a, b) = …` or import the spec that does",
      }),
    );
    return;
  }
  for (const argument of expr.args) {
    if (argument.kind !== "pattern" || !builtin?.acceptsPatterns) continue;
    const matched = [...context.figures.values()].filter((symbol) => matchesPattern(argument.pattern, symbol.name));
    if (matched.length === 0) {
      context.diagnostics.push(
        error("R0316", `the pattern \`${argument.pattern}\` matches no figure`, argument.span, {
          hint: didYouMean(suggest(argument.pattern.replace(/\.\*+$/, ""), context.figureNames)) || "check the prefix",
        }),
      );
    }
    context.patterns.set(argument, matched);
  }
  const count = expr.args.length;
  const min = builtin ? builtin.minArgs : user!.declaration.parameters.length;
  const max = builtin ? builtin.maxArgs : user!.declaration.parameters.length;
  const patternArgs = expr.args.some((a) => a.kind === "pattern");
  if ((count < min && !patternArgs) || count > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    const usage = builtin ? builtin.usage : `${expr.callee}(${user!.declaration.parameters.map((p) => p.name).join(", ")})`;
    context.diagnostics.push(
      error("R0317", `\`${expr.callee}\` takes ${expected} argument${expected === "1" ? "" : "s"}, not ${count}`, expr.span, {
        hint: usage,
      }),
    );
  }
  if (expr.callee === "computed" && !user) {
    const target = expr.args[0];
    const symbol = target?.kind === "name" ? context.figures.get(target.name) : undefined;
    if (target && !(symbol?.kind === "formula" && symbol.declaration.published)) {
      context.diagnostics.push(
        error("R0318", "computed(…) takes the name of a published figure", target.span, {
          hint: "other figures have no printed value, so they are always read at full precision",
        }),
      );
    }
  }
}
