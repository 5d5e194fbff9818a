import { join } from 'node:path';
import yargs from 'yargs';
import { report } from '../api/report.js';
import { UserError } from '../scenario/load.js';
import { loadScenario } from '../models/index.js';
import { asTyped, overrides, VERSION } from './args.js';
import { compareCommand } from './compare.js';
import { calibrateCommand } from './calibrate.js';
import { fitCommand } from './fit.js';
import { mergeCommand } from './merge.js';
import { runCommand } from './run.js';
import { sensitivityCommand } from './sensitivity.js';
import { sizeCommand } from './size.js';
import { stressCommand } from './stress.js';
import { interruptSignal, isInterrupt } from './interrupt.js';

async function commandReport(a: { dirs: string[]; out?: string }): Promise<void> {
  const written = await report(a.dirs, { out: a.out, signal: interruptSignal });
  process.stdout.write(a.out === undefined
    ? `wrote ${written.file} (${written.charts} charts in ${join(a.dirs[0], 'charts')})\n`
    : `wrote ${written.file} (${a.dirs.length} parts, ${written.charts} charts)\n`);
}

/** Every file is checked, each mistake on its own line; the command fails (exit 2) when any file does. */
function commandValidate(a: { files: string[]; set: string[] }): void {
  let failed = 0;
  for (const file of a.files) {
    try {
      const loaded = loadScenario(file, overrides({ set: a.set }));
      const what = loaded.model.describe(loaded.spec);
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
      .command(runCommand)
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
      .command(mergeCommand)
      .command(sensitivityCommand)
      .command(fitCommand)
      .command(calibrateCommand)
      .demandCommand(1, 'expected a command: run, compare, stress, size, sensitivity, fit, calibrate, merge, report or validate')
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
      throw new UserError('expected a command: run, compare, stress, size, sensitivity, fit, calibrate, merge, report or validate');
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
