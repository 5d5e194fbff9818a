import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { size, type SizeStudy } from '../api/size.js';
import { folderName } from '../io/output-dir.js';
import { formatValue, labelWithUnit, metricInfo, type MetricFormat } from '../models/metrics.js';
import { GUARD_UTILIZATION as UTILIZATION, PAYROLL, type Check, type Objective } from '../run/size.js';
import type { SummaryRow } from '../run/summary.js';
import { UserError } from '../scenario/load.js';
import { loadScenario } from '../models/index.js';
import { printRecord, overrides, positiveInt, studyArgs, workerArgs, type StudyArgs } from './args.js';
import { withProgress } from './progress.js';
import { columns, num } from './table.js';

interface SizeArgs extends StudyArgs {
  target?: string[]; roles?: string; max: number; guard: boolean; workers?: number;
  maximize?: string; minimize?: string; ceiling?: number; confirm?: number;
}

export const sizeCommand: CommandModule = {
  command: 'size <file>',
  describe: 'search the staffing that does best on an objective (default: throughput minus operating expense) meeting every --target and guard with confidence: size.csv',
  builder: (y: Argv) => workerArgs(studyArgs(y, 'output/size-<scenario-name>'))
    .option('target', {
      type: 'string', array: true,
      describe: "metric(>=|<=|>|<)number, met when the 95% interval clears it: --target 'on_time_task_fraction>=0.9'",
    })
    .option('maximize', { type: 'string', describe: "the objective: a summary.csv metric to maximize (default: the scenario's objective, else gross_margin_week)" })
    .option('minimize', { type: 'string', describe: `the objective: a metric to minimize, or ${PAYROLL} (the roster's payroll: the cheapest staffing)` })
    .conflicts('maximize', 'minimize')
    .option('roles', { type: 'string', describe: 'roles to size, comma-separated (default: every role that does work)' })
    .option('max', { type: 'string', default: 50, coerce: positiveInt('max'), describe: 'most people the search puts in one role' })
    .option('ceiling', { type: 'string', coerce: share('ceiling'), describe: "protective capacity: every support role's committed utilization below this with confidence (default: the scenario's protective_capacity, 0.85)" })
    .option('confirm', { type: 'string', coerce: wholeNumber('confirm'), describe: 'fresh replications confirming the staffing found against the start (default max(10, 2 x --reps); 0: none)' })
    .option('guard', {
      type: 'boolean', default: true,
      describe: `also require every searched role but the designated constraint < ${UTILIZATION} busy, support roles below the ceiling, and the designated constraint to stay the constraint (--no-guard: the targets alone)`,
    }),
  handler: (a) => commandSize(a as unknown as SizeArgs),
};

function share(name: string): (v: unknown) => number | undefined {
  return (v) => {
    if (v === undefined) return undefined;
    const x = Number(v);
    if (!(x > 0 && x < 1)) throw new UserError(`--${name} ${String(v)}: expected a share between 0 and 1 (exclusive), e.g. 0.85`);
    return x;
  };
}

function wholeNumber(name: string): (v: unknown) => number | undefined {
  return (v) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new UserError(`--${name} ${String(v)}: expected a whole number >= 0`);
    return n;
  };
}

