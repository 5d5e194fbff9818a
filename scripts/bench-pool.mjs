#!/usr/bin/env node
// npm run bench -- --only pool (or node scripts/bench-pool.mjs [--reps 200] [--rounds 1] [--file F] [--weeks W])
//
// The worker-thread pool against the ceiling of this machine: REPS replication jobs of
// one scenario run (a) by one process as a user runs them (runPrepared with the default
// workers: this thread and a worker thread per other core), and (b) split between two
// independent single-thread processes started side by side. Each side is timed from its
// processes' start to their end (loading included), so (b)'s throughput, REPS / wall, is
// what two cores give with no sharing at all; the pool's target is at least 0.9 of it.
// Each round runs (b) then (a); with --rounds N the round of the median ratio is reported.
// Prints one JSON line: { name: "pool", reps, threads, wall_pool_s, wall_two_s, ratio,
// ratios, other_cpu_s }. other_cpu_s is the CPU time other programs took during the
// reported round (from /proc/stat, Linux; null elsewhere): on a shared machine, a round
// with seconds of it was disturbed, whatever its ratio says.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 ? args[k + 1] : fallback;
};
const reps = Number(arg('reps', 200));
const rounds = Number(arg('rounds', 1));
const file = arg('file', join(root, 'scenarios/inside-out.yaml'));
const weeks = arg('weeks', '52');
const threads = availableParallelism();

if (args[0] === '--child') {
  // One side's work: `count` replications from `first`, with `workers` (0: the default).
  const [, first, count, workers] = args.map(Number);
  const set = [`run.horizon=${weeks} wk`, `run.replications=${first + count}`];
  const { loadScenario } = await import('../dist/models/index.js');
  const { runPrepared } = await import('../dist/run/parallel.js');
  const loaded = loadScenario(file, set);
  // workers 0: the default (all cores, the main thread's first replication as a probe), as a user runs it.
  await runPrepared([{ job: { file, set }, loaded }], { ...(workers === 0 ? {} : { workers }), range: { from: first, to: first + count } });
  // The process's CPU time (its threads included), for the parent's count of other programs' time.
  const { user, system } = process.cpuUsage();
  process.stdout.write(`${(user + system) / 1e6}\n`);
  process.exit(0);
}

/** CPU seconds the whole machine has spent busy so far (Linux), or null. */
function machineBusy() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user, nice, system, irq, softirq, steal, in clock ticks (USER_HZ, 100 on Linux).
    return (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) / 100;
  } catch {
    return null;
  }
}

/** Runs one side's child; resolves to the CPU seconds it used. */
function child(first, count, workers) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', String(first), String(count), String(workers), '--file', file, '--weeks', weeks], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.on('exit', (code) => (code === 0 ? resolve(Number(out.trim().split('\n').pop())) : reject(new Error(`bench-pool child exited ${code}`))));
  });
}

/** Wall seconds of `body`, and the CPU seconds programs other than its children took meanwhile. */
async function timed(body) {
  const busy = machineBusy();
  const t = performance.now();
  const cpu = (await body()).reduce((a, b) => a + b, 0);
  const wall = (performance.now() - t) / 1000;
  const after = machineBusy();
  return { wall, other: busy === null || after === null ? null : Math.max(0, after - busy - cpu) };
}

const half = Math.floor(reps / 2);
const measured = [];
for (let r = 0; r < rounds; r++) {
  const two = await timed(() => Promise.all([child(0, half, 1), child(half, reps - half, 1)]));
  const pool = await timed(() => Promise.all([child(0, reps, 0)]));
  measured.push({ two, pool, ratio: two.wall / pool.wall });
}
const sorted = [...measured].sort((a, b) => a.ratio - b.ratio);
const { two, pool, ratio } = sorted[Math.floor((sorted.length - 1) / 2)];
const other = two.other === null ? null : Number((two.other + pool.other).toFixed(1));
process.stdout.write(`${JSON.stringify({
  name: 'pool', reps, threads, wall_pool_s: Number(pool.wall.toFixed(2)), wall_two_s: Number(two.wall.toFixed(2)), ratio: Number(ratio.toFixed(3)),
  ratios: measured.map((m) => Number(m.ratio.toFixed(3))), other_cpu_s: other,
})}\n`);
