/**
 * The checks of the API's arguments other than values (names, paths, units, options), for callers
 * without TypeScript: a TypeError that names the argument, thrown before anything changes, instead
 * of one from deep inside reckon. Values are refused with diagnostics of their own (R0912).
 */
import { described } from "../text/described";

/** `name` must be a string. */
export function requireString(value: unknown, what: string): asserts value is string {
  if (typeof value !== "string") throw new TypeError(`${what} must be a string, not ${described(value)}`);
}

/** `unit` may be left out, but if given must be a string. */
export function requireOptionalString(value: unknown, what: string): asserts value is string | undefined {
  if (value !== undefined) requireString(value, what);
}

/** A list of strings (`["a.json", "b.csv"]`); `hint` says what to write for a single one. */
export function requireStrings(value: unknown, what: string, hint: string): asserts value is readonly string[] {
  if (!Array.isArray(value)) throw new TypeError(`${what} must be an array of strings, not ${described(value)}${typeof value === "string" ? `: ${hint}` : ""}`);
  value.forEach((item, i) => requireString(item, `${what}[${i}]`));
}

export function requireFunction(value: unknown, what: string): asserts value is (...args: never[]) => unknown {
  if (typeof value !== "function") throw new TypeError(`${what} must be a function, not ${described(value)}`);
}

/** A SpecHost: an object with `resolve` and `read` functions. */
export function requireHost(value: unknown, what: string): void {
  const host = value as { resolve?: unknown; read?: unknown } | null;
  if (typeof value !== "object" || host === null || typeof host.resolve !== "function" || typeof host.read !== "function") {
    throw new TypeError(`${what} must be a SpecHost, an object with functions resolve(specifier, from) and read(key), not ${described(value)}`);
  }
}

/** An options bag: left out, or an object. */
export function requireOptions(value: unknown, what: string): asserts value is object | undefined {
  if (value !== undefined && (typeof value !== "object" || value === null)) throw new TypeError(`${what} must be an object of options, not ${described(value)}`);
}
