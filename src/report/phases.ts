import { formatValue, labelWithUnit, metricInfo } from '../models/metrics.js';
import { roleWords, type ModelView } from './model-view.js';

/**
 * A run that changes in phases (a transition) read phase by phase: the
 * measured weeks of each phase, its mean weekly figures and the role most
 * often the constraint in it. Weeks in the warm-up are left out, as they are
 * from the summary.
 */

export interface PhaseWindow {
  /** 0 is the organization as it starts, k the phase k. */
  n: number;
  description: string;
  /** First and last measured week of the window (first > last: nothing measured in it). */
  first: number;
  last: number;
}

export function phaseWindows(v: ModelView): PhaseWindow[] {
  const measuredFrom = Math.floor(v.warmupWeeks) + 1;
  const end = v.output.weekly.lastWeek;
  const starts = [0, ...v.phases.map((p) => p.afterWeek)];
  return starts.map((after, k) => ({
    n: k,
    description: k === 0 ? 'as it starts' : v.phases[k - 1].description,
    first: Math.max(measuredFrom, Math.floor(after) + 1),
    last: Math.min(end, k + 1 < starts.length ? Math.floor(starts[k + 1]) : end),
  })).filter((w) => w.first <= w.last);
}

/** A weekly metric's mean over a window's weeks (of the weekly means over replications); NaN when it has none. */
export function windowMean(v: ModelView, metric: string, w: PhaseWindow): number {
  const weeks = v.output.weekly.summaries(metric).filter((s) => s.week >= w.first && s.week <= w.last);
  return weeks.length === 0 ? NaN : weeks.reduce((t, s) => t + s.row.mean, 0) / weeks.length;
}

/** The role most often the constraint over a window's weeks and replications, and its share (none when no week had one). */
export function windowConstraint(v: ModelView, w: PhaseWindow): { role: string; share: number } | undefined {
  const totals = new Map<string, number>();
  let n = 0;
  for (const { week, counts } of v.output.weekly.labels('constraint')) {
    if (week < w.first || week > w.last) continue;
    for (const [label, c] of counts) { totals.set(label, (totals.get(label) ?? 0) + c); n += c; }
  }
  const roles = [...totals].filter(([label]) => label !== 'none').sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return roles.length === 0 || n === 0 ? undefined : { role: roles[0][0], share: roles[0][1] / n };
}

/** The weekly metrics a phase table shows: the answer's, where the run has them week by week. */
function weeklyOf(v: ModelView, metrics: string[]): string[] {
  const weekly = new Set(v.output.weekly.metrics());
  return metrics.filter((m) => weekly.has(m)).slice(0, 5);
}

/** The table of a run's phases: weeks, what changed, the figures and the constraint. */
export function phaseTable(v: ModelView, metrics: string[]): { id: string; heading: string; note: string; header: string[]; rows: string[][] } | undefined {
  const windows = phaseWindows(v);
  if (v.phases.length === 0 || windows.length === 0) return undefined;
  const shown = weeklyOf(v, metrics);
  const rows = windows.map((w) => {
    const c = windowConstraint(v, w);
    return [
      w.n === 0 ? 'start' : String(w.n), `${w.first}-${w.last}`, w.description,
      ...shown.map((m) => formatValue(windowMean(v, m, w), metricInfo(m).format)),
      c === undefined ? 'none' : `${roleWords(c.role)} (${formatValue(c.share, 'share')} of weeks)`,
    ];
  });
  return {
    id: `phases-${v.name}`,
    heading: `Phase by phase: ${v.name}`,
    note: 'Each phase from the week after it begins to the week before the next (warm-up weeks left out): the mean of the weekly figures, and the role most often the constraint.',
    header: ['phase', 'weeks', 'what changes', ...shown.map((m) => labelWithUnit(metricInfo(m))), 'constraint most weeks'],
    rows,
  };
}

/**
 * One sentence of how the run ends against how it starts: the figures of its
 * first and last measured windows, and where the constraint moved.
 */
export function phaseSentence(v: ModelView, metrics: string[]): string | undefined {
  const windows = phaseWindows(v);
  if (v.phases.length === 0 || windows.length < 2) return undefined;
  const [a, b] = [windows[0], windows[windows.length - 1]];
  const changes = weeklyOf(v, metrics).slice(0, 3).map((m) => {
    const info = metricInfo(m);
    return `${info.label.toLowerCase()} from ${formatValue(windowMean(v, m, a), info.format)} to ${formatValue(windowMean(v, m, b), info.format)}${/week/.test(info.unit) ? ' per week' : ''}`;
  });
  const [ca, cb] = [windowConstraint(v, a), windowConstraint(v, b)];
  const constraint = (c: typeof ca) => (c === undefined ? 'none' : `${roleWords(c.role)} (${formatValue(c.share, 'share')} of weeks)`);
  const moved = ca?.role === cb?.role ? `the constraint stays ${constraint(cb)}` : `the constraint moves from ${constraint(ca)} to ${constraint(cb)}`;
  return `From weeks ${a.first}-${a.last} (${a.n === 0 ? 'as it starts' : `phase ${a.n}`}) to weeks ${b.first}-${b.last} (after its last phase): ${[...changes, moved].join('; ')}.`;
}
