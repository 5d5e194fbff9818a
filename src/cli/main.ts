#!/usr/bin/env node
import { basename, join, resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { addFilesAtomically, writeDirAtomically } from '../io/atomic-dir.js';
import { summaryCsv, weeklyCsv } from '../io/run-files.js';
import { runPrepared } from '../run/parallel.js';
import { loadScenario, UserError } from '../scenario/load.js';
import { jsonFile, overrides, recordHead, scenarioArgs, studyArgs, VERSION, workerArgs, type CommonArgs, type StudyArgs } from './args.js';
import { compareCommand } from './compare.js';
import { sizeCommand } from './size.js';
import { stressCommand } from './stress.js';
import { installInterruptHandler, interruptSignal, isInterrupt } from './interrupt.js';
import { progressBar } from './progress.js';
import { headlineTable } from './table.js';
import { studyWarnings } from './warnings.js';

interface RunArgs extends StudyArgs { report: boolean; workers?: number }

async function commandRun(a: RunArgs): Promise<void> {
  const started = performance.now();
  const set = overrides(a);
  const loaded = loadScenario(a.file, set);
  const { scenario, name } = loaded;
  const progress = progressBar(name, a.quiet);
  let result;
  try {
    [result] = await runPrepared([{ job: { file: a.file, set }, loaded }], { workers: a.workers, onProgress: progress.update, signal: interruptSignal });
  } finally {
    progress.stop();
  }
  const warnings = studyWarnings(loaded, result);
  const wall = (performance.now() - started) / 1000;
  const dir = a.out ?? join('output', name);
  const runRecord = {
    ...recordHead(scenario.run, a.set, { name, file: a.file }),
    events: result.events,
    wall_s: Number(wall.toFixed(3)),
    resolved: loaded.resolved,
  };
  const files: Record<string, string | Uint8Array> = {
    'summary.csv': summaryCsv(result, warnings),
    'weekly.csv': weeklyCsv(result),
    'run.json': jsonFile(runRecord),
  };
  if (a.report) {
    // Loaded on demand: vega and the PNG renderer take most of a second to load.
    const { modelOutput } = await import('../report/outputs.js');
    const { buildReport } = await import('../report/report.js');
    const model = modelOutput(dir, files as Record<'run.json' | 'summary.csv' | 'weekly.csv', string>);
    Object.assign(files, await buildReport({ title: `salesim: ${name}`, models: [model], differences: [] }));
  }
  // Ctrl-C while the report was being drawn: stop here, before anything is written.
  interruptSignal.throwIfAborted();
  writeDirAtomically(dir, files);
  if (!a.quiet) {
    process.stdout.write(`${name}: ${scenario.run.replications} replications, seed ${scenario.run.seed}, ${wall.toFixed(2)} s\n`);
    process.stdout.write(`${headlineTable(result.summary)}\n`);
    for (const w of warnings) process.stdout.write(`warning: ${w}\n`);
  }
  process.stdout.write(`wrote ${dir}/summary.csv, weekly.csv, run.json${a.report ? ', report.html, charts/' : ''}\n`);
}

async function commandReport(a: { dirs: string[]; out?: string }): Promise<void> {
  const { buildReport, buildStudyReport, readOutputs } = await import('../report/report.js');
  // Every folder is read (and any mistake reported) before anything is written.
  const inputs = a.dirs.map((d) => ({ name: basename(resolve(d)), input: readOutputs(d) }));
  if (inputs.length === 1 && a.out === undefined) {
    const files = await buildReport(inputs[0].input);
    addFilesAtomically(a.dirs[0], files);
    process.stdout.write(`wrote ${join(a.dirs[0], 'report.html')} (${Object.keys(files).filter((f) => f.endsWith('.svg')).length} charts in ${join(a.dirs[0], 'charts')})\n`);
    return;
  }
  if (a.out === undefined) throw new UserError('--out: expected the folder for a report of several outputs (e.g. --out output/study)');
  const names = inputs.map((i) => i.name);
  const twice = names.find((n, k) => names.indexOf(n) !== k);
  if (twice !== undefined) throw new UserError(`${twice}: two output folders with the same name; their charts would overwrite each other`);
  const files = await buildStudyReport(`salesim study: ${names.join(', ')}`, inputs);
  writeDirAtomically(a.out, files);
  process.stdout.write(`wrote ${join(a.out, 'report.html')} (${inputs.length} parts, ${Object.keys(files).filter((f) => f.endsWith('.svg')).length} charts)\n`);
}

function commandValidate(a: CommonArgs): void {
  const loaded = loadScenario(a.file, overrides(a));
  const what = loaded.kind === 'sales'
    ? `${loaded.spec.roles.length} roles, ${loaded.spec.company.segments.length} segments, ${loaded.spec.roles.reduce((n, r) => n + r.headcount, 0)} people`
    : `${loaded.spec.roles.length} roles, ${loaded.spec.tasks.length} tasks, ${loaded.spec.itemTypes.length} item types`;
  process.stdout.write(`${a.file}: ok (${loaded.name}: ${what})\n`);
}

function fail(message: string): never {
  process.stderr.write(`salesim: ${message}\n`);
  process.exit(2);
}

export async function main(argv: string[]): Promise<void> {
  try {
    await yargs(argv)
      .scriptName('salesim')
      .command('run <file>', 'run a scenario and write summary.csv, weekly.csv and run.json', (y) =>
        workerArgs(studyArgs(y, 'output/<scenario-name>'))
          .option('report', { type: 'boolean', default: true, describe: 'write report.html and charts/ (--no-report: the CSVs only)' }),
      (a) => commandRun(a as unknown as RunArgs))
      .command('report <dirs..>', 'write report.html and charts/ for output folders of run, compare or stress', (y) =>
        y.positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'output folder(s); one: the report goes into it' })
          .option('out', { type: 'string', describe: 'folder for one report of several outputs' }),
      (a) => commandReport(a as unknown as { dirs: string[]; out?: string }))
      .command('validate <file>', 'check a scenario file without running it', (y) => scenarioArgs(y),
        (a) => commandValidate(a as unknown as CommonArgs))
      .command(compareCommand)
      .command(stressCommand)
      .command(sizeCommand)
      .demandCommand(1, 'expected a command: run, compare, stress, size, report or validate')
      .strict()
      .version(VERSION)
      .help()
      .fail((msg, err) => {
        // yargs wraps errors thrown by option coercion (our flag checks) in a YError.
        if (err instanceof UserError || err?.name === 'YError') fail(err.message);
        if (err) throw err;
        fail(msg);
      })
      .parseAsync();
  } catch (e) {
    if (e instanceof UserError) fail(e.message);
    if (isInterrupt(e)) {
      process.stderr.write(`salesim: ${interruptSignal.reason?.message ?? 'interrupted'}\n`);
      process.exit(130);
    }
    throw e;
  }
}

installInterruptHandler();
await main(hideBin(process.argv));
