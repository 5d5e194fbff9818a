import { stringify } from 'csv-stringify/sync';
import { PAYROLL, type Check, type Objective, type SizeResult, type SizeRole } from '../run/size.js';
import { headroom, type BreakingPoint, type StressStep } from '../run/stress.js';
import { formatNumber } from './run-files.js';

/** The files of a stress test and of a staffing search, in the number format of every CSV salesim writes. */

/** stress.csv: one row per step and metric. */
export function stressCsv(steps: StressStep[]): string {
  const rows: string[][] = [];
  steps.forEach((s, k) => {
    for (const r of s.summary) {
      rows.push([String(k + 1), formatNumber(s.multiplier), r.metric, formatNumber(r.mean), formatNumber(r.ci95_low), formatNumber(r.ci95_high), String(r.replications)]);
    }
  });
  return stringify(rows, { header: true, columns: ['step', 'multiplier', 'metric', 'mean', 'ci95_low', 'ci95_high', 'n'] });
}

/**
 * headroom.csv: one row per role, in the order of its breaking rules: the growth at which it breaks (empty and
 * 'beyond x<last>' when it holds), the rules that hold there, whether it is the designated constraint (reported
 * apart, never first to break) and whether it is the first to break.
 */
export function headroomCsv(o: { breakingPoints: BreakingPoint[]; firstToBreak: BreakingPoint[]; designated: string[]; plan: { multipliers: number[] } }): string {
  const last = o.plan.multipliers[o.plan.multipliers.length - 1];
  const rows = o.breakingPoints.map((p) => [
    p.role, p.multiplier === null ? '' : formatNumber(p.multiplier), headroom(p, last), [...new Set(p.by.map((b) => b.rule))].join(' '),
    String(o.designated.includes(p.role)), String(o.firstToBreak.some((f) => f.role === p.role)),
  ]);
  return stringify(rows, { header: true, columns: ['role', 'breaks_at', 'headroom', 'rules', 'designated_constraint', 'first_to_break'] });
}

/**
 * size.csv: one row per evaluated candidate, in evaluation order: its phase, headcounts and payroll, the
 * objective's mean and interval, every metric a check reads, whether it meets every check, the checks it
 * fails, and the one chosen.
 */
export function sizeCsv(result: SizeResult, roles: SizeRole[], checks: Check[], objective: Objective): string {
  const metrics = [...new Set([...(objective.metric === PAYROLL ? [] : [objective.metric]), ...checks.flatMap((c) => c.metrics)])];
  const rows = result.candidates.map((c) => {
    const byName = new Map(c.summary.map((r) => [r.metric, r]));
    return [
      String(c.index), c.phase, ...c.headcounts.map(String), formatNumber(c.payroll),
      formatNumber(c.objective.mean), formatNumber(c.objective.ci95_low), formatNumber(c.objective.ci95_high),
      ...metrics.flatMap((m) => {
        const r = byName.get(m);
        return r === undefined ? ['', '', ''] : [formatNumber(r.mean), formatNumber(r.ci95_low), formatNumber(r.ci95_high)];
      }),
      String(c.met), c.failing.map((x) => x.text).join('; '), String(c === result.best),
    ];
  });
  const columns = [
    'candidate', 'phase', ...roles.map((r) => `headcount.${r.id}`), 'payroll', 'objective.mean', 'objective.ci95_low', 'objective.ci95_high',
    ...metrics.flatMap((m) => [`${m}.mean`, `${m}.ci95_low`, `${m}.ci95_high`]), 'met', 'failing', 'chosen',
  ];
  return stringify(rows, { header: true, columns });
}
