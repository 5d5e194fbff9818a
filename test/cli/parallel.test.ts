import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { salesim, tempDir } from '../support/cli.js';
import { ROOT } from '../support/study.js';

/** CPU seconds a process has used (Linux /proc), or null where there is no /proc. */
function cpuSeconds(pid: number): number | null {
  try {
    // Fields after the command name (which is in parentheses): utime and stime are the 12th and 13th, in clock ticks (100/s).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * Starts the CLI and sends it SIGINT once it is surely running replications:
 * when it has used `cpu` seconds of CPU (past loading its modules and the
 * scenario, however loaded the machine is), or after 10 s where that cannot be
 * read. Resolves with how it ended.
 */
function interrupted(args: string[], cpu: number): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/cli/bin.js'), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const started = Date.now();
    const poll = setInterval(() => {
      const used = cpuSeconds(child.pid!);
      if ((used !== null && used >= cpu) || (used === null && Date.now() - started > 10_000)) {
        clearInterval(poll);
        child.kill('SIGINT');
      }
    }, 50);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      done({ code, signal, stdout, stderr });
    });
  });
}

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
