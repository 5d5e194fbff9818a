import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { folderName, OutputDir } from '../io/output-dir.js';
import { stressCsv } from '../io/study-files.js';
import { warningsCsv } from '../io/run-files.js';
import { runPrepared, type Job } from '../run/parallel.js';
import { breakingPoints, firstToBreak, multipliers, networkBreakRules, type BreakingPoint, type BrokenBy, type StressStep } from '../run/stress.js';
import { stressSupportWarnings, studyWarnings } from '../run/warnings.js';
import { COMPANY_SERVICE, salesBreakRules } from '../sales/breaking.js';
import { growthPaths, growthSets, NETWORK_PRESETS, SALES_PRESETS, wholeNumberPaths } from '../scenario/grow.js';
import { loadScenario, UserError } from '../scenario/load.js';
import { jsonFile, printRecord, overrides, positiveInt, positiveNumber, recordHead, studyArgs, workerArgs, type StudyArgs } from './args.js';
import { interruptSignal } from './interrupt.js';
import { progressBar } from './progress.js';
import { columns, num } from './table.js';
import { printWarnings } from './warnings.js';

interface StressArgs extends StudyArgs { grow: string; from: number; to: number; steps: number; report: boolean; workers?: number }

export const stressCommand: CommandModule = {
  command: 'stress <file>',
  describe: 'grow demand step by step: stress.csv and the breaking point of every role',
  builder: (y: Argv) => workerArgs(studyArgs(y, 'output/stress-<scenario-name>-<what>'))
    .option('grow', {
      type: 'string', default: 'demand',
      describe: `what grows: a preset (sales: ${Object.keys(SALES_PRESETS).join(', ')}; network: ${Object.keys(NETWORK_PRESETS).join(', ')}) or a field path such as company.segments.small.orders`,
    })
    .option('from', { type: 'string', default: 1, coerce: positiveNumber('from'), describe: 'first multiplier' })
    .option('to', { type: 'string', default: 4, coerce: positiveNumber('to'), describe: 'last multiplier' })
    .option('steps', { type: 'string', default: 13, coerce: positiveInt('steps'), describe: 'multipliers, evenly spaced from --from to --to' })
    .option('report', { type: 'boolean', default: true, describe: 'write report.html and charts/ (--no-report: the CSVs only)' }),
  handler: (a) => commandStress(a as unknown as StressArgs),
};

