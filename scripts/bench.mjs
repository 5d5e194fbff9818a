// npm run bench [-- --json] [-- --only mmc,network] [-- --repeat N]
//
// Throughput and memory of the simulator on fixed scenarios (scripts/bench/*.yaml),
// each stopped after N arrivals and drained. Every case runs in its own child
// process (scripts/bench-case.mjs) through the path users take, loadScenario ->
// runReplication with statistics on, one replication, against the compiled code in
// dist/ (built here with tsc if dist/cli/bin.js is missing; `npm ci` builds it too,
// through the prepare script).
//
// The heap case (scripts/bench-heap.mjs) is the yardstick: a plain hand-written
// M/M/5 event loop on a binary heap, the mmc model with none of the simulator's
// generality, so that mmc is quoted against it as measured in the same run (a
// machine's speed varies from day to day; the ratio does not). The scale cases
// (scripts/bench-scale.mjs) grow inside-out by k = 1, 4, 16, 64 (accounts, areas,
// headcounts, market and campaign leads x k) and run one year each: the sales
// engine's cost per event should not grow with the organization (`--only scale`
// runs the four).
//
// Output: a table, or with --json one JSON line per case on stdout with the keys
// name, customers, events, wall_s, events_per_s, customers_per_s, peak_rss_mb
// (the comparison and target lines then go to stderr, so stdout stays JSON lines).
// The compare case (scripts/bench-compare.mjs: both default models, 30 replications
// each, through runJobs) runs once on all threads and once on one; its line adds
// workers, wall_1_s (one thread) and speedup, and its wall_s includes loading.
// The draws case (scripts/bench-draws.mjs) is not a simulation: it times single
// draws of Poisson and discrete distributions and prints, after the table, one line
// per distribution (with --json: { name: "draws", distribution, ns_per_draw }); it
// takes the fastest of its own three rounds, whatever --repeat says.
// The pool case (scripts/bench-pool.mjs) runs --repeat rounds of 200 replications on
// the pool against two single-thread processes side by side and reports the median
// round's throughput ratio against its target (a ratio, so not the fastest round), with
// the CPU time other programs took meanwhile.
//
//   customers   completed items of all types in the run
//   events      events the simulation processed (runReplication's count)
//   wall_s      seconds spent in runReplication (loading the scenario is not counted)
//   peak_rss_mb peak resident set size of the case's process (MB = 1024 kB)
//
// Each case runs --repeat times (default 3) and the fastest run is reported, with
// the largest peak RSS: on a shared 2-core machine single timings vary by a third,
// and the fastest run is the one least disturbed by other work.
//
// Misses of the targets are reported, not turned into a failing exit code.
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

const SCALES = [1, 4, 16, 64];
const CASES = [
  { name: 'heap', heap: true, about: 'a plain hand-written M/M/5 heap loop (scripts/bench-heap.mjs), the yardstick for mmc' },
  { name: 'mmc', file: 'mmc.yaml', about: 'M/M/5, rho 0.9, 2M customers' },
  { name: 'mmc50', file: 'mmc50.yaml', about: 'M/M/50, rho 0.9, 2M customers' },
  { name: 'network', file: 'network.yaml', about: 'cs -> production -> billing with feedback, 1M arrivals' },
  { name: 'long', file: 'long.yaml', about: 'M/M/5, 10M customers (memory)' },
  { name: 'sales', path: 'scenarios/inside-out.yaml', about: 'inside-out, one 52-week replication of the 10-rep company (customers = orders)' },
  ...SCALES.map((k) => ({
    name: `scale${k}`,
    group: 'scale',
    scale: k,
    path: 'scenarios/inside-out.yaml',
    about: k === 1 ? 'inside-out grown by k (accounts, areas, headcounts, market and campaign leads x k), one year: k = 1, 4, 16, 64' : null,
  })),
  {
    name: 'compare',
    paths: ['scenarios/outside-in.yaml', 'scenarios/inside-out.yaml'],
    about: `outside-in and inside-out, 30 replications each, on ${availableParallelism()} worker threads and on 1 (the speed-up)`,
  },
  { name: 'draws', draws: true, about: 'ns per draw: poisson at means 0.5 to 1000, discrete of 4 and of 10,000 values' },
  { name: 'pool', pool: true, about: '200 replications of inside-out (a year each) on the thread pool against two single-thread processes side by side (scripts/bench-pool.mjs)' },
];
/** The pool's throughput against two independent single-thread processes': what two cores give with nothing shared. */
const TARGET_POOL_RATIO = 0.9;

