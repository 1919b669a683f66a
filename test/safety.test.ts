// reckon evaluates specs and fact files written by other people. This file tests, by behaviour, that
// no text of theirs is ever run as JavaScript; that names JavaScript treats specially (__proto__,
// constructor, prototype, toString …) are ordinary names everywhere, the command line included,
// and pollute nothing; and that files are only read, except by `reckon fmt`, which writes a spec
// through a temporary file renamed over it and writes nothing else. (test/limits.test.ts greps the
// source for eval; test/api.test.ts covers special names in the API; test/fmt-cli.test.ts the
// atomic rewrite itself.)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { Engine, ReckonError } from "../src/index";
import { printString } from "../src/syntax/print";
import { cli } from "./helpers";

/** Every call that writes to the file system, in order: "openSync <path> <flags>", "renameSync <from> <to>" … */
const fsLog = vi.hoisted(() => ({ writes: [] as string[] }));

vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs")>();
  const functions = actual as unknown as Record<string, (...args: unknown[]) => unknown>;
  const writers = [
    "writeFileSync", "writeFile", "appendFileSync", "appendFile", "writeSync", "write", "writev", "writevSync", "renameSync", "rename", "rmSync", "rm",
    "unlinkSync", "unlink", "rmdirSync", "rmdir", "mkdirSync", "mkdir", "mkdtempSync", "mkdtemp", "copyFileSync", "copyFile", "cpSync", "cp", "symlinkSync",
    "symlink", "linkSync", "link", "chmodSync", "chmod", "fchmodSync", "fchmod", "lchmodSync", "chownSync", "chown", "fchownSync", "lchownSync", "truncateSync",
    "truncate", "ftruncateSync", "ftruncate", "utimesSync", "utimes", "futimesSync", "lutimesSync", "createWriteStream", "fsyncSync", "fdatasyncSync",
  ];
  const wrapped: Record<string, unknown> = { ...actual };
  for (const name of writers) {
    const original = functions[name];
    if (typeof original !== "function") continue;
    wrapped[name] = (...args: unknown[]) => {
      fsLog.writes.push(`${name} ${args.slice(0, 2).map(String).join(" ")}`);
      return original(...args);
    };
  }
  const openSync = functions.openSync!;
  wrapped.openSync = (...args: unknown[]) => {
    const flags = args[1];
    if (flags !== undefined && flags !== "r" && flags !== "rs" && flags !== actual.constants.O_RDONLY) fsLog.writes.push(`openSync ${String(args[0])} ${String(flags)}`);
    return openSync(...args);
  };
  // The promise API writes too; reckon has no reason to touch it.
  wrapped.promises = new Proxy(actual.promises, {
    get(target, key) {
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== "function" || /^(access|readFile|readdir|stat|lstat|realpath|readlink|opendir)$/.test(String(key))) return value;
      return (...args: unknown[]) => {
        fsLog.writes.push(`promises.${String(key)} ${String(args[0])}`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { ...wrapped, default: wrapped };
});

const repo = path.resolve(import.meta.dirname, "..");
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "reckon-safety-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fsLog.writes.length = 0;
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

// ── No code execution ───────────────────────────────────────────────────────────────────────────

/** A file that any payload below creates if it is ever run. */
const marker = path.join(os.tmpdir(), `reckon-pwned-${process.pid}`);
const PAYLOADS = [
  "process.exit(1)",
  "${process.exit(3)}",
  `"); require("child_process").execSync("touch ${marker}"); ("`,
  `\`\${require('fs').writeFileSync('${marker}', 'x')}\``,
  `'); require('fs').writeFileSync('${marker}', 'x'); ('`,
  "constructor.constructor('process.exit(4)')()",
  "globalThis.__reckonPwned = true",
  "Object.prototype.polluted = 'yes'",
  "</script><script>alert(1)</script>",
  "{{constructor.constructor('process.exit(5)')()}}",
  "%s %d %n %j",
  "\\u0000 \\x00 \0 \u2028",
  "import('node:child_process').then((m) => m.execSync('touch x'))",
];

describe("no text of a spec, a fact file or an expression is ever run as JavaScript", () => {
  let exit: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    exit = vi.spyOn(process, "exit").mockImplementation(((code?: number) => {
      throw new Error(`process.exit(${code}) was called`);
    }) as never);
  });
  afterEach(() => {
    exit.mockRestore();
    expect(exit).not.toHaveBeenCalled();
    expect(fs.existsSync(marker)).toBe(false);
    expect((globalThis as Record<string, unknown>).__reckonPwned).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  /** A spec that carries every payload as data: citations, the title, known reasons, table text, comments. */
  function payloadSpec(): string {
    const lines = [`report ${printString(PAYLOADS.join(" | "))} year 2024`];
    PAYLOADS.forEach((p, i) => {
      lines.push(`fact x${i} = ${i + 1}.00 万元 @ ${printString(p)} // ${p.replace(/[\r\n\u2028]/g, " ")}`);
      // Off by ten: a known inconsistency, whose reason is the payload too.
      lines.push(`figure y${i} = x${i} * 2 published ${2 * i + 12}.00 万元 @ ${printString(p)}`);
      lines.push(`known y${i} ${printString(p)}`);
    });
    return `${lines.join("\n")}\n`;
  }

  it("payloads in citations, the report title, known reasons and comments come back out as the same text", () => {
    const spec = write("payload/payload.reckon", payloadSpec());
    const check = cli("check", spec, "--format", "json");
    expect(check.code, check.stderr).toBe(0);
    const json = JSON.parse(check.stdout) as { figures: { name: string; report: string; citation: string | null; status: string; reason?: string }[] };
    expect(json.figures.map((f) => f.name)).toEqual(PAYLOADS.map((_, i) => `y${i}`));
    json.figures.forEach((f, i) => {
      expect(f.report).toBe(PAYLOADS.join(" | "));
      expect(f.citation).toBe(PAYLOADS[i]);
      expect(f.status).toBe("known-inconsistency");
    });
    expect(cli("check", spec).stdout).toContain(PAYLOADS[2]);
    const explained = cli("explain", spec, "y1", "--format", "json");
    expect(explained.code, explained.stderr).toBe(0);
    expect(JSON.parse(explained.stdout).figures[0].citation).toBe(PAYLOADS[1]);
    expect(cli("explain", spec, "y2").stdout).toContain(PAYLOADS[2]!.split("\n")[0]);
    // In markdown the payload is escaped, so that it renders as the same text.
    expect(cli("explain", spec, "y2", "--format", "markdown").stdout.replace(/\\(.)/g, "$1")).toContain(PAYLOADS[2]!.split("\n")[0]);
    const engine = Engine.load(spec);
    expect(engine.figures().filter((f) => f.kind === "fact").map((f) => f.citation)).toEqual(PAYLOADS);
    expect(engine.title).toBe(PAYLOADS.join(" | "));
  });

  it("names that are JavaScript globals and keywords are ordinary reckon names", () => {
    const names = ["eval", "require", "process", "Function", "globalThis", "module", "exports", "this", "window", "self", "constructor", "process.exit", "require.main"];
    const lines = names.map((n, i) => `fact ${n} = ${i + 1}`);
    lines.push(`formula total = ${names.join(" + ")}`, "function eval2(process) = process * 2", "formula twice = eval2(require)", "unit Function", "fact f = 3 Function");
    const engine = Engine.fromString(`${lines.join("\n")}\n`);
    expect(engine.value("total").toString()).toBe(String((names.length * (names.length + 1)) / 2));
    expect(engine.value("twice").toString()).toBe("4");
    expect(engine.figure("f").text).toBe("3 Function");
  });

  it.each(PAYLOADS)("reckon eval %j is a diagnostic, not a program", (payload) => {
    const result = cli("eval", "--", payload);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error\[R0\d{3}\]/);
    expect(result.stderr).not.toContain("internal error");
  });

  it("an expression calling process.exit or require is an unknown function or a syntax error, with its place", () => {
    for (const text of ["process.exit(1)", 'require("child_process")', "eval(1)", "Function(1)", "constructor(1)"]) {
      const result = cli("eval", text);
      expect(result.code, text).toBe(2);
      expect(result.stderr.split("\n")[0], text).toMatch(/^error\[R0(315|102)\]/);
      expect(result.stderr, text).toContain("--> <expression>:1:");
    }
  });

  it("an import of a JavaScript module, a data: URL or a node: builtin is a spec that cannot be read", () => {
    for (const specifier of ["node:child_process", "child_process", "data:text/javascript,process.exit(1)", "../../node_modules/chevrotain/package.json", "file:///etc/passwd", "https://example.com/x.reckon"]) {
      const spec = write("imports/r.reckon", `import ${printString(specifier)}\nreport "r"\nfact a = 1\n`);
      const result = cli("check", spec);
      expect(result.code, specifier).toBe(2);
      expect(result.stderr, specifier).toMatch(/error\[R020[14]\]|error\[R01\d\d\]|error\[R0\d{3}\]/);
      expect(result.stderr, specifier).not.toContain("internal error");
    }
  });

  it("payloads in fact files are names, values, units and citations that do not match, or data", () => {
    const spec = write("facts/r.reckon", 'report "r"\nfact a in 万元\nfigure b = a published 1 万元\n');
    for (const payload of PAYLOADS) {
      const entries = [{ name: payload, value: "1" }, { name: "a", value: payload }, { name: "a", value: "1", unit: payload }];
      for (const entry of entries) {
        const json = write("facts/f.json", JSON.stringify({ facts: [entry] }));
        const result = cli("check", spec, "--facts", json);
        expect(result.code, JSON.stringify(entry)).toBe(2);
        expect(result.stderr).toMatch(/error\[R09\d\d\]/);
      }
      const cited = write("facts/c.json", JSON.stringify({ facts: [{ name: "a", value: "1", citation: payload }] }));
      const engine = Engine.load(spec, { factFiles: [cited] });
      expect(engine.explain("b").children[0]!.citation).toBe(payload);
      const csv = write("facts/f.csv", `name,value,unit,citation\na,1,万元,${JSON.stringify(payload)}\n`);
      expect(cli("check", spec, "--facts", csv).stderr).not.toContain("internal error");
    }
  });
});

describe("text output shows a spec's strings, never its control characters", () => {
  // Fixed (was a bug): text output copied control characters from a spec to the terminal: a citation, a report
  // title or a known reason holding ESC sequences ("\u001b[2K\u001b[1A" erases the line above and
  // moves up; "\r" returns to the start of the line) reaches stdout as it is, and so does a raw ESC
  // in the source line a diagnostic quotes. A hostile spec can thus make `reckon check` or `reckon
  // explain` show what it likes over a mismatch. Reproduce: `reckon check` of a spec with
  // `section s @ "\u001b[2K\u001b[1A" { fact x = 1.00 万元 figure y = x * 2 published 3.00 万元 }`.
  const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
  const esc = "\\u001b[2K\\u001b[1A\\r✓ exact";

  it("check and explain print escapes for the control characters of citations, titles and reasons", () => {
    const spec = write("esc/esc.reckon", `report "t${esc}"\nsection s @ "${esc}" {\n  fact x = 1.00 万元 @ "${esc}"\n  figure y = x * 2 published 3.00 万元 @ "${esc}"\n}\nknown s.y computes 2.00 万元 "${esc}"\n`);
    for (const argv of [["check", spec], ["explain", spec, "s.y"], ["explain", spec, "s.y", "--format", "markdown"]]) {
      const result = cli(...argv);
      expect(result.stderr).toBe("");
      expect(result.stdout, argv.join(" ")).not.toMatch(CONTROL);
    }
  });

  // Found by a review: a line break in a citation started a line of its own, so a spec could print
  // a forged `✓ b  2  exact` line beside the mismatch of b, and break explain's tree.
  it("a line break in a citation, a title or a reason is shown as \\n: it cannot make a line of its own", () => {
    const forged = "sec\\n  ✓ b      2    exact";
    const spec = write("esc/forge.reckon", `report "t\\nfake"\nfigure b = 1 published 2 @ "${forged}"\nknown b computes 1 "r\\n  ✓ b"\n`);
    const check = cli("check", spec, "--law-runs", "0");
    expect(check.stdout).not.toMatch(/^\s*✓/m);
    expect(check.stdout).toContain("\nsec\\n  ✓ b      2    exact\n  ! b  2  known inconsistency: computed 1; r\\n  ✓ b");
    expect(check.stdout.split("\n")[0]).toBe("t\\nfake  " + spec);
    const explained = cli("explain", spec, "b").stdout.split("\n");
    expect(explained.filter((line) => line.includes("✓"))).toHaveLength(2);
    expect(explained.every((line) => line === "" || /^(b = |    )/.test(line))).toBe(true);
  });

  it("markdown escapes what a spec's names, citations and reasons would make into emphasis, links or HTML", () => {
    const spec = write("esc/md.reckon", 'fact _a_ = 1 万元 @ "*b* <b>x</b> [l](http://x)"\nfigure b = _a_ * 2 published 2 万元 @ "# head\\n- item"\n');
    const markdown = cli("explain", spec, "b", "--format", "markdown").stdout;
    expect(markdown).toContain("- **\\_a\\_** = 1 万元 (fact)");
    expect(markdown).toContain("- printed at: \\*b\\* \\<b\\>x\\</b\\> \\[l\\](http://x)");
    expect(markdown).toContain("- printed at: # head\\\\n- item");
  });

  it("a diagnostic quotes a source line without its raw control characters", () => {
    const spec = write("esc/raw.reckon", `report "r"\nformula b = 1 万元 + 1 人 // \u001b[2K\u001b[1A\r\n`);
    const result = cli("check", spec);
    expect(result.stderr).toContain("error[R0506]");
    expect(result.stderr).not.toMatch(CONTROL);
  });

  it("line separators and bidirectional controls are shown as escapes too (they break lines or reorder what follows)", () => {
    const trojan = "\u202e\u2066 ✓ exact\u2069\u2028";
    const bidi = /[\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f]/;
    const broken = cli("check", write("esc/separator.reckon", 'report "r"\nfact a = 1 \u2028\n'));
    expect(broken.stderr).toContain("unexpected character `\\u2028`");
    expect(broken.stderr).not.toMatch(bidi);
    const explained = cli("explain", write("esc/bidi.reckon", `report "r"\nfact a = 1\nfigure b = a published 1 @ "${trojan}"\n`), "b");
    expect(explained.stdout).toContain("\\u202e\\u2066 ✓ exact\\u2069\\u2028");
    expect(explained.stdout).not.toMatch(bidi);
  });

  it("the JSON output keeps them, escaped, as the data they are", () => {
    const spec = write("esc/esc.reckon", `report "t${esc}"\nsection s @ "${esc}" {\n  fact x = 1.00 万元 @ "${esc}"\n  figure y = x * 2 published 3.00 万元 @ "${esc}"\n}\nknown s.y "${esc}"\n`);
    const result = cli("check", spec, "--format", "json");
    expect(result.stdout).not.toMatch(CONTROL);
    expect(JSON.parse(result.stdout).figures[0].citation).toBe("\u001b[2K\u001b[1A\r✓ exact");
  });
});

// ── Names special in JavaScript ─────────────────────────────────────────────────────────────────

const SPECIAL = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "__defineGetter__", "isPrototypeOf"];

