// Printed numbers that are not rounded: counts (a value in 人, 辆, 个 … is a whole number of things)
// and facts declared `exact` (weights set by a template, and a table's 分值 column). The within-rounding
// check must take them as they are; otherwise a sum of three headcounts could be off by one and pass.
import { describe, expect, it } from "vitest";
import { Engine } from "../src/index";
import { format, decimal } from "../src/numbers/exact";
import { roundingInterval, wholeCountsIn } from "../src/numbers/rounding";

function statusOf(spec: string, figure: string) {
  const f = Engine.fromString(spec).check().figures.find((x) => x.name === figure)!;
  return { status: f.status, interval: f.interval && `${f.interval.lowOpen ? "(" : "["}${f.interval.low}, ${f.interval.high}${f.interval.highOpen ? ")" : "]"}` };
}

describe("counts are whole numbers, not rounded ones", () => {
  it("three headcounts that add up to 103 are a mismatch for a printed 102 (they were within rounding as ±0.5 each)", () => {
    const spec = (n: string) => `fact 在职 = ${n} 人\nfact 离休 = 0 人\nfact 退休 = 62 人\nfigure 实有 = 在职 + 离休 + 退休 published 102 人\n`;
    expect(statusOf(spec("40"), "实有")).toEqual({ status: "exact", interval: undefined });
    expect(statusOf(spec("41"), "实有")).toEqual({ status: "mismatch", interval: "[103, 103]" });
  });

  it("every built-in counting unit counts; 分, time, area, money and a spec's own units do not", () => {
    for (const unit of ["人", "人次", "次", "场次", "场", "个", "项", "辆", "批", "批次", "台", "套", "条", "家", "所", "名", "户"]) {
      expect(statusOf(`fact a = 2 ${unit}\nfact b = 3 ${unit}\nfigure s = a + b published 6 ${unit}\n`, "s").status, unit).toBe("mismatch");
    }
    for (const unit of ["分", "小时", "天", "月", "年", "平方米", "元", "万元", "篇"]) {
      const declared = unit === "篇" ? "unit 篇\n" : "";
      expect(statusOf(`${declared}fact a = 2 ${unit}\nfact b = 3 ${unit}\nfigure s = a + b published 6 ${unit}\n`, "s").status, unit).toBe("within-rounding");
    }
  });

  it("a multiple of a count (万人) stands for the whole numbers of people that round to it", () => {
    // 0.5 万人 is 4,500 to 5,499 people and 3.5 万人 34,500 to 35,499: together at most 4.0998 万人, so a
    // printed 4.0999 万人 cannot be their sum, though the rounding intervals alone reach up to 4.1.
    expect(statusOf("fact a = 0.5 万人\nfact b = 3.5 万人\nfigure s = a + b published 4.0999 万人\n", "s")).toEqual({ status: "mismatch", interval: "[3.9, 4.0998]" });
    expect(statusOf("fact a = 0.5 万人\nfact b = 3.5 万人\nfigure s = a + b published 4.0998 万人\n", "s").status).toBe("within-rounding");
    expect(statusOf("fact a = 0.5 万元\nfact b = 3.5 万元\nfigure s = a + b published 4.0999 万元\n", "s").status).toBe("within-rounding");
  });

  it("a published figure in a counting unit may be an average: 10,049 visits / 365 = 27.53 prints 28 人次", () => {
    expect(statusOf("fact 全年 = 1.00 万人次\nfigure 日均 = 全年 / 365 published 28 人次\n", "日均").status).toBe("within-rounding");
  });

  it("a count printed with decimals that no whole number rounds to stands for its rounding interval", () => {
    expect(format(wholeCountsIn(roundingInterval(decimal("2.5"), 1), decimal("1"))?.low ?? decimal("-1"))).toBe("-1");
    expect(statusOf("fact a = 2.5 人\nfact b = 0.5 人\nfigure s = a + b published 3.1 人\n", "s").status).toBe("within-rounding");
  });

  it("wholeCountsIn keeps the open ends out: 101.5 ≤ x < 102.5 holds 102 only; (1.5, 2.5) in 万人 holds 15,001 to 24,999", () => {
    const show = (i: ReturnType<typeof wholeCountsIn>) => i && `[${format(i.low)}, ${format(i.high)}]`;
    expect(show(wholeCountsIn(roundingInterval(decimal("102"), 0), decimal("1")))).toBe("[102, 102]");
    expect(show(wholeCountsIn({ low: decimal("1.5"), high: decimal("2.5"), lowOpen: true, highOpen: true }, decimal("10000")))).toBe("[1.5001, 2.4999]");
    expect(show(wholeCountsIn({ low: decimal("1.5"), high: decimal("2.5"), lowOpen: false, highOpen: false }, decimal("1")))).toBe("[2, 2]");
    expect(wholeCountsIn({ low: decimal("1.5"), high: decimal("2"), lowOpen: false, highOpen: true }, decimal("1"))).toBeUndefined();
  });
});

