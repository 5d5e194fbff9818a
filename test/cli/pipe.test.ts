import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { ROOT } from '../support/study.js';

describe('a reader that goes away', () => {
  it('`salesim run ... | head -1` ends quietly: exit 0, nothing on stderr but warnings', async () => {
    const out = join(tempDir(), 'out');
    const child = spawn(process.execPath, [join(ROOT, 'dist/cli/bin.js'), 'run', 'scenarios/inside-out.yaml', '--reps', '2', '--weeks', '14', '--no-report', '--workers', '1', '--out', out], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    // The reader closes the pipe before salesim prints (as head does once it has its line), so every write meets EPIPE.
    child.stdout.destroy();
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    // Nothing but the run's warnings, which go to stderr (this short run has some): no EPIPE error.
    for (const line of stderr.split('\n').filter((l) => l !== '')) expect(line).toMatch(/^warning: /);
    expect(code).toBe(0);
  });
});
