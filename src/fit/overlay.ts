import { dateText } from './timestamps.js';
import type { Calibration, ScenarioView } from './calibrate.js';
import { formMean } from './durations.js';
import { block, comments, flow, formValue, replacing, se, short, type Node } from './yaml.js';

/**
 * The calibrated scenario: an overlay that `extends` the scenario the log came
 * from and holds only what the log measured, each number with a comment
 * saying what it rests on (how many rows, its standard error), so that a
 * reviewer can tell a measured number from an inherited estimate.
 */
export interface OverlayHead {
  command: string;
  /** The extended file, relative to where the overlay is written. */
  extends: string;
  name: string;
  description: string;
  /** The log's unit of durations. */
  unit: string;
  /** salesim's overlay JSON Schema, relative to the overlay: editors check and complete the file with it. */
  schema: string;
}

const list = (xs: number[]) => `[${xs.map((x) => short(Number(x.toFixed(2)))).join(', ')}]`;

export function overlayYaml(c: Calibration, scenario: ScenarioView, h: OverlayHead): string {
  const meetings = c.meetings.map((m) => `${m.role} ${short(m.perWeek)} a person and week (± ${se(m.se)}; ${m.meetings} meetings, ${m.persons} people)`);
  const head = comments([
    `yaml-language-server: $schema=${h.schema}`,
    h.command,
    `The log: ${dateText(c.firstDay)} to ${dateText(c.lastDay)} (${short(c.weeks)} weeks), ${c.activities} activities. Fields not below are ${h.extends}'s.`,
    ...(meetings.length === 0 ? ['No BD meetings in the log.'] : [
      `Observed BD meetings: ${meetings.join('; ')}.`,
      'Check the model against them: salesim run this file, and compare bd_meetings_per_field_rep_week.',
    ]),
  ]);
  const entries: [string, Node][] = [
    ['extends', { raw: JSON.stringify(h.extends) }],
    ['name', { raw: JSON.stringify(h.name) }],
    ['description', { raw: JSON.stringify(h.description) }],
  ];

  const company: [string, Node][] = [];
  const p = c.profile;
  if (p !== null) {
    const profile: [string, Node][] = [
      ['hour_of_day', { raw: list(p.hourOfDay), comment: ['Multipliers averaging 1 over the day (and the week, below); a sales scenario rescales them to its calendar.'] }],
      ['day_of_week', { raw: list(p.dayOfWeek) }],
    ];
    if (p.monthEnd !== null) profile.push(['month_end', { raw: `{ days: ${p.monthEnd.days}, multiplier: ${short(p.monthEnd.multiplier.value)} }`, comment: [`± ${se(p.monthEnd.multiplier.se)}`] }]);
    const kept = p.monthEnd === null ? ['Fewer than two month-ends in the log: the month-end rush is the extended file\'s.'] : [];
    company.push(['profile', { map: profile, comment: [`When demand comes, from ${c.profileFrom}.`, ...kept] }]);
    if (p.growth?.applied) company.push(['growth', { raw: `${short(100 * p.growth.value)}%/yr`, comment: [`± ${se(100 * p.growth.se)}%/yr`] }]);
  }
  const segments: [string, Node][] = c.segments.map((s) => {
    const fields: [string, Node][] = [];
    if (s.accounts !== s.listed) fields.push(['accounts', { raw: String(s.accounts), comment: [`${s.seen} distinct accounts in the log, more than the ${s.listed} listed`] }]);
    // No events has no Poisson standard error to speak of: the 95% upper bound (3 events over the exposure) says what the log allows.
    for (const r of s.rates) {
      const note = r.count === 0 ? `none in the log: below ${short(3 / (s.accounts * c.weeks))}/wk at 95%` : `${r.count} in the log; ± ${se(r.se)}`;
      fields.push([r.field, { raw: `${short(r.perWeek)}/wk`, comment: [note] }]);
    }
    if (s.complexShare !== null) fields.push(['complex_quote_share', { raw: short(s.complexShare.value), comment: [`of ${s.complexShare.quotes} quotes; ± ${se(s.complexShare.se)}`] }]);
    const accounts = s.accounts === s.listed ? `${s.accounts} accounts (the scenario's), ${s.seen} of them in the log` : `${s.accounts} accounts`;
    return [s.segment, { map: fields, comment: [accounts] }];
  });
  if (segments.length > 0) company.push(['segments', { map: segments, comment: ['Demand per account and week (Poisson standard errors).'] }]);
  if (company.length > 0) entries.push(['company', { map: company }]);

  const tasks: [string, Node][] = c.tasks.map((t) => {
    const n = t.fit.n;
    const speed = t.referenceSpeed === 1 ? '' : `, divided by its speed ${short(t.referenceSpeed)} in the scenario`;
    const value = flow(replacing(scenario.durations[t.task], formValue(t.base, h.unit)));
    return [t.task, { map: [['duration', { raw: value, comment: [`${t.reference}'s ${n} rows (${t.fit.reason})${speed}`] }]] }];
  });
  if (tasks.length > 0) entries.push(['tasks', { map: tasks }]);

  const speeds = new Map<string, [string, Node][]>();
  for (const t of c.tasks) {
    for (const s of t.speeds) {
      const mine = speeds.get(s.role) ?? [];
      mine.push([t.task, { raw: short(s.speed), comment: [`${s.n} rows, mean ${short(s.mean)} ${h.unit} against ${short(formMean(t.base))} ${h.unit}`] }]);
      speeds.set(s.role, mine);
    }
  }
  if (speeds.size > 0) {
    entries.push(['roles', { map: [...speeds.keys()].sort().map((r) => [r, { map: [['speed', { map: speeds.get(r)! }]] }]), comment: ['Durations of other roles relative to the task\'s (a speed multiplies the duration).'] }]);
  }
  return head + block(entries);
}
