import type { TopLevelSpec } from 'vega-lite';
import type { ModelOutput } from './outputs.js';
import { labelShares, roles, summaryOf, weeklyMeans } from './series.js';

/**
 * The report's charts as vega-lite specifications with their data inline, so a
 * saved .vl.json opens as it is in the vega editor and can be changed there.
 * Each builder returns null when the outputs hold nothing to draw (a network
 * scenario has no BD meetings, a single run has nothing to compare).
 */
export interface Chart { id: string; title: string; caption: string; spec: TopLevelSpec }

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 560;
/** One font the SVG-to-PNG step finds on any machine with DejaVu (Debian's default), a generic fallback otherwise. */
const CONFIG = { font: 'DejaVu Sans, Helvetica, Arial, sans-serif', legend: { orient: 'right' as const }, axis: { labelFontSize: 11, titleFontSize: 12 } };

const THROUGHPUT: [string, string][] = [
  ['orders_week', 'orders per week'],
  ['revenue_week', 'revenue per week ($)'],
  ['bd_meetings_week', 'BD meetings per week'],
];

function base(title: string, data: object[]): Pick<TopLevelSpec, '$schema' | 'title' | 'data' | 'config'> {
  return { $schema: SCHEMA, title, data: { values: data }, config: CONFIG } as Pick<TopLevelSpec, '$schema' | 'title' | 'data' | 'config'>;
}

/** Orders, revenue and BD meetings week by week, one line per model, with the 95% band over replications. */
export function throughputChart(models: ModelOutput[]): Chart | null {
  const rows = THROUGHPUT.flatMap(([metric, label]) => models.flatMap((m) => weeklyMeans(m, metric).map((p) => ({ ...p, metric: label }))));
  if (rows.length === 0) return null;
  const x = { field: 'week', type: 'quantitative', title: 'week' } as const;
  const color = { field: 'model', type: 'nominal', title: 'model', scale: { domain: models.map((m) => m.name) } } as const;
  return {
    id: 'throughput',
    title: 'Throughput over time',
    caption: 'Weekly mean over replications; the band is the 95% interval of that mean. The first weeks are the warm-up.',
    spec: {
      ...base('Throughput over time', rows),
      facet: { row: { field: 'metric', type: 'nominal', title: null, sort: THROUGHPUT.map(([, l]) => l), header: { labelOrient: 'top', labelAnchor: 'start', labelFontSize: 12, labelFontWeight: 'bold' } } },
      resolve: { scale: { y: 'independent' } },
      spec: {
        width: WIDTH,
        height: 140,
        layer: banded(rows, [{ mark: { type: 'area', opacity: 0.2 }, encoding: { x, y: { field: 'low', type: 'quantitative', title: null }, y2: { field: 'high' }, color } }], [
          { mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: null }, color } },
        ]),
      },
    } as TopLevelSpec,
  };
}

/** Utilization of every role week by week, as a heat map per model. */
export function utilizationChart(models: ModelOutput[]): Chart | null {
  const rows = models.flatMap((m) => roles(m).flatMap((role) =>
    weeklyMeans(m, `role.${role}.utilization`).map((p) => ({ model: m.name, role, week: p.week, utilization: p.mean }))));
  if (rows.length === 0) return null;
  return {
    id: 'utilization',
    title: 'Utilization by role and week',
    caption: 'Share of on-shift hours each role spent working (filler work excluded where the model has it), mean over replications. Dark red near 1 means no slack.',
    spec: {
      ...base('Utilization by role and week', rows),
      // One panel per model stacked (not a facet): each lists only its own roles.
      vconcat: perModel(models, {
        width: WIDTH,
        mark: 'rect',
        encoding: {
          x: { field: 'week', type: 'ordinal', title: 'week', axis: { labelAngle: 0, labelExpr: weekLabels(models) } },
          y: { field: 'role', type: 'nominal', title: null, sort: null },
          color: { field: 'utilization', type: 'quantitative', title: 'utilization', scale: { scheme: 'orangered', domain: [0, 1], clamp: true } },
          tooltip: [{ field: 'role' }, { field: 'week' }, { field: 'utilization', format: '.2f' }],
        },
      }),
      resolve: { scale: { color: 'shared' } },
    } as TopLevelSpec,
  };
}

/** The same view once per model, stacked, each filtered to its model and titled with its name. */
function perModel(models: ModelOutput[], view: object): object[] {
  return models.map((m) => ({ title: { text: m.name, anchor: 'start', fontSize: 12 }, transform: [{ filter: { field: 'model', equal: m.name } }], ...view }));
}

