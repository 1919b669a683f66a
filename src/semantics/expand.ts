import { error, warning, type Diagnostic } from "../diagnostics/diagnostic";
import { decimal } from "../numbers/exact";
import type * as ast from "../syntax/ast";
import { cover, type Span } from "../syntax/source";

/** A declaration with its full name, the scope its short names are looked up in, and the citation it inherits. */
export interface Scoped<D extends ast.Declaration = ast.Declaration> {
  readonly declaration: D;
  /** The full (dotted) name of the declaration, for those that have one. */
  readonly name: string;
  /** The name within its scope: the full name is `scope.local` (or `local` at the top level). */
  readonly local: string;
  /** The section path its formula's names are looked up from ("" at the top level). */
  readonly scope: string;
  readonly citation?: ast.Citation;
}

/** Where quoted grades in a table live. */
export const GRADE_PREFIX = "等级";

const columnRoles = {
  key: ["指标", "indicator"],
  rule: ["规则", "rule"],
  target: ["目标", "target"],
  actual: ["实际", "actual"],
  weight: ["分值", "weight"],
  score: ["得分", "score"],
} as const;

type Role = keyof typeof columnRoles;

/**
 * Flattens sections and tables into plain declarations, each with its full name, the scope in
 * which its formula's short names are looked up, and the citation it inherits.
 *
 * A table row becomes facts (one per numeric cell: `T.row.目标`, `T.row.实际`, `T.row.分值`) and a
 * published figure `T.row.得分 = RULE(actual, target, weight, direction)`, where direction is 1
 * when more is better (`>=`), −1 when less is better (`<=`) and 0 for an exact target (`=`). A
 * quoted grade such as "完全达到预期" stands for the figure `等级.完全达到预期`, which the standard
 * library defines.
 */
export function expandDeclarations(declarations: readonly ast.Declaration[]): { declarations: Scoped[]; diagnostics: Diagnostic[] } {
  const out: Scoped[] = [];
  const diagnostics: Diagnostic[] = [];
  expandInto(declarations, "", undefined, out, diagnostics);
  return { declarations: out, diagnostics };
}

function qualify(scope: string, name: string): string {
  return scope === "" || name === "" ? name : `${scope}.${name}`;
}

function expandInto(
  declarations: readonly ast.Declaration[],
  scope: string,
  citation: ast.Citation | undefined,
  out: Scoped[],
  diagnostics: Diagnostic[],
): void {
  for (const declaration of declarations) {
    switch (declaration.kind) {
      case "section":
        expandInto(declaration.declarations, qualify(scope, declaration.name.name), declaration.citation ?? citation, out, diagnostics);
        break;
      case "table":
        expandTable(declaration, scope, declaration.citation ?? citation, out, diagnostics);
        break;
      case "fact":
        out.push({ declaration, name: qualify(scope, declaration.name.name), local: declaration.name.name, scope, citation: declaration.citation ?? citation });
        break;
      case "formula":
        out.push({ declaration, name: qualify(scope, declaration.name.name), local: declaration.name.name, scope, citation: declaration.published?.citation ?? citation });
        break;
      case "function":
      case "law":
        out.push({ declaration, name: qualify(scope, declaration.name.name), local: declaration.name.name, scope });
        break;
      case "known":
      case "unit":
        out.push({ declaration, name: declaration.name.name, local: declaration.name.name, scope });
        break;
      case "import":
      case "report":
        if (scope !== "") {
          diagnostics.push(
            error("R0711", `${declaration.kind === "import" ? "an import" : "the report header"} belongs at the top level of a file, not in a section`, declaration.span, {
              hint: "move it before the sections",
            }),
          );
          break;
        }
        out.push({ declaration, name: "", local: "", scope });
        break;
    }
  }
}

