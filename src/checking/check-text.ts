import pc from "picocolors";
import type { Colors } from "picocolors/types";
import { compare, decimal, format, HUNDRED, multiply, type Decimal } from "../numbers/exact";
import { round } from "../numbers/rounding";
import { location } from "../syntax/source";
import { cutQuantityText, quantityText, rangeText, withUnit } from "../text/decimal-text";
import { displayWidth } from "../text/display-width";
import { visible } from "../text/visible";
import type { Unit } from "../semantics/units";
import { MISMATCHED_INPUTS_NAMED, type CheckResult, type FigureCheck, type FigureStatus } from "./check";
import { summarise } from "./check-json";

/** A figure as a report prints it: thousands separators, its decimals, its unit. */
export function formatPrinted(value: Decimal, decimals: number, unit: Unit, negativeZero = false): string {
  return quantityText(`${negativeZero ? "-" : ""}${value.toFixed(decimals)}`, unit.label);
}

/** The mark of each status, in check's lines and explain's headings. */
export const statusMarks: Record<FigureStatus, string> = {
  exact: "✓",
  "within-rounding": "≈",
  "known-inconsistency": "!",
  mismatch: "✗",
};

/** The colour of each status: a mismatch stands out most. */
export function statusPaint(c: Colors): Record<FigureStatus, (s: string) => string> {
  return {
    exact: c.green,
    "within-rounding": c.cyan,
    "known-inconsistency": c.yellow,
    mismatch: (s) => c.bold(c.red(s)),
  };
}

/**
 * The readable summary of `reckon check`: one line per published figure, grouped by where the report
 * prints it, then the stale declarations and the counts.
 */
export function renderCheckText(results: readonly CheckResult[], options: { color: boolean; notChecked?: readonly string[] }): string {
  const c = pc.createColors(options.color);
  const paint = statusPaint(c);
  const lines: string[] = [];
  // The laws of a library imported by several reports are shown once.
  const lawsShown = new Set<string>();
  const lawsKey = (result: CheckResult) => result.laws.map((l) => `${l.location} ${l.name}`).join("|");
  for (const result of results) {
    lines.push(c.bold(`${visible(result.title ?? "(no report header)")}  ${c.dim(visible(result.file))}`));
    // Each name and printed value is measured once (display widths of CJK text are not free).
    const names = result.figures.map((f) => ({ text: f.name, width: displayWidth(f.name) }));
    const printedValues = result.figures.map((f) => {
      const text = formatPrinted(f.published, f.printedDecimals, f.unit, f.printedNegative);
      return { text, width: displayWidth(text) };
    });
    const nameWidth = Math.min(48, names.reduce((w, n) => Math.max(w, n.width), 0));
    const valueWidth = printedValues.reduce((w, v) => Math.max(w, v.width), 0);
    let group: string | undefined;
    result.figures.forEach((figure, i) => {
      const heading = visible((figure.citation ?? "(no citation)").split(" / ")[0]!);
      if (heading !== group) {
        group = heading;
        lines.push("", c.bold(heading));
      }
      const name = padMeasured(names[i]!, nameWidth);
      const value = padMeasured(printedValues[i]!, valueWidth);
      lines.push(`  ${paint[figure.status](statusMarks[figure.status])} ${name}  ${value}  ${paint[figure.status](describe(figure))}`);
    });
    if (result.laws.length > 0 && !lawsShown.has(lawsKey(result))) {
      lawsShown.add(lawsKey(result));
      lines.push("", c.bold("laws"));
      const width = Math.max(0, ...result.laws.map((law) => displayWidth(law.name)));
      for (const law of result.laws) {
        if (law.status === "holds") {
          lines.push(`  ${c.green("✓")} ${pad(law.name, width)}  ${c.green(`holds for ${law.runs} generated cases`)}`);
          continue;
        }
        const values = (law.counterexample ?? []).map((v) => `${v.name} = ${withUnit(v.value, v.unit)}`).join(", ");
        lines.push(`  ${c.bold(c.red("✗"))} ${pad(law.name, width)}  ${c.bold(c.red(`FAILS for ${values}: ${law.reason}`))}  ${law.location}`);
        if (law.description) lines.push(`      ${visible(law.description)}`);
        for (const line of (law.reproduction ?? "").split("\n")) lines.push(`      ${visible(line)}`);
      }
    }
    for (const stale of result.stale) {
      lines.push(
        "",
        c.bold(c.red(`✗ stale known-inconsistency: ${stale.figure} reproduces (${stale.status === "exact" ? "exactly" : "within rounding"}); remove the declaration`)),
        `    ${location(stale.declaration.span)}  "${visible(stale.declaration.reason.text)}"`,
      );
    }
    lines.push("", summaryLine([result], c));
    if (results.length > 1) lines.push("");
  }
  // A report that could not be checked is named where the others are, not only in the errors on stderr.
  const notChecked = options.notChecked ?? [];
  for (const file of notChecked) lines.push(c.bold(c.red(`${visible(file)}  not checked: it has errors (see them above)`)), "");
  // With several reports, each says how it came out, and a last line adds them up.
  if (results.length + notChecked.length > 1) {
    const missing = notChecked.length > 0 ? c.red(`; ${notChecked.length} report${notChecked.length === 1 ? "" : "s"} not checked`) : "";
    lines.push(`${summaryLine(results, c, "all reports: ")}${missing}`);
  }
  return `${lines.join("\n")}\n`;
}

