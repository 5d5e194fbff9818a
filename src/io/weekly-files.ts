import { createReadStream, createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse';
import type { RunResult } from '../run/study.js';
import { WeeklyStats } from '../run/weekly.js';
import { UserError } from '../scenario/load.js';
import type { OutputDir } from './output-dir.js';
import { csvField, formatNumber, num } from './run-files.js';

/**
 * weekly.csv (`replication,week,metric,value`: numbers only) and
 * weekly-labels.csv (`replication,week,series,label`: the text series, the
 * weekly constraint of a sales run), written as the replications finish, in
 * replication order: a study never holds more than one replication's rows.
 */
export const WEEKLY_HEADER = 'replication,week,metric,value\n';
export const LABELS_HEADER = 'replication,week,series,label\n';

export class WeeklyFiles {
  private readonly streams: { name: string; stream: WriteStream }[];
  private failure: UserError | null = null;
  /** Escaped metric names of the last replication's weeklyNames (the same for every replication). */
  private names: string[] = [];
  private escaped: string[] = [];

  /** Opens `<folder>/weekly.csv` and `<folder>/weekly-labels.csv` in the output's staging folder (`folder` '' for the top). */
  constructor(out: OutputDir, folder = '') {
    this.streams = ['weekly.csv', 'weekly-labels.csv'].map((f) => {
      const name = folder === '' ? f : `${folder}/${f}`;
      const stream = createWriteStream(out.path(name));
      // A failure (disk full) is kept and thrown by the next write or by close.
      stream.on('error', (e) => { this.failure ??= new UserError(`${out.dir}/${name}: cannot write (${(e as NodeJS.ErrnoException).code ?? e.message})`); });
      return { name, stream };
    });
    this.streams[0].stream.write(WEEKLY_HEADER);
    this.streams[1].stream.write(LABELS_HEADER);
  }

  /**
   * Appends replication `r`'s rows (r from 0). Returns a promise when a file's
   * buffer is full: wait for it before the next write (backpressure).
   */
  write(r: number, rep: RunResult): Promise<void> | undefined {
    if (this.failure !== null) throw this.failure;
    if (rep.weeklyNames !== this.names) {
      this.names = rep.weeklyNames;
      this.escaped = rep.weeklyNames.map(csvField);
    }
    const names = this.escaped;
    let values = '';
    rep.weeks.forEach((row, w) => {
      const head = `${r + 1},${w + 1},`;
      for (let k = 0; k < names.length; k++) values += `${head}${names[k]},${formatNumber(row[k])}\n`;
    });
    let labels = '';
    for (const s of rep.weeklyLabels ?? []) {
      const series = csvField(s.name);
      s.values.forEach((label, w) => { labels += `${r + 1},${w + 1},${series},${csvField(label)}\n`; });
    }
    const full: Promise<unknown>[] = [];
    for (const [k, chunk] of [values, labels].entries()) {
      const { stream } = this.streams[k];
      if (chunk !== '' && !stream.write(chunk)) full.push(once(stream, 'drain'));
    }
    if (full.length === 0) return undefined;
    return Promise.all(full).then(() => {
      if (this.failure !== null) throw this.failure;
    }, () => { throw this.failure ?? new Error('weekly files: write failed'); });
  }

  /** Ends both files and waits until they are on disk (before the output is committed). */
  async close(): Promise<void> {
    if (this.failure !== null) throw this.failure;
    try {
      await Promise.all(this.streams.map(({ stream }) => {
        stream.end();
        return finished(stream);
      }));
    } catch {
      throw this.failure ?? new Error('weekly files: close failed');
    }
  }

  /** Stops writing (the output is being abandoned). */
  destroy(): void {
    for (const { stream } of this.streams) stream.destroy();
  }
}

/**
 * Reads an output folder's weekly.csv (and weekly-labels.csv, if there is one)
 * into the per-week statistics, one row at a time: the files can be far larger
 * than memory. Rows must be in replication order, as salesim writes them. A
 * folder of salesim 0.1 kept the constraint in weekly.csv's value column: a
 * value that is not a number is read as that label.
 */
export async function readWeekly(dir: string, stats = new WeeklyStats()): Promise<WeeklyStats> {
  const weekly = `${dir}/weekly.csv`;
  await readRows(weekly, ['replication', 'week', 'metric', 'value'], (week, metric, value) => {
    const x = num(value);
    if (Number.isNaN(x) && value !== '') stats.addLabel(metric, week, value);
    else stats.add(metric, week, x);
  });
  const labels = `${dir}/weekly-labels.csv`;
  if (existsSync(labels)) await readRows(labels, ['replication', 'week', 'series', 'label'], (week, series, label) => stats.addLabel(series, week, label));
  return stats;
}

async function readRows(file: string, columns: string[], row: (week: number, name: string, value: string) => void): Promise<void> {
  const parser = createReadStream(file).pipe(parse({ skip_empty_lines: true, relax_column_count: false }));
  let at: number[] | null = null;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (at === null) {
        at = columns.map((c) => record.indexOf(c));
        const missing = columns.find((_, k) => at![k] < 0);
        if (missing !== undefined) throw new UserError(`${file}: expected a column '${missing}'`);
        continue;
      }
      const week = Number(record[at[1]]);
      if (!Number.isInteger(week) || week < 1) throw new UserError(`${file}:${parser.info.lines}: week '${record[at[1]]}': expected a whole number >= 1`);
      row(week, record[at[2]], record[at[3]]);
    }
  } catch (e) {
    parser.destroy();
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${file}: not found (expected the output of salesim run)`);
    throw new UserError(`${file}: not a CSV file (${(e as Error).message})`);
  }
}

/**
 * `target`: the CSV files `sources` one after the other, the header once (the
 * first file's), streamed: a merge of shards holds no file in memory. A
 * missing source is a missing shard file.
 */
export async function concatenateCsv(target: string, sources: string[]): Promise<void> {
  const out = createWriteStream(target);
  try {
    for (const [k, file] of sources.entries()) {
      if (!existsSync(file)) throw new UserError(`${file}: not found (expected a shard folder written by salesim with --replications or --shard)`);
      await pipeline(createReadStream(file), k === 0 ? passThrough() : withoutHeader(), out, { end: false });
    }
    out.end();
    await finished(out);
  } catch (e) {
    out.destroy();
    if (e instanceof UserError) throw e;
    throw new UserError(`${target}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

function passThrough(): Transform {
  return new Transform({ transform(chunk, _enc, done) { done(null, chunk); } });
}

/** Drops everything up to and including the first line break. */
function withoutHeader(): Transform {
  let header = true;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (!header) return done(null, chunk);
      const nl = chunk.indexOf(10);
      if (nl < 0) return done();
      header = false;
      done(null, chunk.subarray(nl + 1));
    },
  });
}
