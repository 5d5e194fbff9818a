import { basename, extname, join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { stringify } from 'csv-stringify/sync';
import { folderName, OutputDir } from '../io/output-dir.js';
import { formatNumber } from '../io/run-files.js';
import { UserError } from '../scenario/load.js';
import { fitArrivals, GROWTH_FROM_DAYS, type Arrival, type ArrivalFit } from '../fit/arrivals.js';
import { column, readCsv, textCell } from '../fit/csv.js';
import { formatP } from '../fit/durations.js';
import { dateText, localTime, TIMESTAMP_EXAMPLE, timeZone } from '../fit/timestamps.js';
import { block, comments, se, short, type Node } from '../fit/yaml.js';
import { jsonFile, positiveInt, printJson, VERSION } from './args.js';
import { columns } from './table.js';

/** `salesim fit arrivals`: rates, the hour-of-day and day-of-week profile, month-end and growth from timestamps. */

interface ArrivalArgs { file: string; timestamp: string; by?: string; tz: string; monthEndDays: number; out?: string; quiet: boolean; json: boolean }

export const arrivalsCommand: CommandModule = {
  command: 'arrivals <file>',
  describe: 'arrival rates per group, hour-of-day and day-of-week profile, month-end multiplier and growth from timestamps',
  builder: (y: Argv) => y
    .positional('file', { type: 'string', demandOption: true, describe: 'CSV export with a header line' })
    .option('timestamp', { type: 'string', demandOption: true, describe: 'the column of arrival times' })
    .option('by', { type: 'string', describe: 'a column whose groups get a rate each (segment, channel...)' })
    .option('tz', { type: 'string', default: 'UTC', describe: 'time zone in which stamps with an offset (Z, +01:00) are read; stamps without one are local as written' })
    .option('month-end-days', { type: 'string', default: 3, coerce: positiveInt('month-end-days'), describe: 'the last days of each month counted as month-end' })
    .option('out', { type: 'string', describe: 'output folder (default: output/arrivals-<file>)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'print only where the files went (and the warnings)' }),
  handler: (a) => commandArrivals(a as unknown as ArrivalArgs),
};

/** The arrivals of an export: every timestamp checked before anything is fitted. */
export function readArrivals(file: string, stampColumn: string, by: string | undefined, tz: string, rowFilter?: (cells: string[]) => boolean): Arrival[] {
  const zone = timeZone(tz);
  const t = readCsv(file);
  const k = column(t, stampColumn, '--timestamp');
  const b = by === undefined ? -1 : column(t, by, '--by');
  const out: Arrival[] = [];
  for (const row of t.rows) {
    if (rowFilter !== undefined && !rowFilter(row.cells)) continue;
    const cell = textCell(t, row, k, TIMESTAMP_EXAMPLE);
    const time = localTime(cell, zone);
    if (time === null) throw new UserError(`${file}:${row.line}: column ${t.header[k]}: expected ${TIMESTAMP_EXAMPLE}, got '${cell}'`);
    out.push({ time, group: b < 0 ? '' : textCell(t, row, b, `a value to group by (--by ${by})`) });
  }
  return out;
}

async function commandArrivals(a: ArrivalArgs): Promise<void> {
  const arrivals = readArrivals(a.file, a.timestamp, a.by, a.tz);
  checkSpan(arrivals, a.file, `column ${a.timestamp}`);
  const fit = fitArrivals(arrivals, a.monthEndDays);
  const dir = a.out ?? join('output', folderName(`arrivals-${basename(a.file, extname(a.file))}${a.by === undefined ? '' : `-by-${a.by}`}`));
  const command = `salesim fit arrivals ${basename(a.file)} --timestamp ${a.timestamp}${a.by === undefined ? '' : ` --by ${a.by}`} --tz ${a.tz}`;
  const yaml = arrivalsYaml(fit, command, a.by !== undefined);
  const warnings = dispersionWarnings(fit, a.by !== undefined);
  const record = { salesim: VERSION, command: 'fit arrivals', file: a.file, timestamp: a.timestamp, by: a.by ?? null, tz: a.tz, month_end_days: a.monthEndDays, warnings };
  const out = OutputDir.open(dir, { given: a.out !== undefined, inputs: [a.file] });
  try {
    out.writeAll({ 'arrivals.csv': arrivalsCsv(fit), 'arrivals.yaml': yaml, 'run.json': jsonFile(record) });
  } catch (e) {
    out.abandon();
    throw e;
  }
  out.commit();
  if (a.json) printJson({ ...record, out: dir, fit });
  else if (!a.quiet) {
    process.stdout.write(`${summary(fit, a)}\n\n${yaml}\n`);
  }
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  if (!a.json) process.stdout.write(`wrote ${dir}/arrivals.csv, arrivals.yaml, run.json\n`);
}

/** A weekly profile needs a week: fewer days are refused before anything is fitted. */
export function checkSpan(arrivals: readonly Arrival[], file: string, what: string): void {
  let lo = Infinity, hi = -Infinity;
  for (const a of arrivals) { lo = Math.min(lo, a.time.day); hi = Math.max(hi, a.time.day); }
  const days = arrivals.length === 0 ? 0 : hi - lo + 1;
  if (days < 7) throw new UserError(`${file}: ${what}: expected at least a week of arrivals for a weekly profile, found ${days} day${days === 1 ? '' : 's'}`);
}

function summary(fit: ArrivalFit, a: ArrivalArgs): string {
  const head = `${basename(a.file)}: ${fit.arrivals} arrivals from ${dateText(fit.firstDay)} to ${dateText(fit.lastDay)} (${fit.days} days)`;
  const rows = fit.groups.map((g) => [g.group === '' ? '(all)' : g.group, String(g.arrivals), short(g.perWeek), g.dispersion.toFixed(2), formatP(g.pValue)]);
  if (a.by !== undefined) rows.push(['(all)', String(fit.arrivals), short(fit.perWeek), fit.dispersion.ratio.toFixed(2), formatP(fit.dispersion.pValue)]);
  const table = columns([a.by ?? 'group', 'arrivals', 'per week', 'variance/mean', 'p (Poisson)'], rows);
  const me = fit.monthEnd === null ? 'month-end: not estimable (fewer than two month-ends in the log)'
    : `month-end (last ${fit.monthEnd.days} days): x${short(fit.monthEnd.multiplier.value)} ± ${se(fit.monthEnd.multiplier.se)}`;
  const gr = fit.growth === null ? `growth: not estimated (the log spans under ${GROWTH_FROM_DAYS / 7} weeks)`
    : `growth: ${percent(fit.growth.value)}/yr ± ${se(100 * fit.growth.se)}%/yr${fit.growth.applied ? '' : ' (not significant: left out)'}`;
  return `${head}\n${table}\n${me}\n${gr}`;
}

const percent = (x: number) => `${short(100 * x)}%`;
const list = (xs: number[]) => `[${xs.map((x) => short(Number(x.toFixed(2)))).join(', ')}]`;

/** The paste-ready YAML: rates, the profile and growth, each in the field it goes in. */
export function arrivalsYaml(fit: ArrivalFit, command: string, grouped: boolean): string {
  const rate = (x: number) => `${short(x)}/wk`;
  const when = fit.growth?.applied ? `at the log's end (${dateText(fit.lastDay)}), growth carrying on from there` : 'the average over the log';
  const head = comments([
    command,
    `${dateText(fit.firstDay)} to ${dateText(fit.lastDay)} (${fit.days} days), ${fit.arrivals} arrivals`,
  ]);
  const rateNode: Node = grouped
    ? { map: fit.groups.map((g) => [g.group, { raw: rate(g.perWeek) }] as [string, Node]) }
    : { raw: rate(fit.perWeek) };
  rateNode.comment = [`Arrivals per week outside month-end days, ${when}: items.<name>.arrivals.rate`, 'in a network scenario (salesim calibrate gives a sales segment\'s rates per account).'];
  const profile: [string, Node][] = [
    ['hour_of_day', { raw: list(fit.hourOfDay) }],
    ['day_of_week', { raw: list(fit.dayOfWeek) }],
  ];
  if (fit.monthEnd !== null) {
    profile.push(['month_end', { raw: `{ days: ${fit.monthEnd.days}, multiplier: ${short(fit.monthEnd.multiplier.value)} }`, comment: [`multiplier ± ${se(fit.monthEnd.multiplier.se)} (standard error)`] }]);
  }
  const entries: [string, Node][] = [['rate', rateNode], ['profile', { map: profile, comment: ['company.profile in a sales scenario, arrivals.profile in a network one.'] }]];
  let tail = '';
  if (fit.growth !== null) {
    const text = `${percent(fit.growth.value)}/yr`;
    if (fit.growth.applied) entries.push(['growth', { raw: text, comment: [`company.growth in a sales scenario; ± ${se(100 * fit.growth.se)}%/yr (standard error).`] }]);
    else tail = comments([`growth: ${text} ± ${se(100 * fit.growth.se)}%/yr, not significant: left out.`]);
  }
  return head + block(entries) + tail;
}

function dispersionWarnings(fit: ArrivalFit, grouped: boolean): string[] {
  const out: string[] = [];
  const over = (ratio: number, p: number) => ratio > 1 && p < 0.05;
  if (over(fit.dispersion.ratio, fit.dispersion.pValue)) {
    out.push(`daily arrivals vary ${fit.dispersion.ratio.toFixed(2)} times as much as a Poisson process's would (variance/mean, p ${formatP(fit.dispersion.pValue)}): a Poisson rate will understate the peaks`);
  }
  if (grouped) {
    for (const g of fit.groups) {
      if (over(g.dispersion, g.pValue)) out.push(`${g.group}: daily arrivals over-dispersed (variance/mean ${g.dispersion.toFixed(2)}, p ${formatP(g.pValue)}): a Poisson rate will understate the peaks`);
    }
  }
  return out;
}

/** arrivals.csv: one row per group (and the total), then the profile's multipliers. */
function arrivalsCsv(fit: ArrivalFit): string {
  const rows: string[][] = fit.groups.map((g) => ['rate_per_week', g.group, formatNumber(g.perWeek), '', String(g.arrivals), formatNumber(g.dispersion), formatNumber(g.pValue)]);
  rows.push(['rate_per_week', '(all)', formatNumber(fit.perWeek), '', String(fit.arrivals), formatNumber(fit.dispersion.ratio), formatNumber(fit.dispersion.pValue)]);
  fit.hourOfDay.forEach((m, h) => rows.push(['hour_of_day', String(h), formatNumber(m), '', '', '', '']));
  fit.dayOfWeek.forEach((m, d) => rows.push(['day_of_week', String(d), formatNumber(m), '', '', '', '']));
  if (fit.monthEnd !== null) rows.push(['month_end_multiplier', String(fit.monthEnd.days), formatNumber(fit.monthEnd.multiplier.value), formatNumber(fit.monthEnd.multiplier.se), '', '', '']);
  if (fit.growth !== null) rows.push(['growth_per_year', String(fit.growth.applied), formatNumber(fit.growth.value), formatNumber(fit.growth.se), '', '', '']);
  return stringify(rows, { header: true, columns: ['what', 'key', 'value', 'se', 'arrivals', 'variance_mean', 'p_poisson'] });
}
