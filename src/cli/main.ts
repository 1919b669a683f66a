import { parseArgs, type ParseArgsConfig } from "node:util";
import packageJson from "../../package.json";
import { checkCommand, checkUsage } from "./check-command";
import { evalCommand, evalUsage } from "./eval-command";
import { explainCommand, explainUsage } from "./explain-command";
import { fmtCommand, fmtUsage } from "./fmt-command";
import { EXIT_INTERNAL, EXIT_USAGE, processConsole, shellQuote, UsageError, type Console } from "./io";
import { isFactFilePath, pathKind } from "./spec-paths";
import { didYouMean, suggest } from "../diagnostics/suggest";
import { limits } from "../limits";

/** Each option as the help lists it: the commands that take it, then what it does. */
const OPTION_HELP = {
  format: ["--format FORMAT", "check, explain, eval", "text (default) or json; explain also takes markdown"],
  value: ["--value V", "explain", "find figures printed as V (4.53, -16.54%, 1,362.65)"],
  depth: ["--depth N", "explain", "show N levels of inputs below each figure"],
  list: ["--list", "explain", "one line per figure that matches, without its derivation"],
  facts: ["--facts FILE", "check, explain, eval", "take facts from a JSON or CSV fact file (repeatable)"],
  "law-runs": ["--law-runs N", "check", "generated cases per law (default 100; 0 skips the laws)"],
  check: ["--check", "fmt", "list the files that are not formatted, and change none"],
  help: ["-h, --help", "", "show this help"],
  version: ["-v, --version", "", "show the version"],
} as const;

const optionLine = ([flag, commands, what]: readonly [string, string, string], withCommands: boolean) =>
  `  ${flag.padEnd(21)}${withCommands && commands ? `${commands}: ` : ""}${what}`;

const EXIT_CODES = "exit codes: 0 success, 1 findings, 2 a user error (diagnostics on stderr), 3 reckon could not do its work (a bug, or output it could not write)";

const usage = `reckon ${packageJson.version}: exact formulas over the figures of public reports

usage:
  ${checkUsage}
  ${explainUsage.split("\n").join("\n  ")}
  ${evalUsage.split("\n").join("\n  ")}
  ${fmtUsage}

options:
${Object.values(OPTION_HELP).map((option) => optionLine(option, true)).join("\n")}
  A command refuses the options it does not use, and an option given twice (except --facts).

${EXIT_CODES}`;

