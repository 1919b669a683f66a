/**
 * A JavaScript value as a message names it, for a caller that passed the wrong kind of thing:
 * `a number (42)`, `a string ("2")`, `undefined`, `null`, `an array`, `a Promise`, `an object`.
 */
export function described(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string":
      return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`;
    case "number":
    case "bigint":
    case "boolean":
      return `a ${typeof value} (${String(value)})`;
    case "object":
      return typeof (value as { then?: unknown }).then === "function" ? "a Promise" : "an object";
    default:
      return `a ${typeof value}`;
  }
}
