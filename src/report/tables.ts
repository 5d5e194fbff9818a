import { ANSWER_ORDER, AREA_LABELS, AREAS, formatValue, labelWithUnit, metricInfo, type MetricInfo } from '../models/metrics.js';
import { headlineRows } from '../run/headlines.js';
import type { RoleView } from '../scenario/model-kind.js';
import { roleLabel, type ModelView } from './model-view.js';
import type { Difference } from './outputs.js';
import { summaryOf } from './series.js';

/**
 * The report's tables of figures, each row labelled in words with its unit
 * (the metric catalogue, src/models/metrics.ts), rows grouped under headings:
 * the headline figures by business area, the roster and roles by the groups
 * the scenarios put their roles in.
 */

/** A table as html.ts draws it: a row is either cells or a group heading spanning the table. */
export interface Table {
  heading: string;
  note: string;
  header: string[];
  /** A row above the header naming groups of its columns (each model's), if the table has them. */
  over?: { label: string; span: number }[];
  rows: (string[] | { group: string })[];
  id?: string;
}

const HOURS_PER_WEEK = 168;
const HOURS_PER_YEAR = 8766;

const cell = (v: ModelView, metric: string, info: MetricInfo) => {
  const r = summaryOf(v.output, metric);
  if (r === undefined) return '';
  const ci = Number.isFinite(r.ci95_low) && r.ci95_low !== r.ci95_high ? ` [${formatValue(r.ci95_low, info.format)}, ${formatValue(r.ci95_high, info.format)}]` : '';
  return `${formatValue(r.mean, info.format)}${ci}`;
};

/** A difference's interval, ' [low, high]'; none when it is the same in every replication (a payroll without hires). */
const range = (d: Difference, info: MetricInfo) => (d.low === d.high ? '' : ` [${formatValue(d.low, info.format, true)}, ${formatValue(d.high, info.format, true)}]`);

/** Good news, bad news or neither, for a difference whose interval excludes zero. */
export function mark(d: Difference | undefined): string {
  if (d === undefined || !d.significant) return '';
  const better = metricInfo(d.metric).better;
  return better === null ? '' : (d.diff > 0) === (better === 'up') ? '▲ better' : '▼ worse';
}

/**
 * The headline figures of the company (the kind's headlines, src/run/headlines.ts),
 * grouped by business area; each role's figures are in the roles table. For a
 * comparison, each model's paired difference from the baseline with its interval.
 */
export function headlineTable(views: ModelView[], differences: Difference[]): Table {
  const metrics: string[] = [];
  for (const v of views) {
    const rows = headlineRows(v.output.summary.map((r) => ({ ...r, stdev: NaN })), v.kind.isHeadline);
    // Each role's own figures are the roster's; a task's or an item type's stay here.
    for (const r of rows) if (!metrics.includes(r.metric) && !/^(role|constraint_share)\./.test(r.metric)) metrics.push(r.metric);
  }
  const [base, ...others] = views;
  const rows: Table['rows'] = [];
  // Within an area, the answer's order (the objective first), then the kind's.
  const rank = (m: string) => (ANSWER_ORDER.includes(m) ? ANSWER_ORDER.indexOf(m) : ANSWER_ORDER.length);
  for (const area of AREAS) {
    const mine = metrics.filter((m) => metricInfo(m).area === area).map((m, k) => ({ m, k })).sort((a, b) => rank(a.m) - rank(b.m) || a.k - b.k).map(({ m }) => m);
    if (mine.length === 0) continue;
    rows.push({ group: AREA_LABELS[area] });
    for (const metric of mine) {
      const info = metricInfo(metric);
      const diffs = others.flatMap((o) => {
        const d = differences.find((x) => x.metric === metric && x.model === o.name);
        const text = d === undefined || !Number.isFinite(d.diff) ? '' : `${formatValue(d.diff, info.format, true)}${range(d, info)}`;
        return [text, mark(d)];
      });
      rows.push([labelWithUnit(info), ...views.map((v) => cell(v, metric, info)), ...diffs]);
    }
  }
  const header = ['', ...views.map((v) => v.name), ...others.flatMap((o) => [`${o.name} - ${base.name}`, ''])];
  const note = others.length === 0
    ? 'Mean over replications with its 95% interval [low, high], measured after the warm-up.'
    : `Mean over replications with its 95% interval [low, high], measured after the warm-up; the difference is paired (the same simulated customers), with its 95% interval; ▲ better or ▼ worse where the interval excludes zero and the direction is good or bad news.`;
  return { heading: 'Headline figures', note, header, rows, id: 'headline' };
}

