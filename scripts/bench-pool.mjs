#!/usr/bin/env node
// npm run bench -- --only pool (or node scripts/bench-pool.mjs [--reps 200] [--file F] [--weeks W])
//
// The worker-thread pool against the ceiling of this machine: REPS replication jobs of
// one scenario run (a) by one process on the pool with all its threads, and (b) split
// between two independent single-thread processes started side by side. Each side is
// timed from its processes' start to their end (loading included), so (b)'s throughput,
// REPS / wall, is what two cores give with no sharing at all; the pool's target is at
// least 0.9 of it. Prints one JSON line: { name: "pool", reps, wall_pool_s, wall_two_s, ratio }.
import { spawn } from 'node:child_process';
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
const file = arg('file', join(root, 'scenarios/inside-out.yaml'));
const weeks = arg('weeks', '52');
const threads = availableParallelism();

if (args[0] === '--child') {
  // One side's work: `count` replications from `first`, on `workers` threads.
  const [, first, count, workers] = args.map(Number);
  const set = [`run.horizon=${weeks} wk`, `run.replications=${first + count}`];
  const { loadScenario } = await import('../dist/models/index.js');
  const { runPrepared } = await import('../dist/run/parallel.js');
  const loaded = loadScenario(file, set);
  // workers 0: the default (all cores, the main thread's first replication as a probe), as a user runs it.
  await runPrepared([{ job: { file, set }, loaded }], { ...(workers === 0 ? {} : { workers }), range: { from: first, to: first + count } });
  process.exit(0);
}

function child(first, count, workers) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', String(first), String(count), String(workers), '--file', file, '--weeks', weeks], { stdio: 'inherit' });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bench-pool child exited ${code}`))));
  });
}

async function timed(body) {
  const t = performance.now();
  await body();
  return (performance.now() - t) / 1000;
}

const half = Math.floor(reps / 2);
const two = await timed(() => Promise.all([child(0, half, 1), child(half, reps - half, 1)]));
const pool = await timed(() => child(0, reps, 0));
process.stdout.write(`${JSON.stringify({ name: 'pool', reps, threads, wall_pool_s: Number(pool.toFixed(2)), wall_two_s: Number(two.toFixed(2)), ratio: Number((two / pool).toFixed(3)) })}\n`);
