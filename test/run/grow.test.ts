import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { growthPaths, growthSets, wholeNumberPaths } from '../../src/run/grow.js';
import { UserError } from '../../src/scenario/load.js';
import { loadScenario, type LoadedSales } from '../../src/models/index.js';
import { D } from '../../src/sales/spec.js';
import { ROOT } from '../support/study.js';

const FILE = resolve(ROOT, 'test/fixtures/sales-order-desk.yaml');
const base = loadScenario(FILE) as LoadedSales;

/** The scenario grown by `factor` through the --set overrides, compiled as any run would be. */
function grown(what: string, factor: number): LoadedSales {
  const paths = growthPaths(base, what);
  return loadScenario(FILE, growthSets(base, paths, factor, wholeNumberPaths(base, paths))) as LoadedSales;
}

describe('growing a scenario (stress --grow)', () => {
  it('orders: every segment\'s order rate, in the unit it was written in, nothing else', () => {
    const g = grown('orders', 1.5);
    g.spec.company.segments.forEach((s, k) => {
      const b = base.spec.company.segments[k];
      expect(s.rates[D.orders]).toBeCloseTo(b.rates[D.orders] * 1.5, 12);
      expect(s.rates[D.quote_requests]).toBe(b.rates[D.quote_requests]);
      expect(s.accounts).toBe(b.accounts);
    });
    expect((g.resolved.company as { segments: { small: { orders: string } } }).segments.small.orders).toMatch(/\/wk$/);
  });

  it('accounts: whole numbers, rounded', () => {
    const g = grown('accounts', 1.25);
    g.spec.company.segments.forEach((s, k) => expect(s.accounts).toBe(Math.round(base.spec.company.segments[k].accounts * 1.25)));
  });

  it('leads: market leads, campaign leads (a distribution: its mean), BD opportunities and referrals', () => {
    const g = grown('leads', 2);
    expect(g.spec.company.marketLeadsPerHour).toBeCloseTo(base.spec.company.marketLeadsPerHour * 2, 12);
    expect(g.spec.company.campaigns!.leads.mean).toBeCloseTo(base.spec.company.campaigns!.leads.mean * 2, 9);
    g.spec.company.segments.forEach((s, k) => {
      const b = base.spec.company.segments[k];
      for (const d of [D.bd_opportunities, D.referrals]) expect(s.rates[d]).toBeCloseTo(b.rates[d] * 2, 12);
      expect(s.rates[D.orders]).toBe(b.rates[D.orders]);
    });
  });

  it('demand: the account base and new-logo leads, not the per-account rates', () => {
    const g = grown('demand', 2);
    expect(g.spec.company.marketLeadsPerHour).toBeCloseTo(base.spec.company.marketLeadsPerHour * 2, 12);
    g.spec.company.segments.forEach((s, k) => {
      expect(s.accounts).toBe(base.spec.company.segments[k].accounts * 2);
      expect(Array.from(s.rates)).toEqual(Array.from(base.spec.company.segments[k].rates));
    });
  });

  it('a field path: durations keep their unit, distributions scale every value', () => {
    const g = grown('tasks.order_entry.duration', 2);
    const t = g.spec.tasks.find((x) => x.name === 'order_entry')!;
    expect(t.duration.mean).toBeCloseTo(base.spec.tasks.find((x) => x.name === 'order_entry')!.duration.mean * 2, 9);
  });

  it('a phase that sets a grown field has it grown too', () => {
    const phased = loadScenario(FILE, ['phases=[{ at: 8 wk, company: { market_leads: 21/wk } }]']);
    const paths = growthPaths(phased, 'leads');
    expect(paths).toContain('phases.0.company.market_leads');
    const g = loadScenario(FILE, ['phases=[{ at: 8 wk, company: { market_leads: 21/wk } }]', ...growthSets(phased, paths, 2, new Set())]);
    expect((g.resolved.phases as { company: { market_leads: string } }[])[0].company.market_leads).toBe('42/wk');
  });

  it('rejects unknown and non-numeric paths, naming them', () => {
    expect(() => growthPaths(base, 'company.segments.tiny.orders')).toThrow(/company\.segments\.tiny: unknown path \(company\.segments fields: key, mid, small\)/);
    expect(() => growthPaths(base, 'company.calendar')).toThrow(/company\.calendar: expected a number/);
    expect(() => growthPaths(base, 'company.calendar')).toThrow(UserError);
  });
});