describe("names special in JavaScript are ordinary names on the command line and everywhere in a spec", () => {
  afterEach(() => {
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(typeof Object.prototype.toString).toBe("function");
  });

  const specText = [
    'report "special names"',
    ...SPECIAL.map((n, i) => `fact ${n} = ${i + 1} 万元 @ "${n}"`),
    `figure total = ${SPECIAL.join(" + ")} published ${(SPECIAL.length * (SPECIAL.length + 1)) / 2} 万元`,
    "section __proto__.constructor @ \"s\" {",
    "  fact prototype in 万元",
    "  figure toString = prototype * 2 published 8 万元",
    "}",
    "unit constructor.unit",
    "function valueOf2(__proto__, constructor) = __proto__ + constructor",
    "figure hasOwnProperty.sum = valueOf2(__proto__, constructor) published 3 万元",
    "figure prototype.pattern = sum(__proto__.constructor.*) published 12 万元",
    "known hasOwnProperty.sum \"__proto__\"",
  ].join("\n");

  it("reckon check, with JSON and CSV fact files whose keys are __proto__ and constructor", () => {
    const spec = write("special/special.reckon", `${specText}\n`);
    const json = write("special/f.json", '{"facts": {"__proto__.constructor.prototype": "4 万元", "__proto__": "1 万元"}}');
    const list = write("special/l.json", '{"facts": [{"name": "constructor", "value": "2"}]}');
    // Fields named __proto__ or constructor in an entry are unknown fields, refused like any other.
    const polluting = write("special/p.json", '{"facts": [{"name": "constructor", "value": "2", "__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}]}');
    const refused = cli("check", spec, "--facts", polluting, "--format", "json");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("error[R0904]: facts[0] has an unknown field `__proto__`");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const csv = write("special/f.csv", "name,value,unit\ntoString,4,万元\n__proto__.constructor.prototype,4,万元\n");
    const result = cli("check", spec, "--facts", json, "--facts", list, "--facts", csv, "--format", "json");
    expect(result.stderr).toBe("");
    const figures = (JSON.parse(result.stdout) as { figures: { name: string; status: string }[] }).figures;
    expect(figures.map((f) => [f.name, f.status])).toEqual([
      ["total", "exact"],
      ["__proto__.constructor.toString", "exact"],
      ["hasOwnProperty.sum", "exact"],
      ["prototype.pattern", "exact"],
    ]);
    expect(result.code).toBe(1); // the known inconsistency of hasOwnProperty.sum is stale: it reproduces
  });

  it("reckon explain by name, by pattern and by value, in every format", () => {
    const spec = write("special/special.reckon", `${specText}\n`);
    const facts = write("special/p.csv", "name,value\n__proto__.constructor.prototype,4\n");
    const json = cli("explain", spec, "total", "--format", "json", "--facts", facts);
    expect(json.code, json.stderr).toBe(0);
    const tree = JSON.parse(json.stdout).figures[0] as { children: { name: string; value: string; citation: string }[] };
    expect(tree.children.map((c) => [c.name, c.value, c.citation])).toEqual(SPECIAL.map((n, i) => [n, String(i + 1), n]));
    const pattern = cli("explain", spec, "__proto__.**", "--facts", facts);
    expect(pattern.code, pattern.stderr).toBe(0);
    expect(pattern.stdout).toContain("__proto__.constructor.toString = 8 万元");
    expect(cli("explain", spec, "--value", "36", "--format", "markdown", "--facts", facts).stdout).toContain("total");
    const unknown = cli("explain", spec, "__lookupGetter__", "--facts", facts);
    expect([unknown.code, unknown.stderr.split("\n")[0]]).toEqual([2, "error[R0801]: no figure named `__lookupGetter__`"]);
  });

  it("reckon eval over the spec's names, and names that it does not declare", () => {
    const spec = write("special/special.reckon", `${specText}\n`);
    expect(cli("eval", spec, "__proto__ + constructor + toString").stdout).toBe("7 万元\n");
    expect(cli("eval", spec, "hasOwnProperty.sum").stdout).toBe("3 万元\n");
    const unknown = cli("eval", spec, "__lookupGetter__ + 1");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error[R0314]: unknown name `__lookupGetter__`");
    expect(cli("eval", "toString + 1").stderr).toContain("unknown name `toString`");
  });

  it.each(SPECIAL)("%s is a unit, a function, a parameter, a section, a known figure; never a rounding mode, a grade or a rule", (name) => {
    const engine = Engine.fromString(`unit ${name}\nunit k${name} = 1,000 ${name}\nfact a = 1 k${name}\nformula b = a as ${name}\nfunction ${name}(x) = x * 2\nformula c = ${name}(2)\nfunction f(${name}, b) = ${name} + b\nformula d = f(1, 2)\nsection ${name} { fact e = 1 }\nformula g = sum(${name}.*)\n`);
    expect([engine.figure("b").text, engine.figure("c").text, engine.figure("d").text, engine.figure("g").text]).toEqual([`1000 ${name}`, "4", "3", "1"]);
    const refused = (text: string) => {
      try {
        Engine.fromString(text, { path: "specs/x/r.reckon", imports: { "specs/std/final-accounts.reckon": fs.readFileSync(path.join(repo, "specs/std/final-accounts.reckon"), "utf8") } });
      } catch (e) {
        if (e instanceof ReckonError) return e.diagnostics.map((d) => d.code);
        throw e;
      }
      return [];
    };
    expect(refused(`report "r" rounding ${name}\nfact a = 1`)).toContain("R0306");
    expect(refused(`fact a = 1\nfigure b = a published 1 rounding ${name}`)).toContain("R0306");
    const table = (rule: string, target: string, actual: string) => `import "../std/final-accounts.reckon"\ntable t @ "x" {\n| 指标 | 规则 | 目标 | 实际 | 分值 | 得分 |\n| a | ${rule} | ${target} | ${actual} | 20 | 20 |\n}\n`;
    expect(refused(table("graded", `"${name}"`, `"${name}"`))).toContain("R0319");
    expect(refused(table(name, ">= 1 人", "1 人"))).toContain("R0315");
    expect(refused(`fact a = 1\nformula b = ${name}.x(a)`)).toContain("R0315");
  });
});

