/**
 * The generated workload: departmental final-accounts reports (部门决算) that follow the national
 * template, one department at a time, deterministic for a seed.
 *
 * A department is built twice over, from the same calls:
 * - as reckon text: sections with citations, facts as printed, figures with the std library's
 *   functions (share, growth, variance_rate, execution_rate, execution_score, points) and performance
 *   tables whose rows are scored by proportional / meets / graded;
 * - as a flat list of figures, each formula with a *shape* (share, growth, sum …) and the slots of its
 *   arguments, from which the other engines' inputs are made (mathjs expressions, HyperFormula cells,
 *   the hand-written decimal.js kernel).
 *
 * Every published value is computed exactly here (with the hand-written kernel of ./kernel.ts, from the
 * values a reader of the report sees: facts and the printed values of other published figures) and
 * printed correctly rounded (half up) at the decimals a report uses. One figure per department, the sum
 * of the printed income shares, is printed as reports print it (100.00%): reckon checks it within the
 * rounding of the shares (a "sum of parts with a rounding check").
 */
import { Decimal } from "decimal.js";
import { evaluateShape, Exact, GRADES, printedOf, type Shape } from "./kernel";

/** A figure of a department, in the order in which it can be evaluated (arguments first). */
export type Figure = FactFigure | FormulaFigure;

export interface FactFigure {
  readonly kind: "fact";
  /** Department-relative dotted name. */
  readonly name: string;
  /** The value as printed in the spec, with thousands separators. */
  readonly text: string;
  readonly unit: string;
  /** The value as a number of the unit's kind: 90% is 0.9, 12.50 万元 is 12.5. */
  readonly value: Decimal;
  /** Set when the fact is written as a table cell (not as a `fact` declaration). */
  readonly inTable?: boolean;
}

export interface FormulaFigure {
  readonly kind: "formula";
  readonly name: string;
  readonly shape: Shape;
  /** Slots of the arguments: ≥ 0 a figure of this department, < 0 the grade -1 - i of GRADES. */
  readonly args: readonly number[];
  /** meets: the direction of the target (1 ≥, −1 ≤, 0 =). */
  readonly direction?: number;
  /** The exact value (the kernel's). */
  readonly value: Decimal;
  readonly published?: Published;
}

export interface Published {
  /** As printed, with thousands separators and unit: `1,362.65 万元`, `76.61%`. */
  readonly text: string;
  readonly decimals: number;
  readonly unit: string;
  /** The unit's scale: 0.01 for %, else 1. The printed number is value / scale rounded. */
  readonly scale: Decimal;
  /** The printed number (value / scale, rounded), what other formulas read. */
  readonly printed: Decimal;
}

export interface Department {
  readonly name: string;
  readonly title: string;
  readonly figures: readonly Figure[];
  /** The reckon declarations of the department (sections at the top level, names relative to it). */
  readonly body: string;
}

