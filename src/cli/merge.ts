import type { Argv, CommandModule } from 'yargs';
import { OutputDir } from '../io/output-dir.js';
import { mergeJob, readShards } from '../io/shards.js';
import { comparePlan, compareOutcome, runOutcome, stressOutcome, stressPlan, type StressSpec } from '../run/studies.js';
import { loadScenario, UserError } from '../scenario/load.js';
import { VERSION } from './args.js';
import { finishCompare } from './compare.js';
import { interruptSignal } from './interrupt.js';
import { finishRun } from './run.js';
import { finishStress } from './stress.js';

/**
 * `salesim merge OUT SHARD...`: the shards of one study (run, compare or stress
 * with --replications or --shard) put back together, into exactly what the
 * unsharded command writes: the same summary, weekly rows, comparison, breaking
 * points, warnings and report, byte for byte (run.json's wall_s is the shards'
 * total). The shards are checked first: the same salesim version, study (the
 * hash of the scenarios, overrides and arguments) and seed, no overlap, no
 * replication missing. Weekly files are streamed, never held whole.
 */

interface MergeArgs { out: string; shards: string[]; report: boolean; quiet: boolean; json?: boolean; all: boolean }

export const mergeCommand: CommandModule = {
  command: 'merge <out> <shards..>',
  describe: 'merge the shard folders of one study into what the unsharded run, compare or stress writes',
  builder: (y: Argv) => y
    .positional('out', { type: 'string', demandOption: true, describe: 'the output folder (as --out of the unsharded command)' })
    .positional('shards', { type: 'string', array: true, demandOption: true, describe: 'shard folders, in any order' })
    .option('report', { type: 'boolean', default: true, describe: 'write report.html and charts/ (--no-report: the CSVs only)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'print only where the files went' })
    .option('all', { type: 'boolean', default: false, describe: 'compare: print every significant change, not only the biggest' }),
  handler: (a) => commandMerge(a as unknown as MergeArgs),
};

async function commandMerge(a: MergeArgs): Promise<void> {
  const shards = readShards(a.shards, VERSION);
  const { record } = shards;
  const scenarios = record.scenarios.map((s) => loadScenario({ scenario: s.resolved, file: s.file }));
  const out = OutputDir.open(a.out, { given: true, inputs: a.shards });
  try {
    const jobs = record.jobs.length;
    const given = { set: record.set };
    switch (record.command) {
      case 'run': {
        const study = await mergeJob(shards, 0, out, true);
        await finishRun(out, { ...given, file: scenarios[0].file }, runOutcome(scenarios[0], study), a, shards.wall_s);
        return;
      }
      case 'compare': {
        const names = record.args.names as string[];
        const plan = comparePlan(scenarios, names);
        const studies = [];
        for (let j = 0; j < jobs; j++) { interruptSignal.throwIfAborted(); studies.push(await mergeJob(shards, j, out, true)); }
        await finishCompare(out, { ...given, files: scenarios.map((s) => s.file) }, compareOutcome(plan, studies), a, shards.wall_s);
        return;
      }
      case 'stress': {
        const plan = stressPlan(scenarios[0], record.args as StressSpec);
        const studies = [];
        for (let j = 0; j < jobs; j++) { interruptSignal.throwIfAborted(); studies.push(await mergeJob(shards, j, out, false)); }
        await finishStress(out, { ...given, file: scenarios[0].file }, stressOutcome(plan, studies), a, shards.wall_s);
        return;
      }
      default:
        throw new UserError(`${shards.parts[0].dir}/run.json: command '${String(record.command)}': expected run, compare or stress`);
    }
  } catch (e) {
    out.abandon();
    throw e;
  }
}
