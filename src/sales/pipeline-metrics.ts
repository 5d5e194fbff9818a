import { HOURS_PER_DAY, HOURS_PER_WEEK } from '../kernel/time.js';
import {
  binQuantile, C, type Layout, type SalesMetric, STAGE_BINS_AT, STAGE_COLD, STAGE_CONVERTED, STAGE_ENTERED, STAGE_EXITS, STAGE_HOURS, STAGE_LOST,
} from './counters.js';
import type { SalesSpec } from './spec.js';

const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);

/**
 * The pipeline as sales operations reads it: the value of the open
 * opportunities, bookings (won deals' value), deal size, sales cycle and sales
 * velocity (open opportunities x win rate x deal size / cycle: the value the
 * pipeline turns into per week); and with declared stages, each stage's
 * entries, conversion, losses, opportunities gone cold and time in stage.
 */
export function pipelineMetrics(spec: SalesSpec, L: Layout): SalesMetric[] {
  const weeks = (span: number) => span / HOURS_PER_WEEK;
  const dealSize = (d: Float64Array) => ratio(d[C.won_value], d[C.wins]);
  const cycleWeeks = (d: Float64Array) => ratio(d[C.won_cycle_sum], d[C.wins]) / HOURS_PER_WEEK;
  const winRate = (d: Float64Array) => ratio(d[C.wins], d[C.wins] + d[C.losses]);
  const m: SalesMetric[] = [
    { name: 'pipeline_value_mean', weekly: false, value: (d, span) => ratio(d[C.open_value_area], span) },
    { name: 'bookings_week', weekly: true, value: (d, span) => ratio(d[C.won_value], weeks(span)) },
    { name: 'deal_size_mean', weekly: false, value: dealSize },
    { name: 'sales_cycle_d_mean', weekly: false, value: (d) => cycleWeeks(d) * 7 },
    {
      name: 'sales_velocity_week', weekly: false,
      value: (d, span) => (ratio(d[C.open_opportunities_area], span) * winRate(d) * dealSize(d)) / cycleWeeks(d),
    },
  ];
  spec.company.opportunities.stages.forEach((st, s) => {
    const p = `stage.${st.name}`;
    const at = (what: number) => L.stage(s, what);
    const perWeek = (what: number) => (d: Float64Array, span: number) => ratio(d[at(what)], weeks(span));
    m.push(
      { name: `${p}.entered_week`, weekly: true, value: perWeek(STAGE_ENTERED) },
      { name: `${p}.converted_week`, weekly: false, value: perWeek(STAGE_CONVERTED) },
      { name: `${p}.lost_week`, weekly: false, value: perWeek(STAGE_LOST) },
      { name: `${p}.cold_week`, weekly: false, value: perWeek(STAGE_COLD) },
      { name: `${p}.conversion_rate`, weekly: false, value: (d) => ratio(d[at(STAGE_CONVERTED)], d[at(STAGE_EXITS)]) },
      { name: `${p}.time_d_mean`, weekly: false, value: (d) => ratio(d[at(STAGE_HOURS)], d[at(STAGE_EXITS)]) / HOURS_PER_DAY },
      { name: `${p}.time_d_p90`, weekly: false, value: (d) => binQuantile((b) => d[at(STAGE_BINS_AT + b)], 0.9) / HOURS_PER_DAY },
    );
  });
  return m;
}
