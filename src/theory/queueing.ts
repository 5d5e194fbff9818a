/**
 * Closed-form results of queueing theory, against which the kernel is checked
 * (test/theory) and which the files in scenarios/theory quote. Rates are per hour,
 * times in hours.
 */

/** Erlang C: probability that an arrival to an M/M/c queue waits. */
export function erlangC(c: number, lambda: number, mu: number): number {
  const a = lambda / mu;
  const rho = a / c;
  if (rho >= 1) return 1;
  // Erlang B by its stable recursion, then C from B.
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b / (1 - rho * (1 - b));
}

/** M/M/c: P(wait), mean wait in queue Wq, mean sojourn W, mean queue length Lq. */
export function mmc(c: number, lambda: number, mu: number) {
  const pWait = erlangC(c, lambda, mu);
  const wq = pWait / (c * mu - lambda);
  return { pWait, wq, w: wq + 1 / mu, lq: lambda * wq, utilization: lambda / (c * mu) };
}

/**
 * M/M/c+M (Erlang A): exponential patience with rate theta. Solved as a
 * birth-death chain truncated where the stationary probabilities vanish.
 * Returns the probability of abandoning and the mean time in queue of all arrivals
 * (served or not); by Little's law on the abandonment flow, pAbandon = theta * wq.
 */
export function erlangA(c: number, lambda: number, mu: number, theta: number) {
  const p: number[] = [1];
  for (let n = 1; n < 100000; n++) {
    const death = Math.min(n, c) * mu + Math.max(0, n - c) * theta;
    p.push((p[n - 1] * lambda) / death);
    if (n > c && p[n] < 1e-300) break;
  }
  const total = p.reduce((a, b) => a + b, 0);
  let lq = 0;
  let busy = 0;
  let waitProb = 0;
  p.forEach((pn, n) => {
    const q = pn / total;
    lq += Math.max(0, n - c) * q;
    busy += Math.min(n, c) * q;
    if (n >= c) waitProb += q;
  });
  const wq = lq / lambda;
  return { pAbandon: theta * wq, wq, pWait: waitProb, utilization: busy / c };
}

/**
 * Non-preemptive priority M/M/1 with classes sharing one exponential service rate
 * (Cobham's formula). lambdas[0] is the highest priority. Mean wait per class.
 */
export function priorityMM1(lambdas: number[], mu: number): number[] {
  const rho = lambdas.map((l) => l / mu);
  const w0 = rho.reduce((a, b) => a + b, 0) / mu; // sum lambda_i E[S^2]/2, E[S^2] = 2/mu^2
  let sigma = 0;
  return rho.map((r) => {
    const before = sigma;
    sigma += r;
    return w0 / ((1 - before) * (1 - sigma));
  });
}

export interface JacksonStation { servers: number; mu: number }

/**
 * An open Jackson network: external arrival rates, routing matrix P[i][j]
 * (probability of going from i to j after service), exponential stations.
 * Returns each station's throughput, mean number present, and the network's mean
 * sojourn time (Little's law over the whole network).
 */
export function jackson(external: number[], routing: number[][], stations: JacksonStation[]) {
  const n = stations.length;
  // Traffic equations lambda = external + lambda P, by fixed-point iteration.
  let lambda = external.slice();
  for (let it = 0; it < 10000; it++) {
    const next = external.map((e, j) => e + lambda.reduce((acc, li, i) => acc + li * routing[i][j], 0));
    const delta = Math.max(...next.map((x, j) => Math.abs(x - lambda[j])));
    lambda = next;
    if (delta < 1e-14) break;
  }
  const present = stations.map((s, i) => {
    const r = mmc(s.servers, lambda[i], s.mu);
    return lambda[i] * r.w;
  });
  const total = external.reduce((a, b) => a + b, 0);
  return { lambda, present, sojourn: present.reduce((a, b) => a + b, 0) / total, n };
}
