import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './study.js';

const BIN = join(ROOT, 'dist/cli/bin.js');

/** Runs the built CLI as a user would (`npm test` builds it first). */
export function salesim(args: string[], cwd = ROOT): { code: number; stdout: string; stderr: string } {
  if (!existsSync(BIN)) throw new Error('dist/cli/bin.js is missing: run `npm run build` (npm test does it)');
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'salesim-test-'));
}

/** CPU seconds a process has used (Linux /proc), or null where there is no /proc. */
export function cpuSeconds(pid: number): number | null {
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
 * read. Resolves with how it ended and how long after the signal.
 */
export function interrupted(args: string[], cpu: number): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string; waitedMs: number }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const started = Date.now();
    let sentAt = 0;
    const poll = setInterval(() => {
      const used = cpuSeconds(child.pid!);
      if ((used !== null && used >= cpu) || (used === null && Date.now() - started > 10_000)) {
        clearInterval(poll);
        sentAt = Date.now();
        child.kill('SIGINT');
      }
    }, 50);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      done({ code, signal, stdout, stderr, waitedMs: Date.now() - sentAt });
    });
  });
}
