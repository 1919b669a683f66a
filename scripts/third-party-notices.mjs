#!/usr/bin/env node
// Writes dist/THIRD_PARTY_NOTICES.md: the name, version, licence and licence text of every package
// whose code the build bundled into dist/ (the library bundles chevrotain and its lodash-es; the
// command line bundles all its dependencies). The packages are read off the bundles themselves:
// esbuild marks where each bundled file begins with a `// node_modules/PACKAGE/FILE` comment.
//   node scripts/third-party-notices.mjs        (run by `npm run build`, after tsup)
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), ".."); // import.meta.dirname needs Node 20.11
const dist = path.join(repo, "dist");
const bundles = readdirSync(dist).filter((file) => /\.(c|m)?js$/.test(file));

/**
 * The folders of the bundled packages, from every `// …node_modules/PACKAGE/…` marker of every bundle.
 * A marker's path is relative to the directory the build ran in (through a linked node_modules it
 * is the real path: `// ../../work/main/node_modules/chevrotain/lib/src/api.js`).
 */
const folders = new Set();
for (const bundle of bundles) {
  const text = readFileSync(path.join(dist, bundle), "utf8");
  for (const [, folder] of text.matchAll(/^\/\/ ((?:\S*\/)?node_modules\/(?:@[^/\s]+\/)?[^/\s@]+)\//gm)) folders.add(path.resolve(repo, folder));
}

const sections = [...folders]
  .map((folder) => ({ folder, manifest: JSON.parse(readFileSync(path.join(folder, "package.json"), "utf8")) }))
  .sort((a, b) => (a.manifest.name < b.manifest.name ? -1 : a.manifest.name > b.manifest.name ? 1 : 0))
  .map(({ folder, manifest }) => {
    const files = readdirSync(folder);
    const licenseFile = files.find((file) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(file));
    const notice = files.find((file) => /^notice(\.(md|txt))?$/i.test(file));
    if (!licenseFile) throw new Error(`${manifest.name} has no licence file to copy into dist/THIRD_PARTY_NOTICES.md`);
    const texts = [licenseFile, notice].filter(Boolean).map((file) => readFileSync(path.join(folder, file), "utf8").trim());
    return [`## ${manifest.name} ${manifest.version} (${manifest.license})`, "", "```text", texts.join("\n\n"), "```", ""].join("\n");
  });

const header = [
  "# Third-party notices",
  "",
  `The files of dist/ (${bundles.join(", ")}) include code of the packages below, under their licences.`,
  "grammar/diagrams.html includes chevrotain's diagrams code (its licence is below), with the",
  "railroad-diagrams library of Tab Atkins Jr. that chevrotain vendors (CC0: no rights reserved).",
  "",
];
writeFileSync(path.join(dist, "THIRD_PARTY_NOTICES.md"), [...header, ...sections].join("\n"));
console.log(`dist/THIRD_PARTY_NOTICES.md: ${sections.length} bundled packages`);