describe("facts declared exact", () => {
  const weights = (decl: string) => `fact 执行率.分值 = 10${decl}\nfact 其他.分值 = 90${decl}\nfigure 分值合计 = 执行率.分值 + 其他.分值 published 100.4\n`;

  it("are taken as printed: 10 + 90 is no printed 100.4, though ±0.5 each would allow it", () => {
    expect(statusOf(weights(""), "分值合计").status).toBe("within-rounding");
    expect(statusOf(weights(" exact"), "分值合计")).toEqual({ status: "mismatch", interval: "[100, 100]" });
  });

  it("`exact` goes after the value or the unit, before the citation, and fmt keeps it", () => {
    const engine = Engine.fromString('fact a = 10 分 exact @ "表"\nfact b in 分 exact\nfigure s = a published 10 分\n');
    expect(engine.figure("a").citation).toBe("表");
    expect(engine.check().summary.exact).toBe(1);
    expect(() => Engine.fromString("fact a = 10 @ \"表\" exact\n")).toThrow(/R0102/);
    expect(() => Engine.fromString("fact exact = 1\n")).toThrow(/R0102/);
  });

  it("a table's weights (分值) are exact: rows that add up to 100 are no printed 101", () => {
    const table = (total: string) => `function proportional(actual, target, weight, direction) = weight * min(actual / target, 1)
table T {
  | 指标 | 规则         | 目标    | 实际    | 分值 | 得分 |
  | a    | proportional | >= 10 人 | = 10 人 | 40   | 40   |
  | b    | proportional | >= 10 人 | = 10 人 | 60   | 60   |
}
figure 分值合计 = sum(T.*.分值) published ${total}
`;
    expect(statusOf(table("100"), "分值合计").status).toBe("exact");
    expect(statusOf(table("101"), "分值合计")).toEqual({ status: "mismatch", interval: "[100, 100]" });
  });

  it("a table's targets (目标) are thresholds the department set, exact as written: 10 / 11 × 3 = 2.73 is no printed 2.80", () => {
    // Read as rounded, the target 11 万元 stood for anything from 10.5 to 11.5, and 2.80 passed.
    const table = (score: string) => `function proportional(actual, target, weight, direction) = weight * min(actual / target, 1)
table T {
  | 指标 | 规则         | 目标        | 实际              | 分值 | 得分     |
  | a    | proportional | >= 11 万元  | = 10 万元 exact   | 3    | ${score} |
  | b    | proportional | >= 90.5%    | = 90.5% exact     | 10   | 10       |
}
`;
    expect(statusOf(table("2.73"), "T.a.得分").status).toBe("exact");
    const wrong = statusOf(table("2.80"), "T.a.得分");
    expect(wrong.status).toBe("mismatch");
    expect(wrong.interval).toMatch(/^\[2\.72727272727272727272727272727272\d*, 2\.72727272727272727272727272727273\d*\]$/);
    expect(Engine.fromString(table("2.73")).explain("T.a.得分").children.find((n) => n.name === "T.a.目标")).toMatchObject({ exact: true });
  });
});

