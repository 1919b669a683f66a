import { describe, expect, it } from "vitest";
import { output, sessions } from "../scripts/sessions";

/**
 * The README and the guides show real sessions: each one whose files exist is run and must print
 * exactly what the document shows (`npx tsx scripts/update-sessions.ts` rewrites them).
 */
const all = sessions();

describe("documented sessions", () => {
  it("there are sessions to check, in the README and in the guides", () => {
    expect(all.filter((s) => s.document === "README.md").length).toBeGreaterThanOrEqual(3);
    expect(all.filter((s) => s.document !== "README.md").length).toBeGreaterThanOrEqual(1);
  });

  it.each(all.map((s) => [`${s.document}: reckon ${s.command}`, s] as const))("%s", (_title, session) => {
    expect(output(session.command)).toBe(session.shown);
  });
});
