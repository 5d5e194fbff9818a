import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { folderName, OutputDir } from '../io/output-dir.js';
import { sizeCsv } from '../io/study-files.js';
import { withJobRunner } from '../run/parallel.js';
import { searchStaffing, type Candidate, type SizeRole } from '../run/size.js';
import { runStudy } from '../run/study.js';
import type { SummaryRow } from '../run/summary.js';
import { checkTargetMetrics, met, parseTarget, type Target } from '../run/targets.js';
import { UTILIZATION } from '../sales/breaking.js';
import { ruleOfThumb } from '../sales/sizing.js';
import { loadScenario, UserError, type LoadedScenario } from '../scenario/load.js';
import { jsonFile, printRecord, overrides, positiveInt, recordHead, studyArgs, workerArgs, type StudyArgs } from './args.js';
import { interruptSignal } from './interrupt.js';
import { progressBar } from './progress.js';
import { columns, num } from './table.js';

interface SizeArgs extends StudyArgs { target: string[]; roles?: string; max: number; guard: boolean; workers?: number }

export const sizeCommand: CommandModule = {
  command: 'size <file>',
  describe: 'search the cheapest headcounts that meet every --target with confidence: size.csv',
  builder: (y: Argv) => workerArgs(studyArgs(y, 'output/size-<scenario-name>'))
    .option('target', {
      type: 'string', array: true, demandOption: true,
      describe: "metric(>=|<=|>|<)number, met when the 95% interval clears it: --target 'on_time_task_fraction>=0.9'",
    })
    .option('roles', { type: 'string', describe: 'roles to size, comma-separated (default: every role that does work)' })
    .option('max', { type: 'string', default: 50, coerce: positiveInt('max'), describe: 'most people the search puts in one role' })
    .option('guard', {
      type: 'boolean', default: true,
      describe: `also require every searched role's committed utilization < ${UTILIZATION} with confidence (--no-guard: the targets alone)`,
    }),
  handler: (a) => commandSize(a as unknown as SizeArgs),
};

