/**
 * The vocabulary of a workflow. A scenario declares its own tasks (any names,
 * `tasks:`), each with what finishing or expiring it leads to (flows.ts); the
 * manufacturer's workflow is a shipped file of them (scenarios/workflows/).
 *
 * What stays in code are the mechanisms (docs/model.md): demand arriving as
 * calls, orders, quotes and issues; opportunities booked, met and decided;
 * renewals on contract anniversaries; production of what is ordered. Each
 * creates work of a task playing a *part* in it, and which task plays each
 * part is data (the scenario's `workflow:`), by default the task of the
 * conventional name when the scenario declares one. A part no task plays is
 * work nobody is asked for: the mechanism stops there.
 */
export const PARTS = [
  'call',            // a customer phones: an order or an issue (M7); it may interrupt desk work
  'callback',        // returning a voicemail (M7, M9)
  'order',           // an order in writing, or taken on a call, to key (M1)
  'quote',           // a simple quote request
  'complex_quote',   // a quote needing engineering or a specialist
  'issue',           // a service issue in writing, or taken on a call
  'delivery_update', // a proactive call about a late delivery (M12)
  'renewal',         // a renewal negotiation on a contract anniversary (M10)
  'engineering',     // requirements and liaison for a custom design (M11)
  'design',          // the engineering work on it
  'tech_visit',      // a technical visit to clear a roadblock (M11)
  'booking',         // booking an opportunity's meeting (phone tag when a rep does it, M4)
  'meeting',         // a business-development meeting (M5)
  'visit',           // an account-management visit the account expects
  'outbound',        // a selling call made when there is nothing else to do (M9)
  'campaign',        // a promotion campaign that yields leads (M1)
  'production',      // making what was ordered (M12)
  'admin',           // reports, CRM, meeting notes
] as const;

export type Part = (typeof PARTS)[number];

/** The task that plays each part unless the scenario's `workflow:` says otherwise: the manufacturer's names. */
export const CONVENTIONAL: { readonly [P in Part]: string } = {
  call: 'inbound_call', callback: 'callback', order: 'order_entry', quote: 'quote_simple', complex_quote: 'quote_complex',
  issue: 'service_issue', delivery_update: 'delivery_update', renewal: 'renewal', engineering: 'engineering_request',
  design: 'design', tech_visit: 'tech_visit', booking: 'meeting_scheduling', meeting: 'bd_meeting', visit: 'am_visit',
  outbound: 'outbound_call', campaign: 'promotion_campaign', production: 'production_job', admin: 'admin',
};

/** The manufacturer's task names, in its workflow file's order (the activity-log format of `calibrate` knows them). */
export const MANUFACTURER_TASKS: readonly string[] = Object.values(CONVENTIONAL);

/** How a task is worked: at a desk (interruptible by calls, suspended at shift end), on the phone (finished, never interrupted), in the field (travel, the end-of-day rule). */
export const CHANNELS = ['desk', 'phone', 'field'] as const;
export const DESK = 0;
export const PHONE = 1;
export const FIELD = 2;

/** Tasks per scenario: a work item keeps its task in one byte. */
export const MAX_TASKS = 250;
