/**
 * Runs every documented `$ reckon …` session whose files exist and writes its real output back.
 * Usage: npx tsx scripts/update-sessions.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { documents, output, repo, runnable, sessionPattern } from "./sessions";

for (const document of documents) {
  const file = path.join(repo, document);
  const text = readFileSync(file, "utf8");
  const updated = text.replace(sessionPattern, (block, fence: string, npx: string | undefined, command: string, shown: string) =>
    runnable(command, shown) ? `\`\`\`${fence}\n$ ${npx ?? ""}reckon ${command}\n${output(command)}\`\`\`` : block,
  );
  if (updated !== text) {
    writeFileSync(file, updated);
    console.log(`updated ${document}`);
  }
}
