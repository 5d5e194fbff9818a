import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { formatNumber } from '../../src/io/run-files.js';
import { runStudy } from '../../src/run/study.js';
import { loadScenario } from '../../src/models/index.js';
import { tempDir } from '../support/cli.js';
import { ROOT } from '../support/study.js';

/**
 * The output files as data (issue 11, parts 4 and 5), through main() in this
 * process: numeric columns hold numbers only, warnings have their own file and
 * go to stderr, the weekly constraint has its own file, and the weekly files
 * are streamed in replication order, the same with threads as without.
 */

let stdout = '';
let stderr = '';
beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => { stdout += String(s); return true; });
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => { stderr += String(s); return true; });
});
afterEach(() => vi.restoreAllMocks());

const dir = tempDir();
const rows = (file: string) => parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
/** A number as the files write it: empty (undefined), inf, -inf or a finite decimal. */
const NUMBER = /^(|inf|-inf|-?\d+(\.\d+)?(e[+-]?\d+)?)$/;

// inside-out with half its customer service: calls pile up at the desk (F9) and its queue grows (unstable).
const STARVED = ['scenarios/inside-out.yaml', '--set', 'roles.customer_service.headcount=2', '--reps', '3', '--weeks', '12', '--set', 'run.warmup=2 wk'];

describe('a sales run with --no-report', () => {
  const out = join(dir, 'starved');
  let code = -1;
  let err = '';
  let said = '';
  beforeEach(async () => {
    if (code !== -1) return;
    code = await main(['run', ...STARVED, '--workers', '1', '--out', out, '--no-report']);
    err = stderr;
    said = stdout;
  });

  it('prints its warnings on stderr, none on stdout', () => {
    expect(code, err).toBe(0);
    expect(err).toMatch(/^warning: sales support is the constraint: customer_service in [\d.]+ of 10 weeks \(F9: it should never be\)$/m);
    expect(err).toMatch(/^warning: unstable queue: customer_service: the queue grows/m);
    expect(said).not.toMatch(/^warning/m);
  });

  it('summary.csv: numbers only in its numeric columns, on every row', () => {
    const summary = rows(join(out, 'summary.csv'));
    expect(summary.length).toBeGreaterThan(10);
    for (const r of summary) {
      for (const c of ['mean', 'stdev', 'ci95_low', 'ci95_high', 'replications']) expect(r[c], `${r.metric}.${c}`).toMatch(NUMBER);
    }
    expect(summary.map((r) => r.metric)).not.toContain('warning');
  });

  it('warnings.csv holds F9 and the unstable queue, with the measured weeks', () => {
    const warnings = rows(join(out, 'warnings.csv'));
    expect(Object.keys(warnings[0])).toEqual(['scenario', 'kind', 'role', 'weeks', 'text']);
    const f9 = warnings.filter((w) => w.kind === 'sales-support-constraint');
    expect(f9.map((w) => [w.scenario, w.role, w.weeks])).toEqual([['inside-out', 'customer_service', '10']]);
    expect(err).toContain(`warning: ${f9[0].text}\n`);
    const share = rows(join(out, 'summary.csv')).find((r) => r.metric === 'constraint_share.customer_service')!;
    expect(Number(share.mean) * 10).toBeCloseTo(Number(f9[0].text.match(/in ([\d.]+) of/)![1]), 1);
    const unstable = warnings.filter((w) => w.kind === 'unstable-queue');
    expect(unstable.map((w) => w.role)).toContain('customer_service');
    for (const w of unstable) expect(w.weeks).toBe('10');
    expect(warnings.filter((w) => w.kind === 'short-run').map((w) => w.weeks)).toContain('');
  });

  it('weekly.csv: numbers only; weekly-labels.csv: the constraint timeline of every replication and week', () => {
    const weekly = rows(join(out, 'weekly.csv'));
    for (const r of weekly) expect(r.value, `${r.replication},${r.week},${r.metric}`).toMatch(NUMBER);
    expect(weekly.some((r) => r.metric === 'constraint')).toBe(false);
    const labels = rows(join(out, 'weekly-labels.csv'));
    expect(Object.keys(labels[0])).toEqual(['replication', 'week', 'series', 'label']);
    // The same timeline as the replications give in memory.
    const loaded = loadScenario(resolve(ROOT, STARVED[0]), ['roles.customer_service.headcount=2', 'run.horizon=12 wk', 'run.warmup=2 wk']);
    const study = runStudy(loaded, { replications: 3, seed: loaded.scenario.run.seed });
    const expected = study.replications.flatMap((rep, r) => rep.weeklyLabels![0].values.map((label, w) => ({ replication: String(r + 1), week: String(w + 1), series: 'constraint', label })));
    expect(labels).toEqual(expected);
    // And weekly.csv holds exactly the replications' rows, in replication order.
    const values = study.replications.flatMap((rep, r) => rep.weeks.flatMap((row, w) => rep.weeklyNames.map((metric, k) => ({ replication: String(r + 1), week: String(w + 1), metric, value: formatNumber(row[k]) }))));
    expect(weekly).toEqual(values);
  });
});