/** A small, fast, seedable generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZERO = new Exact(0);
const PERCENT = new Exact("0.01");
const ONE = new Exact(1);

/** 1362.65 → "1,362.65" (the decimals as given). */
export function groupDigits(value: Decimal, decimals: number): string {
  const text = value.toFixed(decimals);
  const negative = text.startsWith("-");
  const [whole, fraction] = (negative ? text.slice(1) : text).split(".");
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${grouped}${fraction === undefined ? "" : `.${fraction}`}`;
}

function withUnit(number: string, unit: string): string {
  return unit === "" ? number : unit === "%" ? `${number}%` : `${number} ${unit}`;
}

const PROJECT_NAMES = ["科普经费", "场馆运行", "基层科普行动计划", "物业管理费", "免费开放补助", "学会活动经费", "青少年科技教育", "科技工作者服务", "科普信息化", "老科协活动经费"];
const GRADE_TARGETS = ["不断提高", "有效提高", "有效保障"];
const GRADE_ACTUALS = ["完全达到预期", "完全达到预期", "完全达到预期效果", "基本达到预期"];
const ITEMS = ["行政运行", "一般行政管理事务", "机关服务", "社会科学研究机构", "机构运行", "科普活动", "科技馆站", "其他科学技术普及支出"];

interface Row {
  readonly key: string;
  readonly rule: "proportional" | "meets" | "graded";
  readonly comparison: ">=" | "<=" | "=";
  readonly target: { number: Decimal; decimals: number; unit: string } | { grade: string };
  readonly actual: { number: Decimal; decimals: number; unit: string } | { grade: string };
  readonly weight: number;
}

/** Builds one department: its figures (evaluated as they are declared) and its reckon text. */
class Builder {
  readonly figures: Figure[] = [];
  private readonly slots = new Map<string, number>();
  private readonly lines: string[] = [];
  /** The section being written (department-relative), for short names. */
  private scope = "";
  private indent = "";

  constructor(readonly random: () => number) {}

  int(low: number, high: number): number {
    return low + Math.floor(this.random() * (high - low + 1));
  }

  chance(p: number): boolean {
    return this.random() < p;
  }

  /** An amount of 万元 with 2 decimals, between low and high. */
  money(low: number, high: number): Decimal {
    return new Exact(this.int(Math.round(low * 100), Math.round(high * 100))).div(100);
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }

  section(name: string, citation: string, body: () => void): void {
    const outer = this.scope;
    const outerIndent = this.indent;
    this.lines.push(`${this.indent}section ${name} @ ${JSON.stringify(citation)} {`);
    this.scope = outer === "" ? name : `${outer}.${name}`;
    this.indent += "  ";
    body();
    this.indent = outerIndent;
    this.scope = outer;
    this.lines.push(`${this.indent}}`);
  }

  /** A name as written inside the current section: short when it is under it. */
  ref(name: string): string {
    if (!this.slots.has(name)) throw new Error(`unknown figure ${name}`);
    return this.scope !== "" && name.startsWith(`${this.scope}.`) ? name.slice(this.scope.length + 1) : name;
  }

  private full(name: string): string {
    return this.scope === "" ? name : `${this.scope}.${name}`;
  }

  private add(figure: Figure): number {
    if (this.slots.has(figure.name)) throw new Error(`declared twice: ${figure.name}`);
    this.slots.set(figure.name, this.figures.length);
    this.figures.push(figure);
    return this.figures.length - 1;
  }

  slot(name: string): number {
    const slot = this.slots.get(name);
    if (slot === undefined) throw new Error(`unknown figure ${name}`);
    return slot;
  }

  /** The value a reader of the report sees: a fact, or a published figure's printed value (scaled). */
  read(slot: number): Decimal {
    if (slot < 0) return GRADES[-1 - slot]!.value;
    const figure = this.figures[slot]!;
    if (figure.kind === "fact") return figure.value;
    return figure.published ? figure.published.printed.times(figure.published.scale) : figure.value;
  }

  fact(name: string, value: Decimal, decimals: number, unit: string): string {
    const full = this.full(name);
    const number = unit === "%" ? value.div(PERCENT) : value;
    const text = withUnit(groupDigits(number, decimals), unit);
    this.add({ kind: "fact", name: full, text, unit, value });
    this.lines.push(`${this.indent}fact ${name} = ${text}`);
    return full;
  }

  /**
   * A formula (published when `decimals` is given): `expression` is its reckon text over names
   * already declared (written with `{name}` placeholders, shortened for the section).
   */
  formula(
    name: string,
    shape: Shape,
    args: readonly string[],
    expression: string,
    print?: { decimals: number | "auto" | "share"; unit: string; as?: string },
    direction?: number,
  ): string {
    const full = this.full(name);
    const slots = args.map((a) => (a.startsWith(`等级.`) ? -1 - GRADES.findIndex((g) => g.name === a) : this.slot(a)));
    const value = evaluateShape(shape, slots.map((s) => this.read(s)), direction ?? 0);
    let published: Published | undefined;
    let text = `${this.indent}${print ? "figure" : "formula"} ${name} = ${expression.replace(/\{([^}]+)\}/g, (_, n: string) => this.ref(n))}`;
    if (print) {
      const scale = print.unit === "%" ? PERCENT : ONE;
      const decimals =
        print.decimals === "auto"
          ? value.div(scale).isInteger()
            ? 0
            : 2
          : print.decimals === "share"
            ? !value.isZero() && value.abs().lessThan("0.00005")
              ? 4
              : 2
            : print.decimals;
      const printed = printedOf(value, scale, decimals);
      published = { text: withUnit(groupDigits(printed, decimals), print.unit), decimals, unit: print.unit, scale, printed };
      text += ` published ${published.text}`;
    }
    this.add({ kind: "formula", name: full, shape, args: slots, ...(direction === undefined ? {} : { direction }), value, ...(published ? { published } : {}) });
    this.lines.push(text);
    return full;
  }

  /** A formula whose published value is given (a rounding check), not computed from the formula. */
  printedAs(name: string, shape: Shape, args: readonly string[], expression: string, number: string, decimals: number, unit: string): string {
    const full = this.full(name);
    const slots = args.map((a) => this.slot(a));
    const value = evaluateShape(shape, slots.map((s) => this.read(s)), 0);
    const scale = unit === "%" ? PERCENT : ONE;
    const printed = new Exact(number);
    const published: Published = { text: withUnit(groupDigits(printed, decimals), unit), decimals, unit, scale, printed };
    this.add({ kind: "formula", name: full, shape, args: slots, value, published });
    this.lines.push(`${this.indent}figure ${name} = ${expression} published ${published.text}`);
    return full;
  }

  /** A performance table: one fact per numeric cell, one published score per row. */
  table(name: string, rows: readonly Row[]): string[] {
    const tableName = this.full(name);
    const cell = (c: Row["target"], comparison?: string) =>
      "grade" in c ? JSON.stringify(c.grade) : `${comparison ? `${comparison} ` : ""}${withUnit(groupDigits(c.unit === "%" ? c.number.div(PERCENT) : c.number, c.decimals), c.unit)}`;
    const cells: string[][] = [["指标", "规则", "目标", "实际", "分值", "得分"]];
    const scores: string[] = [];
    for (const row of rows) {
      const rowName = `${tableName}.${row.key}`;
      const argument = (column: string, c: Row["target"]): string => {
        if ("grade" in c) return `等级.${c.grade}`;
        const text = withUnit(groupDigits(c.unit === "%" ? c.number.div(PERCENT) : c.number, c.decimals), c.unit);
        this.add({ kind: "fact", name: `${rowName}.${column}`, text, unit: c.unit, value: c.number, inTable: true });
        return `${rowName}.${column}`;
      };
      const target = argument("目标", row.target);
      const actual = argument("实际", row.actual);
      const weightValue = new Exact(row.weight);
      this.add({ kind: "fact", name: `${rowName}.分值`, text: String(row.weight), unit: "", value: weightValue, inTable: true });
      const weight = `${rowName}.分值`;
      const direction = row.comparison === ">=" ? 1 : row.comparison === "<=" ? -1 : 0;
      const slots = [actual, target, weight].map((a) => (a.startsWith("等级.") ? -1 - GRADES.findIndex((g) => g.name === a) : this.slot(a)));
      const value = evaluateShape(row.rule, slots.map((s) => this.read(s)), direction);
      const decimals = value.isInteger() ? 0 : 2;
      const printed = printedOf(value, ONE, decimals);
      const scoreName = `${rowName}.得分`;
      this.add({
        kind: "formula",
        name: scoreName,
        shape: row.rule,
        args: slots,
        direction,
        value,
        published: { text: groupDigits(printed, decimals), decimals, unit: "", scale: ONE, printed },
      });
      scores.push(scoreName);
      cells.push([row.key, row.rule, cell(row.target, row.comparison), cell(row.actual, "grade" in row.actual ? undefined : "="), String(row.weight), groupDigits(printed, decimals)]);
    }
    const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => displayWidth(r[i]!))));
    this.lines.push(`${this.indent}table ${name} {`);
    for (const r of cells) this.lines.push(`${this.indent}  | ${r.map((c, i) => c + " ".repeat(widths[i]! - displayWidth(c))).join(" | ")} |`);
    this.lines.push(`${this.indent}}`);
    return scores;
  }

  text(): string {
    return `${this.lines.join("\n")}\n`;
  }
}

/** Wide (CJK) characters take two columns, so that the tables line up in an editor. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return width;
}

/** A year-on-year pair: "比上年增加 X" (growth) or "减少 X" (a fall printed after 下降). */
function yearOnYear(b: Builder, name: string, current: string, change: Decimal, increase: boolean): void {
  if (increase) {
    const fact = b.fact(`${name}.增加`, change, 2, "万元");
    const prior = b.formula(`${name}.上年`, "prior_inc", [current, fact], `prior_after_increase({${current}}, {${fact}})`);
    b.formula(`${name}.增长`, "growth", [current, prior], `growth({${current}}, {${prior}})`, { decimals: 2, unit: "%" });
  } else {
    const fact = b.fact(`${name}.减少`, change, 2, "万元");
    const prior = b.formula(`${name}.上年`, "prior_dec", [current, fact], `prior_after_decrease({${current}}, {${fact}})`);
    b.formula(`${name}.下降`, "neg_growth", [current, prior], `-growth({${current}}, {${prior}})`, { decimals: 2, unit: "%" });
  }
}

/** Splits `total` (万元) into `parts` amounts with 2 decimals; `zeros` of them may be 0.00. */
function split(b: Builder, total: Decimal, parts: number, zeroChance: number): Decimal[] {
  const cents = total.times(100).toNumber();
  const weights = Array.from({ length: parts }, (_, i) => (i > 0 && b.chance(zeroChance) ? 0 : 0.05 + b.random()));
  const sum = weights.reduce((a, w) => a + w, 0);
  const out = weights.map((w) => Math.floor((cents * w) / sum));
  out[0]! += cents - out.reduce((a, c) => a + c, 0);
  return out.map((c) => new Exact(c).div(100));
}

/** One department's report. `index` numbers it (from 1); the same seed and index give the same report. */
export function department(index: number, seed: number): Department {
  const b = new Builder(random(seed * 100_003 + index));
  const name = `单位${String(index).padStart(5, "0")}`;
  const title = `${name} 2024年度部门决算`;
  const pct = (value: number, decimals: number) => new Exact(value.toFixed(decimals)).div(100);

  // Income first (everything else is sized from it). Log-uniform between 50 and 20,000 万元.
  const appropriation = new Exact(Math.round(50 * 400 ** b.random() * 100)).div(100);

  // ── 第一部分 二、机构设置及人员情况 ──
  b.section("人员", "第一部分 二、机构设置及人员情况", () => {
    const staff = b.int(15, 300);
    const retired = b.int(0, 150);
    const veterans = b.int(0, 3);
    const f在职 = b.fact("在职", new Exact(staff), 0, "人");
    const f减少 = b.fact("在职.减少", new Exact(b.int(0, 5)), 0, "人");
    const f离休 = b.fact("离休", new Exact(veterans), 0, "人");
    const f离休增加 = b.fact("离休.增加", new Exact(b.int(0, veterans)), 0, "人");
    const f退休 = b.fact("退休", new Exact(retired), 0, "人");
    const f退休增加 = b.fact("退休.增加", new Exact(b.int(0, Math.min(10, retired))), 0, "人");
    const total = b.formula("实有人数", "sum", [f在职, f离休, f退休], `{${f在职}} + {${f离休}} + {${f退休}}`, { decimals: 0, unit: "人" });
    const p1 = b.formula("在职.上年", "prior_dec", [f在职, f减少], `prior_after_decrease({${f在职}}, {${f减少}})`);
    const p2 = b.formula("离休.上年", "prior_inc", [f离休, f离休增加], `prior_after_increase({${f离休}}, {${f离休增加}})`);
    const p3 = b.formula("退休.上年", "prior_inc", [f退休, f退休增加], `prior_after_increase({${f退休}}, {${f退休增加}})`);
    const prior = b.formula("实有人数.上年", "sum", [p1, p2, p3], `{${p1}} + {${p2}} + {${p3}}`);
    b.formula("实有人数.增长", "growth", [total, prior], `growth({${total}}, {${prior}})`, { decimals: 2, unit: "%" });
  });

  // ── 第二部分 五(三) items (the 一般公共预算 expenditure by 项), used by 四 and 五(一) ──
  const balance = b.chance(0.7) ? new Exact(0) : b.money(0.01, Math.min(5, appropriation.toNumber() / 100));
  const itemAmounts = split(b, appropriation.minus(balance), ITEMS.length, 0.3);
  b.section("一般公共预算.项", "第二部分 五(三) 一般公共预算财政拨款支出决算具体情况", () => {
    ITEMS.forEach((item, i) => {
      const amount = itemAmounts[i]!;
      const fact = b.fact(item, amount, 2, "万元");
      // A zero item fell (下降 100%); others rose or fell, now and then from a zero base (增长 100%).
      const increase = !amount.isZero() && b.chance(0.5);
      const change = increase ? (b.chance(0.05) ? amount : b.money(0, amount.toNumber() * 0.5)) : b.money(0.01, Math.max(0.01, amount.toNumber() * 0.3 + 1));
      yearOnYear(b, item, fact, change, increase);
    });
  });

  // ── 第二部分 二、收入决算情况说明 ──
  let incomeTotal = "";
  let grandIncome = "";
  b.section("收入", "第二部分 二、收入决算情况说明", () => {
    const sources: [string, Decimal][] = [
      ["财政拨款收入", appropriation],
      ["上级补助收入", b.chance(0.7) ? ZERO : b.money(1, appropriation.toNumber() * 0.2)],
      ["事业收入", b.chance(0.6) ? ZERO : b.money(1, appropriation.toNumber() * 0.3)],
      ["经营收入", b.chance(0.9) ? ZERO : b.money(0.5, appropriation.toNumber() * 0.1)],
      ["附属单位上缴收入", b.chance(0.9) ? ZERO : b.money(0.5, appropriation.toNumber() * 0.05)],
      ["其他收入", b.chance(0.5) ? ZERO : b.money(0.01, 5)],
    ];
    const facts = sources.map(([n, v]) => b.fact(n, v, 2, "万元"));
    incomeTotal = b.formula("本年收入合计", "sum", facts, facts.map((f) => `{${f}}`).join(" + "), { decimals: 2, unit: "万元" });
    const unused = b.fact("使用非财政拨款结余", b.chance(0.8) ? ZERO : b.money(0.01, 20), 2, "万元");
    const carried = b.fact("年初结转和结余", b.money(0, appropriation.toNumber() * 0.05), 2, "万元");
    grandIncome = b.formula("收入总计", "sum", [incomeTotal, unused, carried], `{${incomeTotal}} + {${unused}} + {${carried}}`, { decimals: 2, unit: "万元" });
    const shares = facts.map((f) => b.formula(`${f.slice("收入.".length)}.占比`, "share", [f, incomeTotal], `share({${f}}, {${incomeTotal}})`, { decimals: "share", unit: "%" }));
    // The report prints the shares' total as 100.00%: a rounding check over the printed shares.
    b.printedAs("占比合计", "sum", shares, "sum(*.占比)", "100.00", 2, "%");
  });

  // ── 第二部分 三、支出决算情况说明 ── (the year's expenditure is 85–100% of the income total)
  let expenditureTotal = "";
  b.section("支出", "第二部分 三、支出决算情况说明", () => {
    const income = (b.figures[b.slot(grandIncome)] as FormulaFigure).published!.printed;
    const spent = income.times(0.85 + 0.15 * b.random()).toDecimalPlaces(2, Decimal.ROUND_DOWN);
    const [basic = ZERO, project = ZERO] = split(b, spent, 2, 0);
    const [staffCost = ZERO, publicCost = ZERO] = split(b, basic, 2, 0);
    const f人员经费 = b.fact("基本支出.人员经费", staffCost, 2, "万元");
    const f公用经费 = b.fact("基本支出.公用经费", publicCost, 2, "万元");
    const f基本支出 = b.formula("基本支出", "sum", [f人员经费, f公用经费], `{${f人员经费}} + {${f公用经费}}`, { decimals: 2, unit: "万元" });
    const kinds = [
      f基本支出,
      b.fact("项目支出", project, 2, "万元"),
      b.fact("上缴上级支出", ZERO, 2, "万元"),
      b.fact("经营支出", ZERO, 2, "万元"),
      b.fact("对附属单位补助支出", ZERO, 2, "万元"),
    ];
    expenditureTotal = b.formula("本年支出合计", "sum", kinds, kinds.map((k) => `{${k}}`).join(" + "), { decimals: 2, unit: "万元" });
    for (const k of kinds) b.formula(`${k.slice("支出.".length)}.占比`, "share", [k, expenditureTotal], `share({${k}}, {${expenditureTotal}})`, { decimals: "share", unit: "%" });
    const distributed = b.fact("结余分配", ZERO, 2, "万元");
    const carried = b.formula("年末结转和结余", "diff", [grandIncome, expenditureTotal, distributed], `{${grandIncome}} - {${expenditureTotal}} - {${distributed}}`, {
      decimals: 2,
      unit: "万元",
    });
    b.formula("支出总计", "sum", [expenditureTotal, distributed, carried], `{${expenditureTotal}} + {${distributed}} + {${carried}}`, { decimals: 2, unit: "万元" });
  });

  // ── 第二部分 一、收支总体与上年相比 ──
  b.section("收支总体", "第二部分 一、收入支出决算总体情况说明", () => {
    const income = (b.figures[b.slot(grandIncome)] as FormulaFigure).published!.printed.toNumber();
    const increase = b.chance(0.4);
    yearOnYear(b, "收支", grandIncome, b.money(0.01, income * (increase ? 0.3 : 0.2)), increase);
  });

  // ── 第二部分 四、财政拨款收入支出决算总体情况说明 ──
  let appropriationSpent = "";
  b.section("财政拨款", "第二部分 四、财政拨款收入支出决算总体情况说明", () => {
    const opening = b.fact("年初结转和结余", ZERO, 2, "万元");
    const income = b.formula("本年收入", "copy", ["收入.财政拨款收入"], "{收入.财政拨款收入}", { decimals: 2, unit: "万元" });
    const incomeTotalHere = b.formula("收入总计", "sum", [opening, income], `{${opening}} + {${income}}`, { decimals: 2, unit: "万元" });
    const items = ITEMS.map((item) => `一般公共预算.项.${item}`);
    appropriationSpent = b.formula("本年支出", "sum", items, "sum(一般公共预算.项.*)", { decimals: 2, unit: "万元" });
    const closing = b.formula("年末结转和结余", "diff", [incomeTotalHere, appropriationSpent], `{${incomeTotalHere}} - {${appropriationSpent}}`, { decimals: 2, unit: "万元" });
    b.formula("支出总计", "sum", [closing, appropriationSpent], `{${closing}} + {${appropriationSpent}}`, { decimals: 2, unit: "万元" });
    const increase = b.chance(0.4);
    yearOnYear(b, "收支", incomeTotalHere, b.money(0.01, appropriation.toNumber() * 0.2), increase);
    // Budgets are often round numbers: whole 万元, or tens.
    const spent = appropriation.minus(balance).toNumber();
    const budgetNumber = spent * (0.8 + 0.5 * b.random());
    const budget = b.fact("年初预算数", b.chance(0.3) ? new Exact(Math.round(budgetNumber / 10) * 10 || 10) : b.money(budgetNumber, budgetNumber), 2, "万元");
    const final = b.formula("决算数", "copy", [appropriationSpent], `{${appropriationSpent}}`, { decimals: 2, unit: "万元" });
    b.formula("预决算差异率", "variance", [final, budget], `variance_rate({${final}}, {${budget}})`, { decimals: 2, unit: "%" });
  });

  // ── 第二部分 五(一) 一般公共预算财政拨款支出决算总体情况 ──
  b.section("一般公共预算", "第二部分 五(一) 一般公共预算财政拨款支出决算总体情况", () => {
    const spent = b.formula("本年支出", "copy", [appropriationSpent], `{${appropriationSpent}}`, { decimals: 2, unit: "万元" });
    b.formula("本年支出.占比", "share", [spent, expenditureTotal], `share({${spent}}, {${expenditureTotal}})`, { decimals: "share", unit: "%" });
  });

  // ── 第二部分 九、“三公”经费 ──
  b.section("三公", "第二部分 九、财政拨款“三公”经费支出决算情况说明", () => {
    const abroad = b.fact("因公出国境费", b.chance(0.8) ? ZERO : b.money(0.5, 20), 2, "万元");
    const carPurchase = b.fact("公务用车.购置费", b.chance(0.85) ? ZERO : b.money(10, 30), 2, "万元");
    const carRunning = b.fact("公务用车.运行维护费", b.money(0.5, 30), 2, "万元");
    const reception = b.fact("公务接待费", b.chance(0.5) ? ZERO : b.money(0.1, 5), 2, "万元");
    const car = b.formula("公务用车", "sum", [carPurchase, carRunning], `{${carPurchase}} + {${carRunning}}`, { decimals: 2, unit: "万元" });
    const parts = [abroad, car, reception];
    const total = b.formula("合计", "sum", parts, parts.map((p) => `{${p}}`).join(" + "), { decimals: 2, unit: "万元" });
    const increases: string[] = [];
    for (const part of parts) {
      const short = part.slice("三公.".length);
      b.formula(`${short}.占比`, "share", [part, total], `share({${part}}, {${total}})`, { decimals: "share", unit: "%" });
      const amount = b.read(b.slot(part)).toNumber();
      const increase = b.fact(`${short}.增加`, amount === 0 ? ZERO : b.chance(0.05) ? new Exact(amount) : b.money(0, amount * 0.4), 2, "万元");
      increases.push(increase);
      const prior = b.formula(`${short}.上年`, "prior_inc", [part, increase], `prior_after_increase({${part}}, {${increase}})`);
      b.formula(`${short}.增长`, "growth", [part, prior], `growth({${part}}, {${prior}})`, { decimals: 2, unit: "%" });
    }
    const totalIncrease = b.formula("合计.增加", "sum", increases, increases.map((i) => `{${i}}`).join(" + "), { decimals: 2, unit: "万元" });
    const totalPrior = b.formula("合计.上年", "prior_inc", [total, totalIncrease], `prior_after_increase({${total}}, {${totalIncrease}})`);
    b.formula("合计.增长", "growth", [total, totalPrior], `growth({${total}}, {${totalPrior}})`, { decimals: 2, unit: "%" });
    const budgets: string[] = [];
    for (const item of [abroad, carPurchase, carRunning, reception]) {
      const short = item.slice("三公.".length);
      const amount = b.read(b.slot(item)).toNumber();
      const budget = b.fact(`${short}.全年预算数`, amount === 0 ? ZERO : b.chance(0.5) ? new Exact(amount) : b.money(amount, amount * 1.2 + 1), 2, "万元");
      budgets.push(budget);
      b.formula(`${short}.预决算差异率`, "variance", [item, budget], `variance_rate({${item}}, {${budget}})`, { decimals: 2, unit: "%" });
    }
    const budgetTotal = b.formula("全年预算数", "sum", budgets, budgets.map((x) => `{${x}}`).join(" + "), { decimals: 2, unit: "万元" });
    b.formula("预决算差异率", "variance", [total, budgetTotal], `variance_rate({${total}}, {${budgetTotal}})`, { decimals: 2, unit: "%" });
  });

  // ── 第二部分 十(一) 机关运行经费 ──
  b.section("运行经费", "第二部分 十(一) 机关运行经费及公用经费支出情况", () => {
    for (const item of ["机关运行经费", "事业单位公用经费"]) {
      const amount = b.money(1, 100);
      const fact = b.fact(item, amount, 2, "万元");
      const increase = b.chance(0.4);
      yearOnYear(b, item, fact, increase ? b.money(0, amount.toNumber() * 0.3) : b.money(0.01, amount.toNumber() * 0.3 + 0.01), increase);
    }
  });

  // ── 第二部分 十(二) 政府采购 ──
  b.section("政府采购", "第二部分 十(二) 政府采购情况", () => {
    const goods = b.fact("货物", b.money(0, 50), 2, "万元");
    const works = b.fact("工程", b.chance(0.8) ? ZERO : b.money(1, 200), 2, "万元");
    const services = b.fact("服务", b.money(1, 300), 2, "万元");
    const total = b.formula("支出总额", "sum", [goods, works, services], `{${goods}} + {${works}} + {${services}}`, { decimals: 2, unit: "万元" });
    const totalValue = (b.figures[b.slot(total)] as FormulaFigure).value.toNumber();
    const sme = b.fact("中小企业合同", b.money(0, totalValue), 2, "万元");
    const small = b.fact("小微企业合同", b.money(0, b.read(b.slot(sme)).toNumber()), 2, "万元");
    b.formula("中小企业合同.占比", "share", [sme, total], `share({${sme}}, {${total}})`, { decimals: "share", unit: "%" });
    b.formula("小微企业合同.占比", "share", [small, total], `share({${small}}, {${total}})`, { decimals: "share", unit: "%" });
  });

  // ── 项目支出绩效自评表: three projects, each a funding block and a scored table ──
  const projects: string[] = [];
  while (projects.length < 3) {
    const p = b.pick(PROJECT_NAMES);
    if (!projects.includes(p)) projects.push(p);
  }
  for (const project of projects) {
    b.section(`项目.${project}`, `项目支出绩效自评表（${project}）`, () => {
      const costTargets = [b.money(2, 40), b.money(2, 40)];
      const costActuals = costTargets.map((t) => (b.chance(0.6) ? t : b.money(t.toNumber() * 0.7, t.toNumber())));
      const count = (unit: string, low: number, high: number) => {
        const target = b.int(low, high);
        const actual = b.chance(0.7) ? target + b.int(0, 3) : Math.max(0, target - b.int(1, Math.max(1, Math.floor(target / 3))));
        return { target: { number: new Exact(target), decimals: 0, unit }, actual: { number: new Exact(actual), decimals: 0, unit } };
      };
      const rate = (target: number, low: number) => ({
        target: { number: pct(target, 0), decimals: 0, unit: "%" },
        actual: b.chance(0.5) ? { number: pct(100, 0), decimals: 0, unit: "%" } : { number: pct(low + (100 - low) * b.random(), 1), decimals: 1, unit: "%" },
      });
      const staff = b.int(2, 15);
      const rows: Row[] = [
        { key: "数量.开展活动次数", rule: "proportional", comparison: ">=", ...count("次", 4, 120), weight: 10 },
        { key: "数量.举办培训场次", rule: "proportional", comparison: ">=", ...count("场", 1, 40), weight: 10 },
        {
          key: "数量.聘用人员人数",
          rule: "meets",
          comparison: "=",
          target: { number: new Exact(staff), decimals: 0, unit: "人" },
          actual: { number: new Exact(b.chance(0.85) ? staff : staff - 1), decimals: 0, unit: "人" },
          weight: 5,
        },
        {
          key: "质量.发布及时性",
          rule: "meets",
          comparison: "<=",
          target: { number: new Exact(24), decimals: 0, unit: "小时" },
          actual: { number: new Exact(b.chance(0.9) ? b.int(1, 24) : b.int(25, 48)), decimals: 0, unit: "小时" },
          weight: 5,
        },
        { key: "质量.验收合格率", rule: "proportional", comparison: ">=", ...rate(95, 60), weight: 10 },
        { key: "时效.资金发放及时率", rule: "proportional", comparison: ">=", ...rate(90, 50), weight: 5 },
        {
          key: "成本.劳务费",
          rule: "proportional",
          comparison: "<=",
          target: { number: costTargets[0]!, decimals: 2, unit: "万元" },
          actual: { number: costActuals[0]!, decimals: 2, unit: "万元" },
          weight: 10,
        },
        {
          key: "成本.活动经费",
          rule: "proportional",
          comparison: "<=",
          target: { number: costTargets[1]!, decimals: 2, unit: "万元" },
          actual: { number: costActuals[1]!, decimals: 2, unit: "万元" },
          weight: 10,
        },
        { key: "效益.社会效益", rule: "graded", comparison: "=", target: { grade: b.pick(GRADE_TARGETS) }, actual: { grade: b.pick(GRADE_ACTUALS) }, weight: 15 },
        { key: "满意度.群众满意度", rule: "proportional", comparison: ">=", ...rate(90, 70), weight: 10 },
      ];
      // The funding block first in the report; the cost rows budget the project.
      const other = ["年初预算数", "全年预算数", "全年执行数"].map((column) => b.fact(`其他资金.${column}`, ZERO, 2, "万元"));
      const initial = b.fact("当年财政拨款.年初预算数", costTargets.reduce((a, t) => a.plus(t), ZERO).times(1 + 0.5 * b.random()).toDecimalPlaces(2), 2, "万元");
      const weightFact = b.fact("执行率.分值", new Exact(10), 0, "");
      const scores = b.table("指标", rows);
      const scope = `项目.${project}`;
      const costs = (column: string) => rows.filter((r) => r.key.startsWith("成本.")).map((r) => `${scope}.指标.${r.key}.${column}`);
      const budget = b.formula("当年财政拨款.全年预算数", "sum", costs("目标"), "sum(指标.成本.*.目标)", { decimals: 2, unit: "万元" });
      const executed = b.formula("当年财政拨款.全年执行数", "sum", costs("实际"), "sum(指标.成本.*.实际)", { decimals: 2, unit: "万元" });
      const totals = [initial, budget, executed].map((own, i) => {
        const column = ["年初预算数", "全年预算数", "全年执行数"][i]!;
        return b.formula(`年度资金总额.${column}`, "sum", [own, other[i]!], `{${own}} + {${other[i]!}}`, { decimals: 2, unit: "万元" });
      });
      const rateFigure = b.formula("执行率", "ratio", [totals[2]!, totals[1]!], `execution_rate({${totals[2]!}}, {${totals[1]!}})`, { decimals: 2, unit: "%" });
      const rateScore = b.formula("执行率得分", "execution_score", [rateFigure, weightFact], `points(execution_score({${rateFigure}}, {${weightFact}}))`, { decimals: 2, unit: "分" });
      const weights = rows.map((r) => `${scope}.指标.${r.key}.分值`);
      b.formula("分值合计", "sum", [weightFact, ...weights], `{${weightFact}} + sum(指标.**.分值)`, { decimals: 0, unit: "" });
      b.formula("总分", "sum", [rateScore, ...scores], `{${rateScore}} + points(sum(指标.**.得分))`, { decimals: 2, unit: "分" });
    });
  }

  // ── 部门整体支出绩效自评表 ── (上级资金 are the projects' funds)
  b.section("整体", "部门整体支出绩效自评表", () => {
    const columns = ["年初预算数", "全年预算数", "全年执行数"];
    const upper = columns.map((column) =>
      b.formula(`上级资金.${column}`, "sum", projects.map((p) => `项目.${p}.年度资金总额.${column}`), `sum(项目.*.年度资金总额.${column})`, { decimals: 2, unit: "万元" }),
    );
    const ownBudget = b.money(10, appropriation.toNumber() * 0.8 + 10);
    const ownExecuted = b.chance(0.5) ? ownBudget : b.money(ownBudget.toNumber() * 0.8, ownBudget.toNumber());
    const own = [
      b.fact("本级资金.年初预算数", ownBudget.times(1 + 0.3 * b.random()).toDecimalPlaces(2), 2, "万元"),
      b.fact("本级资金.全年预算数", ownBudget, 2, "万元"),
      b.fact("本级资金.全年执行数", ownExecuted, 2, "万元"),
    ];
    const otherBudget = b.chance(0.6) ? ZERO : b.money(1, 50);
    const other = [
      b.fact("其他资金.年初预算数", otherBudget, 2, "万元"),
      b.fact("其他资金.全年预算数", otherBudget, 2, "万元"),
      b.fact("其他资金.全年执行数", otherBudget, 2, "万元"),
    ];
    const totals = columns.map((column, i) =>
      b.formula(`年度总资金.${column}`, "sum", [upper[i]!, own[i]!, other[i]!], `{${upper[i]!}} + {${own[i]!}} + {${other[i]!}}`, { decimals: 2, unit: "万元" }),
    );
    const weight = b.fact("年度总资金.分值权重", new Exact(10), 0, "");
    const rateFigure = b.formula("年度总资金.执行率", "ratio", [totals[2]!, totals[1]!], `execution_rate({${totals[2]!}}, {${totals[1]!}})`, { decimals: 2, unit: "%" });
    b.formula("年度总资金.得分", "execution_score", [rateFigure, weight], `execution_score({${rateFigure}}, {${weight}})`, { decimals: 2, unit: "" });
    b.table("指标", [
      { key: "数量.成立科普基地", rule: "proportional", comparison: ">=", target: { number: new Exact(5), decimals: 0, unit: "个" }, actual: { number: new Exact(b.int(0, 6)), decimals: 0, unit: "个" }, weight: 30 },
      { key: "数量.组织科技竞赛次数", rule: "proportional", comparison: ">=", target: { number: new Exact(3), decimals: 0, unit: "场次" }, actual: { number: new Exact(b.int(1, 6)), decimals: 0, unit: "场次" }, weight: 30 },
      { key: "数量.科普进社区次数", rule: "proportional", comparison: ">=", target: { number: new Exact(15), decimals: 0, unit: "次" }, actual: { number: new Exact(b.int(8, 20)), decimals: 0, unit: "次" }, weight: 30 },
    ]);
  });

  return { name, title, figures: b.figures, body: b.text() };
}

/** The department's report as a spec of its own: `import` std, a report header, its sections. */
export function standaloneSpec(d: Department, stdImport: string): string {
  return `// Generated by bench/generate.ts: ${d.title}.\nimport ${JSON.stringify(stdImport)}\n\nreport ${JSON.stringify(d.title)} year 2024\n\n${d.body}`;
}