/** Every option of the command line, for node:util's parseArgs. */
const OPTIONS = {
  format: { type: "string" },
  value: { type: "string" },
  depth: { type: "string" },
  facts: { type: "string", multiple: true },
  "law-runs": { type: "string" },
  check: { type: "boolean" },
  list: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const satisfies NonNullable<ParseArgsConfig["options"]>;

type OptionName = keyof typeof OPTIONS;

/** A value of each option that takes one, for hints. */
const OPTION_EXAMPLES: Readonly<Record<string, string>> = { format: "json", value: "4.53", depth: "2", facts: "facts.json", "law-runs": "100" };

type Command = "check" | "explain" | "eval" | "fmt";

/**
 * The options each command uses, in the order its hint names them. Any other option given to a
 * command is refused (see `checkOptions`), so that none is ever silently ignored; --help and
 * --version are taken by every command.
 */
const COMMAND_OPTIONS: Readonly<Record<Command, readonly OptionName[]>> = {
  check: ["format", "facts", "law-runs"],
  explain: ["format", "value", "depth", "facts", "list"],
  eval: ["format", "facts"],
  fmt: ["check"],
};

const COMMANDS = Object.keys(COMMAND_OPTIONS) as Command[];

/**
 * Runs the command line with the given arguments (`run(["check", "specs"])`), writing to the
 * process's streams or to `io`; returns the exit code. Never throws.
 */
export function run(argv: readonly string[], io: Console = processConsole()): number {
  const args = attachNegativeValues(argv);
  try {
    const { values, positionals, tokens } = parseArgs({ args, allowPositionals: true, strict: true, tokens: true, options: OPTIONS });
    if (values.version) {
      io.out(`${packageJson.version}\n`);
      return 0;
    }
    const [command, ...rest] = positionals;
    // `reckon help bogus`, `reckon bogus --help`: help for a command there is not is a mistake.
    const asked = command === "help" ? rest[0] : command;
    if (asked !== undefined && !isCommand(asked) && (values.help || command === "help")) throw unknownCommand(asked);
    if (values.help || command === "help") {
      io.out(`${asked === undefined ? usage : commandUsage(asked as Command)}\n`);
      return 0;
    }
    if (command === undefined) {
      // `reckon --format json` is missing its command; bare `reckon` is asking what there is.
      if (tokens.length > 0) {
        // The first command that takes every option given (check, or explain for --value).
        const given = tokens.filter((token) => token.kind === "option").map((token) => token.name as OptionName);
        const command = COMMANDS.find((c) => given.every((name) => COMMAND_OPTIONS[c].includes(name))) ?? "check";
        const what = command === "explain" && !given.includes("value") ? "PATH NAME" : command === "eval" ? '"EXPRESSION"' : "PATH";
        throw new UsageError("no command given", `write the command first: reckon ${command} ${what} ${args.map((arg) => shellQuote(arg)).join(" ")}; run \`reckon --help\` for the commands`);
      }
      io.err(`${usage}\n`);
      return EXIT_USAGE;
    }
    if (!isCommand(command)) throw unknownCommand(command, args);
    checkOptions(command, tokens);
    if (values.facts?.includes("-")) throw new UsageError("reckon reads fact files from files, not from standard input", "save the facts to a JSON or CSV file and give its path");
    const format = values.format ?? "text";
    if (format !== "text" && format !== "json" && format !== "markdown") {
      throw new UsageError(`unknown format \`${format}\``, command === "explain" ? "use --format text, json or markdown" : "use --format text or --format json");
    }
    if (format === "markdown" && command !== "explain") throw new UsageError("--format markdown is for explain", "use --format text or --format json");
    switch (command) {
      case "check":
        refuseFactFiles("check", rest);
        return checkCommand(rest, { format: format as "text" | "json", facts: values.facts ?? [], lawRuns: parseLawRuns(values["law-runs"]) }, io);
      case "explain":
        refuseFactFiles("explain", rest.slice(0, 1));
        return explainCommand(rest, { format, value: values.value, depth: parseDepth(values.depth), facts: values.facts ?? [], list: values.list ?? false }, io);
      case "eval":
        return evalCommand(rest, { format: format as "text" | "json", facts: values.facts ?? [] }, io);
      case "fmt":
        return fmtCommand(rest, { check: values.check ?? false }, io);
    }
  } catch (e) {
    return reportFailure(e, args, io);
  }
}

/** `reckon check --help`, `reckon help check`: the command's usage and the options it takes. */
function commandUsage(command: Command): string {
  const lines = { check: checkUsage, explain: explainUsage, eval: evalUsage, fmt: fmtUsage }[command];
  const formats = command === "explain" ? "text (default), json or markdown" : "text (default) or json";
  const options = [...COMMAND_OPTIONS[command], "help" as const].map((name) => optionLine(name === "format" ? ["--format FORMAT", "", formats] : OPTION_HELP[name], false));
  return `usage:\n  ${lines.split("\n").join("\n  ")}\n\noptions:\n${options.join("\n")}\n\n${EXIT_CODES}\n(reckon --help lists every command)`;
}

function isCommand(name: string): name is Command {
  return (COMMANDS as string[]).includes(name);
}

/**
 * A word where the command goes: a misspelt command, or a spec given without one (`reckon specs`).
 * `args` are all the arguments, to write out again after the command.
 */
function unknownCommand(name: string, args: readonly string[] = [name]): UsageError {
  const close = didYouMean(suggest(name, COMMANDS));
  if (close) return new UsageError(`unknown command \`${name}\``, close);
  if (name.endsWith(".reckon") || pathKind(name) !== undefined) {
    return new UsageError(`unknown command \`${name}\``, `write the command first: reckon check ${args.map((arg) => shellQuote(arg)).join(" ")}`);
  }
  return new UsageError(`unknown command \`${name}\``, "run `reckon --help` for the commands");
}

type Token = NonNullable<ReturnType<typeof parseArgs>["tokens"]>[number];

/**
 * The one place where options are checked against the command: each option the command does not
 * use is an error that names the commands using it and the command's own options, and so is a
 * single-valued option given twice (parseArgs would silently keep the last).
 */
function checkOptions(command: Command, tokens: readonly Token[]): void {
  const given = new Map<OptionName, string>();
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const name = token.name as OptionName;
    if (name === "help" || name === "version") continue;
    if (!COMMAND_OPTIONS[command].includes(name)) {
      const users = COMMANDS.filter((c) => COMMAND_OPTIONS[c].includes(name));
      throw new UsageError(`--${name} is an option of ${listed(users)}`, `${command} takes ${commandOptions(command)}; run \`reckon --help\` for the options`);
    }
    const option: { type: string; multiple?: boolean } = OPTIONS[name];
    if (option.type !== "string" || option.multiple) continue;
    const earlier = given.get(name);
    if (earlier !== undefined) {
      throw new UsageError(`--${name} is given more than once (\`${earlier}\`, then \`${token.value ?? ""}\`)`, `give --${name} once`);
    }
    given.set(name, token.value ?? "");
  }
}

