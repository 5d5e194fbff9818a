import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { run, type RunStudy } from '../api/run.js';
import { folderName } from '../io/output-dir.js';
import { parseRange } from '../run/range.js';
import { targetShare } from '../run/spread.js';
import { checkedTargets, type Target } from '../run/targets.js';
import { loadScenario } from '../models/index.js';
import { jsonRows, overrides, printJson, recordHead, studyArgs, workerArgs, type StudyArgs } from './args.js';
import { withProgress } from './progress.js';
import { printShard, shardArgs, shardFolder, type ShardFlags } from './shard.js';
import { headlineTable, targetLines } from './table.js';
import { printWarnings } from './warnings.js';

/** `salesim run FILE`: a scenario's replications, their summary, weekly rows, warnings and report (src/api/run.ts). */

interface RunArgs extends StudyArgs, ShardFlags { report: boolean; workers?: number; target: string[] }

export const runCommand: CommandModule = {
  command: 'run <file>',
  describe: 'run a scenario and write summary.csv, weekly.csv, weekly-labels.csv, replications.csv, warnings.csv and run.json',
  builder: (y: Argv) => shardArgs(workerArgs(studyArgs(y, 'output/<scenario-name>'))
    .option('report', { type: 'boolean', default: true, describe: 'write report.html and charts/ (--no-report: the CSVs only)' })
    .option('target', { type: 'string', array: true, default: [] as string[], describe: "metric(>=|<=|>|<)number: print the share of replications that meet it, e.g. --target 'on_time_task_fraction>=0.9'" })),
  handler: (a) => commandRun(a as unknown as RunArgs),
};

async function commandRun(a: RunArgs): Promise<void> {
  const loaded = loadScenario(a.file, overrides(a));
  const range = parseRange(a, loaded.scenario.run.replications);
  // Checked before anything runs: a target on a metric the scenario has not fails now.
  const targets = checkedTargets(a.target, loaded);
  const name = folderName(loaded.name);
  const out = a.out ?? join('output', range === undefined ? name : shardFolder(name, range));
  const study = await withProgress(loaded.name, a.quiet, (progress) => run(loaded, {
    out, outGiven: a.out !== undefined, inputs: [a.file], set: a.set, report: a.report, range,
    workers: a.workers, ...progress,
  }));
  if (study.shard !== undefined) printShard(study.shard, out, study.wall_s, a);
  else printRun(study, { file: a.file, set: a.set }, a, targets);
}

/** What `run` prints (and `merge` of a run): the headline table, or --json; the warnings; where the files went. */
export function printRun(study: RunStudy, given: { file: string; set: string[] }, flags: { json?: boolean; quiet: boolean; report: boolean }, targets: Target[] = []): void {
  const { loaded, name, warnings } = study;
  const { scenario } = loaded;
  const shares = targets.map((t) => targetShare(study.study, t));
  if (flags.json) {
    printJson({
      ...recordHead(scenario.run, given.set, { name, file: given.file }), command: 'run', out: study.out,
      headline: jsonRows(study.headline, study.study), targets: shares, warnings: warnings.map((w) => ({ kind: w.kind, role: w.role, text: w.text })),
    });
  } else if (!flags.quiet) {
    process.stdout.write(`${name}: ${scenario.run.replications} replications, seed ${scenario.run.seed}, ${study.wall_s.toFixed(2)} s\n`);
    process.stdout.write(`${headlineTable(study.study, study.headline)}\n`);
  }
  if (!flags.json) for (const line of targetLines(shares)) process.stdout.write(`${line}\n`);
  printWarnings(warnings, flags.quiet, false);
  if (!flags.json) process.stdout.write(`wrote ${study.out}/summary.csv, weekly.csv, weekly-labels.csv, replications.csv, warnings.csv, run.json${flags.report ? ', report.html, charts/' : ''}\n`);
}
