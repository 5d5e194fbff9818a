import { linearRegression } from 'simple-statistics';
import { parseDuration } from '../scenario/units.js';
import type { ModelOutput } from './outputs.js';
import { roles, summaryOf, weeklyMeans } from './series.js';

/** What a reader must know before trusting a run's numbers. */
export interface Warning { model: string; kind: 'sales-support-constraint' | 'unstable-queue' | 'short-run'; text: string }

/** A queue counts as unstable when it still grows by this much of its own mean over the measured weeks... */
const GROWTH_SHARE = 0.5;
/** ...and by at least this many items (a queue going from 0.1 to 0.3 is noise, not instability). */
const GROWTH_ITEMS = 5;
/** An interval wider than this share of its mean (either side) is too wide to tell models apart reliably. */
const WIDE = 0.1;
/** Headline figures checked for width: the ones a reader compares first. */
const CHECKED = ['bd_meetings_per_field_rep_week', 'orders_week', 'revenue_week', 'on_time_task_fraction', 'payroll_week'];

export function warningsOf(m: ModelOutput): Warning[] {
  const out: Warning[] = m.warnings.map((text) => ({ model: m.name, kind: 'sales-support-constraint' as const, text }));
  const first = firstMeasuredWeek(m);
  for (const role of roles(m)) {
    const points = weeklyMeans(m, `role.${role}.queue_length_mean`).filter((p) => p.week >= first);
    if (points.length < 4) continue;
    const { m: slope } = linearRegression(points.map((p) => [p.week, p.mean]));
    const growth = slope * (points[points.length - 1].week - points[0].week);
    const level = points.reduce((a, p) => a + p.mean, 0) / points.length;
    if (growth > GROWTH_ITEMS && growth > GROWTH_SHARE * level) {
      out.push({ model: m.name, kind: 'unstable-queue', text: `${role}: the queue grows by about ${growth.toFixed(0)} items from week ${first} to the end (mean ${level.toFixed(1)}): no steady state, so its means depend on the run length` });
    }
  }
  const reps = Number(m.run.replications);
  if (Number.isFinite(reps) && reps < 5) out.push({ model: m.name, kind: 'short-run', text: `only ${reps} replications: intervals are unreliable below about 5` });
  const wide = CHECKED.flatMap((metric) => {
    const s = summaryOf(m, metric);
    if (s === undefined || !Number.isFinite(s.ci95_high) || s.mean === 0) return [];
    const half = (s.ci95_high - s.ci95_low) / 2;
    return half > WIDE * Math.abs(s.mean) ? [`${metric} ±${((100 * half) / Math.abs(s.mean)).toFixed(0)}%`] : [];
  });
  if (wide.length > 0) out.push({ model: m.name, kind: 'short-run', text: `wide 95% intervals (${wide.join(', ')}): run more replications or weeks` });
  return out;
}

/**
 * The first week whose queues should be steady: after the warm-up and after the last phase
 * of a transition (a queue that grows while the organization changes is the point of the run,
 * not instability). weekly.csv counts weeks from time 0.
 */
function firstMeasuredWeek(m: ModelOutput): number {
  const resolved = m.run.resolved as { run?: { warmup?: unknown }; phases?: { at?: unknown }[] } | undefined;
  const starts = [resolved?.run?.warmup, ...(resolved?.phases ?? []).map((p) => p.at)].map(hoursOf);
  return Math.floor(Math.max(0, ...starts) / 168) + 1;
}

function hoursOf(d: unknown): number {
  return typeof d === 'number' ? d : typeof d === 'string' ? parseDuration(d) ?? 0 : 0;
}