async function commandStress(a: StressArgs): Promise<void> {
  const started = performance.now();
  if (a.to < a.from) throw new UserError(`--to ${a.to}: expected a multiplier >= --from ${a.from}`);
  if (a.steps > 1 && a.to === a.from) throw new UserError(`--steps ${a.steps}: expected --to greater than --from (or --steps 1)`);
  const set = overrides(a);
  const loaded = loadScenario(a.file, set);
  const { scenario, name } = loaded;
  const paths = growthPaths(loaded, a.grow);
  const whole = wholeNumberPaths(loaded, set, paths);
  const ms = multipliers(a.from, a.to, a.steps);
  const dir = a.out ?? join('output', folderName(`stress-${name}-${a.grow}`));
  // Checked before anything runs: a folder that cannot be written fails now, not after the simulation.
  const out = OutputDir.open(dir, { given: a.out !== undefined, inputs: [a.file] });
  try {
    // The same seed and replications at every step: the steps differ by their demand, not their luck.
    const jobs: Job[] = ms.map((m) => ({ file: a.file, set: [...set, ...growthSets(loaded, paths, m, whole)] }));
    // Every step's replications go to the worker threads together.
    const progress = progressBar(`stress ${name}`, a.quiet);
    let results;
    let base;
    try {
      const prepared = jobs.map((job) => ({ job, loaded: loadScenario(job.file, job.set) }));
      results = await runPrepared(prepared, { workers: a.workers, onProgress: progress.update, signal: interruptSignal });
      base = prepared[0].loaded;
    } finally {
      progress.stop();
    }
    const steps: StressStep[] = ms.map((multiplier, k) => ({ multiplier, summary: results[k].summary }));

    const names = steps[0].summary.map((r) => r.metric);
    const rules = loaded.kind === 'sales' ? salesBreakRules(loaded.spec, names) : networkBreakRules(names);
    const points = breakingPoints(steps, rules);
    const company = loaded.kind === 'sales' ? breakingPoints(steps, [COMPANY_SERVICE])[0] : undefined;
    const first = firstToBreak(points);
    // The base step is the scenario as the user gave it (at --from): its warnings qualify every step. Higher steps
    // are meant to break; their unstable queues are what the breaking points already report.
    const warnings = [...studyWarnings(name, base, results[0]), ...stressSupportWarnings(name, loaded, first)];
    const wall = (performance.now() - started) / 1000;

    const presets = loaded.kind === 'sales' ? SALES_PRESETS : NETWORK_PRESETS;
    const record = {
      ...recordHead(scenario.run, a.set, { name, file: a.file }),
      grow: { what: a.grow, meaning: presets[a.grow] ?? 'a field of the scenario', paths },
      steps: jobs.map((j, k) => ({ multiplier: ms[k], set: j.set.slice(set.length) })),
      rules,
      breaking_points: points,
      company_service: company,
      first_to_break: first.map((p) => p.role),
      events: results.reduce((n, r) => n + r.events, 0),
      wall_s: Number(wall.toFixed(3)),
      resolved: loaded.resolved,
    };
    const files = { 'stress.csv': stressCsv(steps), 'warnings.csv': warningsCsv(warnings), 'run.json': jsonFile(record) };
    const report: Record<string, string | Uint8Array> = {};
    if (a.report) {
      // Loaded on demand: vega and the PNG renderer take most of a second to load.
      const { baseStep, stressOutput } = await import('../report/stress.js');
      const { buildReport } = await import('../report/report.js');
      const stress = stressOutput(dir, files);
      Object.assign(report, await buildReport({ title: `salesim stress test: ${stress.name}`, models: [baseStep(stress)], differences: [], stress }));
    }
    // Ctrl-C while the report was being drawn: stop here, before anything is written.
    interruptSignal.throwIfAborted();
    out.writeAll({ ...files, ...report });
    out.commit();

    if (a.json) {
      printRecord(record, 'stress', dir);
    } else if (!a.quiet) {
      const out = process.stdout;
      out.write(`${name}: grow ${a.grow} (${a.grow in presets ? presets[a.grow] : paths.join(', ')}) x${ms[0]} to x${ms[ms.length - 1]} in ${ms.length} steps, `
        + `${scenario.run.replications} replications each, seed ${scenario.run.seed}, ${wall.toFixed(1)} s\n`);
      const rows = points.map((p) => breakRow(p.role, p, ms[ms.length - 1]));
      if (company !== undefined) rows.push(breakRow('(company service)', company, ms[ms.length - 1]));
      out.write(`${columns(['role', 'breaks at', 'why (the mean at that step)', '95% interval'], rows, 'lrll')}\n`);
      out.write(first.length === 0
        ? `no role breaks up to x${ms[ms.length - 1]}\n`
        : `first to break: ${first.map((p) => `${p.role} (${ruleNames(p.by).join(', ')})`).join(', ')} at x${first[0].multiplier}\n`);
    }
    printWarnings(warnings, a.quiet, false);
    if (!a.json) process.stdout.write(`wrote ${dir}/stress.csv, warnings.csv, run.json${a.report ? ', report.html, charts/' : ''}\n`);
  } catch (e) {
    out.abandon();
    throw e;
  }
}

function breakRow(label: string, p: BreakingPoint, last: number): string[] {
  if (p.multiplier === null) return [label, '-', `does not break up to x${last}`, ''];
  const b = p.by[0];
  const others = ruleNames(p.by).filter((r) => r !== b.rule);
  const also = others.length > 0 ? ` (also ${others.join(', ')})` : '';
  return [label, `x${p.multiplier}`, `${b.rule}: ${b.metric} ${num(b.mean)} ${b.op} ${b.threshold}${also}`, interval(b)];
}

/** The names of the rules that hold, each once. */
function ruleNames(by: BrokenBy[]): string[] {
  return [...new Set(by.map((b) => b.rule))];
}

function interval(b: BrokenBy): string {
  return Number.isNaN(b.ci95_low) ? '' : `[${num(b.ci95_low)}, ${num(b.ci95_high)}]`;
}
