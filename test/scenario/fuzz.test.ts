import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { tempDir } from '../support/cli.js';
import { cli, type CliResult } from '../support/inproc.js';
import { ROOT } from '../support/study.js';

/**
 * Whatever a user writes, salesim answers exit 0, or one line and exit 2 that
 * names what is wrong: never a stack trace, an internal error or a hang, and
 * never a file written on failure. Mutations of the shipped scenarios (a field
 * replaced by a value of another kind, an extreme number, a broken unit, a
 * deletion, an unknown field) and random YAML documents go through `validate`
 * and a short `run`. fast-check is seeded (test/support/setup.ts), so a failure
 * is reproduced by running the test again.
 */

const home = tempDir();
// A copy of the shipped scenarios, so that `extends: company.yaml` resolves and the checkout is never written.
cpSync(join(ROOT, 'scenarios'), join(home, 'scenarios'), { recursive: true });
const FILES = [
  ...readdirSync(join(home, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => `scenarios/${f}`),
  ...readdirSync(join(home, 'scenarios/theory')).map((f) => `scenarios/theory/${f}`),
];
const DOCS = FILES.map((f) => ({ file: f, doc: parse(readFileSync(join(home, f), 'utf8')) as unknown }));

type Path = (string | number)[];

/** Every path to a value in a document, containers included (replacing a whole map is a mutation too). */
function paths(x: unknown, at: Path = []): Path[] {
  if (x === null || typeof x !== 'object') return [at];
  const keys: (string | number)[] = Array.isArray(x) ? x.map((_, i) => i) : Object.keys(x);
  return [at, ...keys.flatMap((k) => paths((x as Record<string | number, unknown>)[k], [...at, k]))];
}

/** Values a user might type where they should not: wrong kinds, extremes, broken units. */
const WILD = fc.oneof(
  fc.constantFrom<unknown>(
    null, 0, -1, 1e308, -1e308, 0.5, 1e-308, 2 ** 31, '', 'abc', '1e308/h', '0/h', '1e9/h', '-3/h', '0 h', '-1 h', '1e9 wk', '1e-9 h',
    '5', '.inf', '-.inf', '.nan', true, [], {}, [1, 2], { exponential: '0 h' }, { constant: '0 h' }, { poisson: 1e12 }, { empirical: [] },
    { lognormal: { mean: '1 h', sd: '-1 h' } }, 'next', '24/7', '00:00-00:00',
  ),
  fc.integer({ min: -1_000, max: 1_000_000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.string({ maxLength: 8 }),
);

type Mutation =
  | { kind: 'set'; path: number; value: unknown }
  | { kind: 'scale'; path: number; factor: number }
  | { kind: 'delete'; path: number }
  | { kind: 'add'; path: number; key: string; value: unknown };

/** Factors for a number kept in its own unit ('4.5/h' -> '4.5e9/h'): values that pass the schema and reach the engine. */
const FACTORS = [0, -1, 1e-9, 0.01, 3, 1e3, 1e9, 1e308];

const MUTATION: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), path: fc.nat(), value: WILD }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('scale' as const), path: fc.nat(), factor: fc.constantFrom(...FACTORS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), path: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('add' as const), path: fc.nat(), key: fc.string({ minLength: 1, maxLength: 6 }), value: WILD }) },
);

function mutate(doc: unknown, m: Mutation): { mutated: unknown; path: Path } {
  const copy = structuredClone(doc);
  const all = paths(copy).filter((p) => p.length > 0 && (m.kind !== 'scale' || numeric(get(copy, p)) !== null));
  const path = all[m.path % all.length];
  const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], copy) as Record<string | number, unknown>;
  const key = path[path.length - 1];
  if (m.kind === 'set') parent[key] = m.value;
  else if (m.kind === 'scale') {
    const [n, unit] = numeric(parent[key])!;
    parent[key] = typeof parent[key] === 'number' ? n * m.factor : `${n * m.factor}${unit}`;
  }
  else if (m.kind === 'delete') { if (Array.isArray(parent)) parent.splice(key as number, 1); else delete parent[key]; }
  else {
    const target = parent[key];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[m.key] = m.value;
    else parent[key] = { [m.key]: m.value };
  }
  return { mutated: copy, path };
}

function get(x: unknown, p: Path): unknown {
  return p.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], x);
}

/** A number, or a string that starts with one ('1.25 h', '4.5/h', '30%/yr'), as [number, the rest]; else null. */
function numeric(x: unknown): [number, string] | null {
  if (typeof x === 'number') return [x, ''];
  const m = typeof x === 'string' ? /^(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)(.*)$/.exec(x) : null;
  return m === null ? null : [Number(m[1]), m[2]];
}

/** Exit 0, or exit 2 with one line naming the problem; no stack trace, no internal error, nothing written on failure. */
function expectCleanOutcome(r: CliResult, out: string, what: string): void {
  expect([0, 2], `${what}\n${r.stderr}`).toContain(r.code);
  expect(r.stderr, what).not.toMatch(/\n\s+at |internal error/);
  if (r.code === 2) {
    expect(r.stderr, what).toMatch(/^salesim: [^\n]+\n$/);
    expect(existsSync(out), `${what}: wrote ${out} although it failed`).toBe(false);
  }
  // No staging folder left behind, whatever happened.
  expect(readdirSync(home).filter((f) => f.includes('.salesim-')), what).toEqual([]);
}

describe('scenario fuzz: every outcome is exit 0 or one line and exit 2', () => {
  it('mutations of the shipped scenarios, through validate and a short run', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: DOCS.length - 1 }), MUTATION, async (which, m) => {
        const { file, doc } = DOCS[which];
        const { mutated, path } = mutate(doc, m);
        const name = join(file.includes('theory') ? 'scenarios/theory' : 'scenarios', 'fuzz.yaml');
        writeFileSync(join(home, name), stringify(mutated));
        const what = `${file} with ${JSON.stringify({ ...m, path })}`;
        if (process.env.FUZZ_TRACE) appendFileSync(process.env.FUZZ_TRACE, `${what}\n`);
        const v = await cli(['validate', name], home);
        expectCleanOutcome(v, join(home, 'never'), `validate ${what}`);
        if (v.code !== 0) return;
        const out = join(home, 'out');
        rmSync(out, { recursive: true, force: true });
        // A short run, unless the mutation is in the run's own window (horizon, warm-up), which is then what is tested.
        const base = ['run', name, '--reps', '1', '--workers', '1', '--no-report', '--quiet', '--out', 'out'];
        const r = await cli(path[0] === 'run' ? base : [...base, '--set', 'run.horizon=3 wk', '--set', 'run.warmup=1 wk'], home);
        expectCleanOutcome(r, out, `run ${what}`);
      }),
      { numRuns: 150 },
    );
  });

  it('random YAML documents', async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => stringify(v)),
      fc.dictionary(fc.constantFrom('name', 'kind', 'run', 'roles', 'tasks', 'items', 'company', 'extends', 'phases'), fc.jsonValue({ maxDepth: 2 })).map((v) => stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(text, async (t) => {
        writeFileSync(join(home, 'random.yaml'), t);
        expectCleanOutcome(await cli(['validate', 'random.yaml'], home), join(home, 'never'), `validate ${JSON.stringify(t)}`);
        rmSync(join(home, 'out'), { recursive: true, force: true });
        const r = await cli(['run', 'random.yaml', '--reps', '1', '--workers', '1', '--no-report', '--quiet', '--out', 'out'], home);
        expectCleanOutcome(r, join(home, 'out'), `run ${JSON.stringify(t)}`);
      }),
      { numRuns: 120 },
    );
  });
});