/** A role's quota attainment across its people (P10 / P50 / P90, and the share at quota), or '' without a quota. */
function attainmentCell(v: ModelView, role: string): string {
  const [p10, p50, p90, at] = ['attainment_p10', 'attainment_p50', 'attainment_p90', 'at_quota_share'].map((m) => summaryOf(v.output, `role.${role}.${m}`)?.mean);
  if (p50 === undefined) return '';
  // Whole percentages: a distribution across a handful of people has no third digit to read.
  const pct = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '-' : String(Math.round(100 * x)));
  return `${pct(p10)} / ${pct(p50)} / ${pct(p90)}%; ${pct(at)}% at quota`;
}

/** A role's people: the mean on the books over the measured weeks where the run reports it (hires and phases count), else as declared. */
function people(v: ModelView, r: RoleView): number {
  return summaryOf(v.output, `role.${r.id}.headcount_mean`)?.mean ?? r.headcount;
}

/**
 * The roster side by side: every role of every model once, grouped as the
 * scenarios group them (ModelKind.roleViews), so that two models' roles of a
 * kind sit together without the report claiming they are one job; per model,
 * the people, their payroll, how busy they are with committed work and how
 * often they were the constraint.
 */
export function rosterTable(views: ModelView[], order: RoleView[]): Table {
  const money = views.some((v) => v.roles.some((r) => r.salary !== undefined));
  const committed = views.some((v) => v.output.summary.some((r) => r.metric.endsWith('.committed_utilization')));
  const constraint = views.some((v) => v.output.summary.some((r) => r.metric.startsWith('constraint_share.')));
  const quota = views.some((v) => v.output.summary.some((r) => r.metric.endsWith('.attainment_p50')));
  // Beside the one constraint a week: every week a role was saturated, so roles saturated at once all show.
  const saturated = views.some((v) => v.output.summary.some((r) => r.metric.endsWith('.saturated_share')));
  const columns = [
    'people',
    ...(money ? ['payroll ($/week)'] : []),
    committed ? 'committed utilization' : 'utilization',
    ...(constraint ? ['constraint (% of weeks)'] : []),
    ...(saturated ? ['saturated (% of weeks)'] : []),
    ...(quota ? ['quota attainment P10 / P50 / P90'] : []),
  ];
  const rows: Table['rows'] = [];
  let group = '';
  for (const role of order) {
    if (views.length > 0 && role.group !== group && order.some((r) => r.group !== order[0].group)) rows.push({ group: (group = role.group) });
    const cells = views.flatMap((v) => {
      const r = v.roles.find((x) => x.id === role.id);
      if (r === undefined) return columns.map(() => '');
      const n = people(v, r);
      const busy = summaryOf(v.output, `role.${r.id}.${committed ? 'committed_utilization' : 'utilization'}`) ?? summaryOf(v.output, `role.${r.id}.utilization`);
      const share = summaryOf(v.output, `constraint_share.${r.id}`);
      return [
        formatValue(n, 'number'),
        ...(money ? [r.salary === undefined ? '' : formatValue((n * r.salary * HOURS_PER_WEEK) / HOURS_PER_YEAR, 'money')] : []),
        busy === undefined ? '' : formatValue(busy.mean, 'share'),
        ...(constraint ? [share === undefined ? '' : formatValue(share.mean, 'share')] : []),
        ...(saturated ? [saturatedShare(v, r.id)] : []),
        ...(quota ? [attainmentCell(v, r.id)] : []),
      ];
    });
    rows.push([role.description === undefined ? roleLabel(role.id) : `${roleLabel(role.id)}: ${role.description}`, ...cells]);
  }
  const payroll = views.map((v) => summaryOf(v.output, 'payroll_week'));
  if (money && payroll.some((p) => p !== undefined)) {
    rows.push({ group: 'Total' });
    rows.push(['Payroll (every role)', ...views.flatMap((v, k) => columns.map((c, j) => (j === 1 && payroll[k] !== undefined ? formatValue(payroll[k]!.mean, 'money') : '')))]);
  }
  const header = ['role', ...views.flatMap(() => columns)];
  const over = views.length === 1 ? undefined : [{ label: '', span: 1 }, ...views.map((v) => ({ label: v.name, span: columns.length }))];
  const phased = views.some((v) => v.phases.length > 0);
  const grouped = order.some((r) => r.group !== order[0].group);
  return {
    heading: 'Roster and roles',
    note: [
      `Every role of ${views.length === 1 ? 'the scenario' : 'each scenario'}${grouped ? ', grouped by what the scenario declares of it (field work, sales support, cost only)' : ''}${views.length > 1 ? '; a role one scenario lacks is blank there' : ''}.`,
      `People: the mean on the books over the measured weeks${phased ? ' (hires and phases counted; a cost-only role as declared at the start)' : ''}${money ? '; payroll: people x yearly salary / 52.2' : ''}${committed ? '; committed utilization: hours on queued work (filler left out) over on-shift hours, what the constraint rule judges' : '; utilization: busy hours over on-shift hours'}.`,
      ...(saturated ? ['Saturated: the share of measured weeks in which the role\'s committed utilization was 90% or more (every such role, where the constraint names one a week).'] : []),
      ...(quota ? ["Quota attainment, for a role with a quota: each person's bookings (or revenue) over the measured weeks, annualised, over their yearly quota, across the people on the books throughout; its 10th, 50th and 90th percentiles and the share of people at or above quota, each the mean over replications."] : []),
    ].join(' '),
    header,
    ...(over === undefined ? {} : { over }),
    rows,
    id: 'roster',
  };
}