function expandTable(table: ast.TableDecl, scope: string, citation: ast.Citation | undefined, out: Scoped[], diagnostics: Diagnostic[]): void {
  const tableName = qualify(scope, table.name.name);
  const roles = headerRoles(table.header, diagnostics);
  if (!roles) return;
  const width = table.header.cells.length;
  // A score column prints like a spreadsheet column: to the decimals of its most precise score, with
  // trailing zeros dropped (4.53, 5, 6.88). A score printed with fewer is read with the column's (5
  // is 5.00, so a score of 4.87 printed 5 is a mismatch, and a total reads 5 as 4.995 to 5.005).
  const scoreColumn = roles.roles.get("score")!;
  let scoreDecimals = 0;
  for (const row of table.rows) {
    const score = row.cells[scoreColumn];
    if (score?.kind === "quantity" && score.value.decimals > scoreDecimals) scoreDecimals = score.value.decimals;
  }
  // A row named twice is one error at its second name, not one for each figure of the row.
  const keyColumn = roles.roles.get("key")!;
  const rowsByName = new Map<string, ast.TableCell>();
  for (const row of table.rows) {
    if (row.cells.length !== width) {
      diagnostics.push(
        error("R0701", `this row has ${row.cells.length} cells, but the header has ${width}`, row.span, {
          hint: "every row needs one cell per column, on one line; a cell the table leaves blank is written empty: | |",
        }),
      );
      continue;
    }
    const key = row.cells[keyColumn]!;
    const first = key.kind === "name" ? rowsByName.get(key.name) : undefined;
    if (key.kind === "name" && first) {
      diagnostics.push(
        error("R0301", `\`${qualify(tableName, key.name)}\` is a row of the table twice`, key.span, {
          related: [{ span: first.span, message: "first here" }],
          hint: `give each row its own name; a table the report prints twice is declared once, with the second copy's scores as figures that refer to the first (figure 第二份.${key.name}.${roles.names[scoreColumn]} = ${qualify(table.name.name, key.name)}.${roles.names[scoreColumn]} published …)`,
        }),
      );
      continue;
    }
    if (key.kind === "name") rowsByName.set(key.name, key);
    expandRow(tableName, row, roles, scoreDecimals, citation, out, diagnostics);
  }
}

interface Columns {
  readonly roles: Map<Role, number>;
  readonly names: readonly string[];
}

function headerRoles(header: ast.TableRow, diagnostics: Diagnostic[]): Columns | undefined {
  const roles = new Map<Role, number>();
  const names: string[] = [];
  let ok = true;
  header.cells.forEach((cell, index) => {
    if (cell.kind !== "name" || cell.label !== undefined) {
      diagnostics.push(
        error("R0702", "a table's first row names its columns", cell.span, {
          hint: "write plain column names, e.g. | 指标 | 规则 | 目标 | 实际 | 分值 | 得分 |",
        }),
      );
      ok = false;
      names.push("");
      return;
    }
    names.push(cell.name);
    const role = (Object.keys(columnRoles) as Role[]).find((r) => (columnRoles[r] as readonly string[]).includes(cell.name));
    if (role) roles.set(role, index);
  });
  if (!ok) return undefined;
  const missing = (Object.keys(columnRoles) as Role[]).filter((r) => !roles.has(r));
  if (missing.length > 0) {
    diagnostics.push(
      error("R0703", `the table has no ${missing.map((r) => columnRoles[r].join("/")).join(", ")} column`, header.span, {
        hint: "a scored table needs the columns 指标, 规则, 目标, 实际, 分值 and 得分 (other columns are kept as facts or text)",
      }),
    );
    return undefined;
  }
  if (roles.get("key") !== 0) {
    diagnostics.push(error("R0704", "the 指标 column must come first", header.cells[0]!.span, { hint: "move the indicator names to the first column" }));
    return undefined;
  }
  return { roles, names };
}