// ── Files are only read ─────────────────────────────────────────────────────────────────────────

interface Snapshot {
  readonly bytes: Buffer;
  readonly mtimeMs: number;
  readonly ino: number;
  readonly mode: number;
}

function snapshot(root: string): Map<string, Snapshot> {
  const files = new Map<string, Snapshot>();
  const visit = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) visit(full);
      else {
        const stats = fs.statSync(full);
        files.set(path.relative(root, full), { bytes: fs.readFileSync(full), mtimeMs: stats.mtimeMs, ino: stats.ino, mode: stats.mode });
      }
    }
  };
  visit(root);
  return files;
}

describe("check, explain and eval only read files", () => {
  let root: string;
  let report: string;
  beforeAll(() => {
    root = path.join(dir, "readonly");
    for (const file of ["specs/std/final-accounts.reckon", "specs/2024/urumqi-cast.reckon"]) {
      fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
      fs.copyFileSync(path.join(repo, file), path.join(root, file));
    }
    report = path.join(root, "specs/2024/urumqi-cast.reckon");
    fs.writeFileSync(path.join(root, "facts.json"), '{"facts": {"收入.其他收入": "0.01 万元"}}\n');
    fs.writeFileSync(path.join(root, "facts.csv"), "name,value,unit\n收入.其他收入,0.01,万元\n");
    fs.writeFileSync(path.join(root, "bad.json"), '{"facts": {"收入.其他收入": 0.01}}\n');
    fs.writeFileSync(path.join(root, "specs/broken.reckon"), 'report "broken"\nfact a = 1 万元\nformula b = a + 1 人\n');
    // Old timestamps: a write in the same millisecond as the copy would not show in mtime.
    const past = new Date(Date.now() - 3_600_000);
    for (const file of snapshot(root).keys()) fs.utimesSync(path.join(root, file), past, past);
  });

  const commands: (() => string[])[] = [
    () => ["check", path.join(root, "specs")],
    () => ["check", report, "--format", "json"],
    () => ["check", report, "--facts", path.join(root, "facts.json"), "--facts", path.join(root, "facts.csv")],
    () => ["check", report, "--facts", path.join(root, "bad.json")],
    () => ["check", path.join(root, "specs/broken.reckon")],
    () => ["explain", report, "财政拨款.预决算差异率", "--depth", "2"],
    () => ["explain", path.join(root, "specs"), "--value", "4.53", "--format", "json"],
    () => ["explain", report, "收入.**", "--format", "markdown", "--facts", path.join(root, "facts.csv")],
    () => ["explain", report, "no.such.figure"],
    () => ["eval", "(1,362.65 - 1,632.62) / 1,632.62"],
    () => ["eval", report, "收入.本年收入合计"],
    () => ["eval", report, "收入.本年收入合计 / 0"],
    () => ["eval", "--format", "json", "1 万元 + 1 人"],
    () => ["fmt", "--check", path.join(root, "specs")],
  ];

  it.each(commands.map((c, i) => [i, c] as const))("command %i leaves every file's bytes, mtime, inode and mode as they were, and writes nothing", (_, command) => {
    const argv = command();
    const before = snapshot(root);
    fsLog.writes.length = 0;
    const result = cli(...argv);
    expect(result.stderr, argv.join(" ")).not.toContain("internal error");
    expect(fsLog.writes, argv.join(" ")).toEqual([]);
    const after = snapshot(root);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [file, was] of before) {
      const now = after.get(file)!;
      expect(now.bytes.equals(was.bytes), file).toBe(true);
      expect([now.mtimeMs, now.ino, now.mode], file).toEqual([was.mtimeMs, was.ino, was.mode]);
    }
  });

  it("the Engine API reads spec and fact files and writes nothing", () => {
    const before = snapshot(root);
    fsLog.writes.length = 0;
    const engine = Engine.load(report, { factFiles: [path.join(root, "facts.json")] });
    engine.loadFactFile(path.join(root, "facts.csv"));
    engine.setFact("收入.其他收入", "0.01");
    engine.check();
    engine.explain("收入.其他收入.占比");
    expect(fsLog.writes).toEqual([]);
    expect(snapshot(root)).toEqual(before);
  });
});

