import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { size } from '../api/size.js';
import { folderName } from '../io/output-dir.js';
import type { SummaryRow } from '../run/summary.js';
import { met, type Target } from '../run/targets.js';
import { GUARD_UTILIZATION as UTILIZATION } from '../run/size.js';
import { UserError } from '../scenario/load.js';
import { loadScenario } from '../models/index.js';
import { printRecord, overrides, positiveInt, studyArgs, workerArgs, type StudyArgs } from './args.js';
import { withProgress } from './progress.js';
import { columns, num } from './table.js';

interface SizeArgs extends StudyArgs { target: string[]; roles?: string; max: number; guard: boolean; workers?: number }

export const sizeCommand: CommandModule = {
  command: 'size <file>',
  describe: 'search the cheapest headcounts that meet every --target with confidence: size.csv',
  builder: (y: Argv) => workerArgs(studyArgs(y, 'output/size-<scenario-name>'))
    .option('target', {
      type: 'string', array: true, demandOption: true,
      describe: "metric(>=|<=|>|<)number, met when the 95% interval clears it: --target 'on_time_task_fraction>=0.9'",
    })
    .option('roles', { type: 'string', describe: 'roles to size, comma-separated (default: every role that does work)' })
    .option('max', { type: 'string', default: 50, coerce: positiveInt('max'), describe: 'most people the search puts in one role' })
    .option('guard', {
      type: 'boolean', default: true,
      describe: `also require every searched role's committed utilization < ${UTILIZATION} with confidence (--no-guard: the targets alone)`,
    }),
  handler: (a) => commandSize(a as unknown as SizeArgs),
};

async function commandSize(a: SizeArgs): Promise<void> {
  const loaded = loadScenario(a.file, overrides(a));
  let roles: string[] | undefined;
  if (a.roles !== undefined) {
    roles = a.roles.split(',').map((r) => r.trim()).filter((r) => r !== '');
    if (roles.length === 0) throw new UserError(`--roles ${a.roles}: expected role names separated by commas`);
  }
  const out = a.out ?? join('output', folderName(`size-${loaded.name}`));
  // One bar for the whole search; its total grows as the search asks for more candidates.
  const study = await withProgress(`size ${loaded.name}`, a.quiet, (progress) => size(loaded, { targets: a.target, roles, max: a.max, guard: a.guard }, {
    out, outGiven: a.out !== undefined, inputs: [a.file], set: a.set, workers: a.workers, ...progress,
  }));
  const { result, targets, guards, record } = study;
  const best = result.best;
  const start = result.candidates[0];
  const { scenario, name } = loaded;
  if (a.json) {
    printRecord(record, 'size', out);
  } else if (!a.quiet) {
    const o = process.stdout;
    o.write(`${name}: ${result.candidates.length} staffings evaluated, ${scenario.run.replications} replications each, seed ${scenario.run.seed}, ${study.wall_s.toFixed(1)} s\n`);
    o.write(best.met
      ? `cheapest staffing found that meets every target (candidate ${best.index}):\n`
      : `no staffing found that meets every target (${result.unmet}); the closest:\n`);
    const money = loaded.model.money;
    const rows = study.roles.map((r, k) => [r.id, String(start.headcounts[k]), String(best.headcounts[k]), money ? num(r.salary) : '']);
    rows.push([money ? 'payroll / year (all roles)' : 'people (searched roles)', num(start.payroll), num(best.payroll), '']);
    o.write(`${columns(['role', 'start', 'found', money ? 'salary' : ''], rows)}\n\n`);
    const byName = new Map(best.summary.map((r) => [r.metric, r]));
    o.write(`${columns(['target', 'mean', '95% interval', 'met'], targets.map((t) => targetRow(t, byName.get(t.metric))))}\n`);
    if (guards.length > 0) o.write(`(the ${study.busyMetric('<role>')}<${UTILIZATION} targets are the guard: --no-guard drops them)\n`);
    if (study.ruleOfThumb !== undefined) o.write(`\n${study.ruleOfThumb.text}\n`);
  }
  // On stderr, as every command's warnings, and never silenced by --quiet: the staffing found overloads a role.
  for (const x of study.saturated) {
    process.stderr.write(`warning: ${x.role} is ${num(x.utilization)} busy at this staffing (>= ${UTILIZATION}): its queue grows with the horizon\n`);
  }
  if (!a.json) process.stdout.write(`wrote ${out}/size.csv, run.json\n`);
}

function targetRow(t: Target, row: SummaryRow | undefined): string[] {
  if (row === undefined) return [t.text, '-', '', 'no'];
  return [t.text, num(row.mean), `[${num(row.ci95_low)}, ${num(row.ci95_high)}]`, met(t, row) ? 'yes' : 'no'];
}
