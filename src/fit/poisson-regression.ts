/**
 * Poisson regression (a log-linear model of counts) by Newton's method, which
 * for the canonical log link is iteratively reweighted least squares:
 * beta += (X'WX)^-1 X'(y - mu), W = diag(mu). The inverse of X'WX at the
 * optimum is the estimate's asymptotic covariance. The models here have a
 * handful of columns (weekdays, growth, month-end), so plain Gaussian
 * elimination serves.
 */
export interface PoissonFit {
  beta: number[];
  covariance: number[][];
  /** Fitted means, one per observation. */
  mu: number[];
  /** Pearson's statistic sum (y - mu)^2 / mu, and its degrees of freedom n - p. */
  pearson: number;
  df: number;
}

export function poissonRegression(X: number[][], y: number[], start: number[]): PoissonFit {
  const n = y.length;
  const p = start.length;
  const beta = [...start];
  let mu = new Array<number>(n).fill(0);
  let info: number[][] = [];
  for (let iter = 0; iter < 100; iter++) {
    mu = X.map((row) => Math.exp(dot(row, beta)));
    info = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const score = new Array<number>(p).fill(0);
    for (let i = 0; i < n; i++) {
      const r = X[i];
      for (let j = 0; j < p; j++) {
        score[j] += r[j] * (y[i] - mu[i]);
        for (let k = 0; k < p; k++) info[j][k] += r[j] * r[k] * mu[i];
      }
    }
    const step = solve(info, score);
    // A step that overshoots into huge means is halved: the log-likelihood is concave, so a short enough step gains.
    const scale = Math.max(...step.map(Math.abs)) > 5 ? 5 / Math.max(...step.map(Math.abs)) : 1;
    for (let j = 0; j < p; j++) beta[j] += scale * step[j];
    if (Math.max(...step.map(Math.abs)) < 1e-10) break;
  }
  mu = X.map((row) => Math.exp(dot(row, beta)));
  const covariance = invert(information(X, mu, p));
  let pearson = 0;
  for (let i = 0; i < n; i++) pearson += (y[i] - mu[i]) ** 2 / mu[i];
  return { beta, covariance, mu, pearson, df: n - p };
}

function information(X: number[][], mu: number[], p: number): number[][] {
  const info = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  X.forEach((r, i) => {
    for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) info[j][k] += r[j] * r[k] * mu[i];
  });
  return info;
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** A x = b by Gaussian elimination with partial pivoting. */
export function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    [M[c], M[piv]] = [M[piv], M[c]];
    if (M[c][c] === 0) throw new Error('poissonRegression: singular information matrix');
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

function invert(A: number[][]): number[][] {
  const n = A.length;
  const columns = Array.from({ length: n }, (_, j) => solve(A, Array.from({ length: n }, (_, i) => (i === j ? 1 : 0))));
  return Array.from({ length: n }, (_, i) => columns.map((c) => c[i]));
}
