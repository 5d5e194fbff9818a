import { jsonFile, recordHead } from '../io/records.js';
import { VERSION } from '../version.js';
import type { Argv } from 'yargs';
import { UserError } from '../scenario/load.js';

/** Flag helpers shared by the commands. */

export { VERSION };
export { jsonFile, recordHead };

export interface ScenarioFlags { set: string[]; reps?: number; seed?: string; weeks?: number }
export interface CommonArgs { file: string; set: string[] }
export interface StudyArgs extends CommonArgs, ScenarioFlags { out?: string; quiet: boolean; json?: boolean }

/** Flags that are shorthands for --set, turned into overrides validated like any other (--set last, so it wins). */
export function overrides(a: ScenarioFlags): string[] {
  const sets: string[] = [];
  const flag = (set: string, typed: string) => { sets.push(set); typedFlags.set(`--set ${set}`, typed); };
  if (a.weeks !== undefined) flag(`run.horizon=${a.weeks} wk`, `--weeks ${a.weeks}`);
  if (a.reps !== undefined) flag(`run.replications=${a.reps}`, `--reps ${a.reps}`);
  if (a.seed !== undefined) flag(`run.seed=${JSON.stringify(String(a.seed))}`, `--seed ${a.seed}`);
  return [...sets, ...a.set];
}

/** The overrides made from shorthand flags, and the flag as the user typed it, for messages. */
const typedFlags = new Map<string, string>();

/** A message naming an override that came from --weeks, --reps or --seed names the flag instead. */
export function asTyped(message: string): string {
  let out = message;
  for (const [set, typed] of typedFlags) out = out.split(set).join(typed);
  return out;
}

export function positiveInt(flag: string) {
  return (v: unknown) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UserError(`--${flag} ${String(v)}: expected a whole number >= 1`);
    return n;
  };
}

export function positiveNumber(flag: string) {
  return (v: unknown) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new UserError(`--${flag} ${String(v)}: expected a number > 0`);
    return n;
  };
}

export function scenarioArgs<T>(y: Argv<T>) {
  return y
    .positional('file', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
    .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a field: --set roles.server.headcount=6' });
}

/** --reps, --seed, --weeks, --out and --quiet, as `run` has them. */
export function studyArgs<T>(y: Argv<T>, out: string) {
  return scenarioArgs(y)
    .option('reps', { type: 'string', coerce: positiveInt('reps'), describe: 'replications (default: run.replications)' })
    .option('seed', { type: 'string', describe: 'seed (default: run.seed)' })
    .option('weeks', { type: 'string', coerce: positiveNumber('weeks'), describe: 'horizon in weeks (default: run.horizon)' })
    .option('out', { type: 'string', describe: `output folder (default: ${out})` })
    .option('quiet', { type: 'boolean', default: false, describe: 'print only where the files went (and no progress bar)' });
}

/** --workers, for every command that runs replications (they run on runJobs' worker threads). */
export function workerArgs<T>(y: Argv<T>) {
  return y.option('workers', { type: 'string', coerce: positiveInt('workers'), describe: 'threads running replications (default: all cores; 1: serial)' });
}

/**
 * --json: the command's headline results as one JSON document on stdout, for
 * a script to read (warnings stay on stderr). Undefined values (NaN) and
 * infinities are null, as JSON has neither.
 */
export function printJson(document: object): void {
  process.stdout.write(`${JSON.stringify(document, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
}

/** --json for a command whose run.json says it all: that record less the resolved scenario (the file keeps it), and where the files went. */
export function printRecord(record: { resolved: unknown }, command: string, out: string): void {
  const { resolved: _resolved, ...headline } = record;
  printJson({ ...headline, command, out });
}

/** Summary rows as --json gives them: metric, mean and 95% interval. */
export function jsonRows(rows: { metric: string; mean: number; ci95_low: number; ci95_high: number }[]) {
  return rows.map((r) => ({ metric: r.metric, mean: r.mean, ci95_low: r.ci95_low, ci95_high: r.ci95_high }));
}
