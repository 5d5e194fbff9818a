import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatValue, labelWithUnit, metricInfo } from '../../src/models/metrics.js';
import { tempDir } from '../support/cli.js';
import { cli } from '../support/inproc.js';

/** The metric catalogue: one label, unit and format per metric, for the report and any table. */
describe('the metric catalogue', () => {
  it('knows every metric the shipped kinds of scenario write (none falls back to its name)', async () => {
    const dir = tempDir();
    for (const file of ['outside-in', 'inside-out', 'renewals-desk', 'market-growth', 'theory/mm1', 'theory/tandem-feedback']) {
      const out = join(dir, file.replace('/', '-'));
      const r = await cli(['run', `scenarios/${file}.yaml`, '--reps', '1', '--weeks', '3', '--set', 'run.warmup=1 wk', '--no-report', '--out', out, '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      const names = readFileSync(join(out, 'summary.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]);
      const unknown = names.filter((m) => metricInfo(m).area === 'other' && m !== 'run.duration_h');
      expect(unknown, file).toEqual([]);
    }
  });

  it('labels per-role metrics with the role as the reader knows it', () => {
    expect(labelWithUnit(metricInfo('role.customer_service.committed_utilization'))).toBe('Committed utilization of customer service (%)');
    expect(metricInfo('constraint_share.field_rep', (r) => `the ${r}`).label).toBe('Weeks the field_rep was the constraint');
    expect(metricInfo('role.inside_sales.time_share.outbound_call')).toMatchObject({ of: 'inside_sales', format: 'share', area: 'roles' });
    expect(metricInfo('gross_margin_week')).toMatchObject({ unit: '$/week', format: 'money', better: 'up', area: 'economics' });
    expect(metricInfo('payroll_week').better).toBe('down');
    expect(metricInfo('something_new.x')).toMatchObject({ label: 'Something new x', unit: '', area: 'other' });
  });

  it('writes values as a reader reads them', () => {
    expect(formatValue(175793.4, 'money')).toBe('$175,793');
    expect(formatValue(-5654, 'money', true)).toBe('-$5,654');
    expect(formatValue(66338.2, 'money', true)).toBe('+$66,338');
    expect(formatValue(0.881, 'share')).toBe('88.1%');
    expect(formatValue(0.075, 'share')).toBe('7.5%');
    expect(formatValue(1, 'share')).toBe('100%');
    expect(formatValue(0.11, 'share', true)).toBe('+11 pts');
    expect(formatValue(1.818, 'count')).toBe('1.82');
    expect(formatValue(39.345, 'count')).toBe('39.3');
    expect(formatValue(253.4, 'count')).toBe('253');
    expect(formatValue(0.29, 'days')).toBe('0.29 d');
    expect(formatValue(Number.NaN, 'money')).toBe('-');
  });
});
