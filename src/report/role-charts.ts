import type { TopLevelSpec } from 'vega-lite';
import { ACTIVITY_GROUPS, activityGroup, formatValue, words, type ActivityGroup } from '../models/metrics.js';
import { banded, base, type Chart, CONFIG, type ChartContext, nullable, panelTitle, SCHEMA, weekAxis, WIDTH } from './chart-kit.js';
import { NONE_COLOUR, roleLabel, roleWords, type ModelView, type RoleColours } from './model-view.js';
import { labelShares, roles, summaryOf, weeklyMeans } from './series.js';
import { timelineLayers, timelineMarks, timelineNote } from './timeline.js';

/**
 * The charts of the roles: each role shown by its label, in the one colour it
 * has in every chart of the report (ChartContext.colours), one panel per model
 * so that each lists only its own roles.
 */

/** A colour scale of the roles (labels) a chart draws, each in its report-wide colour. */
function roleScale(ids: string[], colours: RoleColours, none?: string): { domain: string[]; range: string[] } {
  const domain = ids.map(roleLabel);
  const range = ids.map((id) => colours.get(id) ?? NONE_COLOUR);
  return none === undefined ? { domain, range } : { domain: [...domain, none], range: [...range, NONE_COLOUR] };
}

/** The roles of a model that have metrics, in the report's order of roles. */
function chartedRoles(v: ModelView, colours: RoleColours): string[] {
  const have = new Set(roles(v.output));
  return [...colours.keys()].filter((id) => have.has(id));
}

/** Utilization of every role week by week, as a heat map per model. */
export function utilizationChart({ views, colours }: ChartContext): Chart | null {
  const marks = timelineMarks(views);
  const x = weekAxis(views);
  const panels = views.flatMap((v) => {
    const ids = chartedRoles(v, colours);
    const rows = ids.flatMap((role) => weeklyMeans(v.output, `role.${role}.utilization`).map((p) => ({ role: roleLabel(role), x0: p.week - 0.5, x1: p.week + 0.5, week: p.week, utilization: p.mean })));
    if (rows.length === 0) return [];
    const { under, above } = timelineLayers(marks, x, true);
    return [{
      title: panelTitle(v.name), width: WIDTH, height: Math.max(60, 18 * ids.length),
      layer: [...under, {
        data: { values: rows },
        mark: 'rect',
        encoding: {
          x: { ...x, field: 'x0' }, x2: { field: 'x1' },
          y: { field: 'role', type: 'nominal', title: null, sort: ids.map(roleLabel) },
          color: { field: 'utilization', type: 'quantitative', title: ['utilization', '(filler included)'], scale: { scheme: 'orangered', domain: [0, 1], clamp: true }, legend: { format: '.0%' } },
          tooltip: [{ field: 'role' }, { field: 'week' }, { field: 'utilization', format: '.0%' }],
        },
      }, ...above],
    }];
  });
  if (panels.length === 0) return null;
  // Filler work (outbound calls when nothing waits) fills a role's free hours: its cells read
  // near 100% while it has slack. Committed utilization leaves it out, but it is not weekly.
  const filled = views.flatMap((v) => chartedRoles(v, colours).flatMap((role) => {
    const all = summaryOf(v.output, `role.${role}.utilization`)?.mean ?? NaN;
    const committed = summaryOf(v.output, `role.${role}.committed_utilization`)?.mean ?? NaN;
    return all - committed > 0.1 ? [`${roleWords(role)} in ${v.name} (${formatValue(all, 'share')} with filler, ${formatValue(committed, 'share')} committed)`] : [];
  }));
  const filler = filled.length === 0 ? '' : ` Filler work fills the free time of ${filled.join('; ')}: their cells read busy while they have slack (the roles table gives committed utilization, which leaves filler out).`;
  return {
    id: 'utilization',
    title: 'Utilization by role and week',
    caption: `Share of on-shift hours each role spent working, filler work included, mean over replications. Dark red near 100% means no slack.${filler} ${timelineNote(marks)}`.trim(),
    spec: { $schema: SCHEMA, title: 'Utilization by role and week', config: CONFIG, vconcat: panels, resolve: { scale: { color: 'shared', x: 'shared' } } } as TopLevelSpec,
  };
}

