// Literals are read into decimal.js's form by reckon's own reader (numbers/exact.ts, readPlain),
// not by decimal.js's parser: every field must be what decimal.js itself would build, for every
// plain decimal a spec can hold, or arithmetic on the value would be wrong.
import { Decimal } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readPlain } from "../src/numbers/exact";
import { parameters } from "./properties";

const digits = (max: number) => fc.string({ unit: fc.constantFrom("0", "0", "0", "1", "2", "5", "7", "9"), minLength: 1, maxLength: max });

/** Plain decimals as a spec's literals are written (with runs of zeros, before and after the point). */
const plain = fc
  .tuple(fc.boolean(), digits(30), fc.option(digits(30), { nil: undefined }))
  .map(([negative, integer, fraction]) => `${negative ? "-" : ""}${integer}${fraction === undefined ? "" : `.${fraction}`}`);

function fields(x: Decimal): { s: number; e: number; d: number[] | null } {
  const { s, e, d } = x as unknown as { s: number; e: number; d: number[] | null };
  return { s, e, d: d && [...d] };
}

describe("reading plain decimal literals", () => {
  it("builds exactly the sign, exponent and digit words decimal.js builds", () => {
    fc.assert(
      fc.property(plain, (text) => {
        const read = readPlain(text);
        expect(read, text).toBeDefined();
        expect(fields(read!), text).toEqual(fields(new Decimal(text)));
        expect(read!.toFixed(), text).toBe(new Decimal(text).toFixed());
      }),
      parameters(5_000),
    );
  });

  it("agrees on the edges of the seven-digit words", () => {
    for (let integer = 0; integer <= 16; integer++) {
      for (let fraction = 0; fraction <= 16; fraction++) {
        for (const digit of ["1", "9"]) {
          const text = `${digit.repeat(integer) || "0"}${fraction > 0 ? `.${"0".repeat(fraction - 1)}${digit}` : ""}`;
          expect(fields(readPlain(text)!), text).toEqual(fields(new Decimal(text)));
          expect(fields(readPlain(`-${text}`)!), `-${text}`).toEqual(fields(new Decimal(`-${text}`)));
        }
      }
    }
  });

  it("leaves anything but a plain decimal to decimal.js", () => {
    for (const text of ["", "-", ".5", "5.", "1e5", "+1", "1.2.3", "1,000", " 1", "0x10", "Infinity", "--1", "-.5"]) {
      expect(readPlain(text), text).toBeUndefined();
    }
  });
});