async function commandSize(a: SizeArgs): Promise<void> {
  const started = performance.now();
  const set = overrides(a);
  const loaded = loadScenario(a.file, set);
  const { scenario, name } = loaded;
  if (scenario.run.replications < 2) throw new UserError(`--reps ${scenario.run.replications}: size needs at least 2 replications (a target is met when its 95% interval clears it)`);
  const asked = a.target.map(parseTarget);
  const names = metricNames(loaded, set);
  checkTargetMetrics(asked, names);
  const { roles, fixedPayroll } = searchedRoles(loaded, a.roles);
  // The guard: a role that busy has a queue growing with the horizon; the targets may not see it.
  const busy = (id: string) => `role.${id}.${loaded.kind === 'sales' ? 'committed_utilization' : 'utilization'}`;
  const guards: Target[] = !a.guard ? [] : roles.filter((r) => names.includes(busy(r.id)))
    .map((r) => ({ text: `${busy(r.id)}<${UTILIZATION}`, metric: busy(r.id), op: '<', threshold: UTILIZATION }));
  const targets = [...asked, ...guards];
  const dir = a.out ?? join('output', folderName(`size-${name}`));
  // Checked before anything runs: a folder that cannot be written fails now, not after the simulation.
  const out = OutputDir.open(dir, { given: a.out !== undefined, inputs: [a.file] });
  try {

    // One bar for the whole search; its total grows as the search asks for more candidates.
    const progress = progressBar(`size ${name}`, a.quiet);
    let before = { done: 0, total: 0 };
    let result;
    try {
      // The threads start once for the whole search, not once per round of candidates.
      result = await withJobRunner(a.workers, (run) => searchStaffing({
        roles, fixedPayroll, min: 1, max: a.max, targets,
        evaluate: async (vectors) => {
          const studies = await run(vectors.map((h) => ({
            file: a.file,
            set: [...set, ...roles.map((r, k) => `roles.${r.id}.headcount=${h[k]}`)],
          })), { signal: interruptSignal, onProgress: (done, total) => progress.update(before.done + done, before.total + total) });
          const reps = vectors.length * scenario.run.replications;
          before = { done: before.done + reps, total: before.total + reps };
          return studies.map((s) => s.summary);
        },
      }));
    } finally {
      progress.stop();
    }
    const wall = (performance.now() - started) / 1000;
    const best = result.best;
    const start = result.candidates[0];
    const thumb = loaded.kind === 'sales' ? ruleOfThumb(loaded.spec, loaded.scenario, best.summary, best.headcounts, roles.map((r) => r.id)) : undefined;

    // Without the guard a role no target covers can be cut until it is overloaded. Say so.
    const saturated = roles.map((r) => ({ id: r.id, row: best.summary.find((x) => x.metric === busy(r.id)) }))
      .filter((x) => x.row !== undefined && x.row.mean >= UTILIZATION);

    const staffing = (c: Candidate) => Object.fromEntries(roles.map((r, k) => [r.id, c.headcounts[k]]));
    const record = {
      ...recordHead(scenario.run, a.set, { name, file: a.file }),
      targets: asked.map((t) => t.text),
      guards: guards.map((t) => t.text),
      roles: roles.map((r) => ({ id: r.id, salary: r.salary, start: r.start })),
      max: a.max,
      met: best.met,
      unmet: result.unmet,
      found: { candidate: best.index, headcounts: staffing(best), payroll: best.payroll },
      start: { headcounts: staffing(start), payroll: start.payroll },
      saturated: saturated.map((x) => ({ role: x.id, utilization: x.row!.mean })),
      rule_of_thumb: thumb,
      candidates: result.candidates.length,
      wall_s: Number(wall.toFixed(3)),
      resolved: loaded.resolved,
    };
    interruptSignal.throwIfAborted();
    out.writeAll({ 'size.csv': sizeCsv(result, roles, targets), 'run.json': jsonFile(record) });
    out.commit();

    if (a.json) {
      printRecord(record, 'size', dir);
    } else if (!a.quiet) {
      const out = process.stdout;
      out.write(`${name}: ${result.candidates.length} staffings evaluated, ${scenario.run.replications} replications each, seed ${scenario.run.seed}, ${wall.toFixed(1)} s\n`);
      out.write(best.met
        ? `cheapest staffing found that meets every target (candidate ${best.index}):\n`
        : `no staffing found that meets every target (${result.unmet}); the closest:\n`);
      const money = loaded.kind === 'sales';
      const rows = roles.map((r, k) => [r.id, String(start.headcounts[k]), String(best.headcounts[k]), money ? num(r.salary) : '']);
      rows.push([money ? 'payroll / year (all roles)' : 'people (searched roles)', num(start.payroll), num(best.payroll), '']);
      out.write(`${columns(['role', 'start', 'found', money ? 'salary' : ''], rows)}\n\n`);
      const byName = new Map(best.summary.map((r) => [r.metric, r]));
      out.write(`${columns(['target', 'mean', '95% interval', 'met'], targets.map((t) => targetRow(t, byName.get(t.metric))))}\n`);
      if (guards.length > 0) out.write(`(the ${busy('<role>')}<${UTILIZATION} targets are the guard: --no-guard drops them)\n`);
      if (thumb !== undefined) out.write(`\n${thumb.text}\n`);
    }
    // On stderr, as every command's warnings, and never silenced by --quiet: the staffing found overloads a role.
    for (const x of saturated) {
      process.stderr.write(`warning: ${x.id} is ${num(x.row!.mean)} busy at this staffing (>= ${UTILIZATION}): its queue grows with the horizon\n`);
    }
    if (!a.json) process.stdout.write(`wrote ${dir}/size.csv, run.json\n`);
  } catch (e) {
    out.abandon();
    throw e;
  }
}

function targetRow(t: Target, row: SummaryRow | undefined): string[] {
  if (row === undefined) return [t.text, '-', '', 'no'];
  return [t.text, num(row.mean), `[${num(row.ci95_low)}, ${num(row.ci95_high)}]`, met(t, row) ? 'yes' : 'no'];
}

/** The metric names of the scenario, from a one-week run (cheap), to check targets before the search. */
function metricNames(loaded: LoadedScenario, set: string[]): string[] {
  const probe = loadScenario(loaded.file, [...set, 'run.horizon=1 wk', 'run.warmup=0', 'run.replications=1']);
  return runStudy(probe.spec, { replications: 1, seed: probe.scenario.run.seed }).summary.map((r) => r.metric);
}

/** The roles searched (--roles, or every role that does work) and the payroll of the others. */
function searchedRoles(loaded: LoadedScenario, list: string | undefined): { roles: SizeRole[]; fixedPayroll: number } {
  const all = loaded.kind === 'sales'
    ? loaded.spec.roles.map((r, k) => ({
      id: r.id, headcount: r.headcount, salary: loaded.scenario.roles[r.id].salary,
      works: !r.costOnly && loaded.spec.tasks.some((t) => t.roles.includes(k)),
    }))
    : loaded.spec.roles.map((r) => ({ id: r.id, headcount: r.headcount, salary: 1, works: true }));
  let chosen = all.filter((r) => r.works);
  if (list !== undefined) {
    const ids = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
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
