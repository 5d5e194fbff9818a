import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { compare, type CompareStudy } from '../api/compare.js';
import { folderName } from '../io/output-dir.js';
import { AREA_LABELS, formatValue as formatMetric, metricInfo } from '../models/metrics.js';
import type { CashFlow } from '../run/cash.js';
import type { SummaryRow } from '../run/summary.js';
import { FDR, relativeChange, significantChanges, type CompareRow } from '../run/compare.js';
import { parseRange } from '../run/range.js';
import { targetShare } from '../run/spread.js';
import { checkedTargets, type Target } from '../run/targets.js';
import { comparePlan } from '../run/studies.js';
import { UserError } from '../scenario/load.js';
import { loadScenario } from '../models/index.js';
import { jsonRows, overrides, positiveInt, positiveNumber, printJson, recordHead, workerArgs } from './args.js';
import { withProgress } from './progress.js';
import { printShard, shardArgs, shardFolder, type ShardFlags } from './shard.js';
import { num as formatValue, targetLines } from './table.js';
import { printWarnings } from './warnings.js';

/**
 * `salesim compare A.yaml B.yaml [C.yaml ...]`: every model on the same
 * replication seeds (common random numbers), each metric's paired difference
 * against the first model with its 95% interval (src/run/compare.ts).
 */

export interface CompareArgs extends ShardFlags {
  files: string[];
  set: string[];
  reps?: number;
  seed?: string;
  weeks?: number;
  out?: string;
  quiet: boolean;
  workers?: number;
  all: boolean;
  report: boolean;
  json?: boolean;
  target: string[];
}

const TOP = 25;