function commandOptions(command: Command): string {
  const options = COMMAND_OPTIONS[command].map((name) => `--${name}`);
  return options.length === 1 ? `only ${options[0]}` : listed(options);
}

function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** A number as reports print it, possibly negative: `-16.54%`, `-1,362.65`, `-.5`, `-2`. */
const NEGATIVE_NUMBER = /^-[\d.]/;

/**
 * parseArgs refuses a value that starts with a dash after an option (`--value -16.54%` is
 * "ambiguous"), though `--value=-16.54%` is fine: a negative number directly after an option that
 * takes a value is joined to it with `=`, so both spellings work. Nothing after `--` is touched.
 */
function attachNegativeValues(argv: readonly string[]): string[] {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      args.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    const name = arg.startsWith("--") ? arg.slice(2) : "";
    if (Object.hasOwn(OPTIONS, name) && OPTIONS[name as OptionName].type === "string" && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      args.push(`${arg}=${next}`);
      i++;
    } else {
      args.push(arg);
    }
  }
  return args;
}

/** `reckon check facts.json`: a fact file given where a spec belongs; it goes after --facts. */
function refuseFactFiles(command: "check" | "explain", paths: readonly string[]): void {
  const facts = paths.filter((p) => isFactFilePath(p) && pathKind(p) === "file");
  if (facts.length === 0) return;
  const specs = paths.filter((p) => !facts.includes(p));
  const example =
    command === "check"
      ? `reckon check ${specs.length > 0 ? specs.map((arg) => shellQuote(arg)).join(" ") : "SPEC"}`
      : "reckon explain SPEC NAME";
  throw new UsageError(
    `\`${facts[0]}\` is a fact file, not a spec`,
    `give a fact file with --facts, after the spec: ${example} ${facts.map((f) => `--facts ${shellQuote(f)}`).join(" ")}`,
  );
}

function parseDepth(text: string | undefined): number | undefined {
  return parseCount("--depth", text);
}

function parseCount(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text)) throw new UsageError(`${option} takes a count (0, 1, 2, …), not \`${text}\``, `e.g. ${option} 2`);
  return Number(text);
}

/** --law-runs: a count up to the limit (a typo of a few more digits would run for hours). */
function parseLawRuns(text: string | undefined): number | undefined {
  const runs = parseCount("--law-runs", text);
  if (runs !== undefined && runs > limits.lawRuns) {
    throw new UsageError(`--law-runs takes at most ${limits.lawRuns.toLocaleString("en")} cases per law, not ${runs.toLocaleString("en")}`, "the default is 100; 100,000 cases take about a second a law");
  }
  return runs;
}

