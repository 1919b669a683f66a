import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const repo = path.join(import.meta.dirname, "..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith(".ts") ? [full] : [];
  });
}

describe("documentation", () => {
  it("catalogues every diagnostic code the source can emit", () => {
    const emitted = new Set<string>();
    for (const file of sources(path.join(repo, "src"))) {
      for (const match of readFileSync(file, "utf8").matchAll(/(?:error|warning)\(\s*"(R\d{4})"/g)) emitted.add(match[1]!);
    }
    const catalogue = readFileSync(path.join(repo, "docs", "language.md"), "utf8");
    const missing = [...emitted].filter((code) => !catalogue.includes(`### ${code}`)).sort();
    expect(missing, "add a section `### CODE: …` to docs/language.md for each").toEqual([]);
  });

  it("links only to documents that exist", () => {
    for (const doc of ["README.md", ...readdirSync(path.join(repo, "docs")).filter((d) => d.endsWith(".md")).map((d) => path.join("docs", d))]) {
      const text = readFileSync(path.join(repo, doc), "utf8");
      for (const [, target] of text.matchAll(/\]\(((?!https?:|#)[^)#]+)(?:#[^)]*)?\)/g)) {
        const resolved = path.resolve(path.dirname(path.join(repo, doc)), target!);
        expect(() => statSync(resolved), `${doc} links to ${target}`).not.toThrow();
      }
    }
  });
});

describe("the repository's own specs", () => {
  it("are formatted as reckon fmt formats them", async () => {
    const { formatSpec } = await import("../src/formatting/format-spec");
    for (const file of ["specs/std/final-accounts.reckon", "specs/2024/urumqi-cast.reckon"]) {
      const text = readFileSync(path.join(repo, file), "utf8");
      expect(formatSpec(text, file).text, `run: npx reckon fmt ${file}`).toBe(text);
    }
  });
});
