import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, temporaryDirectory } from "./helpers";

// Mistakes on the command line: each is refused with exit code 2, a message and a hint, and never
// ignored. The hints that show a command are run as they are printed, so a wrong hint fails here.

const repo = path.join(import.meta.dirname, "..");
const files = temporaryDirectory("cli-usage");

const SPEC_TEXT = `report "r"
fact a = 1,362.65 万元
fact b = 1,632.62 万元
figure 差异率 = (a - b) / b published -16.54%
figure 合计 = a + b published 2,995.27 万元
`;

function spec(): string {
  return files.write("specs/r.reckon", SPEC_TEXT);
}

function factFile(): string {
  return files.write("facts.json", '{ "facts": { "a": "1,362.65 万元" } }\n');
}

/** The arguments of the `reckon …` command a hint shows, as a POSIX shell would split them. */
function hintedCommand(stderr: string): string[] {
  const command = /reckon (.*)$/m.exec(stderr.split("= hint: ")[1] ?? "")?.[1];
  if (command === undefined) throw new Error(`no command in the hint:\n${stderr}`);
  return [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

describe("every command refuses the options it does not use", () => {
  // The paths do not exist: should an option slip through, fmt must not rewrite the repository's specs.
  it.each([
    [["fmt", "--facts", "x.json", "no/such.reckon"], "--facts is an option of check, explain and eval", "fmt takes only --check"],
    [["fmt", "--format", "json", "--check", "no/such.reckon"], "--format is an option of check, explain and eval", "fmt takes only --check"],
    [["eval", "--law-runs", "5", "1+1"], "--law-runs is an option of check", "eval takes --format and --facts"],
    [["eval", "--check", "1+1"], "--check is an option of fmt", "eval takes --format and --facts"],
    [["explain", "--law-runs", "5", "no/such.reckon", "收入.本年收入合计"], "--law-runs is an option of check", "explain takes --format, --value, --depth, --facts and --list"],
    [["check", "--check", "no/such.reckon"], "--check is an option of fmt", "check takes --format, --facts and --law-runs"],
    [["eval", "--depth", "2", "1+1"], "--depth is an option of explain", "eval takes --format and --facts"],
  ])("reckon %j", (argv, message, hint) => {
    expect(cli(...argv)).toEqual({ code: 2, stdout: "", stderr: `error: ${message}\n  = hint: ${hint}; run \`reckon --help\` for the options\n` });
  });

  // The table the CLI is documented with: which options each command takes.
  const takes: Record<string, readonly string[]> = {
    check: ["--format", "--facts", "--law-runs"],
    explain: ["--format", "--value", "--depth", "--facts", "--list"],
    eval: ["--format", "--facts"],
    fmt: ["--check"],
  };
  const options: Record<string, string[]> = {
    "--format": ["--format", "json"],
    "--value": ["--value", "1"],
    "--depth": ["--depth", "1"],
    "--facts": ["--facts", "facts.json"],
    "--law-runs": ["--law-runs", "0"],
    "--check": ["--check"],
    "--list": ["--list"],
  };
  const arguments_ = (command: string): string[] =>
    command === "eval" ? ["1"] : command === "explain" ? [spec(), "合计"] : [spec()];

  it.each(Object.keys(takes).flatMap((command) => Object.keys(options).map((option) => [command, option] as const)))(
    "reckon %s %s: refused exactly when the command does not take it",
    (command, option) => {
      const given = option === "--facts" ? ["--facts", factFile()] : options[option]!;
      const result = cli(command, ...given, ...arguments_(command));
      if (takes[command]!.includes(option)) {
        expect(result.stderr).not.toContain("is an option of");
      } else {
        expect(result.code).toBe(2);
        expect(result.stdout).toBe("");
        expect(result.stderr.split("\n")[0]).toBe(`error: ${option} is an option of ${Object.keys(takes).filter((c) => takes[c]!.includes(option)).join(", ").replace(/, ([^,]*)$/, " and $1")}`);
        for (const own of takes[command]!) expect(result.stderr).toContain(own);
      }
    },
  );

  it("still runs each command with the options it takes", () => {
    expect(cli("check", "--law-runs", "0", "--facts", factFile(), "--format", "json", spec()).code).toBe(0);
    expect(cli("explain", spec(), "合计", "--depth", "1", "--facts", factFile(), "--format", "markdown").code).toBe(0);
    expect(cli("eval", "--format", "json", "1+1")).toEqual({ code: 0, stdout: '{"value":"2","unit":"","quotientDigits":34}\n', stderr: "" });
    expect(cli("fmt", "--check", spec())).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("lines up every command's description in one column of the help", () => {
    const help = cli("--help").stdout.split("\n");
    const start = help.indexOf("usage:") + 1;
    const commands = help.slice(start, help.indexOf("", start));
    expect(commands.length).toBeGreaterThanOrEqual(6);
    // Where the description starts: after the first run of two or more spaces past the command.
    const columns = new Set(commands.map((line) => /^(\s*\S.*?\s{2,}|\s+)\S/.exec(line)![1]!.length));
    expect([...columns]).toHaveLength(1);
  });

  it("lets --help and --version through with any command", () => {
    expect(cli("fmt", "--help").code).toBe(0);
    expect(cli("eval", "-v").code).toBe(0);
  });

  it("gives a command's help with the options that command takes, and only those", () => {
    const options = (text: string) => text.split("\n").filter((line) => /^ {2}-/.test(line)).map((line) => line.trim().split(/\s{2,}/)[0]);
    expect(options(cli("check", "--help").stdout)).toEqual(["--format FORMAT", "--facts FILE", "--law-runs N", "-h, --help"]);
    expect(options(cli("help", "explain").stdout)).toEqual(["--format FORMAT", "--value V", "--depth N", "--facts FILE", "--list", "-h, --help"]);
    expect(options(cli("fmt", "-h").stdout)).toEqual(["--check", "-h, --help"]);
    expect(cli("eval", "--help").stdout).toMatch(/^usage:\n {2}reckon eval "EXPRESSION"/);
    expect(cli("explain", "--help").stdout).toContain("text (default), json or markdown");
    // The whole help lists every command.
    expect(options(cli("--help").stdout)).toHaveLength(9);
  });
});

describe("hints that fit the mistake", () => {
  it("a flag given a value is told to stand alone, not to take a value", () => {
    expect(cli("fmt", "--check=true", "x.reckon")).toEqual({ code: 2, stdout: "", stderr: "error: option '--check' does not take an argument\n  = hint: write --check alone, without a value\n" });
  });

  it("an unknown format is answered with the formats the command takes", () => {
    expect(cli("check", "--format", "JSON", "x.reckon").stderr).toBe("error: unknown format `JSON`\n  = hint: use --format text or --format json\n");
    expect(cli("explain", "--format", "JSON", "x.reckon", "a").stderr).toBe("error: unknown format `JSON`\n  = hint: use --format text, json or markdown\n");
  });

  it("a file whose name starts with a dash is told to go after --", () => {
    expect(cli("check", "-v.reckon").stderr).toBe("error: unknown option '-.'\n  = hint: a file whose name starts with a dash goes after `--`: reckon check -- -v.reckon, or write it as ./-v.reckon\n");
  });

  it("--law-runs beyond the limit is refused before a check that would run for hours", () => {
    expect(cli("check", "specs", "--law-runs", "999999999")).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: --law-runs takes at most 100,000 cases per law, not 999,999,999\n  = hint: the default is 100; 100,000 cases take about a second a law\n",
    });
  });

  it("options without a command are an error whose hint names the command that takes them", () => {
    expect(cli("--value", "4.53").stderr).toBe("error: no command given\n  = hint: write the command first: reckon explain PATH --value 4.53; run `reckon --help` for the commands\n");
    expect(cli("--check").stderr).toContain("reckon fmt PATH --check");
  });

  it("options without a command are an error that says so", () => {
    expect(cli("--format", "json")).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: no command given\n  = hint: write the command first: reckon check PATH --format json; run `reckon --help` for the commands\n",
    });
  });

  it("help for a command there is not is an error, not the usage with exit 0", () => {
    for (const argv of [["help", "bogus"], ["bogus", "--help"]]) {
      expect(cli(...argv)).toEqual({ code: 2, stdout: "", stderr: "error: unknown command `bogus`\n  = hint: run `reckon --help` for the commands\n" });
    }
    expect(cli("help", "check").code).toBe(0);
  });
});

