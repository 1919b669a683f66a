import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decimal } from "../src/numbers/exact";
import { shortDecimal, shortInterval } from "../src/text/decimal-text";

describe("values shortened for reading", () => {
  it("cuts a long value six digits past its printed ones, marks the cut with …, and leaves a short one whole", () => {
    expect(shortDecimal(decimal("6.8833333333333333333333333333333331"), 2, 6)).toBe("6.88333333…");
    expect(shortDecimal(decimal("-16.53599735394641741495265279121902"), 2, 6)).toBe("-16.53599735…");
    expect(shortDecimal(decimal("1362.64"), 2, 6)).toBe("1362.64");
  });

  it("shows a value next to a tie up to the first digit that is not 0 or 9 past the rounding digit", () => {
    // 1/8 + a little, printed with 2 decimals: not the tie 0.125, and the text must not read as one.
    expect(shortDecimal(decimal("0.12500000000004567891234"), 2, 6)).toBe("0.12500000000004…");
    expect(shortDecimal(decimal("0.12499999999999999999999999999999"), 2, 6)).toBe("0.12499999999999999999999999999999");
    expect(shortDecimal(decimal("0.1250000000000000000000000000000001"), 2, 6)).toBe("0.1250000000000000000000000000000001");
    expect(shortDecimal(decimal("2.4999999999"), 0, 2)).toBe("2.4999999999");
  });

  it("rounds an interval's ends outwards, and shows an end the rounding moved as open", () => {
    const interval = { low: decimal("1362.6"), high: decimal("1362.68"), lowOpen: true, highOpen: true };
    expect(shortInterval(interval, 4)).toBe("(1362.6, 1362.68)");
    const long = { low: decimal("8.8579385304693875953845"), high: decimal("8.8586114"), lowOpen: false, highOpen: false };
    expect(shortInterval(long, 4)).toBe("(8.8579, 8.8587)");
    expect(shortInterval({ low: decimal("1.36495"), high: decimal("1.36505"), lowOpen: false, highOpen: true }, 3)).toBe("(1.364, 1.366)");
  });

  it("never shows an interval that leaves out a value of the interval", () => {
    const end = fc.tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 8 })).map(([units, places]) => decimal(`${units}e-${places}`));
    fc.assert(
      fc.property(end, end, fc.integer({ min: 0, max: 6 }), (a, b, places) => {
        const [low, high] = a.lte(b) ? [a, b] : [b, a];
        const text = shortInterval({ low, high, lowOpen: false, highOpen: false }, places);
        const [, open, shownLow, shownHigh, close] = /^([[(])(.*), (.*)([\])])$/.exec(text)!;
        const inside = (x: typeof low) =>
          (open === "[" ? x.gte(decimal(shownLow!)) : x.gt(decimal(shownLow!))) && (close === "]" ? x.lte(decimal(shownHigh!)) : x.lt(decimal(shownHigh!)));
        // The ends themselves are in the interval; everything between them is too, since it is an interval.
        return inside(low) && inside(high);
      }),
    );
  });
});
