import kstest from '@stdlib/stats-kstest';

/**
 * The one-sample Kolmogorov-Smirnov test of a sample against a continuous CDF:
 * D = sup |F_n(x) - F(x)| and P(D_n >= D). The p-value is @stdlib's: exact by
 * Marsaglia, Tsang and Wang (2003) up to EXACT_UP_TO values; above that, their
 * matrix power costs seconds, and Kolmogorov's limit with Stephens' (1970)
 * small-sample correction, lambda = (sqrt n + 0.12 + 0.11 / sqrt n) D, is
 * within a few thousandths of it.
 *
 * With parameters fitted to the same sample the p-value is too high (the fit
 * was pulled toward the data, Lilliefors 1967): a low one is a clear misfit,
 * a high one is no proof of a good one.
 */
export interface KsResult { statistic: number; pValue: number }

export const EXACT_UP_TO = 2000;

/** The statistic alone, on sorted values. */
export function ksStatistic(sorted: readonly number[], cdf: (x: number) => number): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

/** Kolmogorov's limiting P(K > lambda) = 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 lambda^2). */
export function kolmogorovTail(lambda: number): number {
  if (lambda < 0.2) return 1;
  let s = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    s += (k % 2 === 1 ? 2 : -2) * term;
    if (term < 1e-16) break;
  }
  return Math.min(1, Math.max(0, s));
}

export function ksTest(sorted: readonly number[], cdf: (x: number) => number): KsResult {
  const n = sorted.length;
  if (n <= EXACT_UP_TO) {
    // A one-parameter closure: kstest reads the CDF's arity to know how many parameters follow.
    const r = kstest(sorted as number[], (x: number) => cdf(x), { sorted: true });
    return { statistic: r.statistic, pValue: Math.min(1, Math.max(0, r.pValue)) };
  }
  const d = ksStatistic(sorted, cdf);
  const root = Math.sqrt(n);
  return { statistic: d, pValue: kolmogorovTail((root + 0.12 + 0.11 / root) * d) };
}
