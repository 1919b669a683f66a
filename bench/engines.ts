/**
 * The same generated formulas and inputs, for the engines reckon is compared with:
 * - the hand-written decimal.js kernel (./kernel.ts), the floor;
 * - mathjs in BigNumber mode (precision 34), with the std library's functions defined in mathjs;
 * - HyperFormula, one row per department and one column per figure (two for a published figure: the
 *   printed value that other formulas read, and the formula), as a spreadsheet would hold them.
 *
 * Every engine reads what reckon's formulas read: facts, and the printed values of published figures.
 */
import { Decimal } from "decimal.js";
import { Exact, Floor, GRADES, printedOf, SHAPES, type Shape } from "./kernel";
import type { Department, FormulaFigure, ProvinceTotal } from "./template";

/** A published figure's place and what it should print as. */
export interface Expected {
  readonly department: number;
  readonly figure: number;
  /** The exact value, rounded as the report rounds it (the reference every engine is held to). */
  readonly rounded: Decimal;
  readonly decimals: number;
  readonly scale: Decimal;
}

/** The province as flat slots: grades first, then each department's figures, then the two totals. */
export interface Layout {
  readonly departments: readonly Department[];
  readonly totals: readonly ProvinceTotal[];
  /** Figures per department (the template gives every department the same list). */
  readonly width: number;
  /** The published figures, in evaluation order: the outputs of every engine. */
  readonly expected: readonly Expected[];
  /** The slot of the figure that each total adds up, within a department. */
  readonly totalOf: readonly number[];
}

export const GRADE_SLOTS = GRADES.length;

export function layout(departments: readonly Department[], totals: readonly ProvinceTotal[]): Layout {
  const width = departments[0]!.figures.length;
  const expected: Expected[] = [];
  departments.forEach((d, di) => {
    if (d.figures.length !== width) throw new Error(`${d.name} has ${d.figures.length} figures, not ${width}`);
    d.figures.forEach((f, fi) => {
      if (f.kind === "formula" && f.published) {
        expected.push({ department: di, figure: fi, rounded: printedOf(f.value, f.published.scale, f.published.decimals), decimals: f.published.decimals, scale: f.published.scale });
      }
    });
  });
  const totalOf = totals.map((t) => departments[0]!.figures.findIndex((f) => f.name === t.of));
  for (const t of totals) expected.push({ department: -1, figure: -1, rounded: t.value, decimals: 2, scale: new Exact(1) });
  return { departments, totals, width, expected, totalOf };
}

function slotOf(l: Layout, department: number, arg: number): number {
  return arg < 0 ? -1 - arg : GRADE_SLOTS + department * l.width + arg;
}

/** The kernel's program: values and formulas in flat typed arrays. */
export function buildFloor(l: Layout): Floor {
  const values: Decimal[] = GRADES.map((g) => g.value);
  const shapes: number[] = [];
  const argStart: number[] = [];
  const args: number[] = [];
  const directions: number[] = [];
  const targets: number[] = [];
  let output = 0;
  l.departments.forEach((d, di) => {
    d.figures.forEach((f, fi) => {
      const slot = slotOf(l, di, fi);
      if (f.kind === "fact") {
        values[slot] = f.value;
        return;
      }
      values[slot] = f.published ? new Exact(f.published.printed.times(f.published.scale)) : new Exact(0);
      shapes.push(SHAPES.indexOf(f.shape));
      argStart.push(args.length);
      for (const a of f.args) args.push(slotOf(l, di, a));
      directions.push(f.direction ?? 0);
      targets.push(f.published ? -1 - output++ : slot);
    });
  });
  l.totals.forEach((_, t) => {
    shapes.push(SHAPES.indexOf("sum"));
    argStart.push(args.length);
    l.departments.forEach((_d, di) => args.push(slotOf(l, di, l.totalOf[t]!)));
    directions.push(0);
    targets.push(-1 - output++);
  });
  argStart.push(args.length);
  return new Floor(values, Uint8Array.from(shapes), Int32Array.from(argStart), Int32Array.from(args), Int8Array.from(directions), Int32Array.from(targets), new Array(output));
}

/** How many results, rounded as printed, differ from the exact rounded values. */
export function countDifferences(l: Layout, results: readonly Decimal[]): number {
  let differ = 0;
  l.expected.forEach((e, k) => {
    const value = results[k];
    if (value === undefined || !printedOf(value, e.scale, e.decimals).equals(e.rounded)) differ++;
  });
  return differ;
}

