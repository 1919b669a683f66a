import pc from "picocolors";
import type { FigureStatus } from "../checking/check";
import { NOT_BELOW_ZERO, statusMarks, statusPaint } from "../checking/check-text";
import { compare, decimal } from "../numbers/exact";
import { printedInterval } from "../numbers/rounding";
import { cutQuantityText, EXTRA_PLACES, quantityText, rangeText, shortDecimal } from "../text/decimal-text";
import { visible } from "../text/visible";
import { PATTERN_VALUES_SHOWN, type ExplainedInterval, type ExplainNode } from "./explain";

const statusWords: Record<FigureStatus, string> = {
  exact: `${statusMarks.exact} exact`,
  "within-rounding": `${statusMarks["within-rounding"]} within rounding`,
  "known-inconsistency": `${statusMarks["known-inconsistency"]} known inconsistency`,
  mismatch: `${statusMarks.mismatch} MISMATCH`,
};

const quantity = quantityText;

function where(node: ExplainNode): string {
  return `${node.location.file}:${node.location.line}`;
}

/**
 * The range the inputs' rounding allows, in the printed unit, rounded outwards to two decimals more
 * than the figure prints (as `check` shows it).
 */
function intervalText(node: ExplainNode): string | undefined {
  const i = node.interval;
  if (!i || !node.printed) return undefined;
  const { unit, decimals } = node.printed;
  const range = (x: ExplainedInterval) => ({ low: decimal(x.low), high: decimal(x.high), lowOpen: x.lowOpen, highOpen: x.highOpen });
  // Several intervals apart (0 or the weight), as check shows them.
  if (node.parts) return node.parts.map((p) => (p.low === p.high ? cutQuantityText(decimal(p.low), decimals, unit) : rangeText(range(p), decimals, unit))).join(" or ");
  return rangeText(range(i), decimals, unit);
}

/** A computed value cut to a few digits more than the figure prints (its full digits are in the JSON). */
function computedText(node: ExplainNode & { printed: NonNullable<ExplainNode["printed"]> }): string {
  const { computed, decimals, unit } = node.printed;
  return cutQuantityText(decimal(computed), decimals, unit);
}

/**
 * Why a figure that is not exact is within rounding or not: what its printed value stands for, and
 * whether the range its inputs allow meets that.
 */
function standsForText(node: ExplainNode): string {
  const { value, decimals, unit, rounding, text, negativeZero } = node.printed!;
  const standsFor = rangeText(printedInterval(decimal(value), decimals, rounding, negativeZero), decimals, unit, decimals + 1);
  return `the printed ${text} stands for ${standsFor}, which ${node.status === "within-rounding" ? "this range meets" : "this range misses"}`;
}

/**
 * How the computed value was rounded to print: ` → 4.53 (half up, 2 decimals)`, or, for a value
 * that has no more decimals than are printed, ` (no rounding needed at 2 decimals)` rather than the
 * same value twice.
 */
function roundingStep(printed: NonNullable<ExplainNode["printed"]>): string {
  const d = printed.decimals;
  const decimals = `${d} decimal${d === 1 ? "" : "s"}`;
  if (compare(decimal(printed.computed), decimal(printed.rounded)) === 0) return ` (no rounding needed at ${decimals})`;
  return ` → ${quantity(printed.rounded, printed.unit)} (${printed.rounding.replace("_", " ")}, ${decimals})`;
}

/**
 * What is wrong with a figure's `known` declaration, if anything: stale (the figure reproduces), or
 * written for another computed value (its reason explains another inconsistency).
 */
function knownNoteText(node: ExplainNode): string | undefined {
  if (!node.reason) return undefined;
  if (node.status === "exact" || node.status === "within-rounding") {
    return `stale: the figure reproduces (${node.status === "exact" ? "exactly" : "within rounding"}), so the known declaration should go`;
  }
  if (node.knownComputes === undefined) return undefined;
  const unit = node.printed?.unit ?? node.unit;
  return `the known declaration says it computes ${quantity(node.knownComputes, unit)}, not ${quantity(node.printed ? node.printed.rounded : node.value, unit)}: its reason was written for other inputs, so check it again and update \`computes\``;
}

