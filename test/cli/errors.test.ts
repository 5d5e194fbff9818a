import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tempDir } from '../support/cli.js';
import { cli } from '../support/inproc.js';

const GOOD = `name: good
run: { horizon: 2 wk, replications: 2 }
roles:
  server: { headcount: 2 }
tasks:
  service: { role: server, duration: { exponential: 1 h } }
items:
  customer: { arrivals: { rate: 1.5/h }, first_task: service }
`;

/**
 * A user error ends in one line `salesim: file:line:col: field.path: what was
 * expected`, exit code 2, no stack trace, and nothing written.
 */
async function expectUserError(args: string[], pattern: RegExp, files: Record<string, string> = {}): Promise<void> {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const out = join(dir, 'out');
  const r = await cli([...args.map((a) => a.replace('$DIR', dir)), '--out', out], dir);
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(out)).toBe(false);
  expect(readdirSync(dir).filter((f) => !(f in files))).toEqual([]);
}

const edit = (from: string, to: string) => GOOD.replace(from, to);

describe('bad input ends in one clear message and exit code 2', () => {
  it('YAML syntax', async () => {
    await expectUserError(['run', 's.yaml'], /^salesim: .*s\.yaml:\d+:\d+: YAML syntax: /, { 's.yaml': edit('server: { headcount: 2 }', 'server: { headcount: 2') });
  });
  it('unknown key', async () => {
    await expectUserError(['run', 's.yaml'], /^salesim: .*s\.yaml:4:13: roles\.server\.headcont: unknown field 'headcont'$/, { 's.yaml': edit('headcount', 'headcont') });
  });
  it('wrong type', async () => {
    await expectUserError(['run', 's.yaml'], /^salesim: .*s\.yaml:4:13: roles\.server\.headcount: expected number, received string$/, { 's.yaml': edit('headcount: 2', 'headcount: two') });
  });
  it('negative number', async () => {
    await expectUserError(['run', 's.yaml'], /s\.yaml:4:13: roles\.server\.headcount: expected a number >= 0$/, { 's.yaml': edit('headcount: 2', 'headcount: -2') });
  });
  it('negative duration', async () => {
    await expectUserError(['run', 's.yaml'], /s\.yaml:6:40: tasks\.service\.duration\.exponential: expected a non-negative duration, got '-1 h'$/, { 's.yaml': edit('exponential: 1 h', 'exponential: -1 h') });
  });
  it('non-finite number', async () => {
    await expectUserError(['run', 's.yaml'], /s\.yaml:4:13: roles\.server\.headcount: .*(finite|Infinity)/, { 's.yaml': edit('headcount: 2', 'headcount: .inf') });
  });
  it('a duration without a unit', async () => {
    await expectUserError(['run', 's.yaml'], /s\.yaml:2:8: run\.horizon: expected a duration such as '6 min'.*got 2$/, { 's.yaml': edit('horizon: 2 wk', 'horizon: 2') });
  });
  it('a rate that is not a rate', async () => {
    await expectUserError(['run', 's.yaml'], /s\.yaml:8:27: items\.customer\.arrivals\.rate: expected a rate such as '4\.5\/h'/, { 's.yaml': edit('1.5/h', 'fast') });
  });
  it('a task routed to a role that does not exist', async () => {
    await expectUserError(['run', 's.yaml'], /s\.yaml:6:14: tasks\.service\.role: unknown role 'cashier' \(roles: server\)$/, { 's.yaml': edit('role: server', 'role: cashier') });
  });
  it('a next task that does not exist', async () => {
    await expectUserError(['run', 's.yaml'], /tasks\.service\.next\.billing: unknown task 'billing'/, { 's.yaml': edit('duration: { exponential: 1 h } }', 'duration: { exponential: 1 h }, next: { billing: 0.5 } }') });
  });
  it('an error in a file that is extended is reported in that file', async () => {
    await expectUserError(['run', 'child.yaml'], /^salesim: .*base\.yaml:4:13: roles\.server\.headcount: expected number/, {
      'base.yaml': edit('headcount: 2', 'headcount: two'),
      'child.yaml': 'extends: base.yaml\nname: child\n',
    });
  });
  it('an unknown --set path', async () => {
    await expectUserError(['run', 's.yaml', '--set', 'roles.cashier.headcount=3'], /^salesim: --set roles\.cashier\.headcount=3: roles\.cashier: unknown path \(roles fields: server\)$/, { 's.yaml': GOOD });
  });
  it('an unknown field set by --set', async () => {
    await expectUserError(['run', 's.yaml', '--set', 'roles.server.speed=3'], /^salesim: --set roles\.server\.speed=3: roles\.server\.speed: unknown field 'speed'$/, { 's.yaml': GOOD });
  });
  it('a bad value set by --set', async () => {
    await expectUserError(['run', 's.yaml', '--set', 'roles.server.headcount=0'], /^salesim: --set roles\.server\.headcount=0: roles\.server\.headcount: expected a headcount of at least 1$/, { 's.yaml': GOOD });
  });
  it('a bad flag value', async () => {
    await expectUserError(['run', 's.yaml', '--reps', '0'], /^salesim: --reps 0: expected a whole number >= 1$/, { 's.yaml': GOOD });
  });
  it('an unknown flag', async () => {
    await expectUserError(['run', 's.yaml', '--repz', '3'], /^salesim: Unknown argument/, { 's.yaml': GOOD });
  });
  it('a missing file', async () => {
    await expectUserError(['run', 'nope.yaml'], /^salesim: .*nope\.yaml: cannot read the scenario file \(no such file\)$/);
  });
  it('validate reports the same errors', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 's.yaml'), edit('role: server', 'role: cashier'));
    const r = await cli(['validate', 's.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/s\.yaml:6:14: tasks\.service\.role: unknown role 'cashier'/);
  });
});

