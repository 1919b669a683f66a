import pc from "picocolors";
import type { FigureStatus } from "../checking/check";
import { groupDigits } from "../syntax/print";
import { visible } from "../text/visible";
import type { ExplainNode } from "./explain";

const statusWords: Record<FigureStatus, string> = {
  exact: "✓ exact",
  "within-rounding": "≈ within rounding",
  "known-inconsistency": "! known inconsistency",
  mismatch: "✗ MISMATCH",
};

/** A value with its unit, digits grouped as reports print them. */
function quantity(value: string, unit: string): string {
  const number = /^-?\d+(\.\d+)?$/.test(value) ? groupDigits(value) : value;
  if (unit === "") return number;
  return unit === "%" ? `${number}%` : `${number} ${unit}`;
}

function where(node: ExplainNode): string {
  return `${node.location.file}:${node.location.line}`;
}

function intervalText(node: ExplainNode): string | undefined {
  const i = node.interval;
  if (!i) return undefined;
  return `${i.lowOpen ? "(" : "["}${i.low}, ${i.high}${i.highOpen ? ")" : "]"}`;
}

/** The lines that describe one node (its heading first), without tree prefixes. */
function describe(node: ExplainNode, c: ReturnType<typeof pc.createColors>): string[] {
  const statusPaint: Record<FigureStatus, (s: string) => string> = {
    exact: c.green,
    "within-rounding": c.cyan,
    "known-inconsistency": c.yellow,
    mismatch: (s) => c.bold(c.red(s)),
  };
  const readNote = node.read === "computed" ? c.dim(" (read at full precision)") : "";
  if (node.kind === "fact") {
    const cite = node.citation ? `  @ "${node.citation}"` : "";
    return [`${c.bold(node.name)} = ${quantity(node.value, node.unit)}  ${c.dim(`fact${cite}  ${where(node)}`)}`];
  }
  if (node.seeAbove) {
    const shown = node.printed ? node.printed.text : quantity(node.value, node.unit);
    return [`${c.bold(node.name)} = ${shown}${readNote}  ${c.dim("(derived above)")}`];
  }
  const lines: string[] = [];
  if (node.kind === "published" && node.printed && node.status) {
    lines.push(`${c.bold(node.name)} = ${node.printed.text}${readNote}  ${statusPaint[node.status](statusWords[node.status])}`);
  } else {
    lines.push(`${c.bold(node.name)} = ${quantity(node.value, node.unit)}${readNote}  ${c.dim("formula")}`);
  }
  lines.push(`${c.dim("formula")}  ${node.source ?? ""}  ${c.dim(where(node))}`);
  if (node.citation) lines.push(`${c.dim("printed")}  @ "${node.citation}"`);
  if (node.printed) {
    const d = node.printed.decimals;
    const rule = node.printed.rounding.replace("_", " ");
    lines.push(`${c.dim("value  ")}  ${quantity(node.printed.computed, node.printed.unit)} → ${quantity(node.printed.rounded, node.printed.unit)} (${rule}, ${d} decimal${d === 1 ? "" : "s"})`);
  }
  const interval = intervalText(node);
  if (interval && node.status !== "exact") lines.push(`${c.dim("range  ")}  ${interval} over the rounding of the printed inputs`);
  if (node.reason) lines.push(`${c.dim("known  ")}  ${node.reason}`);
  for (const f of node.functions ?? []) lines.push(`${c.dim("uses   ")}  ${f.definition}  ${c.dim(`${f.location.file}:${f.location.line}`)}`);
  if (node.truncated) lines.push(c.dim("…        inputs not shown (--depth)"));
  return lines;
}

/** A derivation as a tree for the terminal, with box-drawing characters. */
export function renderExplainText(node: ExplainNode, options: { color: boolean }): string {
  node = visibleTree(node);
  const c = pc.createColors(options.color);
  const out: string[] = [];
  const walk = (n: ExplainNode, prefix: string, childPrefix: string) => {
    const [head, ...rest] = describe(n, c);
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
    location: { ...node.location, file: visible(node.location.file) },
    children: node.children.map(visibleTree),
  };
}

/** A derivation as a nested markdown list, for an audit note. */
export function renderExplainMarkdown(node: ExplainNode): string {
  node = visibleTree(node);
  const out: string[] = [];
  const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
  const walk = (n: ExplainNode, indent: string) => {
    const value = n.printed ? n.printed.text : quantity(n.value, n.unit);
    const status = n.status ? ` — ${statusWords[n.status]}` : "";
    const kind = n.kind === "fact" ? " (fact)" : n.seeAbove ? " (derived above)" : "";
    out.push(`${indent}- **${n.name}** = ${value}${kind}${status}`);
    const detail = `${indent}  `;
    if (n.citation) out.push(`${detail}- printed at: ${n.citation}`);
    if (n.kind !== "fact" && !n.seeAbove) {
      out.push(`${detail}- formula: ${code(n.source ?? "")} (${where(n)})`);
      if (n.printed) out.push(`${detail}- computed: ${quantity(n.printed.computed, n.printed.unit)} → ${quantity(n.printed.rounded, n.printed.unit)} (${n.printed.rounding.replace("_", " ")})`);
      const interval = intervalText(n);
      if (interval && n.status !== "exact") out.push(`${detail}- range over the inputs' rounding: ${interval}`);
      if (n.reason) out.push(`${detail}- known inconsistency: ${n.reason}`);
      for (const f of n.functions ?? []) out.push(`${detail}- uses ${code(f.definition)} (${f.location.file}:${f.location.line})`);
    } else if (n.kind === "fact") {
      out.push(`${detail}- source: ${where(n)}`);
    }
    for (const child of n.children) walk(child, detail);
  };
  walk(node, "");
  return `${out.join("\n")}\n`;
}
