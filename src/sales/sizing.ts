import type { SummaryRow } from '../scenario/model-kind.js';
import type { SalesScenario } from './schema.js';
import type { SalesSpec } from './spec.js';

/**
 * The Machine's rule of thumb for the field force (case 3 in docs/model.md): field
 * salespeople = weekly appointment volume / 20 (four BD meetings a day, five days),
 * one sales coordinator each.
 *
 * The weekly appointment volume is what the market asks for, not what the current
 * force manages to hold: every opportunity created needs a first meeting, and each
 * meeting leads to another with probability follow_up, so an opportunity needs
 * 1 / (1 - follow_up) meetings on average, and
 *   appointments a week = opportunities_week / (1 - follow_up),
 * with opportunities_week measured in the run (market leads, campaigns, account
 * expansion, referrals and outbound calls together).
 */
export const APPOINTMENTS_PER_SALESPERSON = 20;

export interface RuleOfThumb {
  opportunities_week: number;
  follow_up: number;
  appointments_week: number;
  field_salespeople: number;
  coordinators: number;
  /** Roles holding BD meetings and booking them, with the headcount found (or as in the scenario if not searched). */
  salesperson_roles: { id: string; found: number }[];
  coordinator_roles: { id: string; found: number }[];
  text: string;
}

export function ruleOfThumb(spec: SalesSpec, scenario: SalesScenario, summary: SummaryRow[], headcounts: number[], searched: string[]): RuleOfThumb {
  const opportunities = summary.find((r) => r.metric === 'opportunities_week')?.mean ?? NaN;
  const followUp = scenario.company.opportunities.follow_up;
  const appointments = opportunities / (1 - followUp);
  const salespeople = Math.ceil(appointments / APPOINTMENTS_PER_SALESPERSON);
  const found = (r: number) => {
    const k = searched.indexOf(spec.roles[r].id);
    return { id: spec.roles[r].id, found: k >= 0 ? headcounts[k] : spec.roles[r].headcount };
  };
  const doing = (t: number) => (t < 0 ? [] : spec.tasks[t].roles);
  const sellers = doing(spec.part.meeting).filter((r, i, a) => a.indexOf(r) === i);
  const bookers = doing(spec.part.booking).filter((r, i, a) => a.indexOf(r) === i && !sellers.includes(r));
  const list = (rs: { id: string; found: number }[]) => rs.map((r) => `${r.id} ${r.found}`).join(', ') || 'none';
  const text = `rule of thumb (The Machine): ${num(appointments)} appointments a week `
    + `(opportunities_week ${num(opportunities)} / (1 - follow_up ${followUp})) / ${APPOINTMENTS_PER_SALESPERSON} `
    + `-> ${salespeople} field salespeople and ${salespeople} coordinators; `
    + `found: ${list(sellers.map(found))} holding BD meetings, ${list(bookers.map(found))} booking them`;
  return {
    opportunities_week: opportunities, follow_up: followUp, appointments_week: appointments,
    field_salespeople: salespeople, coordinators: salespeople,
    salesperson_roles: sellers.map(found), coordinator_roles: bookers.map(found), text,
  };
}

function num(x: number): string {
  return Number.isFinite(x) ? x.toFixed(1) : '-';
}
