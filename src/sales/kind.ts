import type { CompileContext, ModelKind, RoleView } from '../scenario/model-kind.js';
import { isPlain } from '../scenario/fields.js';
import { mergeFields } from '../scenario/load.js';
import { COMPANY_SERVICE, salesBreakRules } from './breaking.js';
import { compileSales } from './compile.js';
import { salesReplicationSlices } from './replication.js';
import { DEFAULT_PROTECTIVE_CAPACITY, SalesScenarioSchema, type SalesScenario } from './schema.js';
import { ruleOfThumb } from './sizing.js';
import { everySpec, type SalesSpec } from './spec.js';
import { supportWarnings } from './support.js';
import { switchingCosts } from './one-off.js';

/**
 * The sales organization (`kind: sales`): a company's accounts and demand, and
 * an operating model (roles, routing, policies) working it. Its roles break by
 * being the constraint, by their committed utilization or by missing the
 * customer's tolerance; it has payroll, support roles (F9) and phases (M15).
 */

const PRESETS: Readonly<Record<string, string>> = {
  demand: 'the account base (so every per-account flow) and new-logo leads (market and campaign leads)',
  leads: 'lead flow: market leads, campaign leads, BD opportunities and referrals of every segment',
  accounts: 'the account base of every segment',
  orders: 'the repeat-order rate per account of every segment',
};

/** Headline metrics of a sales run: the stylized facts' figures first (README, "The facts"). */
const HEADLINES = new Set([
  'bd_meetings_per_field_rep_week', 'bd_meetings_week', 'opportunities_week', 'wins_week', 'new_accounts_week', 'orders_week',
  'revenue_week', 'on_time_task_fraction', 'service_level', 'calls_abandoned_fraction', 'upsell_rate', 'renewal_rate',
  'renewal_uplift_mean', 'churn_rate', 'bookings_week', 'sales_cycle_d_mean', 'lost_revenue_week', 'production_lead_time_d_mean', 'payroll_week', 'gross_margin_week',
  // Market growth (README, "Market growth (Forrester 1968)"): present only with a `market:` section.
  'orders_booked_value_week', 'production_capacity_value_week', 'reps_on_books', 'orders_booked_value_per_rep_week',
  'delivery_delay_indicated_mo', 'delivery_delay_perceived_mo',
]);

export const salesModel: ModelKind<SalesScenario, SalesSpec> = {
  kind: 'sales',
  noun: 'a sales organization',
  schema: SalesScenarioSchema,
  compile: (scenario, name, context) => compileSales(scenario, name, resolvePhases(scenario, context)),
  replicate: salesReplicationSlices,
  describe: (spec) => `${spec.roles.length} roles, ${spec.company.segments.length} segments, ${spec.roles.reduce((n, r) => n + r.headcount, 0)} people`,
  // Each role's load; not every task's wait nor the item counts (the conservation view): summary.csv has them.
  isHeadline: (metric) => HEADLINES.has(metric) || /^constraint_share\./.test(metric) || /^role\.[^.]+\.(utilization|queue_length_mean)$/.test(metric),
  // What the answer is judged on, of what this business has: meetings only with a meeting task, orders only with order keying.
  keyMetrics: (spec) => [
    ...(spec.part.meeting >= 0 ? ['bd_meetings_per_field_rep_week', 'bd_meetings_week'] : []),
    ...(spec.company.opportunities.stages.length > 0 ? ['bookings_week'] : []),
    ...(spec.part.order >= 0 ? ['orders_week'] : []),
    'revenue_week', 'gross_margin_week', 'on_time_task_fraction',
  ],
  breakRules: salesBreakRules,
  companyRules: [COMPANY_SERVICE],
  growthPresets: PRESETS,
  exampleField: 'company.segments.small.orders',
  presetPaths: (resolved, preset) => {
    const company = resolved.company as Record<string, unknown>;
    const segments = Object.keys(company.segments as Record<string, unknown>);
    const each = (f: string) => segments.map((s) => `company.segments.${s}.${f}`);
    const newLogos = ['company.market_leads', ...(isPlain(company.campaigns) ? ['company.campaigns.leads'] : [])];
    switch (preset) {
      case 'leads': return [...newLogos, ...each('bd_opportunities'), ...each('referrals')];
      case 'accounts': return each('accounts');
      case 'orders': return each('orders');
      default: return [...each('accounts'), ...newLogos];
    }
  },
  sizingRoles: (spec, scenario) => spec.roles.map((r, k) => ({
    id: r.id, headcount: r.headcount, salary: scenario.roles[r.id].salary,
    works: !r.costOnly && spec.tasks.some((t) => t.roles.includes(k)),
  })),
  busyMetric: (role) => `role.${role}.committed_utilization`,
  money: true,
  // Throughput (contribution: margin x revenue) minus operating expense (payroll, travel, other costs).
  sizingObjective: (_spec, scenario) => (scenario.objective === undefined ? { metric: 'gross_margin_week', sense: 'max' }
    : scenario.objective.maximize !== undefined ? { metric: scenario.objective.maximize, sense: 'max' } : { metric: scenario.objective.minimize ?? '', sense: 'min' }),
  protectiveCapacity: (_spec, scenario) => scenario.protective_capacity ?? DEFAULT_PROTECTIVE_CAPACITY,
  ruleOfThumb,
  labelWarnings: (spec, labels, replications) => supportWarnings(spec, labels('constraint'), replications)
    .map((s) => ({ kind: 'sales-support-constraint' as const, role: s.role, weeks: s.weeks, text: s.text })),
  supportRoles: (spec) => spec.roles.filter((r) => r.support).map((r) => r.id),
  // The scenario's `constraint`, and any a phase names instead (a transition may move it on purpose).
  designatedConstraints: (spec) => [...new Set(everySpec(spec).flatMap((s) => (s.constraint < 0 ? [] : [spec.roles[s.constraint].id])))],
  oneOffCosts: (spec) => spec.oneOff,
  switchingCosts,
  discountRate: (spec) => spec.company.economics.discountRate,
  changes: (spec) => spec.phases.map((p) => p.at),
  roleViews,
};

