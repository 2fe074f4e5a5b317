import { Dec } from "./money.js";

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    const r = x % y;
    x = y;
    y = r;
  }
  return x;
}

const POW10 = Array.from({ length: 19 }, (_, i) => 10n ** BigInt(i));

/**
 * An exact rational number. Scores divide (50 分 over 13 rows, 完成值 / 指标值), and a decimal with any
 * finite precision would make 13 × (50/13) fall short of 50 and flip a grade at its boundary. Every
 * score and rate is a Ratio until it is shown; rounding happens only in the `round*` methods.
 */
export class Ratio {
  readonly num: bigint;
  readonly den: bigint;

  private constructor(num: bigint, den: bigint) {
    if (den === 0n) throw new Error("Ratio with zero denominator");
    if (den === 1n || num === 0n) {
      // integers need no reduction (most weights, counts and scores are)
      this.num = num;
      this.den = num === 0n ? 1n : den;
      return;
    }
    const sign = den < 0n ? -1n : 1n;
    const g = gcd(num, den) || 1n;
    this.num = (sign * num) / g;
    this.den = (sign * den) / g;
  }

  static readonly ZERO = new Ratio(0n, 1n);
  static readonly ONE = new Ratio(1n, 1n);

  static of(num: bigint | number, den: bigint | number = 1n): Ratio {
    return new Ratio(BigInt(num), BigInt(den));
  }

  /** Exact conversion of a decimal (a finite decimal is always a ratio of integers). */
  static fromDecimal(value: Dec | string | number): Ratio {
    const text =
      typeof value === "string" ? value : value instanceof Dec ? value.toFixed() : new Dec(value).toFixed();
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
    if (!m) throw new Error(`not a plain decimal: ${JSON.stringify(text)}`);
    const frac = m[3] ?? "";
    if (frac === "") return new Ratio(BigInt(text), 1n);
    return new Ratio(BigInt(`${m[1]}${m[2]}${frac}`), POW10[frac.length] ?? 10n ** BigInt(frac.length));
  }

  add(o: Ratio): Ratio {
    if (this.den === o.den) return new Ratio(this.num + o.num, this.den);
    return new Ratio(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  sub(o: Ratio): Ratio {
    if (this.den === o.den) return new Ratio(this.num - o.num, this.den);
    return new Ratio(this.num * o.den - o.num * this.den, this.den * o.den);
  }
  mul(o: Ratio): Ratio {
    return new Ratio(this.num * o.num, this.den * o.den);
  }
  div(o: Ratio): Ratio {
    if (o.num === 0n) throw new Error("Ratio division by zero");
    return new Ratio(this.num * o.den, this.den * o.num);
  }
  neg(): Ratio {
    return new Ratio(-this.num, this.den);
  }
  abs(): Ratio {
    return this.num < 0n ? this.neg() : this;
  }
  cmp(o: Ratio): -1 | 0 | 1 {
    const l = this.num * o.den;
    const r = o.num * this.den;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  eq(o: Ratio): boolean {
    return this.cmp(o) === 0;
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
    return this.num === 0n;
  }
  min(o: Ratio): Ratio {
    return this.lte(o) ? this : o;
  }
  max(o: Ratio): Ratio {
    return this.gte(o) ? this : o;
  }

  /** Rounds half away from zero (四舍五入) to `places` decimals, as a Dec. */
  roundHalfUp(places: number): Dec {
    return new Dec(this.toFixed(places));
  }

  /** Rounds half away from zero to `places` decimals, as a ratio (what a form prints, exactly; no Dec). */
  rounded(places: number): Ratio {
    return new Ratio(this.scaledHalfUp(places), 10n ** BigInt(places));
  }

  /** The integer `round(|this| × 10^places)` half-up, with the sign of this. */
  private scaledHalfUp(places: number): bigint {
    const scale = 10n ** BigInt(places);
    const n = this.num < 0n ? -this.num : this.num;
    const q = (2n * n * scale + this.den) / (2n * this.den);
    return this.num < 0n ? -q : q;
  }

  /** Rounds towards +∞ to `places` decimals (the smallest value at that precision that is ≥ this). */
  ceil(places: number): Dec {
    const scale = 10n ** BigInt(places);
    const scaled = this.num * scale;
    let q = scaled / this.den;
    if (q * this.den < scaled) q += 1n;
    return new Dec(q.toString()).dividedBy(new Dec(10).pow(places));
  }

  /** Rounds towards −∞ to `places` decimals. */
  floor(places: number): Dec {
    return this.neg().ceil(places).negated();
  }

  /** Decimals of the exact expansion if it is finite (denominator 2^a·5^b → max(a, b)), else null. */
  exactDecimals(): number | null {
    let d = this.den;
    let twos = 0;
    let fives = 0;
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
    const neg = q < 0n;
    const digits = (neg ? -q : q).toString().padStart(places + 1, "0");
    const body = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
    return neg ? `-${body}` : body;
  }

  toString(): string {
    return this.den === 1n ? this.num.toString() : `${this.num}/${this.den}`;
  }
}