function reportFailure(e: unknown, args: readonly string[], io: Console): number {
  if (e instanceof UsageError) {
    io.err(`error: ${e.message}\n${e.hint ? `  = hint: ${e.hint}\n` : ""}`);
    return EXIT_USAGE;
  }
  const code = (e as { code?: unknown } | null | undefined)?.code;
  if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) {
    const message = (e as Error).message;
    const hint = parseArgsHint(code, message, args);
    // parseArgs explains itself in several sentences; the first says what is wrong.
    const first = message.split(/\.(?:\s|$)/)[0] ?? message;
    io.err(`error: ${first.charAt(0).toLowerCase()}${first.slice(1)}\n  = hint: ${hint}\n`);
    return EXIT_USAGE;
  }
  io.err(`internal error: ${e instanceof Error ? e.message : String(e)}\n  = hint: this is a bug in reckon; please report it with the command you ran\n`);
  if (process.env.RECKON_DEBUG && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
  return EXIT_INTERNAL;
}

/** What to do about a mistake parseArgs found (`code` is its ERR_PARSE_ARGS_… code). */
function parseArgsHint(code: string, message: string, args: readonly string[]): string {
  const option = /'(--[\w-]+)/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option !== undefined) {
    if (message.includes("does not take an argument")) return `write ${option} alone, without a value`;
    const dashed = message.includes("ambiguous") ? `; a value that starts with a dash is written ${option}=VALUE` : "";
    return `give ${option} a value, e.g. ${option} ${OPTION_EXAMPLES[option.slice(2)] ?? "VALUE"}${dashed}`;
  }
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return minusSignHint(args) ?? dashedFileHint(args) ?? "run `reckon --help` for the options";
  return "run `reckon --help` for the options";
}

/** `reckon check -v.reckon`: a file whose name starts with a dash is read as options unless `--` comes first. */
function dashedFileHint(args: readonly string[]): string | undefined {
  const file = args.find((a) => /^-[^-].*\.(reckon|json|csv)$/i.test(a));
  if (file === undefined) return undefined;
  const command = args.find((a) => !a.startsWith("-")) ?? "check";
  return `a file whose name starts with a dash goes after \`--\`: reckon ${command} -- ${file}, or write it as ./${file}`;
}

/**
 * `reckon eval -1 + 2` (or `eval "-(1+2)"`): parseArgs takes the expression for an unknown option.
 * The hint repeats the command line with `--` before the expression, which is the first argument
 * that parseArgs refused together with every argument after it that is not an option, joined as
 * one quoted argument; the options stay before the `--`.
 */
function minusSignHint(args: readonly string[]): string | undefined {
  const { tokens } = parseArgs({ args: [...args], options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  if (tokens.find((t) => t.kind === "positional")?.value !== "eval") return undefined;
  const refused = tokens.find((t) => t.kind === "option" && !Object.hasOwn(OPTIONS, t.name));
  if (refused === undefined) return undefined;
  const start = refused.index;
  // `-x` or `--colour` is a mistyped option rather than an expression.
  if (/^--?[A-Za-z][\w-]*(=.*)?$/.test(args[start]!)) return undefined;
  const options: string[] = [];
  const expression: string[] = [];
  let last = start - 1;
  for (const token of tokens) {
    if (token.index <= last || token.kind === "option-terminator") continue;
    last = token.index;
    if (token.kind === "option" && Object.hasOwn(OPTIONS, token.name)) {
      options.push(args[token.index]!);
      if (token.value !== undefined && !token.inlineValue) {
        options.push(args[token.index + 1]!);
        last = token.index + 1;
      }
    } else {
      expression.push(args[token.index]!);
    }
  }
  const command = [...args.slice(0, start), ...options].map((arg) => shellQuote(arg));
  return `to pass an expression that starts with a minus sign, put \`--\` before it: reckon ${command.join(" ")} -- ${shellQuote(expression.join(" "), true)}`;
}
