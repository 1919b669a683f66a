import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { formatSpec } from "../src/formatting/format-spec";
import { cli } from "./helpers";

/** `reckon fmt`: in-place rewriting, --check, files with syntax errors, atomic replacement. */

/** Every rename the command makes, with the two files' contents at that moment; a rename can be made to fail. */
const spy = vi.hoisted(() => ({ renames: [] as { from: string; to: string; content: string; original: string }[], failRename: false }));

vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs")>();
  const renameSync = (from: import("node:fs").PathLike, to: import("node:fs").PathLike): void => {
    spy.renames.push({ from: String(from), to: String(to), content: actual.readFileSync(from, "utf8"), original: actual.readFileSync(to, "utf8") });
    if (spy.failRename) throw Object.assign(new Error("ENOSPC: no space left on device, rename"), { code: "ENOSPC" });
    actual.renameSync(from, to);
  };
  return { ...actual, renameSync, default: { ...actual, renameSync } };
});

const messy = `// The demo spec.
import "../std/final-accounts.reckon"   // share, growth
report "示例单位 2024年度部门决算"   year 2024


section 收入 @ "二、收入决算情况说明" {   // the sources of income
    fact 本年合计=1362.66 万元
  fact 其他收入 = 0.01万元 @ "二"
  figure 其他收入.占比 = share(其他收入,
                               本年合计)   published 0.0007%
}
table 绩效.科普经费 @ "项目支出绩效自评表" {
  | 指标 | 规则 | 目标 | 实际 | 分值 | 得分 |
  | 慰问人数 | proportional | >= 510 人 | 462 人 | 5 | 4.53 |   // 462 / 510 × 5
  | 发布及时性 | meets | <= 24 小时 | 10 小时 | 5 | 5 |
}
figure 月服务费 = (2716.67 元/人/月 * 12 人 * 12 月) as 万元 published 39.12 万元
`;

const formatted = `// The demo spec.
import "../std/final-accounts.reckon" // share, growth
report "示例单位 2024年度部门决算" year 2024

section 收入 @ "二、收入决算情况说明" { // the sources of income
  fact 本年合计 = 1,362.66 万元
  fact 其他收入 = 0.01 万元 @ "二"
  figure 其他收入.占比 = share(其他收入, 本年合计) published 0.0007%
}
table 绩效.科普经费 @ "项目支出绩效自评表" {
  | 指标       | 规则         | 目标       | 实际    | 分值 | 得分 |
  | 慰问人数   | proportional | >= 510 人  | 462 人  | 5    | 4.53 | // 462 / 510 × 5
  | 发布及时性 | meets        | <= 24 小时 | 10 小时 | 5    | 5    |
}
figure 月服务费 = (2,716.67 元/人/月 * 12 人 * 12 月) as 万元 published 39.12 万元
`;

let directory: string;

beforeEach(() => {
  spy.renames.length = 0;
  spy.failRename = false;
  directory = fs.mkdtempSync(path.join(os.tmpdir(), "reckon-fmt-"));
});

