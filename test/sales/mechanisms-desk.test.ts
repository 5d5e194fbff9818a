import { describe, expect, it } from 'vitest';
import { derived, expectAbove, expectBelow, expectHigher, paired, run } from './mechanisms-support.js';

/**
 * M6 on a fixture, M8 and M9 on the inbound-peaks scenario, M10 on the renewals
 * variants, M16 economics and run-wide consistency.
 */
const DESK = 'test/fixtures/sales-order-desk.yaml';
const PEAKS = 'scenarios/inbound-peaks.yaml';

describe('M6 commission-driven focus', () => {
  it('value-first work lets the small orders wait and lapse', () => {
    // One overloaded desk keys every order; only the order in which it takes them differs.
    const value = run(DESK);
    const fifo = run(DESK, ['roles.order_desk.discipline=fifo']);
    // Same capacity, same number of orders keyed...
    expect(Math.abs(paired(value, fifo, 'orders_week').mean)).toBeLessThan(1);
    // ...but value-first keys the big ones, so the orders it loses are the small ones.
    expectAbove(paired(value, fifo, 'lost_revenue_patience_week'), 20000);
    expectAbove(paired(fifo, value, 'revenue_orders_week'), 50000);
    const smallShare = (r: typeof value) => derived(r, 'small-order share of order revenue', (m) => m('revenue_small_orders_week') / m('revenue_orders_week'));
    expectHigher(smallShare(fifo), smallShare(value));
    expectBelow(paired(fifo, value, 'revenue_small_orders_week'), 0);
  });
});

describe('M8 suggestive selling', () => {
  it('upsell success falls as the call queue grows', () => {
    const peaks = run(PEAKS);
    expectHigher(peaks.row('upsell_rate.queue_0'), peaks.row('upsell_rate.queue_1_2'));
  });

  it('depends on the role that answers', () => {
    const peaks = run(PEAKS);
    const shy = run(PEAKS, ['roles.customer_service.upsell=0']);
    expectAbove(peaks.row('revenue_upsell_week'), 1000);
    expect(shy.row('revenue_upsell_week').mean).toBe(0);
  });
});

describe('M9 outcall programme', () => {
  it('inbound calls during an outcall block pile up as callbacks', () => {
    const peaks = run(PEAKS);
    expectHigher(peaks.row('callbacks_waiting_block_end_mean'), peaks.row('callbacks_waiting_block_start_mean'));
    const noBlock = run(PEAKS, ['roles.customer_service.blocks=[]']);
    expect(noBlock.row('callbacks_waiting_block_end_mean').replications).toBe(0);
    expectBelow(paired(peaks, noBlock, 'voicemails_week'), -10);
  });
});

describe('M10 renewals', () => {
  it('who renews sets the uplift and the retention', () => {
    const desk = run('scenarios/renewals-desk.yaml');
    const service = run('scenarios/renewals-by-service.yaml');
    expectHigher(desk.row('renewal_uplift_mean'), service.row('renewal_uplift_mean'));
    const soft = run('scenarios/inside-out.yaml', ['roles.inside_sales.renewal.retention=0.5']);
    const io = run('scenarios/inside-out.yaml');
    expectHigher(io.row('renewal_rate'), soft.row('renewal_rate'));
    expectBelow(paired(io, soft, 'revenue_renewals_week'), -10000);
  });
});
