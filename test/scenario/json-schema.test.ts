import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { scenarioJsonSchemas, schemaText } from '../../src/sales/json-schema.js';
import { CompanySchema } from '../../src/sales/schema.js';
import { distribution, duration } from '../../src/scenario/distribution-schema.js';
import { untypedNodes, type JsonSchema } from '../../src/scenario/json-schema.js';
import { loadScenario } from '../../src/models/index.js';
import { rate } from '../../src/scenario/schema.js';
import { DURATION_UNITS } from '../../src/scenario/units.js';

const ROOT = join(import.meta.dirname, '..', '..');
const schemas = scenarioJsonSchemas();
const ajv = new Ajv({ allErrors: true, strict: true });
// The editor's message for a value that does not fit (yaml-language-server); an annotation here.
ajv.addVocabulary(['errorMessage']);
const whole = ajv.compile(schemas.scenario);
const overlay = ajv.compile(schemas.overlay);
const FC = { seed: 20261201, numRuns: 2000 };

const shipped = ['scenarios', 'scenarios/theory', 'scenarios/distributor', 'scenarios/medical'].flatMap((d) =>
  readdirSync(join(ROOT, d)).filter((f) => f.endsWith('.yaml')).map((f) => join(ROOT, d, f)));

function errors(validate: ValidateFunction, data: unknown): string[] {
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

/** One definition of the schema, compiled on its own. */
function definition(name: string): ValidateFunction {
  return ajv.compile({ ...schemas.scenario, if: undefined, then: undefined, else: undefined, properties: undefined, type: undefined, $ref: `#/definitions/${name}` } as JsonSchema);
}

describe('the JSON Schema files', () => {
  it('are what `npm run schema` writes from the zod schemas', () => {
    // If this fails after a schema change: npm run schema, and commit schema/.
    expect(readFileSync(join(ROOT, 'schema/scenario.schema.json'), 'utf8')).toBe(schemaText(schemas.scenario));
    expect(readFileSync(join(ROOT, 'schema/scenario-overlay.schema.json'), 'utf8')).toBe(schemaText(schemas.overlay));
  });

  it('leave no value untyped', () => {
    expect(untypedNodes(schemas.scenario)).toEqual([]);
    expect(untypedNodes(schemas.overlay)).toEqual([]);
  });

  it('put no keyword beside a $ref (draft-07 ignores it; a description goes in allOf)', () => {
    const beside = (o: unknown, path: string): string[] => (o === null || typeof o !== 'object' ? []
      : [...(!Array.isArray(o) && '$ref' in o && Object.keys(o).length > 1 ? [path] : []),
        ...Object.entries(o).flatMap(([k, v]) => beside(v, `${path}/${k}`))]);
    expect(beside(schemas.scenario, '#')).toEqual([]);
    expect(beside(schemas.overlay, '#')).toEqual([]);
  });
});

describe('every shipped scenario', () => {
  it.each(shipped.map((f) => [relative(ROOT, f)]))('%s names its schema on its first line and passes it', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const data = parse(text) as Record<string, unknown>;
    const variant = data.extends === undefined ? 'scenario' : 'scenario-overlay';
    const schemaPath = relative(dirname(join(ROOT, file)), join(ROOT, 'schema', `${variant}.schema.json`));
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${schemaPath}`);
    expect(errors(data.extends === undefined ? whole : overlay, data)).toEqual([]);
  });

  it('means what it meant without the schema comment (a YAML comment the loader ignores)', () => {
    for (const file of shipped) {
      const text = readFileSync(file, 'utf8');
      expect(parse(text)).toEqual(parse(text.split('\n').slice(1).join('\n')));
    }
    expect(loadScenario(join(ROOT, 'scenarios/theory/mm1.yaml')).kind).toBe('network');
  });

  it('merged with what it extends passes the whole schema', () => {
    // company.yaml is only a base (it has no roles), so only the children are loaded.
    const children = shipped.filter((f) => (parse(readFileSync(f, 'utf8')) as Record<string, unknown>).extends !== undefined);
    expect(children.length).toBeGreaterThan(10);
    for (const file of children) expect(errors(whole, loadScenario(file).resolved), file).toEqual([]);
  });
});

describe('known mistakes', () => {
  const mm1 = parse(readFileSync(join(ROOT, 'scenarios/theory/mm1.yaml'), 'utf8')) as Record<string, any>;
  const company = parse(readFileSync(join(ROOT, 'scenarios/company.yaml'), 'utf8')) as Record<string, any>;
  const child = parse(readFileSync(join(ROOT, 'scenarios/inside-out.yaml'), 'utf8')) as Record<string, any>;
  const edit = (base: Record<string, any>, change: (s: any) => void) => { const s = structuredClone(base); change(s); return s; };

  it('pass as written', () => {
    expect(errors(whole, mm1)).toEqual([]);
    expect(errors(whole, company)).toEqual([]);
    expect(errors(overlay, child)).toEqual([]);
  });

  it('an unknown field (headcont) is rejected', () => {
    const role = Object.keys(mm1.roles)[0];
    expect(errors(whole, edit(mm1, (s) => { s.roles[role].headcont = s.roles[role].headcount; delete s.roles[role].headcount; })).join('\n'))
      .toMatch(/must NOT have additional properties .*headcont/);
    expect(whole(edit(company, (s) => { s.roles = { rep: { headcont: 2, salary: 1 } }; }))).toBe(false);
    expect(overlay(edit(child, (s) => { s.roles.field_salesperson.headcont = 3; }))).toBe(false);
  });

  it('a duration without a unit (horizon: 2) is rejected', () => {
    expect(whole(edit(mm1, (s) => { s.run.horizon = 2; }))).toBe(false);
    expect(whole(edit(company, (s) => { s.run.horizon = 2; }))).toBe(false);
    expect(overlay(edit(child, (s) => { s.run = { horizon: 2 }; }))).toBe(false);
  });

  it('an unknown distribution (exponental) is rejected', () => {
    const task = Object.keys(mm1.tasks)[0];
    expect(whole(edit(mm1, (s) => { s.tasks[task].duration = { exponental: '1 h' }; }))).toBe(false);
    expect(overlay(edit(child, (s) => { s.tasks = { admin: { duration: { exponental: '1 h' } } }; }))).toBe(false);
  });

  it('a whole scenario needs its parts; an overlay needs none, and null removes a field', () => {
    expect(whole(edit(mm1, (s) => { delete s.roles; }))).toBe(false);
    expect(whole(edit(company, (s) => { delete s.company; }))).toBe(false);
    expect(overlay({ extends: 'company.yaml' })).toBe(true);
    expect(overlay({ extends: 'company.yaml', roles: { inside_sales: null }, company: { campaigns: null } })).toBe(true);
    expect(whole(edit(mm1, (s) => { s.kind = 'network'; }))).toBe(false);
  });
});

describe('the schema and the loader agree', () => {
  const word = (w: string) => fc.array(fc.boolean(), { minLength: w.length, maxLength: w.length })
    .map((up) => [...w].map((c, i) => (up[i] ? c.toUpperCase() : c)).join(''));
  const unit = fc.oneof(
    fc.constantFrom(...DURATION_UNITS).chain(word),
    fc.constantFrom('', 'hx', 'mn', 'sek', 'constructor', 'toString', 'yrs2', '%', 'h h', 'ms', 'µs'),
  );
  const ws = fc.constantFrom('', '', ' ', '  ', '\t');
  const digits = fc.stringMatching(/^\d{1,3}$/);
  const mantissa = fc.oneof(
    digits, fc.tuple(digits, digits).map(([a, b]) => `${a}.${b}`), digits.map((a) => `${a}.`), digits.map((b) => `.${b}`),
    fc.constantFrom('0', '00', '0.0', '.0', '.', '', '1_000', '1,5', '0x1'),
  );
  const sign = fc.constantFrom('', '', '+', '-', '--');
  // Exponents stay small: a number past 1e308 hours is Infinity, which the loader refuses and a pattern cannot see.
  const exponent = fc.oneof(fc.constant(''), fc.constant(''), fc.tuple(fc.constantFrom('e', 'E', 'e+', 'e-', 'E-'), fc.integer({ min: 0, max: 30 })).map(([e, n]) => `${e}${n}`), fc.constantFrom('e', 'e+'));
  const number = fc.tuple(sign, mantissa, exponent).map((p) => p.join(''));
  const durationText = fc.tuple(ws, number, ws, unit, ws).map((p) => p.join(''));
  const per = fc.constantFrom('/', '/ ', ' / ', 'per ', 'PER  ', 'Per\t', 'per', 'p/', '//');
  const rateText = fc.tuple(ws, number, ws, per, unit, ws).map((p) => p.join(''));
  const pct = fc.oneof(fc.tuple(sign, digits, fc.constantFrom('', '.', '.5', '.25')).map((p) => p.join('')), fc.constantFrom('-99.9', '-100', '-100.0', '-0100', '-099', '1e2', '.5'));
  const growthText = fc.tuple(ws, pct, ws, fc.constantFrom('%', '%', '%', '', '%%'), ws, fc.constantFrom('/', '/', '/', '', 'per'), ws, unit, ws).map((p) => p.join(''));

  const accepts = (schema: { safeParse(v: unknown): { success: boolean } }) => (v: unknown) => schema.safeParse(v).success;
  const growth = CompanySchema.shape.growth;
  const cases: [string, fc.Arbitrary<string>, (v: unknown) => boolean][] = [
    ['duration', durationText, accepts(duration)],
    ['positiveDuration', durationText, (v) => { const r = duration.safeParse(v); return r.success && r.data > 0; }],
    ['rate', rateText, accepts(rate)],
    ['growth', growthText, accepts(growth)],
  ];

  it.each(cases)('%s: a sample of strings is accepted by both or by neither', (name, text, loader) => {
    const schema = definition(name);
    let accepted = 0;
    fc.assert(fc.property(text, (s) => {
      if (loader(s)) accepted++;
      expect(schema(s), JSON.stringify(s)).toBe(loader(s));
    }), FC);
    // The sample holds both sides, not just one.
    expect(accepted).toBeGreaterThan(FC.numRuns / 20);
    expect(accepted).toBeLessThan(FC.numRuns * 0.9);
  });

  it('numbers: a duration may be 0 and nothing else bare; a rate or a growth never', () => {
    for (const v of [0, -0, 2, 0.5, -1, true, null, [], {}]) {
      expect(definition('duration')(v), String(v)).toBe(accepts(duration)(v));
      expect(definition('rate')(v)).toBe(false);
      expect(accepts(rate)(v)).toBe(false);
      expect(definition('growth')(v)).toBe(accepts(growth)(v));
    }
  });

  // The loader also checks orders and sums the schema cannot (uniform low <= high, weights adding up to more
  // than 0), so the schema may pass a distribution the loader refuses; never the other way round.
  it.each(['duration', 'number'] as const)('distributions of %ss: every one the loader takes passes the schema', (q) => {
    const value = q === 'duration'
      ? fc.oneof(durationText, fc.constant(0), fc.integer({ min: -2, max: 5 }))
      : fc.oneof(fc.double({ min: -2, max: 50, noNaN: true }), fc.constantFrom(0, 1, 0.3, '2', '1 h'));
    const params = fc.oneof(
      value, fc.array(value, { maxLength: 4 }),
      fc.record({ mean: value, sd: value, shape: value, scale: value, k: value, values: fc.array(value, { maxLength: 3 }), weights: fc.array(value, { maxLength: 3 }) }, { requiredKeys: [] }),
    );
    const name = fc.constantFrom('exponential', 'uniform', 'triangular', 'normal', 'lognormal', 'gamma', 'weibull', 'erlang', 'discrete', 'empirical', 'bernoulli', 'poisson', 'exponental', 'Normal');
    const dist = fc.oneof(value, fc.tuple(name, params).map(([n, p]) => ({ [n]: p })), fc.dictionary(name, params, { maxKeys: 2 }));
    const schema = definition(`distribution_${q}`);
    const loader = accepts(distribution(q));
    let accepted = 0;
    fc.assert(fc.property(dist, (d) => {
      if (loader(d)) { accepted++; expect(schema(d), JSON.stringify(d)).toBe(true); }
    }), FC);
    expect(accepted).toBeGreaterThan(50);
  });

  it('distributions: the named mistakes are refused by both', () => {
    const bad = [{ exponental: '1 h' }, { normal: { mean: '1 h' } }, { uniform: ['1 min'] }, { gamma: { shape: 2 } },
      { gamma: { shape: 2, mean: '1 h', scale: '1 h' } }, { weibull: { shape: 2 } }, { weibull: { mean: '1 h' } },
      { erlang: { k: 2.5, mean: '1 h' } }, { erlang: { k: 0, mean: '1 h' } }, { erlang: { k: 2, mean: '1 h', scale: '1 h' } }, { exponential: '1 h', uniform: ['1 min', '2 min'] }, {}, '5', 5, { empirical: [] }];
    for (const d of bad) {
      expect(definition('distribution_duration')(d), JSON.stringify(d)).toBe(false);
      expect(accepts(distribution('duration'))(d), JSON.stringify(d)).toBe(false);
    }
  });
});