/** The department as one section of a province's program (names under the department's name). */
export function sectionSpec(d: Department, stdImport: string): string {
  const body = d.body
    .trimEnd()
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
  return `// Generated by bench/generate.ts: ${d.title}.\nimport ${JSON.stringify(stdImport)}\n\nsection ${d.name} @ ${JSON.stringify(d.title)} {\n${body}\n}\n`;
}

/** The province's totals over every department: a sum with one operand per department. */
export interface ProvinceTotal {
  readonly name: string;
  /** The department-relative figure it adds up. */
  readonly of: string;
  readonly value: Decimal;
  readonly text: string;
}

export function provinceTotals(departments: readonly Department[]): ProvinceTotal[] {
  return ["收入.本年收入合计", "支出.本年支出合计"].map((of) => {
    let value = ZERO;
    for (const d of departments) {
      const figure = d.figures.find((f) => f.name === of) as FormulaFigure;
      value = value.plus(figure.published!.printed);
    }
    return { name: `全省.${of.split(".").at(-1)!}`, of, value, text: `${groupDigits(value, 2)} 万元` };
  });
}

/** The root of a province's program: the report header, the imports, and the province's totals. */
export function provinceRoot(departmentImports: readonly string[], stdImport: string, totals: readonly ProvinceTotal[], count: number): string {
  const lines = [
    `// Generated by bench/generate.ts: ${count} departmental reports in one program.`,
    `import ${JSON.stringify(stdImport)}`,
    ...departmentImports.map((i) => `import ${JSON.stringify(i)}`),
    "",
    `report "某省 2024年度部门决算（${count}个单位）" year 2024`,
    "",
    `section 全省 @ "全省部门决算汇总" {`,
    ...totals.map((t) => `  figure ${t.name.slice("全省.".length)} = sum(*.${t.of}) published ${t.text}`),
    "}",
    "",
  ];
  return lines.join("\n");
}
