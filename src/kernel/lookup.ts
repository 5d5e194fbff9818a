/**
 * A table function as system dynamics writes it (DYNAMO's TABLE, Vensim's
 * lookups): y at given points x, linear interpolation between them, held flat
 * beyond the first and last point. Behavioural relationships of a model (how
 * sales effectiveness falls with delivery delay) are data, not code.
 */
export class Lookup {
  private readonly x: Float64Array;
  private readonly y: Float64Array;

  constructor(x: readonly number[], y: readonly number[]) {
    if (x.length !== y.length || x.length === 0) throw new Error('lookup: x and y need the same, non-zero length');
    for (let i = 1; i < x.length; i++) if (!(x[i] > x[i - 1])) throw new Error('lookup: x must increase');
    this.x = Float64Array.from(x);
    this.y = Float64Array.from(y);
  }

  at(v: number): number {
    const x = this.x;
    const y = this.y;
    const n = x.length;
    if (!(v > x[0])) return y[0];
    if (v >= x[n - 1]) return y[n - 1];
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (x[mid] <= v) lo = mid;
      else hi = mid;
    }
    return y[lo] + ((y[hi] - y[lo]) * (v - x[lo])) / (x[hi] - x[lo]);
  }
}

/**
 * First-order exponential smoothing (an information delay, SMOOTH in DYNAMO),
 * advanced exactly over a step of any length: for an input held constant over
 * the step, s moves the fraction 1 - exp(-dt / tau) of the way to it.
 */
export function smooth(s: number, input: number, dt: number, tau: number): number {
  return tau > 0 ? s + (input - s) * (1 - Math.exp(-dt / tau)) : input;
}
