import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { folderName, OutputDir } from '../io/output-dir.js';
import { compareCsv, formatNumber, summaryCsv, warningsCsv } from '../io/run-files.js';
import { WeeklyFiles } from '../io/weekly-files.js';
import { compareStudies, relativeChange, significantChanges, type CompareRow } from '../run/compare.js';
import { runPrepared, type PreparedJob } from '../run/parallel.js';
import { loadScenario, UserError } from '../scenario/load.js';
import { jsonFile, jsonRows, overrides, positiveInt, positiveNumber, printJson, recordHead, workerArgs } from './args.js';
import { interruptSignal } from './interrupt.js';
import { progressBar } from './progress.js';
import { studyWarnings } from '../run/warnings.js';
import { printWarnings } from './warnings.js';
import { headlineRows, num as formatValue } from './table.js';

/**
 * `salesim compare A.yaml B.yaml [C.yaml ...]`: every model on the same
 * replication seeds (common random numbers), each metric's paired difference
 * against the first model with its 95% interval (src/run/compare.ts).
 */

export interface CompareArgs {
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
}

const TOP = 25;

/** The yargs command module: `.command(compareCommand)`. */
export const compareCommand: CommandModule<object, CompareArgs> = {
  command: 'compare <files..>',
  describe: 'run models on the same seeds and compare every metric with the first one (compare.csv)',
  builder: (y: Argv) => workerArgs(y
    .positional('files', { type: 'string', array: true, demandOption: true, describe: 'two or more scenario files; the first is the baseline' })
    .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a field in every model: --set run.warmup="4 wk"' })
    .option('reps', { type: 'string', coerce: positiveInt('reps'), describe: "replications (default: the first file's run.replications)" })
    .option('seed', { type: 'string', describe: "seed (default: the first file's run.seed)" })
    .option('weeks', { type: 'string', coerce: positiveNumber('weeks'), describe: 'horizon in weeks, for every model' })
    .option('out', { type: 'string', describe: 'output folder (default: output/compare-<A>-vs-<B>...)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'print only where the files went (and no progress bar)' })
    .option('all', { type: 'boolean', default: false, describe: `print every significant change, not only the ${TOP} biggest` })
    .option('report', { type: 'boolean', default: true, describe: 'write report.html and charts/ (--no-report: the CSVs only)' })) as unknown as Argv<CompareArgs>,
  handler: (a) => commandCompare(a),
};

export async function commandCompare(a: CompareArgs): Promise<void> {
  const started = performance.now();
  if (a.files.length < 2) throw new UserError('compare: expected at least two scenario files (the first is the baseline)');
  // The baseline decides the seed and the replications (unless --seed, --reps); every model then gets them.
  const first = loadScenario(a.files[0], overrides(a));
  const { seed, replications } = first.scenario.run;
  const common = [...overrides({ set: a.set, weeks: a.weeks }), `run.seed=${JSON.stringify(seed)}`, `run.replications=${replications}`];
  const prepared: PreparedJob[] = a.files.map((file) => ({ job: { file, set: common }, loaded: loadScenario(file, common) }));
  checkSameWindow(prepared);
  const names = uniqueNames(prepared.map((p) => folderName(p.loaded.name)));
  const dir = a.out ?? join('output', folderName(`compare-${names.join('-vs-')}`));
  // Checked before anything runs: a folder that cannot be written fails now, not after the simulation.
  const out = OutputDir.open(dir, { given: a.out !== undefined, inputs: a.files });
  try {

    const progress = progressBar('compare', a.quiet);
    // Each model's weekly rows go to its folder as its replications finish.
    const weekly = names.map((n) => new WeeklyFiles(out, n));
    let studies;
    try {
      studies = await runPrepared(prepared, {
        workers: a.workers, onProgress: progress.update, signal: interruptSignal, sink: (j, r, rep) => weekly[j].write(r, rep),
      });
      await Promise.all(weekly.map((w) => w.close()));
    } catch (e) {
      for (const w of weekly) w.destroy();
      throw e;
    } finally {
      progress.stop();
    }
    const rows = compareStudies(studies.map((study, i) => ({ name: names[i], study })));
    const warnings = studies.map((s, i) => studyWarnings(names[i], prepared[i].loaded, s));
    const wall = (performance.now() - started) / 1000;

    const wall_s = Number(wall.toFixed(3));
    // Every model's warnings in one file at the top, and each model's in its own folder.
    const files: Record<string, string | Uint8Array> = { 'compare.csv': compareCsv(rows), 'warnings.csv': warningsCsv(warnings.flat()) };
    // Each model's folder is what `salesim run` would write for it with the common seed (salesim report reads it so).
    const modelFiles = studies.map((s, i) => ({
      'summary.csv': summaryCsv(s),
      'warnings.csv': warningsCsv(warnings[i]),
      'run.json': jsonFile({
        ...recordHead({ seed, replications }, a.set, { name: names[i], file: prepared[i].job.file }),
        events: s.events,
        wall_s,
        resolved: prepared[i].loaded.resolved,
      }),
    }));
    modelFiles.forEach((m, i) => {
      for (const [f, content] of Object.entries(m)) files[`${names[i]}/${f}`] = content;
    });
    files['run.json'] = jsonFile({
      ...recordHead({ seed, replications }, a.set),
      command: 'compare',
      baseline: names[0],
      models: prepared.map((p, i) => ({ name: names[i], file: p.job.file })),
      events: studies.reduce((n, s) => n + s.events, 0),
      wall_s,
    });
    if (a.report) {
      // Loaded on demand: vega and the PNG renderer take most of a second to load.
      const { modelOutput } = await import('../report/outputs.js');
      const { buildReport } = await import('../report/report.js');
      Object.assign(files, await buildReport({
        title: `salesim: ${names.join(' vs ')}`,
        models: modelFiles.map((m, i) => modelOutput(join(dir, names[i]), m, studies[i].weekly)),
        differences: significantChanges(rows).map((r) => ({
          metric: r.metric, baseline: r.baseline, model: r.model, baselineMean: r.baseline_mean, mean: r.mean, diff: r.diff, low: r.diff_ci95_low, high: r.diff_ci95_high,
        })),
      }));
    }
    // Ctrl-C while the report was being drawn: stop here, before anything is written.
    interruptSignal.throwIfAborted();
    out.writeAll(files);
    out.commit();

    if (a.json) {
      printJson({
        ...recordHead({ seed, replications }, a.set), command: 'compare', out: dir, baseline: names[0],
        models: prepared.map((p, i) => ({ name: names[i], file: p.job.file, headline: jsonRows(headlineRows(studies[i].summary)) })),
        significant: significantChanges(rows).map((r) => ({
          metric: r.metric, model: r.model, baseline_mean: r.baseline_mean, mean: r.mean, diff: r.diff, diff_ci95_low: r.diff_ci95_low, diff_ci95_high: r.diff_ci95_high,
        })),
        warnings: warnings.flat().map((w) => ({ model: w.scenario, kind: w.kind, role: w.role, text: w.text })),
      });
    } else if (!a.quiet) {
      process.stdout.write(`compare: ${names[0]} (baseline) vs ${names.slice(1).join(', ')}: ${replications} replications each on the same seeds (seed ${seed}), ${wall.toFixed(2)} s\n`);
      process.stdout.write(`${changesTable(rows, a.all ? Infinity : TOP, names.length > 2)}\n`);
    }
    printWarnings(warnings.flat(), a.quiet, true);
    if (!a.json) process.stdout.write(`wrote ${dir}/compare.csv, warnings.csv, run.json, ${names.map((n) => `${n}/`).join(', ')} (summary.csv, weekly.csv, weekly-labels.csv, warnings.csv, run.json)${a.report ? ', report.html, charts/' : ''}\n`);
  } catch (e) {
    out.abandon();
    throw e;
  }
}

/** A paired comparison needs the same measured window in every model. */
function checkSameWindow(prepared: PreparedJob[]): void {
  const base = prepared[0].loaded;
  for (const { loaded } of prepared.slice(1)) {
    for (const field of ['horizon', 'warmup'] as const) {
      const x = base.spec.run[field];
      const y = loaded.spec.run[field];
      if (x !== y) {
        throw new UserError(`compare: ${loaded.file}: run.${field} is ${hours(y)} but ${base.file} has ${hours(x)}: `
          + `the models must be measured over the same window (align them with --weeks or --set run.${field}=...)`);
      }
    }
  }
}

function hours(h: number): string {
  if (!Number.isFinite(h)) return 'none';
  return h % 168 === 0 ? `${h / 168} wk` : `${formatNumber(h)} h`;
}

/** Names as given, with -2, -3... added to repeats (a model compared with itself), so each gets its own folder. */
function uniqueNames(names: string[]): string[] {
  const count = new Map<string, number>();
  return names.map((n) => {
    const k = (count.get(n) ?? 0) + 1;
    count.set(n, k);
    return k === 1 ? n : `${n}-${k}`;
  });
}

/** The significant changes, biggest relative change first, as an aligned table. */
function changesTable(rows: CompareRow[], top: number, showModel: boolean): string {
  const changes = significantChanges(rows);
  const compared = rows.filter((r) => r.significant !== null).length;
  const shown = changes.slice(0, top);
  const head = `significant changes (paired 95% interval of the difference excludes 0): ${changes.length} of ${compared}`
    + (shown.length < changes.length ? `; the ${shown.length} biggest (--all for every one)` : '');
  if (shown.length === 0) return `${head}\n(none)`;
  const header = ['metric', ...(showModel ? ['model'] : []), 'baseline', 'model', 'diff', '95% interval', 'change'];
  const cells = shown.map((r) => [
    r.metric, ...(showModel ? [r.model] : []), formatValue(r.baseline_mean), formatValue(r.mean), signed(r.diff),
    `[${signed(r.diff_ci95_low)}, ${signed(r.diff_ci95_high)}]`, percent(relativeChange(r)),
  ]);
  const widths = header.map((h, k) => Math.max(h.length, ...cells.map((c) => c[k].length)));
  const left = showModel ? 2 : 1;
  const line = (c: string[]) => c.map((x, k) => (k < left ? x.padEnd(widths[k]) : x.padStart(widths[k]))).join('  ').trimEnd();
  return [head, line(header), ...cells.map(line)].join('\n');
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
