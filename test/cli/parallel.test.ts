import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interrupted, salesim, tempDir } from '../support/cli.js';
import { ROOT } from '../support/study.js';

describe('salesim run on worker threads', () => {
  it('writes byte-identical files with all cores and with one (--workers 1)', () => {
    const dir = tempDir();
    const args = (out: string, workers: string) =>
      ['run', 'scenarios/inside-out.yaml', '--reps', '3', '--weeks', '6', '--set', 'run.warmup=1 wk', '--workers', workers, '--out', join(dir, out), '--quiet', '--no-report'];
    const said: string[] = [];
    for (const [out, workers] of [['parallel', '2'], ['serial', '1']]) {
      const r = salesim(args(out, workers));
      expect(r.code, r.stderr).toBe(0);
      // stderr is not a terminal here: no progress bar, only the run's warnings (this short run's queues are still filling).
      for (const line of r.stderr.split('\n').filter((l) => l !== '')) expect(line).toMatch(/^warning: /);
      said.push(r.stderr);
    }
    expect(said[0]).toBe(said[1]);
    for (const f of ['summary.csv', 'weekly.csv', 'weekly-labels.csv', 'warnings.csv']) {
      expect(readFileSync(join(dir, 'parallel', f), 'utf8')).toBe(readFileSync(join(dir, 'serial', f), 'utf8'));
    }
  });

  it('rejects a bad --workers in one line', () => {
    const r = salesim(['run', 'scenarios/theory/mm1.yaml', '--workers', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('salesim: --workers 0: expected a whole number >= 1\n');
  });

  it('Ctrl-C: threads stopped, exit code 130, one line, no output folder and nothing temporary left', async () => {
    const dir = tempDir();
    // Long runs (hundreds of replications), interrupted long before they could end.
    const long = (out: string, workers: string) =>
      ['run', 'scenarios/outside-in.yaml', '--reps', '400', '--workers', workers, '--out', join(dir, out)];
    const [parallel, serial] = await Promise.all([interrupted(long('parallel', '2'), 1.2), interrupted(long('serial', '1'), 1.2)]);
    for (const r of [parallel, serial]) {
      expect(r.signal).toBeNull();
      expect(r.code, r.stderr).toBe(130);
      expect(r.stderr).toBe('salesim: interrupted; nothing written\n');
      expect(r.stdout).toBe('');
    }
    expect(existsSync(join(dir, 'parallel'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
