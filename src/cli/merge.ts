import type { Argv, CommandModule } from 'yargs';
import { merge } from '../api/merge.js';
import { readShards } from '../io/shards.js';
import { loadScenario } from '../models/index.js';
import { checkedTargets, type Target } from '../run/targets.js';
import { UserError } from '../scenario/load.js';
import { VERSION } from '../version.js';
import { printCompare } from './compare.js';
import { interruptSignal } from './interrupt.js';
import { printRun } from './run.js';
import { printStress } from './stress.js';

/**
 * `salesim merge OUT SHARD...`: the shards of one study put back together
 * (src/api/merge.ts), then printed as the unsharded command prints it.
 */

interface MergeArgs { out: string; shards: string[]; report: boolean; quiet: boolean; json?: boolean; all: boolean; target: string[] }

export const mergeCommand: CommandModule = {
  command: 'merge <out> <shards..>',
  describe: 'merge the shard folders of one study into what the unsharded run, compare or stress writes',
  builder: (y: Argv) => y
    .positional('out', { type: 'string', demandOption: true, describe: 'the output folder (as --out of the unsharded command)' })
    .positional('shards', { type: 'string', array: true, demandOption: true, describe: 'shard folders, in any order' })
    .option('report', { type: 'boolean', default: true, describe: 'write report.html and charts/ (--no-report: the CSVs only)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'print only where the files went' })
    .option('all', { type: 'boolean', default: false, describe: 'compare: print every significant change, not only the biggest' })
    .option('target', { type: 'string', array: true, default: [] as string[], describe: "run, compare: metric(>=|<=|>|<)number: print the share of replications that meet it" }),
  handler: (a) => commandMerge(a as unknown as MergeArgs),
};

async function commandMerge(a: MergeArgs): Promise<void> {
  // Targets are checked against the study's scenario before anything is merged, as run and compare check them.
  let targets: Target[] = [];
  if (a.target.length > 0) {
    const { record } = readShards(a.shards, VERSION);
    if (record.command === 'stress') throw new UserError(`--target: a stress test takes no targets (merge of ${a.shards[0]})`);
    targets = checkedTargets(a.target, loadScenario({ scenario: record.scenarios[0].resolved, file: record.scenarios[0].file }));
  }
  const merged = await merge(a.out, a.shards, { report: a.report, signal: interruptSignal });
  switch (merged.command) {
    case 'run':
      printRun(merged.study, { file: merged.study.loaded.file, set: merged.set }, a, targets);
      return;
    case 'compare':
      printCompare(merged.study, { files: merged.study.plan.models.map((m) => m.file), set: merged.set }, a, targets);
      return;
    case 'stress':
      printStress(merged.study, { file: merged.study.plan.base.file, set: merged.set }, a);
  }
}
