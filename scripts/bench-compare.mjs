// The `compare` benchmark case, run in its own process by scripts/bench.mjs:
//
//   node scripts/bench-compare.mjs WORKERS FILE [FILE ...]
//
// Runs every FILE's replications (30 each) on common seeds through runJobs, the
// path `salesim compare` takes, with WORKERS threads (1: serial, in this thread),
// against the compiled code in dist/. Prints one JSON line on stdout: wall time
// (loading included: threads load their scenario themselves), events, the orders
// keyed in the measured windows ("customers", as in the sales case) and peak RSS
// of the process (its threads included).
import { performance } from 'node:perf_hooks';
import { runJobs } from '../dist/run/parallel.js';

const REPLICATIONS = 30;
const [workersArg, ...files] = process.argv.slice(2);
const workers = Number(workersArg);
if (!Number.isInteger(workers) || workers < 1 || files.length === 0) {
  process.stderr.write('usage: node scripts/bench-compare.mjs WORKERS FILE [FILE ...]\n');
  process.exit(2);
}

const jobs = files.map((file) => ({ file, set: [`run.replications=${REPLICATIONS}`] }));
const t0 = performance.now();
const studies = await runJobs(jobs, { workers });
const wall = (performance.now() - t0) / 1000;

let customers = 0;
for (const s of studies) {
  // A study keeps each replication's summary values, replication-major.
  const k = s.names.length;
  const orders = s.names.indexOf('orders_week');
  const hours = s.names.indexOf('run.duration_h');
  for (let r = 0; r < s.count; r++) customers += s.values[r * k + orders] * (s.values[r * k + hours] / 168);
}
process.stdout.write(`${JSON.stringify({
  name: 'compare',
  workers,
  replications: studies.reduce((n, s) => n + s.count, 0),
  customers,
  events: studies.reduce((n, s) => n + s.events, 0),
  wall_s: wall,
  peak_rss_mb: process.resourceUsage().maxRSS / 1024,
})}\n`);
