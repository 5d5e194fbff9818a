import type { WorkingCalendar } from '../kernel/calendar.js';
import { Constant, Discrete } from '../kernel/distributions.js';
import { HOURS_PER_MONTH, HOURS_PER_WEEK, HOURS_PER_YEAR } from '../kernel/time.js';
import { buildCalendar, buildDistribution } from '../scenario/compile.js';
import { compileRouting, compileTerritories } from './coverage-schema.js';
import { compileMarket } from './market-schema.js';
import { compileProtect } from './protected-time.js';
import { ropesOf, type SalesRoleDef, type SalesScenario } from './schema.js';
import { DEMAND, DISCIPLINE, type RoleSpec, type SalesSpec } from './spec.js';
import { compileParts, compileTasks, taskOrder } from './compile-workflow.js';
import { phaseCosts } from './one-off.js';

/** Default ramp-up (docs/model.md#parameters, after the Bridge Group): an account executive about 5 months, an SDR about 3. */
const FIELD_RAMP_WEEKS = 22;
const DESK_RAMP_WEEKS = 13;

/**
 * Turns a validated sales scenario into a SalesSpec; with phases (each the
 * whole scenario as of that phase, validated), a spec per phase. Every role
 * that appears in any phase exists in every spec, in the order of first
 * appearance (the metrics and the ledger are laid out once per run): where a
 * phase lacks a role, it is there with headcount 0, with its definition from
 * the nearest phase that has it.
 */
export function compileSales(s: SalesScenario, name: string, phases: { at: number; scenario: SalesScenario; oneOff?: number; description?: string }[] = []): SalesSpec {
  const all = [s, ...phases.map((p) => p.scenario)];
  const order: string[] = [];
  for (const sc of all) for (const id of Object.keys(sc.roles)) if (!order.includes(id)) order.push(id);
  const roleDef = (k: number, id: string): SalesRoleDef => {
    const own = all[k].roles[id];
    if (own !== undefined) return own;
    for (let d = 1; d < all.length; d++) {
      const near = all[k - d]?.roles[id] ?? all[k + d]?.roles[id];
      if (near !== undefined) return { ...near, headcount: 0 };
    }
    throw new Error(`role ${id} in no phase`);
  };
  const tasks = taskOrder(all);
  const specs = all.map((sc, k) => compileOne(sc, name, order, tasks, (id) => roleDef(k, id)));
  specs[0].phases = phases.map((p, i) => ({ at: p.at, spec: specs[i + 1] }));
  specs[0].oneOff = phases.flatMap((p, i) => phaseCosts(specs[i], specs[i + 1], p.at / HOURS_PER_WEEK, p.oneOff ?? 0, p.description ?? `phase ${i + 1}`));
  return specs[0];
}

