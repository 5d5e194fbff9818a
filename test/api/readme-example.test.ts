import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { ROOT } from '../support/study.js';

/**
 * The README's "Use it from a program" example, run as a user runs it: a
 * script that imports 'salesim' (the package as installed: its `exports` and
 * compiled dist/), in a folder with the shipped scenarios. What it prints must
 * be what the README says it prints.
 */
function readmeBlocks(): { code: string; printed: string } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf('<!-- library-example');
  expect(at).toBeGreaterThan(0);
  const code = /```js\n([^]*?)```/.exec(readme.slice(at));
  const printed = /It prints[^\n]*\n\n```\n([^]*?)```/.exec(readme.slice(at));
  expect(code).not.toBeNull();
  expect(printed).not.toBeNull();
  return { code: code![1], printed: printed![1] };
}

describe('the README library example', () => {
  it("runs with `import ... from 'salesim'` and prints what the README shows", () => {
    const { code, printed } = readmeBlocks();
    const dir = tempDir();
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules/salesim'), 'dir');
    symlinkSync(join(ROOT, 'scenarios'), join(dir, 'scenarios'), 'dir');
    writeFileSync(join(dir, 'example.mjs'), code);
    const r = spawnSync(process.execPath, ['example.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(printed);
    expect(existsSync(join(dir, 'output/library-example/report.html'))).toBe(true);
    expect(existsSync(join(dir, 'output/library-example/inside-out/replications.csv'))).toBe(true);
  });

  it('the package declares its entry point and types, and they exist in dist/', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js' });
    for (const f of [pkg.exports['.'].types, pkg.exports['.'].import, pkg.main, pkg.types]) expect(existsSync(join(ROOT, f)), f).toBe(true);
    expect(readFileSync(join(ROOT, 'dist/index.d.ts'), 'utf8')).toMatch(/export \{ run, type RunStudy \}/);
  });
});
