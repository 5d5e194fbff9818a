import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { loadScenario, type LoadedNetwork } from '../../src/models/index.js';
import { multipliers } from '../../src/run/stress.js';
import { salesim, tempDir } from '../support/cli.js';
import { cli } from '../support/inproc.js';
import { ROOT } from '../support/study.js';

type Row = Record<string, string>;
const readCsv = (file: string) => parse(readFileSync(file, 'utf8'), { columns: true }) as Row[];
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

describe('salesim stress', () => {
  const dir = tempDir();

  it('finds the breaking point a desk\'s capacity predicts', async () => {
    // Utilization = arrival rate x mean service time / people, all read from the scenario.
    const desk = loadScenario(resolve(ROOT, 'test/fixtures/stress-desk.yaml')) as LoadedNetwork;
    const arrivals = desk.scenario.items.job.arrivals!.rate.perHour;
    const service = desk.spec.tasks[0].duration.mean;
    const rho = (arrivals * service) / desk.scenario.roles.desk.headcount;
    // Steps half a step either side of where the desk reaches 95%, so the answer is one step, not a coin toss.
    const from = 1.05;
    const to = 2.25;
    const steps = 13;
    const ms = multipliers(from, to, steps);
    const predicted = ms.find((m) => m * rho >= 0.95)!;
    expect(Math.min(...ms.map((m) => Math.abs(m * rho - 0.95)))).toBeGreaterThan(0.02);

    const out = join(dir, 'desk');
    const args = ['stress', 'test/fixtures/stress-desk.yaml', '--from', String(from), '--to', String(to), '--steps', String(steps), '--no-report'];
    const r = salesim([...args, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const record = readJson(join(out, 'run.json'));
    expect(Object.keys(record).slice(0, 6)).toEqual(['salesim', 'scenario', 'file', 'seed', 'replications', 'set']);
    expect(record.grow.paths).toEqual(['items.job.arrivals.rate']);
    expect(record.breaking_points).toEqual([expect.objectContaining({ role: 'desk', multiplier: predicted })]);
    expect(r.stdout).toMatch(new RegExp(`first to break: desk \\(utilization\\) at x${predicted}\\b`));
    // Measured utilization follows the multiplier until the desk is full.
    const util = readCsv(join(out, 'stress.csv')).filter((x) => x.metric === 'role.desk.utilization');
    expect(util.map((x) => Number(x.multiplier))).toEqual(ms);
    util.forEach((x) => expect(Number(x.mean)).toBeCloseTo(Math.min(Number(x.multiplier) * rho, 1), 1));
    // Steps on worker threads give what one thread gives.
    const serial = await cli([...args, '--workers', '1', '--out', join(dir, 'desk-serial')]);
    expect(serial.code, serial.stderr).toBe(0);
    expect(readFileSync(join(dir, 'desk-serial', 'stress.csv')).equals(readFileSync(join(out, 'stress.csv')))).toBe(true);
  });

  it('writes one row per step and metric; utilization rises with the multiplier (sales)', async () => {
    const out = join(dir, 'sales');
    const r = await cli(['stress', 'test/fixtures/sales-order-desk.yaml', '--grow', 'orders', '--from', '1', '--to', '2.5', '--steps', '4',
      '--reps', '2', '--weeks', '10', '--set', 'roles.order_desk.headcount=3', '--no-report', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const rows = readCsv(join(out, 'stress.csv'));
    expect(Object.keys(rows[0])).toEqual(['step', 'multiplier', 'metric', 'mean', 'ci95_low', 'ci95_high', 'n']);
    const perStep = rows.filter((x) => x.step === '1').length;
    expect(rows.length).toBe(4 * perStep);
    expect([...new Set(rows.map((x) => x.multiplier))]).toEqual(['1', '1.5', '2', '2.5']);
    for (const x of rows) expect(Number(x.n)).toBeLessThanOrEqual(2);
    const util = rows.filter((x) => x.metric === 'role.order_desk.committed_utilization').map((x) => Number(x.mean));
    for (let k = 1; k < util.length; k++) expect(util[k]).toBeGreaterThan(util[k - 1]);
    // Every role gets a line: its headroom, a breaking point or "beyond" the range.
    for (const role of ['engineering', 'production', 'order_desk', 'back_office']) expect(r.stdout).toMatch(new RegExp(`^${role}\\s+(x[\\d.]+|beyond x2\\.5)\\s`, 'm'));
    // headroom.csv: one row per role, the same headroom; no designated constraint in this fixture.
    const headroom = readCsv(join(out, 'headroom.csv'));
    expect(headroom.map((x) => x.role)).toEqual(['engineering', 'production', 'order_desk', 'back_office']);
    for (const x of headroom) expect(x.headroom).toBe(x.breaks_at === '' ? 'beyond x2.5' : `x${x.breaks_at}`);
    expect(headroom.every((x) => x.designated_constraint === 'false')).toBe(true);
    expect(readJson(join(out, 'run.json')).designated_constraint).toBeUndefined();
    expect(readJson(join(out, 'run.json')).steps[3].set).toContain('company.segments.small.orders="0.25/wk"');
  });

  it('a bad --grow ends with exit code 2, one line naming the path, and no output', async () => {
    for (const [grow, message] of [
      ['company.segments.tiny.orders', /--grow company\.segments\.tiny\.orders: company\.segments\.tiny: unknown path/],
      ['company.calendar', /--grow company\.calendar: expected a number/],
    ] as const) {
      const out = join(dir, `bad-${grow}`);
      const r = await cli(['stress', 'test/fixtures/sales-order-desk.yaml', '--grow', grow, '--no-report', '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    }
    const r = await cli(['stress', 'test/fixtures/stress-desk.yaml', '--grow', 'leads', '--out', join(dir, 'bad-preset')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--grow leads: expected a preset \(demand\)/);
  });
});
