import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LogNormal } from '../../src/kernel/distributions.js';
import { RandomStreams } from '../../src/kernel/random.js';
import { readActivityLog } from '../../src/fit/activity-log.js';
import { calibrate, type ScenarioView } from '../../src/fit/calibrate.js';
import { loadScenario, type LoadedSales } from '../../src/models/index.js';
import { tempDir } from '../support/cli.js';
import { cli } from '../support/inproc.js';
import { ROOT } from '../support/study.js';
// The example's own generator and parameters (it runs over dist/, which `npm test` builds first).
import { BD_PER_REP_WEEK, DURATIONS, exampleLog, SEGMENTS } from '../../scripts/example-log.mjs';

const EXAMPLE = join(ROOT, 'examples/activity-log.csv');
const OUTSIDE_IN = join(ROOT, 'scenarios/outside-in.yaml');

function view(file: string): ScenarioView {
  const l = loadScenario(file) as LoadedSales;
  return {
    name: 'outside-in.yaml',
    segments: Object.fromEntries(Object.entries(l.scenario.company.segments).map(([k, s]) => [k, { accounts: s.accounts }])),
    roles: Object.fromEntries(Object.entries(l.scenario.roles).map(([k, r]) => [k, { speed: r.speed }])),
    durations: {},
  };
}

describe('the shipped example export', () => {
  it('is what scripts/example-log.mjs writes (npm run example)', () => {
    expect(readFileSync(EXAMPLE, 'utf8')).toBe(exampleLog());
  });

  it('calibrates back to the parameters it was drawn from, within 3 standard errors', () => {
    const c = calibrate(readActivityLog(EXAMPLE, 'min', 'UTC'), view(OUTSIDE_IN), EXAMPLE, 3);
    expect(c.weeks).toBe(6);
    for (const s of c.segments) {
      const truth = SEGMENTS[s.segment as keyof typeof SEGMENTS];
      expect(s.accounts).toBe(truth.accounts);
      for (const r of s.rates) {
        const t = truth[r.field as keyof typeof truth];
        // A rate with no events has a standard error of 0; the truth must then be (near) 0 too.
        expect(Math.abs(r.perWeek - t), `${s.segment} ${r.field}: ${r.perWeek} ± ${r.se}, true ${t}`).toBeLessThanOrEqual(Math.max(3 * r.se, 3 / (s.accounts * c.weeks)));
      }
      expect(Math.abs(s.complexShare!.value - truth.complex_quote_share)).toBeLessThan(3 * s.complexShare!.se);
    }
    const [rep] = c.meetings;
    expect(rep.role).toBe('field_rep');
    expect(Math.abs(rep.perWeek - BD_PER_REP_WEEK)).toBeLessThan(3 * rep.se);
    // Durations: the reference role's observed mean (the base times its speed in the scenario) against the generator's.
    for (const t of c.tasks) {
      const truth = (DURATIONS as Record<string, { mean: number }>)[t.task].mean;
      const best = t.fit.tested[0].fit;
      const mean = best.params.find((p) => p.name === 'mean')!;
      expect(Math.abs(mean.value - truth), `${t.task}: ${best.name} mean ${mean.value} ± ${mean.se}, true ${truth}`).toBeLessThan(3 * mean.se);
    }
  });
});