function saturatedShare(v: ModelView, role: string): string {
  const s = summaryOf(v.output, `role.${role}.saturated_share`);
  return s === undefined ? '' : formatValue(s.mean, 'share');
}

/** Every significant difference (compare.csv), by business area, labelled, biggest relative change first within each. */
export function differencesTable(ds: Difference[], roleName: (id: string) => string): Table | undefined {
  const shown = ds.filter((d) => d.significant && d.discovered);
  if (shown.length === 0) return undefined;
  const rel = (d: Difference) => (d.baselineMean !== 0 ? Math.abs(d.diff / d.baselineMean) : Infinity);
  const rows: Table['rows'] = [];
  for (const area of AREAS) {
    const mine = shown.filter((d) => metricInfo(d.metric, roleName).area === area).sort((a, b) => rel(b) - rel(a) || a.metric.localeCompare(b.metric));
    if (mine.length === 0) continue;
    rows.push({ group: AREA_LABELS[area] });
    for (const d of mine) {
      const info = metricInfo(d.metric, roleName);
      const change = d.baselineMean !== 0 ? `${d.diff > 0 ? '+' : ''}${((100 * d.diff) / Math.abs(d.baselineMean)).toFixed(1)}%` : 'from 0';
      rows.push([labelWithUnit(info), d.model, formatValue(d.baselineMean, info.format), formatValue(d.mean, info.format), `${formatValue(d.diff, info.format, true)}${range(d, info)}`, change, mark(d)]);
    }
  }
  return {
    heading: `Every significant difference (${shown.length})`,
    note: 'Paired differences (model minus baseline) whose 95% interval excludes zero and that stay significant with the false discovery rate held at 5% over all the model\'s metrics (Benjamini-Hochberg: of these, at most 1 in 20 is expected to be chance), by area, biggest relative change first.',
    header: ['metric', 'model', 'baseline', 'model', 'difference [95% interval]', 'change', ''],
    rows,
    id: 'differences',
  };
}