/** Beside a rounded value that is not the printed one: by how much the computed value misses it. */
function differenceText(printed: NonNullable<ExplainNode["printed"]>): string {
  const sign = printed.negativeZero ? "-" : "";
  if (printed.rounded === decimal(printed.value).toFixed(printed.decimals)) {
    const belowZero = decimal(printed.computed).isNegative() && !decimal(printed.computed).isZero();
    return printed.negativeZero && !belowZero ? `, ${NOT_BELOW_ZERO}` : "";
  }
  const difference = decimal(printed.difference);
  const shown = shortDecimal(difference.abs(), printed.decimals, EXTRA_PLACES);
  return `, not the printed ${quantity(`${sign}${decimal(printed.value).toFixed(printed.decimals)}`, printed.unit)}: ${difference.isNegative() ? "below" : "above"} it by ${quantity(shown, printed.unit)}`;
}

/** `, since 8.8 万元 == 0 is false`: how the values decided the function's conditions. */
function conditionsText(conditions: readonly string[] | undefined): string {
  return conditions ? `, since ${conditions.join(" and ")}` : "";
}

/** `fact`, `fact, exact` (not rounded), or `fact, a count` (whole numbers only: 4 次 is 4). */
function factLabel(node: ExplainNode): string {
  const label = node.exact ? "fact, exact" : node.count ? "fact, a count" : "fact";
  return node.given ? `${label}, given as ${node.given}` : label;
}

/** How the formula above used this figure, when that is not what its heading shows. */
function readNote(node: ExplainNode): string | undefined {
  if (node.read === "computed" && node.printed) return "used unrounded, as computed";
  // Compared as numbers: a score column read to two decimals rounds 5 to "5.00", which is the printed 5.
  if (node.read === "printed" && node.printed && !decimal(node.printed.rounded).equals(decimal(node.printed.value))) return "used as printed";
  return undefined;
}

/** The lines that describe one node (its heading first), without tree prefixes. */
function describe(node: ExplainNode, c: ReturnType<typeof pc.createColors>): string[] {
  const paint = statusPaint(c);
  const note = readNote(node);
  const readNoteText = note ? c.dim(` (${note})`) : "";
  if (node.kind === "fact") {
    const cite = node.citation ? `  @ "${node.citation}"` : "";
    return [`${c.bold(node.name)} = ${quantity(node.value, node.unit)}  ${c.dim(`${factLabel(node)}${cite}  ${where(node)}`)}`];
  }
  if (node.seeAbove) {
    const shown = node.printed ? node.printed.text : quantity(node.value, node.unit);
    return [`${c.bold(node.name)} = ${shown}${readNoteText}  ${c.dim("(derived above)")}`];
  }
  const lines: string[] = [];
  if (node.kind === "published" && node.printed && node.status) {
    lines.push(`${c.bold(node.name)} = ${node.printed.text}${readNoteText}  ${paint[node.status](statusWords[node.status])}`);
  } else {
    lines.push(`${c.bold(node.name)} = ${quantity(node.value, node.unit)}${readNoteText}  ${c.dim("formula, not printed")}`);
  }
  lines.push(`${c.dim("formula")}  ${node.source ?? ""}  ${c.dim(where(node))}`);
  if (node.citation) lines.push(node.printed ? `${c.dim("printed")}  @ "${node.citation}"` : `${c.dim("section")}  @ "${node.citation}"`);
  if (node.printed) {
    lines.push(`${c.dim("value  ")}  ${computedText({ ...node, printed: node.printed })}${roundingStep(node.printed)}${differenceText(node.printed)}`);
  }
  const interval = intervalText(node);
  if (interval && node.status !== "exact") {
    lines.push(`${c.dim("range  ")}  ${interval}: what the rounding of the printed inputs allows`);
    lines.push(`${c.dim("        ")} ${standsForText(node)}`);
  }
  if (node.reason) lines.push(`${c.dim("known  ")}  ${node.reason}${node.knownAt ? `  ${c.dim(`${node.knownAt.file}:${node.knownAt.line}`)}` : ""}`);
  const knownNote = knownNoteText(node);
  if (knownNote) lines.push(`${c.dim("       ")}  ${knownNote}`);
  for (const f of node.functions ?? []) lines.push(`${c.dim("uses   ")}  ${f.definition}  ${c.dim(`${f.location.file}:${f.location.line}`)}`);
  if (node.withValues) {
    lines.push(`${c.dim("values ")}  ${node.withValues.formula}`);
    if (node.withValues.unfolded) lines.push(`${c.dim("       ")}  = ${node.withValues.unfolded}${conditionsText(node.withValues.conditions)}`);
  }
  if (node.counted) lines.push(`${c.dim("counted")}  ${countedText(node.counted)}`);
  if (node.truncated) lines.push(c.dim("…        inputs not shown (--depth)"));
  return lines;
}

