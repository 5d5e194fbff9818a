import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { ROOT } from '../support/study.js';

/** CPU seconds a process has used (Linux /proc), or null where there is no /proc. */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

describe('Ctrl-C in a serial run (--workers 1)', () => {
  it('stops one long replication at once: exit code 130, one line, nothing written', async () => {
    const dir = tempDir();
    // One replication of a hundred years: it would take minutes.
    const args = ['run', 'scenarios/outside-in.yaml', '--reps', '1', '--weeks', '5200', '--workers', '1', '--out', join(dir, 'out')];
    const child = spawn(process.execPath, [join(ROOT, 'dist/cli/bin.js'), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    let sentAt = 0;
    const started = Date.now();
    // Once it is surely simulating (past loading), however loaded the machine is.
    const poll = setInterval(() => {
      const used = cpuSeconds(child.pid!);
      if ((used !== null && used >= 0.6) || (used === null && Date.now() - started > 5_000)) {
        clearInterval(poll);
        sentAt = Date.now();
        child.kill('SIGINT');
      }
    }, 25);
    const code = await new Promise<number | null>((done) => child.on('close', (c) => { clearInterval(poll); done(c); }));
    expect(code, stderr).toBe(130);
    // Generous: a slice is milliseconds; before, the signal waited for the end of the replication.
    expect(Date.now() - sentAt).toBeLessThan(5_000);
    expect(stderr).toBe('salesim: interrupted; nothing written\n');
    expect(stdout).toBe('');
    expect(readdirSync(dir)).toEqual([]);
  }, 20_000);
});
