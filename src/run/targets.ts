import { distance } from 'fastest-levenshtein';
import { reload, type LoadedScenario } from '../models/index.js';
import { UserError } from '../scenario/load.js';
import { runStudy } from './study.js';
import type { SummaryRow } from './summary.js';

/**
 * Service or output targets such as `on_time_task_fraction>=0.9`. A target is met
 * with confidence when the 95% interval lies on the right side of the threshold:
 * its lower bound for `>=` and `>`, its upper bound for `<=` and `<`.
 */
export interface Target {
  text: string;
  metric: string;
  op: '>=' | '<=' | '>' | '<';
  threshold: number;
}

const TARGET_RE = /^\s*([A-Za-z0-9_.-]+)\s*(>=|<=|>|<)\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*$/;

export function parseTarget(text: string): Target {
  const m = TARGET_RE.exec(text);
  if (m === null) throw new UserError(`--target ${text}: expected metric, one of >= <= > <, and a number, e.g. 'on_time_task_fraction>=0.9'`);
  return { text: `${m[1]}${m[2]}${m[3]}`, metric: m[1], op: m[2] as Target['op'], threshold: Number(m[3]) };
}

/**
 * The metric names nearest a misspelt one: those sharing its last part, then
 * those within a few edits of it (a typo), at most six.
 */
export function nearestNames(name: string, names: readonly string[]): string[] {
  const stem = name.split('.').slice(-1)[0];
  const sharing = names.filter((n) => n.includes(stem) || stem.includes(n.split('.').slice(-1)[0]));
  const typos = names.map((n) => ({ n, d: distance(name, n) })).filter((x) => x.d <= Math.max(2, Math.floor(name.length / 5)))
    .sort((a, b) => a.d - b.d).map((x) => x.n);
  return [...new Set([...typos, ...sharing])].slice(0, 6);
}

/** A user error for a target on a metric the scenario does not report, with the nearest names. */
export function checkTargetMetrics(targets: Target[], names: string[]): void {
  for (const t of targets) {
    if (names.includes(t.metric)) continue;
    const near = nearestNames(t.metric, names);
    const hint = near.length > 0 ? `did you mean ${near.join(', ')}?` : 'see summary.csv of `salesim run` for the metric names';
    throw new UserError(`--target ${t.text}: unknown metric '${t.metric}' (${hint})`);
  }
}

/** The interval bound that must clear the threshold. */
export function bound(t: Target, row: SummaryRow | undefined): number {
  if (row === undefined) return NaN;
  return t.op === '>=' || t.op === '>' ? row.ci95_low : row.ci95_high;
}

export function met(t: Target, row: SummaryRow | undefined): boolean {
  const b = bound(t, row);
  if (Number.isNaN(b)) return false;
  switch (t.op) {
    case '>=': return b >= t.threshold;
    case '>': return b > t.threshold;
    case '<=': return b <= t.threshold;
    default: return b < t.threshold;
  }
}

/**
 * How far the bound is on the wrong side of the threshold, relative to the
 * threshold's size (so that targets in different units add up); 0 when met, 1
 * when the metric is undefined.
 */
export function shortfall(t: Target, row: SummaryRow | undefined): number {
  if (met(t, row)) return 0;
  const b = bound(t, row);
  if (Number.isNaN(b)) return 1;
  const gap = t.op === '>=' || t.op === '>' ? t.threshold - b : b - t.threshold;
  return Math.max(gap, 0) / (Math.abs(t.threshold) || 1);
}

/** The summary metric names of a scenario, from a one-week run of one replication (cheap), to check targets before a study runs. */
export function scenarioMetricNames(loaded: LoadedScenario): string[] {
  const probe = reload(loaded, ['run.horizon=1 wk', 'run.warmup=0', 'run.replications=1']);
  return runStudy(probe, { replications: 1, seed: probe.scenario.run.seed }).summary.map((r) => r.metric);
}

/** `--target` texts parsed and checked against the scenario's metrics (before anything runs). */
export function checkedTargets(texts: readonly string[], loaded: LoadedScenario): Target[] {
  const targets = texts.map(parseTarget);
  if (targets.length > 0) checkTargetMetrics(targets, scenarioMetricNames(loaded));
  return targets;
}
