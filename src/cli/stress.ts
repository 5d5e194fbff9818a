import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { folderName, OutputDir } from '../io/output-dir.js';
import { stressCsv } from '../io/study-files.js';
import { warningsCsv } from '../io/run-files.js';
import { WeeklyFiles } from '../io/weekly-files.js';
import { parseRange } from '../run/range.js';
import type { BreakingPoint, BrokenBy } from '../run/stress.js';
import { stressPlan, stressScenario, type StressOutcome } from '../run/studies.js';
import type { RunResult } from '../run/study.js';
import { NETWORK_PRESETS, SALES_PRESETS } from '../scenario/grow.js';
import { loadScenario, type LoadedScenario } from '../scenario/load.js';
import { jsonFile, printRecord, overrides, positiveInt, positiveNumber, recordHead, studyArgs, workerArgs, type StudyArgs } from './args.js';
import { shardArgs, shardFolder, writeShard, type ShardFlags } from './shard.js';
import { interruptSignal } from './interrupt.js';
import { progressBar } from './progress.js';
import { columns, num } from './table.js';
import { printWarnings } from './warnings.js';

interface StressArgs extends StudyArgs, ShardFlags { grow: string; from: number; to: number; steps: number; report: boolean; workers?: number }

export const stressCommand: CommandModule = {
  command: 'stress <file>',
  describe: 'grow demand step by step: stress.csv and the breaking point of every role',
  builder: (y: Argv) => shardArgs(workerArgs(studyArgs(y, 'output/stress-<scenario-name>-<what>')))
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
  const loaded = loadScenario(a.file, overrides(a));
  const spec = { grow: a.grow, from: a.from, to: a.to, steps: a.steps };
  const plan = stressPlan(loaded, spec);
  const range = parseRange(a, loaded.scenario.run.replications);
  const base = folderName(`stress-${loaded.name}-${a.grow}`);
  const dir = a.out ?? join('output', range === undefined ? base : shardFolder(base, range));
  // Checked before anything runs: a folder that cannot be written fails now, not after the simulation.
  const out = OutputDir.open(dir, { given: a.out !== undefined, inputs: [a.file] });
  try {
    // Every step's replications go to the worker threads together.
    const progress = progressBar(`stress ${loaded.name}`, a.quiet);
    // A shard keeps each step's weekly rows (the merge judges the base step's warnings on them); a whole stress test needs only the aggregates.
    const weekly = range === undefined ? [] : plan.steps.map((_, k) => new WeeklyFiles(out, stepFolder(k)));
    let outcome;
    try {
      outcome = await stressScenario(plan, {
        workers: a.workers, onProgress: progress.update, signal: interruptSignal, range,
        ...(range === undefined ? {} : { sink: (j: number, r: number, rep: RunResult) => weekly[j].write(r, rep) }),
      });
      await Promise.all(weekly.map((w) => w.close()));
    } catch (e) {
      for (const w of weekly) w.destroy();
      throw e;
    } finally {
      progress.stop();
    }
    const wall = (performance.now() - started) / 1000;
    if (range !== undefined) {
      writeShard(out, {
        command: 'stress', set: a.set, args: spec, scenarios: [loaded],
        jobs: outcome.studies.map((study, k) => ({ folder: stepFolder(k), study })), range, wall,
      }, a);
      return;
    }
    await finishStress(out, { file: a.file, set: a.set }, outcome, a, wall);
  } catch (e) {
    out.abandon();
    throw e;
  }
}

/** A stress step's folder in a shard. */
export function stepFolder(k: number): string {
  return `step-${k + 1}`;
}

/**
 * What `stress` writes and prints once every step's replications are done: by
 * a stress test, or by `salesim merge` from its shards. `wall`: the seconds the
 * replications took.
 */
export async function finishStress(
  out: OutputDir, given: { file: string; set: string[] }, outcome: StressOutcome,
  flags: { report: boolean; json?: boolean; quiet: boolean }, wall: number,
): Promise<void> {
  const { plan, steps, breakingPoints: points, companyService: company, firstToBreak: first, warnings } = outcome;
  const { base: loaded, multipliers: ms } = plan;
  const { scenario, name } = loaded;
  const dir = out.dir;
  const record = {
    ...recordHead(scenario.run, given.set, { name, file: given.file }),
    grow: { what: plan.grow, meaning: plan.meaning, paths: plan.paths },
    steps: plan.steps.map((s) => ({ multiplier: s.multiplier, set: s.set })),
    rules: outcome.rules,
    breaking_points: points,
    company_service: company,
    first_to_break: first.map((p) => p.role),
    events: outcome.events,
    wall_s: Number(wall.toFixed(3)),
    resolved: loaded.resolved,
  };
  const files = { 'stress.csv': stressCsv(steps), 'warnings.csv': warningsCsv(warnings), 'run.json': jsonFile(record) };
  const report: Record<string, string | Uint8Array> = {};
  if (flags.report) {
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

  if (flags.json) {
    printRecord(record, 'stress', dir);
  } else if (!flags.quiet) {
    const o = process.stdout;
    o.write(`${name}: grow ${plan.grow} (${plan.grow in presetsOf(loaded) ? plan.meaning : plan.paths.join(', ')}) x${ms[0]} to x${ms[ms.length - 1]} in ${ms.length} steps, `
      + `${scenario.run.replications} replications each, seed ${scenario.run.seed}, ${wall.toFixed(1)} s\n`);
    const rows = points.map((p) => breakRow(p.role, p, ms[ms.length - 1]));
    if (company !== undefined) rows.push(breakRow('(company service)', company, ms[ms.length - 1]));
    o.write(`${columns(['role', 'breaks at', 'why (the mean at that step)', '95% interval'], rows, 'lrll')}\n`);
    o.write(first.length === 0
      ? `no role breaks up to x${ms[ms.length - 1]}\n`
      : `first to break: ${first.map((p) => `${p.role} (${ruleNames(p.by).join(', ')})`).join(', ')} at x${first[0].multiplier}\n`);
  }
  printWarnings(warnings, flags.quiet, false);
  if (!flags.json) process.stdout.write(`wrote ${dir}/stress.csv, warnings.csv, run.json${flags.report ? ', report.html, charts/' : ''}\n`);
}

function presetsOf(loaded: LoadedScenario): Record<string, string> {
  return loaded.kind === 'sales' ? SALES_PRESETS : NETWORK_PRESETS;
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