/** The findings a figure is built on, in the singular and the plural. */
const findingNouns: Record<"known-inconsistency" | "mismatch", readonly [string, string]> = {
  "known-inconsistency": ["known inconsistency", "known inconsistencies"],
  mismatch: ["mismatch", "mismatches"],
};

/** The figures a count(…) counted: `3 figures: 项目.a.总分, 项目.b.总分, 项目.c.总分` (the first 50 of a province's thousands). */
function countedText(names: readonly string[]): string {
  const shown = names.length > PATTERN_VALUES_SHOWN ? `${names.slice(0, PATTERN_VALUES_SHOWN).join(", ")}, …` : names.join(", ");
  return `${names.length} ${names.length === 1 ? "figure" : "figures"}${names.length > 0 ? `: ${shown}` : ""}`;
}

/** The known inconsistencies and mismatches a figure is built on (ExplainNode.findingsBelow), by status. */
function findingsBelow(root: ExplainNode): { status: "known-inconsistency" | "mismatch"; names: string[] }[] {
  const byStatus = (status: FigureStatus) => (root.findingsBelow ?? []).filter((f) => f.status === status).map((f) => f.name);
  return (["mismatch", "known-inconsistency"] as const).map((status) => ({ status, names: byStatus(status) })).filter((f) => f.names.length > 0);
}

/** One line per status: `! 1 known inconsistency: 财政拨款.年初预算数`. */
function findingsText(root: ExplainNode): string[] {
  return findingsBelow(root).map(({ status, names }) => `${statusWords[status].split(" ")[0]} ${names.length} ${findingNouns[status][names.length === 1 ? 0 : 1]}: ${names.join(", ")}`);
}

/** A derivation as a tree for the terminal, with box-drawing characters. */
export function renderExplainText(node: ExplainNode, options: { color?: boolean } = {}): string {
  node = visibleTree(node);
  const c = pc.createColors(options.color ?? false);
  const out: string[] = [];
  const walk = (n: ExplainNode, prefix: string, childPrefix: string) => {
    const [head, ...rest] = describe(n, c);
    if (n === node) rest.push(...findingsText(node).map((line) => `${c.dim("below  ")}  ${line}`));
    out.push(prefix + head);
    const bar = n.children.length > 0 ? "│ " : "  ";
    for (const line of rest) out.push(`${childPrefix}${bar}  ${line}`);
    n.children.forEach((child, i) => {
      const last = i === n.children.length - 1;
      walk(child, `${childPrefix}${last ? "└─ " : "├─ "}`, `${childPrefix}${last ? "   " : "│  "}`);
    });
  };
  walk(node, "", "");
  return `${out.join("\n")}\n`;
}

