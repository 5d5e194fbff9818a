// One benchmark case, run in its own process by scripts/bench.mjs so that peak RSS
// belongs to this case alone.
//
//   node scripts/bench-case.mjs NAME FILE
//
// Takes the path users take: loadScenario(FILE) -> runOne (the scenario's kind runs it) with
// replicationSeed(run.seed, 0), one replication with the usual statistics, against
// the compiled code in dist/. Prints one JSON line on stdout.
import { performance } from 'node:perf_hooks';
import { loadScenario } from '../dist/models/index.js';
import { runOne } from '../dist/run/study.js';
import { replicationSeed } from '../dist/kernel/random.js';

const [name, file] = process.argv.slice(2);
if (name === undefined || file === undefined) {
  process.stderr.write('usage: node scripts/bench-case.mjs NAME FILE\n');
  process.exit(2);
}

const t0 = performance.now();
const loaded = loadScenario(file);
const t1 = performance.now();
const seed = replicationSeed(loaded.scenario.run.seed, 0);
const result = runOne(loaded, seed);
const t2 = performance.now();

// Completed items of every type: the summary metrics items.<type>.completed (the
// measured window is the whole run: the bench scenarios have no warm-up). For a
// sales scenario: the orders keyed in the measured window.
let customers = 0;
result.names.forEach((n, k) => {
  // (A sales run counts its calls, orders... as items too: its customers are the orders alone.)
  if (loaded.kind !== 'sales' && /^items\.[^.]+\.completed$/.test(n)) customers += result.values[k];
  if (n === 'orders_week') customers += result.values[k] * (result.values[result.names.indexOf('run.duration_h')] / 168);
});

const wall = (t2 - t1) / 1000;
process.stdout.write(`${JSON.stringify({
  name,
  customers,
  events: result.events,
  wall_s: wall,
  load_s: (t1 - t0) / 1000,
  sim_hours: result.endTime,
  peak_rss_mb: process.resourceUsage().maxRSS / 1024,
})}\n`);
