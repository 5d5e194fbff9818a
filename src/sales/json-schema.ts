import type { z } from 'zod';
import { networkJsonSchema, overlay, SHARED_PARTS, sharedDefinitions, toJsonSchema, withHint, type JsonSchema } from '../scenario/json-schema.js';
import { RoutingEntrySchema } from './coverage-schema.js';
import { CompanySchema, PhaseSchema, SalesRoleSchema, SalesScenarioSchema, ThrottlesSchema } from './schema.js';
import { StepSchema, TaskDefSchema } from './workflow-schema.js';
import { FIELD_PATH } from '../scenario/ranges.js';

/**
 * The editor schemas of scenario files (schema/*.schema.json, written by
 * `npm run schema`): both kinds of scenario, told apart by `kind` (absent: a
 * queueing network; `sales`: a sales organization). This lives with the sales
 * model because it is the one layer that sees both schemas.
 */

const ref = (name: string): JsonSchema => ({ $ref: `#/definitions/${name}` });
const KIND: JsonSchema = {
  description: '`sales` for a sales organization; leave it out for a queueing network.',
  const: 'sales',
};
const isSales: JsonSchema = { properties: { kind: { const: 'sales' } }, required: ['kind'] };

/**
 * A phase (M15): `at`, and an overlay of the company, tasks, roles, routing
 * and throttle, deep-merged onto the scenario as of the previous phase; zod
 * leaves the overlay to the loader, which validates each merged phase whole.
 */
function phaseDefinition(sales: JsonSchema, defs: Record<string, JsonSchema>): JsonSchema {
  const fields = sales.properties as Record<string, JsonSchema>;
  const part = (k: string) => overlay(fields[k], defs);
  return {
    description: 'From `at` on, the scenario as of the previous phase with these fields deep-merged onto it (mappings key by key, lists replaced, null deletes).',
    type: 'object', additionalProperties: false, required: ['at'],
    properties: {
      at: withHint({ description: 'When the phase starts: after the previous phase, before the end of the run.', allOf: [ref('positiveDuration')] }),
      description: { type: 'string' },
      company: part('company'), tasks: part('tasks'), roles: part('roles'), routing: part('routing'), throttle: part('throttle'),
    },
  };
}

/**
 * The sales parts written once: the company, a role, a task and the throttle
 * appear whole in the scenario and as overlays in the phases, and the phase's
 * overlay (zod's unknown) is written here (phaseDefinition).
 */
const SALES_PARTS: ReadonlyMap<z.core.$ZodType, string> = new Map<z.core.$ZodType, string>([
  ...SHARED_PARTS, [PhaseSchema, 'phase'], [CompanySchema, 'company'], [SalesRoleSchema, 'sales_role'],
  [TaskDefSchema, 'sales_task'], [StepSchema, 'flow_step'], [ThrottlesSchema, 'throttle'], [RoutingEntrySchema, 'routing_entry'],
]);

export interface ScenarioJsonSchemas {
  /** A whole scenario. */
  scenario: JsonSchema;
  /** A file that `extends` another: the same shapes, nothing required. */
  overlay: JsonSchema;
}

export function scenarioJsonSchemas(): ScenarioJsonSchemas {
  const network = networkJsonSchema();
  const sales = toJsonSchema(SalesScenarioSchema, SALES_PARTS);
  // Uncertain inputs belong to the language (the loader reads them before the kind's schema): every kind takes them.
  for (const kind of [network, sales]) (kind.properties as Record<string, JsonSchema>).ranges = rangesJsonSchema();
  const defs = sharedDefinitions();
  for (const [schema, name] of SALES_PARTS) if (schema !== PhaseSchema && defs[name] === undefined) defs[name] = toJsonSchema(schema as z.ZodType, SALES_PARTS);
  defs.phase = phaseDefinition(sales, defs);
  const whole = { ...defs, network, sales };
  const network_overlay = overlay(network, defs);
  const sales_overlay = overlay(sales, defs);
  const overlays = { ...defs, network_overlay, sales_overlay };
  const head = (title: string, description: string) => ({
    $schema: 'http://json-schema.org/draft-07/schema#',
    title,
    description,
    type: 'object',
    properties: { kind: KIND },
  });
  return {
    scenario: {
      ...head('salesim scenario', 'A salesim scenario: a queueing network (no kind) or a sales organization (kind: sales). README.md, "The scenario language".'),
      if: isSales, then: ref('sales'), else: ref('network'),
      definitions: whole,
    },
    overlay: {
      ...head('salesim scenario overlay', 'A salesim scenario that extends another: only what it changes (null removes an inherited field). README.md, "Composition".'),
      // A child of a sales scenario need not repeat `kind: sales`.
      if: isSales, then: ref('sales_overlay'), else: { anyOf: [ref('network_overlay'), ref('sales_overlay')] },
      definitions: overlays,
    },
  };
}

/** A schema file's text: stable, so a stale committed file shows up as a difference. */
function rangesJsonSchema(): JsonSchema {
  // Written out: a number-or-quantity union as zod converts it is a type list, which strict validators refuse.
  const value = { anyOf: [{ type: 'number' }, { type: 'string', description: "a quantity as the field writes it: '1.6 h', '40/day'" }] };
  return {
    description: 'Uncertain inputs: a field path (as --set writes it) -> [low, high] or { low, high, source }, each a number or a quantity as the field writes it. salesim sensitivity moves each between its ends. README.md, "How sure is this answer?".',
    type: 'object',
    propertyNames: { pattern: FIELD_PATH.source },
    additionalProperties: {
      anyOf: [
        { type: 'array', items: [value, value], minItems: 2, maxItems: 2, additionalItems: false },
        { type: 'object', additionalProperties: false, required: ['low', 'high'], properties: { low: value, high: value, source: { type: 'string' } } },
        { type: 'object', additionalProperties: false, required: ['values'], properties: { values: { type: 'array', items: value, minItems: 2 }, source: { type: 'string' } } },
      ],
    },
  };
}

export function schemaText(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
