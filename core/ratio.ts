import { Dec } from "./money.js";

function gcdBig(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    const r = x % y;
    x = y;
    y = r;
  }
  return x;
}

/** gcd of two safe integers (exact: `%` of integers below 2^53 is exact) */
function gcdSmall(a: number, b: number): number {
  let x = a < 0 ? -a : a;
  let y = b < 0 ? -b : b;
  while (y !== 0) {
    const r = x % y;
    x = y;
    y = r;
  }
  return x;
}

const safe = Number.isSafeInteger;
const POW10 = Array.from({ length: 19 }, (_, i) => 10n ** BigInt(i));
/** 10^0 … 10^15, exact as doubles */
const POW10_SMALL = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * An exact rational number. Scores divide (50 分 over 13 rows, 完成值 / 指标值), and a decimal with any
 * finite precision would make 13 × (50/13) fall short of 50 and flip a grade at its boundary. Every
 * score and rate is a Ratio until it is shown; rounding happens only in the `round*` methods.
 *
 * Two forms, one value: while numerator and denominator are safe integers (|x| < 2^53, nearly every
 * figure of a report) they are held as doubles, whose integer arithmetic is exact in that range and
 * allocates nothing; a result that leaves the range (any product or sum is checked) is computed again
 * with bigints. Reduced, denominator positive, and small whenever it fits: one value, one form.
 */
export class Ratio {
  /** the small form (valid when `bn` is null) */
  private readonly n: number;
  private readonly d: number;
  /** the bigint form, for values beyond 2^53 */
  private readonly bn: bigint | null;
  private readonly bd: bigint | null;

  private constructor(n: number, d: number, bn: bigint | null, bd: bigint | null) {
    this.n = n;
    this.d = d;
    this.bn = bn;
    this.bd = bd;
  }

  /** n/d from safe integers, d ≠ 0: reduced, sign on the numerator */
  private static small(n: number, d: number): Ratio {
    if (d === 0) throw new Error("Ratio with zero denominator");
    if (n === 0) return Ratio.ZERO;
    if (d === 1) return new Ratio(n, 1, null, null);
    if (d < 0) {
      n = -n;
      d = -d;
    }
    const g = gcdSmall(n, d);
    return g === 1 ? new Ratio(n, d, null, null) : new Ratio(n / g, d / g, null, null);
  }

  /** num/den from bigints, den ≠ 0: reduced, and small when it fits */
  private static big(num: bigint, den: bigint): Ratio {
    if (den === 0n) throw new Error("Ratio with zero denominator");
    if (num === 0n) return Ratio.ZERO;
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    const g = den === 1n ? 1n : gcdBig(num, den);
    const n = g === 1n ? num : num / g;
    const d = g === 1n ? den : den / g;
    const sn = Number(n);
    const sd = Number(d);
    return safe(sn) && safe(sd) ? new Ratio(sn, sd, null, null) : new Ratio(0, 1, n, d);
  }

  static readonly ZERO = new Ratio(0, 1, null, null);
  static readonly ONE = new Ratio(1, 1, null, null);

  static of(num: bigint | number, den: bigint | number = 1): Ratio {
    if (typeof num === "number" && typeof den === "number" && safe(num) && safe(den))
      return Ratio.small(num, den);
    return Ratio.big(BigInt(num), BigInt(den));
  }

  /** The numerator (reduced; its sign is the value's). */
  get num(): bigint {
    return this.bn ?? BigInt(this.n);
  }
  /** The denominator (reduced, positive). */
  get den(): bigint {
    return this.bd ?? BigInt(this.d);
  }

