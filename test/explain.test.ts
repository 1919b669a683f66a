import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkSpec } from "../src/checking/check";
import { Explainer, explainerFor, type ExplainNode } from "../src/explaining/explain";
import { fileHost } from "../src/files";
import { decimal } from "../src/numbers/exact";
import { compileSpec } from "../src/pipeline";
import { memoryHost } from "../src/semantics/loader";
import { cli, temporaryDirectory } from "./helpers";

const repo = path.join(import.meta.dirname, "..");
const specs = path.join(repo, "specs");
const reportSpec = path.join(specs, "2024", "urumqi-cast.reckon");
const stdPath = path.join(specs, "std", "final-accounts.reckon");

const more = temporaryDirectory("explain-more");
const compiled = compileSpec([reportSpec], fileHost());
const spec = compiled.spec!;
const explainer = new Explainer(spec, checkSpec(spec));
const published = [...spec.program.figures.values()].filter((s) => s.kind === "formula" && s.declaration.published).map((s) => s.name);
const trees = published.map((name) => explainer.explain(name)!);

function* nodes(tree: ExplainNode): Generator<ExplainNode> {
  yield tree;
  for (const child of tree.children) yield* nodes(child);
}

describe("explain every published figure of the 2024 spec", () => {
  it("succeeds for every one of them", () => {
    expect(compiled.diagnostics).toEqual([]);
    expect(published.length).toBeGreaterThanOrEqual(300);
    expect(trees.every((t) => t.kind === "published" && t.status !== undefined)).toBe(true);
  });

  it("gives the same tree when only the figures it is built on are checked (as `reckon explain` does) as after a check of the whole spec", () => {
    for (const name of published) expect(explainerFor(spec, [name]).explain(name), name).toEqual(explainer.explain(name));
  });

  it("ends every branch at a fact, as printed, with its unit and citation, or at a count of figures that names them", () => {
    let counts = 0;
    for (const tree of trees) {
      for (const node of nodes(tree)) {
        if (node.children.length > 0 || node.seeAbove) continue;
        expect(node.truncated).toBeUndefined();
        if (node.counted) {
          // A count's value comes from how many figures it names, not from their values.
          expect(node.counted.length, node.name).toBeGreaterThan(0);
          expect(node.expression, node.name).not.toMatch(/count\(/);
          counts++;
          continue;
        }
        expect(node.kind, `${tree.name} ends at ${node.name}`).toBe("fact");
        expect(node.citation, node.name).toBeTruthy();
        expect(node.value).toMatch(/^-?\d+(\.\d+)?$/);
      }
    }
    expect(counts).toBeGreaterThan(0);
  });

  it("expands a sub-figure used twice once, and refers to it after", () => {
    const tree = explainer.explain("收支总体.下降")!;
    const all = [...nodes(tree)];
    const uses = all.filter((n) => n.name === "收入.收入总计");
    expect(uses.length).toBe(2);
    expect(uses.filter((n) => n.seeAbove).length).toBe(1);
    expect(uses.find((n) => !n.seeAbove)!.children.length).toBeGreaterThan(0);
  });
});

/**
 * Evaluates a node's `expression` again, over its children's `used` values declared as facts, with
 * the standard library imported: the result must be the node's value, digit for digit.
 */
function recompute(node: ExplainNode): { value: string; unit: string } {
  const std = readFileSync(stdPath, "utf8");
  const stdNames = new Set([...std.matchAll(/^fact (\S+)/gm)].map((m) => m[1]));
  const facts = node.children
    .filter((child) => !stdNames.has(child.name))
    .map((child) => `fact ${child.name} = ${child.used!.value}${child.used!.unit === "" ? "" : child.used!.unit === "%" ? "%" : ` ${child.used!.unit}`}`);
  const text = ['import "std.reckon"', ...facts, `formula recomputed = ${node.expression}`].join("\n");
  const result = compileSpec(["node.reckon"], memoryHost({ "std.reckon": std, "node.reckon": text }));
  if (!result.spec) throw new Error(`${node.name}: ${text}\n${result.diagnostics.map((d) => d.message).join("\n")}`);
  const value = result.spec.calculation.value("recomputed");
  const type = result.spec.typed.types.get("recomputed");
  return { value: typeof value === "boolean" ? String(value) : (value?.toFixed() ?? ""), unit: type?.kind === "quantity" ? type.unit.label : "" };
}

describe("the JSON tree re-evaluates to the same values", () => {
  it("recomputes every node of every tree from its children", () => {
    let checked = 0;
    for (const tree of trees) {
      const json = JSON.parse(JSON.stringify(tree)) as ExplainNode;
      for (const node of nodes(json)) {
        if (node.kind === "fact" || node.seeAbove) continue;
        expect(recompute(node), node.name).toEqual({ value: node.value, unit: node.unit });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(published.length);
  }, 60_000);

  it("gives each formula with its values in place of its figures, and unfolded into its function, that evaluate to its value", () => {
    const std = readFileSync(stdPath, "utf8");
    const evaluated = (text: string) => {
      const result = compileSpec(["v.reckon"], memoryHost({ "std.reckon": std, "v.reckon": `import "std.reckon"\nformula v = ${text}\n` }));
      if (!result.spec) throw new Error(`${text}\n${result.diagnostics.map((d) => d.message).join("\n")}`);
      const value = result.spec.calculation.value("v");
      const type = result.spec.typed.types.get("v");
      return { value: typeof value === "boolean" ? String(value) : (value?.toFixed() ?? ""), unit: type?.kind === "quantity" ? type.unit.label : "" };
    };
    let unfolded = 0;
    for (const tree of trees) {
      for (const node of nodes(tree)) {
        if (node.kind === "fact" || node.seeAbove || !node.withValues) continue;
        expect(evaluated(node.withValues.formula), `${node.name}: ${node.withValues.formula}`).toEqual({ value: node.value, unit: node.unit });
        if (node.withValues.unfolded === undefined) continue;
        expect(evaluated(node.withValues.unfolded), `${node.name}: ${node.withValues.unfolded}`).toEqual({ value: node.value, unit: node.unit });
        unfolded++;
      }
    }
    expect(unfolded).toBeGreaterThan(100);
  }, 60_000);

  it("says why a figure is within rounding or not: what its printed value stands for, and whether the range meets it", () => {
    const within = cli("explain", "specs/2024/urumqi-cast.reckon", "财政拨款.本年支出", "--depth", "0").stdout;
    expect(within).toContain(
      "    range    (1,362.60, 1,362.68) 万元: what the rounding of the printed inputs allows\n             the printed 1,362.65 万元 stands for [1,362.645, 1,362.655) 万元, which this range meets\n",
    );
    const known = cli("explain", "specs/2024/urumqi-cast.reckon", "项目.科普经费.当年财政拨款.全年执行数", "--depth", "0").stdout;
    expect(known).toContain("the printed 60.35 万元 stands for [60.345, 60.355) 万元, which this range misses\n");
  });

  it("labels a fact that counts things as a count, and says a fact was read as printed", () => {
    const name = "项目.自治区基层.指标.数量.当年开展各类科普活动的次数.得分";
    expect(cli("explain", "specs/2024/urumqi-cast.reckon", name).stdout).toMatch(/当年开展各类科普活动的次数\.实际 = 4 次  fact, a count  @/);
    const [actual] = JSON.parse(cli("explain", "specs/2024/urumqi-cast.reckon", name, "--format", "json").stdout).figures[0].children;
    expect(actual).toMatchObject({ kind: "fact", count: true, read: "printed", used: { value: "4", unit: "次" } });
  });

  it("calls a fact a count only when it stands for one whole number, as check reads it", () => {
    const file = more.write("count.reckon", "fact k = 2.5 人\nfact j = 40 人\nfact w = 3.5 万人\nfigure s = k * 2 + j + w published 35,045 人\n");
    const out = cli("explain", file, "s").stdout;
    expect(out).toMatch(/k = 2\.5 人  fact  /);
    expect(out).toMatch(/j = 40 人  fact, a count  /);
    expect(out).toMatch(/w = 3\.5 万人  fact  /);
  });

  it("unfolds an `if` over the units the spec declares, and a ratio found by --value in %", () => {
    const file = more.write("pian.reckon", "unit 篇\nfunction pick(x, lim) = if x > lim then x - lim else lim - x\nfact m = 2 篇\nfact m2 = 1 篇\nfigure r = pick(m, m2) published 1 篇\nformula share = m2 / m\n");
    expect(cli("explain", file, "r").stdout).toContain("= 2 篇 - 1 篇, since 2 篇 > 1 篇 is true\n");
    expect(cli("explain", file, "--value", "50%").stderr).toContain("nothing prints it, but `share` computes it");
  });

  it("says in markdown, as in text, how a value was rounded: the rule and the decimals, or that it needed none", () => {
    expect(cli("explain", "specs/2024/urumqi-cast.reckon", "收入.财政拨款收入.占比", "--format", "markdown", "--depth", "0").stdout).toContain(
      "  - computed: 99.99926614…% → 100.00% (half up, 2 decimals)\n",
    );
    // A value with no more decimals than are printed is not said twice ("1,362.64 万元 → 1,362.64 万元").
    expect(cli("explain", "specs/2024/urumqi-cast.reckon", "财政拨款.本年支出", "--format", "markdown", "--depth", "0").stdout).toContain(
      "  - computed: 1,362.64 万元 (no rounding needed at 2 decimals), not the printed 1,362.65 万元: below it by 0.01 万元\n",
    );
  });

  it("--list in markdown escapes names and citations as the derivations do", () => {
    const file = more.write("md-list.reckon", 'fact _x_ = 1 @ "p_1_ <b>"\nfigure a_b_ = _x_ + 1 published 2\n');
    expect(cli("explain", file, "**", "--list", "--format", "markdown").stdout).toBe(`- \\_x\\_ = 1  fact  @ "p\\_1\\_ \\<b\\>"  ${file}:1\n- a\\_b\\_ = 2  ✓ exact\n`);
  });

  it("unfolds a function's `if` to the branch its values take, and says which conditions chose it", () => {
    const json = (name: string) => JSON.parse(cli("explain", "specs/2024/urumqi-cast.reckon", name, "--depth", "0", "--format", "json").stdout).figures[0].withValues;
    // Growth from a zero base: the template prints 100.00%.
    expect(json("一般公共预算.项.其他科学技术支出.增长")).toEqual({
      formula: "growth(62.10 万元, 0 万元)",
      unfolded: "100%",
      conditions: ["0 万元 == 0 is true", "62.10 万元 == 0 is false"],
    });
    // The branch taken alone computes a ratio; the function's value is a percentage.
    expect(json("一般公共预算.项.社会科学研究机构.增长")).toMatchObject({ unfolded: "(13.90 万元 - 8.8 万元) / 8.8 万元 as %", conditions: ["8.8 万元 == 0 is false"] });
    expect(cli("explain", "specs/2024/urumqi-cast.reckon", "一般公共预算.项.社会科学研究机构.增长", "--depth", "0").stdout).toContain(
      "            = (13.90 万元 - 8.8 万元) / 8.8 万元 as %, since 8.8 万元 == 0 is false\n",
    );
    // A function without an `if` is unfolded as it is, with no conditions.
    expect(json("项目.科普经费.指标.成本.融媒体宣传服务费.得分")).toEqual({ formula: "proportional(29.5 万元, 30 万元, 7, -1)", unfolded: "7 * min(29.5 万元 / 30 万元, 1)" });
  });

  it("shows each published figure's value rounded as printed: equal when exact, different when known to disagree", () => {
    for (const tree of trees) {
      const printed = decimal(tree.printed!.value).toFixed(tree.printed!.decimals);
      if (tree.status === "exact") expect(tree.printed!.rounded, tree.name).toBe(printed);
      else expect(tree.printed!.rounded, tree.name).not.toBe(printed);
      expect(decimal(tree.printed!.difference).equals(decimal(tree.printed!.computed).minus(tree.printed!.value)), tree.name).toBe(true);
    }
  });
});

describe("explain and a figure's known declaration", () => {
  it("says where the declaration is, that it is stale when the figure reproduces, and when it was written for another computed value", () => {
    const stale = more.write("known-stale.reckon", 'fact a = 1\nfigure b = a * 2 published 3\nknown b computes 4 "printed 3, computes 4"\n');
    const staleText = cli("explain", stale, "b").stdout;
    expect(staleText).toContain(`│   known    printed 3, computes 4  ${stale}:3\n│            stale: the figure reproduces (within rounding), so the known declaration should go\n`);
    const changed = more.write("known-changed.reckon", 'fact a = 1 exact\nfigure b = a * 2 published 3\nknown b computes 4 "printed 3, computes 4"\n');
    expect(cli("explain", changed, "b").stdout).toContain(
      "│            the known declaration says it computes 4, not 2: its reason was written for other inputs, so check it again and update `computes`\n",
    );
    const json = JSON.parse(cli("explain", changed, "b", "--format", "json").stdout).figures[0];
    expect([json.knownComputes, json.knownAt.line]).toEqual(["4", 3]);
    expect(cli("explain", changed, "b", "--format", "markdown").stdout).toContain(`  - known inconsistency: printed 3, computes 4 (${changed}:3)\n  - the known declaration says it computes 4, not 2`);
  });
});

describe("reckon explain", () => {
  const scratch = temporaryDirectory("explain");

  it("explains a figure although another one cannot be evaluated; a figure that cannot be is an error with its reason", () => {
    const file = scratch.write("failing.reckon", "fact a = 1\nfact z = 0\nformula d = a / z\nfigure ok = a published 1\nfigure bad = a / z published 5\n");
    const ok = cli("explain", file, "ok");
    expect([ok.code, ok.stderr, ok.stdout.split("\n")[0]]).toEqual([0, "", "ok = 1  ✓ exact"]);
    const failing = cli("explain", file, "d");
    expect(failing.code).toBe(2);
    expect(failing.stdout).toBe("");
    expect(failing.stderr).toMatch(/^error\[R0601\]: `d` divides by zero\n --> .*failing\.reckon:3:17/);
  });

  it("puts a figure read with computed() into the formula with its values at full precision, and one read as printed as printed", () => {
    const text = "fact a = 1.004 万元\nfact b = 2.001 万元\nfigure s = a + b published 3.01 万元\nfigure t = computed(s) * 2 + s published 9.02 万元\n";
    const { spec } = compileSpec(["r.reckon"], memoryHost({ "r.reckon": text }));
    expect(new Explainer(spec!, checkSpec(spec!, { lawRuns: 0 })).explain("t")!.withValues!.formula).toBe("3.005 万元 * 2 + 3.01 万元");
  });

  it("lists the findings a figure is built on however deep --depth cuts the tree, and not those of an input read with computed()", () => {
    const file = scratch.write("below.reckon", "fact x = 1.00\nfact y = 2.00\nfigure W = x + y published 9.99\nfigure Z = W + 1 published 10.99\nfigure Y = computed(W) + 1 published 4.00\n");
    expect(cli("explain", file, "Z", "--depth", "0").stdout).toContain("below    ✗ 1 mismatch: W");
    expect(cli("explain", file, "Z", "--format", "markdown").stdout).toContain("- built on ✗ 1 mismatch: W");
    expect(JSON.parse(cli("explain", file, "Z", "--format", "json").stdout).figures[0].findingsBelow).toEqual([{ name: "W", status: "mismatch" }]);
    const two = scratch.write("below-two.reckon", "fact x = 1.00\nfigure V = x published 2.00\nfigure W = x published 3.00\nfigure Z = V + W published 5.00\n");
    expect(cli("explain", two, "Z", "--depth", "0").stdout).toContain("below    ✗ 2 mismatches: V, W");
    const y = cli("explain", file, "Y");
    expect(y.stdout).not.toContain("below    ");
    expect(y.stdout).toMatch(/W = 9\.99 \(used unrounded, as computed\)  ✗ MISMATCH/);
  });

  it("marks an input used as printed only where its printed value is not its computed one rounded, comparing numbers, not their digits", () => {
    const file = scratch.write("printed.reckon", "fact a = 1.004\nfact b = 2.001\nfigure s = a + b published 3.00\nfigure t = s * 2 published 6.00\n");
    expect(cli("explain", file, "t").stdout).toMatch(/s = 3\.00 \(used as printed\)  ≈ within rounding/);
    // A score column is read to the decimals of its most precise score: a score 5 that computes 5 rounds to 5.00.
    const total = cli("explain", "specs/2024/urumqi-cast.reckon", "项目.科普经费.总分", "--depth", "1").stdout;
    expect(total).toMatch(/媒体合作数\.得分 = 5  ✓ exact/);
    expect(total).not.toContain("used as printed");
  });

  it("shows the inputs of a figure first met where --depth cut the tree, where it comes again higher up", () => {
    const file = scratch.write("depth.reckon", "fact a = 1\nformula M = a + 1\nformula P = M * 2\nfigure Q = P + M published 6\n");
    const out = cli("explain", file, "Q", "--depth", "2").stdout;
    expect(out).not.toContain("(derived above)");
    expect(out).toMatch(/└─ M = 2  formula, not printed\n(.*\n)*\s+└─ a = 1  fact/);
  });

  it("shows a figure that has no value, in a branch not taken, as having none; a negative value in parentheses", () => {
    const file = scratch.write("branch.reckon", "fact 空 in 万元\nfact 零 = 0\nfact 一 = 1 万元\nfact 负 = -3.00 万元\nformula 商 = 一 / 零\nfigure 选 = if 零 == 0 then 一 else 空 published 1 万元\nfigure 选2 = if 零 == 0 then 一 - 负 else 商 published 4 万元\n");
    expect(cli("explain", file, "选").stdout).toContain("values   if 0 == 0 then 1 万元 else (no value)");
    expect(cli("explain", file, "选2").stdout).toContain("values   if 0 == 0 then 1 万元 - (-3.00 万元) else (no value)");
  });

  it("names at most 20 of the figures that match in its first line, and puts names in backticks in markdown", () => {
    const many = cli("explain", reportSpec, "**", "--depth", "0").stdout.split("\n")[0]!;
    expect(many).toMatch(/^\d{3} figures match \*\*: /);
    expect(many.split(", ")).toHaveLength(21);
    expect(many).toMatch(/, … \(\d{3} in all\)$/);
    expect(cli("explain", reportSpec, "--value=-16.54%", "--format", "markdown").stdout.split("\n")[0]).toBe(
      "2 figures match `--value -16.54%`: `财政拨款.预决算差异率`, `一般公共预算.预决算差异率`",
    );
    expect(cli("explain", reportSpec, "--value=\u221216.54%", "--depth", "0").stdout.split("\n")[0]).toMatch(/^2 figures match/);
  });

  it("lists the first 50 values of a name pattern in the formula with its values, and how many there are in all", () => {
    const facts = Array.from({ length: 60 }, (_, i) => `fact 收入.项${i} = ${i + 1} 万元`).join("\n");
    const { spec } = compileSpec(["r.reckon"], memoryHost({ "r.reckon": `${facts}\nformula 合计 = sum(收入.*)\n` }));
    const node = new Explainer(spec!, checkSpec(spec!, { lawRuns: 0 })).explain("合计")!;
    expect(node.withValues!.formula).toBe(`sum(${Array.from({ length: 50 }, (_, i) => `${i + 1} 万元`).join(", ")}, … (60 in all))`);
  });

  it("shows a formula that begins with a parenthesis as written, parentheses balanced", () => {
    const { spec } = compileSpec(["r.reckon"], memoryHost({ "r.reckon": "fact a = 3\nfact b = 2\nformula r = (a - b) / b\nformula s = b * (a + 1)\n" }));
    const explain = new Explainer(spec!, checkSpec(spec!, { lawRuns: 0 }));
    expect(explain.explain("r")!.source).toBe("(a - b) / b");
    expect(explain.explain("s")!.source).toBe("b * (a + 1)");
  });

  it("shows an indicator score as a tree down to the table row's facts", () => {
    const run = cli("explain", specs, "项目.科普经费.指标.数量.科技工作者慰问人数.得分");
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe("项目.科普经费.指标.数量.科技工作者慰问人数.得分 = 4.53  ✓ exact");
    // 462 / 510 × 5, a quotient kept to 34 digits: cut to six digits past the printed two, marked `…`.
    expect(run.stdout).toContain("4.52941176… → 4.53 (half up, 2 decimals)");
    expect(run.stdout).toContain("proportional(actual, target, weight, direction) = weight * min(actual / target, 1)");
    expect(run.stdout).toMatch(/├─ 项目\.科普经费\.指标\.数量\.科技工作者慰问人数\.实际 = 462 人  fact/);
    expect(run.stdout).toMatch(/└─ 项目\.科普经费\.指标\.数量\.科技工作者慰问人数\.分值 = 5  fact/);
  });

  it("says of a formula the report does not print that it is not printed, and names its section's citation as such", () => {
    const run = cli("explain", reportSpec, "收支总体.下降");
    const lines = run.stdout.split("\n");
    const prior = lines.findIndex((l) => l.includes("收支总体.上年 = 1,500.97 万元"));
    expect(lines[prior]).toMatch(/收支总体\.上年 = 1,500\.97 万元  formula, not printed$/);
    expect(lines.slice(prior, prior + 4).join("\n")).toContain('section  @ "第二部分 一、收入支出决算总体情况说明"');
    expect(lines.slice(prior, prior + 4).join("\n")).not.toContain("printed  @");
  });

  it("finds figures by the number printed on the page", () => {
    const run = cli("explain", specs, "--value=-16.54%");
    expect(run.code).toBe(0);
    const [heading, blank, ...rest] = run.stdout.split("\n");
    expect(heading).toMatch(/^\d+ figures match --value -16\.54%: /);
    expect(blank).toBe("");
    const heads = rest.filter((l) => /^[^│├└\s]/.test(l));
    expect(heads.length).toBeGreaterThanOrEqual(2);
    for (const head of heads) expect(head).toMatch(/= -16\.54%  ✓ exact$/);
    expect(run.stdout).toContain("variance_rate(final, budget)");
  });

  it("refuses a value whose commas do not group thousands, as the language does (`1,02` found the figure printed 102)", () => {
    for (const value of ["1,02", ",,102", "13,62.65", "4,53"]) {
      const run = cli("explain", specs, "--value", value);
      expect(run.code, value).toBe(2);
      expect(run.stderr, value).toContain(`error[R0801]: \`${value}\` does not group its digits in threes`);
    }
    expect(cli("explain", specs, "--value", "1,362.65", "--depth", "0").stdout).toMatch(/^9 figures match --value 1,362\.65: /);
  });

  it("says with how many decimals a number is printed when it is asked for with others", () => {
    expect(cli("explain", specs, "--value", "1,362.650").stderr).toContain("= hint: the number is printed with 2 decimals (9 figures): give it as printed\n");
  });

  it("says in which unit a number is printed when it is asked for in another", () => {
    expect(cli("explain", specs, "--value", "1,362.65 人").stderr).toContain("= hint: 1,362.65 is printed in 万元 (9 figures): give that unit, or none\n");
  });

  it("names the figures that compute a value nothing prints (a sum added up by hand, a year's implied value)", () => {
    const sum = cli("explain", specs, "--value", "59.84");
    expect(sum.code).toBe(2);
    expect(sum.stderr).toContain("= hint: nothing prints it, but `项目.科普经费.当年财政拨款.全年执行数` computes it (rounded half up): explain it by name");
    expect(cli("explain", specs, "--value", "8.80 万元").stderr).toContain("but `一般公共预算.项.社会科学研究机构.上年` computes it");
    expect(cli("explain", specs, "--value", "123,456.78").stderr).toContain("= hint: give the number with the decimals it is printed with");
  });

  it("--list gives one line per figure that matches, as its explanation's heading, without the derivation", () => {
    const listed = cli("explain", specs, "总分", "--list");
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe("项目.科普经费.总分 = 99.41 分  ✓ exact");
    const json = JSON.parse(cli("explain", specs, "总分", "--list", "--format", "json").stdout);
    expect(json.figures[0]).toEqual({ name: "项目.科普经费.总分", kind: "published", value: "99.41", unit: "分", printed: "99.41 分", status: "exact" });
    expect(json.diagnostics).toBeUndefined();
  });

  it("writes JSON when it cannot explain too: no figures, and the diagnostics that say why", () => {
    for (const [argv, code] of [[["nosuch"], "R0801"], [["--value", "123.456"], "R0801"]] as const) {
      const run = cli("explain", specs, ...argv, "--format", "json");
      expect(run.code).toBe(2);
      const output = JSON.parse(run.stdout) as { figures: unknown[]; diagnostics: { code: string }[] };
      expect(output.figures).toEqual([]);
      expect(output.diagnostics.map((d) => d.code)).toEqual([code]);
      expect(JSON.parse(cli("explain", specs, ...argv, "--list", "--format", "json").stdout)).toEqual(output);
    }
    expect(cli("explain", specs, "总分", "--list", "--depth", "1").stderr).toBe("error: --list shows no derivation, so it takes no --depth\n  = hint: leave out one of them\n");
  });

  it("finds an indicator score by its printed value", () => {
    const run = cli("explain", specs, "--value", "4.53", "--format", "json");
    expect(run.code).toBe(0);
    const names = (JSON.parse(run.stdout) as { figures: ExplainNode[] }).figures.map((f) => f.name);
    expect(names).toContain("项目.科普经费.指标.数量.科技工作者慰问人数.得分");
  });

  it("finds a fact by the value a fact file gives it, not by the value it replaced", () => {
    const facts = path.join(mkdtempSync(path.join(tmpdir(), "reckon-explain-")), "g.csv");
    writeFileSync(facts, "name,value\n收入.其他收入,0.02\n");
    const found = cli("explain", reportSpec, "--value", "0.02", "--facts", facts);
    expect(found.code).toBe(0);
    expect(found.stdout.split("\n")[0]).toMatch(/^收入\.其他收入 = 0\.02 万元  fact/);
    const replaced = cli("explain", reportSpec, "--value", "0.01", "--facts", facts);
    expect(replaced.code).toBe(2);
    expect(replaced.stderr).toContain("error[R0801]: no figure is printed as 0.01");
  });

  it("reads a name or a number typed with full-width characters as the ASCII one", () => {
    expect(cli("explain", reportSpec, "收入．收入总计", "--depth", "0").stdout.split("\n")[0]).toBe("收入.收入总计 = 1,368.01 万元  ✓ exact");
    const byValue = cli("explain", reportSpec, "--value", "－１６．５４％", "--depth", "0");
    expect(byValue.stdout.split("\n")[0]).toBe("2 figures match --value －１６．５４％: 财政拨款.预决算差异率, 一般公共预算.预决算差异率");
  });

  it("suggests names that hold the parts asked for, when a name is cut short or misses parts in the middle", () => {
    const hint = (query: string) => cli("explain", reportSpec, query).stderr.split("\n").find((l) => l.includes("hint"));
    expect(hint("人员.实有")).toBe("  = hint: did you mean `人员.实有人数` or `人员.实有人数.上年`?");
    expect(hint("科普经费.融媒体宣传服务费.得分")).toBe("  = hint: did you mean `项目.科普经费.指标.成本.融媒体宣传服务费.得分`?");
  });

  it("says the spec comes first when it is given after the name", () => {
    const run = cli("explain", "收入.收入总计", reportSpec);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: no such file or directory: 收入.收入总计\n  = hint: the spec comes first, then the name: reckon explain ${reportSpec} 收入.收入总计\n`);
  });

  it("finds figures by pattern and by the end of their name", () => {
    const byPattern = JSON.parse(cli("explain", specs, "项目.科普经费.*", "--format", "json").stdout) as { figures: ExplainNode[] };
    expect(byPattern.figures.map((f) => f.name)).toContain("项目.科普经费.总分");
    const bySuffix = JSON.parse(cli("explain", specs, "科技工作者慰问人数.得分", "--format", "json").stdout) as { figures: ExplainNode[] };
    expect(bySuffix.figures.map((f) => f.name)).toEqual(["项目.科普经费.指标.数量.科技工作者慰问人数.得分"]);
  });

  it("writes markdown for an audit note", () => {
    const run = cli("explain", specs, "收入.其他收入.占比", "--format", "markdown");
    expect(run.stdout.split("\n")[0]).toBe("- **收入.其他收入.占比** = 0.0007% — ✓ exact");
    expect(run.stdout).toContain("  - formula: `share(其他收入, 本年收入合计)`");
    expect(run.stdout).toMatch(/  - \*\*收入\.其他收入\*\* = 0\.01 万元 \(fact\)/);
  });

  it("cuts the tree at --depth", () => {
    const tree = (JSON.parse(cli("explain", specs, "项目.科普经费.总分", "--depth", "1", "--format", "json").stdout) as { figures: ExplainNode[] }).figures[0]!;
    expect(tree.children.length).toBeGreaterThan(0);
    expect(tree.children.some((c) => c.truncated)).toBe(true);
    expect(tree.children.every((c) => c.children.length === 0)).toBe(true);
  });

  it("reports an unknown name with a suggestion, in the diagnostics format, and exits 2", () => {
    const run = cli("explain", specs, "收入.其他收入.占");
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      [
        "error[R0801]: no figure named `收入.其他收入.占`",
        " --> <command line>:1:1",
        "  |",
        "1 | 收入.其他收入.占",
        "  | ^^^^^^^^^^^^^^^^",
        "  = hint: did you mean `收入.其他收入.占比`, `收入.其他收入` or `收入.事业收入.占比`?",
        "1 error",
        "",
      ].join("\n"),
    );
  });

  it("reports a pattern that matches nothing, and a value printed nowhere, and exits 2", () => {
    const pattern = cli("explain", specs, "收入.没有.*");
    expect(pattern.code).toBe(2);
    expect(pattern.stderr).toContain("error[R0801]: the pattern `收入.没有.*` matches no figure");
    const value = cli("explain", specs, "--value", "12,345.67");
    expect(value.code).toBe(2);
    expect(value.stderr).toContain("error[R0801]: no figure is printed as 12,345.67");
  });

  it("needs a name or a value, not both", () => {
    expect(cli("explain", specs).code).toBe(2);
    expect(cli("explain", specs, "收入.其他收入.占比", "--value", "1").code).toBe(2);
  });
});
