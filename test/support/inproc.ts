import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';

export interface CliResult { code: number; stdout: string; stderr: string }

/**
 * Runs a command line in this process, as `salesim ...` would (main() returns
 * the exit code and never exits), capturing what it prints. Much faster than
 * spawning the CLI, so error paths are tested this way; `cwd` is the folder
 * the user runs it from.
 */
export async function cli(args: string[], cwd?: string): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const capture = (into: string[]) => (chunk: string | Uint8Array, ...rest: unknown[]) => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
    done?.();
    return true;
  };
  const so = vi.spyOn(process.stdout, 'write').mockImplementation(capture(out) as typeof process.stdout.write);
  const se = vi.spyOn(process.stderr, 'write').mockImplementation(capture(err) as typeof process.stderr.write);
  const before = process.cwd();
  try {
    if (cwd !== undefined) process.chdir(cwd);
    const code = await main(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.chdir(before);
    so.mockRestore();
    se.mockRestore();
  }
}
