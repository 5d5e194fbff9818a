import { jsonFile, recordHead } from '../io/records.js';
import { sizeCsv } from '../io/study-files.js';
import { withJobRunner } from '../run/parallel.js';
import {
  designatedCheck, GUARD_UTILIZATION as UTILIZATION, PAYROLL, searchStaffing, targetCheck,
  type Candidate, type Check, type Objective, type SizeResult, type SizeRole,
} from '../run/size.js';
import { metricValues, type StudyResult } from '../run/study.js';
import { summarize, type SummaryRow } from '../run/summary.js';
import { checkTargetMetrics, nearestNames, parseTarget, scenarioMetricNames, type Target } from '../run/targets.js';
import { UserError } from '../scenario/load.js';
import { reload, type LoadedScenario } from '../models/index.js';
import { asLoaded, inOutput, inputsOf, type ScenarioInput, type StudyOptions, type Written } from './options.js';

/** What to size: the objective, targets as `metric>=x` (or <=, >, <), the roles searched, the most people in one role, the guards, the confirmation. */
export interface SizeSpec {
  /** Targets every staffing must meet with confidence (none: the objective and the guards alone). */
  targets?: (string | Target)[];
  /** What a staffing is judged on (default: the scenario's `objective`, else the kind's: a sales model's gross_margin_week, maximized). */
  objective?: Objective;
  /** Roles searched (default: every role that does work). */
  roles?: string[];
  /** Most people the search puts in one role (default 50). */
  max?: number;
  /**
   * Also require (default true) every searched role but the designated constraint below 0.95 committed
   * utilization, every support role below the protective-capacity ceiling, and the designated constraint
   * to stay the constraint; false: the targets alone.
   */
  guard?: boolean;
  /** The support roles' ceiling (default: the scenario's protective_capacity, 0.85). */
  ceiling?: number;
  /** Fresh replications on which the staffing found is confirmed against the start (default max(10, 2 x replications); 0: none). */
  confirm?: number;
}

/** The staffing found against the start on fresh replications (common random numbers between the two). */
export interface Confirmation {
  /** Replications run (numbers first + 1 .. first + count of the scenario's seed: none of the search's). */
  replications: number;
  first: number;
  start: SummaryRow;
  found: SummaryRow;
  /** found - start, paired, with its 95% interval. */
  difference: SummaryRow;
  /** The interval of the difference lies on the objective's good side of 0. */
  better: boolean;
  /** The checks the staffing found fails on these replications (none: confirmed). */
  failing: string[];
}

export interface SizeStudy extends Written {
  loaded: LoadedScenario;
  result: SizeResult;
  roles: SizeRole[];
  objective: Objective;
  /** Every check, in the order: targets asked, guards, ceilings, the designated constraint. */
  checks: Check[];
  asked: Target[];
  /** The support roles' ceiling, when there are support roles and guards. */
  ceiling?: number;
  /** The designated constraint, when the scenario names one. */
  designated?: string;
  confirmation?: Confirmation;
  /** The staffing to adopt: the one found when it meets every check and the confirmation (if any) shows it better, or the start misses a check; else the start. */
  recommended: 'found' | 'start';
  /** The metric the guard reads for a role. */
  busyMetric(role: string): string;
  /** Roles other than the designated constraint at or above 0.95 busy at the staffing found (possible without the guard). */
  saturated: { role: string; utilization: number }[];
  ruleOfThumb?: { text: string };
  /** What run.json holds. */
  record: Record<string, unknown> & { resolved: unknown };
}

/**
 * The staffing that does best on the objective while it meets every check with
 * confidence: a search over headcount vectors (src/run/size.ts), every candidate
 * on the same replication seeds, the threads started once for the whole search,
 * then the staffing found confirmed against the start on fresh replications.
 * With `out`, writes size.csv and run.json.
 */
