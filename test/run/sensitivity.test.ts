import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { sensitivity } from '../../src/api/sensitivity.js';
import { loadScenario } from '../../src/models/index.js';
import { latinHypercube, sensitivityPlan } from '../../src/run/sensitivity.js';
import { comparePlan } from '../../src/run/studies.js';
import { UserError } from '../../src/scenario/load.js';
import { valueBetween } from '../../src/scenario/ranges.js';
import { tempDir } from '../support/cli.js';
import { cli } from '../support/inproc.js';
import { ROOT } from '../support/study.js';

/** Declared ranges and `salesim sensitivity`: the sample design, the checks on ranges, and effects whose direction theory fixes. */
const MM1 = join(ROOT, 'scenarios/theory/mm1.yaml');

function scenario(dir: string, name: string, body: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `extends: ${MM1}\nname: ${name}\nrun: { replications: 4, horizon: 8 wk, max_in_progress: 200000 }\n${body}`);
  return file;
}

const RANGES = `ranges:
  tasks.service.duration.exponential: { low: 50 min, high: 70 min, source: 'estimate: handle time' }
  roles.server.headcount: [1, 2]
  run.max_in_progress: [100000, 300000]
`;

describe('the sample design', () => {
  it('a Latin hypercube puts one point in each of n strata of every input, the same for the same seed', () => {
    const u = latinHypercube(10, 3, 'x');
    for (let d = 0; d < 3; d++) expect(u.map((p) => Math.floor(p[d] * 10)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(latinHypercube(10, 3, 'x')).toEqual(u);
    expect(latinHypercube(10, 3, 'y')).not.toEqual(u);
  });

  it('values between the ends keep the unit written; whole fields stay whole', () => {
    expect(valueBetween({ path: 'a.b', low: '50 min', high: '70 min', source: '' }, 0.5)).toBe('60 min');
    expect(valueBetween({ path: 'a.b', low: '1 h', high: '90 min', source: '' }, 1)).toBe('1.5 h');
    expect(valueBetween({ path: 'a.b', low: '40/day', high: '60/day', source: '' }, 0.25)).toBe('45/day');
    expect(valueBetween({ path: 'a.b', low: 1, high: 4, source: '' }, 0.4, true)).toBe(2);
  });
});

describe('declared ranges are checked before anything runs', () => {
  const cases: [string, RegExp][] = [
    ['ranges:\n  roles.server.headcunt: [1, 2]\n', /ranges\.roles\.server\.headcunt: no such field in bad/],
    ['ranges:\n  roles.server.headcount: [2, 3]\n', /ranges\.roles\.server\.headcount: the scenario's value 1 lies outside \[2, 3\]/],
    ['ranges:\n  roles.server.headcount: [2, 1]\n', /ranges\.roles\.server\.headcount: low 2 is above high 1/],
    ['ranges:\n  tasks.service.duration: [1 h, 2 h]\n', /the field holds \{"exponential":"1 h"\}, not a duration; a distribution varies by one of its parameters/],
    ['ranges:\n  roles.server.headcount: [0.5, 2]\n', /ranges\.roles\.server\.headcount: low 0.5 is not a value the field takes \(--set roles\.server\.headcount=0\.5: roles\.server\.headcount: expected a whole number/],
    ['ranges:\n  tasks.service.duration.exponential: [1 h, 2 kg]\n', /expected two numbers, or two durations or rates/],
  ];
  it.each(cases)('%s', (body, message) => {
    const dir = tempDir();
    const plan = comparePlan([loadScenario(scenario(dir, 'bad', body)), loadScenario(scenario(dir, 'bad2', ''))]);
    expect(() => sensitivityPlan(plan)).toThrow(UserError);
    expect(() => sensitivityPlan(plan)).toThrow(message);
  });

  it('a malformed section is a located schema error; a scenario without ranges is told how to add them', () => {
    const dir = tempDir();
    expect(() => loadScenario(scenario(dir, 'shape', 'ranges:\n  roles.server.headcount: [1]\n'))).toThrow(/shape\.yaml:5:\d+: ranges\.roles\.server\.headcount: /);
    const none = loadScenario(scenario(dir, 'none', ''));
    expect(() => sensitivityPlan({ names: ['none'], models: [none], seed: 1, replications: 4 })).toThrow(/declares no ranges: add a `ranges` section/);
  });
});

describe('salesim sensitivity', () => {
  it('one model: an input with no effect moves nothing (common random numbers); more servers, shorter waits; longer service, longer waits', async () => {
    const dir = tempDir();
    const r = await sensitivity([loadScenario(scenario(dir, 'mm1r', RANGES))], { samples: 5, workers: 1, metrics: ['task.service.wait_h_mean'] });
    const bar = (input: string) => r.tornado.find((b) => b.input === input)!;
    expect(bar('run.max_in_progress').swing).toBe(0);
    expect(bar('roles.server.headcount').high_mean).toBeLessThan(bar('roles.server.headcount').low_mean);
    expect(bar('tasks.service.duration.exponential').high_mean).toBeGreaterThan(bar('tasks.service.duration.exponential').low_mean);
    // Sorted by swing: the no-effect input last.
    expect(r.tornado.map((b) => b.input).at(-1)).toBe('run.max_in_progress');
    const u = r.uncertainty[0];
    expect(u.samples).toBe(5);
    expect(u.inputs.p10).toBeLessThanOrEqual(u.inputs.p50);
    expect(u.inputs.p50).toBeLessThanOrEqual(u.inputs.p90);
    expect(u.noise_ci95_half).toBeGreaterThan(0);
  });

  it('a comparison moves each input in both models; the difference is above 0 in every sample when one model has a second server', async () => {
    const dir = tempDir();
    const one = loadScenario(scenario(dir, 'one', RANGES.replace('  roles.server.headcount: [1, 2]\n', '')));
    const two = loadScenario(scenario(dir, 'two', RANGES.replace('  roles.server.headcount: [1, 2]\n', '')), ['roles.server.headcount=2']);
    const r = await sensitivity([two, one], { samples: 6, workers: 2, metrics: ['task.service.wait_h_mean'] });
    const diff = r.uncertainty.find((u) => u.of === 'one - two')!;
    expect(diff.p_above_zero).toBe(1);
    expect(r.tornado.filter((b) => b.of === 'one - two').map((b) => b.input)).toEqual(['tasks.service.duration.exponential', 'run.max_in_progress']);
  });

  it('the command writes the tornadoes, the spreads, the samples and a report; a mistake writes nothing', async () => {
    const dir = tempDir();
    scenario(dir, 'mm1r', RANGES);
    const r = await cli(['sensitivity', 'mm1r.yaml', '--samples', '4', '--out', 'out', '--workers', '1'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^sensitivity: mm1r: 3 uncertain inputs, 11 runs of 4 replications/);
    expect(r.stdout).toMatch(/what each answer hangs on/);
    const tornado = parse(readFileSync(join(dir, 'out/sensitivity.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(tornado.filter((t) => t.metric === 'task.service.wait_h_mean').map((t) => t.input)).toHaveLength(3);
    expect(parse(readFileSync(join(dir, 'out/samples.csv'), 'utf8'), { columns: true })).toHaveLength(4);
    expect(readFileSync(join(dir, 'out/report.html'), 'utf8')).toContain('How sure is this answer?');
    expect(existsSync(join(dir, 'out/charts/tornado-01.svg'))).toBe(true);
    scenario(dir, 'plain', '');
    const bad = await cli(['sensitivity', 'plain.yaml', '--out', 'bad'], dir);
    expect(bad.code).toBe(2);
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });
});

describe('the shipped scenarios declare their estimates as ranges', () => {
  it('every range is a field of the scenarios, holds their value, and each end (or level) is a value the field takes', () => {
    const at = (f: string) => loadScenario(join(ROOT, 'scenarios', f));
    const pair = comparePlan([at('outside-in.yaml'), at('inside-out.yaml')]);
    const plan = sensitivityPlan(pair, { samples: 4 });
    const paths = plan.inputs.map((i) => i.path);
    // The inputs the F1 and F3 answers hang on, as the issue measured them, are among them.
    for (const p of ['calendars.office.hours', 'tasks.bd_meeting.duration.lognormal.mean', 'company.travel.between_areas.triangular.1', 'roles.field_rep.admin', 'roles.field_rep.speed.service_issue']) expect(paths).toContain(p);
    // Each model moves the inputs it has: the rep's in outside-in, the coordinator's in inside-out, the company's in both.
    const input = (p: string) => plan.inputs.find((i) => i.path === p)!;
    expect(input('roles.field_rep.admin').base).toEqual(['5 h', undefined]);
    expect(input('roles.sales_coordinator.speed.meeting_scheduling').base).toEqual([undefined, 0.25]);
    expect(input('company.areas').base).toEqual([40, 40]);
    expect(plan.points).toHaveLength(1 + 2 * plan.inputs.length + 4);
    for (const f of ['engineering-by-reps.yaml', 'inbound-peaks.yaml']) {
      const one = at(f);
      expect(sensitivityPlan({ names: [one.name], models: [one], seed: 1, replications: 1 }, { samples: 0 }).inputs.length).toBeGreaterThan(10);
    }
  });
});
