import { basename, join, resolve } from 'node:path';
import { OutputDir } from '../io/output-dir.js';
import { jsonFile } from '../io/records.js';
import { UserError } from '../scenario/load.js';
import { VERSION } from '../version.js';

export interface ReportWritten {
  /** The report file written. */
  file: string;
  /** Charts drawn (SVG files). */
  charts: number;
}

/**
 * Draws report.html and charts/ from output folders of run, compare or stress.
 * One folder: the report goes into it (its other files kept as they are).
 * Several: one report of all of them, in `out` (required), which may not hold
 * any of them.
 */
export async function report(dirs: string[], options: { out?: string; signal?: AbortSignal } = {}): Promise<ReportWritten> {
  const { buildReport, buildStudyReport, readOutputs } = await import('../report/report.js');
  if (dirs.length === 0) throw new UserError('report: expected one or more output folders');
  if (dirs.length > 1 && options.out === undefined) throw new UserError('--out: expected the folder for a report of several outputs (e.g. --out output/study)');
  // A single folder gets its report beside its files; several get one report in a folder of its own.
  const out = options.out === undefined
    ? OutputDir.open(dirs[0], { given: true, keep: true, inputs: dirs })
    : OutputDir.open(options.out, { given: true, inputs: dirs });
  let files: Record<string, string | Uint8Array>;
  try {
    // Every folder is read (and any mistake reported) before anything is written.
    const inputs: { name: string; input: Awaited<ReturnType<typeof readOutputs>> }[] = [];
    for (const d of dirs) inputs.push({ name: basename(resolve(d)), input: await readOutputs(d) });
    if (options.out === undefined) {
      files = await buildReport(inputs[0].input);
    } else {
      const names = inputs.map((i) => i.name);
      const twice = names.find((n, k) => names.indexOf(n) !== k);
      if (twice !== undefined) throw new UserError(`${twice}: two output folders with the same name; their charts would overwrite each other`);
      files = await buildStudyReport(inputs);
      // The record that makes the folder recognisably salesim's, so that a later report may replace it.
      files['run.json'] = jsonFile({ salesim: VERSION, command: 'report', inputs: dirs });
    }
    options.signal?.throwIfAborted();
    out.writeAll(files);
  } catch (e) {
    out.abandon();
    throw e;
  }
  out.commit();
  return { file: join(options.out ?? dirs[0], 'report.html'), charts: Object.keys(files).filter((f) => f.endsWith('.svg')).length };
}