/** The groups of roleViews, in the order a report shows them. */
const ROLE_GROUPS = ['Field roles', 'Sales support', 'Other roles', 'Managers (cost only)'];

/** Each role grouped by the flags its scenario sets (support first: F9 is about it), as the report shows it. */
function roleViews(resolved: Record<string, unknown>): RoleView[] {
  const roles = (isPlain(resolved.roles) ? resolved.roles : {}) as Record<string, Record<string, unknown>>;
  return Object.entries(roles).map(([id, r]) => {
    const rank = r.cost_only === true ? 3 : r.support === true ? 1 : r.field === true ? 0 : 2;
    const description = typeof r.description === 'string' ? { description: r.description } : {};
    return { id, group: ROLE_GROUPS[rank], rank, ...description, headcount: Number(r.headcount ?? 0), salary: Number(r.salary ?? 0), costOnly: r.cost_only === true };
  });
}

/**
 * Each phase of a sales scenario (M15) as a whole scenario: its overlay
 * deep-merged onto the scenario as of the previous phase, then validated like
 * any scenario, errors located at the phase (`phases[1].roles.cs.headcount`).
 * A phase may not change what a run is laid out on once: the segments, and the
 * calendar and time blocks of a role (its shifts are scheduled from the start).
 */
function resolvePhases(base: SalesScenario, context: CompileContext): { at: number; scenario: SalesScenario; oneOff: number; description?: string }[] {
  const { merged } = context;
  const raw = Array.isArray(merged.phases) ? (merged.phases as Record<string, unknown>[]) : [];
  let previous: Record<string, unknown> = { ...merged, phases: [] };
  const out: { at: number; scenario: SalesScenario; oneOff: number; description?: string }[] = [];
  const seen = new Map<string, { calendar: string; blocks: string; quota_on: string }>();
  const remember = (sc: SalesScenario, within: (string | number)[]) => {
    for (const [id, r] of Object.entries(sc.roles)) {
      const mine = { calendar: JSON.stringify(r.calendar), blocks: JSON.stringify(r.blocks), quota_on: r.quota_on };
      const before = seen.get(id);
      if (before !== undefined) {
        for (const f of ['calendar', 'blocks'] as const) {
          if (before[f] !== mine[f]) context.fail([...within, 'roles', id, f], `a phase cannot change a role's ${f} (its shifts are scheduled from the start of the run)`, within);
        }
        // A phase may change the quota (it is pro-rated by the hours each was in force), not what it is measured on.
        if (before.quota_on !== mine.quota_on) context.fail([...within, 'roles', id, 'quota_on'], `a phase cannot change what a role's quota is measured on (${before.quota_on} before)`, within);
      }
      seen.set(id, mine);
    }
  };
  remember(base, []);
  raw.forEach((phase, i) => {
    const within = ['phases', i];
    const { at: _at, description: _d, one_off: _o, ...overlay } = phase;
    const next = mergeFields(previous, overlay);
    const sc = context.parse(SalesScenarioSchema, next, within);
    if (Object.keys(sc.company.segments).join(',') !== Object.keys(base.company.segments).join(',')) {
      context.fail([...within, 'company', 'segments'], `a phase cannot add or remove segments (segments: ${Object.keys(base.company.segments).join(', ')})`, within);
    }
    remember(sc, within);
    out.push({ at: base.phases[i].at, scenario: sc, oneOff: base.phases[i].one_off, ...(base.phases[i].description === undefined ? {} : { description: base.phases[i].description }) });
    previous = next;
  });
  return out;
}