afterEach(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

function write(name: string, content: string): string {
  const file = path.join(directory, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

function read(file: string): string {
  return fs.readFileSync(file, "utf8");
}

describe("reckon fmt FILE", () => {
  it("rewrites the file in place in the canonical layout, keeping every comment", () => {
    const file = write("specs/demo.reckon", messy);
    expect(cli("fmt", file)).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(read(file)).toBe(formatted);
  });

  it("is idempotent: a formatted file is not touched again", () => {
    const file = write("demo.reckon", formatted);
    const before = fs.statSync(file);
    expect(cli("fmt", file)).toEqual({ code: 0, stdout: "", stderr: "" });
    const after = fs.statSync(file);
    expect(read(file)).toBe(formatted);
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
  });

  it("formats every .reckon file under a directory", () => {
    const a = write("specs/a.reckon", "fact  a = 1\n");
    const b = write("specs/sub/b.reckon", "fact b=2 人\n");
    const other = write("specs/notes.txt", "fact  c = 3\n");
    expect(cli("fmt", path.join(directory, "specs")).code).toBe(0);
    expect(read(a)).toBe("fact a = 1\n");
    expect(read(b)).toBe("fact b = 2 人\n");
    expect(read(other)).toBe("fact  c = 3\n");
  });

  it("says so when a path does not exist, and needs at least one path", () => {
    expect(cli("fmt", path.join(directory, "missing.reckon"))).toMatchObject({ code: 2, stderr: expect.stringContaining("no such file or directory") });
    expect(cli("fmt")).toMatchObject({ code: 2, stderr: expect.stringContaining("fmt needs a spec file or a directory") });
  });

  it("is listed in the help", () => {
    expect(cli("--help").stdout).toContain("reckon fmt [--check] PATH...");
  });
});

describe("reckon fmt --check", () => {
  it("exits 0 and prints nothing when every file is formatted", () => {
    const file = write("demo.reckon", formatted);
    expect(cli("fmt", "--check", file)).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("exits 1 listing the files that are not formatted, and writes nothing", () => {
    const good = write("good.reckon", formatted);
    const bad = write("bad.reckon", messy);
    const worse = write("worse.reckon", "fact  x = 1\n");
    const before = fs.statSync(bad);
    const result = cli("fmt", "--check", good, bad, worse);
    expect(result.code).toBe(1);
    expect(result.stdout.split("\n").filter(Boolean)).toEqual([bad, worse]);
    expect(result.stderr).toBe("");
    expect(read(bad)).toBe(messy);
    expect(read(worse)).toBe("fact  x = 1\n");
    expect(fs.statSync(bad).ino).toBe(before.ino);
    expect(fs.readdirSync(directory).sort()).toEqual(["bad.reckon", "good.reckon", "worse.reckon"]);
  });
});

describe("a file with syntax errors", () => {
  const broken = "fact a = 1\nfigure 占比 = 1 / 2 @ \"二\"\nfact  b = 2\n";

  it("is not touched; its diagnostics are printed as other commands print them, and fmt exits 2", () => {
    const file = write("broken.reckon", broken);
    const before = fs.statSync(file);
    const result = cli("fmt", file);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("error[R0102]: unexpected `@` in a figure");
    expect(result.stderr).toContain(` --> ${file}:2:`);
    expect(result.stderr).toContain('2 | figure 占比 = 1 / 2 @ "二"');
    expect(result.stderr).toMatch(/\d+ errors?\n$/);
    expect(read(file)).toBe(broken);
    expect(fs.statSync(file).ino).toBe(before.ino);
  });

  it("does not stop the other files from being formatted, but the exit code is 2", () => {
    const file = write("broken.reckon", broken);
    const other = write("other.reckon", "fact  x = 1\n");
    expect(cli("fmt", file, other).code).toBe(2);
    expect(read(file)).toBe(broken);
    expect(read(other)).toBe("fact x = 1\n");
  });

  it("exits 2 with --check too, and lists the unformatted files that parse", () => {
    const file = write("broken.reckon", broken);
    const other = write("other.reckon", "fact  x = 1\n");
    const result = cli("fmt", "--check", file, other);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe(`${other}\n`);
    expect(read(other)).toBe("fact  x = 1\n");
  });

  it("is reported for an unexpected character too (R0101)", () => {
    const file = write("curly.reckon", "fact 收入 = 10 万元 @ “二”\n");
    const result = cli("fmt", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error[R0101]");
    expect(read(file)).toBe("fact 收入 = 10 万元 @ “二”\n");
  });
});

describe("the rewrite is atomic", () => {
  it("replaces the original by renaming a complete new file over it: a new inode, no temporary file left", () => {
    const file = write("demo.reckon", messy);
    const before = fs.statSync(file);
    expect(cli("fmt", file).code).toBe(0);
    const after = fs.statSync(file);
    expect(after.ino).not.toBe(before.ino);
    expect(read(file)).toBe(formatted);
    expect(fs.readdirSync(directory)).toEqual(["demo.reckon"]);
  });

  it("writes the whole new text to a temporary file in the same directory, and only then renames it over the original", () => {
    const file = write("demo.reckon", messy);
    expect(cli("fmt", file).code).toBe(0);
    expect(spy.renames).toHaveLength(1);
    const [rename] = spy.renames;
    expect(path.dirname(rename!.from)).toBe(path.dirname(fs.realpathSync(file)));
    expect(path.basename(rename!.from)).toMatch(/^\.demo\.reckon\..*\.tmp$/);
    expect(rename!.to).toBe(fs.realpathSync(file));
    expect(rename!.content).toBe(formatted);
    expect(rename!.original).toBe(messy);
  });

  it("leaves the original as it was, and no temporary file, when the rename fails", () => {
    const file = write("demo.reckon", messy);
    spy.failRename = true;
    const result = cli("fmt", file);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      `error[R1002]: cannot write \`${file}\`: no space left on the disk\n  = hint: the file is left as it was; check that it can be written, and the space left on its disk\n1 error\n`,
    );
    expect(read(file)).toBe(messy);
    expect(fs.readdirSync(directory)).toEqual(["demo.reckon"]);
  });

  it("keeps the file's permissions", () => {
    const file = write("demo.reckon", messy);
    fs.chmodSync(file, 0o640);
    expect(cli("fmt", file).code).toBe(0);
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
  });

  it("follows a symbolic link: the link stays a link and its target is formatted", () => {
    const target = write("real/demo.reckon", messy);
    const link = path.join(directory, "link.reckon");
    fs.symlinkSync(target, link);
    expect(cli("fmt", link).code).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(read(target)).toBe(formatted);
    expect(fs.readdirSync(path.join(directory, "real"))).toEqual(["demo.reckon"]);
  });

  // Root may write anywhere, so the directory's permissions stop nothing then.
  it.skipIf(process.getuid?.() === 0)("leaves the original and no temporary file when the directory cannot be written", () => {
    const file = write("locked/demo.reckon", messy);
    fs.chmodSync(path.dirname(file), 0o555);
    try {
      const result = cli("fmt", file);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain("cannot write");
      expect(read(file)).toBe(messy);
      expect(fs.readdirSync(path.dirname(file))).toEqual(["demo.reckon"]);
    } finally {
      fs.chmodSync(path.dirname(file), 0o755);
    }
  });
});

describe("formatSpec", () => {
  it("returns the text unchanged with the diagnostics when it does not parse", () => {
    const result = formatSpec("fact a = \n", "x.reckon");
    expect(result.text).toBe("fact a = \n");
    expect(result.diagnostics.map((d) => d.code)).toEqual(["R0102"]);
  });

  it("keeps one blank line of several between groups, and none at the start of a block or the end of the file", () => {
    const source = "\n\nfact a = 1\n\n\n\nfact b = 2\nsection s {\n\n  fact c = 3\n\n}\n\n\n";
    expect(formatSpec(source, "x.reckon").text).toBe("fact a = 1\n\nfact b = 2\nsection s {\n  fact c = 3\n}\n");
  });

  it("moves a comment from inside a declaration written over several lines to just before it", () => {
    const source = "function growth(current, prior) = // from the template\n  if prior == 0 then 1 // zero base\n  else (current - prior) / prior\n";
    expect(formatSpec(source, "x.reckon").text).toBe(
      "// from the template\n// zero base\nfunction growth(current, prior) = if prior == 0 then 1 else (current - prior) / prior\n",
    );
  });

  it("keeps the parentheses that help a reader: and inside or, if inside if, a product converted with as", () => {
    const source =
      "function meets(a, t, w, d) = if (d > 0 and a >= t) or (d < 0 and a <= t) then w else 0\n" +
      "function g(c, p) = if p == 0 then (if c == 0 then 0% else 100%) else (c - p) / p\n" +
      "formula y = (m * 12) as 万元\n";
    expect(formatSpec(source, "x.reckon").text).toBe(source);
  });

  it("keeps a negation of a negation apart, and a negated comparison in parentheses", () => {
    expect(formatSpec("formula b = - -a\nformula c = -(-3)\nformula d = not a == 1\n", "x.reckon").text).toBe("formula b = -(-a)\nformula c = -(-3)\nformula d = not (a == 1)\n");
  });

  it("prints an empty file as an empty file, and a file of comments as its comments", () => {
    expect(formatSpec("", "x.reckon").text).toBe("");
    expect(formatSpec("\n\n  \n", "x.reckon").text).toBe("");
    expect(formatSpec("// a\n\n\n   // b   \n", "x.reckon").text).toBe("// a\n\n// b\n");
  });

  it("drops a byte-order mark and writes line feeds for carriage returns", () => {
    expect(formatSpec("\ufefffact a = 1\r\n// c\r\n\r\n\r\nfact  b = 2   // d\r\n", "x.reckon").text).toBe("fact a = 1\n// c\n\nfact b = 2 // d\n");
    // Old Mac files end lines with a CR alone: each comment stays on its line, blank lines stay.
    expect(formatSpec("fact a = 1\r// c\r\r\rfact  b = 2   // d\r", "x.reckon").text).toBe("fact a = 1\n// c\n\nfact b = 2 // d\n");
  });

  it("writes strings with escapes only where a character would be invisible", () => {
    const source = 'fact a = 1 @ "\\u4e2d\\t\\u200b"\n';
    expect(formatSpec(source, "x.reckon").text).toBe('fact a = 1 @ "中\\t\\u200b"\n');
    // A no-break or thin space looks like a space: it keeps its escape, written or raw. Chinese text's full-width space stays itself.
    expect(formatSpec('fact a = 1 @ "a\\u00a0b\u2009c\u3000d"\n', "x.reckon").text).toBe('fact a = 1 @ "a\\u00a0b\\u2009c\u3000d"\n');
  });

  it("keeps a year without thousands separators and numbers with their decimals", () => {
    const source = 'report "r" year 2024\nfact a = 1234567.50 万元\nfact b = -0.0010%\n';
    expect(formatSpec(source, "x.reckon").text).toBe('report "r" year 2024\nfact a = 1,234,567.50 万元\nfact b = -0.0010%\n');
  });
});