describe("a single-valued option given twice", () => {
  it.each([
    [["eval", "--format", "text", "--format", "json", "1+1"], "--format is given more than once (`text`, then `json`)", "give --format once"],
    [["eval", "--format=json", "--format", "json", "1+1"], "--format is given more than once (`json`, then `json`)", "give --format once"],
    [["explain", "x.reckon", "a", "--depth", "1", "--depth", "2"], "--depth is given more than once (`1`, then `2`)", "give --depth once"],
    [["check", "--law-runs", "0", "--law-runs", "-1", "x.reckon"], "--law-runs is given more than once (`0`, then `-1`)", "give --law-runs once"],
  ])("reckon %j is an error, not the last one silently", (argv, message, hint) => {
    expect(cli(...argv)).toEqual({ code: 2, stdout: "", stderr: `error: ${message}\n  = hint: ${hint}\n` });
  });

  it("--facts may be given more than once", () => {
    const result = cli("check", spec(), "--facts", factFile(), "--facts", factFile(), "--law-runs", "0");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});

describe("an expression that starts with a minus sign", () => {
  it.each([
    [["eval", "-1 + 2"], 'reckon eval -- "-1 + 2"', "1\n"],
    [["eval", "-(1+2)"], 'reckon eval -- "-(1+2)"', "-3\n"],
    // unquoted in the shell: `reckon eval -1 + 2`
    [["eval", "-1", "+", "2"], 'reckon eval -- "-1 + 2"', "1\n"],
    [["eval", "-1 + 2", "--format", "json"], 'reckon eval --format json -- "-1 + 2"', '{"value":"1","unit":"","quotientDigits":34}\n'],
  ])("reckon %j: the hint quotes the whole expression, and running it gives the value", (argv, command, value) => {
    const result = cli(...argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^error: unknown option '-[^']*'\n {2}= hint: to pass an expression that starts with a minus sign, put `--` before it: /);
    expect(result.stderr.endsWith(`${command}\n`)).toBe(true);
    expect(cli(...hintedCommand(result.stderr))).toEqual({ code: 0, stdout: value, stderr: "" });
  });

  it("over a spec: the hint keeps the spec before `--`", () => {
    const file = spec();
    const result = cli("eval", file, "-合计");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`reckon eval ${file} -- "-合计"`);
    expect(cli(...hintedCommand(result.stderr))).toEqual({ code: 0, stdout: "-2995.27 万元\n", stderr: "" });
  });

  it("a mistyped option is not taken for an expression", () => {
    expect(cli("eval", "-x")).toEqual({ code: 2, stdout: "", stderr: "error: unknown option '-x'\n  = hint: run `reckon --help` for the options\n" });
  });
});

describe("a negative number after an option that takes a value", () => {
  it("explain --value -16.54% finds the figure, as --value=-16.54% does", () => {
    const separate = cli("explain", spec(), "--value", "-16.54%");
    expect(separate.code).toBe(0);
    expect(separate.stderr).toBe("");
    expect(separate.stdout.split("\n")[0]).toBe("差异率 = -16.54%  ✓ exact");
    expect(cli("explain", spec(), "--value=-16.54%")).toEqual(separate);
  });

  it.each([
    [["explain", "x.reckon", "a", "--depth", "-2"], "--depth takes a count (0, 1, 2, …), not `-2`"],
    [["check", "x.reckon", "--law-runs", "-1"], "--law-runs takes a count (0, 1, 2, …), not `-1`"],
  ])("reckon %j says the number is wrong, not that the option is ambiguous", (argv, message) => {
    const result = cli(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(`error: ${message}`);
  });

  it("a value that starts with a dash but is no number gets a one-line error and a hint", () => {
    expect(cli("eval", "--format", "--check", "1")).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: option '--format' argument is ambiguous\n  = hint: give --format a value, e.g. --format json; a value that starts with a dash is written --format=VALUE\n",
    });
  });

  it("leaves the arguments after `--` alone", () => {
    expect(cli("eval", "--format", "json", "--", "-2")).toEqual({ code: 0, stdout: '{"value":"-2","unit":"","quotientDigits":34}\n', stderr: "" });
  });
});

