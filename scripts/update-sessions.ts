/**
 * Writes the example files the documents show whole to docs/examples/ (see `examples` in
 * scripts/sessions.ts), then runs every documented `$ reckon …` session and writes its real output
 * back into the document. Usage: npx tsx scripts/update-sessions.ts
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { blocks, documents, examples, output, repo, writeBlock } from "./sessions";

const written = new Map<string, string>();
for (const { document, file, text } of examples()) {
  const previous = written.get(file);
  if (previous !== undefined && previous !== text) throw new Error(`${document} shows ${file} with another content than an earlier block: give one of them another name`);
  written.set(file, text);
  const full = path.join(repo, file);
  if (existsSync(full) && readFileSync(full, "utf8") === text) continue;
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
  console.log(`wrote ${file} (from ${document})`);
}

for (const document of documents) {
  const file = path.join(repo, document);
  const text = readFileSync(file, "utf8");
  let updated = "";
  let at = 0;
  for (const block of blocks(text)) {
    updated += text.slice(at, block.start) + writeBlock(block, block.parts.map((part) => output(part.command)));
    at = block.end;
  }
  updated += text.slice(at);
  if (updated !== text) {
    writeFileSync(file, updated);
    console.log(`updated ${document}`);
  }
}