function compileOne(s: SalesScenario, name: string, roleIds: string[], taskIds: string[], roleDef: (id: string) => SalesRoleDef): SalesSpec {
  const T = (t: string) => taskIds.indexOf(t);
  const c = s.company;
  const calendars = s.calendars;
  const demandCalendar = buildCalendar(c.calendar, calendars);
  const profile = profileFunction(c.profile, demandCalendar);
  const segIds = Object.keys(c.segments);
  const sat = c.satisfaction;

  return {
    name,
    run: { horizon: s.run.horizon ?? Infinity, warmup: s.run.warmup, maxInProgress: s.run.max_in_progress },
    company: {
      areas: c.areas,
      growth: c.growth ?? 0,
      travelBetween: buildDistribution(c.travel.between_areas),
      travelWithin: buildDistribution(c.travel.within_area),
      calendar: demandCalendar,
      profile: profile.at,
      profilePeak: profile.peak,
      profileHours: profile.hours,
      segments: segIds.map((id) => {
        const g = c.segments[id];
        return {
          id,
          accounts: g.accounts,
          rates: Float64Array.from(DEMAND, (k) => g[k].perHour),
          orderValue: buildDistribution(g.order_value),
          phoneShare: g.phone_share,
          complexQuoteShare: g.complex_quote_share,
          issuePhoneShare: g.issue_phone_share,
          contractShare: g.contract?.share ?? 0,
          contractValue: g.contract === undefined ? null : buildDistribution(g.contract.value),
        };
      }),
      satisfaction: {
        initial: sat.initial, reference: sat.reference, elasticity: sat.demand_elasticity, driftPerWeek: sat.drift_per_week,
        neglectAfter: sat.neglect_after, onTime: sat.effects.on_time, late: sat.effects.late, lost: sat.effects.lost,
        callAbandoned: sat.effects.call_abandoned, lateDelivery: sat.effects.late_delivery,
        lateDeliveryUpdated: sat.effects.late_delivery_updated, visit: sat.effects.visit, neglect: sat.effects.neglect,
      },
      churnPerHour: c.churn.base.perHour,
      churnSensitivity: c.churn.sensitivity,
      marketLeadsPerHour: c.market_leads.perHour,
      opportunities: {
        value: buildDistribution(c.opportunities.value),
        meetingAdmin: buildDistribution(c.opportunities.meeting_admin),
        bookingLead: buildDistribution(c.opportunities.booking_lead),
        followUp: c.opportunities.follow_up,
        cycle: buildDistribution(c.opportunities.cycle),
        winDecay: c.opportunities.win_decay,
        // Without weights a new logo joins the first segment.
        newAccountSegment: Object.keys(c.opportunities.new_account_segment).length === 0 ? new Constant(0) : new Discrete(
          Object.keys(c.opportunities.new_account_segment).map((k) => segIds.indexOf(k)),
          Object.values(c.opportunities.new_account_segment),
        ),
        firstOrderShare: c.opportunities.first_order_share,
        projectShare: c.opportunities.project_share,
        stages: c.opportunities.stages.map((st) => ({ name: st.name, task: T(st.task), conversion: st.conversion, cycle: buildDistribution(st.cycle) })),
      },
      campaigns: c.campaigns === undefined ? null
        : { every: c.campaigns.every, leads: buildDistribution(c.campaigns.leads), qualify: c.campaigns.qualify },
      quotes: { win: c.quotes.win, decay: c.quotes.decay, valueFactor: c.quotes.value_factor },
      engineering: { fieldVisit: c.engineering.field_visit, quote: c.engineering.quote },
      production: { valuePerHour: c.production.value_per_hour, promise: c.production.promise, updateNotice: c.production.update_notice },
      upsell: { valueFactor: c.upsell.value_factor, queueScale: c.upsell.queue_scale, extraTime: buildDistribution(c.upsell.extra_time) },
      calls: { voicemail: c.calls.voicemail, answerTarget: c.calls.answer_target },
      economics: { margin: c.economics.margin, smallOrder: c.economics.small_order, travelCostPerHour: c.economics.travel_cost, otherCostsPerWeek: c.economics.other_costs, discountRate: c.economics.discount_rate },
    },
    tasks: compileTasks(s, taskIds, roleIds),
    part: compileParts(s, taskIds),
    roles: roleIds.map((id): RoleSpec => {
      const r = roleDef(id);
      const tierOf = new Int32Array(taskIds.length).fill(r.priority.length);
      r.priority.forEach((tier, k) => {
        for (const t of Array.isArray(tier) ? tier : [tier]) tierOf[T(t)] = k;
      });
      const speed = new Float64Array(taskIds.length).fill(1);
      for (const [t, m] of Object.entries(r.speed)) speed[T(t)] = m;
      return {
        id,
        headcount: r.headcount,
        salaryPerWeek: (r.salary * HOURS_PER_WEEK) / HOURS_PER_YEAR,
        hireCost: (r.hiring_cost ?? c.economics.hiring_cost) + (r.training_cost ?? c.economics.training_cost),
        severance: r.severance ?? c.economics.severance,
        calendar: buildCalendar(r.calendar, calendars),
        costOnly: r.cost_only,
        support: r.support,
        field: r.field,
        // Listing who owns what makes the role a territory role.
        territory: r.territory || r.territories !== undefined,
        territories: compileTerritories(r.territories, c.areas),
        tierOf,
        discipline: DISCIPLINE[r.discipline],
        batchByArea: r.batch_by_area,
        answersCalls: r.answers_calls,
        filler: r.filler === undefined ? -1 : T(r.filler),
        blocks: r.blocks.map((b) => ({ calendar: buildCalendar(b.when, calendars), task: T(b.task) })),
        protect: compileProtect(r.protect, T, taskIds.length),
        speed,
        winRate: r.win_rate,
        upsell: r.upsell,
        renewal: r.renewal === undefined ? null : { uplift: buildDistribution(r.renewal.uplift), retention: r.renewal.retention },
        outbound: r.outbound ?? null,
        quota: r.quota ?? null,
        quotaOn: r.quota_on,
        adminPerWeek: r.admin,
        absence: r.absence,
        hiring: {
          delay: r.hiring.delay,
          rampHours: (r.hiring.ramp.weeks ?? (r.field ? FIELD_RAMP_WEEKS : DESK_RAMP_WEEKS)) * HOURS_PER_WEEK,
          rampStart: r.hiring.ramp.start,
        },
        leaversPerHour: r.leavers?.perHour ?? 0,
        replace: r.replace,
      };
    }),
    throttle: ropesOf(s.throttle).map((t) => ({
      role: roleIds.indexOf(t.constraint),
      buffer: t.buffer,
      holdMeetings: t.rope.includes('bd_meeting'),
      holdCampaigns: t.rope.includes('campaign'),
    })),
    constraint: s.constraint === undefined ? -1 : roleIds.indexOf(s.constraint),
    phases: [],
    oneOff: [],
    market: compileMarket(s.market, s.policies, roleIds),
  };
}

