import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Ratio } from "../../core/ratio.js";

describe("Ratio", () => {
  it("keeps 13 × (50/13) exactly 50, where any finite decimal falls short", () => {
    const share = Ratio.of(50).div(Ratio.of(13));
    let sum = Ratio.ZERO;
    for (let i = 0; i < 13; i++) sum = sum.add(share);
    expect(sum.eq(Ratio.of(50))).toBe(true);
    expect(share.toString()).toBe("50/13");
  });

  it("converts decimals exactly and reduces", () => {
    expect(Ratio.fromDecimal("10.72").toString()).toBe("268/25");
    expect(Ratio.fromDecimal("-0.1").toString()).toBe("-1/10");
    expect(Ratio.fromDecimal("0").toString()).toBe("0");
  });

  it.each([
    ["2.345", 2, "2.35"],
    ["2.344", 2, "2.34"],
    ["-2.345", 2, "-2.35"],
    ["0.005", 2, "0.01"],
    ["99.1826", 2, "99.18"],
  ])("rounds %s half-up to %i places as %s", (v, places, expected) => {
    expect(Ratio.fromDecimal(v).toFixed(places)).toBe(expected);
  });

  it("rounded(places) is the printed value as a ratio: 50/13 → 3.85, −2.345 → −2.35", () => {
    expect(Ratio.of(50, 13).rounded(2).toString()).toBe("77/20");
    expect(Ratio.fromDecimal("-2.345").rounded(2).toString()).toBe("-47/20");
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        (n, d) => {
          const r = Ratio.of(n, d);
          expect(r.rounded(2).eq(Ratio.fromDecimal(r.toFixed(2)))).toBe(true);
        },
      ),
    );
  });

  it("ceil and floor at a precision", () => {
    const x = Ratio.of(2311303, 100); // 23113.03
    expect(x.ceil(0).toFixed()).toBe("23114");
    expect(x.floor(0).toFixed()).toBe("23113");
    expect(Ratio.of(23114).ceil(0).toFixed()).toBe("23114");
    expect(Ratio.of(-1, 3).ceil(2).toFixed()).toBe("-0.33");
  });

  it("finite decimal expansion only for 2^a·5^b denominators", () => {
    expect(Ratio.of(1, 8).toExactDecimal()?.toFixed()).toBe("0.125");
    expect(Ratio.of(1, 3).toExactDecimal()).toBeNull();
  });

  it("field laws hold on random values (a/b·b = a, a+b−b = a)", () => {
    const r = fc
      .tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 9n }))
      .map(([n, d]) => Ratio.of(n, d));
    fc.assert(
      fc.property(r, r, (a, b) => {
        expect(a.add(b).sub(b).eq(a)).toBe(true);
        if (!b.isZero()) expect(a.div(b).mul(b).eq(a)).toBe(true);
        expect(a.cmp(b) + b.cmp(a)).toBe(0);
      }),
    );
  });
});
