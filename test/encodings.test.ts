// Files that are not UTF-8 (a spec or a fact file saved as GBK or UTF-16) are refused with one clear
// error and never decoded lossily, so `reckon fmt` cannot write U+FFFD over their Chinese text; a
// UTF-8 byte order mark is accepted in JSON fact files as in CSV; `reckon check DIR` finds every
// report (decided by the lexer, symbolic links followed) and refuses file names that are not UTF-8;
// `reckon fmt` reports a file over the size limit as R0204. The CLI runs in-process; paths are
// absolute, so they print as written.
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Engine, ReckonError } from "../src/index";
import { limits } from "../src/limits";
import { caretsLineUp, cli, temporaryDirectory } from "./helpers";

const scratch = temporaryDirectory("encodings");

/** Bytes: strings as UTF-8, hex strings (`hex:…`) as they are. GBK: 示例单位 cabec0fdb5a5cebb, 收入 cad5c8eb, 万元 cdf2d4aa, 测 b2e2. */
function bytes(...parts: string[]): Buffer {
  return Buffer.concat(parts.map((p) => (p.startsWith("hex:") ? Buffer.from(p.slice(4), "hex") : Buffer.from(p, "utf8"))));
}

function writeBytes(file: string, content: Buffer): string {
  const full = scratch.path(file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, content);
  return full;
}

/** The same spec, saved as GBK: only its title and a comment are Chinese, so it parses (and `fmt` would have rewritten it). */
const GBK_SPEC = bytes('report   "', "hex:cabec0fdb5a5cebb", ' 2024" year 2024\n// ', "hex:cad5c8eb", "\nfact a = 10\nfigure b = a * 2 published 20\n");
const GBK_HINT = "reckon reads UTF-8 only, and this file looks like GBK/GB18030: save it as UTF-8 (e.g. `iconv -f GB18030 -t UTF-8`)";

/** A file's bytes (as hex, compared fast) and modification time, to show that nothing wrote it. */
function snapshot(file: string): { bytes: string; mtime: number } {
  return { bytes: readFileSync(file).toString("hex"), mtime: statSync(file).mtimeMs };
}

/** Sets a file's modification time in the past, so that a rewrite would change it. */
function age(file: string): string {
  utimesSync(file, new Date(2000, 0, 1), new Date(2000, 0, 1));
  return file;
}

function diagnosticOf(action: () => unknown) {
  try {
    action();
  } catch (e) {
    if (!(e instanceof ReckonError)) throw e;
    expect(e.diagnostics).toHaveLength(1);
    return e.diagnostics[0]!;
  }
  throw new Error("expected a ReckonError");
}