type Profile = SalesScenario['company']['profile'];

/**
 * The demand profile as a multiplier of time, rescaled so that it averages 1
 * over the open minutes of the demand calendar: the rates in the file say how
 * much demand there is in a week, the profile only says when in the week it
 * comes. (The month-end rush is on top: it adds volume.)
 */
function profileFunction(p: Profile, cal: WorkingCalendar): { at: (t: number) => number; peak: number; hours: Float64Array } {
  const hod = p?.hour_of_day;
  const dow = p?.day_of_week;
  const me = p?.month_end;
  const raw = (t: number) => (hod ? hod[Math.floor(t) % 24] : 1) * (dow ? dow[Math.floor(t / 24) % 7] : 1);
  let sum = 0;
  let open = 0;
  for (let m = 0; m < HOURS_PER_WEEK * 60; m++) {
    const t = (m + 0.5) / 60;
    if (cal.isOpen(t)) { sum += raw(t); open++; }
  }
  const scale = sum > 0 ? open / sum : 1;
  // Rates in the file are per calendar hour; demand only comes in open hours.
  const concentrate = cal.openHoursPerWeek > 0 ? HOURS_PER_WEEK / cal.openHoursPerWeek : 0;
  const monthHours = HOURS_PER_MONTH;
  const at = (t: number) => {
    if (!cal.isOpen(t)) return 0;
    let m = raw(t) * scale * concentrate;
    if (me !== undefined && t % monthHours >= monthHours - me.days * 24) m *= me.multiplier;
    return m;
  };
  const peakRaw = Math.max(...(hod ?? [1])) * Math.max(...(dow ?? [1]));
  const meMax = me ? Math.max(1, me.multiplier) : 1;
  // The highest multiplier within each hour of the week (0: closed all hour): the
  // raw profile is constant within an hour, the calendar may open or close on any minute.
  const hours = new Float64Array(HOURS_PER_WEEK);
  for (let h = 0; h < HOURS_PER_WEEK; h++) {
    let open = false;
    for (let m = 0; m < 60 && !open; m++) open = cal.isOpen(h + (m + 0.5) / 60);
    hours[h] = open ? raw(h + 0.5) * scale * concentrate * meMax : 0;
  }
  return { at, peak: peakRaw * scale * concentrate * meMax, hours };
}