/** Work waiting for each role week by week (time-average queue length). */
export function queueChart(models: ModelOutput[]): Chart | null {
  const rows = models.flatMap((m) => roles(m).flatMap((role) =>
    weeklyMeans(m, `role.${role}.queue_length_mean`).map((p) => ({ model: m.name, role, week: p.week, queue: p.mean }))));
  if (rows.length === 0) return null;
  return {
    id: 'queues',
    title: 'Queue length by role',
    caption: 'Items waiting for each role (time average over the week, mean over replications). A line that keeps rising is an unstable queue.',
    spec: {
      ...base('Queue length by role', rows),
      facet: { row: { field: 'model', type: 'nominal', title: null, sort: models.map((m) => m.name), header: { labelOrient: 'top', labelAnchor: 'start', labelFontSize: 12, labelFontWeight: 'bold' } } },
      resolve: { scale: { y: 'independent' } },
      spec: {
        width: WIDTH,
        height: 160,
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: { field: 'week', type: 'quantitative', title: 'week' },
          y: { field: 'queue', type: 'quantitative', title: 'items waiting' },
          color: { field: 'role', type: 'nominal', title: 'role' },
        },
      },
    } as TopLevelSpec,
  };
}

/** How long work waits for each role before someone takes it up: mean over the measured weeks with its interval. */
export function waitChart(models: ModelOutput[]): Chart | null {
  const rows = models.flatMap((m) => roles(m).flatMap((role) => {
    const s = summaryOf(m, `role.${role}.wait_h_mean`);
    return s === undefined || !Number.isFinite(s.mean) ? [] : [{ model: m.name, role, mean: s.mean, low: nullable(s.ci95_low), high: nullable(s.ci95_high) }];
  }));
  if (rows.length === 0) return null;
  const names = models.map((m) => m.name);
  const y = { field: 'role', type: 'nominal', title: null, sort: [...new Set(rows.map((r) => r.role))] } as const;
  return {
    id: 'waits',
    title: 'Wait by role',
    caption: 'Mean hours from work reaching a role to someone taking it up (zero when someone was free; nights and weekends count; BD meetings wait for their booked date), with its 95% interval.',
    spec: {
      ...base('Wait by role', rows),
      width: WIDTH,
      encoding: { y, yOffset: { field: 'model', type: 'nominal', sort: names }, color: { field: 'model', type: 'nominal', title: 'model', scale: { domain: names } } },
      layer: banded(rows, [{ mark: { type: 'errorbar', color: 'black' }, encoding: { x: { field: 'low', type: 'quantitative', title: null }, x2: { field: 'high' } } }], [
        // A symmetric log scale: meetings booked weeks ahead and calls answered in minutes on one axis.
        { mark: 'bar', encoding: { x: { field: 'mean', type: 'quantitative', title: 'hours waiting (mean, log scale)', scale: { type: 'symlog' } } } },
      ], true),
    } as TopLevelSpec,
  };
}

/** Which role was the constraint each week: the share of replications naming each role. */
export function constraintChart(models: ModelOutput[]): Chart | null {
  const rows = models.flatMap((m) => labelShares(m, 'constraint'));
  if (rows.length === 0) return null;
  const labels = [...new Set(rows.map((r) => r.label))].sort((a, b) => (a === 'none' ? 1 : b === 'none' ? -1 : a.localeCompare(b)));
  return {
    id: 'constraint',
    title: 'Constraint timeline',
    caption: 'Each week, the share of replications in which each role was the constraint (README: the constraint rule); grey is no constraint.',
    spec: {
      ...base('Constraint timeline', rows),
      facet: { row: { field: 'model', type: 'nominal', title: null, sort: models.map((m) => m.name), header: { labelOrient: 'top', labelAnchor: 'start', labelFontSize: 12, labelFontWeight: 'bold' } } },
      spec: {
        width: WIDTH,
        height: 80,
        mark: 'bar',
        encoding: {
          x: { field: 'week', type: 'ordinal', title: 'week', axis: { labelAngle: 0, labelExpr: weekLabels(models) } },
          y: { field: 'share', type: 'quantitative', title: 'share of runs', stack: 'normalize', axis: { format: '%' } },
          color: {
            field: 'label', type: 'nominal', title: 'constraint',
            scale: { domain: labels, range: labels.map((l, k) => (l === 'none' ? '#d9d9d9' : PALETTE[k % PALETTE.length])) },
          },
          order: { field: 'label' },
        },
      },
    } as TopLevelSpec,
  };
}

const TABLEAU20 = ['#4c78a8', '#9ecae9', '#f58518', '#ffbf79', '#54a24b', '#88d27a', '#b79a20', '#f2cf5b', '#439894', '#83bcb6',
  '#e45756', '#ff9d98', '#79706e', '#bab0ac', '#d67195', '#fcbfd2', '#b279a2', '#d6a5c9', '#9e765f', '#d8b5a5'];
const PALETTE = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];

