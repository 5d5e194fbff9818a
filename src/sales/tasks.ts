/**
 * The work of a sales organization, in its own vocabulary. The list is fixed
 * (what happens when a task is done is domain logic, in outcomes.ts); who does
 * each task, how fast and in what order is data, in the scenario file.
 */
export const TASKS = [
  'inbound_call',        // a customer phones: an order, an issue (M7)
  'callback',            // returning a voicemail (M7, M9)
  'order_entry',         // keying a repeat order (M1)
  'quote_simple',
  'quote_complex',
  'service_issue',       // resolving a customer's problem
  'delivery_update',     // proactive call about a late delivery (M12)
  'renewal',             // renewal negotiation on a contract anniversary (M10)
  'engineering_request', // requirements and liaison for a custom design (M11)
  'design',              // the engineering work on it
  'tech_visit',          // a technical field visit to clear a roadblock (M11)
  'meeting_scheduling',  // booking a BD meeting: phone tag when a rep does it (M4)
  'bd_meeting',          // a true business-development meeting (M5)
  'am_visit',            // an account-management visit without a BD objective
  'outbound_call',       // a selling call (inside sales, outcall programme, M9)
  'promotion_campaign',  // a campaign that yields a batch of leads (M1)
  'production_job',      // making an order (M12)
  'admin',               // reports, CRM, meeting notes
] as const;

export type TaskName = (typeof TASKS)[number];
export type TaskId = number;

export const T = Object.fromEntries(TASKS.map((t, i) => [t, i])) as { [K in TaskName]: number };

/** Tasks done at the customer's site: a field role travels to them. */
export const FIELD_TASKS: readonly number[] = [T.bd_meeting, T.am_visit, T.tech_visit];

/** Time-share categories: the tasks plus travel, which is not queued but accompanies field tasks. */
export const ACTIVITIES = [...TASKS, 'travel'] as const;
export const TRAVEL = TASKS.length;
