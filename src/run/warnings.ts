import { linearRegression } from 'simple-statistics';
import { HOURS_PER_WEEK } from '../kernel/calendar.js';
import type { LoadedScenario } from '../scenario/load.js';
import type { BreakingPoint } from './stress.js';
import type { StudyResult } from './study.js';

/**
 * What a reader must know before trusting a study's numbers, judged here from
 * the study's aggregates (not in the report), so that every command prints and
 * writes them (warnings.csv), with or without a report.
 */
export type WarningKind = 'sales-support-constraint' | 'unstable-queue' | 'short-run';

export interface Warning {
  /** The scenario (a compared model's folder name) it is about. */
  scenario: string;
  kind: WarningKind;
  /** The role it is about, or '' (a note on the whole run). */
  role: string;
  /** How many measured weeks (per replication) it was judged on; null when weeks do not enter. */
  weeks: number | null;
  /** One sentence saying what it is, e.g. `unstable queue: production: ...`. */
  text: string;
}

/** A queue counts as unstable when it still grows by this much of its own mean over the measured weeks... */
const GROWTH_SHARE = 0.5;
/** ...and by at least this many items (a queue going from 0.1 to 0.3 is noise, not instability). */
const GROWTH_ITEMS = 5;
/** Fewer measured weeks than this give no trend to judge. */
const TREND_WEEKS = 4;
/** Fewer replications than this give unreliable intervals. */
const FEW_REPLICATIONS = 5;
/** An interval wider than this share of its mean (either side) is too wide to tell models apart reliably. */
const WIDE = 0.1;
/** Headline figures checked for width: the ones a reader compares first. */
const CHECKED = ['bd_meetings_per_field_rep_week', 'orders_week', 'revenue_week', 'on_time_task_fraction', 'payroll_week'];

/** Every warning about one study: F9 (sales), unstable queues, too few replications, wide intervals. */
export function studyWarnings(scenario: string, loaded: LoadedScenario, study: StudyResult): Warning[] {
  const out: Warning[] = [];
  const labels = (series: string) => study.weekly.labels(series).map((w) => w.counts);
  for (const w of loaded.model.labelWarnings(loaded.spec, labels, study.count)) out.push({ scenario, ...w });
  out.push(...unstableQueues(scenario, loaded, study));
  out.push(...shortRun(scenario, study));
  return out;
}

/**
 * A role's queue (the weekly mean over replications of its time-average queue
 * length) that still grows through the measured weeks: a least-squares line
 * through them rises by more than GROWTH_ITEMS and GROWTH_SHARE of its level.
 */
function unstableQueues(scenario: string, loaded: LoadedScenario, study: StudyResult): Warning[] {
  const first = firstMeasuredWeek(loaded);
  const out: Warning[] = [];
  for (const role of roles(study.names)) {
    const points = study.weekly.moments(`role.${role}.queue_length_mean`).filter((p) => p.week >= first);
    if (points.length < TREND_WEEKS) continue;
    const { m: slope } = linearRegression(points.map((p) => [p.week, p.mean]));
    const growth = slope * (points[points.length - 1].week - points[0].week);
    const level = points.reduce((a, p) => a + p.mean, 0) / points.length;
    if (growth > GROWTH_ITEMS && growth > GROWTH_SHARE * level) {
      out.push({
        scenario, kind: 'unstable-queue', role, weeks: points.length,
        text: `unstable queue: ${role}: the queue grows by about ${growth.toFixed(0)} items from week ${first} to the end (mean ${level.toFixed(1)}): no steady state, so its means depend on the run length`,
      });
    }
  }
  return out;
}

function shortRun(scenario: string, study: StudyResult): Warning[] {
  const out: Warning[] = [];
  if (study.count < FEW_REPLICATIONS) {
    out.push({ scenario, kind: 'short-run', role: '', weeks: null, text: `run too short: only ${study.count} replications: intervals are unreliable below about ${FEW_REPLICATIONS}` });
  }
  const rows = new Map(study.summary.map((r) => [r.metric, r]));
  const wide = CHECKED.flatMap((metric) => {
    const s = rows.get(metric);
    if (s === undefined || !Number.isFinite(s.ci95_high) || s.mean === 0) return [];
    const half = (s.ci95_high - s.ci95_low) / 2;
    return half > WIDE * Math.abs(s.mean) ? [`${metric} ±${((100 * half) / Math.abs(s.mean)).toFixed(0)}%`] : [];
  });
  if (wide.length > 0) out.push({ scenario, kind: 'short-run', role: '', weeks: null, text: `run too short: wide 95% intervals (${wide.join(', ')}): run more replications or weeks` });
  return out;
}

/** F9 for a stress test: the first role to break is sales support, and it broke by becoming the constraint. */
export function stressSupportWarnings(scenario: string, loaded: LoadedScenario, first: BreakingPoint[]): Warning[] {
  const support = new Set(loaded.model.supportRoles(loaded.spec));
  return first
    .filter((p) => support.has(p.role) && p.by.some((b) => b.rule === 'constraint'))
    .map((p) => ({
      scenario, kind: 'sales-support-constraint' as const, role: p.role, weeks: null,
      text: `sales support is the constraint: ${p.role} is the first role to break, at x${p.multiplier}, as the constraint: sales support should never limit throughput (F9)`,
    }));
}

/**
 * The first week whose queues should be steady: after the warm-up and after the last phase
 * of a transition (a queue that grows while the organization changes is the point of the run,
 * not instability). Weeks count from 1 at time 0.
 */
function firstMeasuredWeek(loaded: LoadedScenario): number {
  const starts = [loaded.spec.run.warmup, ...loaded.model.changes(loaded.spec)];
  return Math.floor(Math.max(0, ...starts) / HOURS_PER_WEEK) + 1;
}

/** Roles named in a study's metrics (`role.<name>.utilization`), in metric order. */
function roles(names: string[]): string[] {
  return names.flatMap((n) => {
    const m = /^role\.([^.]+)\.utilization$/.exec(n);
    return m === null ? [] : [m[1]];
  });
}

/** A warning as one line for the terminal. */
export function warningLine(w: Warning, withScenario: boolean): string {
  return `warning: ${withScenario ? `${w.scenario}: ` : ''}${w.text}`;
}