// ── mathjs ──────────────────────────────────────────────────────────────────────────────────────

/** The std library's functions, in mathjs syntax. */
export const MATHJS_FUNCTIONS = [
  "share(part, whole) = part / whole",
  "execution_rate(executed, budget) = executed / budget",
  "growth(current, prior) = prior == 0 ? (current == 0 ? 0 : 1) : (current - prior) / prior",
  "variance_rate(actual, budget) = budget == 0 ? (actual == 0 ? 0 : 1) : (actual - budget) / budget",
  "execution_score(rate, weight) = weight * min(rate, 1)",
  "points(score) = score",
  "proportional(actual, target, weight, direction) = weight * min(actual / target, 1)",
  "graded(actual, target, weight, direction) = weight * min(actual / target, 1)",
  "meets(actual, target, weight, direction) = ((direction > 0 and actual >= target) or (direction < 0 and actual <= target) or (direction == 0 and actual == target)) ? weight : 0",
  "prior_after_increase(current, increase) = current - increase",
  "prior_after_decrease(current, decrease) = current + decrease",
];

function mathjsCall(shape: Shape, a: readonly string[], direction: number): string {
  switch (shape) {
    case "sum":
      return a.join(" + ");
    case "diff":
      return a.join(" - ");
    case "copy":
      return a[0]!;
    case "share":
      return `share(${a[0]}, ${a[1]})`;
    case "ratio":
      return `execution_rate(${a[0]}, ${a[1]})`;
    case "growth":
      return `growth(${a[0]}, ${a[1]})`;
    case "neg_growth":
      return `-growth(${a[0]}, ${a[1]})`;
    case "variance":
      return `variance_rate(${a[0]}, ${a[1]})`;
    case "execution_score":
      return `execution_score(${a[0]}, ${a[1]})`;
    case "proportional":
    case "graded":
    case "meets":
      return `${shape}(${a[0]}, ${a[1]}, ${a[2]}, ${direction})`;
    case "prior_inc":
      return `prior_after_increase(${a[0]}, ${a[1]})`;
    case "prior_dec":
      return `prior_after_decrease(${a[0]}, ${a[1]})`;
  }
}

export interface MathjsProgram {
  /** `vN = …` for unpublished formulas (their value is read by others), a bare expression for published ones. */
  readonly expressions: readonly string[];
  /** For each expression, the output index of a published figure, or -1. */
  readonly outputs: Int32Array;
  /** Input variables (facts and printed values) with their values as printed. */
  readonly inputs: readonly [string, string][];
}

export function mathjsProgram(l: Layout): MathjsProgram {
  const expressions: string[] = [];
  const outputs: number[] = [];
  const inputs: [string, string][] = GRADES.map((g, i) => [`v${i}`, g.value.toString()]);
  let output = 0;
  l.departments.forEach((d, di) => {
    d.figures.forEach((f, fi) => {
      const slot = slotOf(l, di, fi);
      if (f.kind === "fact") {
        inputs.push([`v${slot}`, f.value.toString()]);
        return;
      }
      const call = mathjsCall(f.shape, f.args.map((a) => `v${slotOf(l, di, a)}`), f.direction ?? 0);
      if (f.published) {
        inputs.push([`v${slot}`, f.published.printed.times(f.published.scale).toString()]);
        expressions.push(call);
        outputs.push(output++);
      } else {
        expressions.push(`v${slot} = ${call}`);
        outputs.push(-1);
      }
    });
  });
  l.totals.forEach((_, t) => {
    // sum(…) rather than a + b + …: a chain of 10,000 additions is 10,000 nested nodes deep.
    expressions.push(`sum(${l.departments.map((_d, di) => `v${slotOf(l, di, l.totalOf[t]!)}`).join(", ")})`);
    outputs.push(output++);
  });
  return { expressions, outputs: Int32Array.from(outputs), inputs };
}

// ── HyperFormula ─────────────────────────────────────────────────────────────────────────────────

export interface SheetLayout {
  /** Rows of the Dept sheet: numbers (facts, printed values) and formulas (strings starting with =). */
  readonly rows: (number | string)[][];
  readonly grades: number[][];
  readonly province: string[][];
  /** For each published figure (in Layout.expected order): its cell (row, column; row -1 = Province sheet). */
  readonly cells: readonly [number, number][];
  /** Column of each figure's value (as read by other formulas). */
  readonly valueColumn: readonly number[];
}

