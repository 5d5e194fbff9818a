// The `scale` benchmark case, run in its own process by scripts/bench.mjs:
//
//   node scripts/bench-scale.mjs K FILE
//
// Grows the sales scenario FILE inside out by the factor K: every segment's
// accounts, the areas, every role's headcount, the market's leads and the
// campaign leads, each times K (as --set overrides, so the grown company is the
// file plus overrides). One replication of 52 weeks through the path users take,
// against the compiled code in dist/. Prints one JSON line on stdout, with the
// keys of bench-case.mjs.
//
// The company grows, and so does its work, by K: a simulator whose cost per event
// is flat in the organization's size runs K=64 at the events per second of K=16.
import { performance } from 'node:perf_hooks';
import { loadScenario } from '../dist/models/index.js';
import { runOne } from '../dist/run/study.js';
import { replicationSeed } from '../dist/kernel/random.js';

const [kArg, file] = process.argv.slice(2);
const k = Number(kArg);
if (!Number.isInteger(k) || k < 1 || file === undefined) {
  process.stderr.write('usage: node scripts/bench-scale.mjs K FILE\n');
  process.exit(2);
}

/** The --set overrides that grow the scenario by k (counts rounded: they stay whole). */
export function scaleSets(resolved, k) {
  const c = resolved.company;
  const sets = ['run.horizon="52 wk"', 'run.replications=1'];
  for (const [id, seg] of Object.entries(c.segments)) sets.push(`company.segments.${id}.accounts=${Math.round(seg.accounts * k)}`);
  sets.push(`company.areas=${Math.round(c.areas * k)}`);
  for (const [id, role] of Object.entries(resolved.roles)) {
    if (typeof role.headcount === 'number') sets.push(`roles.${id}.headcount=${Math.round(role.headcount * k)}`);
  }
  sets.push(`company.market_leads=${JSON.stringify(times(c.market_leads, k))}`);
  const campaigns = c.campaigns;
  if (campaigns !== null && typeof campaigns === 'object' && campaigns.leads?.poisson !== undefined) {
    sets.push(`company.campaigns.leads=${JSON.stringify({ poisson: campaigns.leads.poisson * k })}`);
  }
  return sets;
}

/** A rate as written ('14/wk' or a number) times k. */
function times(rate, k) {
  if (typeof rate === 'number') return rate * k;
  const m = /^\s*([0-9.eE+-]+)\s*(.*)$/.exec(String(rate));
  if (m === null) throw new Error(`bench-scale: cannot scale the rate ${rate}`);
  return `${Number(m[1]) * k}${m[2].startsWith('/') ? '' : ' '}${m[2]}`;
}

const t0 = performance.now();
const plain = loadScenario(file);
const loaded = loadScenario(file, scaleSets(plain.resolved, k));
const t1 = performance.now();
const seed = replicationSeed(loaded.scenario.run.seed, 0);
const cpu0 = process.cpuUsage();
const result = runOne(loaded, seed);
const t2 = performance.now();
const cpu = process.cpuUsage(cpu0);

let customers = 0;
const hours = result.values[result.names.indexOf('run.duration_h')];
customers += result.values[result.names.indexOf('orders_week')] * (hours / 168);

process.stdout.write(`${JSON.stringify({
  name: `scale${k}`,
  k,
  customers,
  events: result.events,
  wall_s: (t2 - t1) / 1000,
  load_s: (t1 - t0) / 1000,
  // CPU time of the run (user + system): on a machine shared with other work, wall time
  // includes the waits for a core and this does not.
  cpu_s: (cpu.user + cpu.system) / 1e6,
  sim_hours: result.endTime,
  peak_rss_mb: process.resourceUsage().maxRSS / 1024,
})}\n`);
