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

  // The small form (doubles while both parts stay below 2^53) against plain bigint fractions: every
  // operation near and across that boundary gives the value a bigint computation gives.
  it("is exact across 2^53: each operation equals the bigint fraction it stands for", () => {
    const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
    const show = (n: bigint, d: bigint) => {
      const s = d < 0n ? -1n : 1n;
      const g = gcd(n, d);
      const [rn, rd] = [(s * n) / g, (s * d) / g];
      return rd === 1n ? `${rn}` : `${rn}/${rd}`;
    };
    const edge = 2n ** 53n;
    const part = fc.oneof(
      fc.bigInt({ min: -1000n, max: 1000n }),
      fc.bigInt({ min: edge - 5000n, max: edge + 5000n }),
      fc.bigInt({ min: -(edge + 5000n), max: -(edge - 5000n) }),
      fc.bigInt({ min: -(2n ** 27n), max: 2n ** 27n }),
      fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
    );
    const den = part.filter((d) => d !== 0n);
    fc.assert(
      fc.property(part, den, part, den, (an, ad, bn, bd) => {
        const a = Ratio.of(an, ad);
        const b = Ratio.of(bn, bd);
        expect(a.toString()).toBe(show(an, ad));
        expect(a.add(b).toString()).toBe(show(an * bd + bn * ad, ad * bd));
        expect(a.sub(b).toString()).toBe(show(an * bd - bn * ad, ad * bd));
        expect(a.mul(b).toString()).toBe(show(an * bn, ad * bd));
        if (bn !== 0n) expect(a.div(b).toString()).toBe(show(an * bd, ad * bn));
        const l = an * bd * (ad * bd > 0n ? 1n : -1n);
        const r = bn * ad * (ad * bd > 0n ? 1n : -1n);
        expect(a.cmp(b)).toBe(l < r ? -1 : l > r ? 1 : 0);
        expect(a.eq(b)).toBe(l === r);
        // half-up at 2 places: round(|a| × 100) with a's sign, printed
        const n = an * (ad < 0n ? -1n : 1n);
        const d = ad < 0n ? -ad : ad;
        const abs = n < 0n ? -n : n;
        const q = (2n * abs * 100n + d) / (2n * d);
        const digits = q.toString().padStart(3, "0");
        const fixed = `${n < 0n && q !== 0n ? "-" : ""}${digits.slice(0, -2)}.${digits.slice(-2)}`;
        expect(a.toFixed(2)).toBe(fixed);
        expect(a.rounded(2).toString()).toBe(show(n < 0n ? -q : q, 100n));
        expect(a.num).toBe(BigInt(show(an, ad).split("/")[0] as string));
      }),
      { numRuns: 3000 },
    );
  });

  it("reads long decimals exactly, beyond what a double holds", () => {
    expect(Ratio.fromDecimal("123456789012345.6").toString()).toBe("617283945061728/5");
    expect(Ratio.fromDecimal("9007199254740993").toString()).toBe("9007199254740993");
    expect(Ratio.fromDecimal("0.1234567890123456789").toString()).toBe(
      "1234567890123456789/10000000000000000000",
    );
    expect(Ratio.fromDecimal("9007199254740993").sub(Ratio.ONE).toString()).toBe("9007199254740992");
  });
});
