// The command line in a process of its own, where what matters is the process: its streams and its exit.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { captureConsole } from "./helpers";
import { run } from "../src/cli/main";

const repo = path.resolve(import.meta.dirname, "..");

it("stops quietly, with its exit code, when the reader of its output stops early (`explain … | head -1`)", () => {
  // 总分 names eight figures: over a thousand lines, more than a pipe holds, so the writes go on
  // after `head` has gone.
  const dir = mkdtempSync(path.join(tmpdir(), "reckon-pipe-"));
  const script = `{ "${process.execPath}" --import tsx test/fixtures/reckon-from-source.ts explain specs/2024/urumqi-cast.reckon 总分 2>"${dir}/stderr"; echo $? >"${dir}/code"; } | head -1`;
  const result = spawnSync("bash", ["-c", script], { cwd: repo, env: { ...process.env, NO_COLOR: "1" }, encoding: "utf8", timeout: 60_000 });
  expect(result.stdout).toMatch(/^8 figures match 总分: 项目\.科普经费\.总分, /);
  expect(readFileSync(path.join(dir, "stderr"), "utf8")).toBe("");
  expect(readFileSync(path.join(dir, "code"), "utf8").trim()).toBe("0");
}, 60_000);

it.runIf(existsSync("/dev/full"))("says so, and exits 3, when its output cannot be written (a full disk)", () => {
  const script = `"${process.execPath}" --import tsx test/fixtures/reckon-from-source.ts check specs/2024/urumqi-cast.reckon --law-runs 0 >/dev/full`;
  const result = spawnSync("bash", ["-c", script], { cwd: repo, env: { ...process.env, NO_COLOR: "1" }, encoding: "utf8", timeout: 60_000 });
  expect(result.status).toBe(3);
  expect(result.stderr).toBe("error: cannot write the output: ENOSPC: no space left on device, write\n");
}, 60_000);

it.runIf(existsSync("/dev/full"))("leaves its JSON on stdout whole when stderr cannot be written, and exits 3", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "reckon-full-"));
  const spec = path.join(dir, "warn.reckon");
  // A formula no published figure needs that divides by zero: a warning on stderr, the JSON on stdout.
  writeFileSync(spec, 'report "r"\nfact z = 0\nformula bad = 1 / z\nfact a = 1\nfigure b = a published 1\n');
  const script = `"${process.execPath}" --import tsx test/fixtures/reckon-from-source.ts check "${spec}" --format json --law-runs 0 2>/dev/full`;
  const result = spawnSync("bash", ["-c", script], { cwd: repo, env: { ...process.env, NO_COLOR: "1" }, encoding: "utf8", timeout: 60_000 });
  expect(result.status).toBe(3);
  expect(() => JSON.parse(result.stdout)).not.toThrow();
}, 60_000);

it("exits 3, not 1 (a mismatch), on an internal error, and asks for it to be reported", () => {
  const capture = captureConsole();
  const failing = { ...capture.io, out: () => { throw new Error("the console broke"); } };
  expect(run(["--version"], failing)).toBe(3);
  expect(capture.stderr()).toBe("internal error: the console broke\n  = hint: this is a bug in reckon; please report it with the command you ran\n");
});
