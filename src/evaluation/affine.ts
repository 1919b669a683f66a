import { add, decimal, divide, multiply, negate, ONE, subtract, ZERO, type Decimal } from "../numbers/exact";

/**
 * Affine arithmetic: a value known only within bounds is written x₀ + Σ xᵢ·εᵢ, each εᵢ ∈ [−1, 1] a
 * source of uncertainty (one per printed input, plus fresh ones for the error of nonlinear steps).
 * Unlike plain intervals it remembers that two occurrences of 380.65 ± 0.005 are the same number,
 * so `x − (x − y)` is exactly y ± 0.005, not y ± 0.015: the within-rounding check stays tight enough
 * to report a figure that is off by more than its inputs' rounding allows.
 */
export class Affine {
  constructor(
    readonly center: Decimal,
    readonly terms: ReadonlyMap<number, Decimal>,
  ) {}

  static constant(x: Decimal): Affine {
    return new Affine(x, new Map());
  }

  /** center ± radius on the noise symbol `symbol`. */
  static around(center: Decimal, radius: Decimal, symbol: number): Affine {
    return new Affine(center, radius.isZero() ? new Map() : new Map([[symbol, radius]]));
  }

  /** The total deviation Σ|xᵢ|: the value lies in [center − radius, center + radius]. */
  radius(): Decimal {
    let r = ZERO;
    for (const coefficient of this.terms.values()) r = add(r, coefficient.abs());
    return r;
  }

  /**
   * The same range in `size` terms: the largest `size − 1` are kept and the rest become one new term
   * whose coefficient is the sum of their sizes. Σ|xᵢ| is unchanged, so the value stays within the
   * same bounds; what is lost is only those terms' correlation with other forms (a sum over 5,000
   * facts keeps its range but no longer cancels exactly against one of them).
   */
  condensed(size: number, fresh: () => number): Affine {
    if (this.terms.size <= size) return this;
    const bySize = [...this.terms].map(([symbol, coefficient]) => ({ symbol, coefficient, size: coefficient.abs() }));
    bySize.sort((a, b) => b.size.comparedTo(a.size));
    const terms = new Map<number, Decimal>();
    let merged = ZERO;
    bySize.forEach((term, i) => {
      if (i < size - 1) terms.set(term.symbol, term.coefficient);
      else merged = add(merged, term.size);
    });
    terms.set(fresh(), merged);
    return new Affine(this.center, terms);
  }

  /** x₁ + x₂ + … in one pass. */
  static sum(values: readonly Affine[]): Affine {
    let center = ZERO;
    const terms = new Map<number, Decimal>();
    for (const value of values) {
      center = add(center, value.center);
      for (const [symbol, coefficient] of value.terms) terms.set(symbol, add(terms.get(symbol) ?? ZERO, coefficient));
    }
    for (const [symbol, coefficient] of terms) if (coefficient.isZero()) terms.delete(symbol);
    return new Affine(center, terms);
  }

  plus(other: Affine): Affine {
    const terms = new Map(this.terms);
    for (const [symbol, coefficient] of other.terms) {
      const sum = add(terms.get(symbol) ?? ZERO, coefficient);
      if (sum.isZero()) terms.delete(symbol);
      else terms.set(symbol, sum);
    }
    return new Affine(add(this.center, other.center), terms);
  }

  scale(k: Decimal): Affine {
    if (k.isZero()) return Affine.constant(ZERO);
    const terms = new Map<number, Decimal>();
    for (const [symbol, coefficient] of this.terms) terms.set(symbol, multiply(coefficient, k));
    return new Affine(multiply(this.center, k), terms);
  }

  negated(): Affine {
    return this.scale(decimal("-1"));
  }

  /** x·y = x₀y₀ + Σ(x₀yᵢ + y₀xᵢ)εᵢ, with the product of the deviations as a new error term. */
  times(other: Affine, fresh: () => number): Affine {
    const linear = this.scale(other.center).plus(other.scale(this.center)).plus(Affine.constant(negate(multiply(this.center, other.center))));
    const error = multiply(this.radius(), other.radius());
    return error.isZero() ? linear : linear.plus(Affine.around(ZERO, error, fresh()));
  }

  /**
   * 1/y for y within [low, high] not containing 0, by the min-range approximation: the line with the
   * slope of 1/y at the end nearer to zero's opposite, plus the largest error of that line as a new term.
   */
  reciprocal(low: Decimal, high: Decimal, fresh: () => number): Affine {
    if (high.isNegative()) return this.negated().reciprocal(negate(high), negate(low), fresh).negated();
    const slope = negate(divide(ONE, multiply(high, high)));
    // g(y) = 1/y − slope·y decreases on [low, high]: its range is [g(high), g(low)].
    const atLow = subtract(divide(ONE, low), multiply(slope, low));
    const atHigh = subtract(divide(ONE, high), multiply(slope, high));
    const middle = multiply(add(atLow, atHigh), decimal("0.5"));
    const half = multiply(subtract(atLow, atHigh), decimal("0.5"));
    // Quotients are carried to 34 digits: widen the error term by far more than that loses.
    const slack = add(multiply(add(middle.abs(), half.abs()), decimal("1e-30")), decimal("1e-60"));
    return this.scale(slope).plus(Affine.constant(middle)).plus(Affine.around(ZERO, add(half.abs(), slack), fresh()));
  }
}