describe("a spec that is not UTF-8: R0205, never decoded lossily", () => {
  it("reckon fmt leaves a GBK spec byte for byte as it was (no U+FFFD written), exit 2", () => {
    const file = age(writeBytes("fmt/gbk.reckon", GBK_SPEC));
    const before = snapshot(file);
    const result = cli("fmt", file);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`error[R0205]: spec \`${file}\` is not UTF-8 text\n --> ${file}:1:12\n`);
    // The caret is under the first byte that is not UTF-8 (0xC0; 0xCA 0xBE happens to be UTF-8 for ʾ).
    expect(result.stderr).toContain("  |            ^ byte 0xC0 is not UTF-8\n");
    expect(result.stderr).toContain(`  = hint: ${GBK_HINT}\n`);
    expect(result.stderr).toMatch(/1 error\n$/);
    expect(caretsLineUp(result.stderr.split("\n1 error")[0]!)).toBe(true);
    expect(snapshot(file)).toEqual(before);
  });

  it("reckon fmt --check reports it and lists nothing; fmt DIR formats the other specs and leaves it alone", () => {
    const file = age(writeBytes("fmt-dir/gbk.reckon", GBK_SPEC));
    const other = scratch.write("fmt-dir/other.reckon", "fact   a=1\n");
    const before = snapshot(file);
    const checked = cli("fmt", "--check", file);
    expect([checked.code, checked.stdout]).toEqual([2, ""]);
    expect(checked.stderr).toContain("error[R0205]");
    const result = cli("fmt", scratch.path("fmt-dir"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error[R0205]: spec \`${file}\` is not UTF-8 text`);
    expect(readFileSync(other, "utf8")).toBe("fact a = 1\n");
    expect(snapshot(file)).toEqual(before);
  });

  it("reckon check gives R0205 with exit 2: no garbled title on stdout, no R0101 for each character", () => {
    const file = writeBytes("check/gbk.reckon", GBK_SPEC);
    const result = cli("check", file);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`error[R0205]: spec \`${file}\` is not UTF-8 text\n --> ${file}:1:12\n`);
    expect(result.stderr).not.toContain("R0101");
    expect(result.stderr.match(/error\[/g)).toHaveLength(1);
  });

  it("reckon explain and reckon eval SPEC refuse it the same way", () => {
    const file = writeBytes("explain/gbk.reckon", GBK_SPEC);
    for (const result of [cli("explain", file, "b"), cli("eval", file, "b")]) {
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`error[R0205]: spec \`${file}\` is not UTF-8 text\n --> ${file}:1:12\n`);
    }
  });

  it("a GBK spec whose names are Chinese: one R0205 at its first bad byte, on the line and column an editor shows", () => {
    // Line 2: `fact 收入 = 10 万元`; 收 is 0xCA 0xD5, and 0xD5 0xC8 … : 0xCA 0xD5 is not UTF-8.
    const file = writeBytes("names/gbk.reckon", bytes('report "T"\nfact ', "hex:cad5c8eb", " = 10 ", "hex:cdf2d4aa", "\n"));
    const result = cli("check", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error[R0205]: spec \`${file}\` is not UTF-8 text\n --> ${file}:2:6\n`);
    expect(result.stderr).toContain("byte 0xCA is not UTF-8");
  });

  it.each([
    ["UTF-16LE", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('report "示例"\n', "utf16le")])],
    ["UTF-16BE", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('report "示例"\n', "utf16le").swap16()])],
  ])("a %s spec is named as such (its byte order mark), and fmt does not write it", (encoding, content) => {
    const file = age(writeBytes(`utf16/${encoding}.reckon`, content));
    const before = snapshot(file);
    const result = cli("check", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error[R0205]: spec \`${file}\` is ${encoding} (it starts with a ${encoding} byte order mark), not UTF-8\n --> ${file}:1:1\n`);
    expect(result.stderr).toContain(`^ the ${encoding} byte order mark\n`);
    expect(result.stderr).toContain(`  = hint: reckon reads UTF-8 only: save the file as UTF-8 (e.g. \`iconv -f ${encoding} -t UTF-8\`)\n`);
    expect(cli("fmt", file).code).toBe(2);
    expect(snapshot(file)).toEqual(before);
  });

  it("an imported library that is not UTF-8: R0205 in the library, with the import that names it", () => {
    writeBytes("import/lib.reckon", bytes("// ", "hex:b2e2", "\nfunction twice(x) = x * 2\n"));
    const report = scratch.write("import/report.reckon", 'import "lib.reckon"\nreport "T"\nfact a = 1\nfigure b = twice(a) published 2\n');
    const lib = scratch.path("import/lib.reckon");
    const result = cli("check", report);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error[R0205]: spec \`${lib}\` is not UTF-8 text\n --> ${lib}:1:4\n`);
    expect(result.stderr).toContain(` --> ${report}:1:8\n`);
    expect(result.stderr).toContain("imported here");
  });

  it("Engine.load throws a ReckonError with R0205 and its location", () => {
    const file = writeBytes("api/gbk.reckon", GBK_SPEC);
    const d = diagnosticOf(() => Engine.load(file));
    expect(d).toMatchObject({ code: "R0205", message: `spec \`${file}\` is not UTF-8 text`, hint: GBK_HINT });
    expect(d.location).toMatchObject({ file, line: 1, column: 12 });
  });

  it("a UTF-8 spec with a byte order mark is still read (and checked) as before", () => {
    const file = writeBytes("bom/report.reckon", bytes("hex:efbbbf", 'report "示例"\nfact a = 10\nfigure b = a * 2 published 20\n'));
    const result = cli("check", file);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("示例");
  });

  it("a UTF-8 spec's byte order mark is not a column: an error on line 1 is where an editor shows it", () => {
    const file = writeBytes("bom/error.reckon", bytes("hex:efbbbf", "fact a = 1 人 ?\n"));
    const result = cli("check", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error[R0101]: unexpected character \`?\`\n --> ${file}:1:14\n  |\n1 | fact a = 1 人 ?\n  |               ^`);
  });
});

