import { ANSWER_ORDER, formatValue, labelWithUnit, metricInfo, type MetricInfo } from '../models/metrics.js';
import { roleWords, type ModelView } from './model-view.js';
import type { Difference } from './outputs.js';
import { phaseSentence } from './phases.js';
import { roles as measuredRoles, summaryOf } from './series.js';
import { byBreakingPoint, COMPANY, companyService, growWhat, lastMultiplier, type StressOutput } from './stress.js';

/**
 * The answer a report opens with, computed from the results: what was run or
 * compared, the headline result in a sentence or two (the objective's
 * difference with its interval, or its level), the constraint, and a small
 * table of the figures the answer is judged on. Text only: html.ts escapes
 * and lays it out.
 */
export interface Answer {
  /** What was run or compared, and how (replications, weeks, warm-up). */
  what: string;
  /** Each model with its own description of itself. */
  models: { name: string; description?: string }[];
  /** The result: the first sentence is the headline. */
  headline: string[];
  /** More to know: the constraint, how a run's phases end, a stress test's order of breaking. */
  notes: string[];
  table?: { header: string[]; rows: string[][] };
}

/**
 * The metrics an answer is judged on: the kind's key metrics (ModelKind.keyMetrics)
 * and its money headlines, those the outputs hold; the objective first (the
 * first money figure where more is better, e.g. margin after payroll).
 */
export function answerMetrics(v: ModelView): string[] {
  const present = v.output.summary.map((r) => r.metric);
  const money = present.filter((m) => v.kind.isHeadline(m) && metricInfo(m).area === 'economics');
  const chosen = [...new Set([...money, ...v.keyMetrics.filter((m) => present.includes(m))])];
  const rank = (m: string) => (ANSWER_ORDER.includes(m) ? ANSWER_ORDER.indexOf(m) : ANSWER_ORDER.length);
  return chosen.map((m, k) => ({ m, k })).sort((a, b) => rank(a.m) - rank(b.m) || a.k - b.k).map(({ m }) => m);
}

/** How a run was measured, for the first sentence: '10 replications of 52 weeks, measured after a 12-week warm-up'. */
function measured(v: ModelView, paired: boolean): string {
  const reps = Number(v.output.run.replications ?? 0);
  const weeks = `${+v.horizonWeeks.toFixed(1)} weeks`;
  const warm = v.warmupWeeks > 0 ? `, measured after a ${+v.warmupWeeks.toFixed(1)}-week warm-up` : '';
  return `${reps} ${paired ? 'paired ' : ''}replication${reps === 1 ? '' : 's'} of ${weeks}${warm}`;
}

/** '$66,339', '5.2 percentage points', '21.2': the size of a difference. */
function amount(x: number, info: MetricInfo): string {
  return info.format === 'share' ? `${formatValue(100 * Math.abs(x), 'number')} percentage points` : formatValue(Math.abs(x), info.format);
}

const per = (info: MetricInfo) => (/week/.test(info.unit) ? ' per week' : '');
const lower = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s);
/** An interval in words; none for a figure that does not vary between replications (a payroll without hires). */
const interval = (low: number, high: number, info: MetricInfo, signed = false) => (low === high ? '' : `${formatValue(low, info.format, signed)} to ${formatValue(high, info.format, signed)}`);

const bracket = (text: string) => (text === '' ? '' : ` (${text})`);

/** The headline sentence of one model against the baseline on one metric. */
export function differenceSentence(d: Difference): string {
  const info = metricInfo(d.metric);
  const i = interval(d.low, d.high, info, true);
  const range = i === '' ? 'the same in every replication' : `95% interval of the difference ${i}`;
  const values = `${formatValue(d.mean, info.format)} against ${formatValue(d.baselineMean, info.format)}`;
  if (!d.significant) return `${d.model} and ${d.baseline} do not differ clearly in ${lower(info.label)}: ${values}${per(info)} (${range}, which includes zero).`;
  // A difference the same in every replication (no interval) is still a difference.
  return `${d.model} gives ${amount(d.diff, info)} ${d.diff > 0 ? 'more' : 'less'} ${lower(info.label)}${per(info)} than ${d.baseline}: ${values} (${range}).`;
}

