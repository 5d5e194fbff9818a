import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReplications } from '../../src/io/replications-file.js';
import { missingRanges, parseRange, shardRange } from '../../src/run/range.js';
import { tempDir } from '../support/cli.js';
import { folderFiles } from '../support/folders.js';
import { cli } from '../support/inproc.js';
import { ROOT } from '../support/study.js';

/** Shards and merge, in-process: ranges, each refusal of merge, and run and stress merged byte for byte. */
const MM1 = join(ROOT, 'scenarios/theory/mm1.yaml');
const STUDY = [MM1, '--reps', '7', '--weeks', '6', '--quiet'];

async function ok(args: string[], cwd?: string) {
  const r = await cli(args, cwd);
  expect(r.code, r.stderr).toBe(0);
  return r;
}

describe('replication ranges', () => {
  it('--replications A-B and --shard i/n, checked against the study', () => {
    expect(parseRange({ replications: '3-5' }, 10)).toEqual({ from: 2, to: 5 });
    expect(parseRange({ replications: '4' }, 10)).toEqual({ from: 3, to: 4 });
    expect(parseRange({ shard: '0/3' }, 10)).toEqual({ from: 0, to: 3 });
    expect(parseRange({ shard: '2/3' }, 10)).toEqual({ from: 6, to: 10 });
    expect(parseRange({}, 10)).toBeUndefined();
    expect(() => parseRange({ replications: '5-3' }, 10)).toThrow('--replications 5-3: expected a range A-B of replications from 1 with A <= B');
    expect(() => parseRange({ replications: '1-11' }, 10)).toThrow('--replications 1-11: the study has 10 replications (run.replications or --reps); expected a range within 1-10');
    expect(() => parseRange({ shard: '3/3' }, 10)).toThrow('--shard 3/3: expected i/n with 0 <= i < n');
    expect(() => parseRange({ shard: '0/11' }, 10)).toThrow('expected at most 10 shards');
    expect(() => parseRange({ shard: '0/2', replications: '1-2' }, 10)).toThrow('expected one of them, not both');
  });

  it('shards of any size cover the study once, in order; missing ranges are found', () => {
    for (const [n, total] of [[1, 1], [3, 10], [4, 9], [7, 7], [10, 10_000]]) {
      const ranges = Array.from({ length: n }, (_, i) => shardRange(i, n, total));
      expect(ranges[0].from).toBe(0);
      for (let i = 1; i < n; i++) expect(ranges[i].from).toBe(ranges[i - 1].to);
      expect(ranges[n - 1].to).toBe(total);
      expect(Math.max(...ranges.map((r) => r.to - r.from)) - Math.min(...ranges.map((r) => r.to - r.from))).toBeLessThanOrEqual(1);
      expect(missingRanges(ranges, total)).toEqual([]);
    }
    expect(missingRanges([{ from: 2, to: 4 }, { from: 6, to: 7 }], 9)).toEqual([{ from: 0, to: 2 }, { from: 4, to: 6 }, { from: 7, to: 9 }]);
  });
});