describe("fact files: R0913 for one that is not UTF-8; a UTF-8 byte order mark accepted in JSON", () => {
  const SPEC = 'report "T"\nfact 收入 in 万元\nfigure 收入.两倍 = 收入 * 2 published 20 万元\n';

  it("a GBK JSON fact file: R0913 at its first bad byte, exit 2 (not a fact `����` that the spec does not declare)", () => {
    const spec = scratch.write("facts/gbk/spec.reckon", SPEC);
    const facts = writeBytes("facts/gbk/facts.json", bytes('{"facts": {"', "hex:cad5c8eb", '": "10 ', "hex:cdf2d4aa", '"}}'));
    const result = cli("check", spec, "--facts", facts);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`error[R0913]: the fact file \`${facts}\` is not UTF-8 text\n --> ${facts}:1:13\n`);
    expect(result.stderr).toContain(`  = hint: ${GBK_HINT}\n`);
    expect(result.stderr).not.toContain("R0908");
  });

  it("a UTF-16 CSV fact file is named UTF-16LE; Engine.loadFactFile throws R0913 too", () => {
    const spec = scratch.write("facts/utf16/spec.reckon", SPEC);
    const facts = writeBytes("facts/utf16/facts.csv", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("name,value,unit\n收入,10,万元\n", "utf16le")]));
    const result = cli("check", spec, "--facts", facts);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error[R0913]: the fact file \`${facts}\` is UTF-16LE (it starts with a UTF-16LE byte order mark), not UTF-8\n --> ${facts}:1:1\n`);
    const d = diagnosticOf(() => Engine.load(spec).loadFactFile(facts));
    expect(d).toMatchObject({ code: "R0913", message: `the fact file \`${facts}\` is UTF-16LE (it starts with a UTF-16LE byte order mark), not UTF-8` });
  });

  it("a JSON fact file that starts with a UTF-8 byte order mark is read, as a CSV one is", () => {
    const spec = scratch.write("facts/bom/spec.reckon", SPEC);
    for (const [name, text] of [
      ["facts.json", '{"facts": {"收入": "10 万元"}}'],
      ["facts.csv", "name,value,unit\n收入,10,万元\n"],
    ] as const) {
      const facts = writeBytes(`facts/bom/${name}`, bytes("hex:efbbbf", text));
      const result = cli("check", spec, "--facts", facts);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/✓ 收入\.两倍\s+20 万元\s+exact/);
      expect(Engine.load(spec, { factFiles: [facts] }).value("收入.两倍").toString()).toBe("20");
    }
  });

  it("an error in a JSON fact file with a byte order mark points at the column an editor shows", () => {
    const spec = scratch.write("facts/bom-error/spec.reckon", SPEC);
    const facts = writeBytes("facts/bom-error/facts.json", bytes("hex:efbbbf", '{"facts": [{"name": "收入", "value": 10}]}'));
    const result = cli("check", spec, "--facts", facts);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error[R0905]: facts[0].value: a value must be written as a string, not a JSON number\n --> ${facts}:1:36\n`);
    expect(caretsLineUp(result.stderr.split("\n1 error")[0]!)).toBe(true);
  });
});

describe("reckon check DIR: which files are reports", () => {
  const MISMATCH = "fact a = 1\nfigure b = a published 3\n";

  it("decides by the lexer: `report\"T\"`, a header after other declarations or later on a line are reports, and their mismatches are found", () => {
    const dir = scratch.path("reports");
    scratch.write("reports/no-space.reckon", `// a report\nreport"无空格"\n${MISMATCH}`);
    scratch.write("reports/later.reckon", `${MISMATCH}report "在后"\n`);
    scratch.write("reports/same-line.reckon", 'fact a = 1 report "同一行"\nfigure b = a published 3\n');
    // Not reports: a library, and a file that only mentions a header in a comment and a string.
    scratch.write("reports/lib.reckon", "function twice(x) = x * 2\n");
    scratch.write("reports/mentions.reckon", '// report "not a header"\nfact c = 1 @ "report \\"x\\""\nfigure d = c published 9\n');
    const result = cli("check", dir);
    // mentions.reckon publishes a figure that no report checks: it is warned about (R0609), not checked.
    expect(result.stderr).toMatch(/^warning\[R0609\]: the published figures of `[^`]*mentions\.reckon` are not checked/);
    expect(result.stderr.match(/R0609/g)).toHaveLength(1);
    expect(result.code).toBe(1);
    for (const title of ["无空格", "在后", "同一行"]) expect(result.stdout).toContain(title);
    expect(result.stdout).toContain("3 published figures: 0 exact, 0 within rounding, 0 known inconsistencies, 3 mismatches");
    expect(result.stdout).not.toContain("lib.reckon");
    expect(result.stdout).not.toContain("mentions.reckon");
  });

  it("a directory with only libraries still has no report spec (exit 2)", () => {
    scratch.write("libraries/lib.reckon", '// report "x"\nfunction twice(x) = x * 2\n');
    const result = cli("check", scratch.path("libraries"));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: no report spec in ${scratch.path("libraries")}\n  = hint: a report spec is a .reckon file with a \`report "…"\` header\n`);
  });

  it("follows a symbolic link to a report, and a link that makes a loop is searched once", () => {
    const dir = scratch.path("links");
    scratch.write("links/real/report.txt", `report "链接"\n${MISMATCH}`);
    symlinkSync(path.join(dir, "real", "report.txt"), path.join(dir, "real", "link.reckon"));
    symlinkSync(dir, path.join(dir, "real", "loop"));
    const result = cli("check", dir);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`链接  ${path.join(dir, "real", "link.reckon")}`);
    expect(result.stdout).toContain("1 published figure: 0 exact, 0 within rounding, 0 known inconsistencies, 1 mismatch");
  });

  it("does not follow a link out of the directory given: fmt DIR never rewrites a file outside DIR", () => {
    const dir = scratch.path("fenced");
    const outside = scratch.write("fence-outside/y.reckon", `report "外"\nfact   z =   1 人\n${MISMATCH}`);
    scratch.write("fenced/sub/in.reckon", "fact   a =   1 人\n");
    symlinkSync(path.dirname(outside), path.join(dir, "sub", "out"));
    symlinkSync(outside, path.join(dir, "y.reckon"));
    const before = readFileSync(outside, "utf8");
    expect(cli("fmt", dir).code).toBe(0);
    expect(readFileSync(outside, "utf8")).toBe(before);
    expect(readFileSync(path.join(dir, "sub", "in.reckon"), "utf8")).toBe("fact a = 1 人\n");
    const check = cli("check", dir);
    expect(check.stdout).not.toContain("外");
  });

  it("a directory and one inside it, named together: each report is checked once", () => {
    const dir = scratch.path("nested");
    scratch.write("nested/inner/report.reckon", `report "嵌套"\n${MISMATCH}`);
    const result = cli("check", dir, path.join(dir, "inner"), path.join(dir, "inner", "report.reckon"));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("1 published figure: 0 exact, 0 within rounding, 0 known inconsistencies, 1 mismatch");
  });

  it("a .reckon link that leads nowhere is reported (R0201, exit 2), not skipped", () => {
    const dir = scratch.path("dangling");
    scratch.write("dangling/ok.reckon", 'report "好"\nfact a = 1\nfigure b = a published 1\n');
    symlinkSync(path.join(dir, "missing.txt"), path.join(dir, "broken.reckon"));
    const result = cli("check", dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error[R0201]: cannot read spec \`${path.join(dir, "broken.reckon")}\``);
  });

  it("a report saved as GBK in a directory is checked (and refused with R0205), not skipped", () => {
    const dir = scratch.path("gbk-dir");
    writeBytes("gbk-dir/gbk.reckon", GBK_SPEC);
    scratch.write("gbk-dir/lib.reckon", "function twice(x) = x * 2\n");
    const result = cli("check", dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error[R0205]: spec \`${path.join(dir, "gbk.reckon")}\` is not UTF-8 text`);
  });
});