describe('distribution mistakes', () => {
  it('an unknown distribution name is named, with the ones that exist', async () => {
    await expectUserError(['run', 's.yaml'], /s\.yaml:6:40: tasks\.service\.duration\.exponental: unknown distribution 'exponental' \(expected a constant or \{ name: parameters \} with name one of exponential, uniform/, { 's.yaml': edit('exponential: 1 h', 'exponental: 1 h') });
  });
});

describe('issue 11: what a user caused ends in one line with what they typed', () => {
  it('a flag value that is not a number is named as typed, not as NaN', async () => {
    await expectUserError(['run', 's.yaml', '--reps', 'abc'], /^salesim: --reps abc: expected a whole number >= 1$/, { 's.yaml': GOOD });
    await expectUserError(['run', 's.yaml', '--weeks', 'ten'], /^salesim: --weeks ten: expected a number > 0$/, { 's.yaml': GOOD });
    await expectUserError(['stress', 's.yaml', '--steps', 'x'], /^salesim: --steps x: expected a whole number >= 1$/, { 's.yaml': GOOD });
  });
  it('a YAML file whose aliases expand past yaml\'s limit (a "billion laughs")', async () => {
    const lines = ['a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]'];
    for (let i = 0, prev = 'a'; i < 8; prev = `b${i}`, i++) lines.push(`b${i}: &b${i} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    await expectUserError(['run', 's.yaml'], /^salesim: .*s\.yaml:2:\d+: YAML: Excessive alias count/, { 's.yaml': `${lines.join('\n')}\n` });
  });
  it('stress with a single step draws its report (no vega "Infinite extent")', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 's.yaml'), GOOD);
    const r = await cli(['stress', 's.yaml', '--steps', '1', '--reps', '2', '--workers', '1', '--quiet', '--out', 'out'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'out', 'report.html'))).toBe(true);
  });
});

describe('internal errors', () => {
  it('one line and exit code 1; the stack only with --debug', async () => {
    const { internalFailure } = await import('../../src/cli/main.js');
    const err: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((c) => { err.push(String(c)); return true; });
    try {
      expect(internalFailure(new TypeError('x is undefined'), false)).toBe(1);
      expect(err.join('')).toBe('salesim: internal error: x is undefined (run with --debug for the stack)\n');
      err.length = 0;
      expect(internalFailure(new TypeError('x is undefined'), true)).toBe(1);
      expect(err.join('')).toMatch(/^TypeError: x is undefined\n\s+at [^]*\nsalesim: internal error: x is undefined\n$/);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('issue 11: sizes that would fill the memory are refused up front', () => {
  it('a headcount, a horizon and a run limit beyond what any organization needs', async () => {
    await expectUserError(['run', 's.yaml', '--set', 'roles.server.headcount=1000000000'], /roles\.server\.headcount: expected a headcount of at most 100,000$/, { 's.yaml': GOOD });
    await expectUserError(['run', 's.yaml', '--set', 'run.horizon=1e9 wk'], /run\.horizon: expected a horizon of at most 100 yr$/, { 's.yaml': GOOD });
    await expectUserError(['run', 's.yaml', '--set', 'run.max_in_progress=1e12'], /run\.max_in_progress: expected at most 10,000,000 items/, { 's.yaml': GOOD });
  });
});

describe('issue 11: runs that cannot be right, refused with the flag as typed', () => {
  it('a horizon from --weeks shorter than the warm-up names --weeks', async () => {
    await expectUserError(['run', 's.yaml', '--weeks', '1'], /^salesim: .*s\.yaml: run\.horizon: 1 wk \(--weeks 1\) must be longer than the warm-up, run\.warmup: 2 wk/, { 's.yaml': GOOD.replace('replications: 2 }', 'replications: 2, warmup: 2 wk }') });
  });
});