describe("reckon fmt writes only the spec it formats, through a temporary file and a rename", () => {
  it("the only writes are a new temporary file beside the spec, flushed, then renamed over it", () => {
    const root = path.join(dir, "fmt");
    const messy = path.join(root, "a/messy.reckon");
    const tidy = path.join(root, "a/tidy.reckon");
    const broken = path.join(root, "b/broken.reckon");
    fs.mkdirSync(path.dirname(messy), { recursive: true });
    fs.mkdirSync(path.dirname(broken), { recursive: true });
    fs.writeFileSync(messy, "fact  a=1   万元\nfigure b = a*2 published 2万元\n");
    fs.writeFileSync(tidy, "fact a = 1 万元\n");
    fs.writeFileSync(broken, "fact a = = 1\n");
    fs.writeFileSync(path.join(root, "notes.txt"), "fact  a=1\n");
    const past = new Date(Date.now() - 3_600_000);
    for (const file of snapshot(root).keys()) fs.utimesSync(path.join(root, file), past, past);
    const before = snapshot(root);
    fsLog.writes.length = 0;
    const result = cli("fmt", root);
    expect(result.code).toBe(2); // broken.reckon has a syntax error
    const target = fs.realpathSync(messy);
    const [open, ...rest] = fsLog.writes;
    const temporary = open!.split(" ")[1]!;
    expect(path.dirname(temporary)).toBe(path.dirname(target));
    expect(path.basename(temporary)).toMatch(/^\.messy\.reckon\.\d+\.[0-9a-f]+\.tmp$/);
    expect(open).toBe(`openSync ${temporary} wx`);
    // fchmod (keep the mode), write, fsync, then the rename; nothing else anywhere.
    expect(rest.map((w) => w.split(" ")[0])).toEqual([...rest.slice(0, -1).map((w) => w.split(" ")[0]), "renameSync"]);
    expect(rest.at(-1)).toBe(`renameSync ${temporary} ${target}`);
    expect(rest.slice(0, -1).every((w) => /^(fchmodSync|writeSync|fsyncSync) /.test(w))).toBe(true);
    const after = snapshot(root);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    expect(after.get("a/messy.reckon")!.bytes.toString()).toBe("fact a = 1 万元\nfigure b = a * 2 published 2 万元\n");
    expect(after.get("a/messy.reckon")!.ino).not.toBe(before.get("a/messy.reckon")!.ino);
    for (const file of ["a/tidy.reckon", "b/broken.reckon", "notes.txt"]) expect(after.get(file), file).toEqual(before.get(file));
  });
});
