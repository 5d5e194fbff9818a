import { stringify } from 'csv-stringify/sync';
import type { SensitivityResult } from '../run/sensitivity.js';
import { formatNumber } from './run-files.js';

/** The files of a sensitivity study, in the number format of every CSV salesim writes. */

/** sensitivity.csv: the tornadoes, one row per metric, model (or difference) and input, biggest swing first within each. */
export function tornadoCsv(r: SensitivityResult): string {
  return stringify(
    r.tornado.map((b) => [b.metric, b.of, b.input, String(b.low), String(b.high), formatNumber(b.base_mean), formatNumber(b.low_mean), formatNumber(b.high_mean), formatNumber(b.swing), b.source]),
    { header: true, columns: ['metric', 'of', 'input', 'low', 'high', 'base_mean', 'low_mean', 'high_mean', 'swing', 'source'] },
  );
}

/** uncertainty.csv: each metric (and difference) over the Latin hypercube sample, beside its simulation noise. */
export function uncertaintyCsv(r: SensitivityResult): string {
  return stringify(
    r.uncertainty.map((u) => [u.metric, u.of, formatNumber(u.base_mean), formatNumber(u.noise_ci95_half), formatNumber(u.inputs.p10), formatNumber(u.inputs.p50), formatNumber(u.inputs.p90), formatNumber(u.p_above_zero), String(u.samples)]),
    { header: true, columns: ['metric', 'of', 'base_mean', 'noise_ci95_half', 'p10', 'p50', 'p90', 'p_above_zero', 'samples'] },
  );
}

/** samples.csv: each Latin hypercube sample's input values and each model's metric means. */
export function samplesCsv(r: SensitivityResult): string {
  const { plan } = r;
  const samples = plan.points.filter((p) => p.kind === 'sample');
  const rows = samples.flatMap((p, s) => plan.models.names.map((model, m) => [
    String(s + 1), model, ...p.values.map(String), ...r.sampleMeans[s][m].map(formatNumber),
  ]));
  return stringify(rows, { header: true, columns: ['sample', 'model', ...plan.inputs.map((i) => i.path), ...plan.metrics] });
}