/** The yargs command module: `.command(compareCommand)`. */
export const compareCommand: CommandModule<object, CompareArgs> = {
  command: 'compare <files..>',
  describe: 'run models on the same seeds and compare every metric with the first one (compare.csv)',
  builder: (y: Argv) => shardArgs(workerArgs(y
    .positional('files', { type: 'string', array: true, demandOption: true, describe: 'two or more scenario files; the first is the baseline' })
    .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a field in every model: --set run.warmup="4 wk"' })
    .option('reps', { type: 'string', coerce: positiveInt('reps'), describe: "replications (default: the first file's run.replications)" })
    .option('seed', { type: 'string', describe: "seed (default: the first file's run.seed)" })
    .option('weeks', { type: 'string', coerce: positiveNumber('weeks'), describe: 'horizon in weeks, for every model' })
    .option('out', { type: 'string', describe: 'output folder (default: output/compare-<A>-vs-<B>...)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'print only where the files went (and no progress bar)' })
    .option('all', { type: 'boolean', default: false, describe: `print every significant change, not only the ${TOP} biggest` })
    .option('report', { type: 'boolean', default: true, describe: 'write report.html and charts/ (--no-report: the CSVs only)' })
    .option('target', { type: 'string', array: true, default: [] as string[], describe: "metric(>=|<=|>|<)number: print each model's share of replications that meet it" }))) as unknown as Argv<CompareArgs>,
  handler: (a) => commandCompare(a),
};

export async function commandCompare(a: CompareArgs): Promise<void> {
  if (a.files.length < 2) throw new UserError('compare: expected at least two scenario files (the first is the baseline)');
  // The baseline decides the seed and the replications (unless --seed, --reps); comparePlan gives every model the same.
  const models = a.files.map((file, i) => loadScenario(file, i === 0 ? overrides(a) : overrides({ set: a.set, weeks: a.weeks })));
  const plan = comparePlan(models, models.map((m) => folderName(m.name)));
  const range = parseRange(a, plan.replications);
  // Checked before anything runs, against the baseline's metrics.
  const targets = checkedTargets(a.target, plan.models[0]);
  const base = folderName(`compare-${plan.names.join('-vs-')}`);
  const out = a.out ?? join('output', range === undefined ? base : shardFolder(base, range));
  const study = await withProgress('compare', a.quiet, (progress) => compare(plan, {
    out, outGiven: a.out !== undefined, inputs: a.files, set: a.set, report: a.report, range,
    workers: a.workers, ...progress,
  }));
  if (study.shard !== undefined) printShard(study.shard, out, study.wall_s, a);
  else printCompare(study, { files: a.files, set: a.set }, a, targets);
}

/** What `compare` prints (and `merge` of a comparison): the biggest significant changes, or --json; the warnings; where the files went. */
export function printCompare(
  study: CompareStudy, given: { files: string[]; set: string[] }, flags: { report: boolean; json?: boolean; quiet: boolean; all: boolean }, targets: Target[] = [],
): void {
  const { plan, rows, significant } = study;
  const { names, seed, replications } = plan;
  const warnings = study.models.flatMap((m) => m.warnings);
  const shares = study.models.map((m) => targets.map((t) => targetShare(m.study, t)));
  if (flags.json) {
    printJson({
      ...recordHead({ seed, replications }, given.set), command: 'compare', out: study.out, baseline: names[0],
      models: study.models.map((m, i) => ({ name: names[i], file: given.files[i], headline: jsonRows(m.headline, m.study), targets: shares[i] })),
      significant: significant.map((r) => ({
        metric: r.metric, model: r.model, baseline_mean: r.baseline_mean, mean: r.mean, diff: r.diff, diff_ci95_low: r.diff_ci95_low, diff_ci95_high: r.diff_ci95_high,
        diff_p10: r.diff_p10, diff_p50: r.diff_p50, diff_p90: r.diff_p90,
      })),
      warnings: warnings.map((w) => ({ model: w.scenario, kind: w.kind, role: w.role, text: w.text })),
    });
  } else if (!flags.quiet) {
    process.stdout.write(`compare: ${names[0]} (baseline) vs ${names.slice(1).join(', ')}: ${replications} replications each on the same seeds (seed ${seed}), ${study.wall_s.toFixed(2)} s\n`);
    process.stdout.write(`${changesTable(rows, flags.all ? Infinity : TOP, names.length > 2)}\n`);
    for (const f of study.cash) process.stdout.write(`\n${cashLines(f).join('\n')}\n`);
  }
  if (!flags.json) shares.forEach((s, i) => { for (const line of targetLines(s, names[i])) process.stdout.write(`${line}\n`); });
  printWarnings(warnings, flags.quiet, true);
  if (!flags.json) process.stdout.write(`wrote ${study.out}/compare.csv, warnings.csv, run.json, ${names.map((n) => `${n}/`).join(', ')} (summary.csv, weekly.csv, weekly-labels.csv, replications.csv, warnings.csv, run.json)${flags.report ? ', report.html, charts/' : ''}\n`);
}

/** A change's cash, as the terminal shows it: one-off costs, payback, ROI and NPV with their 95% intervals. */
export function cashLines(f: CashFlow): string[] {
  const money = (x: number) => formatMetric(x, 'money', true);
  const interval = (r: SummaryRow, fmt: (x: number) => string) => (Number.isFinite(r.ci95_low) ? `${fmt(r.mean)} [${fmt(r.ci95_low)}, ${fmt(r.ci95_high)}]` : fmt(r.mean));
  const week = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  const items = f.oneOff.map((c) => `${c.what} ${formatMetric(c.amount, 'money')} in week ${c.week}`).join('; ');
  const weeks = f.to - f.from + 1;
  return [
    `cash of the change, ${f.model} against ${f.baseline} (measured weeks ${f.from}-${f.to}, paired replications):`,
    `  one-off costs ${formatMetric(f.oneOffTotal, 'money')}${items === '' ? ' (none declared: company.economics.hiring_cost, training_cost, severance, phases[].one_off)' : ` (${items})`}`,
    f.paidBack === 0 ? `  payback: not within the ${weeks} measured weeks in any of ${f.replications} replications`
      : `  payback in week ${interval(f.payback, week)} (${f.paidBack} of ${f.replications} replications pay back within the horizon)`,
    `  ROI over the ${weeks} weeks ${f.oneOffTotal > 0 ? interval(f.roi, pct) : '- (no one-off cost to return)'}; `
      + `NPV ${interval(f.npv, money)} at ${pct(f.rate)} a year`,
  ];
}

/** The significant changes, biggest relative change first, as an aligned table. */
function changesTable(rows: CompareRow[], top: number, showModel: boolean): string {
  const changes = significantChanges(rows);
  const compared = rows.filter((r) => r.significant !== null).length;
  // The biggest of each business area, so that money, selling, service, delivery and roles all show.
  const areas = [...new Set(changes.map((r) => metricInfo(r.metric).area))];
  const perArea = Math.max(1, Math.ceil(top / Math.max(1, areas.length)));
  const taken = new Map<string, number>();
  const shown = top >= changes.length ? changes : changes.filter((r) => {
    const area = metricInfo(r.metric).area;
    const k = taken.get(area) ?? 0;
    taken.set(area, k + 1);
    return k < perArea;
  });
  const head = `significant changes (paired 95% interval of the difference excludes 0, false discovery rate held at ${FDR * 100}% over each model's metrics, Benjamini-Hochberg): ${changes.length} of ${compared}`
    + (shown.length < changes.length ? `; the ${shown.length} biggest, up to ${perArea} per business area (--all for every one)` : '');
  if (shown.length === 0) return `${head}\n(none)`;
  const header = ['metric', ...(showModel ? ['model'] : []), 'baseline', 'model', 'diff', '95% interval', 'diff P10 / P50 / P90', 'change', 'q', ''];
  const cells = shown.map((r) => [
    r.metric, ...(showModel ? [r.model] : []), formatValue(r.baseline_mean), formatValue(r.mean), signed(r.diff),
    `[${signed(r.diff_ci95_low)}, ${signed(r.diff_ci95_high)}]`, `${signed(r.diff_p10)} / ${signed(r.diff_p50)} / ${signed(r.diff_p90)}`,
    percent(relativeChange(r)), r.q_value < 0.001 ? '<0.001' : r.q_value.toFixed(3), verdict(r),
  ]);
  const widths = header.map((h, k) => Math.max(h.length, ...cells.map((c) => c[k].length)));
  const left = showModel ? 2 : 1;
  const line = (c: string[]) => c.map((x, k) => (k < left ? x.padEnd(widths[k]) : x.padStart(widths[k]))).join('  ').trimEnd();
  // Grouped by business area, as the report's tables are (the rows come sorted by area).
  const out = [head, line(header)];
  shown.forEach((r, k) => {
    const area = metricInfo(r.metric).area;
    if (k === 0 || metricInfo(shown[k - 1].metric).area !== area) out.push(`-- ${AREA_LABELS[area]}`);
    out.push(line(cells[k]));
  });
  return out.join('\n');
}

/** Good or bad news, where the catalogue says which way is better. */
function verdict(r: CompareRow): string {
  const better = metricInfo(r.metric).better;
  return better === null || r.diff === 0 ? '' : (r.diff > 0) === (better === 'up') ? 'better' : 'worse';
}

function signed(x: number): string {
  const s = formatValue(x);
  return x > 0 ? `+${s}` : s;
}

function percent(x: number): string {
  if (!Number.isFinite(x)) return 'from 0';
  const p = x * 100;
  return `${p > 0 ? '+' : ''}${Math.abs(p) >= 10 ? p.toFixed(0) : p.toFixed(1)}%`;
}
