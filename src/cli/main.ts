import { parseArgs } from "node:util";
import packageJson from "../../package.json";
import { checkCommand, checkUsage } from "./check-command";
import { evalCommand, evalUsage } from "./eval-command";
import { explainCommand, explainUsage } from "./explain-command";
import { fmtCommand, fmtUsage } from "./fmt-command";
import { EXIT_INTERNAL, EXIT_USAGE, processConsole, UsageError, type Console } from "./io";

const usage = `reckon ${packageJson.version}: exact formulas over the figures of public reports

usage:
  ${checkUsage}
  ${explainUsage.split("\n").join("\n  ")}
  ${evalUsage.split("\n").join("\n  ")}
  ${fmtUsage}

options:
  --format FORMAT      text (default) or json; explain also takes markdown
  --value V            explain: find figures printed as V (4.53, -16.54%, 1,362.65)
  --depth N            explain: show N levels of inputs below each figure
  --facts FILE         check, explain: take facts from a JSON or CSV fact file (repeatable)
  --law-runs N         check: generated cases per law (default 100; 0 skips the laws)
  -h, --help           show this help
  -v, --version        show the version

exit codes: 0 success, 1 findings or an internal error, 2 a user error (diagnostics on stderr)`;

/** Runs the CLI with the given arguments; returns the exit code. Never throws. */
export function run(argv: readonly string[], io: Console = processConsole()): number {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: "string", default: "text" },
        value: { type: "string" },
        depth: { type: "string" },
        facts: { type: "string", multiple: true },
        "law-runs": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
        version: { type: "boolean", short: "v", default: false },
        check: { type: "boolean", default: false },
      },
    });
    if (values.version) {
      io.out(`${packageJson.version}\n`);
      return 0;
    }
    const [command, ...rest] = positionals;
    if (values.help || command === undefined || command === "help") {
      io.out(`${usage}\n`);
      return command === undefined && !values.help ? EXIT_USAGE : 0;
    }
    const format = values.format;
    if (format !== "text" && format !== "json" && format !== "markdown") {
      throw new UsageError(`unknown format \`${format}\``, "use --format text, json or markdown");
    }
    if (format === "markdown" && command !== "explain") throw new UsageError("--format markdown is for explain", "use --format text or --format json");
    if (command === "eval" && values.facts !== undefined) throw new UsageError("--facts is an option of check and explain", "run `reckon --help` for the options");
    if (command !== "explain" && (values.value !== undefined || values.depth !== undefined)) {
      throw new UsageError("--value and --depth are options of explain", "run `reckon --help` for the options");
    }
    switch (command) {
      case "check":
        return checkCommand(rest, { format: format as "text" | "json", facts: values.facts ?? [], lawRuns: parseCount("--law-runs", values["law-runs"]) }, io);
      case "explain":
        return explainCommand(rest, { format, value: values.value, depth: parseDepth(values.depth), facts: values.facts ?? [] }, io);
      case "eval":
        return evalCommand(rest, { format: format as "text" | "json" }, io);
      case "fmt":
        return fmtCommand(rest, { check: values.check }, io);
      default:
        throw new UsageError(`unknown command \`${command}\``, "run `reckon --help` for the commands");
    }
  } catch (e) {
    return reportFailure(e, io);
  }
}

function parseDepth(text: string | undefined): number | undefined {
  return parseCount("--depth", text);
}

function parseCount(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text)) throw new UsageError(`${option} takes a whole number, not \`${text}\``, `e.g. ${option} 2`);
  return Number(text);
}

function reportFailure(e: unknown, io: Console): number {
  if (e instanceof UsageError) {
    io.err(`error: ${e.message}\n${e.hint ? `  = hint: ${e.hint}\n` : ""}`);
    return EXIT_USAGE;
  }
  const code = (e as { code?: unknown }).code;
  if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) {
    const message = (e as Error).message;
    const negative = /'(-[\d.(][^']*)'/.exec(message)?.[1];
    const hint = negative
      ? `to pass an expression that starts with a minus sign, put \`--\` before it: reckon eval -- "${negative}"`
      : "run `reckon --help` for the options";
    const first = message.split(". ")[0] ?? message;
    io.err(`error: ${first.charAt(0).toLowerCase()}${first.slice(1)}\n  = hint: ${hint}\n`);
    return EXIT_USAGE;
  }
  io.err(`internal error: ${e instanceof Error ? e.message : String(e)}\n  = hint: this is a bug in reckon; please report it with the command you ran\n`);
  if (process.env.RECKON_DEBUG && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
  return EXIT_INTERNAL;
}
