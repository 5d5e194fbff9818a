import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { stress, stressRecord, type StressStudy } from '../api/stress.js';
import { folderName } from '../io/output-dir.js';
import { parseRange } from '../run/range.js';
import { headroom, type BreakingPoint, type BrokenBy } from '../run/stress.js';
import { stressPlan } from '../run/studies.js';
import { loadScenario, MODELS } from '../models/index.js';
import { printRecord, overrides, positiveInt, positiveNumber, studyArgs, workerArgs, type StudyArgs } from './args.js';
import { withProgress } from './progress.js';
import { printShard, shardArgs, shardFolder, type ShardFlags } from './shard.js';
import { columns, num } from './table.js';
import { printWarnings } from './warnings.js';

interface StressArgs extends StudyArgs, ShardFlags { grow: string; from: number; to: number; steps: number; report: boolean; workers?: number }

export const stressCommand: CommandModule = {
  command: 'stress <file>',
  describe: 'grow demand step by step: stress.csv and the breaking point of every role',
  builder: (y: Argv) => shardArgs(workerArgs(studyArgs(y, 'output/stress-<scenario-name>-<what>')))
    .option('grow', {
      type: 'string', default: 'demand',
      describe: `what grows: a preset (${MODELS.map((m) => `${m.kind}: ${Object.keys(m.growthPresets).join(', ')}`).join('; ')}) or a field path such as ${MODELS[MODELS.length - 1].exampleField}`,
    })
    .option('from', { type: 'string', default: 1, coerce: positiveNumber('from'), describe: 'first multiplier' })
    .option('to', { type: 'string', default: 4, coerce: positiveNumber('to'), describe: 'last multiplier' })
    .option('steps', { type: 'string', default: 13, coerce: positiveInt('steps'), describe: 'multipliers, evenly spaced from --from to --to' })
    .option('report', { type: 'boolean', default: true, describe: 'write report.html and charts/ (--no-report: the CSVs only)' }),
  handler: (a) => commandStress(a as unknown as StressArgs),
};

async function commandStress(a: StressArgs): Promise<void> {
  const loaded = loadScenario(a.file, overrides(a));
  const plan = stressPlan(loaded, { grow: a.grow, from: a.from, to: a.to, steps: a.steps });
  const range = parseRange(a, loaded.scenario.run.replications);
  const base = folderName(`stress-${loaded.name}-${a.grow}`);
  const out = a.out ?? join('output', range === undefined ? base : shardFolder(base, range));
  // Every step's replications go to the worker threads together.
  const study = await withProgress(`stress ${loaded.name}`, a.quiet, (progress) => stress(plan, {
    out, outGiven: a.out !== undefined, inputs: [a.file], set: a.set, report: a.report, range,
    workers: a.workers, ...progress,
  }));
  if (study.shard !== undefined) printShard(study.shard, out, study.wall_s, a);
  else printStress(study, { file: a.file, set: a.set }, a);
}

/** What `stress` prints (and `merge` of a stress test): each role's breaking point and the first to break, or --json; the warnings. */
export function printStress(study: StressStudy, given: { file: string; set: string[] }, flags: { report: boolean; json?: boolean; quiet: boolean }): void {
  const { plan, breakingPoints: points, companyService: company, firstToBreak: first, designated, warnings } = study;
  const { base: loaded, multipliers: ms } = plan;
  const { scenario, name } = loaded;
  if (flags.json) {
    printRecord(stressRecord(study, given, study.wall_s), 'stress', study.out ?? '');
  } else if (!flags.quiet) {
    const o = process.stdout;
    o.write(`${name}: grow ${plan.grow} (${plan.meaning !== 'a field of the scenario' ? plan.meaning : plan.paths.join(', ')}) x${ms[0]} to x${ms[ms.length - 1]} in ${ms.length} steps, `
      + `${scenario.run.replications} replications each, seed ${scenario.run.seed}, ${study.wall_s.toFixed(1)} s\n`);
    const last = ms[ms.length - 1];
    const rows = points.map((p) => breakRow(designated.includes(p.role) ? `${p.role} (designated)` : p.role, p, last));
    if (company !== undefined) rows.push(breakRow('(company service)', company, last));
    o.write(`${columns(['role', 'breaks at', 'why (the mean at that step)', '95% interval'], rows, 'lrll')}\n`);
    // The designated constraint is meant to be saturated: said apart, so that "first to break" names the headroom.
    for (const p of points.filter((x) => designated.includes(x.role))) {
      o.write(p.multiplier === null
        ? `designated constraint ${p.role}: not saturated up to x${last} (it has capacity to spare)\n`
        : `designated constraint ${p.role}: saturated from x${p.multiplier}, as designed\n`);
    }
    const others = designated.length === 0 ? 'role' : 'other role';
    o.write(first.length === 0
      ? `no ${others} breaks up to x${last}\n`
      : `first to break: ${first.map((p) => `${p.role} (${ruleNames(p.by).join(', ')})`).join(', ')} at x${first[0].multiplier}\n`);
  }
  printWarnings(warnings, flags.quiet, false);
  if (!flags.json) process.stdout.write(`wrote ${study.out}/stress.csv, headroom.csv, warnings.csv, run.json${flags.report ? ', report.html, charts/' : ''}\n`);
}

function breakRow(label: string, p: BreakingPoint, last: number): string[] {
  if (p.multiplier === null) return [label, headroom(p, last), `does not break up to x${last}`, ''];
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