describe("eval given two words that are not a spec and a name", () => {
  it("an expression without its quotes: the hint quotes it", () => {
    expect(cli("eval", "100", "万元")).toEqual({
      code: 2,
      stdout: "",
      stderr: 'error: no such spec file: 100\n  = hint: to evaluate an expression with spaces in it, quote it as one argument: reckon eval "100 万元"\n',
    });
  });

  it.runIf(process.platform !== "win32")("a spec that is there but cannot be read says why, not that it is missing", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "reckon-loop-"));
    try {
      symlinkSync("loop2", path.join(dir, "loop1"));
      symlinkSync("loop1", path.join(dir, "loop2"));
      expect(cli("eval", path.join(dir, "loop1"), "x").stderr).toContain("it is a loop of symbolic links");
      expect(cli("eval", path.join(dir, "nothing"), "x").stderr).toContain("no such spec file");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a figure's name without a spec: the hint asks for the spec, not for a declaration", () => {
    const run = cli("eval", "收入.本年收入合计");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('= hint: an expression alone knows no figures; to use a spec\'s, give it first: reckon eval SPEC "收入.本年收入合计"');
  });

  it("a name before its spec: the hint puts the spec first", () => {
    expect(cli("eval", "收入.本年收入合计", "specs/2024/urumqi-cast.reckon").stderr).toBe(
      "error: no such spec file: 收入.本年收入合计\n  = hint: the spec comes first, then the name: reckon eval specs/2024/urumqi-cast.reckon 收入.本年收入合计\n",
    );
  });
});