  /** Exact conversion of a decimal (a finite decimal is always a ratio of integers). */
  static fromDecimal(value: Dec | string | number): Ratio {
    const text =
      typeof value === "string" ? value : value instanceof Dec ? value.toFixed() : new Dec(value).toFixed();
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
    if (!m) throw new Error(`not a plain decimal: ${JSON.stringify(text)}`);
    const frac = m[3] ?? "";
    // up to 15 digits in all: exact as a double
    if ((m[2] as string).length + frac.length <= 15) {
      const whole = frac === "" ? Number(text) : Number(`${m[1]}${m[2]}${frac}`);
      return Ratio.small(whole, POW10_SMALL[frac.length] as number);
    }
    if (frac === "") return Ratio.big(BigInt(text), 1n);
    return Ratio.big(BigInt(`${m[1]}${m[2]}${frac}`), POW10[frac.length] ?? 10n ** BigInt(frac.length));
  }

  add(o: Ratio): Ratio {
    if (this.bn === null && o.bn === null) {
      if (this.d === o.d) {
        const s = this.n + o.n;
        if (safe(s)) return Ratio.small(s, this.d);
      } else {
        const a = this.n * o.d;
        const b = o.n * this.d;
        const s = a + b;
        const d = this.d * o.d;
        if (safe(a) && safe(b) && safe(s) && safe(d)) return Ratio.small(s, d);
      }
    }
    return Ratio.big(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  sub(o: Ratio): Ratio {
    if (this.bn === null && o.bn === null) {
      if (this.d === o.d) {
        const s = this.n - o.n;
        if (safe(s)) return Ratio.small(s, this.d);
      } else {
        const a = this.n * o.d;
        const b = o.n * this.d;
        const s = a - b;
        const d = this.d * o.d;
        if (safe(a) && safe(b) && safe(s) && safe(d)) return Ratio.small(s, d);
      }
    }
    return Ratio.big(this.num * o.den - o.num * this.den, this.den * o.den);
  }
  mul(o: Ratio): Ratio {
    if (this.bn === null && o.bn === null) {
      const n = this.n * o.n;
      const d = this.d * o.d;
      if (safe(n) && safe(d)) return Ratio.small(n, d);
    }
    return Ratio.big(this.num * o.num, this.den * o.den);
  }
  div(o: Ratio): Ratio {
    if (o.isZero()) throw new Error("Ratio division by zero");
    if (this.bn === null && o.bn === null) {
      const n = this.n * o.d;
      const d = this.d * o.n;
      if (safe(n) && safe(d)) return Ratio.small(n, d);
    }
    return Ratio.big(this.num * o.den, this.den * o.num);
  }
  neg(): Ratio {
    if (this.bn === null) return this.n === 0 ? this : new Ratio(-this.n, this.d, null, null);
    return new Ratio(0, 1, -this.bn, this.bd);
  }
  abs(): Ratio {
    return this.sign() < 0 ? this.neg() : this;
  }
  /** −1, 0 or 1 */
  sign(): -1 | 0 | 1 {
    if (this.bn === null) return this.n < 0 ? -1 : this.n > 0 ? 1 : 0;
    return this.bn < 0n ? -1 : 1;
  }
  cmp(o: Ratio): -1 | 0 | 1 {
    if (this.bn === null && o.bn === null) {
      if (this.d === o.d) return this.n < o.n ? -1 : this.n > o.n ? 1 : 0;
      const l = this.n * o.d;
      const r = o.n * this.d;
      if (safe(l) && safe(r)) return l < r ? -1 : l > r ? 1 : 0;
    }
    const l = this.num * o.den;
    const r = o.num * this.den;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  eq(o: Ratio): boolean {
    // one value, one form: equal values have equal parts
    return this.bn === null || o.bn === null
      ? this.bn === o.bn && this.n === o.n && this.d === o.d
      : this.bn === o.bn && this.bd === o.bd;
  }
  lt(o: Ratio): boolean {
    return this.cmp(o) < 0;
  }
  lte(o: Ratio): boolean {
    return this.cmp(o) <= 0;
  }
  gt(o: Ratio): boolean {
    return this.cmp(o) > 0;
  }
  gte(o: Ratio): boolean {
    return this.cmp(o) >= 0;
  }
  isZero(): boolean {
    return this.bn === null && this.n === 0;
  }
  /** A whole number (denominator 1). */
  isInteger(): boolean {
    return this.bn === null ? this.d === 1 : this.bd === 1n;
  }
  min(o: Ratio): Ratio {
    return this.lte(o) ? this : o;
  }
  max(o: Ratio): Ratio {
    return this.gte(o) ? this : o;
  }
  /** The nearest double (for ranking candidates, never for a result). */
  toNumber(): number {
    return this.bn === null ? this.n / this.d : Number(this.bn) / Number(this.bd);
  }

  /** Rounds half away from zero (四舍五入) to `places` decimals, as a Dec. */
  roundHalfUp(places: number): Dec {
    return new Dec(this.toFixed(places));
  }

  /** Rounds half away from zero to `places` decimals, as a ratio (what a form prints, exactly; no Dec). */
  rounded(places: number): Ratio {
    const q = this.scaledHalfUp(places);
    return typeof q === "number" && places < POW10_SMALL.length
      ? Ratio.small(q, POW10_SMALL[places] as number)
      : Ratio.big(BigInt(q), 10n ** BigInt(places));
  }

  /** The integer `round(|this| × 10^places)` half-up, with the sign of this (a double while it is safe). */
  private scaledHalfUp(places: number): number | bigint {
    if (this.bn === null && places < POW10_SMALL.length) {
      const n = this.n < 0 ? -this.n : this.n;
      const a = 2 * n * (POW10_SMALL[places] as number) + this.d;
      const b = 2 * this.d;
      if (safe(a) && safe(b)) {
        const q = (a - (a % b)) / b;
        return this.n < 0 ? -q : q;
      }
    }
    const num = this.num;
    const den = this.den;
    const scale = 10n ** BigInt(places);
    const n = num < 0n ? -num : num;
    const q = (2n * n * scale + den) / (2n * den);
    return num < 0n ? -q : q;
  }

  /** Rounds towards +∞ to `places` decimals (the smallest value at that precision that is ≥ this). */
  ceil(places: number): Dec {
    const scale = 10n ** BigInt(places);
    const scaled = this.num * scale;
    const den = this.den;
    let q = scaled / den;
    if (q * den < scaled) q += 1n;
    return new Dec(q.toString()).dividedBy(new Dec(10).pow(places));
  }

  /** Rounds towards −∞ to `places` decimals. */
  floor(places: number): Dec {
    return this.neg().ceil(places).negated();
  }

  /** Decimals of the exact expansion if it is finite (denominator 2^a·5^b → max(a, b)), else null. */
  exactDecimals(): number | null {
    let twos = 0;
    let fives = 0;
    if (this.bd === null) {
      let d = this.d;
      while (d % 2 === 0) {
        d /= 2;
        twos++;
      }
      while (d % 5 === 0) {
        d /= 5;
        fives++;
      }
      return d === 1 ? Math.max(twos, fives) : null;
    }
    let d = this.bd;
    while (d % 2n === 0n) {
      d /= 2n;
      twos++;
    }
    while (d % 5n === 0n) {
      d /= 5n;
      fives++;
    }
    return d === 1n ? Math.max(twos, fives) : null;
  }

  /** The exact decimal if this ratio has a finite decimal expansion, else null. */
  toExactDecimal(): Dec | null {
    const places = this.exactDecimals();
    return places === null ? null : new Dec(this.toFixed(places));
  }

  /** Display: half-up to `places` decimals, all printed ("3.85"). */
  toFixed(places: number): string {
    const q = this.scaledHalfUp(places);
    const neg = q < 0;
    const digits = (neg ? -q : q).toString().padStart(places + 1, "0");
    const body = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
    return neg ? `-${body}` : body;
  }

  toString(): string {
    if (this.bn === null) return this.d === 1 ? String(this.n) : `${this.n}/${this.d}`;
    return this.bd === 1n ? this.bn.toString() : `${this.bn}/${this.bd}`;
  }
}