describe("a table's score column is printed to the decimals of its most precise score", () => {
  // Spreadsheet columns drop trailing zeros: 4.53, 5, 6.88 are one column printed to two decimals.
  const table = (scores: [string, string], total: string, actual = "14.99") => `function proportional(actual, target, weight, direction) = weight * min(actual / target, 1)
table T {
  | 指标 | 规则         | 目标        | 实际                  | 分值 | 得分        |
  | a    | proportional | >= 15 万元  | = ${actual} 万元 exact | 5    | ${scores[0]} |
  | b    | proportional | >= 510 人   | = 462 人              | 5    | ${scores[1]} |
}
figure 总分 = sum(T.*.得分) published ${total}
`;

  it("a score printed 5 beside 4.53 is 5.00: 14.99 / 15 × 5 = 4.9967 is, 14.60 / 15 × 5 = 4.87 is not", () => {
    expect(statusOf(table(["5", "4.53"], "9.53"), "T.a.得分").status).toBe("exact");
    expect(statusOf(table(["5", "4.53"], "9.53", "14.60"), "T.a.得分").status).toBe("mismatch");
    expect(Engine.fromString(table(["5", "4.53"], "9.53")).check({ lawRuns: 0 }).figures.find((f) => f.name === "T.a.得分")).toMatchObject({ published: "5", rounded: "5.00", decimals: 2 });
  });

  it("a total reads the printed 5 as 5.00, not anything from 4.5 to 5.5: 9.41 is no total of 5 and 4.53", () => {
    expect(statusOf(table(["5", "4.53"], "9.53"), "总分").status).toBe("exact");
    expect(statusOf(table(["5", "4.53"], "9.41"), "总分").status).toBe("mismatch");
  });

  it("a column of whole scores is read as printed, to the unit", () => {
    const f = Engine.fromString(table(["5", "5"], "10")).check({ lawRuns: 0 }).figures.find((x) => x.name === "T.b.得分")!;
    expect([f.published, f.decimals, f.status]).toEqual(["5", 0, "exact"]); // 462 / 510 × 5 = 4.53 rounds to 5
  });
});

describe("a published figure read as printed by another formula", () => {
  // Ten scores printed as whole numbers: read as their rounding intervals alone, each could be
  // anything from 4.5 to 5.5, and a total printed 52 would pass within rounding.
  const scores = (total: string, extra = "") =>
    [
      "fact 分值 = 5 exact",
      ...Array.from({ length: 10 }, (_, i) => `figure 得分${i} = 分值 * 1 published 5`),
      `figure 总分 = ${Array.from({ length: 10 }, (_, i) => `得分${i}`).join(" + ")} published ${total}`,
      extra,
    ].join("\n");

  it("is the printed value or the figure's true value, which its own formula bounds: ten scores of exactly 5 are no total of 52", () => {
    expect(statusOf(scores("50"), "总分").status).toBe("exact");
    expect(statusOf(scores("52"), "总分")).toEqual({ status: "mismatch", interval: "[50, 50]" });
  });

  it("is the interval of the print alone when the figure disagrees with its own formula", () => {
    const spec = ["fact a = 4", "figure s = a * 1 published 5", "figure t = s + 0 published 5.4", 'known s "printed 5, but a is 4"'].join("\n");
    expect(statusOf(spec, "t")).toEqual({ status: "within-rounding", interval: "[4.5, 5.5)" });
  });

  it("keeps the figure's own rounding: a share printed 46.67% whose formula gives 7 / 15 is read as 46.666…% to 46.67%", () => {
    // 300 times it is 13,999.99…% to 14,001%: a printed 14,002% is no longer within the 13,999.5% to
    // 14,002.5% that the print alone would allow.
    const spec = (printed: string) => ["fact a = 7 人", "fact b = 15 人", "figure s = a / b published 46.67%", `figure t = s * 300 published ${printed}`].join("\n");
    expect(statusOf(spec("14,001%"), "t").status).toBe("exact");
    const within = Engine.fromString(spec("14,000%")).check().figures.find((f) => f.name === "t")!;
    expect(within.status).toBe("within-rounding");
    // The true 300 × 7 / 15 = 14,000% is inside (a quotient's last digit is allowed for), and little else below it.
    expect(decimal(within.interval!.low).lessThanOrEqualTo(14000) && decimal(within.interval!.low).greaterThan("13999.9999999")).toBe(true);
    expect(within.interval!.high).toBe("14001");
    expect(statusOf(spec("14,002%"), "t").status).toBe("mismatch");
  });
});

