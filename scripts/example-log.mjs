// Writes examples/activity-log.csv: six weeks of a pipe-fittings distributor's activity log
// (the shape of export `salesim calibrate` reads), drawn from the known parameters below with
// a fixed seed, so the calibration's answer can be checked against them. Runs over dist/:
// `npm run example` builds first. test/fit/example.test.ts fails when the committed file
// differs from what this writes.
import { writeFileSync } from 'node:fs';
import { Discrete, Gamma, LogNormal, Poisson, Weibull } from '../dist/kernel/distributions.js';
import { RandomStreams } from '../dist/kernel/random.js';

export const START = '2026-01-19'; // a Monday; the six weeks hold January's and February's month-ends
export const DAYS = 42;
export const REPS = 10;
export const BD_PER_REP_WEEK = 2;

/** Demand per account and week, by segment (the scenario's field names). */
export const SEGMENTS = {
  key: { accounts: 50, orders: 0.6, quote_requests: 0.15, complex_quote_share: 0.3, service_issues: 0.12, engineering_requests: 0.04, visits: 0.25 },
  mid: { accounts: 250, orders: 0.3, quote_requests: 0.05, complex_quote_share: 0.2, service_issues: 0.05, engineering_requests: 0.01, visits: 0.05 },
  small: { accounts: 900, orders: 0.08, quote_requests: 0.02, complex_quote_share: 0.05, service_issues: 0.02, engineering_requests: 0.001, visits: 0 },
};
export const PHONE = { orders: 0.6, service_issues: 0.7 };
export const HOUR_OF_DAY = [0, 0, 0, 0, 0, 0, 0, 0, 1.2, 1.6, 1.5, 1.2, 0.7, 1.0, 1.0, 0.8, 0.6, 0, 0, 0, 0, 0, 0, 0];
export const DAY_OF_WEEK = [1.2, 1.0, 1.0, 1.0, 0.8, 0, 0];
export const MONTH_END = { days: 3, multiplier: 1.3 };

/** Durations in minutes as the field reps (and engineers, for design) take them. */
export const DURATIONS = {
  inbound_call: new LogNormal(9, 4.5),
  order_entry: new Gamma(4, 15 / 4),
  quote_simple: new LogNormal(60, 30),
  quote_complex: new Weibull(2, 250),
  service_issue: new LogNormal(90, 60),
  engineering_request: new Gamma(2, 60),
  am_visit: new LogNormal(60, 24),
  meeting_scheduling: new LogNormal(90, 45),
  bd_meeting: new LogNormal(75, 24),
  design: new LogNormal(480, 240),
};

const pad = (n) => String(n).padStart(2, '0');

export function exampleLog() {
  const streams = new RandomStreams('salesim-example-activity-log');
  const rng = streams.stream('log');
  const hour = new Discrete([...Array(24).keys()], HOUR_OF_DAY);
  const first = Date.parse(`${START}T00:00:00Z`) / 86_400_000;
  const rows = [];
  const at = (day, h) => {
    const date = new Date((first + day) * 86_400_000).toISOString().slice(0, 10);
    return `${date} ${pad(h)}:${pad(Math.floor(rng() * 60))}`;
  };
  const add = (day, h, task, role, person, account, segment) =>
    rows.push({ key: `${day}-${pad(h)}-${rows.length}`, cells: [at(day, h), task, role, person, account, segment, DURATIONS[task].sample(rng).toFixed(1)] });
  const accounts = Object.entries(SEGMENTS).flatMap(([segment, s]) => Array.from({ length: s.accounts }, (_, i) => ({ id: `${segment[0].toUpperCase()}${String(i + 1).padStart(4, '0')}`, segment, s })));
  const rep = (i) => `rep${pad((i % REPS) + 1)}`;
  for (let day = 0; day < DAYS; day++) {
    const date = new Date((first + day) * 86_400_000);
    const weekday = (date.getUTCDay() + 6) % 7;
    if (DAY_OF_WEEK[weekday] === 0) continue;
    const length = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    const me = date.getUTCDate() > length - MONTH_END.days ? MONTH_END.multiplier : 1;
    // A week's demand falls on the open days in proportion to their weight.
    const dayShare = (DAY_OF_WEEK[weekday] / DAY_OF_WEEK.reduce((a, b) => a + b, 0)) * me;
    accounts.forEach((a, i) => {
      for (const field of ['orders', 'quote_requests', 'service_issues', 'engineering_requests', 'visits']) {
        const mean = a.s[field] * dayShare;
        if (mean === 0) continue;
        const n = new Poisson(mean).sample(rng);
        for (let k = 0; k < n; k++) {
          const h = hour.sample(rng);
          const who = rep(i);
          if (field === 'orders' || field === 'service_issues') {
            if (rng() < PHONE[field]) add(day, h, 'inbound_call', 'field_rep', who, a.id, a.segment);
            add(day, h, field === 'orders' ? 'order_entry' : 'service_issue', 'field_rep', who, a.id, a.segment);
          } else if (field === 'quote_requests') {
            add(day, h, rng() < a.s.complex_quote_share ? 'quote_complex' : 'quote_simple', 'field_rep', who, a.id, a.segment);
          } else if (field === 'engineering_requests') {
            add(day, h, 'engineering_request', 'field_rep', who, a.id, a.segment);
            add(day, Math.min(16, h + 1), 'design', 'engineering', `eng${(i % 2) + 1}`, a.id, a.segment);
          } else {
            add(day, h, 'am_visit', 'field_rep', who, a.id, a.segment);
          }
        }
      }
    });
    // BD meetings: each rep's own, at a prospect of one of their small or mid accounts, booked by the rep a week before.
    for (let r = 0; r < REPS; r++) {
      const n = new Poisson(BD_PER_REP_WEEK / 5).sample(rng);
      for (let k = 0; k < n; k++) {
        const a = accounts[50 + r + REPS * Math.floor(rng() * 115)];
        add(day, 9 + Math.floor(rng() * 7), 'bd_meeting', 'field_rep', rep(r), a.id, a.segment);
        add(Math.max(0, day - 7), 8 + Math.floor(rng() * 8), 'meeting_scheduling', 'field_rep', rep(r), a.id, a.segment);
      }
    }
  }
  rows.sort((x, y) => (x.cells[0] < y.cells[0] ? -1 : x.cells[0] > y.cells[0] ? 1 : x.key < y.key ? -1 : 1));
  return `timestamp,task,role,person,account,segment,duration\n${rows.map((r) => r.cells.join(',')).join('\n')}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../examples/activity-log.csv', import.meta.url), exampleLog());
  console.log('wrote examples/activity-log.csv');
}
