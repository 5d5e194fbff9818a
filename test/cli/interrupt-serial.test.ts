import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interrupted, tempDir } from '../support/cli.js';

describe('Ctrl-C in a serial run (--workers 1)', () => {
  it('stops one long replication at once: exit code 130, one line, nothing written', async () => {
    const dir = tempDir();
    // One replication of a hundred years: it would take minutes.
    const args = ['run', 'scenarios/outside-in.yaml', '--reps', '1', '--weeks', '5200', '--workers', '1', '--out', join(dir, 'out')];
    const { code, stdout, stderr, waitedMs } = await interrupted(args, 0.6);
    expect(code, stderr).toBe(130);
    // Generous: a slice is milliseconds; before, the signal waited for the end of the replication.
    expect(waitedMs).toBeLessThan(5_000);
    expect(stderr).toBe('salesim: interrupted; nothing written\n');
    expect(stdout).toBe('');
    expect(readdirSync(dir)).toEqual([]);
  }, 20_000);
});