describe("a fact given in a larger unit than it is declared in", () => {
  it("keeps the precision it was given with: 1.23 万人 for a fact in 人 is 12,250 to 12,349 people, not 12,300 alone", () => {
    const engine = Engine.fromString("fact 全年 in 人\nfigure y = 全年 * 1 published 12,345 人\n");
    engine.setFact("全年", "1.23", "万人");
    const y = engine.check({ lawRuns: 0 }).figures[0]!;
    expect([y.status, y.interval && `[${y.interval.low}, ${y.interval.high}]`]).toEqual(["within-rounding", "[12250, 12349]"]);
    // As given: 12,300 人 would say 12,300 alone.
    expect(engine.figure("全年").printed).toMatchObject({ decimals: 2, unit: "万人", text: "1.23 万人" });
    expect(engine.figure("全年").text).toBe("12300 人");
  });

  it("an exact fact declared without a value is read as the value supplied", () => {
    const engine = Engine.fromString("fact w in 分 exact\nfact v = 90 分 exact\nfigure s = w + v published 100.4 分\n");
    engine.setFact("w", "10");
    expect(engine.check({ lawRuns: 0 }).figures[0]).toMatchObject({ status: "mismatch", interval: { low: "100", high: "100" } });
  });
});

describe("fmt keeps `exact`", () => {
  it("prints it after the value and before the citation", async () => {
    const { formatSpec } = await import("../src/formatting/format-spec");
    const source = 'fact   a =  10 分 exact   @ "表"\nfact b in 分   exact\n';
    const formatted = formatSpec(source, "a.reckon");
    expect(formatted.diagnostics).toEqual([]);
    expect(formatted.text).toBe('fact a = 10 分 exact @ "表"\nfact b in 分 exact\n');
  });
});

describe("a table cell declared exact", () => {
  const table = (actual: string) => `function proportional(actual, target, weight, direction) = weight * min(actual / target, 1)
table T {
  | 指标 | 规则         | 目标      | 实际          | 分值 | 得分 |
  | a    | proportional | >= 15 万元 | = 15 万元${actual} | 3    | 3    |
  | b    | proportional | >= 22 万元 | = 22 万元${actual} | 7    | 7    |
}
figure 执行数 = sum(T.*.实际) published 36.40 万元
`;

  it("is read as printed: 15 + 22 whole 万元 are no printed 36.40, which ±0.5 each would allow", () => {
    expect(statusOf(table(""), "执行数").status).toBe("within-rounding");
    expect(statusOf(table(" exact"), "执行数")).toEqual({ status: "mismatch", interval: "[37, 37]" });
  });

  it("keeps `exact` through fmt, after the number and its unit", async () => {
    const { formatSpec } = await import("../src/formatting/format-spec");
    const formatted = formatSpec(table(" exact"), "t.reckon");
    expect(formatted.diagnostics).toEqual([]);
    expect(formatted.text).toContain("| = 15 万元 exact |");
  });
});

describe("a fact in a counting unit that is not a whole number", () => {
  it("is a warning (R0606), in the check's diagnostics; the check goes on", () => {
    const result = Engine.fromString("fact 在职 = 40.6 人\nfact 人次 = 0.5 万人次\nfact b = 2 人\nfigure s = 在职 + b published 42.6 人\n").check({ lawRuns: 0 });
    expect(result.diagnostics.map((d) => [d.severity, d.code, d.message])).toEqual([["warning", "R0606", "`在职` counts 人 but is 40.6 人, not a whole number"]]);
    expect(result.summary).toMatchObject({ exact: 1, errors: 0 });
  });
});