async function commandSize(a: SizeArgs): Promise<void> {
  const loaded = loadScenario(a.file, overrides(a));
  let roles: string[] | undefined;
  if (a.roles !== undefined) {
    roles = a.roles.split(',').map((r) => r.trim()).filter((r) => r !== '');
    if (roles.length === 0) throw new UserError(`--roles ${a.roles}: expected role names separated by commas`);
  }
  const objective: Objective | undefined = a.maximize !== undefined ? { metric: a.maximize, sense: 'max' }
    : a.minimize !== undefined ? { metric: a.minimize, sense: 'min' } : undefined;
  const out = a.out ?? join('output', folderName(`size-${loaded.name}`));
  // One bar for the whole search; its total grows as the search asks for more candidates.
  const study = await withProgress(`size ${loaded.name}`, a.quiet, (progress) => size(loaded, {
    targets: a.target ?? [], roles, max: a.max, guard: a.guard, objective, ceiling: a.ceiling, confirm: a.confirm,
  }, { out, outGiven: a.out !== undefined, inputs: [a.file], set: a.set, workers: a.workers, ...progress }));
  if (a.json) printRecord(study.record, 'size', out);
  else if (!a.quiet) process.stdout.write(sizeReport(study));
  // On stderr, as every command's warnings, and never silenced by --quiet: the staffing found overloads a role.
  for (const x of study.saturated) {
    process.stderr.write(`warning: ${x.role} is ${num(x.utilization)} busy at this staffing (>= ${UTILIZATION}): its queue grows with the horizon\n`);
  }
  if (study.confirmation !== undefined && study.confirmation.failing.length > 0) {
    process.stderr.write(`warning: on the confirmation's replications the staffing found misses ${study.confirmation.failing.join(', ')}\n`);
  }
  if (!a.json) process.stdout.write(`wrote ${out}/size.csv, run.json\n`);
}

/** The terminal's account of a search: the answer (staffing and objective, confirmed), then every check. */
export function sizeReport(study: SizeStudy): string {
  const { result, loaded, objective, confirmation } = study;
  const { scenario, name, model } = loaded;
  const best = result.best;
  const start = result.candidates[0];
  const { label, format } = objectiveInfo(objective, model.money);
  const value = (x: number, signed = false) => formatValue(x, format, signed);
  // An exact value (payroll) has no interval to show.
  const range = (r: SummaryRow, signed = false) => (exact(r) ? value(r.mean, signed)
    : `${value(r.mean, signed)} [${value(r.ci95_low, signed)}, ${value(r.ci95_high, signed)}]`);
  const lines: string[] = [];
  lines.push(`${name}: ${result.candidates.length} staffings evaluated (${result.rounds} ${result.rounds === 1 ? 'move' : 'moves'}), ${scenario.run.replications} replications each, seed ${scenario.run.seed}, ${study.wall_s.toFixed(1)} s`);
  lines.push(`objective: ${objective.sense === 'max' ? 'maximize' : 'minimize'} ${label}`);
  lines.push(`answer: ${answerText(study, (x) => value(x, true), objectiveWords(objective, model.money))}`, '');
  lines.push(best.met
    ? `best staffing found (candidate ${best.index}), meeting every check:`
    : `no staffing found that meets every check (${result.unmet}); the closest:`);
  const rows = study.roles.map((r, k) => [r.id, String(start.headcounts[k]), String(best.headcounts[k]), model.money ? num(r.salary) : '']);
  rows.push([model.money ? 'payroll / year (all roles)' : 'people (searched roles)', num(start.payroll), num(best.payroll), '']);
  lines.push(columns(['role', 'start', 'found', model.money ? 'salary' : ''], rows), '');
  const o = [[`on the search's ${scenario.run.replications} replications`, range(start.objective), range(best.objective), '', '']];
  if (confirmation !== undefined) {
    const verdict = best === start ? 'the start is the best found'
      : !start.met ? 'the start misses a check' : confirmation.better ? 'better with 95% confidence' : 'not better with 95% confidence: keep the start';
    o.push([`on ${confirmation.replications} fresh replications (${confirmation.first + 1}-${confirmation.first + confirmation.replications})`,
      range(confirmation.start), range(confirmation.found), range(confirmation.difference, true), verdict]);
  }
  lines.push(columns([label, 'start', 'found', 'found - start', ''], o, 'lrrrl'), '');
  if (study.designated !== undefined) {
    const share = (s: SummaryRow[]) => s.find((r) => r.metric === `constraint_share.${study.designated}`)?.mean ?? NaN;
    lines.push(`designated constraint: ${study.designated}, the constraint in ${formatValue(share(best.summary), 'share')} of weeks (start ${formatValue(share(start.summary), 'share')})`);
  }
  if (study.ceiling !== undefined) lines.push(`protective capacity: every support role's committed utilization < ${study.ceiling} with confidence`);
  const byName = new Map(best.summary.map((r) => [r.metric, r]));
  lines.push(columns(['check', 'mean', '95% interval', 'met'], study.checks.map((c) => checkRow(c, byName))));
  if (study.checks.some((c) => c.kind !== 'target')) {
    lines.push(`(guards: every searched role but the designated constraint < ${UTILIZATION} busy, support roles below the ceiling, the designated constraint kept; --no-guard drops them)`);
  }
  if (study.ruleOfThumb !== undefined) lines.push('', study.ruleOfThumb.text);
  return `${lines.join('\n')}\n`;
}