describe('salesim calibrate', () => {
  it('writes an overlay of outside-in.yaml that loads, runs, and is byte-identical when written again', async () => {
    const dir = tempDir();
    const r = await cli(['calibrate', EXAMPLE, '--scenario', OUTSIDE_IN, '--out', join(dir, 'cal')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/observed BD meetings: field_rep 2\.167 ± 0\.19\d* per person and week \(130 meetings, 10 people, 6 weeks\)/);
    const overlay = join(dir, 'cal/calibrated.yaml');
    const doc = parse(readFileSync(overlay, 'utf8')) as Record<string, any>;
    expect(doc.extends).toMatch(/scenarios\/outside-in\.yaml$/);
    // The call's observed 9 min less the reps' speed 1.5 in the scenario: about 6 min at the task.
    expect(doc.tasks.inbound_call.duration.lognormal.mean).toMatch(/^\d+(\.\d+)? min$/);
    const loaded = loadScenario(overlay) as LoadedSales;
    expect(loaded.name).toBe('outside-in-calibrated');
    expect(loaded.scenario.company.segments.key.orders.perHour * 168).toBeCloseTo(0.59, 6);

    const run = await cli(['run', overlay, '--reps', '2', '--weeks', '16', '--no-report', '--quiet', '--out', join(dir, 'run')]);
    expect(run.code, run.stderr).toBe(0);
    const summary = readFileSync(join(dir, 'run/summary.csv'), 'utf8');
    const bd = summary.split('\n').find((l) => l.startsWith('bd_meetings_per_field_rep_week,'));
    expect(Number(bd!.split(',')[1])).toBeGreaterThan(0);

    // Again, with the check: the model's BD meetings beside the log's (the scenario's 10 replications of 52 weeks).
    const again = await cli(['calibrate', EXAMPLE, '--scenario', OUTSIDE_IN, '--out', join(dir, 'cal2'), '--quiet', '--check', '--workers', '1']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^check: the model gives [\d.]+ BD meetings per field rep a week \[[\d.]+, [\d.]+\] over 10 replications; the log 2\.167 ± 0\.19: a difference of -?[\d.]+ \([\d.]+ standard errors/m);
    for (const f of ['calibrated.yaml', 'calibration.csv', 'run.json']) {
      expect(readFileSync(join(dir, 'cal2', f)).equals(readFileSync(join(dir, 'cal', f))), f).toBe(true);
    }
  });

  it('another role doing a task gets the speed that matches its own mean; the reference keeps its scenario speed', async () => {
    // In inside-out.yaml the coordinator books meetings at speed 0.25; here coordinators take 30 min and salespeople 90.
    const rng = new RandomStreams('calibrate-speeds').stream('x');
    let csv = 'timestamp,task,role,person,account,segment,duration\n';
    for (let i = 0; i < 260; i++) {
      const coordinator = i % 13 !== 0;
      const day = String(5 + (i % 10) + (i % 10 >= 5 ? 2 : 0)).padStart(2, '0');
      const d = new LogNormal(coordinator ? 30 : 90, coordinator ? 10 : 30).sample(rng);
      csv += `2026-01-${day} ${String(8 + (i % 9)).padStart(2, '0')}:00,meeting_scheduling,${coordinator ? 'sales_coordinator' : 'field_salesperson'},p${i % 4},M${i},mid,${d.toFixed(1)}\n`;
    }
    const dir = tempDir();
    writeFileSync(join(dir, 'log.csv'), csv);
    const r = await cli(['calibrate', 'log.csv', '--scenario', join(ROOT, 'scenarios/inside-out.yaml'), '--out', 'cal', '--quiet'], dir);
    expect(r.code, r.stderr).toBe(0);
    const doc = parse(readFileSync(join(dir, 'cal/calibrated.yaml'), 'utf8')) as Record<string, any>;
    const loaded = loadScenario(join(dir, 'cal/calibrated.yaml')) as LoadedSales;
    const speed = doc.roles.field_salesperson.speed.meeting_scheduling as number;
    expect(doc.roles.sales_coordinator).toBeUndefined();
    // Base mean x speed: the coordinators' 30 min at 0.25 is a 120-min task; the salespeople's 90 min a speed of 0.75.
    expect(speed).toBeGreaterThan(0.6);
    expect(speed).toBeLessThan(0.9);
    expect(loaded.scenario.roles.sales_coordinator.speed.meeting_scheduling).toBe(0.25);
  });
});

describe('calibrate: a user\'s mistake is one line, exit 2, nothing written', () => {
  const HEAD = 'timestamp,task,role,person,account,segment,duration\n';
  const ROW = '2026-01-05 09:00,order_entry,field_rep,rep01,K1,key,12\n';
  async function expectRefused(log: string, pattern: RegExp, scenario = OUTSIDE_IN): Promise<void> {
    const dir = tempDir();
    writeFileSync(join(dir, 'log.csv'), log);
    const r = await cli(['calibrate', 'log.csv', '--scenario', scenario, '--out', 'cal'], dir);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(pattern);
    expect(existsSync(join(dir, 'cal'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['log.csv']);
  }
  it('an unknown task, an unknown segment, a missing column, a bad duration, a missing account', async () => {
    await expectRefused(`${HEAD}${ROW}2026-01-06 09:00,order,field_rep,rep01,K1,key,12\n`, /^salesim: log\.csv:3: column task: unknown task 'order' \(expected one of the manufacturer workflow's tasks: inbound_call, /);
    await expectRefused(`${HEAD}${ROW}2026-01-16 09:00,order_entry,field_rep,rep01,X1,huge,12\n`, /^salesim: log\.csv:3: column segment: unknown segment 'huge' \(segments of outside-in\.yaml: key, mid, small\)$/);
    await expectRefused(HEAD.replace(',segment', '') + ROW.replace(',key', ''), /^salesim: log\.csv:1: column segment: no such column/);
    await expectRefused(`${HEAD}${ROW}2026-01-16 09:00,order_entry,field_rep,rep01,K1,key,12 minutes or so\n`, /^salesim: log\.csv:3: column duration: expected a duration in min/);
    await expectRefused(`${HEAD}${ROW}2026-01-16 09:00,order_entry,field_rep,rep01,,key,12\n`, /^salesim: log\.csv:3: column account: expected the account order_entry was for, found an empty cell$/);
    await expectRefused(`${HEAD}${ROW}`, /^salesim: log\.csv: column timestamp: expected at least a week of activities/);
  });
  it('a company file that does not run on its own', async () => {
    await expectRefused(`${HEAD}${ROW}`, /^salesim: .*company\.yaml.*expected at least one role.* \(--scenario: expected the operating model the log comes from, a scenario that runs, such as scenarios\/outside-in\.yaml\)$/, join(ROOT, 'scenarios/company.yaml'));
  });
  it('a scenario that is not a sales organization', async () => {
    await expectRefused(`${HEAD}${ROW}`, /^salesim: --scenario .*mm1\.yaml: expected a sales scenario/, join(ROOT, 'scenarios/theory/mm1.yaml'));
  });
});
