import { basename, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Argv, CommandModule } from 'yargs';
import { stringify } from 'csv-stringify/sync';
import { folderName, OutputDir } from '../io/output-dir.js';
import { formatNumber } from '../io/run-files.js';
import { loadScenario, type LoadedSales } from '../models/index.js';
import { UserError } from '../scenario/load.js';
import { readActivityLog, LOG_COLUMNS } from '../fit/activity-log.js';
import { calibrate, type Calibration, type ScenarioView } from '../fit/calibrate.js';
import { formatP } from '../fit/durations.js';
import { overlayYaml } from '../fit/overlay.js';
import { formText, se, short } from '../fit/yaml.js';
import { runPrepared } from '../run/parallel.js';
import { jsonFile, positiveInt, printJson, VERSION } from './args.js';
import { interruptSignal } from './interrupt.js';
import { progressBar } from './progress.js';
import { columns } from './table.js';

/**
 * `salesim calibrate LOG.csv --scenario FILE`: an activity log turned into a
 * scenario that extends FILE (the operating model the log comes from) with the
 * log's demand, durations and speeds, and the observed BD meetings per person
 * a week to check the model against.
 */
interface CalibrateArgs { log: string; scenario: string; unit: string; tz: string; monthEndDays: number; out?: string; quiet: boolean; json: boolean; check: boolean; workers?: number }