/** The search's answer in one line: the change to make, by how much it does better, and on what evidence. */
export function answerText(study: SizeStudy, signed: (x: number) => string, what: { label: string; unit: string }): string {
  const { result, confirmation, roles } = study;
  const best = result.best;
  const start = result.candidates[0];
  const changes = roles.flatMap((r, k) => (best.headcounts[k] === start.headcounts[k] ? [] : [`${r.id} ${start.headcounts[k]} -> ${best.headcounts[k]}`])).join(', ');
  if (!best.met) return `no staffing meets every check (${result.unmet})`;
  if (best === start) return start.met ? 'keep the start: no staffing the search tried does better and meets every check' : 'the start misses a check';
  if (confirmation === undefined) return `${changes}: ${what.label} ${signed(best.objective.mean - start.objective.mean)} on the search's replications (not confirmed: --confirm 0)`;
  const d = confirmation.difference;
  const unit = what.unit === '' ? '' : ` ${what.unit}`;
  const interval = exact(d) ? '' : ` [${signed(d.ci95_low)}, ${signed(d.ci95_high)}]`;
  const change = `${what.label} ${signed(d.mean)}${interval}${unit}`;
  const evidence = `${change} on ${confirmation.replications} fresh replications`;
  if (confirmation.failing.length > 0) {
    return `${start.met ? 'keep the start: ' : ''}${changes} misses ${confirmation.failing.join(', ')} on ${confirmation.replications} fresh replications`;
  }
  if (!start.met) return `${changes}: every check met on ${confirmation.replications} fresh replications (the start misses ${start.failing.map((c) => c.text).join(', ')}); ${change}`;
  return confirmation.better ? `${changes}: ${evidence}, every check met`
    : `keep the start: the best staffing found (${changes}) is not better with 95% confidence: ${evidence}`;
}

/** No interval to show: the same value in every replication (payroll; a count of people), up to rounding. */
function exact(r: SummaryRow): boolean {
  return Math.abs(r.ci95_high - r.ci95_low) <= 1e-9 * Math.max(1, Math.abs(r.mean));
}

/** The objective as the answer names it: 'gross margin after payroll', '$/week'. */
function objectiveWords(o: Objective, money: boolean): { label: string; unit: string } {
  if (o.metric === PAYROLL) return money ? { label: 'payroll', unit: '$/year' } : { label: 'people', unit: '' };
  const m = metricInfo(o.metric);
  return { label: m.label.charAt(0).toLowerCase() + m.label.slice(1), unit: m.unit };
}

function objectiveInfo(o: Objective, money: boolean): { label: string; format: MetricFormat } {
  if (o.metric === PAYROLL) return money ? { label: 'payroll ($/year, all roles)', format: 'money' } : { label: 'people (all roles)', format: 'count' };
  const m = metricInfo(o.metric);
  return { label: `${o.metric}: ${labelWithUnit(m)}`, format: m.format };
}

function checkRow(c: Check, rows: ReadonlyMap<string, SummaryRow>): string[] {
  const row = rows.get(c.metrics[0]);
  if (row === undefined) return [c.text, '-', '', 'no'];
  return [c.text, num(row.mean), `[${num(row.ci95_low)}, ${num(row.ci95_high)}]`, c.ok(rows) ? 'yes' : 'no'];
}