/** Where each role's hours go: the time share of every activity, one bar per role, models side by side. */
export function hoursChart(models: ModelOutput[]): Chart | null {
  const rows: { model: string; role: string; activity: string; share: number }[] = [];
  for (const m of models) {
    for (const role of roles(m)) {
      // time_share is a share of busy hours; scaled by utilization it becomes a share of
      // on-shift hours, and what is left is idle time.
      const utilization = summaryOf(m, `role.${role}.utilization`)?.mean ?? NaN;
      if (!Number.isFinite(utilization)) continue;
      const busy = Math.min(1, utilization);
      const prefix = `role.${role}.time_share.`;
      for (const r of m.summary) {
        if (!r.metric.startsWith(prefix) || !(r.mean > 0)) continue;
        rows.push({ model: m.name, role, activity: r.metric.slice(prefix.length).replaceAll('_', ' '), share: r.mean * busy });
      }
      if (busy < 1) rows.push({ model: m.name, role, activity: 'idle', share: 1 - busy });
    }
  }
  if (rows.length === 0) return null;
  // Idle last and grey, so the work stacks from the left and slack shows at the right.
  const activities = [...new Set(rows.map((r) => r.activity))].filter((a) => a !== 'idle').sort();
  const domain = [...activities, 'idle'];
  const range = [...activities.map((_, k) => TABLEAU20[k % TABLEAU20.length]), '#e8e8e8'];
  const ordered = rows.map((r) => ({ ...r, order: domain.indexOf(r.activity) }));
  return {
    id: 'hours',
    title: "Where each role's hours go",
    caption: 'Share of on-shift hours by activity over the measured weeks: travel is counted apart, filler work (outbound calls when nothing waits) counts as work, idle is what is left.',
    spec: {
      ...base("Where each role's hours go", ordered),
      vconcat: perModel(models, {
        width: WIDTH,
        mark: 'bar',
        encoding: {
          y: { field: 'role', type: 'nominal', title: null, sort: null },
          x: { field: 'share', type: 'quantitative', title: 'share of hours', axis: { format: '%' }, scale: { domain: [0, 1] } },
          color: { field: 'activity', type: 'nominal', title: 'activity', scale: { domain, range } },
          order: { field: 'order', type: 'quantitative' },
          tooltip: [{ field: 'role' }, { field: 'activity' }, { field: 'share', format: '.1%' }],
        },
      }),
      resolve: { scale: { color: 'shared', x: 'shared' } },
    } as TopLevelSpec,
  };
}

const ECONOMICS: [string, string][] = [['payroll_week', 'payroll'], ['revenue_week', 'revenue'], ['gross_margin_week', 'gross margin']];

/** Payroll against revenue and gross margin per week, per model, with 95% intervals. */
export function economicsChart(models: ModelOutput[]): Chart | null {
  const rows = models.flatMap((m) => ECONOMICS.flatMap(([metric, measure]) => {
    const s = summaryOf(m, metric);
    return s === undefined ? [] : [{ model: m.name, measure, mean: s.mean, low: nullable(s.ci95_low), high: nullable(s.ci95_high) }];
  }));
  if (rows.length === 0) return null;
  const x = { field: 'measure', type: 'nominal', title: null, sort: ECONOMICS.map(([, l]) => l), axis: { labelAngle: 0 } } as const;
  return {
    id: 'economics',
    title: 'Payroll, revenue and margin',
    caption: 'Dollars per week over the measured weeks, mean with its 95% interval.',
    spec: {
      ...base('Payroll, revenue and margin', rows),
      width: 360,
      height: 220,
      encoding: { x, xOffset: { field: 'model', type: 'nominal', sort: models.map((m) => m.name) }, color: { field: 'model', type: 'nominal', title: 'model', scale: { domain: models.map((m) => m.name) } } },
      layer: banded(rows, [{ mark: { type: 'errorbar', color: 'black' }, encoding: { y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } }], [
        { mark: 'bar', encoding: { y: { field: 'mean', type: 'quantitative', title: '$ per week' } } },
      ], true),
    } as TopLevelSpec,
  };
}

/** Every chart the outputs of runs (one model, or several compared) can draw. */
export function modelCharts(models: ModelOutput[]): Chart[] {
  return [throughputChart, utilizationChart, queueChart, waitChart, constraintChart, hoursChart, economicsChart]
    .map((build) => build(models))
    .filter((c): c is Chart => c !== null);
}

/**
 * The layers of a chart with its interval bands (drawn under the means, or over them for
 * error bars), left out when no row has an interval: one replication has none, and an
 * encoding of nothing but nulls has no extent to draw.
 */
export function banded(rows: { low: number | null }[], bands: object[], main: object[], over = false): object[] {
  if (!rows.some((r) => r.low !== null)) return main;
  return over ? [...main, ...bands] : [...bands, ...main];
}

/** Week labels every 4 weeks, every 8 on runs longer than a year (so they do not run together). */
function weekLabels(models: ModelOutput[]): string {
  const weeks = Math.max(0, ...models.map((m) => m.weekly.lastWeek));
  return `datum.value % ${weeks > 60 ? 8 : 4} === 0 ? datum.label : ""`;
}

function nullable(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

