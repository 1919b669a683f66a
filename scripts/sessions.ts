import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Console } from "../src/cli/io";
import { run } from "../src/cli/main";

/**
 * The terminal sessions shown in the documentation: a ```text or ```console block whose first line
 * is `$ npx reckon …` (or `$ reckon …`), followed by what it prints. Sessions whose files exist in
 * the repository are run for real by test/sessions.test.ts and rewritten by
 * scripts/update-sessions.ts, so the documentation shows what reckon prints today.
 */
export const repo = path.join(import.meta.dirname, "..");

export const documents = ["README.md", ...readdirSync(path.join(repo, "docs")).filter((d) => d.endsWith(".md")).map((d) => `docs/${d}`)];

export const sessionPattern = /```(text|console)\n\$ (npx )?reckon (.*)\n([\s\S]*?)```/g;

export interface Session {
  readonly document: string;
  readonly command: string;
  readonly shown: string;
}

/** Splits a command line as a shell would for these simple cases: spaces and double quotes. */
export function words(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

/**
 * Whether a block is one session that can be run: a single command (a block of several `$` lines is
 * shown, not run), every path of which exists (sessions about example files are only shown).
 */
export function runnable(command: string, shown: string): boolean {
  if (/^\$ /m.test(shown)) return false;
  return words(command)
    .filter((w) => !w.startsWith("-") && (w.includes("/") || w.endsWith(".reckon") || w === "specs"))
    .every((w) => existsSync(path.join(repo, w)));
}

export function sessions(): Session[] {
  return documents.flatMap((document) =>
    [...readFileSync(path.join(repo, document), "utf8").matchAll(sessionPattern)]
      .filter((m) => runnable(m[3]!, m[4]!))
      .map((m) => ({ document, command: m[3]!, shown: m[4]! })),
  );
}

/** What `reckon COMMAND` prints, stdout and stderr together, run from the repository root. */
export function output(command: string): string {
  let printed = "";
  const io: Console = { out: (t) => void (printed += t), err: (t) => void (printed += t), colorOut: false, colorErr: false };
  const cwd = process.cwd();
  process.chdir(repo);
  try {
    run(words(command), io);
  } finally {
    process.chdir(cwd);
  }
  return printed;
}