const TARGET_MMC_CUSTOMERS_PER_S = 2_000_000;
const TARGET_MMC50_RATIO = 1.5;
const TARGET_LONG_PEAK_MB = 150;
const TARGET_SALES_WALL_S = 1;
/** mmc's customers/s against the hand-written loop's, measured in the same run. */
const TARGET_MMC_HEAP_RATIO = 0.5;
/** Events/s of the k=64 company against k=16's: the cost per event flat in the organization's size. */
const TARGET_SCALE_RATIO = 0.9;
const TARGET_SCALE64_WALL_S = 8;
const TARGET_SCALE64_PEAK_MB = 200;

function usage(message) {
  if (message) process.stderr.write(`bench: ${message}\n`);
  process.stderr.write(`usage: npm run bench [-- --json] [-- --only NAME[,NAME]] [-- --repeat N]\n  cases: ${caseNames().join(', ')}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { json: false, only: null, repeat: 3 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') opts.json = true;
    else if (a === '--repeat' || a.startsWith('--repeat=')) {
      const v = Number(a === '--repeat' ? argv[++i] : a.slice('--repeat='.length));
      if (!Number.isInteger(v) || v < 1) usage('--repeat needs a whole number >= 1');
      opts.repeat = v;
    }
    else if (a === '--only' || a.startsWith('--only=')) {
      const v = a === '--only' ? argv[++i] : a.slice('--only='.length);
      if (v === undefined || v === '') usage('--only needs a list of case names');
      opts.only = [...(opts.only ?? []), ...v.split(',').map((s) => s.trim()).filter((s) => s !== '')];
    } else if (a === '--help' || a === '-h') usage();
    else usage(`unknown argument '${a}'`);
  }
  if (opts.only !== null) {
    const unknown = opts.only.filter((n) => !caseNames().includes(n));
    if (unknown.length > 0) usage(`--only: unknown case ${unknown.map((n) => `'${n}'`).join(', ')}`);
  }
  return opts;
}

/** Case names for --only: every case, and a group (scale) for all its cases. */
function caseNames() {
  return [...new Set(CASES.flatMap((c) => (c.group === undefined ? [c.name] : [c.group, c.name])))];
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/ if it is missing; warns (without rebuilding) if src/ looks newer. */
function ensureBuilt() {
  const main = join(root, 'dist', 'cli', 'main.js');
  if (!existsSync(main)) {
    process.stderr.write('bench: dist/ is missing, building: tsc -p tsconfig.build.json\n');
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0 || !existsSync(main)) {
      process.stderr.write('bench: the build failed\n');
      process.exit(1);
    }
    return;
  }
  try {
    if (newestMtime(join(root, 'src')) > newestMtime(join(root, 'dist'))) {
      process.stderr.write('bench: warning: src/ is newer than dist/; run `npm run build` to benchmark the current code\n');
    }
  } catch {
    // A missing src/ (an installed package) is fine: dist/ is what runs.
  }
}

/** One run of a case in its own process; the compare case runs twice (all threads, then one). */
function runCase(c) {
  if (c.paths !== undefined) return runCompare(c);
  if (c.heap) return measured(c, [join(here, 'bench-heap.mjs')]);
  if (c.scale !== undefined) return measured(c, [join(here, 'bench-scale.mjs'), String(c.scale), join(root, c.path)]);
  const file = c.path !== undefined ? join(root, c.path) : join(here, 'bench', c.file);
  return measured(c, [join(here, 'bench-case.mjs'), c.name, file]);
}

function runCompare(c) {
  const files = c.paths.map((p) => join(root, p));
  const all = measured(c, [join(here, 'bench-compare.mjs'), String(availableParallelism()), ...files]);
  const one = all === null ? null : measured(c, [join(here, 'bench-compare.mjs'), '1', ...files]);
  if (all === null || one === null) return null;
  all.workers = availableParallelism();
  all.peak_rss_mb = Math.max(all.peak_rss_mb, one.peak_rss_mb);
  all.extra.wall_1_exact = one.extra.wall_exact;
  return all;
}

function measured(c, args) {
  const r = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) {
    process.stderr.write(`bench: case ${c.name} failed (${r.signal ?? `exit code ${r.status}`})\n`);
    return null;
  }
  const raw = JSON.parse(r.stdout.trim().split('\n').pop());
  return {
    name: raw.name,
    customers: raw.customers,
    events: raw.events,
    wall_s: round(raw.wall_s, 3),
    events_per_s: Math.round(raw.events / raw.wall_s),
    customers_per_s: Math.round(raw.customers / raw.wall_s),
    peak_rss_mb: round(raw.peak_rss_mb, 1),
    // Not part of the JSON output: used for the table.
    extra: { load_s: raw.load_s, sim_hours: raw.sim_hours, wall_exact: raw.wall_s },
  };
}

/** The draws case: one line per distribution from scripts/bench-draws.mjs, or null if it failed. */
function runDraws() {
  const r = spawnSync(process.execPath, [join(here, 'bench-draws.mjs')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) {
    process.stderr.write(`bench: case draws failed (${r.signal ?? `exit code ${r.status}`})\n`);
    return null;
  }
  return r.stdout.trim().split('\n').map((line) => JSON.parse(line));
}

function round(x, digits) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const fmtInt = (n) => Math.round(n).toLocaleString('en-US');

function tableRow(cells, widths, align) {
  return cells.map((c, i) => (align[i] === 'l' ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
}

const HEAD = ['case', 'customers', 'events', 'wall s', 'events/s', 'customers/s', 'peak RSS MB'];
const WIDTHS = [8, 12, 12, 8, 12, 12, 11];
const ALIGN = ['l', 'r', 'r', 'r', 'r', 'r', 'r'];

function printRow(r, json) {
  if (json) {
    const { extra: _extra, ...row } = r;
    process.stdout.write(`${JSON.stringify(row)}\n`);
  } else {
    process.stdout.write(`${tableRow([r.name, fmtInt(r.customers), fmtInt(r.events), r.wall_s.toFixed(3), fmtInt(r.events_per_s), fmtInt(r.customers_per_s), r.peak_rss_mb.toFixed(1)], WIDTHS, ALIGN)}\n`);
  }
}

function summary(results) {
  const by = Object.fromEntries(results.map((r) => [r.name, r]));
  const lines = [];
  const mark = (ok) => (ok ? 'met' : 'NOT met');
  let ratio = null;
  if (by.mmc && by.mmc50) {
    const perCustomer = (r) => r.extra.wall_exact / r.customers;
    ratio = perCustomer(by.mmc50) / perCustomer(by.mmc);
    lines.push(`mmc50 vs mmc, cost per customer: ${(perCustomer(by.mmc50) * 1e9).toFixed(0)} ns / ${(perCustomer(by.mmc) * 1e9).toFixed(0)} ns = ${ratio.toFixed(2)}x`);
  }
  if (by.heap && by.mmc) {
    lines.push(`mmc vs the hand-written heap loop, same run: ${fmtInt(by.mmc.customers_per_s)} / ${fmtInt(by.heap.customers_per_s)} customers/s = ${(by.mmc.customers_per_s / by.heap.customers_per_s).toFixed(2)}`);
  }
  const scales = SCALES.filter((k) => by[`scale${k}`] !== undefined).map((k) => by[`scale${k}`]);
  if (scales.length > 0) {
    lines.push(`scale, events/s by k: ${scales.map((r) => `k=${r.name.slice(5)} ${fmtInt(r.events_per_s)}`).join(', ')}`);
  }
  if (by.compare) {
    const c = by.compare;
    lines.push(`compare, 2 models x 30 replications: ${c.wall_s.toFixed(2)} s on ${c.workers} threads, ${c.wall_1_s.toFixed(2)} s on 1: speed-up ${c.speedup.toFixed(2)}x`);
  }
  lines.push('targets:');
  lines.push(by.mmc
    ? `  mmc >= ${fmtInt(TARGET_MMC_CUSTOMERS_PER_S)} customers/s: ${fmtInt(by.mmc.customers_per_s)} -> ${mark(by.mmc.customers_per_s >= TARGET_MMC_CUSTOMERS_PER_S)}`
    : `  mmc >= ${fmtInt(TARGET_MMC_CUSTOMERS_PER_S)} customers/s: not run`);
  lines.push(by.mmc && by.heap
    ? `  mmc >= ${TARGET_MMC_HEAP_RATIO} of the heap loop's customers/s: ${(by.mmc.customers_per_s / by.heap.customers_per_s).toFixed(2)} -> ${mark(by.mmc.customers_per_s / by.heap.customers_per_s >= TARGET_MMC_HEAP_RATIO)}`
    : `  mmc >= ${TARGET_MMC_HEAP_RATIO} of the heap loop's customers/s: not run (needs heap and mmc)`);
  lines.push(ratio !== null
    ? `  mmc50 <= ${TARGET_MMC50_RATIO}x mmc per customer: ${ratio.toFixed(2)}x -> ${mark(ratio <= TARGET_MMC50_RATIO)}`
    : `  mmc50 <= ${TARGET_MMC50_RATIO}x mmc per customer: not run (needs mmc and mmc50)`);
  lines.push(by.long
    ? `  long peak RSS < ${TARGET_LONG_PEAK_MB} MB: ${by.long.peak_rss_mb.toFixed(1)} MB -> ${mark(by.long.peak_rss_mb < TARGET_LONG_PEAK_MB)}`
    : `  long peak RSS < ${TARGET_LONG_PEAK_MB} MB: not run`);
  lines.push(by.sales
    ? `  sales, a year of the 10-rep company < ${TARGET_SALES_WALL_S} s: ${by.sales.wall_s.toFixed(3)} s, ${by.sales.peak_rss_mb.toFixed(1)} MB -> ${mark(by.sales.wall_s < TARGET_SALES_WALL_S)}`
    : `  sales, a year of the 10-rep company < ${TARGET_SALES_WALL_S} s: not run`);
  if (by.scale16 && by.scale64) {
    const r = by.scale64.events_per_s / by.scale16.events_per_s;
    lines.push(`  scale, events/s at k=64 >= ${TARGET_SCALE_RATIO} of k=16: ${r.toFixed(2)} -> ${mark(r >= TARGET_SCALE_RATIO)}`);
  } else lines.push(`  scale, events/s at k=64 >= ${TARGET_SCALE_RATIO} of k=16: not run (needs scale16 and scale64)`);
  lines.push(by.scale64
    ? `  scale, the k=64 year < ${TARGET_SCALE64_WALL_S} s and < ${TARGET_SCALE64_PEAK_MB} MB: ${by.scale64.wall_s.toFixed(2)} s, ${by.scale64.peak_rss_mb.toFixed(1)} MB -> ${mark(by.scale64.wall_s < TARGET_SCALE64_WALL_S && by.scale64.peak_rss_mb < TARGET_SCALE64_PEAK_MB)}`
    : `  scale, the k=64 year < ${TARGET_SCALE64_WALL_S} s and < ${TARGET_SCALE64_PEAK_MB} MB: not run`);
  return lines.join('\n');
}

