import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { salesim, tempDir } from '../support/cli.js';

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
function expectUserError(args: string[], pattern: RegExp, files: Record<string, string> = {}): void {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const out = join(dir, 'out');
  const r = salesim([...args.map((a) => a.replace('$DIR', dir)), '--out', out], dir);
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(out)).toBe(false);
  expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
}

const edit = (from: string, to: string) => GOOD.replace(from, to);

describe('bad input ends in one clear message and exit code 2', () => {
  it('YAML syntax', () => {
    expectUserError(['run', 's.yaml'], /^salesim: .*s\.yaml:\d+:\d+: YAML syntax: /, { 's.yaml': edit('server: { headcount: 2 }', 'server: { headcount: 2') });
  });
  it('unknown key', () => {
    expectUserError(['run', 's.yaml'], /^salesim: .*s\.yaml:4:13: roles\.server\.headcont: unknown field 'headcont'$/, { 's.yaml': edit('headcount', 'headcont') });
  });
  it('wrong type', () => {
    expectUserError(['run', 's.yaml'], /^salesim: .*s\.yaml:4:13: roles\.server\.headcount: expected number, received string$/, { 's.yaml': edit('headcount: 2', 'headcount: two') });
  });
  it('negative number', () => {
    expectUserError(['run', 's.yaml'], /s\.yaml:4:13: roles\.server\.headcount: expected a number >= 0$/, { 's.yaml': edit('headcount: 2', 'headcount: -2') });
  });
  it('negative duration', () => {
    expectUserError(['run', 's.yaml'], /s\.yaml:6:40: tasks\.service\.duration\.exponential: expected a non-negative duration, got '-1 h'$/, { 's.yaml': edit('exponential: 1 h', 'exponential: -1 h') });
  });
  it('non-finite number', () => {
    expectUserError(['run', 's.yaml'], /s\.yaml:4:13: roles\.server\.headcount: .*(finite|Infinity)/, { 's.yaml': edit('headcount: 2', 'headcount: .inf') });
  });
  it('a duration without a unit', () => {
    expectUserError(['run', 's.yaml'], /s\.yaml:2:8: run\.horizon: expected a duration such as '6 min'.*got 2$/, { 's.yaml': edit('horizon: 2 wk', 'horizon: 2') });
  });
  it('a rate that is not a rate', () => {
    expectUserError(['run', 's.yaml'], /s\.yaml:8:27: items\.customer\.arrivals\.rate: expected a rate such as '4\.5\/h'/, { 's.yaml': edit('1.5/h', 'fast') });
  });
  it('a task routed to a role that does not exist', () => {
    expectUserError(['run', 's.yaml'], /s\.yaml:6:14: tasks\.service\.role: unknown role 'cashier' \(roles: server\)$/, { 's.yaml': edit('role: server', 'role: cashier') });
  });
  it('a next task that does not exist', () => {
    expectUserError(['run', 's.yaml'], /tasks\.service\.next\.billing: unknown task 'billing'/, { 's.yaml': edit('duration: { exponential: 1 h } }', 'duration: { exponential: 1 h }, next: { billing: 0.5 } }') });
  });
  it('an error in a file that is extended is reported in that file', () => {
    expectUserError(['run', 'child.yaml'], /^salesim: .*base\.yaml:4:13: roles\.server\.headcount: expected number/, {
      'base.yaml': edit('headcount: 2', 'headcount: two'),
      'child.yaml': 'extends: base.yaml\nname: child\n',
    });
  });
  it('an unknown --set path', () => {
    expectUserError(['run', 's.yaml', '--set', 'roles.cashier.headcount=3'], /^salesim: --set roles\.cashier\.headcount=3: roles\.cashier: unknown path \(roles fields: server\)$/, { 's.yaml': GOOD });
  });
  it('an unknown field set by --set', () => {
    expectUserError(['run', 's.yaml', '--set', 'roles.server.speed=3'], /^salesim: --set roles\.server\.speed=3: roles\.server\.speed: unknown field 'speed'$/, { 's.yaml': GOOD });
  });
  it('a bad value set by --set', () => {
    expectUserError(['run', 's.yaml', '--set', 'roles.server.headcount=0'], /^salesim: --set roles\.server\.headcount=0: roles\.server\.headcount: expected a headcount of at least 1$/, { 's.yaml': GOOD });
  });
  it('a bad flag value', () => {
    expectUserError(['run', 's.yaml', '--reps', '0'], /^salesim: --reps 0: expected a whole number >= 1$/, { 's.yaml': GOOD });
  });
  it('an unknown flag', () => {
    expectUserError(['run', 's.yaml', '--repz', '3'], /^salesim: Unknown argument/, { 's.yaml': GOOD });
  });
  it('a missing file', () => {
    expectUserError(['run', 'nope.yaml'], /^salesim: .*nope\.yaml: cannot read the scenario file \(no such file\)$/);
  });
  it('validate reports the same errors', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 's.yaml'), edit('role: server', 'role: cashier'));
    const r = salesim(['validate', 's.yaml'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/s\.yaml:6:14: tasks\.service\.role: unknown role 'cashier'/);
  });
});

describe('distribution mistakes', () => {
  it('an unknown distribution name is named, with the ones that exist', () => {
    expectUserError(['run', 's.yaml'], /s\.yaml:6:40: tasks\.service\.duration\.exponental: unknown distribution 'exponental' \(expected a constant or \{ name: parameters \} with name one of exponential, uniform/, { 's.yaml': edit('exponential: 1 h', 'exponental: 1 h') });
  });
});
