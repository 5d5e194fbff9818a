import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
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
