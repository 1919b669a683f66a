import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "./helpers";

/**
 * The README shows real sessions: every ```text block that starts with `$ npx reckon …` is run
 * (in-process, from the repository root) and must print exactly what the README shows.
 */
const repo = path.join(import.meta.dirname, "..");
const readme = readFileSync(path.join(repo, "README.md"), "utf8");
const sessions = [...readme.matchAll(/```text\n\$ npx reckon (.*)\n([\s\S]*?)```/g)].map((m) => ({ command: m[1]!, output: m[2]! }));

/** Splits a command line as a shell would for these simple cases: spaces, and double quotes. */
function words(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

describe("README sessions", () => {
  it("has sessions to check", () => {
    expect(sessions.length).toBeGreaterThanOrEqual(3);
  });

  it.each(sessions.map((s) => [s.command, s] as const))("reckon %s", (_command, session) => {
    const cwd = process.cwd();
    process.chdir(repo);
    try {
      const run = cli(...words(session.command));
      expect(run.stdout + run.stderr).toBe(session.output);
    } finally {
      process.chdir(cwd);
    }
  });
});