describe("reckon check DIR: a file name that is not UTF-8", () => {
  /** Writes a file whose name has GBK bytes (测 = B2 E2); false where the file system refuses such names. */
  function writeGbkName(dir: string, suffix: string, text: string): boolean {
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), Buffer.from([0xb2, 0xe2]), Buffer.from(suffix)]), text);
      return true;
    } catch {
      return false;
    }
  }

  it("a .reckon file: a user error (exit 2) naming the directory and the file, not an internal error", () => {
    const dir = scratch.path("gbk-name");
    if (!writeGbkName(dir, ".reckon", `report "T"\nfact a = 1\nfigure b = a published 1\n`)) return;
    const result = cli("check", dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `error: a file name under ${dir} is not UTF-8: ${dir}/\\xB2\\xE2.reckon\n` +
        "  = hint: rename the file so that its name is UTF-8 (for a name saved in GBK: convmv -f GBK -t UTF-8); reckon names files in its messages by their UTF-8 names\n",
    );
    expect(cli("fmt", "--check", dir).code).toBe(2);
  });

  it("a file that is not a spec is ignored, whatever its name", () => {
    const dir = scratch.path("gbk-name-other");
    if (!writeGbkName(dir, ".pdf", "%PDF")) return;
    scratch.write("gbk-name-other/report.reckon", 'report "T"\nfact a = 1\nfigure b = a published 1\n');
    const result = cli("check", dir);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});

