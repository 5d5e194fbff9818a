import { basename, join, resolve } from 'node:path';
import yargs from 'yargs';
import { folderName, OutputDir } from '../io/output-dir.js';
import { summaryCsv, warningsCsv } from '../io/run-files.js';
import { WeeklyFiles } from '../io/weekly-files.js';
import { runPrepared } from '../run/parallel.js';
import { studyWarnings } from '../run/warnings.js';
import { loadScenario, UserError } from '../scenario/load.js';
import { asTyped, jsonFile, jsonRows, overrides, printJson, recordHead, studyArgs, VERSION, workerArgs, type StudyArgs } from './args.js';
import { compareCommand } from './compare.js';
import { calibrateCommand } from './calibrate.js';
import { fitCommand } from './fit.js';
import { sizeCommand } from './size.js';
import { stressCommand } from './stress.js';
import { interruptSignal, isInterrupt } from './interrupt.js';
import { progressBar } from './progress.js';
import { headlineRows, headlineTable } from './table.js';
import { printWarnings } from './warnings.js';

interface RunArgs extends StudyArgs { report: boolean; workers?: number }

async function commandRun(a: RunArgs): Promise<void> {
  const started = performance.now();
  const set = overrides(a);
  const loaded = loadScenario(a.file, set);
  const { name } = loaded;
  const dir = a.out ?? join('output', folderName(name));
  // Checked (and its staging folder made) before anything runs: a folder that cannot be written fails now, not after the simulation.
  const out = OutputDir.open(dir, { given: a.out !== undefined, inputs: [a.file] });
  try {
    await runInto(out, a, loaded, set, started);
  } catch (e) {
    out.abandon();
    throw e;
  }
}

async function runInto(out: OutputDir, a: RunArgs, loaded: ReturnType<typeof loadScenario>, set: string[], started: number): Promise<void> {
  const { scenario, name } = loaded;
  const dir = out.dir;
  const progress = progressBar(name, a.quiet);
  // The weekly rows go to their files as the replications finish, in replication order; only the aggregates stay.
  const weekly = new WeeklyFiles(out);
  let result;
  try {
    [result] = await runPrepared([{ job: { file: a.file, set }, loaded }], {
      workers: a.workers, onProgress: progress.update, signal: interruptSignal, sink: (_job, r, rep) => weekly.write(r, rep),
    });
    await weekly.close();
  } catch (e) {
    weekly.destroy();
    throw e;
  } finally {
    progress.stop();
  }
  const warnings = studyWarnings(name, loaded, result);
  const wall = (performance.now() - started) / 1000;
  const runRecord = {
    ...recordHead(scenario.run, a.set, { name, file: a.file }),
    events: result.events,
    wall_s: Number(wall.toFixed(3)),
    resolved: loaded.resolved,
  };
  const files = {
    'summary.csv': summaryCsv(result),
    'warnings.csv': warningsCsv(warnings),
    'run.json': jsonFile(runRecord),
  };
  const report: Record<string, string | Uint8Array> = {};
  if (a.report) {
    // Loaded on demand: vega and the PNG renderer take most of a second to load.
    const { modelOutput } = await import('../report/outputs.js');
    const { buildReport } = await import('../report/report.js');
    // The weekly statistics from memory: the same numbers `salesim report` gets by reading weekly.csv back.
    const model = modelOutput(dir, files, result.weekly);
    Object.assign(report, await buildReport({ title: `salesim: ${name}`, models: [model], differences: [] }));
  }
  // Ctrl-C while the report was being drawn: stop here, before anything is written.
  interruptSignal.throwIfAborted();
  out.writeAll({ ...files, ...report });
  out.commit();
  if (a.json) {
    printJson({
      ...recordHead(scenario.run, a.set, { name, file: a.file }), command: 'run', out: dir,
      headline: jsonRows(headlineRows(result.summary)), warnings: warnings.map((w) => ({ kind: w.kind, role: w.role, text: w.text })),
    });
  } else if (!a.quiet) {
    process.stdout.write(`${name}: ${scenario.run.replications} replications, seed ${scenario.run.seed}, ${wall.toFixed(2)} s\n`);
    process.stdout.write(`${headlineTable(result.summary)}\n`);
  }
  printWarnings(warnings, a.quiet, false);
  if (!a.json) process.stdout.write(`wrote ${dir}/summary.csv, weekly.csv, weekly-labels.csv, warnings.csv, run.json${a.report ? ', report.html, charts/' : ''}\n`);
}

async function commandReport(a: { dirs: string[]; out?: string }): Promise<void> {
  const { buildReport, buildStudyReport, readOutputs } = await import('../report/report.js');
  if (a.dirs.length > 1 && a.out === undefined) throw new UserError('--out: expected the folder for a report of several outputs (e.g. --out output/study)');
  // A single folder gets its report beside its files; several get one report in a folder of its own.
  const out = a.out === undefined
    ? OutputDir.open(a.dirs[0], { given: true, keep: true, inputs: a.dirs })
    : OutputDir.open(a.out, { given: true, inputs: a.dirs });
  let files: Record<string, string | Uint8Array>;
  try {
    // Every folder is read (and any mistake reported) before anything is written.
    const inputs: { name: string; input: Awaited<ReturnType<typeof readOutputs>> }[] = [];
    for (const d of a.dirs) inputs.push({ name: basename(resolve(d)), input: await readOutputs(d) });
    if (a.out === undefined) {
      files = await buildReport(inputs[0].input);
    } else {
      const names = inputs.map((i) => i.name);
      const twice = names.find((n, k) => names.indexOf(n) !== k);
      if (twice !== undefined) throw new UserError(`${twice}: two output folders with the same name; their charts would overwrite each other`);
      files = await buildStudyReport(`salesim study: ${names.join(', ')}`, inputs);
      // The record that makes the folder recognisably salesim's, so that a later report may replace it.
      files['run.json'] = jsonFile({ salesim: VERSION, command: 'report', inputs: a.dirs });
    }
    interruptSignal.throwIfAborted();
    out.writeAll(files);
  } catch (e) {
    out.abandon();
    throw e;
  }
  out.commit();
  const charts = Object.keys(files).filter((f) => f.endsWith('.svg')).length;
  process.stdout.write(a.out === undefined
    ? `wrote ${join(a.dirs[0], 'report.html')} (${charts} charts in ${join(a.dirs[0], 'charts')})\n`
    : `wrote ${join(a.out, 'report.html')} (${a.dirs.length} parts, ${charts} charts)\n`);
}