/** better / worse / no clear difference, as the catalogue says which way is good. */
function verdict(d: Difference | undefined): string {
  if (d === undefined || !Number.isFinite(d.diff)) return '';
  if (!d.significant) return 'no clear difference';
  const better = metricInfo(d.metric).better;
  if (better === null) return d.diff > 0 ? 'higher' : 'lower';
  return (d.diff > 0) === (better === 'up') ? 'better' : 'worse';
}

/**
 * Where the work piles up: the roles most often the constraint, or, for a kind
 * without a constraint rule (no constraint_share metrics), the busiest role.
 */
export function constraintPhrase(v: ModelView): { what: string; text: string } {
  const shares = v.output.summary.filter((r) => r.metric.startsWith('constraint_share.') && r.metric !== 'constraint_share.none' && r.mean >= 0.05)
    .sort((a, b) => b.mean - a.mean).slice(0, 3);
  if (shares.length > 0) {
    const none = summaryOf(v.output, 'constraint_share.none')?.mean ?? 0;
    const list = shares.map((r) => `${roleWords(r.metric.slice('constraint_share.'.length))} (${formatValue(r.mean, 'share')} of weeks)`).join(', ');
    return { what: 'The constraint', text: `${list}${none >= 0.05 ? `; no constraint in ${formatValue(none, 'share')} of weeks` : ''}` };
  }
  if (v.output.summary.some((r) => r.metric === 'constraint_share.none')) return { what: 'The constraint', text: 'none: every role has slack' };
  const busiest = measuredRoles(v.output).map((role) => ({ role, u: summaryOf(v.output, `role.${role}.utilization`)?.mean ?? NaN }))
    .filter((r) => Number.isFinite(r.u)).sort((a, b) => b.u - a.u)[0];
  return { what: 'The busiest role', text: busiest === undefined ? 'none' : `${roleWords(busiest.role)} (${formatValue(busiest.u, 'share')} utilized)` };
}

const WARNINGS = (n: number) => (n === 0 ? [] : [`${n} warning${n === 1 ? '' : 's'} qualif${n === 1 ? 'ies' : 'y'} these figures: see "What to watch" below.`]);

/** A comparison: each model against the first (the baseline) on the objective, then the figures and the constraints. */
export function compareAnswer(views: ModelView[], differences: Difference[], warnings: number): Answer {
  const [base, ...others] = views;
  const metrics = answerMetrics(base);
  const find = (metric: string, model: string) => differences.find((d) => d.metric === metric && d.model === model);
  const headline = metrics.length === 0 ? [] : others.flatMap((m) => {
    const d = find(metrics[0], m.name);
    return d === undefined ? [] : [differenceSentence(d)];
  });
  const notes = [`${constraintPhrase(base).what}: ${views.map((v) => `in ${v.name}, ${constraintPhrase(v).text}`).join('; ')}.`, ...WARNINGS(warnings)];
  const rows = metrics.map((metric) => {
    const info = metricInfo(metric);
    const cells = views.map((v) => { const s = summaryOf(v.output, metric); return s === undefined ? '' : formatValue(s.mean, info.format); });
    const diffs = others.flatMap((m) => {
      const d = find(metric, m.name);
      return [d === undefined || !Number.isFinite(d.diff) ? '' : `${formatValue(d.diff, info.format, true)}${bracket(interval(d.low, d.high, info, true))}`, verdict(d)];
    });
    return [labelWithUnit(info), ...cells, ...diffs];
  });
  const header = ['', ...views.map((v) => v.name), ...others.flatMap((m) => [`${m.name} - ${base.name} (95% interval)`, ''])];
  return {
    what: `${others.length === 1 ? 'Two operating models' : `${views.length} operating models`} compared on the same simulated customers (common random numbers): ${measured(base, true)}, ${base.name} the baseline.`,
    models: views.map((v) => ({ name: v.name, ...(v.description === undefined ? {} : { description: v.description }) })),
    headline,
    notes,
    ...(rows.length === 0 ? {} : { table: { header, rows } }),
  };
}