describe('an overloaded queueing network with --no-report --quiet', () => {
  it('writes and prints the unstable queue (--quiet leaves out only the notes on the run length)', async () => {
    const out = join(dir, 'overloaded');
    // Utilization 1.2: the queue grows without bound.
    const code = await main(['run', 'scenarios/theory/mm1.yaml', '--set', 'items.customer.arrivals.rate=1.2/h', '--reps', '3', '--weeks', '12',
      '--workers', '1', '--out', out, '--no-report', '--quiet']);
    expect(code, stderr).toBe(0);
    const warnings = rows(join(out, 'warnings.csv'));
    const unstable = warnings.filter((w) => w.kind === 'unstable-queue');
    expect(unstable.map((w) => [w.scenario, w.role, w.weeks])).toEqual([['mm1', 'server', '8']]);
    expect(stderr).toBe(`warning: ${unstable[0].text}\n`);
    expect(warnings.some((w) => w.kind === 'short-run')).toBe(true);
    expect(rows(join(out, 'weekly-labels.csv'))).toEqual([]);
  });
});

describe('weekly files streamed in replication order', () => {
  it('are byte-identical on one thread and on two, for run and for compare', async () => {
    const run = (out: string, workers: string) => main(['run', 'scenarios/outside-in.yaml', '--reps', '5', '--weeks', '6', '--set', 'run.warmup=1 wk',
      '--workers', workers, '--out', join(dir, out), '--no-report', '--quiet']);
    expect(await run('serial', '1')).toBe(0);
    expect(await run('parallel', '2')).toBe(0);
    for (const f of ['summary.csv', 'weekly.csv', 'weekly-labels.csv', 'warnings.csv']) {
      expect(readFileSync(join(dir, 'parallel', f), 'utf8'), f).toBe(readFileSync(join(dir, 'serial', f), 'utf8'));
    }
    const replications = rows(join(dir, 'serial', 'weekly.csv')).map((r) => Number(r.replication));
    expect(replications).toEqual([...replications].sort((a, b) => a - b));
    const compare = (out: string, workers: string) => main(['compare', 'scenarios/outside-in.yaml', 'scenarios/inside-out.yaml', '--reps', '3', '--weeks', '5',
      '--set', 'run.warmup=1 wk', '--workers', workers, '--out', join(dir, out), '--no-report', '--quiet']);
    expect(await compare('cmp-serial', '1')).toBe(0);
    expect(await compare('cmp-parallel', '2')).toBe(0);
    for (const f of ['compare.csv', 'warnings.csv', 'inside-out/weekly.csv', 'inside-out/weekly-labels.csv', 'outside-in/weekly.csv', 'outside-in/warnings.csv']) {
      expect(readFileSync(join(dir, 'cmp-parallel', f), 'utf8'), f).toBe(readFileSync(join(dir, 'cmp-serial', f), 'utf8'));
    }
    // The comparison's warnings.csv is its models' together.
    const all = rows(join(dir, 'cmp-serial', 'warnings.csv'));
    expect(new Set(all.map((w) => w.scenario))).toEqual(new Set(['outside-in', 'inside-out']));
  });
});

describe('the report reads warnings.csv', () => {
  it('shows what the file says (salesim report DIR), and the run itself shows the same', async () => {
    const out = join(dir, 'reported');
    expect(await main(['run', ...STARVED, '--workers', '1', '--out', out, '--quiet'])).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/sales support is the constraint: customer_service in [\d.]+ of 10 weeks/);
    expect(html).toMatch(/unstable queue: customer_service/);
    // Rebuilt from the files (weekly.csv read back as a stream): the same page (vega numbers its gradients per process).
    expect(await main(['report', out])).toBe(0);
    const plain = (page: string) => page.replace(/gradient_\d+/g, 'gradient');
    expect(plain(readFileSync(join(out, 'report.html'), 'utf8'))).toBe(plain(html));
    // A row added by hand shows: the report takes warnings from the file, not from rules of its own.
    const file = join(out, 'warnings.csv');
    writeFileSync(file, `${readFileSync(file, 'utf8')}inside-out,unstable-queue,production,10,"unstable queue: production: noted by hand"\n`);
    expect(await main(['report', out])).toBe(0);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('unstable queue: production: noted by hand');
  });
});
