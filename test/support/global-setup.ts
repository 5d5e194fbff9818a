import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every temporary folder of a test run lives in one folder made here, which is
 * removed when the run ends: tests and the CLIs they spawn inherit TMPDIR, so
 * nothing is left in the machine's temporary directory, whichever test forgot
 * to clean up or failed half-way.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'salesim-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
