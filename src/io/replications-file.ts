import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { StudyResult } from '../run/study.js';
import { UserError } from '../scenario/load.js';
import { csvField } from './run-files.js';

/**
 * replications.csv: every replication's summary values, long form
 * `replication,metric,value` (replication from 1, as weekly.csv numbers them),
 * replication after replication, each with its metrics in summary order. It is
 * what paired differences and percentiles across replications are computed
 * from, and what `salesim merge` puts a sharded study back together with, so
 * values are written exactly (the shortest text that reads back as the same
 * double), not rounded like summary.csv; an undefined value (NaN) is an empty
 * cell and is kept, so that every replication has every metric.
 */
export const REPLICATIONS_HEADER = 'replication,metric,value\n';

export function exactNumber(x: number): string {
  if (Number.isNaN(x)) return '';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return String(x);
}

function readNumber(s: string): number {
  if (s === '') return NaN;
  if (s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  return Number(s);
}

export function replicationsCsv(study: StudyResult): string {
  const names = study.names.map(csvField);
  const k = names.length;
  const parts: string[] = [REPLICATIONS_HEADER];
  for (let r = 0; r < study.count; r++) {
    const head = `${study.first + r + 1},`;
    let rows = '';
    for (let j = 0; j < k; j++) rows += `${head}${names[j]},${exactNumber(study.values[r * k + j])}\n`;
    parts.push(rows);
  }
  return parts.join('');
}

/**
 * A replications.csv read back, one row at a time, checked to hold exactly the
 * replications `from + 1` to `to`, in order, each with the same metrics in the
 * same order (`names` when given: another shard's).
 */
export async function readReplications(file: string, from: number, to: number, names?: string[]): Promise<{ names: string[]; values: Float64Array }> {
  const parser = createReadStream(file).pipe(parse({ skip_empty_lines: true }));
  const fail = (what: string): never => { throw new UserError(`${file}:${parser.info.lines}: ${what}`); };
  // Until the metrics are known (another shard's, or this file's first replication's), the first replication's rows are kept aside.
  let list: string[] | undefined = names;
  const firstNames: string[] = [];
  const firstValues: number[] = [];
  let values = new Float64Array(list === undefined ? 0 : (to - from) * list.length);
  let rep = from;
  let j = 0;
  const store = (r: string, metric: string, x: number) => {
    const k = list!.length;
    if (rep >= to) fail(`replication ${r}: expected the replications ${from + 1}-${to} only`);
    if (r !== String(rep + 1)) fail(`replication ${r}: expected ${rep + 1} (every replication's rows together, in order)`);
    if (metric !== list![j]) fail(`metric '${metric}': expected '${list![j]}' (every replication has the same metrics in the same order)`);
    values[(rep - from) * k + j] = x;
    if (++j === k) { j = 0; rep++; }
  };
  const settle = () => {
    // The first replication's rows define the metrics; they are stored as any other replication's.
    list = firstNames;
    values = new Float64Array((to - from) * list.length);
    firstNames.forEach((m, k) => store(String(from + 1), m, firstValues[k]));
  };
  try {
    let header = true;
    for await (const record of parser as AsyncIterable<string[]>) {
      if (header) {
        header = false;
        if (record.join(',') !== 'replication,metric,value') fail(`expected the header 'replication,metric,value', got '${record.join(',')}'`);
        continue;
      }
      if (record.length !== 3) fail(`expected 3 columns (replication, metric, value), got ${record.length}`);
      const [r, metric, value] = record;
      const x = readNumber(value);
      if (Number.isNaN(x) && value !== '') fail(`value '${value}': expected a number (or an empty cell)`);
      if (list === undefined) {
        if (r === String(from + 1)) { firstNames.push(metric); firstValues.push(x); continue; }
        settle();
      }
      store(r, metric, x);
    }
    if (list === undefined) settle();
  } catch (e) {
    parser.destroy();
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${file}: not found (expected a shard folder written by salesim with --replications or --shard)`);
    throw new UserError(`${file}: not a CSV file (${(e as Error).message})`);
  }
  if (rep !== to || j !== 0) throw new UserError(`${file}: ends within replication ${rep + 1}; expected the replications ${from + 1}-${to}`);
  return { names: list!, values };
}