function expandRow(
  tableName: string,
  row: ast.TableRow,
  columns: Columns,
  scoreDecimals: number,
  tableCitation: ast.Citation | undefined,
  out: Scoped[],
  diagnostics: Diagnostic[],
): void {
  const cell = (role: Role) => row.cells[columns.roles.get(role)!]!;
  const key = cell("key");
  if (key.kind !== "name") {
    diagnostics.push(
      error("R0705", "the first cell of a row names the indicator", key.span, {
        hint: 'write a name, followed by the printed label when it is not a valid name: | 示范基地立项 "科普产业示范基地、科技小院立项（个）" | …',
      }),
    );
    return;
  }
  const rowName = qualify(tableName, key.name);
  const label = key.label ?? key.name;
  const citation: ast.Citation | undefined = tableCitation && { text: `${tableCitation.text} / ${label}`, span: tableCitation.span };
  const rule = cell("rule");
  if (rule.kind !== "name" || rule.label !== undefined) {
    diagnostics.push(error("R0706", "the 规则 cell names a scoring rule", rule.span, { hint: "e.g. proportional, meets or graded (defined in the standard library)" }));
    return;
  }

  // Numeric cells other than the score become facts of the row. A target is a threshold the
  // department set (年度指标值), not a measurement that was rounded: it is exact as written (>= 11
  // 万元 is 11, not anything from 10.5 to 11.5). A weight printed as a whole number is set by the
  // table too: it is exact (one printed 33.33 may be 100 / 3).
  row.cells.forEach((c, index) => {
    if (c.kind !== "quantity" || index === columns.roles.get("score")) return;
    const name = `${rowName}.${columns.names[index]}`;
    const setByTable = index === columns.roles.get("target") || (index === columns.roles.get("weight") && c.value.decimals === 0);
    const exact = c.exact || setByTable ? { exact: true as const } : {};
    const fact: ast.FactDecl = { kind: "fact", name: { name, span: c.span }, value: c.value, ...exact, span: c.span };
    out.push({ declaration: fact, name, local: `${key.name}.${columns.names[index]}`, scope: tableName, citation });
  });

  const argument = (role: "target" | "actual" | "weight"): ast.Expr | undefined => {
    const c = cell(role);
    const columnName = columns.names[columns.roles.get(role)!]!;
    switch (c.kind) {
      case "quantity":
        if (role === "target" || c.comparison === undefined || c.comparison === "=" || c.comparison === "==") {
          // The row's own fact, by its full name from the top level (not looked up from the table outwards).
          return { kind: "name", name: `${rowName}.${columnName}`, absolute: true, span: c.span };
        }
        diagnostics.push(error("R0707", `only the target may carry a comparison; this ${columnName} cell has \`${c.comparison}\``, c.span, {
          hint: "write the value as printed, e.g. `462 人` or `= 462 人`",
        }));
        return undefined;
      case "text":
        if (role === "weight") break;
        return { kind: "name", name: `${GRADE_PREFIX}.${c.text}`, span: c.span };
      case "name":
        if (c.label === undefined) return { kind: "name", name: c.name, span: c.span };
        break;
    }
    const should = `a number${role === "weight" ? " or a figure's name" : ", a quoted grade or a figure's name"}`;
    diagnostics.push(error("R0708", c.kind === "empty" ? `the ${columnName} cell is empty; it must be ${should}` : `the ${columnName} cell must be ${should}`, c.span, {
      hint: role === "weight" ? "write the weight as printed, e.g. 10" : 'e.g. `>= 510 人`, `= 462 人` or "完全达到预期"',
    }));
    return undefined;
  };

  const target = argument("target");
  const actual = argument("actual");
  const targetCell = cell("target");
  const actualCell = cell("actual");
  const columnName = (role: Role) => columns.names[columns.roles.get(role)!]!;
  if (target && actual && targetCell.kind === "quantity" && actualCell.kind === "quantity") {
    checkRatioUnits({ value: targetCell.value, column: columnName("target") }, { value: actualCell.value, column: columnName("actual") }, diagnostics);
  }
  const weight = argument("weight");
  const direction = directionOf(targetCell, diagnostics);
  const score = cell("score");
  if (score.kind !== "quantity" || score.comparison !== undefined) {
    const what = score.kind === "empty" ? "is empty; it must be" : "must be";
    diagnostics.push(error("R0709", `the 得分 cell ${what} the published score, a number`, score.span, { hint: "write the score as printed, e.g. 4.53" }));
    return;
  }
  if (!target || !actual || !weight || direction === undefined) return;

  const directionLiteral: ast.NumberLit = { kind: "number", value: String(direction), decimals: 0, span: targetCell.span };
  const call: ast.Call = {
    kind: "call",
    callee: rule.name,
    calleeSpan: rule.span,
    args: [actual, target, weight, directionLiteral],
    span: cover(row.cells[0]!.span, row.cells.at(-1)!.span),
  };
  const scoreColumn = columns.names[columns.roles.get("score")!]!;
  const scoreName = `${rowName}.${scoreColumn}`;
  const formula: ast.FormulaDecl = {
    kind: "formula",
    name: { name: scoreName, span: key.span },
    body: call,
    tableRow: { actual: columnName("actual"), target: columnName("target") },
    published: { value: score.value, citation, ...(score.value.decimals < scoreDecimals ? { readDecimals: scoreDecimals } : {}) },
    span: row.span,
  };
  out.push({ declaration: formula, name: scoreName, local: `${key.name}.${scoreColumn}`, scope: tableName, citation });
}

