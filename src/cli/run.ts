import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { folderName, OutputDir } from '../io/output-dir.js';
import { replicationsCsv } from '../io/replications-file.js';
import { summaryCsv, warningsCsv } from '../io/run-files.js';
import { WeeklyFiles } from '../io/weekly-files.js';
import { parseRange } from '../run/range.js';
import { runScenario, type RunOutcome } from '../run/studies.js';
import { loadScenario } from '../scenario/load.js';
import { jsonFile, jsonRows, overrides, printJson, recordHead, studyArgs, workerArgs, type StudyArgs } from './args.js';
import { interruptSignal } from './interrupt.js';
import { progressBar } from './progress.js';
import { shardArgs, shardFolder, writeShard, type ShardFlags } from './shard.js';
import { headlineTable } from './table.js';
import { printWarnings } from './warnings.js';

/** `salesim run FILE`: a scenario's replications, their summary, weekly rows, warnings and report. */

interface RunArgs extends StudyArgs, ShardFlags { report: boolean; workers?: number }

export const runCommand: CommandModule = {
  command: 'run <file>',
  describe: 'run a scenario and write summary.csv, weekly.csv, weekly-labels.csv, replications.csv, warnings.csv and run.json',
  builder: (y: Argv) => shardArgs(workerArgs(studyArgs(y, 'output/<scenario-name>'))
    .option('report', { type: 'boolean', default: true, describe: 'write report.html and charts/ (--no-report: the CSVs only)' })),
  handler: (a) => commandRun(a as unknown as RunArgs),
};

async function commandRun(a: RunArgs): Promise<void> {
  const started = performance.now();
  const loaded = loadScenario(a.file, overrides(a));
  const range = parseRange(a, loaded.scenario.run.replications);
  const name = folderName(loaded.name);
  const dir = a.out ?? join('output', range === undefined ? name : shardFolder(name, range));
  // Checked (and its staging folder made) before anything runs: a folder that cannot be written fails now, not after the simulation.
  const out = OutputDir.open(dir, { given: a.out !== undefined, inputs: [a.file] });
  try {
    const progress = progressBar(loaded.name, a.quiet);
    // The weekly rows go to their files as the replications finish, in replication order; only the aggregates stay.
    const weekly = new WeeklyFiles(out);
    let outcome;
    try {
      outcome = await runScenario(loaded, {
        workers: a.workers, onProgress: progress.update, signal: interruptSignal, sink: (_job, r, rep) => weekly.write(r, rep), range,
      });
      await weekly.close();
    } catch (e) {
      weekly.destroy();
      throw e;
    } finally {
      progress.stop();
    }
    const wall = (performance.now() - started) / 1000;
    if (range !== undefined) {
      writeShard(out, { command: 'run', set: a.set, args: {}, scenarios: [loaded], jobs: [{ folder: '', study: outcome.study }], range, wall }, a);
      return;
    }
    await finishRun(out, { file: a.file, set: a.set }, outcome, a, wall);
  } catch (e) {
    out.abandon();
    throw e;
  }
}

/**
 * What `run` writes and prints once the replications are done (their weekly
 * files already in `out`): by a run, or by `salesim merge` from the shards of
 * one. `wall`: the seconds the replications took.
 */
export async function finishRun(
  out: OutputDir, given: { file: string; set: string[] }, outcome: RunOutcome,
  flags: { report: boolean; json?: boolean; quiet: boolean }, wall: number,
): Promise<void> {
  const { loaded, study, warnings, name } = outcome;
  const { scenario } = loaded;
  const dir = out.dir;
  const runRecord = {
    ...recordHead(scenario.run, given.set, { name, file: given.file }),
    events: study.events,
    wall_s: Number(wall.toFixed(3)),
    resolved: loaded.resolved,
  };
  const files = {
    'summary.csv': summaryCsv(study),
    'warnings.csv': warningsCsv(warnings),
    'run.json': jsonFile(runRecord),
  };
  const report: Record<string, string | Uint8Array> = {};
  if (flags.report) {
    // Loaded on demand: vega and the PNG renderer take most of a second to load.
    const { modelOutput } = await import('../report/outputs.js');
    const { buildReport } = await import('../report/report.js');
    // The weekly statistics from memory: the same numbers `salesim report` gets by reading weekly.csv back.
    const model = modelOutput(dir, files, study.weekly);
    Object.assign(report, await buildReport({ title: `salesim: ${name}`, models: [model], differences: [] }));
  }
  // Ctrl-C while the report was being drawn: stop here, before anything is written.
  interruptSignal.throwIfAborted();
  out.writeAll({ ...files, 'replications.csv': replicationsCsv(study), ...report });
  out.commit();
  if (flags.json) {
    printJson({
      ...recordHead(scenario.run, given.set, { name, file: given.file }), command: 'run', out: dir,
      headline: jsonRows(outcome.headline), warnings: warnings.map((w) => ({ kind: w.kind, role: w.role, text: w.text })),
    });
  } else if (!flags.quiet) {
    process.stdout.write(`${name}: ${scenario.run.replications} replications, seed ${scenario.run.seed}, ${wall.toFixed(2)} s\n`);
    process.stdout.write(`${headlineTable(study.summary)}\n`);
  }
  printWarnings(warnings, flags.quiet, false);
  if (!flags.json) process.stdout.write(`wrote ${dir}/summary.csv, weekly.csv, weekly-labels.csv, replications.csv, warnings.csv, run.json${flags.report ? ', report.html, charts/' : ''}\n`);
}
