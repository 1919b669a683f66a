#!/usr/bin/env node
// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self and total time per function and self
// time per file, so that a profile's findings can be quoted as figures.
//   node scripts/profile-summary.mjs PROFILE.cpuprofile [--top 25] [--filter TEXT]
import { readFileSync } from "node:fs";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--"));
if (!file) {
  console.error("usage: node scripts/profile-summary.mjs PROFILE.cpuprofile [--top N] [--filter TEXT]");
  process.exit(2);
}
const top = Number(args[args.indexOf("--top") + 1] ?? 25) || 25;
const filter = args.includes("--filter") ? args[args.indexOf("--filter") + 1] : undefined;
const profile = JSON.parse(readFileSync(file, "utf8"));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map();
const deltas = profile.timeDeltas;
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const keyOf = (n) => {
  const f = n.callFrame;
  const url = f.url.replace(/^.*\/(node_modules\/[^/]+|src|dist|bench)\//, "$1/");
  return `${f.functionName || "(anonymous)"} ${url}:${f.lineNumber + 1}`;
};
const fileOf = (n) => {
  const url = n.callFrame.url;
  if (!url) return n.callFrame.functionName || "(native)";
  const m = /node_modules\/([^/]+)/.exec(url);
  if (m) return `node_modules/${m[1]}`;
  return url.replace(/^.*\/(src|dist|bench|test)\//, "$1/").replace(/^file:\/\//, "");
};
const selfBy = new Map();
const totalBy = new Map();
const fileSelf = new Map();
for (const [id, t] of self) {
  const n = nodes.get(id);
  selfBy.set(keyOf(n), (selfBy.get(keyOf(n)) ?? 0) + t);
  fileSelf.set(fileOf(n), (fileSelf.get(fileOf(n)) ?? 0) + t);
  // Inclusive: once per distinct function on the stack.
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = keyOf(nodes.get(cur));
    if (seen.has(k)) continue;
    seen.add(k);
    totalBy.set(k, (totalBy.get(k) ?? 0) + t);
  }
}
const ms = (us) => (us / 1000).toFixed(1).padStart(8);
const pct = (us) => ((100 * us) / total).toFixed(1).padStart(5);
const show = (title, map) => {
  console.log(`\n${title}`);
  [...map].filter(([k]) => !filter || k.includes(filter)).sort((a, b) => b[1] - a[1]).slice(0, top).forEach(([k, t]) => console.log(`${ms(t)} ms ${pct(t)}%  ${k}`));
};
console.log(`total sampled: ${(total / 1000).toFixed(1)} ms`);
show("self time by file", fileSelf);
show("self time by function", selfBy);
show("total (inclusive) time by function", totalBy);