/** A number cell of a row, with the column it is printed in. */
interface PrintedCell {
  readonly value: ast.NumberLit;
  readonly column: string;
}

/**
 * A target printed in % beside an actual printed as a plain number (or the other way round): the
 * plain number is read as a ratio, 95 as 9,500 %, and the row's score is computed from it without
 * a unit error, since % and plain numbers are of one kind. Tables print both the same way. Reported
 * when the number is nearer the other cell read as a percentage than read as a ratio (more than ten
 * times the other cell, or above 1 beside 0%): 95 beside 90%, not 1.05 or 0.95 beside 90%.
 */
function checkRatioUnits(target: PrintedCell, actual: PrintedCell, diagnostics: Diagnostic[]): void {
  const inPercent = (c: ast.NumberLit) => c.unit?.atoms.length === 1 && c.unit.atoms[0]!.name === "%" && c.unit.atoms[0]!.exponent === 1;
  const [plain, other] = target.value.unit ? [actual, target] : [target, actual];
  const plainValue = plain.value;
  if (plainValue.unit || !inPercent(other.value)) return;
  const number = decimal(plainValue.value).abs();
  const ratio = decimal(other.value.value).abs().dividedBy(100);
  if (ratio.isZero() ? number.lte(1) : number.lte(ratio.times(10))) return;
  const printed = plainValue.span.file.text.slice(plainValue.span.start, plainValue.span.end);
  const asPercent = decimal(plainValue.value).times(100).toFixed();
  diagnostics.push(
    warning("R0712", `the ${other.column} cell is in %, but the ${plain.column} cell ${printed} has no unit: it reads as ${asPercent}%`, plainValue.span, {
      label: `a plain number, read as ${asPercent}%`,
      hint: `write \`${printed}%\` if the table prints ${printed}%; a plain number is a ratio (0.95 = 95%)`,
    }),
  );
}

function directionOf(target: ast.TableCell, diagnostics: Diagnostic[]): number | undefined {
  if (target.kind !== "quantity") return 1;
  switch (target.comparison) {
    case ">=":
    case ">":
      return 1;
    case "<=":
    case "<":
      return -1;
    case "=":
    case "==":
    case undefined:
      return 0;
    case "!=":
      diagnostics.push(error("R0710", "a target cannot be `!=`", target.span as Span, { hint: "use >=, <=, > , < or =" }));
      return undefined;
  }
}
