import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { salesim, tempDir } from '../support/cli.js';
import { cli } from '../support/inproc.js';
import { ROOT } from '../support/study.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; engines: { node: string }; license: string };

describe('command-line conventions', () => {
  it('-h and -v answer with exit code 0 (spawned: yargs prints help through console.log)', () => {
    const help = salesim(['-h']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/salesim validate <files\.\.>/);
    const version = salesim(['-v']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  it('no command: the usage, then one line and exit code 2', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^salesim <command>\n\nCommands:\n[^]*salesim run <file>[^]*\n\nsalesim: expected a command: run, compare, stress, size, sensitivity, fit, calibrate, merge, report or validate\n$/);
  });

  it('validate takes many files: each gets its line, and one bad file fails the command', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.yaml'), readFileSync(join(ROOT, 'scenarios/theory/mm1.yaml'), 'utf8').replace('headcount: 1', 'headcount: one'));
    const good = ['scenarios/theory/mm1.yaml', 'scenarios/outside-in.yaml'].map((f) => join(ROOT, f));
    const ok = await cli(['validate', ...good]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout.trim().split('\n')).toHaveLength(2);
    const r = await cli(['validate', good[0], join(dir, 'bad.yaml'), good[1]]);
    expect(r.code).toBe(2);
    expect(r.stdout.trim().split('\n').map((l) => l.split(':')[0])).toEqual(good);
    expect(r.stderr).toMatch(/^salesim: .*bad\.yaml:\d+:\d+: roles\.server\.headcount: expected number, received string\n$/);
  });

  it('--json prints the headline results as one JSON document on stdout, warnings on stderr', async () => {
    const dir = tempDir();
    const short = ['--reps', '2', '--weeks', '8', '--set', 'run.warmup=2 wk', '--workers', '1', '--no-report'];
    const run = await cli(['--json', 'run', join(ROOT, 'scenarios/theory/mm1.yaml'), ...short, '--out', join(dir, 'run')]);
    expect(run.code, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r).toMatchObject({ salesim: pkg.version, command: 'run', scenario: 'mm1', seed: 1, replications: 2, out: join(dir, 'run') });
    expect(r.headline.map((h: { metric: string }) => h.metric)).toContain('role.server.utilization');
    expect(r.warnings).toEqual([expect.objectContaining({ kind: 'short-run' })]);
    expect(run.stderr).toMatch(/^warning: run too short/m);
    const cmp = await cli(['compare', join(ROOT, 'scenarios/theory/mm1.yaml'), join(ROOT, 'scenarios/theory/mmc.yaml'), '--json', ...short, '--out', join(dir, 'cmp')]);
    expect(cmp.code, cmp.stderr).toBe(0);
    const c = JSON.parse(cmp.stdout);
    expect(c.models.map((m: { name: string }) => m.name)).toEqual(['mm1', 'mmc']);
    expect(c.significant.length).toBeGreaterThan(0);
    const st = await cli(['stress', join(ROOT, 'scenarios/theory/mm1.yaml'), '--json', '--steps', '2', ...short, '--out', join(dir, 'st')]);
    expect(st.code, st.stderr).toBe(0);
    expect(JSON.parse(st.stdout)).toMatchObject({ command: 'stress', first_to_break: expect.any(Array) });
  });

  it('declares Node >= 20 (no upper bound) and ships its licence', () => {
    expect(pkg.engines.node).toBe('>=20');
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });
});