const opts = parseArgs(process.argv.slice(2));
ensureBuilt();
const cases = opts.only === null ? CASES : CASES.filter((c) => opts.only.includes(c.name) || (c.group !== undefined && opts.only.includes(c.group)));

if (!opts.json) {
  process.stdout.write(`salesim bench: node ${process.version}, ${cases.length} case(s), one replication each (compare: 30 per model), scenarios in ${relative(process.cwd(), join(here, 'bench')) || '.'}/\n`);
  for (const c of cases) if (c.about !== null) process.stdout.write(`  ${(c.group ?? c.name).padEnd(8)} ${c.about}\n`);
  process.stdout.write(`\n${tableRow(HEAD, WIDTHS, ALIGN)}\n${tableRow(WIDTHS.map((w) => '-'.repeat(w)), WIDTHS, ALIGN)}\n`);
}

const results = [];
let draws = null;
let pool = null;
let failed = false;
for (const c of cases) {
  if (c.pool) {
    // --repeat rounds, each side by side (the two processes, then the pool); the median round's ratio is reported.
    const r = spawnSync(process.execPath, [join(here, 'bench-pool.mjs'), '--rounds', String(opts.repeat)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) { failed = true; continue; }
    pool = JSON.parse(r.stdout.trim().split('\n').pop());
    continue;
  }
  if (c.draws) {
    draws = runDraws();
    if (draws === null) failed = true;
    continue;
  }
  let r = null;
  let peak = 0;
  let serial = Infinity;
  for (let k = 0; k < opts.repeat; k++) {
    const one = runCase(c);
    if (one === null) { r = null; break; }
    peak = Math.max(peak, one.peak_rss_mb);
    if (one.extra.wall_1_exact !== undefined) serial = Math.min(serial, one.extra.wall_1_exact);
    if (r === null || one.extra.wall_exact < r.extra.wall_exact) r = one;
  }
  if (r === null) { failed = true; continue; }
  r.peak_rss_mb = peak;
  if (c.paths !== undefined) {
    // The fastest run with all threads against the fastest with one.
    r.wall_1_s = round(serial, 3);
    r.speedup = round(serial / r.extra.wall_exact, 2);
  }
  results.push(r);
  printRow(r, opts.json);
}

if (draws !== null) {
  if (opts.json) for (const d of draws) process.stdout.write(`${JSON.stringify({ name: 'draws', distribution: d.name, ns_per_draw: d.ns_per_draw })}\n`);
  else {
    process.stdout.write(`\ndraws, ns per draw (fastest of 3 rounds of ${fmtInt(draws[0].draws)}):\n`);
    for (const d of draws) process.stdout.write(`  ${d.name.padEnd(40)} ${d.ns_per_draw.toFixed(1).padStart(8)}\n`);
  }
}

if (pool !== null) {
  if (opts.json) process.stdout.write(`${JSON.stringify(pool)}\n`);
  else {
    const rounds = pool.ratios.length > 1 ? `, the median of ${pool.ratios.length} rounds (${pool.ratios.join(', ')})` : '';
    const other = pool.other_cpu_s === null ? '' : `; other programs took ${pool.other_cpu_s} s of CPU meanwhile${pool.other_cpu_s > 1 ? ' (disturbed: measure again on a quiet machine)' : ''}`;
    process.stdout.write(`\npool: ${pool.reps} replications on ${pool.threads} cores (this thread and ${pool.threads - 1} worker thread${pool.threads === 2 ? '' : 's'}) in ${pool.wall_pool_s} s, `
      + `against two single-thread processes side by side in ${pool.wall_two_s} s\n  ratio ${pool.ratio} of their throughput${rounds} (target >= ${TARGET_POOL_RATIO}: ${pool.ratio >= TARGET_POOL_RATIO ? 'met' : 'MISSED'})${other}\n`);
  }
}

const text = summary(results);
if (opts.json) process.stderr.write(`${text}\n`);
else process.stdout.write(`\n${text}\n`);
// A case that crashed is an error; a missed target is only reported.
if (failed) process.exitCode = 1;
