import { jsonFile, recordHead } from '../io/records.js';
import { sizeCsv } from '../io/study-files.js';
import { withJobRunner } from '../run/parallel.js';
import { searchStaffing, type Candidate, type SizeResult, type SizeRole } from '../run/size.js';
import { runStudy } from '../run/study.js';
import type { SummaryRow } from '../run/summary.js';
import { checkTargetMetrics, parseTarget, type Target } from '../run/targets.js';
import { GUARD_UTILIZATION as UTILIZATION } from '../run/size.js';
import { UserError } from '../scenario/load.js';
import { reload, type LoadedScenario } from '../models/index.js';
import { asLoaded, inOutput, inputsOf, type ScenarioInput, type StudyOptions, type Written } from './options.js';

/** What to size: targets as `metric>=x` (or <=, >, <), the roles searched, the most people in one role, and the guard. */
export interface SizeSpec {
  targets: (string | Target)[];
  /** Roles searched (default: every role that does work). */
  roles?: string[];
  /** Most people the search puts in one role (default 50). */
  max?: number;
  /** Also require every searched role's committed utilization below 0.95 with confidence (default true). */
  guard?: boolean;
}

export interface SizeStudy extends Written {
  loaded: LoadedScenario;
  result: SizeResult;
  roles: SizeRole[];
  /** The targets asked for, then the guards. */
  targets: Target[];
  asked: Target[];
  guards: Target[];
  /** The metric the guard reads for a role. */
  busyMetric(role: string): string;
  /** Roles at or above 0.95 busy at the staffing found (possible without the guard). */
  saturated: { role: string; utilization: number }[];
  ruleOfThumb?: { text: string };
  /** What run.json holds. */
  record: Record<string, unknown> & { resolved: unknown };
}

/**
 * The cheapest headcounts (by payroll) that meet every target with confidence:
 * a search over headcount vectors (src/run/size.ts), every candidate on the
 * same replication seeds, the threads started once for the whole search. With
 * `out`, writes size.csv and run.json.
 */
export async function size(scenario: ScenarioInput, spec: SizeSpec, options: Omit<StudyOptions, 'range' | 'report'> = {}): Promise<SizeStudy> {
  const started = performance.now();
  const loaded = asLoaded(scenario);
  const { scenario: sc } = loaded;
  if (sc.run.replications < 2) throw new UserError(`--reps ${sc.run.replications}: size needs at least 2 replications (a target is met when its 95% interval clears it)`);
  const asked = spec.targets.map((t) => (typeof t === 'string' ? parseTarget(t) : t));
  const names = metricNames(loaded);
  checkTargetMetrics(asked, names);
  const { roles, fixedPayroll } = searchedRoles(loaded, spec.roles);
  // The guard: a role that busy has a queue growing with the horizon; the targets may not see it.
  const busy = (id: string) => loaded.model.busyMetric(id);
  const guards: Target[] = spec.guard === false ? [] : roles.filter((r) => names.includes(busy(r.id)))
    .map((r) => ({ text: `${busy(r.id)}<${UTILIZATION}`, metric: busy(r.id), op: '<', threshold: UTILIZATION }));
  const targets = [...asked, ...guards];
  const max = spec.max ?? 50;
  return inOutput(options, inputsOf(options, [loaded]), async (out) => {
    let before = { done: 0, total: 0 };
    // The threads start once for the whole search, not once per round of candidates.
    const result = await withJobRunner(options.workers, (run) => searchStaffing({
      roles, fixedPayroll, min: 1, max, targets,
      evaluate: async (vectors) => {
        const studies = await run(vectors.map((h) => reload(loaded, roles.map((r, k) => `roles.${r.id}.headcount=${h[k]}`))), {
          signal: options.signal, onProgress: (done, total) => options.onProgress?.(before.done + done, before.total + total),
        });
        const reps = vectors.length * sc.run.replications;
        before = { done: before.done + reps, total: before.total + reps };
        return studies.map((s) => s.summary);
      },
    }));
    const wall = (performance.now() - started) / 1000;
    const best = result.best;
    const start = result.candidates[0];
    const thumb = loaded.model.ruleOfThumb?.(loaded.spec, loaded.scenario, best.summary, best.headcounts, roles.map((r) => r.id));
    // Without the guard a role no target covers can be cut until it is overloaded.
    const saturated = roles.map((r) => ({ role: r.id, row: best.summary.find((x) => x.metric === busy(r.id)) }))
      .filter((x): x is { role: string; row: SummaryRow } => x.row !== undefined && x.row.mean >= UTILIZATION)
      .map((x) => ({ role: x.role, utilization: x.row.mean }));
    const staffing = (c: Candidate) => Object.fromEntries(roles.map((r, k) => [r.id, c.headcounts[k]]));
    const record = {
      ...recordHead(sc.run, options.set ?? [], { name: loaded.name, file: loaded.file }),
      targets: asked.map((t) => t.text),
      guards: guards.map((t) => t.text),
      roles: roles.map((r) => ({ id: r.id, salary: r.salary, start: r.start })),
      max,
      met: best.met,
      unmet: result.unmet,
      found: { candidate: best.index, headcounts: staffing(best), payroll: best.payroll },
      start: { headcounts: staffing(start), payroll: start.payroll },
      saturated,
      rule_of_thumb: thumb,
      candidates: result.candidates.length,
      wall_s: Number(wall.toFixed(3)),
      resolved: loaded.resolved,
    };
    const study: SizeStudy = { loaded, result, roles, targets, asked, guards, busyMetric: busy, saturated, record, wall_s: record.wall_s };
    if (thumb !== undefined) study.ruleOfThumb = thumb;
    if (out !== undefined) {
      options.signal?.throwIfAborted();
      out.writeAll({ 'size.csv': sizeCsv(result, roles, targets), 'run.json': jsonFile(record) });
      out.commit();
      study.out = out.dir;
    }
    return study;
  });
}

/** The metric names of the scenario, from a one-week run (cheap), to check targets before the search. */
function metricNames(loaded: LoadedScenario): string[] {
  const probe = reload(loaded, ['run.horizon=1 wk', 'run.warmup=0', 'run.replications=1']);
  return runStudy(probe, { replications: 1, seed: probe.scenario.run.seed }).summary.map((r) => r.metric);
}

/** The roles searched (given, or every role that does work) and the payroll of the others. */
function searchedRoles(loaded: LoadedScenario, ids: string[] | undefined): { roles: SizeRole[]; fixedPayroll: number } {
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
  return { roles: chosen.map((r) => ({ id: r.id, salary: r.salary, start: r.headcount })), fixedPayroll };
}