/** Work waiting for each role week by week (time-average queue length). */
export function queueChart({ views, colours }: ChartContext): Chart | null {
  const marks = timelineMarks(views);
  const x = weekAxis(views);
  const panels = views.flatMap((v) => {
    const ids = chartedRoles(v, colours);
    const rows = ids.flatMap((role) => weeklyMeans(v.output, `role.${role}.queue_length_mean`).map((p) => ({ role: roleLabel(role), week: p.week, queue: p.mean })));
    if (rows.length === 0) return [];
    const { under, above } = timelineLayers(marks, x);
    return [{
      title: panelTitle(v.name), width: WIDTH, height: 160,
      layer: [...under, {
        data: { values: rows },
        mark: { type: 'line', strokeWidth: 1.5 },
        encoding: {
          x: { ...x, field: 'week' },
          y: { field: 'queue', type: 'quantitative', title: 'items waiting' },
          color: { field: 'role', type: 'nominal', title: 'role', scale: roleScale(ids, colours) },
          tooltip: [{ field: 'role' }, { field: 'week' }, { field: 'queue', format: '.1f' }],
        },
      }, ...above],
    }];
  });
  if (panels.length === 0) return null;
  return {
    id: 'queues',
    title: 'Queue length by role',
    caption: `Items waiting for each role (time average over the week, mean over replications). A line that keeps rising is an unstable queue. ${timelineNote(marks)}`.trim(),
    spec: { $schema: SCHEMA, title: 'Queue length by role', config: CONFIG, vconcat: panels, resolve: { scale: { color: 'independent', x: 'shared' } } } as TopLevelSpec,
  };
}

/** How long work waits for each role before someone takes it up: mean over the measured weeks with its interval. */
export function waitChart({ views, colours }: ChartContext): Chart | null {
  const axis = { type: 'quantitative', title: 'hours waiting (mean, log scale)', scale: { type: 'symlog' } } as const;
  const panels = views.flatMap((v) => {
    const ids = chartedRoles(v, colours).filter((role) => Number.isFinite(summaryOf(v.output, `role.${role}.wait_h_mean`)?.mean ?? NaN));
    const rows = ids.map((role) => {
      const s = summaryOf(v.output, `role.${role}.wait_h_mean`)!;
      return { role: roleLabel(role), mean: s.mean, low: nullable(s.ci95_low), high: nullable(s.ci95_high) };
    });
    if (rows.length === 0) return [];
    const y = { field: 'role', type: 'nominal', title: null, sort: ids.map(roleLabel) } as const;
    return [{
      title: panelTitle(v.name), width: WIDTH, height: Math.max(40, 20 * ids.length), data: { values: rows },
      encoding: { y },
      // Every layer names the axis the same way: vega-lite drops a title the layers disagree on.
      layer: banded(rows, [{ mark: { type: 'errorbar', color: 'black' }, encoding: { x: { ...axis, field: 'low' }, x2: { field: 'high' } } }], [
        { mark: 'bar', encoding: { x: { ...axis, field: 'mean' }, color: { field: 'role', type: 'nominal', scale: roleScale(ids, colours), legend: null }, tooltip: [{ field: 'role' }, { field: 'mean', format: '.2f', title: 'hours' }] } },
      ], true),
    }];
  });
  if (panels.length === 0) return null;
  return {
    id: 'waits',
    title: 'Wait by role',
    caption: 'Mean hours from work reaching a role to someone taking it up (zero when someone was free; nights and weekends count; BD meetings wait for their booked date), with its 95% interval. One scale for every model.',
    spec: { $schema: SCHEMA, title: 'Wait by role', config: CONFIG, vconcat: panels, resolve: { scale: { x: 'shared', color: 'independent' } } } as TopLevelSpec,
  };
}