describe("eval given a spec without a name, or a directory", () => {
  it("a spec file alone asks for a figure's name instead of reporting its path as unknown names", () => {
    const file = spec();
    const result = cli("eval", file);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `error: eval needs a figure's name or an expression after the spec \`${file}\`\n` +
        `  = hint: usage: reckon eval SPEC NAME|"EXPRESSION", e.g. reckon eval ${file} NAME\n`,
    );
  });

  it("so does a missing path that ends in .reckon", () => {
    const result = cli("eval", "no/such/spec.reckon");
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain("R0314");
    expect(result.stderr.split("\n")[0]).toBe("error: eval needs a figure's name or an expression after the spec `no/such/spec.reckon`");
  });

  it("a directory as SPEC: eval takes one spec file, and the hint names one that works", () => {
    const file = spec();
    const result = cli("eval", files.path("specs"), "合计");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`error: \`${files.path("specs")}\` is a directory, but eval takes one spec file\n  = hint: name a spec file in it: reckon eval ${file} 合计\n`);
    expect(cli(...hintedCommand(result.stderr))).toEqual({ code: 0, stdout: "2995.27 万元\n", stderr: "" });
  });

  it("a directory alone", () => {
    spec();
    const result = cli("eval", files.path("specs"));
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(`error: \`${files.path("specs")}\` is a directory; eval takes one spec file and a figure's name or an expression`);
  });

  it("an expression is still an expression", () => {
    expect(cli("eval", "1 + 1")).toEqual({ code: 0, stdout: "2\n", stderr: "" });
    expect(cli("eval", "max(1, 2)")).toEqual({ code: 0, stdout: "2\n", stderr: "" });
  });
});

describe("a fact file where the spec belongs", () => {
  it("reckon check facts.json points at --facts", () => {
    const facts = factFile();
    const result = cli("check", facts);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: `error: \`${facts}\` is a fact file, not a spec\n  = hint: give a fact file with --facts, after the spec: reckon check SPEC --facts ${facts}\n`,
    });
  });

  it("reckon check SPEC facts.json: the hint's command works", () => {
    const facts = factFile();
    const result = cli("check", spec(), facts, "--law-runs", "0");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`reckon check ${spec()} --facts ${facts}`);
    expect(cli(...hintedCommand(result.stderr)).code).toBe(0);
  });

  it("reckon explain facts.json NAME points at --facts", () => {
    const result = cli("explain", factFile(), "合计");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--facts");
  });

  it("reckon eval facts.json NAME says that eval takes a spec", () => {
    const result = cli("eval", factFile(), "合计");
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(`error: \`${factFile()}\` is a fact file, but eval takes a spec`);
  });
});

describe("the help and the README", () => {
  it("the help's pattern example matches figures of the shipped spec", () => {
    const help = cli("--help").stdout;
    const pattern = /NAME may be a pattern: (\S+)\)/.exec(help)?.[1];
    expect(pattern).toBeDefined();
    const result = cli("explain", path.join(repo, "specs/2024/urumqi-cast.reckon"), pattern!);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^项目\.科普经费\..*\.得分 = /m);
  });

  it("lists --check and says that commands refuse options they do not use", () => {
    const help = cli("--help").stdout;
    expect(help).toMatch(/\n {2}--check +fmt: /);
    expect(help).toContain("A command refuses the options it does not use");
  });

  it("README's exit codes name a stale known declaration among the findings", () => {
    const readme = readFileSync(path.join(repo, "README.md"), "utf8").replace(/\s+/g, " ");
    const exits = /It exits 0 [^.]*\./.exec(readme)?.[0] ?? "";
    expect(exits).toMatch(/1 when [^,]*, a `known` declaration is stale/);
  });
});