describe("reckon fmt: a spec over the size limit", () => {
  it("is R0204 (as in reckon check) at its first line, exit 2, and left as it is; the other files are formatted", () => {
    const big = age(scratch.write("big/big.reckon", `// ${"x".repeat(limits.specBytes)}\nfact a=1\n`));
    const other = scratch.write("big/other.reckon", "fact   a=1\n");
    const before = snapshot(big);
    const result = cli("fmt", scratch.path("big"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error[R0204]: spec \`${big}\` is larger than 8 MiB\n --> ${big}:1:1\n`);
    expect(result.stderr).toContain("  = hint: split it into files that import one another\n");
    expect(result.stderr).not.toContain("R0201");
    expect(readFileSync(other, "utf8")).toBe("fact a = 1\n");
    const after = snapshot(big);
    expect(after.mtime).toBe(before.mtime);
    expect(after.bytes === before.bytes).toBe(true);
    const check = cli("check", big);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain(`error[R0204]: spec \`${big}\` is larger than 8 MiB\n --> ${big}:1:1\n`);
  });
});

describe("paths that exist but are not spec files: what they are, not 'check the path'", () => {
  it("a loop of symbolic links, named on the command line, imported, or given as a fact file", () => {
    const a = scratch.path("loop/a.reckon");
    mkdirSync(path.dirname(a), { recursive: true });
    symlinkSync("b.reckon", a);
    symlinkSync("a.reckon", scratch.path("loop/b.reckon"));
    for (const command of [["check", a], ["explain", a, "x"], ["eval", a, "x"]]) {
      expect(cli(...command), command[0]).toEqual({ code: 2, stdout: "", stderr: `error: cannot read ${a}: it is a loop of symbolic links\n  = hint: point the link at a file\n` });
    }
    const importer = scratch.write("loop/importer.reckon", 'import "a.reckon"\nreport "r"\n');
    const imported = cli("check", importer);
    expect(imported.code).toBe(2);
    expect(imported.stderr).toContain("error[R0201]: cannot read spec `");
    expect(imported.stderr).toContain("a.reckon`: it is a loop of symbolic links\n");
    symlinkSync("a.reckon", scratch.path("loop/facts.json"));
    const facts = cli("check", scratch.write("loop/plain.reckon", 'report "r"\nfact a in 万元\n'), "--facts", scratch.path("loop/facts.json"));
    expect(facts.stderr).toContain(`error[R0911]: cannot read the fact file \`${scratch.path("loop/facts.json")}\`: it is a loop of symbolic links`);
  });

  it.runIf(existsSync("/dev/null"))("a device or a pipe is said to be one, and `-` is not read as standard input", () => {
    expect(cli("check", "/dev/null").stderr).toBe(
      "error[R0201]: cannot read spec `/dev/null`: it is a device, not a file\n  = hint: reckon reads specs from files: save the spec to a file and give its path\n1 error\n",
    );
    const fifo = scratch.path("fifo.reckon");
    execFileSync("mkfifo", [fifo]);
    expect(cli("check", fifo).stderr).toContain("it is a pipe, not a file");
    expect(cli("check", "-")).toEqual({ code: 2, stdout: "", stderr: "error: reckon reads specs from files, not from standard input\n  = hint: save the spec to a file and give its path\n" });
  });
});