/** Every file is checked, each mistake on its own line; the command fails (exit 2) when any file does. */
function commandValidate(a: { files: string[]; set: string[] }): void {
  let failed = 0;
  for (const file of a.files) {
    try {
      const loaded = loadScenario(file, overrides({ set: a.set }));
      const what = loaded.kind === 'sales'
        ? `${loaded.spec.roles.length} roles, ${loaded.spec.company.segments.length} segments, ${loaded.spec.roles.reduce((n, r) => n + r.headcount, 0)} people`
        : `${loaded.spec.roles.length} roles, ${loaded.spec.tasks.length} tasks, ${loaded.spec.itemTypes.length} item types`;
      process.stdout.write(`${file}: ok (${loaded.name}: ${what})\n`);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      process.stderr.write(`salesim: ${asTyped(e.message)}\n`);
      failed++;
    }
  }
  if (failed > 0) throw new Reported(2);
}

/** A failure whose lines have been printed already: main() returns its exit code and prints nothing more. */
class Reported extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** A user's mistake: one line on stderr, exit code 2. */
function userFailure(message: string): number {
  process.stderr.write(`salesim: ${asTyped(message)}\n`);
  return 2;
}

/**
 * A mistake of salesim's own: one line and exit code 1, the stack only when
 * asked for (--debug or SALESIM_DEBUG=1), since a user can do nothing with it
 * but report it.
 */
export function internalFailure(e: unknown, debug: boolean): number {
  const err = e instanceof Error ? e : new Error(String(e));
  if (debug) process.stderr.write(`${err.stack ?? err.message}\n`);
  process.stderr.write(`salesim: internal error: ${err.message.split('\n')[0]}${debug ? '' : ' (run with --debug for the stack)'}\n`);
  return 1;
}

/**
 * Runs one command line and returns its exit code: 0, 2 for a user's mistake
 * (one line on stderr), 130 when interrupted, 1 for an internal error. It never
 * exits the process, so tests call it in-process.
 */
export async function main(argv: string[]): Promise<number> {
  try {
    const parser = yargs(argv)
      .scriptName('salesim')
      .command('run <file>', 'run a scenario and write summary.csv, weekly.csv, weekly-labels.csv, warnings.csv and run.json', (y) =>
        workerArgs(studyArgs(y, 'output/<scenario-name>'))
          .option('report', { type: 'boolean', default: true, describe: 'write report.html and charts/ (--no-report: the CSVs only)' }),
      (a) => commandRun(a as unknown as RunArgs))
      .command('report <dirs..>', 'write report.html and charts/ for output folders of run, compare or stress', (y) =>
        y.positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'output folder(s); one: the report goes into it' })
          .option('out', { type: 'string', describe: 'folder for one report of several outputs' }),
      (a) => commandReport(a as unknown as { dirs: string[]; out?: string }))
      .command('validate <files..>', 'check scenario files without running them', (y) =>
        y.positional('files', { type: 'string', array: true, demandOption: true, describe: 'scenario files (YAML or JSON)' })
          .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a field in every file: --set roles.server.headcount=6' }),
      (a) => commandValidate(a as unknown as { files: string[]; set: string[] }))
      .command(compareCommand)
      .command(stressCommand)
      .command(sizeCommand)
      .command(fitCommand)
      .command(calibrateCommand)
      .demandCommand(1, 'expected a command: run, compare, stress, size, report or validate')
      .option('debug', { type: 'boolean', default: false, describe: 'print the stack of an internal error' })
      .option('json', { type: 'boolean', default: false, describe: 'print the headline results as JSON on stdout (warnings stay on stderr)' })
      .strict()
      .version(VERSION)
      .alias('v', 'version')
      .help()
      .alias('h', 'help')
      .fail((msg, err) => {
        // yargs wraps errors thrown by option coercion (our flag checks) in a YError.
        if (err instanceof UserError || err?.name === 'YError') throw new UserError(err.message);
        if (err) throw err;
        throw new UserError(msg);
      })
      .exitProcess(false);
    if (argv.length === 0) {
      // No command: what there is to run, then the one line (exit 2), as for any other mistake.
      process.stderr.write(`${await parser.getHelp()}\n\n`);
      throw new UserError('expected a command: run, compare, stress, size, report or validate');
    }
    await parser.parseAsync();
    return 0;
  } catch (e) {
    if (e instanceof Reported) return e.code;
    if (e instanceof UserError) return userFailure(e.message);
    if (isInterrupt(e)) {
      process.stderr.write(`salesim: ${interruptSignal.reason?.message ?? 'interrupted'}\n`);
      return 130;
    }
    return internalFailure(e, argv.includes('--debug') || process.env.SALESIM_DEBUG === '1');
  }
}