export async function size(scenario: ScenarioInput, spec: SizeSpec, options: Omit<StudyOptions, 'range' | 'report'> = {}): Promise<SizeStudy> {
  const started = performance.now();
  const loaded = asLoaded(scenario);
  const { scenario: sc, model } = loaded;
  const reps = sc.run.replications;
  if (reps < 2) throw new UserError(`--reps ${reps}: size needs at least 2 replications (a target is met when its 95% interval clears it)`);
  const asked = (spec.targets ?? []).map((t) => (typeof t === 'string' ? parseTarget(t) : t));
  const names = scenarioMetricNames(loaded);
  checkTargetMetrics(asked, names);
  const objective = spec.objective ?? model.sizingObjective(loaded.spec, sc);
  checkObjective(objective, names, spec.objective === undefined ? loaded.file : undefined);
  const { roles, fixedPayroll, working } = searchedRoles(loaded, spec.roles);
  const busy = (id: string) => model.busyMetric(id);
  const guarded = spec.guard !== false;
  const designatedAll = model.designatedConstraints(loaded.spec).filter((r) => working.includes(r));
  const support = guarded ? model.supportRoles(loaded.spec).filter((r) => working.includes(r) && names.includes(busy(r))) : [];
  const ceiling = support.length > 0 ? spec.ceiling ?? model.protectiveCapacity(loaded.spec, sc) : undefined;
  if (spec.ceiling !== undefined && !(spec.ceiling > 0 && spec.ceiling < 1)) throw new UserError(`--ceiling ${spec.ceiling}: expected a share between 0 and 1 (exclusive), e.g. 0.85`);
  const upTo = (role: string, x: number): Target => ({ text: `${busy(role)}<${x}`, metric: busy(role), op: '<', threshold: x });
  // The guard: a role that busy has a queue growing with the horizon, which the targets may not see.
  // The designated constraint is meant to be full; support roles have the stricter ceiling instead.
  const guards = guarded ? roles.filter((r) => names.includes(busy(r.id)) && !designatedAll.includes(r.id) && !support.includes(r.id))
    .map((r) => targetCheck(upTo(r.id, UTILIZATION), 'guard', r.id)) : [];
  const ceilings = ceiling === undefined ? [] : support.map((r) => targetCheck(upTo(r, ceiling), 'ceiling', r));
  const designated = designatedAll.length === 1 ? designatedAll[0] : undefined;
  const shares = names.flatMap((n) => /^constraint_share\.(.+)$/.exec(n)?.[1] ?? []).filter((r) => r !== 'none' && r !== designated);
  const keep = guarded && designated !== undefined && names.includes(`constraint_share.${designated}`) ? [designatedCheck(designated, shares)] : [];
  const checks = [...asked.map((t) => targetCheck(t, 'target')), ...guards, ...ceilings, ...keep];
  const max = spec.max ?? 50;
  const confirmReps = spec.confirm ?? Math.max(10, 2 * reps);
  const valuesOf = (s: StudyResult) => (objective.metric === PAYROLL ? new Float64Array(s.count) : metricValues(s, objective.metric) ?? new Float64Array(s.count).fill(NaN));
  const staffed = (base: LoadedScenario, h: number[]) => reload(base, roles.map((r, k) => `roles.${r.id}.headcount=${h[k]}`));
  return inOutput(options, inputsOf(options, [loaded]), async (out) => {
    let before = { done: 0, total: 0 };
    // The threads start once for the whole search and its confirmation, not once per round of candidates.
    const { result, confirmation } = await withJobRunner(options.workers, async (run) => {
      const progress = (count: number) => ({
        signal: options.signal, onProgress: (done: number, total: number) => options.onProgress?.(before.done + done, before.total + total),
        after: () => { before = { done: before.done + count, total: before.total + count }; },
      });
      const result = await searchStaffing({
        roles, fixedPayroll, min: 1, max, checks, objective,
        evaluate: async (vectors) => {
          const p = progress(vectors.length * reps);
          const studies = await run(vectors.map((h) => staffed(loaded, h)), p);
          p.after();
          return studies.map((s) => ({ summary: s.summary, objective: valuesOf(s) }));
        },
      });
      if (confirmReps === 0) return { result };
      // Fresh replications: the search chose on its own seeds, so it is judged on others.
      const wider = reload(loaded, [`run.replications=${reps + confirmReps}`]);
      const vectors = [result.candidates[0].headcounts, result.best.headcounts];
      const p = progress(2 * confirmReps);
      const [a, b] = await run(vectors.map((h) => staffed(wider, h)), { ...p, range: { from: reps, to: reps + confirmReps } });
      p.after();
      return { result, confirmation: confirm(objective, checks, result, a, b, valuesOf, reps, confirmReps) };
    });
    const wall = (performance.now() - started) / 1000;
    const best = result.best;
    const start = result.candidates[0];
    const thumb = model.ruleOfThumb?.(loaded.spec, sc, best.summary, best.headcounts, roles.map((r) => r.id));
    // Without the guard a role no target covers can be cut until it is overloaded.
    const saturated = roles.filter((r) => !designatedAll.includes(r.id))
      .map((r) => ({ role: r.id, row: best.summary.find((x) => x.metric === busy(r.id)) }))
      .filter((x): x is { role: string; row: SummaryRow } => x.row !== undefined && x.row.mean >= UTILIZATION)
      .map((x) => ({ role: x.role, utilization: x.row.mean }));
    const staffing = (c: Candidate) => Object.fromEntries(roles.map((r, k) => [r.id, c.headcounts[k]]));
    const interval = (r: SummaryRow) => ({ mean: r.mean, ci95_low: r.ci95_low, ci95_high: r.ci95_high });
    // What to do: the staffing found only when it meets every check and, if confirmed, did better on the fresh replications.
    // A start that misses a check is no option: then meeting every check is the gain.
    const recommended = best !== start && best.met
      && (confirmation === undefined || (confirmation.failing.length === 0 && (confirmation.better || !start.met))) ? 'found' : 'start';
    const record = {
      ...recordHead(sc.run, options.set ?? [], { name: loaded.name, file: loaded.file }),
      recommended,
      objective: { metric: objective.metric, sense: objective.sense },
      targets: asked.map((t) => t.text),
      guards: guards.map((c) => c.text),
      ceiling: ceiling ?? null,
      ceilings: ceilings.map((c) => c.text),
      designated: designated ?? null,
      roles: roles.map((r) => ({ id: r.id, salary: r.salary, start: r.start })),
      max,
      met: best.met,
      unmet: result.unmet,
      rounds: result.rounds,
      found: { candidate: best.index, headcounts: staffing(best), payroll: best.payroll, objective: interval(best.objective) },
      start: { headcounts: staffing(start), payroll: start.payroll, objective: interval(start.objective) },
      confirmation: confirmation === undefined ? null : {
        replications: confirmation.replications, first: confirmation.first + 1,
        start: interval(confirmation.start), found: interval(confirmation.found), difference: interval(confirmation.difference),
        better: confirmation.better, failing: confirmation.failing,
      },
      saturated,
      rule_of_thumb: thumb,
      candidates: result.candidates.length,
      wall_s: Number(wall.toFixed(3)),
      resolved: loaded.resolved,
    };
    const study: SizeStudy = {
      loaded, result, roles, objective, checks, asked, recommended, busyMetric: busy, saturated, record, wall_s: record.wall_s,
      ...(ceiling === undefined ? {} : { ceiling }), ...(designated === undefined ? {} : { designated }),
      ...(confirmation === undefined ? {} : { confirmation }),
    };
    if (thumb !== undefined) study.ruleOfThumb = thumb;
    if (out !== undefined) {
      options.signal?.throwIfAborted();
      out.writeAll({ 'size.csv': sizeCsv(result, roles, checks, objective), 'run.json': jsonFile(record) });
      out.commit();
      study.out = out.dir;
    }
    return study;
  });
}