/** "317 published figures: 305 exact, …" for the given reports, green when nothing needs attention. */
function summaryLine(results: readonly CheckResult[], c: Colors, prefix = ""): string {
  const failingLaws = new Set(results.flatMap((r) => r.laws.filter((l) => l.status === "fails").map((l) => `${l.location} ${l.name}`)));
  const summary = summarise(
    results.flatMap((r) => r.figures),
    results.reduce((n, r) => n + r.stale.length, 0),
    failingLaws.size,
  );
  const parts = [
    `${summary.exact} exact`,
    `${summary.withinRounding} within rounding`,
    `${summary.knownInconsistency} known inconsistenc${summary.knownInconsistency === 1 ? "y" : "ies"}`,
    `${summary.mismatch} mismatch${summary.mismatch === 1 ? "" : "es"}`,
  ];
  if (summary.stale > 0) parts.push(`${summary.stale} stale declaration${summary.stale === 1 ? "" : "s"}`);
  // A figure that cannot be evaluated is an error above; the count says the check is not complete.
  const unevaluated = results.reduce((n, r) => n + r.unevaluated.length, 0);
  if (unevaluated > 0) parts.push(`${unevaluated} not checked (cannot be evaluated: see the error${unevaluated === 1 ? "" : "s"} above)`);
  if (summary.lawsFailing > 0) parts.push(`${summary.lawsFailing} failing law${summary.lawsFailing === 1 ? "" : "s"}`);
  const ok = summary.mismatch === 0 && summary.stale === 0 && summary.lawsFailing === 0 && unevaluated === 0;
  const total = summary.total + unevaluated;
  return (ok ? c.green : c.red)(`${prefix}${total} published figure${total === 1 ? "" : "s"}: ${parts.join(", ")}`);
}

function describe(f: FigureCheck): string {
  // In the printed unit, digits grouped as the report groups them, a long value cut a few digits
  // past the printed ones (the JSON has every digit).
  const unit = f.unit.label;
  const computed = `computed ${cutQuantityText(f.computed, f.decimals, unit)}`;
  // A value that needed no rounding is not said twice ("computed 59.84 万元, rounds to 59.84 万元").
  const rounded = compare(f.computed, f.rounded) === 0 ? "" : `, rounds to ${formatPrinted(f.rounded, f.decimals, f.unit)}`;
  const interval =
    f.interval && f.interval.low.isFinite()
      ? `, inputs' rounding allows ${bracket(f, unit)}`
      : f.status === "mismatch" && !f.interval
        ? ", and what its inputs' rounding allows could not be worked out (it runs past the digit or depth limits)"
        : "";
  switch (f.status) {
    case "exact":
      return "exact";
    case "within-rounding":
      return `within rounding: ${computed}${interval}`;
    case "known-inconsistency":
      return `known inconsistency: ${computed}${rounded}; ${visible(f.reason ?? "")}`;
    case "mismatch": {
      const difference = `differs by ${cutQuantityText(f.difference, f.decimals, unit)}`;
      return `MISMATCH: ${computed}${rounded}, ${signMissed(f) ?? difference}${interval}${inputsMismatched(f)}${likelySlip(f)}${knownChanged(f)}  ${location(f.symbol.declaration.span)}`;
    }
  }
}

/** What is wrong with a value printed `-0.00` that is not below zero. */
export const NOT_BELOW_ZERO = "not below zero, as the printed minus sign says";

/** Printed `-0.00`, for a value that rounds to zero but is not below it: what differs is the sign. */
function signMissed(f: FigureCheck): string | undefined {
  if (!f.printedNegative || compare(f.rounded, f.published) !== 0) return undefined;
  return NOT_BELOW_ZERO;
}

