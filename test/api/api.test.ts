import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compare, loadScenario, run, size, UserError } from '../../src/index.js';
import { tempDir } from '../support/cli.js';
import { ROOT } from '../support/study.js';

/** The library's functions as a program calls them: scenarios from objects, typed results, the same messages as the CLI. */
const MM1 = join(ROOT, 'scenarios/theory/mm1.yaml');
const mm1 = () => parse(readFileSync(MM1, 'utf8')) as Record<string, unknown>;

describe('the library API', () => {
  it('an object loads like the file it was read from, and the caller keeps its object unchanged', async () => {
    const object = mm1();
    const before = JSON.stringify(object);
    const fromObject = loadScenario({ scenario: object, file: 'my-mm1' }, { replications: 3, weeks: 6 });
    const fromFile = loadScenario(MM1, { replications: 3, weeks: 6 });
    expect(JSON.stringify(object)).toBe(before);
    expect(fromObject.resolved).toEqual(fromFile.resolved);
    const [a, b] = [await run(fromObject, { workers: 1 }), await run(fromFile, { workers: 1 })];
    expect(a.study.summary).toEqual(b.study.summary);
    expect(a.out).toBeUndefined();
  });

  it('a mistake in an object is a UserError naming the object and the field path', () => {
    const bad = mm1();
    (bad.roles as Record<string, { headcount: unknown }>).server.headcount = 'one';
    expect(() => loadScenario({ scenario: bad, file: 'my-mm1' })).toThrow(UserError);
    expect(() => loadScenario({ scenario: bad, file: 'my-mm1' })).toThrow(/^my-mm1: roles\.server\.headcount: expected/);
    expect(() => loadScenario({ scenario: bad })).toThrow(/^\(scenario object\): roles\.server\.headcount: /);
    // An extends from an object is read from the file, and located there.
    expect(() => loadScenario({ scenario: { extends: MM1, roles: { server: { headcount: 0 } } } })).toThrow(/roles\.server\.headcount/);
  });

  it('a shard needs an output folder; with one it writes the shard, not a summary', async () => {
    const s = loadScenario(MM1, { replications: 4, weeks: 6 });
    await expect(run(s, { range: { from: 0, to: 2 } })).rejects.toThrow('a shard of a study (--replications, --shard) needs an output folder (out)');
    const out = join(tempDir(), 'shard');
    const shard = await run(s, { range: { from: 2, to: 4 }, out, workers: 1 });
    expect(shard.shard?.range).toBe('3-4');
    expect(shard.study.count).toBe(2);
    expect(existsSync(join(out, 'replications.csv'))).toBe(true);
    expect(existsSync(join(out, 'summary.csv'))).toBe(false);
  });

  it('compare and size return what the commands print', async () => {
    const one = loadScenario(MM1, { replications: 4, weeks: 6 });
    const two = loadScenario(MM1, { replications: 4, weeks: 6, set: ['roles.server.headcount=2'] });
    const c = await compare([one, two], { workers: 1 });
    expect(c.plan.names).toEqual(['mm1', 'mm1-2']);
    const wait = c.rows.find((r) => r.metric === 'task.service.wait_h_mean');
    expect(wait?.diff).toBeLessThan(0);
    expect(c.significant).toContain(wait);
    const sized = await size(one, { targets: ['task.service.wait_h_mean<=0.5'] }, { workers: 1 });
    expect(sized.result.best.met).toBe(true);
    expect(sized.roles.map((r) => r.id)).toEqual(['server']);
    expect(sized.out).toBeUndefined();
  });
});
