import { join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { sensitivity } from '../api/sensitivity.js';
import { folderName } from '../io/output-dir.js';
import { loadScenario } from '../models/index.js';
import { alignedPlan } from '../run/studies.js';
import { printJson, overrides, positiveInt, positiveNumber, workerArgs } from './args.js';
import { withProgress } from './progress.js';
import { columns, num } from './table.js';

/**
 * `salesim sensitivity FILE [B.yaml ...]`: how robust the answer is to every
 * declared range (src/api/sensitivity.ts): the spread of each key metric over
 * the ranges beside its simulation noise, how often one model beats the other,
 * and the inputs each answer hangs on.
 */

interface SensitivityArgs {
  files: string[]; set: string[]; reps?: number; seed?: string; weeks?: number; out?: string; quiet: boolean; json?: boolean;
  workers?: number; report: boolean; metric: string[]; samples: number; top: number;
}

export const sensitivityCommand: CommandModule = {
  command: 'sensitivity <files..>',
  describe: 'move every declared range one at a time and all together: tornadoes, spreads and the chance one model beats another',
  builder: (y: Argv) => workerArgs(y
    .positional('files', { type: 'string', array: true, demandOption: true, describe: 'one scenario, or two or more to compare (the first is the baseline)' })
    .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a field in every model' })
    .option('reps', { type: 'string', coerce: positiveInt('reps'), describe: "replications of every run (default: the first file's run.replications)" })
    .option('seed', { type: 'string', describe: "seed (default: the first file's run.seed)" })
    .option('weeks', { type: 'string', coerce: positiveNumber('weeks'), describe: 'horizon in weeks, for every model' })
    .option('metric', { type: 'string', array: true, default: [] as string[], describe: "metrics to report (default: the scenario kind's key metrics)" })
    .option('samples', { type: 'string', default: 20, coerce: (v: unknown) => (Number(v) === 0 ? 0 : positiveInt('samples')(v)), describe: 'Latin hypercube samples over all ranges together (0: one at a time only)' })
    .option('top', { type: 'string', default: 3, coerce: positiveInt('top'), describe: 'inputs printed per tornado (the files hold every one)' })
    .option('out', { type: 'string', describe: 'output folder (default: output/sensitivity-<A>[-vs-<B>...])' })
    .option('quiet', { type: 'boolean', default: false, describe: 'print only where the files went (and no progress bar)' })
    .option('report', { type: 'boolean', default: true, describe: 'write report.html and charts/ (--no-report: the CSVs only)' })),
  handler: (a) => commandSensitivity(a as unknown as SensitivityArgs),
};

async function commandSensitivity(a: SensitivityArgs): Promise<void> {
  const models = a.files.map((file, i) => loadScenario(file, i === 0 ? overrides(a) : overrides({ set: a.set, weeks: a.weeks })));
  const plan = alignedPlan(models, models.map((m) => folderName(m.name)));
  const out = a.out ?? join('output', folderName(`sensitivity-${plan.names.join('-vs-')}`));
  const study = await withProgress('sensitivity', a.quiet, (progress) => sensitivity(plan, {
    out, outGiven: a.out !== undefined, inputs: a.files, set: a.set, report: a.report, workers: a.workers, ...progress,
    ...(a.metric.length > 0 ? { metrics: a.metric } : {}), samples: a.samples,
  }));
  if (a.json) {
    printJson({ command: 'sensitivity', out, models: plan.names, inputs: study.plan.inputs.map((i) => i.path), uncertainty: study.uncertainty, tornado: study.tornado });
    return;
  }
  if (!a.quiet) {
    const o = process.stdout;
    const runs = study.plan.points.length * plan.models.length;
    o.write(`sensitivity: ${plan.names.join(' vs ')}: ${study.plan.inputs.length} uncertain inputs, ${runs} runs of ${plan.replications} replications on the same seeds (seed ${plan.seed}), ${study.wall_s.toFixed(1)} s\n\n`);
    const comparison = study.uncertainty.some((u) => !Number.isNaN(u.p_above_zero));
    o.write(`how sure is this answer? (noise: half the 95% interval of the mean; P10-P90: over the ranges, ${study.plan.samples} samples)\n`);
    o.write(`${columns(['metric', 'of', 'as is', 'noise ±', 'P10', 'P50', 'P90', ...(comparison ? ['P(> 0)'] : [])], study.uncertainty.map((u) => [
      u.metric, u.of, num(u.base_mean), num(u.noise_ci95_half), num(u.inputs.p10), num(u.inputs.p50), num(u.inputs.p90),
      ...(comparison ? [Number.isNaN(u.p_above_zero) ? '' : `${(100 * u.p_above_zero).toFixed(0)}%`] : []),
    ]), 'llrrrrrr')}\n\n`);
    o.write(`what each answer hangs on (the ${a.top} inputs that move it most, low end -> high end):\n`);
    const seen = new Set<string>();
    for (const b of study.tornado) {
      const key = `${b.metric} ${b.of}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const bars = study.tornado.filter((x) => x.metric === b.metric && x.of === b.of).slice(0, a.top);
      o.write(`  ${b.metric} (${b.of}, as is ${num(b.base_mean)}): ${bars.map((x) => `${x.input} ${num(x.low_mean)} -> ${num(x.high_mean)}`).join('; ')}\n`);
    }
  }
  process.stdout.write(`wrote ${out}/sensitivity.csv, uncertainty.csv, samples.csv, run.json${a.report ? ', report.html, charts/' : ''}\n`);
}