export const calibrateCommand: CommandModule = {
  command: 'calibrate <log>',
  describe: `write a scenario calibrated to an activity log (columns ${LOG_COLUMNS.join(', ')}) that extends --scenario`,
  builder: (y: Argv) => y
    .positional('log', { type: 'string', demandOption: true, describe: 'activity log (CSV)' })
    .option('scenario', { type: 'string', demandOption: true, describe: 'the sales scenario the log comes from (its operating model): the calibrated file extends it' })
    .option('unit', { type: 'string', default: 'min', describe: 'unit of plain numbers in the duration column' })
    .option('tz', { type: 'string', default: 'UTC', describe: 'time zone in which stamps with an offset are read; stamps without one are local as written' })
    .option('month-end-days', { type: 'string', default: 3, coerce: positiveInt('month-end-days'), describe: 'the last days of each month counted as month-end' })
    .option('out', { type: 'string', describe: 'output folder (default: output/calibrate-<log>)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'print only where the files went (and the warnings)' })
    .option('check', { type: 'boolean', default: false, describe: 'run the calibrated scenario and compare its BD meetings per field rep with the log\'s' })
    .option('workers', { type: 'string', coerce: positiveInt('workers'), describe: 'threads running the check\'s replications (default: all cores; 1: serial)' }),
  handler: (a) => commandCalibrate(a as unknown as CalibrateArgs),
};

async function commandCalibrate(a: CalibrateArgs): Promise<void> {
  const started = performance.now();
  let loaded;
  try {
    loaded = loadScenario(a.scenario);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    // A company file alone (scenarios/company.yaml) has no roles to route the work to: say what --scenario is for.
    throw new UserError(`${e.message} (--scenario: expected the operating model the log comes from, a scenario that runs, such as scenarios/outside-in.yaml)`);
  }
  if (loaded.kind !== 'sales') throw new UserError(`--scenario ${a.scenario}: expected a sales scenario (kind: sales), the operating model the log comes from`);
  const sales = loaded as LoadedSales;
  const view: ScenarioView = {
    name: basename(a.scenario),
    segments: Object.fromEntries(Object.entries(sales.scenario.company.segments).map(([k, s]) => [k, { accounts: s.accounts }])),
    roles: Object.fromEntries(Object.entries(sales.scenario.roles).map(([k, r]) => [k, { speed: r.speed }])),
    durations: Object.fromEntries(Object.entries((loaded.resolved.tasks ?? {}) as Record<string, { duration?: unknown }>).map(([k, t]) => [k, t?.duration])),
  };
  const log = readActivityLog(a.log, a.unit, a.tz);
  const c = calibrate(log, view, a.log, a.monthEndDays);
  const dir = a.out ?? join('output', folderName(`calibrate-${basename(a.log, extname(a.log))}`));
  const out = OutputDir.open(dir, { given: a.out !== undefined, inputs: [a.log, a.scenario] });
  const name = `${loaded.name}-calibrated`;
  let yaml: string;
  try {
    // The overlay is written beside where it will stay: its staging folder has the same parent, so the path it extends holds there too.
    const extendsPath = relative(resolve(dir), resolve(a.scenario)).split(sep).join('/');
    yaml = overlayYaml(c, view, {
      command: `salesim calibrate ${basename(a.log)} --scenario ${a.scenario}`,
      extends: extendsPath, name, unit: a.unit,
      schema: relative(resolve(dir), fileURLToPath(new URL('../../schema/scenario-overlay.schema.json', import.meta.url))).split(sep).join('/'),
      description: `${loaded.name}, calibrated to ${basename(a.log)}`,
    });
    const record = { salesim: VERSION, command: 'calibrate', log: a.log, scenario: a.scenario, unit: a.unit, tz: a.tz, month_end_days: a.monthEndDays, name, observed_bd_meetings: c.meetings, warnings: c.warnings };
    out.writeAll({ 'calibrated.yaml': yaml, 'calibration.csv': calibrationCsv(c, a.unit), 'run.json': jsonFile(record) });
    // What was written must load as a scenario; if it does not, that is salesim's mistake, not the user's.
    try {
      loadScenario(out.path('calibrated.yaml'));
    } catch (e) {
      throw new Error(`the calibrated scenario does not load: ${(e as Error).message}`);
    }
  } catch (e) {
    out.abandon();
    throw e;
  }
  out.commit();
  const wall = (performance.now() - started) / 1000;
  if (a.json) {
    // The tasks without their observed values (a log's worth of numbers): what was fitted and chosen.
    const tasks = c.tasks.map((t) => ({ task: t.task, rows: t.fit.n, reference: t.reference, reference_speed: t.referenceSpeed, duration: t.base, reason: t.fit.reason, speeds: t.speeds }));
    printJson({ salesim: VERSION, command: 'calibrate', out: dir, scenario: join(dir, 'calibrated.yaml'), calibration: { ...c, tasks } });
  } else if (!a.quiet) {
    process.stdout.write(`${report(c, a)}\n\n${yaml}\n(${wall.toFixed(2)} s) `);
  }
  for (const w of c.warnings) process.stderr.write(`warning: ${w}\n`);
  if (!a.json) process.stdout.write(`wrote ${dir}/calibrated.yaml, calibration.csv, run.json; run it with: salesim run ${join(dir, 'calibrated.yaml')}\n`);
  if (a.check) await check(join(dir, 'calibrated.yaml'), c, a);
}

/**
 * The model against the log: the calibrated scenario's BD meetings per field
 * rep a week (its own replications and seed) beside the log's, over every
 * role that held meetings. The difference is in standard errors of both (the
 * log's Poisson error and the replications' standard error of the mean).
 */
async function check(file: string, c: Calibration, a: CalibrateArgs): Promise<void> {
  const meetings = c.meetings.reduce((n, m) => n + m.meetings, 0);
  const personWeeks = c.meetings.reduce((n, m) => n + m.persons, 0) * c.weeks;
  if (personWeeks === 0) {
    process.stdout.write('check: no BD meetings in the log to compare the model with\n');
    return;
  }
  const loaded = loadScenario(file);
  const progress = progressBar(`check ${loaded.name}`, a.quiet || a.json);
  let result;
  try {
    [result] = await runPrepared([{ job: { file, set: [] }, loaded }], { workers: a.workers, onProgress: progress.update, signal: interruptSignal });
  } finally {
    progress.stop();
  }
  const row = result.summary.find((r) => r.metric === 'bd_meetings_per_field_rep_week');
  if (row === undefined || !Number.isFinite(row.mean)) {
    process.stdout.write('check: the model has no field rep holding BD meetings to compare with\n');
    return;
  }
  const observed = meetings / personWeeks;
  const seObserved = Math.sqrt(meetings) / personWeeks;
  const seModel = row.stdev / Math.sqrt(row.replications);
  const z = (row.mean - observed) / Math.sqrt(seObserved ** 2 + (Number.isFinite(seModel) ? seModel ** 2 : 0));
  process.stdout.write(`check: the model gives ${short(row.mean)} BD meetings per field rep a week [${short(row.ci95_low)}, ${short(row.ci95_high)}] over ${row.replications} replications; `
    + `the log ${short(observed)} ± ${se(seObserved)}: a difference of ${short(row.mean - observed)} (${Math.abs(z).toFixed(1)} standard errors${Math.abs(z) >= 2 ? ': the model does not match the log' : ''})\n`);
}

function report(c: Calibration, a: CalibrateArgs): string {
  const seg = columns(['segment', 'accounts', ...c.segments[0]?.rates.map((r) => `${r.field}/wk`) ?? []],
    c.segments.map((s) => [s.segment, String(s.accounts), ...s.rates.map((r) => short(r.perWeek))]));
  const tasks = columns(['task', 'rows', 'reference role', 'duration (in the scenario)', 'KS p', 'other roles (speed)'], c.tasks.map((t) => [
    t.task, String(t.fit.n), t.reference, formText(t.base, a.unit).slice(0, 60), t.fit.tested.length === 0 ? '-' : formatP(t.fit.tested[0].ks.pValue),
    t.speeds.map((s) => `${s.role} ${short(s.speed)}`).join(', '),
  ]), 'lrllrl');
  const bd = c.meetings.length === 0 ? 'no BD meetings in the log'
    : c.meetings.map((m) => `observed BD meetings: ${m.role} ${short(m.perWeek)} ± ${se(m.se)} per person and week (${m.meetings} meetings, ${m.persons} people, ${short(c.weeks)} weeks)`).join('\n');
  return `${basename(a.log)}: ${c.activities} activities over ${short(c.weeks)} weeks\n\ndemand per account\n${seg}\n\n${tasks}\n\n${bd}`;
}

/** calibration.csv: every number the overlay holds, with its standard error and the rows behind it. */
function calibrationCsv(c: Calibration, unit: string): string {
  const rows: string[][] = [];
  for (const s of c.segments) {
    rows.push(['accounts', s.segment, String(s.accounts), '', String(s.seen)]);
    for (const r of s.rates) rows.push([`rate_per_account_week.${r.field}`, s.segment, formatNumber(r.perWeek), formatNumber(r.se), String(r.count)]);
    if (s.complexShare !== null) rows.push(['complex_quote_share', s.segment, formatNumber(s.complexShare.value), formatNumber(s.complexShare.se), String(s.complexShare.quotes)]);
  }
  for (const t of c.tasks) {
    const best = t.fit.tested[0];
    rows.push(['duration', t.task, formText(t.base, unit), '', String(t.fit.n)]);
    if (best !== undefined) rows.push(['duration_ks_p', t.task, formatNumber(best.ks.pValue), '', String(t.fit.n)]);
    for (const s of t.speeds) rows.push([`speed.${t.task}`, s.role, formatNumber(s.speed), '', String(s.n)]);
  }
  for (const m of c.meetings) rows.push(['bd_meetings_per_person_week', m.role, formatNumber(m.perWeek), formatNumber(m.se), String(m.meetings)]);
  return stringify(rows, { header: true, columns: ['what', 'key', 'value', 'se', 'n'] });
}
