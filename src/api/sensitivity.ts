import { jsonFile, recordHead } from '../io/records.js';
import { samplesCsv, tornadoCsv, uncertaintyCsv } from '../io/sensitivity-files.js';
import { analyseSensitivity, runSensitivity, sensitivityPlan, type SensitivityResult, type SensitivitySpec } from '../run/sensitivity.js';
import { alignedPlan, type ComparePlan } from '../run/studies.js';
import { asLoaded, inOutput, inputsOf, type ScenarioInput, type StudyOptions, type Written } from './options.js';

/** A sensitivity study's results, and where they were written. */
export type SensitivityStudy = SensitivityResult & Written;

/**
 * How much each answer depends on the guesses in the scenarios: every declared
 * range moved one at a time (tornadoes), then all together over a Latin
 * hypercube sample (src/run/sensitivity.ts), every run on the same replication
 * seeds. Two or more models are compared as `compare` does (the first is the
 * baseline). With `out`, writes sensitivity.csv, uncertainty.csv, samples.csv,
 * run.json and a report with a tornado per metric.
 */
export async function sensitivity(models: ComparePlan | ScenarioInput[], options: Omit<StudyOptions, 'range'> & SensitivitySpec = {}): Promise<SensitivityStudy> {
  const started = performance.now();
  const aligned = Array.isArray(models) ? alignedPlan(models.map(asLoaded)) : models;
  const plan = sensitivityPlan(aligned, options);
  return inOutput(options, inputsOf(options, aligned.models), async (out) => {
    const studies = await runSensitivity(plan, { workers: options.workers, onProgress: options.onProgress, signal: options.signal });
    const result = analyseSensitivity(plan, studies);
    const wall_s = Number(((performance.now() - started) / 1000).toFixed(3));
    if (out === undefined) return { ...result, wall_s };
    const files: Record<string, string | Uint8Array> = {
      'sensitivity.csv': tornadoCsv(result),
      'uncertainty.csv': uncertaintyCsv(result),
      'samples.csv': samplesCsv(result),
      'run.json': jsonFile({
        ...recordHead(aligned.models[0].scenario.run, options.set ?? []),
        command: 'sensitivity',
        models: aligned.models.map((m, i) => ({ name: aligned.names[i], file: m.file })),
        metrics: plan.metrics,
        samples: plan.samples,
        inputs: plan.inputs.map((i) => ({ path: i.path, low: i.low, high: i.high, source: i.source, base: i.base })),
        runs: plan.points.length * aligned.models.length,
        events: result.events,
        wall_s,
      }),
    };
    if (options.report ?? true) {
      const { sensitivityReport } = await import('../report/sensitivity.js');
      Object.assign(files, await sensitivityReport(`salesim sensitivity: ${aligned.names.join(' vs ')}`, result));
    }
    options.signal?.throwIfAborted();
    out.writeAll(files);
    out.commit();
    return { ...result, out: out.dir, wall_s };
  });
}