export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function sheetFormula(shape: Shape, a: readonly string[], direction: number): string {
  const growth = (c: string, p: string) => `IF(${p}=0,IF(${c}=0,0,1),(${c}-${p})/${p})`;
  switch (shape) {
    case "sum":
      return a.join("+");
    case "diff":
      return a.join("-");
    case "copy":
      return a[0]!;
    case "share":
    case "ratio":
      return `${a[0]}/${a[1]}`;
    case "growth":
    case "variance":
      return growth(a[0]!, a[1]!);
    case "neg_growth":
      return `-${growth(a[0]!, a[1]!)}`;
    case "execution_score":
      return `${a[1]}*MIN(${a[0]},1)`;
    case "proportional":
    case "graded":
      return `${a[2]}*MIN(${a[0]}/${a[1]},1)`;
    case "meets":
      return `IF(OR(AND(${direction}>0,${a[0]}>=${a[1]}),AND(${direction}<0,${a[0]}<=${a[1]}),AND(${direction}=0,${a[0]}=${a[1]})),${a[2]},0)`;
    case "prior_inc":
      return `${a[0]}-${a[1]}`;
    case "prior_dec":
      return `${a[0]}+${a[1]}`;
  }
}

/** Values as a spreadsheet holds them: binary floating point (90% is 0.9). */
function float(x: Decimal): number {
  return Number(x.toString());
}

export function sheetLayout(l: Layout): SheetLayout {
  const template = l.departments[0]!.figures;
  const valueColumn: number[] = [];
  const formulaColumn: number[] = [];
  let next = 0;
  for (const f of template) {
    valueColumn.push(next++);
    formulaColumn.push(f.kind === "formula" && f.published ? next++ : -1);
  }
  const rows = l.departments.map((d, di) => {
    const row: (number | string)[] = new Array(next);
    const r = di + 1;
    const ref = (a: number) => (a < 0 ? `Std!$A$${-a}` : `${columnName(valueColumn[a]!)}${r}`);
    d.figures.forEach((f, fi) => {
      if (f.kind === "fact") {
        row[valueColumn[fi]!] = float(f.value);
        return;
      }
      const formula = `=${sheetFormula(f.shape, f.args.map(ref), f.direction ?? 0)}`;
      if (f.published) {
        row[valueColumn[fi]!] = float(f.published.printed.times(f.published.scale));
        row[formulaColumn[fi]!] = formula;
      } else {
        row[valueColumn[fi]!] = formula;
      }
    });
    return row;
  });
  const cells: [number, number][] = [];
  l.departments.forEach((d, di) => d.figures.forEach((f, fi) => f.kind === "formula" && f.published && cells.push([di, formulaColumn[fi]!])));
  const province = [l.totals.map((_, t) => `=SUM(Dept!${columnName(valueColumn[l.totalOf[t]!]!)}1:${columnName(valueColumn[l.totalOf[t]!]!)}${l.departments.length})`)];
  l.totals.forEach((_, t) => cells.push([-1, t]));
  return { rows, grades: GRADES.map((g) => [float(g.value)]), province, cells, valueColumn };
}

/**
 * How many floating-point results differ from the exact ones once rounded to the printed decimals:
 * `toFixed` rounds the binary value (what `x.toFixed(2)` shows), `shortest` rounds its shortest
 * decimal form half up (what a careful program that formats through a decimal library shows).
 */
export function floatDifferences(l: Layout, values: readonly number[]): { toFixed: number; shortest: number; examples: string[] } {
  let toFixed = 0;
  let shortest = 0;
  const examples: string[] = [];
  l.expected.forEach((e, k) => {
    const v = values[k]!;
    const scaled = e.scale.equals(1) ? v : v * 100;
    const expected = e.rounded.toFixed(e.decimals);
    const fixed = typeof v === "number" ? scaled.toFixed(e.decimals) : "error";
    const viaShortest = typeof v === "number" ? new Decimal(String(scaled)).toDecimalPlaces(e.decimals, Decimal.ROUND_HALF_UP).toFixed(e.decimals) : "error";
    const normalise = (s: string) => (/^-0(\.0*)?$/.test(s) ? s.slice(1) : s);
    if (normalise(fixed) !== expected) {
      toFixed++;
      if (examples.length < 5) examples.push(`${scaled} → ${fixed} (exact ${expected})`);
    }
    if (normalise(viaShortest) !== expected) shortest++;
  });
  return { toFixed, shortest, examples };
}

export type { FormulaFigure };