/** The texts of a tree that come from a spec (citations, formulas, reasons), with control characters escaped. */
function visibleTree(node: ExplainNode): ExplainNode {
  return {
    ...node,
    ...(node.citation === undefined ? {} : { citation: visible(node.citation) }),
    ...(node.source === undefined ? {} : { source: visible(node.source) }),
    ...(node.reason === undefined ? {} : { reason: visible(node.reason) }),
    ...(node.functions === undefined ? {} : { functions: node.functions.map((f) => ({ ...f, definition: visible(f.definition) })) }),
    ...(node.withValues === undefined
      ? {}
      : {
          withValues: {
            formula: visible(node.withValues.formula),
            ...(node.withValues.unfolded === undefined ? {} : { unfolded: visible(node.withValues.unfolded) }),
            ...(node.withValues.conditions === undefined ? {} : { conditions: node.withValues.conditions.map(visible) }),
          },
        }),
    location: { ...node.location, file: visible(node.location.file) },
    children: node.children.map(visibleTree),
  };
}

/**
 * Text from a spec in markdown: the characters that would make emphasis, code, links, HTML or
 * entities escaped, so that a citation or a name shows as written (`_a_` is not an emphasised a).
 */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>~|&]/g, (c) => `\\${c}`);
}

/** A derivation as a nested markdown list, for an audit note. */
export function renderExplainMarkdown(node: ExplainNode): string {
  node = visibleTree(node);
  const out: string[] = [];
  const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
  const walk = (n: ExplainNode, indent: string) => {
    const value = n.printed ? n.printed.text : quantity(n.value, n.unit);
    const status = n.status ? ` — ${statusWords[n.status]}` : "";
    const kind = n.kind === "fact" ? ` (${factLabel(n)})` : n.seeAbove ? " (derived above)" : n.printed ? "" : " (formula, not printed)";
    const note = readNote(n);
    out.push(`${indent}- **${markdownText(n.name)}** = ${value}${note ? ` (${note})` : ""}${kind}${status}`);
    const detail = `${indent}  `;
    if (n.citation) out.push(`${detail}- ${n.kind === "formula" && !n.printed ? "section" : "printed at"}: ${markdownText(n.citation)}`);
    if (n.kind !== "fact" && !n.seeAbove) {
      out.push(`${detail}- formula: ${code(n.source ?? "")} (${where(n)})`);
      if (n.printed) out.push(`${detail}- computed: ${computedText({ ...n, printed: n.printed })}${roundingStep(n.printed)}${differenceText(n.printed)}`);
      const interval = intervalText(n);
      if (interval && n.status !== "exact") out.push(`${detail}- range over the inputs' rounding: ${interval}; ${standsForText(n)}`);
      if (n.reason) out.push(`${detail}- known inconsistency: ${markdownText(n.reason)}${n.knownAt ? ` (${n.knownAt.file}:${n.knownAt.line})` : ""}`);
      const knownNote = knownNoteText(n);
      if (knownNote) out.push(`${detail}- ${knownNote}`);
      for (const f of n.functions ?? []) out.push(`${detail}- uses ${code(f.definition)} (${f.location.file}:${f.location.line})`);
      if (n.withValues) {
        const unfolded = n.withValues.unfolded ? ` = ${code(n.withValues.unfolded)}` : "";
        const decided = n.withValues.conditions ? `, since ${n.withValues.conditions.map(code).join(" and ")}` : "";
        out.push(`${detail}- with the values used: ${code(n.withValues.formula)}${unfolded}${decided}`);
      }
      if (n.counted) out.push(`${detail}- counted: ${markdownText(countedText(n.counted))}`);
      if (n === node) for (const line of findingsText(n)) out.push(`${detail}- built on ${line}`);
    } else if (n.kind === "fact") {
      out.push(`${detail}- source: ${where(n)}`);
    }
    for (const child of n.children) walk(child, detail);
  };
  walk(node, "");
  return `${out.join("\n")}\n`;
}