/** The start and the staffing found on the confirmation's replications: the paired difference and the checks again. */
function confirm(
  objective: Objective, checks: Check[], result: SizeResult, a: StudyResult, b: StudyResult,
  valuesOf: (s: StudyResult) => Float64Array, first: number, count: number,
): Confirmation {
  const payroll = (c: Candidate) => (v: Float64Array) => (objective.metric === PAYROLL ? v.map(() => c.payroll) : v);
  const va = payroll(result.candidates[0])(valuesOf(a));
  const vb = payroll(result.best)(valuesOf(b));
  const difference = summarize(objective.metric, vb.map((x, r) => x - va[r]));
  const rows = new Map(b.summary.map((r) => [r.metric, r]));
  return {
    replications: count, first, start: summarize(objective.metric, va), found: summarize(objective.metric, vb), difference,
    better: objective.sense === 'max' ? difference.ci95_low > 0 : difference.ci95_high < 0,
    failing: checks.filter((c) => !c.ok(rows)).map((c) => c.text),
  };
}

/** A user error for an objective on a metric the scenario does not report (from the file's `objective` when `file` is given). */
function checkObjective(o: Objective, names: string[], file: string | undefined): void {
  if (o.metric === PAYROLL || names.includes(o.metric)) return;
  const near = nearestNames(o.metric, names);
  const hint = near.length > 0 ? `did you mean ${near.join(', ')}?` : `one of summary.csv's metrics, or ${PAYROLL}`;
  const where = file === undefined ? `--${o.sense === 'max' ? 'maximize' : 'minimize'} ${o.metric}` : `${file}: objective.${o.sense === 'max' ? 'maximize' : 'minimize'}`;
  throw new UserError(`${where}: unknown metric '${o.metric}' (${hint})`);
}

/** The roles searched (given, or every role that does work), the payroll of the others, and every role that does work. */
function searchedRoles(loaded: LoadedScenario, ids: string[] | undefined): { roles: SizeRole[]; fixedPayroll: number; working: string[] } {
  const all = loaded.model.sizingRoles(loaded.spec, loaded.scenario);
  let chosen = all.filter((r) => r.works);
  if (ids !== undefined) {
    const list = ids.join(',');
    for (const id of ids) {
      const r = all.find((x) => x.id === id);
      if (r === undefined) throw new UserError(`--roles ${list}: unknown role '${id}' (roles: ${all.map((x) => x.id).join(', ')})`);
      if (!r.works) throw new UserError(`--roles ${list}: role '${id}' does no work (cost only or routed no task); its headcount is not a lever`);
    }
    if (ids.length === 0) throw new UserError(`--roles ${list}: expected role names separated by commas`);
    chosen = all.filter((r) => ids.includes(r.id));
  }
  const fixedPayroll = all.filter((r) => !chosen.includes(r)).reduce((a, r) => a + r.headcount * r.salary, 0);
  return {
    roles: chosen.map((r) => ({ id: r.id, salary: r.salary, start: r.headcount })), fixedPayroll,
    working: all.filter((r) => r.works).map((r) => r.id),
  };
}