/** One run: the objective's level with its interval, how its phases end, the constraint. */
export function runAnswer(v: ModelView, warnings: number): Answer {
  const metrics = answerMetrics(v);
  const headline = metrics.slice(0, 1).flatMap((metric) => {
    const info = metricInfo(metric);
    const s = summaryOf(v.output, metric);
    if (s === undefined) return [];
    const i = Number.isFinite(s.ci95_low) ? interval(s.ci95_low, s.ci95_high, info) : '';
    const range = i === '' ? '' : ` (95% interval ${i})`;
    return [`${v.name}, over the measured weeks: ${lower(info.label)} ${formatValue(s.mean, info.format)}${per(info)}${range}.`];
  });
  const phases = phaseSentence(v, metrics);
  const notes = [...(phases === undefined ? [] : [phases]), `${constraintPhrase(v).what} over the measured weeks: ${constraintPhrase(v).text}.`, ...WARNINGS(warnings)];
  const rows = metrics.map((metric) => {
    const info = metricInfo(metric);
    const s = summaryOf(v.output, metric)!;
    return [labelWithUnit(info), formatValue(s.mean, info.format), Number.isFinite(s.ci95_low) ? interval(s.ci95_low, s.ci95_high, info) : ''];
  });
  return {
    what: `One operating model simulated: ${measured(v, false)}${v.phases.length > 0 ? `, changing in ${v.phases.length} phases` : ''}.`,
    models: [{ name: v.name, ...(v.description === undefined ? {} : { description: v.description }) }],
    headline,
    notes,
    ...(rows.length === 0 ? {} : { table: { header: ['', v.name, '95% interval'], rows } }),
  };
}

/** A stress test: which role breaks first and at what growth, then the rest in order. */
export function stressAnswer(s: StressOutput, v: ModelView, warnings: number): Answer {
  const points = byBreakingPoint(s.points);
  const top = lastMultiplier(s);
  const first = points.filter((p) => s.first.includes(p.role) && p.multiplier !== null);
  const why = (p: (typeof points)[number]) => p.by.map((b) => b.rule === 'constraint' ? 'it becomes the constraint' : b.rule === 'utilization' ? `committed to ${formatValue(b.mean, 'share')} of its hours` : `${lower(metricInfo(b.metric).label)} ${formatValue(b.mean, metricInfo(b.metric).format)}`).join(', ');
  // The designated constraint is saturated by design: said apart, the headline is the first other role to break.
  const designated = points.filter((p) => s.designated.includes(p.role));
  const headline = first.length === 0
    ? [`No ${designated.length === 0 ? '' : 'other '}role breaks up to x${top}.`]
    : [`The first to break is ${first.map((p) => `${roleWords(p.role)} at x${p.multiplier} (${why(p)})`).join(' and ')}.`];
  const later = new Map<number, string[]>();
  for (const p of points) if (p.multiplier !== null && !s.first.includes(p.role) && !s.designated.includes(p.role)) later.set(p.multiplier, [...(later.get(p.multiplier) ?? []), roleWords(p.role)]);
  const hold = points.filter((p) => p.multiplier === null && !s.designated.includes(p.role)).map((p) => roleWords(p.role));
  const company = companyService(s);
  const notes = [
    ...designated.map((p) => p.multiplier === null
      ? `The designated constraint, ${roleWords(p.role)}, is not saturated up to x${top}: it has capacity to spare.`
      : `The designated constraint, ${roleWords(p.role)}, is saturated from x${p.multiplier}, as designed (${why(p)}).`),
    ...(later.size === 0 ? [] : [`Then: ${[...later].map(([m, r]) => `${r.join(' and ')} at x${m}`).join('; ')}.`]),
    ...(hold.length === 0 ? [] : [`${hold.join(', ')} hold${hold.length === 1 ? 's' : ''} to x${top}.`]),
    ...(company === undefined || company.role !== COMPANY ? [] : [company.multiplier === null ? `Customer service to the company's standard holds to x${top}.` : `Customer requests done on time fall below ${formatValue(company.by[0]?.threshold ?? NaN, 'share')} at x${company.multiplier}.`]),
    ...WARNINGS(warnings),
  ];
  const steps = Array.isArray(s.run.steps) ? s.run.steps.length : new Set(s.rows.map((r) => r.step)).size;
  return {
    what: `A stress test: ${growWhat(s)} grown from x${Math.min(...s.rows.map((r) => r.multiplier))} to x${top} in ${steps} steps, each ${measured(v, false)}.`,
    models: [{ name: v.name, ...(v.description === undefined ? {} : { description: v.description }) }],
    headline,
    notes,
  };
}