/** A known inconsistency declared for another computed value: the inputs changed since it was written. */
function knownChanged(f: FigureCheck): string {
  if (f.knownComputes === undefined) return "";
  return `; its \`known\` declaration says it computes ${quantityText(format(f.knownComputes), f.unit.label)}: the inconsistency is not the one declared, so check the reason again and update \`computes\``;
}

/** One fact in 元 that would reproduce the figure in 万元 (or the other way round). */
function unitSlipped(f: FigureCheck): string {
  const slip = f.unitSlip;
  return slip ? `; \`${slip.fact}\` is given as ${slip.given}, and read in ${slip.meant} it reproduces the figure: is its unit ${slip.meant}?` : "";
}

/** The published figures the mismatch is computed from that are mismatches too: the cause may be theirs. */
function inputsMismatched(f: FigureCheck): string {
  const inputs = f.mismatchedInputs;
  if (!inputs) return "";
  const more = inputs.length >= MISMATCHED_INPUTS_NAMED ? " and others" : inputs.length > 3 ? ` and ${inputs.length - 3} more` : "";
  const named = inputs.slice(0, 3).map((name) => `\`${name}\``).join(", ") + more;
  return `; it reads ${named} as printed, ${inputs.length === 1 ? "itself a mismatch" : "themselves mismatches"}: check ${inputs.length === 1 ? "that" : "those"} first`;
}

/**
 * The slip that explains a mismatch, when one does: a fact in the wrong unit (found by the check),
 * or the printed value itself written with its % left out, in 元 for 万元, with the sign turned round
 * or with decimals padded by zeros (41.5300% for 41.53%). The first that fits. A printed 0 (any
 * small value rounds to it in another unit) and a figure whose rounded value is the printed one
 * (a -0.00 that is not below zero: its sign is what differs) get none.
 */
function likelySlip(f: FigureCheck): string {
  return printedSlip(f) || unitSlipped(f);
}

/** A slip in the printed value itself, tested exactly: before a fact in another unit, which may fit by chance. */
function printedSlip(f: FigureCheck): string {
  if (f.computed.isZero() || f.published.isZero() || compare(f.rounded, f.published) === 0) return "";
  const printedAs = (value: Decimal, decimals = f.decimals) => round(value, decimals, f.rounding).equals(f.published);
  if (f.unit.isNone && printedAs(multiply(f.computed, HUNDRED))) return "; the printed value is 100 × the computed one: is its % missing?";
  const other = MONEY_SLIPS[f.unit.label];
  if (other && printedAs(multiply(f.computed, other.factor))) return `; in ${other.unit} it computes the printed number: is it printed in ${other.unit}?`;
  if (printedAs(f.computed.negated())) return "; the printed value is the computed one with its sign turned round: does the report say 增长 where the spec says 下降, or 增加 where it says 减少 (or the other way round)?";
  // At least two padded zeros: one is as likely a real last digit 0 (1,362.60) as padding; and not a
  // whole number (100.00% is how a rate of 100% is printed, 99.60% computed or not).
  const printed = f.printedDecimals;
  if (f.published.isInteger()) return "";
  for (let decimals = printed - 2; decimals >= 0 && f.published.decimalPlaces() <= decimals; decimals--) {
    if (printedAs(f.computed, decimals)) return `; rounded to ${decimals} decimal${decimals === 1 ? "" : "s"} it is the printed value: is it printed with ${decimals}, not ${printed}?`;
  }
  return "";
}


/** A value printed in 元 that the report prints in 万元, or the other way round: the other unit and its factor. */
const MONEY_SLIPS: Readonly<Record<string, { unit: string; factor: Decimal }>> = {
  元: { unit: "万元", factor: decimal("0.0001") },
  万元: { unit: "元", factor: decimal("10000") },
};

/**
 * The range the inputs allow, rounded outwards to two decimals more than the figure prints; the
 * values apart, when there are several (`0 or 8`).
 */
function bracket(f: FigureCheck, unit: string): string {
  if (!f.parts) return rangeText(f.interval!, f.decimals, unit);
  return f.parts.map((part) => (part.low.equals(part.high) ? cutQuantityText(part.low, f.decimals, unit) : rangeText(part, f.decimals, unit))).join(" or ");
}

function padMeasured(text: { text: string; width: number }, width: number): string {
  return text.text + " ".repeat(Math.max(0, width - text.width));
}

function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

