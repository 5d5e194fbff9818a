import { describe, expect, it } from 'vitest';
import { expectAbove, expectBelow, expectHigher, paired, run } from './mechanisms-support.js';

/**
 * Mechanisms of docs/model.md#mechanisms shown on the outside-in scenario and its variants
 * (M2, M3 tiers and preemption, M5, M7, M10 lapses, M11): one `--set` override
 * against the shipped file, 26-week runs, 6 replications, common random numbers.
 */
const OI = 'scenarios/outside-in.yaml';

describe('M2 roles', () => {
  it('speed multipliers set how long a role takes over a task', () => {
    // outside-in reps take twice as long over a service issue as the task's duration.
    const slow = run(OI);
    const fast = run(OI, ['roles.field_rep.speed.service_issue=1']);
    const share = 'role.field_rep.time_share.service_issue';
    expectBelow(paired(slow, fast, share), -0.03);
    // About half the time on the same issues.
    const ratio = fast.row(share).mean / slow.row(share).mean;
    expect(ratio).toBeGreaterThan(0.4);
    expect(ratio).toBeLessThan(0.6);
  });

  it('absence lowers capacity: fewer BD meetings, more abandoned calls', () => {
    const base = run(OI);
    const absent = run(OI, ['roles.field_rep.absence=0.3']);
    expectBelow(paired(base, absent, 'bd_meetings_per_field_rep_week'), -0.8);
    expectAbove(paired(base, absent, 'calls_abandoned_fraction'), 0.08);
  });

  it('the win rate belongs to the role that sells', () => {
    const base = run(OI);
    const weak = run(OI, ['roles.field_rep.win_rate=0.1']);
    expectHigher(base.row('win_rate'), weak.row('win_rate'));
    // 0.25 -> 0.1: the realized win rate falls by about the same factor.
    const ratio = weak.row('win_rate').mean / base.row('win_rate').mean;
    expect(ratio).toBeGreaterThan(0.3);
    expect(ratio).toBeLessThan(0.6);
  });
});

describe('M3 routing and policy', () => {
  it('priority tiers: putting BD meetings first raises them at the expense of the phone', () => {
    const base = run(OI);
    const bdFirst = run(OI, ['roles.field_rep.priority=[[meeting_scheduling, bd_meeting], [inbound_call, callback], [order_entry, service_issue, admin], [renewal, quote_complex, quote_simple, engineering_request, tech_visit, am_visit]]']);
    expectAbove(paired(base, bdFirst, 'bd_meetings_per_field_rep_week'), 0.4);
    expectAbove(paired(base, bdFirst, 'calls_abandoned_fraction'), 0);
  });

  it('preemption: an inbound call interrupts desk work of a role that answers the phone', () => {
    const answers = run(OI);
    const ignores = run(OI, ['roles.field_rep.answers_calls=false']);
    expectAbove(paired(answers, ignores, 'calls_abandoned_fraction'), 0.3);
  });
});

describe('M5 opportunity pipeline', () => {
  it('the win probability falls when opportunities wait for their first meeting', () => {
    // outside-in opportunities wait weeks for a rep: a faster decay costs wins.
    const base = run(OI);
    const impatient = run(OI, ['company.opportunities.win_decay=1 wk']);
    expectBelow(paired(base, impatient, 'win_rate'), -0.05);
    expectBelow(paired(base, impatient, 'wins_week'), -1);
  });

  it('won deals become accounts and grow the customer base', () => {
    const base = run(OI);
    const noWins = run(OI, ['roles.field_rep.win_rate=0']);
    expectAbove(base.row('new_accounts_week'), 1);
    expect(noWins.row('new_accounts_week').mean).toBe(0);
    expect(noWins.row('revenue_new_business_week').mean).toBe(0);
    expectBelow(paired(base, noWins, 'accounts_mean'), -10);
  });
});

describe('M7 inbound calls', () => {
  it('a rep in a meeting cannot answer: callers abandon and leave voicemails that become callbacks', () => {
    const outside = run(OI);
    const inside = run('scenarios/inside-out.yaml');
    expectAbove(outside.row('calls_abandoned_fraction'), 0.2);
    expectBelow(inside.row('calls_abandoned_fraction'), 0.02);
    expectAbove(outside.row('voicemails_week'), 10);
    expectAbove(outside.row('role.field_rep.time_share.callback'), 0.005);
  });

  it('without voicemail an abandoned order call is lost', () => {
    const base = run(OI);
    const noVoicemail = run(OI, ['company.calls.voicemail=0']);
    expect(noVoicemail.row('voicemails_week').mean).toBe(0);
    expect(noVoicemail.row('role.field_rep.time_share.callback').mean).toBe(0);
    expectAbove(paired(base, noVoicemail, 'lost_revenue_abandonment_week'), 0);
  });
});

describe('M10 renewals', () => {
  it('a renewal that waits past its patience lapses and its value is lost', () => {
    const base = run(OI);
    const hurried = run(OI, ['tasks.renewal.patience=1 d']);
    // At the shipped six weeks' patience a lapse is rare (none, or one renewal in a few hundred, as the draws fall).
    expect(base.row('renewal_lapse_rate').mean).toBeLessThan(0.01);
    expectAbove(hurried.row('renewal_lapse_rate'), 0.05);
    expectAbove(hurried.row('lost_revenue_lapse_week'), 0);
  });
});

describe('M11 engineering', () => {
  it('engineering requests load the account owner and cut their BD meetings', () => {
    const base = run(OI);
    const custom = run('scenarios/engineering-by-reps.yaml');
    expectAbove(paired(base, custom, 'role.field_rep.time_share.engineering_request'), 0.02);
    expectAbove(paired(base, custom, 'role.engineering.utilization'), 0.3);
    expectBelow(paired(base, custom, 'bd_meetings_per_field_rep_week'), -0.4);
  });

  it('technical roadblocks send a technical specialist into the field', () => {
    const base = run('scenarios/inside-out.yaml');
    const noVisits = run('scenarios/inside-out.yaml', ['company.engineering.field_visit=0']);
    expectAbove(base.row('role.technical_specialist.time_share.tech_visit'), 0.05);
    expectAbove(base.row('role.technical_specialist.time_share.travel'), 0.05);
    expect(noVisits.row('role.technical_specialist.time_share.tech_visit').mean).toBe(0);
    expect(noVisits.row('role.technical_specialist.time_share.travel').mean).toBe(0);
  });
});
