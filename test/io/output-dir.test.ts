import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { folderName, isSalesimOutput, OutputDir, writeOutput } from '../../src/io/output-dir.js';
import { tempDir } from '../support/cli.js';
import { cli } from '../support/inproc.js';
import { ROOT } from '../support/study.js';

/** A user's own folder: salesim may never delete or overwrite anything in it. */
const MM1 = join(ROOT, 'scenarios/theory/mm1.yaml');
const SHORT = ['--reps', '2', '--weeks', '3', '--set', 'run.warmup=1 wk', '--workers', '1', '--no-report', '--quiet'];

let home: string;
beforeEach(() => {
  home = tempDir();
  writeFileSync(join(home, 'thesis.txt'), 'three years of work\n');
  writeFileSync(join(home, 'good.yaml'), readFileSync(MM1));
});

/** Everything under `dir` with its content, to check that nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p, `${prefix}${e}/`);
      else out[`${prefix}${e}`] = readFileSync(p, 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

function expectOneLine(r: { code: number; stderr: string; stdout: string }, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(/^salesim: [^\n]+\n$/);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('outputs never destroy what salesim did not write', () => {
  it('refuses --out . in a folder holding the user\'s files', async () => {
    const before = snapshot(home);
    expectOneLine(await cli(['run', 'good.yaml', '--out', '.', ...SHORT], home), /--out \.: is the current folder/);
    expect(snapshot(home)).toEqual(before);
  });

  it('refuses a folder holding files salesim did not write, naming them', async () => {
    mkdirSync(join(home, 'mydocs'));
    writeFileSync(join(home, 'mydocs', 'thesis.txt'), 'chapter 1\n');
    const before = snapshot(home);
    expectOneLine(await cli(['run', 'good.yaml', '--out', 'mydocs', ...SHORT], home), /--out mydocs: holds files salesim did not write \(thesis\.txt\)/);
    expect(snapshot(home)).toEqual(before);
  });

  it('refuses a file as the output folder', async () => {
    const before = snapshot(home);
    expectOneLine(await cli(['run', 'good.yaml', '--out', 'thesis.txt', ...SHORT], home), /--out thesis\.txt: is a file, not a folder/);
    expect(snapshot(home)).toEqual(before);
  });

  it('refuses a report whose --out holds the runs it reads', async () => {
    for (const name of ['a', 'b']) expect((await cli(['run', 'good.yaml', '--out', `output/${name}`, ...SHORT], home)).code).toBe(0);
    const before = snapshot(home);
    expectOneLine(await cli(['report', 'output/a', 'output/b', '--out', 'output'], home), /--out output: holds output\/a, which this command reads/);
    expect(snapshot(home)).toEqual(before);
  });

  it('a scenario file named ...yaml with no name writes under output/, never to the folder above', async () => {
    writeFileSync(join(home, '...yaml'), readFileSync(MM1, 'utf8').replace(/^name:.*$/m, ''));
    const r = await cli(['run', '...yaml', ...SHORT.filter((x) => x !== '--quiet')], home);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(home, 'thesis.txt'), 'utf8')).toBe('three years of work\n');
    expect(readdirSync(home).sort()).toEqual(['...yaml', 'good.yaml', 'output', 'thesis.txt']);
    const folders = readdirSync(join(home, 'output'));
    expect(folders).toEqual(['scenario-unnamed']);
    const [folder] = folders;
    expect(folder.startsWith('.')).toBe(false);
    expect(isSalesimOutput(join(home, 'output', folder))).toBe(true);
  });

  it('replaces a folder salesim wrote, and only that', async () => {
    expect((await cli(['run', 'good.yaml', '--out', 'out', ...SHORT], home)).code).toBe(0);
    const first = readFileSync(join(home, 'out', 'summary.csv'), 'utf8');
    expect((await cli(['run', 'good.yaml', '--out', 'out', ...SHORT, '--seed', '7'], home)).code).toBe(0);
    expect(readFileSync(join(home, 'out', 'summary.csv'), 'utf8')).not.toBe(first);
    // Once the user puts a file of their own in it, it is theirs.
    writeFileSync(join(home, 'out', 'notes.md'), 'my notes\n');
    const before = snapshot(home);
    expectOneLine(await cli(['run', 'good.yaml', '--out', 'out', ...SHORT], home), /holds files salesim did not write \(notes\.md\)/);
    expect(snapshot(home)).toEqual(before);
  });

  it('a report into a run\'s folder keeps the run\'s files', async () => {
    expect((await cli(['run', 'good.yaml', '--out', 'out', ...SHORT], home)).code).toBe(0);
    const summary = readFileSync(join(home, 'out', 'summary.csv'), 'utf8');
    const r = await cli(['report', 'out'], home);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(home, 'out', 'summary.csv'), 'utf8')).toBe(summary);
    expect(existsSync(join(home, 'out', 'report.html'))).toBe(true);
    // A study report's folder is recognisably salesim's too, so the next report may replace it.
    expect((await cli(['run', 'good.yaml', '--out', 'b', ...SHORT], home)).code).toBe(0);
    expect((await cli(['report', 'out', 'b', '--out', 'study'], home)).code).toBe(0);
    expect(isSalesimOutput(join(home, 'study'))).toBe(true);
    expect((await cli(['report', 'out', 'b', '--out', 'study'], home)).code).toBe(0);
  });

  it('a folder that cannot be written is refused before anything runs', async () => {
    // /sys refuses new folders even to root; 100,000 replications would take many minutes if they ran first.
    const r = await cli(['run', MM1, '--reps', '100000', '--workers', '1', '--no-report', '--out', '/sys/salesim-test/out']);
    expectOneLine(r, /--out \/sys\/salesim-test\/out: cannot create \/sys\/salesim-test \((permission denied|read-only file system)\)/);
    writeFileSync(join(home, 'plain-file'), 'x');
    expectOneLine(await cli(['run', 'good.yaml', '--reps', '100000', '--workers', '1', '--out', 'plain-file/out'], home), /--out plain-file\/out: cannot create .*plain-file \(a file is in the way of a folder\)/);
  });

  it('folders follow the umask', () => {
    const old = process.umask(0o022);
    try {
      writeOutput(join(home, 'shared'), { 'run.json': '{"salesim":"test"}\n', 'charts/a.svg': '<svg/>' });
      expect(statSync(join(home, 'shared')).mode & 0o777).toBe(0o755);
      expect(statSync(join(home, 'shared', 'charts')).mode & 0o777).toBe(0o755);
      expect(statSync(join(home, 'shared', 'run.json')).mode & 0o777).toBe(0o644);
    } finally {
      process.umask(old);
    }
  });

  it('a write that is abandoned leaves nothing; a killed one\'s staging folder is removed by the next write', () => {
    const out = OutputDir.open(join(home, 'x'));
    out.write('run.json', '{"salesim":"test"}\n');
    out.abandon();
    expect(readdirSync(home).sort()).toEqual(['good.yaml', 'thesis.txt']);
    // A process that died while writing (pid 2^22 + 1 is above Linux's pid_max default, so never alive).
    mkdirSync(join(home, `x.salesim-incomplete-${2 ** 22 + 1}-0`));
    mkdirSync(join(home, '.x.tmp-AbC123'));
    writeOutput(join(home, 'x'), { 'run.json': '{"salesim":"test"}\n' });
    expect(readdirSync(home).sort()).toEqual(['good.yaml', 'thesis.txt', 'x']);
  });

  it('staging folders are named so that a user sees what they are', () => {
    const out = OutputDir.open(join(home, 'study'));
    expect(readdirSync(home).filter((f) => f.startsWith('study.'))).toEqual([expect.stringMatching(/^study\.salesim-incomplete-\d+-\d+$/)]);
    out.abandon();
  });

  it('only salesim\'s own folders count as salesim outputs', () => {
    mkdirSync(join(home, 'fake'));
    writeFileSync(join(home, 'fake', 'run.json'), '{"name": "my own json"}');
    expect(isSalesimOutput(join(home, 'fake'))).toBe(false);
    expect(() => OutputDir.open(join(home, 'fake'))).toThrow(/holds files salesim did not write \(run\.json\)/);
  });

  it('folder names from scenario names stay inside output/', () => {
    expect(folderName('..')).toBe('scenario-unnamed');
    expect(folderName('.hidden')).toBe('scenario-hidden');
    expect(folderName('a/../../b')).toBe('a-..-..-b');
    expect(folderName('inside-out')).toBe('inside-out');
  });
});
