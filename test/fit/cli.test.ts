import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Gamma, LogNormal, Weibull, type Distribution } from '../../src/kernel/distributions.js';
import { RandomStreams } from '../../src/kernel/random.js';
import { buildDistribution } from '../../src/scenario/compile.js';
import { distribution } from '../../src/scenario/distribution-schema.js';
import { RateProfileSchema, rate } from '../../src/scenario/schema.js';
import { salesim, tempDir } from '../support/cli.js';
import { ROOT } from '../support/study.js';
import { cli } from '../support/inproc.js';
import { generateArrivals, OFFICE_HOURS } from './generate.js';

/** A CSV of durations in minutes from known distributions, by task. */
function durationsCsv(): string {
  const rng = new RandomStreams('fit-cli-test').stream('durations');
  const plan: [string, Distribution, number][] = [['call', new LogNormal(6, 3), 800], ['quote', new Gamma(3, 10), 400], ['visit', new Weibull(2.5, 60), 300]];
  let csv = 'id,task,duration\n';
  let id = 0;
  for (const [task, d, n] of plan) for (let i = 0; i < n; i++) csv += `${id++},${task},${d.sample(rng).toFixed(2)}\n`;
  return csv;
}

function folder(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('salesim fit durations', () => {
  it('fits each group, prints and writes YAML that parses back through the scenario schema', async () => {
    const dir = folder({ 'log.csv': durationsCsv() });
    const r = await cli(['fit', 'durations', 'log.csv', '--column', 'duration', '--by', 'task', '--out', 'out'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const yaml = readFileSync(join(dir, 'out/fit.yaml'), 'utf8');
    expect(r.stdout).toContain(yaml);
    const doc = parse(yaml) as Record<string, { duration: unknown }>;
    expect(Object.keys(doc)).toEqual(['call', 'quote', 'visit']);
    // The family each was drawn from wins by AIC at these sizes, and the mean comes back (hours in the scenario).
    expect(Object.keys(doc.call.duration as object)).toEqual(['lognormal']);
    expect(Object.keys(doc.quote.duration as object)).toEqual(['gamma']);
    expect(Object.keys(doc.visit.duration as object)).toEqual(['weibull']);
    for (const [task, mean] of [['call', 6], ['quote', 30], ['visit', new Weibull(2.5, 60).mean]] as const) {
      const spec = distribution('duration').parse(doc[task].duration);
      expect(Math.abs(buildDistribution(spec).mean * 60 / mean - 1), task).toBeLessThan(0.06);
    }
    // The quotes' gamma (shape 3) is noted as the Erlang-3 it is, in a form that parses too.
    const erlang = /^ {2}# or: (\{ erlang: .*\})$/m.exec(yaml.slice(yaml.indexOf('quote:')))!;
    const spec = distribution('duration').parse(parse(erlang[1]));
    expect(spec).toMatchObject({ kind: 'erlang', k: 3 });
    expect(buildDistribution(spec).mean).toBeCloseTo(buildDistribution(distribution('duration').parse(doc.quote.duration)).mean, 3);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['charts', 'fit.csv', 'fit.yaml', 'run.json']);
    expect(readFileSync(join(dir, 'out/charts/qq.svg'), 'utf8')).toMatch(/^<svg/);
    expect(readFileSync(join(dir, 'out/fit.csv'), 'utf8').split('\n')[0]).toBe('group,n,zeros,distribution,aic_rank,parameter,value,se,log_likelihood,aic,ks_d,ks_p,chosen');
  });

  it('is deterministic: the same input gives byte-identical files', async () => {
    const dir = folder({ 'log.csv': durationsCsv() });
    await cli(['fit', 'durations', 'log.csv', '--column', 'duration', '--by', 'task', '--out', 'a', '--quiet'], dir);
    await cli(['fit', 'durations', 'log.csv', '--column', 'duration', '--by', 'task', '--out', 'b', '--quiet'], dir);
    for (const f of ['fit.csv', 'fit.yaml', 'run.json', 'charts/qq.svg', 'charts/qq.vl.json']) {
      expect(readFileSync(join(dir, 'b', f)).equals(readFileSync(join(dir, 'a', f))), f).toBe(true);
    }
  });

  it('units: cells with their own unit are converted, the YAML is in --unit', async () => {
    const dir = folder({ 'd.csv': 'duration\n90 s\n2 min\n1.5\n3 min\n0.1 h\n4\n2.5\n' });
    const r = await cli(['fit', 'durations', 'd.csv', '--column', 'duration', '--unit', 'min', '--out', 'out', '--quiet'], dir);
    expect(r.code, r.stderr).toBe(0);
    // 1.5, 2, 1.5, 3, 6, 4, 2.5 minutes: the exponential's estimate is their mean, 2.929 min.
    const exponential = readFileSync(join(dir, 'out/fit.csv'), 'utf8').split('\n').find((l) => l.includes(',exponential,'))!.split(',');
    expect(Number(exponential[6])).toBeCloseTo(20.5 / 7, 8); // CSV numbers have 10 significant digits
    const doc = parse(readFileSync(join(dir, 'out/fit.yaml'), 'utf8')) as { duration: Record<string, unknown> };
    expect(JSON.stringify(doc.duration)).toMatch(/ min"/);
    expect(distribution('duration').safeParse(doc.duration).success).toBe(true);
  });

  it('a group with too few distinct values is written as its observed values', async () => {
    const dir = folder({ 'd.csv': 'task,duration\ncall,5\ncall,5\ncall,7\nvisit,60\nvisit,45\nvisit,70\nvisit,52\n' });
    const r = await cli(['fit', 'durations', 'd.csv', '--column', 'duration', '--by', 'task', '--out', 'out', '--quiet'], dir);
    expect(r.code, r.stderr).toBe(0);
    const doc = parse(readFileSync(join(dir, 'out/fit.yaml'), 'utf8')) as Record<string, { duration: unknown }>;
    expect(doc.call.duration).toEqual({ empirical: ['5 min', '5 min', '7 min'] });
    const zeros = folder({ 'z.csv': 'duration\n0\n0\n' });
    expect((await cli(['fit', 'durations', 'z.csv', '--column', 'duration', '--out', 'out', '--quiet'], zeros)).code).toBe(0);
    expect((parse(readFileSync(join(zeros, 'out/fit.yaml'), 'utf8')) as { duration: unknown }).duration).toBe('0 min');
    expect(Object.keys(doc.visit.duration as object)).toHaveLength(1);
    for (const g of Object.values(doc)) expect(distribution('duration').safeParse(g.duration).success).toBe(true);
  });

  it('the built CLI (spawned once): fit durations on the shipped example', () => {
    const dir = tempDir();
    const r = salesim(['fit', 'durations', join(ROOT, 'examples/activity-log.csv'), '--column', 'duration', '--by', 'role', '--out', join(dir, 'out')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^activity-log\.csv: duration \(min\), role engineering: 36 values$/m);
    expect(existsSync(join(dir, 'out/charts/qq.svg'))).toBe(true);
  });
});

describe('salesim fit arrivals', () => {
  it('prints rates per group, the profile, month-end and growth as scenario fields, and warns of over-dispersion', async () => {
    const { csv } = generateArrivals({
      start: '2025-01-06', days: 182, perWeekday: [30, 24, 24, 24, 18, 0, 0], hourWeights: OFFICE_HOURS, mixing: 6,
      monthEnd: { days: 3, multiplier: 1.4 }, growth: 0, groups: [{ name: 'key', share: 0.2 }, { name: 'small', share: 0.8 }], seed: 'arrivals-cli',
    });
    const dir = folder({ 'orders.csv': csv });
    const r = await cli(['fit', 'arrivals', 'orders.csv', '--timestamp', 'created', '--by', 'segment', '--out', 'out'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: daily arrivals vary [\d.]+ times as much as a Poisson process's would .*understate the peaks$/m);
    const doc = parse(readFileSync(join(dir, 'out/arrivals.yaml'), 'utf8')) as { rate: Record<string, string>; profile: unknown };
    expect(Object.keys(doc.rate)).toEqual(['key', 'small']);
    for (const v of Object.values(doc.rate)) expect(rate.safeParse(v).success, v).toBe(true);
    const profile = RateProfileSchema.parse(doc.profile);
    expect(profile.day_of_week!.slice(5)).toEqual([0, 0]);
    expect(profile.hour_of_day!.slice(0, 8)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(profile.month_end!.days).toBe(3);
    expect(r.stdout).toMatch(/growth: .*not significant/);
  });
});

describe('fit: a user\'s mistake is one line naming file, line and column, exit 2, nothing written', () => {
  async function expectRefused(args: string[], files: Record<string, string>, pattern: RegExp): Promise<void> {
    const dir = folder(files);
    const r = await cli([...args, '--out', 'out'], dir);
    expect(r.code, r.stderr).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(Object.keys(files).sort());
  }
  const CSV = 'id,task,duration\n1,call,5.5\n2,call,6.1\n3,call,4.2\n';

  it('a missing column names the columns there are', async () => {
    await expectRefused(['fit', 'durations', 'log.csv', '--column', 'Duration'], { 'log.csv': CSV },
      /^salesim: log\.csv:1: --column Duration: no such column \(did you mean 'duration'\? columns: id, task, duration\)$/);
    await expectRefused(['fit', 'durations', 'log.csv', '--column', 'duration', '--by', 'role'], { 'log.csv': CSV }, /^salesim: log\.csv:1: --by role: no such column/);
    await expectRefused(['fit', 'arrivals', 'log.csv', '--timestamp', 'when'], { 'log.csv': CSV }, /^salesim: log\.csv:1: --timestamp when: no such column/);
  });
  it('a non-numeric cell names its line and column and what was expected', async () => {
    await expectRefused(['fit', 'durations', 'log.csv', '--column', 'duration'], { 'log.csv': `${CSV}4,call,about six\n5,call,3\n` },
      /^salesim: log\.csv:5: column duration: expected a duration in min \(a number, or with its unit such as '6 min'\), got 'about six'$/);
    await expectRefused(['fit', 'durations', 'log.csv', '--column', 'duration'], { 'log.csv': `${CSV}4,call,-2\n` }, /^salesim: log\.csv:5: column duration: expected a duration >= 0, got '-2'$/);
  });
  it('a bad timestamp, a bad zone, a bad unit, a ragged row, a missing file', async () => {
    await expectRefused(['fit', 'arrivals', 'a.csv', '--timestamp', 'at'], { 'a.csv': 'at\n2026-03-02 09:15\n03/02/2026 10:00\n' },
      /^salesim: a\.csv:3: column at: expected a timestamp such as '2026-03-02 09:15' or '2026-03-02T08:15:00Z', got '03\/02\/2026 10:00'$/);
    await expectRefused(['fit', 'arrivals', 'a.csv', '--timestamp', 'at', '--tz', 'Mars/Olympus'], { 'a.csv': 'at\n2026-03-02 09:15\n' }, /^salesim: --tz Mars\/Olympus: unknown time zone/);
    await expectRefused(['fit', 'arrivals', 'a.csv', '--timestamp', 'at'], { 'a.csv': 'at\n2026-03-02 09:15\n2026-03-04 09:15\n' }, /^salesim: a\.csv: column at: expected at least a week of arrivals/);
    await expectRefused(['fit', 'durations', 'log.csv', '--column', 'duration', '--unit', 'parsecs'], { 'log.csv': CSV }, /^salesim: --unit parsecs: expected a unit of time/);
    await expectRefused(['fit', 'durations', 'log.csv', '--column', 'duration'], { 'log.csv': `${CSV}4,call\n` }, /^salesim: log\.csv:5: CSV: expected as many cells as the header has columns, got 2$/);
    await expectRefused(['fit', 'durations', 'nope.csv', '--column', 'duration'], {}, /^salesim: nope\.csv: cannot read \(no such file\)$/);
  });
});