/** Which role was the constraint each week: the share of replications naming each role. */
export function constraintChart({ views, colours }: ChartContext): Chart | null {
  const marks = timelineMarks(views);
  const x = weekAxis(views);
  const none = 'no constraint';
  const panels = views.flatMap((v) => {
    const shares = labelShares(v.output, 'constraint');
    if (shares.length === 0) return [];
    const ids = [...colours.keys()].filter((id) => shares.some((s) => s.label === id));
    const order = (label: string) => (label === 'none' ? ids.length : ids.indexOf(label));
    const rows = shares.map((s) => ({ week: s.week, x0: s.week - 0.5, x1: s.week + 0.5, role: s.label === 'none' ? none : roleLabel(s.label), share: s.share, order: order(s.label) }));
    const { under, above } = timelineLayers(marks, x, true);
    return [{
      title: panelTitle(v.name), width: WIDTH, height: 80,
      layer: [...under, {
        data: { values: rows },
        transform: [{ stack: 'share', groupby: ['week'], sort: [{ field: 'order' }], as: ['y0', 'y1'], offset: 'normalize' }],
        mark: 'rect',
        encoding: {
          x: { ...x, field: 'x0' }, x2: { field: 'x1' },
          y: { field: 'y0', type: 'quantitative', title: 'share of runs', axis: { format: '%', tickCount: 2 } }, y2: { field: 'y1' },
          color: { field: 'role', type: 'nominal', title: 'constraint', scale: roleScale(ids, colours, none) },
          tooltip: [{ field: 'week' }, { field: 'role' }, { field: 'share', format: '.0%' }],
        },
      }, ...above],
    }];
  });
  if (panels.length === 0) return null;
  return {
    id: 'constraint',
    title: 'Constraint timeline',
    caption: `Each week, the share of replications in which each role was the constraint (README: the constraint rule); grey is no constraint. ${timelineNote(marks)}`.trim(),
    spec: { $schema: SCHEMA, title: 'Constraint timeline', config: CONFIG, vconcat: panels, resolve: { scale: { color: 'independent', x: 'shared' } } } as TopLevelSpec,
  };
}

/** One colour per kind of work (selling, service, ...); idle is the light grey of 'nothing'. */
const ACTIVITY_COLOURS: Record<ActivityGroup, string> = {
  selling: '#2f7ebc', service: '#f0a030', technical: '#8e63b5', production: '#a1785c', admin: '#7f8c8d', travel: '#d9534f', 'other work': '#5fa8a0', idle: '#e8e8e8',
};

/** Where each role's hours go: the time share of every activity, stacked by kind of work, one bar per role. */
export function hoursChart({ views, colours }: ChartContext): Chart | null {
  const rows: { model: string; role: string; activity: string; group: ActivityGroup; share: number; order: number }[] = [];
  for (const v of views) {
    for (const role of chartedRoles(v, colours)) {
      // time_share is a share of busy hours; scaled by utilization it becomes a share of
      // on-shift hours, and what is left is idle time.
      const utilization = summaryOf(v.output, `role.${role}.utilization`)?.mean ?? NaN;
      if (!Number.isFinite(utilization)) continue;
      const busy = Math.min(1, utilization);
      const prefix = `role.${role}.time_share.`;
      for (const r of v.output.summary) {
        if (!r.metric.startsWith(prefix) || !(r.mean > 0)) continue;
        const activity = r.metric.slice(prefix.length);
        const group = activityGroup(activity);
        rows.push({ model: v.name, role: roleLabel(role), activity: words(activity), group, share: r.mean * busy, order: ACTIVITY_GROUPS.indexOf(group) });
      }
      if (busy < 1) rows.push({ model: v.name, role: roleLabel(role), activity: 'idle', group: 'idle', share: 1 - busy, order: ACTIVITY_GROUPS.length });
    }
  }
  if (rows.length === 0) return null;
  // Kinds of work stack from the left in one order, idle last, so slack shows at the right.
  const domain = ACTIVITY_GROUPS.filter((g) => rows.some((r) => r.group === g));
  return {
    id: 'hours',
    title: "Where each role's hours go",
    caption: 'Share of on-shift hours by kind of work over the measured weeks (each task a segment; hover for its name): travel is counted apart, filler work (outbound calls when nothing waits) counts as the work it is, idle is what is left.',
    spec: {
      ...base("Where each role's hours go", rows),
      vconcat: views.filter((v) => rows.some((r) => r.model === v.name)).map((v) => ({
        title: panelTitle(v.name),
        transform: [{ filter: { field: 'model', equal: v.name } }],
        width: WIDTH,
        mark: { type: 'bar', stroke: 'white', strokeWidth: 0.5 },
        encoding: {
          y: { field: 'role', type: 'nominal', title: null, sort: chartedRoles(v, colours).map(roleLabel) },
          x: { field: 'share', type: 'quantitative', title: 'share of on-shift hours', axis: { format: '%' }, scale: { domain: [0, 1] } },
          color: { field: 'group', type: 'nominal', title: 'kind of work', scale: { domain, range: domain.map((g) => ACTIVITY_COLOURS[g]) } },
          order: { field: 'order', type: 'quantitative' },
          tooltip: [{ field: 'role' }, { field: 'activity' }, { field: 'share', format: '.1%' }],
        },
      })),
      resolve: { scale: { color: 'shared', x: 'shared' } },
    } as TopLevelSpec,
  };
}