describe('salesim merge', () => {
  it('run: two shards merge into what the unsharded run writes; replications.csv holds the values exactly', async () => {
    const dir = tempDir();
    await ok(['run', ...STUDY, '--out', 'whole'], dir);
    await ok(['run', ...STUDY, '--replications', '4-7', '--out', 'b'], dir);
    const a = await ok(['run', ...STUDY, '--replications', '1-3', '--out', 'a'], dir);
    expect(a.stdout).toContain('wrote shard a (replications.csv, weekly files, run.json)');
    const printed = await ok(['merge', 'merged', 'b', 'a', '--target', 'task.service.wait_h_mean<=4'], dir);
    const whole = await ok(['run', ...STUDY.filter((x) => x !== '--quiet'), '--out', 'whole2', '--no-report', '--target', 'task.service.wait_h_mean<=4'], dir);
    // The merged study's target line is the unsharded run's.
    const line = (t: string) => t.split('\n').find((l) => l.startsWith('target '));
    expect(line(printed.stdout)).toBeDefined();
    expect(line(printed.stdout)).toBe(line(whole.stdout));
    const one = folderFiles(join(dir, 'whole'));
    const merged = folderFiles(join(dir, 'merged'));
    expect([...merged.keys()]).toEqual([...one.keys()]);
    for (const [f, text] of one) expect(merged.get(f), f).toBe(text);
    // Read back, the values are the doubles summary.csv was computed from (not rounded to 10 digits).
    const { names, values } = await readReplications(join(dir, 'whole/replications.csv'), 0, 7);
    const summary = readFileSync(join(dir, 'whole/summary.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(names).toEqual(summary.map((r) => r[0]));
    const k = names.length;
    const meanOf = (j: number) => Array.from({ length: 7 }, (_, r) => values[r * k + j]).filter((x) => !Number.isNaN(x));
    const j = names.indexOf('items.customer.sojourn_h_mean');
    expect(j).toBeGreaterThanOrEqual(0);
    const mean = meanOf(j).reduce((s, x) => s + x, 0) / 7;
    expect(Number(summary[j][1])).toBe(Number(mean.toPrecision(10)));
    expect(values.some((x) => String(x).replace(/^-?0?\./, '').length > 10)).toBe(true);
  });

  it('stress: each step in its shard folder; the merge gives the same stress.csv, breaking points and report', async () => {
    const dir = tempDir();
    const stress = ['stress', MM1, '--reps', '5', '--weeks', '6', '--steps', '3', '--to', '1.1', '--quiet'];
    await ok([...stress, '--out', 'whole'], dir);
    await ok([...stress, '--shard', '1/2', '--out', 's1'], dir);
    await ok([...stress, '--shard', '0/2', '--out', 's0'], dir);
    expect(existsSync(join(dir, 's0/step-3/replications.csv'))).toBe(true);
    await ok(['merge', 'merged', 's0', 's1', '--quiet'], dir);
    const one = folderFiles(join(dir, 'whole'));
    for (const [f, text] of one) expect(folderFiles(join(dir, 'merged')).get(f), f).toBe(text);
  });

  it('refuses shards that do not make one whole study, in one line, and writes nothing', async () => {
    const dir = tempDir();
    await ok(['run', ...STUDY, '--replications', '1-3', '--out', 'a'], dir);
    await ok(['run', ...STUDY, '--replications', '3-7', '--out', 'overlap'], dir);
    await ok(['run', ...STUDY, '--replications', '4-7', '--set', 'roles.server.headcount=2', '--out', 'other'], dir);
    await ok(['run', MM1, '--reps', '7', '--weeks', '6', '--seed', '99', '--quiet', '--replications', '4-7', '--out', 'seed'], dir);
    await ok(['run', ...STUDY, '--out', 'plain'], dir);
    await ok(['run', ...STUDY, '--replications', '4-7', '--out', 'old'], dir);
    const old = join(dir, 'old/run.json');
    writeFileSync(old, readFileSync(old, 'utf8').replace(/"salesim": "[^"]+"/, '"salesim": "0.1.0"'));
    const cases: [string[], string][] = [
      [['a'], 'salesim: merge: missing replications 4-7 of 1-7: no shard given holds them\n'],
      [['a', 'overlap'], 'salesim: overlap: replications 3-3 are in a too; expected shards that do not overlap\n'],
      [['a', 'other'], 'salesim: other: not a shard of the same study as a (another scenario, other overrides or other arguments)\n'],
      [['a', 'seed'], 'salesim: seed: not a shard of the same study as a (seed "99", not 1)\n'],
      [['a', 'plain'], 'salesim: plain: not a shard folder (its run.json has no range; expected the output of salesim run, compare or stress with --replications A-B or --shard i/n)\n'],
      [['a', 'old'], 'salesim: old: written by salesim 0.1.0; this is '],
      [['a', './a'], 'salesim: ./a: given twice (as a too)\n'],
      [['a', 'nothing'], `salesim: ${join('nothing', 'run.json')}: not found (expected a shard folder written by salesim with --replications A-B or --shard i/n)\n`],
    ];
    const report = await cli(['report', 'a'], dir);
    expect(report.code).toBe(2);
    expect(report.stderr).toBe('salesim: a: a shard of a study (replications 1-3): merge the shards first (salesim merge OUT SHARD...), then report the merged folder\n');
    for (const [shards, message] of cases) {
      const r = await cli(['merge', 'merged', ...shards], dir);
      expect(r.code, shards.join(' ')).toBe(2);
      expect(r.stderr.startsWith(message), r.stderr).toBe(true);
      expect(r.stderr.split('\n').length).toBe(2);
      expect(existsSync(join(dir, 'merged'))).toBe(false);
    }
  });
});
