import { z } from 'zod';
import { DISTRIBUTION_NAMES, MAX_ERLANG_K } from './distribution-schema.js';
import { CalendarSchema, RateProfileSchema, RunSchema, ScenarioSchema, shift } from './schema.js';
import { shapes, type Shape } from './shapes.js';
import { DURATION_EXAMPLE, DURATION_UNITS, RATE_EXAMPLE, UNIT_PATTERNS } from './units.js';

/**
 * JSON Schema (draft-07: what yaml-language-server, and so the editors, read)
 * generated from the zod schemas. zod writes the shapes it can see; units and
 * distributions, which the loader parses by hand, come from the shapes
 * registry (shapes.ts) as references to the definitions below, built from the
 * same patterns the parsers use (units.ts). sales/json-schema.ts puts the two
 * kinds of scenario together.
 */

export type JsonSchema = Record<string, unknown>;

/** Parts both kinds of scenario use, each written once as a definition of its name. */
export const SHARED_PARTS: ReadonlyMap<z.core.$ZodType, string> = new Map<z.core.$ZodType, string>([
  [shift, 'shift'], [CalendarSchema, 'calendar'], [RateProfileSchema, 'profile'], [RunSchema, 'run'],
]);

const ref = (name: string): JsonSchema => ({ $ref: `#/definitions/${name}` });
const units = DURATION_UNITS.join(', ');

const number: JsonSchema = { type: 'number', minimum: 0 };

/**
 * A duration: a string with its unit, or 0. `errorMessage` is what the editor
 * says instead of "Incorrect type" (yaml-language-server reads it; it is an
 * annotation to validators such as ajv): the loader's own wording.
 */
const DURATION_FORMS: JsonSchema[] = [{ type: 'string', pattern: UNIT_PATTERNS.duration, errorMessage: `expected ${DURATION_EXAMPLE}` }, { const: 0 }];
const positiveNumber: JsonSchema = { type: 'number', exclusiveMinimum: 0 };

/** In draft-07 a $ref hides its siblings: a described reference goes in allOf. */
function described(s: JsonSchema, description: string): JsonSchema {
  return '$ref' in s ? { description, allOf: [s] } : { ...s, description };
}

/** A distribution's parameters, as distribution-schema.ts parses them: `value` is a drawn quantity. */
function distributionDefinition(q: 'duration' | 'number'): JsonSchema {
  const value = q === 'duration' ? ref('duration') : number;
  const positive = q === 'duration' ? ref('positiveDuration') : positiveNumber;
  const list = (n: number) => ({ type: 'array', items: value, minItems: n, maxItems: n });
  const meanSd = (mean: JsonSchema) => ({
    type: 'object', additionalProperties: false, required: ['mean', 'sd'], properties: { mean, sd: value },
  });
  return {
    // The mapping first, then the constant's forms side by side (not nested): where no alternative
    // fits, the editor reports the first, so { exponental: 1 h } reads 'Property exponental is not
    // allowed' and a bare 2 the loader's wording (errorMessage).
    anyOf: [
      {
        type: 'object', additionalProperties: false, minProperties: 1, maxProperties: 1,
        errorMessage: `expected ${q === 'duration' ? DURATION_EXAMPLE : 'a number >= 0'}, or { name: parameters } with name one of ${DISTRIBUTION_NAMES.join(', ')}`,
        properties: {
          exponential: described(positive, 'Exponential with this mean.'),
          uniform: { ...list(2), description: 'Uniform between [low, high].' },
          triangular: { ...list(3), description: 'Triangular: [low, mode, high].' },
          normal: { ...meanSd(value), description: 'Normal truncated at 0: { mean, sd }.' },
          lognormal: { ...meanSd(positive), description: 'Lognormal with this mean and sd (of the value, not its log).' },
          gamma: {
            type: 'object', additionalProperties: false, required: ['shape'],
            properties: { shape: positiveNumber, mean: positive, scale: positive },
            oneOf: [{ properties: { mean: positive }, required: ['mean'] }, { properties: { scale: positive }, required: ['scale'] }],
            description: 'Gamma: { shape, mean } or { shape, scale }.',
          },
          weibull: {
            type: 'object', additionalProperties: false, required: ['shape'],
            properties: { shape: positiveNumber, mean: positive, scale: positive },
            oneOf: [{ properties: { mean: positive }, required: ['mean'] }, { properties: { scale: positive }, required: ['scale'] }],
            description: 'Weibull: { shape, scale } or { shape, mean }.',
          },
          erlang: {
            type: 'object', additionalProperties: false, required: ['k'],
            properties: { k: { type: 'integer', minimum: 1, maximum: MAX_ERLANG_K }, mean: positive, scale: positive },
            oneOf: [{ properties: { mean: positive }, required: ['mean'] }, { properties: { scale: positive }, required: ['scale'] }],
            description: 'Erlang: k exponential phases, { k, mean } or { k, scale } (the mean of one phase).',
          },
          discrete: {
            type: 'object', additionalProperties: false, required: ['values'],
            properties: { values: { type: 'array', items: value, minItems: 1 }, weights: { type: 'array', items: number } },
            description: 'These values with these weights (default equal).',
          },
          empirical: { type: 'array', items: value, minItems: 1, description: 'Equally likely observed values.' },
          bernoulli: { type: 'number', minimum: 0, maximum: 1, description: '1 with this probability, else 0.' },
          poisson: { ...number, description: 'Poisson counts with this mean.' },
        },
      },
      ...(q === 'duration' ? DURATION_FORMS : [number]),
    ],
  };
}

/** Units and distributions, shared by both kinds of scenario. */
export const UNIT_DEFINITIONS: Record<string, JsonSchema> = {
  duration: {
    anyOf: DURATION_FORMS,
  },
  positiveDuration: {
    type: 'string', pattern: UNIT_PATTERNS.positiveDuration, errorMessage: `expected ${DURATION_EXAMPLE}, longer than 0`,
  },
  rate: {
    type: 'string', pattern: UNIT_PATTERNS.rate, errorMessage: `expected ${RATE_EXAMPLE}`,
  },
  growth: {
    type: 'string', pattern: UNIT_PATTERNS.growth, errorMessage: "expected a growth such as '30%/yr' or '-5%/yr'",
  },
  distribution_duration: distributionDefinition('duration'),
  distribution_number: distributionDefinition('number'),
};

/**
 * What a unit or a distribution looks like, added to the description of every
 * field that uses it: an editor shows the description of the innermost schema
 * it has, so the definitions carry none and the field says both.
 */
const HINTS: Record<string, string> = {
  duration: `A duration with its unit ('90 s', '6 min', '2.5 h', '3 d', '2 wk'; units: ${units}), or 0.`,
  positiveDuration: `A duration longer than 0, with its unit ('6 min', '2.5 h', '52 wk'; units: ${units}).`,
  rate: `A rate, events per unit of time ('4.5/h', '40/day', '300/wk', '0.12/yr', '2 per wk'; units: ${units}).`,
  growth: "Compound growth per period ('30%/yr', '-5%/yr'), above -100%.",
  distribution_duration: "A duration, constant ('6 min') or drawn: { exponential: 1 h }, { uniform: [2 min, 10 min] }, { triangular: [low, mode, high] }, { normal: { mean, sd } }, { lognormal: { mean, sd } }, { gamma: { shape, mean } }, { weibull: { shape, scale } }, { erlang: { k, mean } }, { discrete: { values, weights } }, { empirical: [...] }.",
  distribution_number: 'A number, constant (3) or drawn: { poisson: 2.5 }, { bernoulli: 0.3 }, { uniform: [1, 5] }, { discrete: { values, weights } }, { exponential: 2 }, ...',
};

/** `s` (a reference, bare or in allOf) with the hint of what it refers to in its description. */
export function withHint(s: JsonSchema): JsonSchema {
  const target = typeof s.$ref === 'string' ? s.$ref : Array.isArray(s.allOf) && s.allOf.length === 1 ? (s.allOf[0] as JsonSchema).$ref : undefined;
  const hint = typeof target === 'string' ? HINTS[target.slice('#/definitions/'.length)] : undefined;
  if (hint === undefined) return s;
  const description = typeof s.description === 'string' ? `${s.description} ${hint}` : hint;
  return typeof s.$ref === 'string' ? { description, allOf: [{ $ref: s.$ref }] } : { ...s, description };
}

function shapeSchema(shape: Shape): JsonSchema {
  if ('unit' in shape) return ref(shape.unit);
  if ('distribution' in shape) return ref(`distribution_${shape.distribution}`);
  return shape.json;
}

/**
 * A zod schema as JSON Schema, in the form a file is written (zod's input).
 * A schema in `parts` (or derived from one: `.describe()`) is written as a
 * reference to the definition of its name, except at the root: that is how
 * the definition itself is written.
 */
export function toJsonSchema(schema: z.ZodType, parts: ReadonlyMap<z.core.$ZodType, string> = SHARED_PARTS): JsonSchema {
  const out = z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'input',
    override: (ctx) => {
      const part = partOf(ctx.zodSchema, schema, parts);
      const shape = shapes.get(ctx.zodSchema);
      const instead = part !== undefined ? ref(part) : shape === undefined ? undefined : shapeSchema(shape);
      const js = ctx.jsonSchema as JsonSchema;
      if (instead !== undefined) {
        const { description } = js;
        for (const k of Object.keys(js)) delete js[k];
        Object.assign(js, instead, description === undefined ? {} : { description });
      }
      // A default zod holds in its parsed form ({ kind: 'constant', value: 1 }) is not what a file says.
      if (js.default !== null && typeof js.default === 'object' && Object.keys(js.default).length > 0) delete js.default;
    },
  }) as JsonSchema;
  delete out.$schema;
  return tidy(out) as JsonSchema;
}

function partOf(node: z.core.$ZodType, root: z.core.$ZodType, parts: ReadonlyMap<z.core.$ZodType, string>): string | undefined {
  for (let s: z.core.$ZodType | undefined = node; s !== undefined; s = s._zod.parent) {
    if (s === root) return undefined;
    const name = parts.get(s);
    if (name !== undefined) return name;
  }
  return undefined;
}

/**
 * In draft-07 a $ref hides its siblings (a description, a default), so a
 * reference with siblings goes in `allOf`, as zod writes it; alone, the bare
 * reference will do.
 */
function tidy(s: unknown, inAllOf = false): unknown {
  if (s === null || typeof s !== 'object') return s;
  if (Array.isArray(s)) return s.map((x) => tidy(x, inAllOf));
  const entries = Object.entries(s).map(([k, v]) => [k, tidy(v, k === 'allOf')]);
  // The reference inside allOf stays bare: the hint goes with the field's description, one level up.
  const o = inAllOf ? Object.fromEntries(entries) as JsonSchema : withHint(Object.fromEntries(entries) as JsonSchema);
  const keys = Object.keys(o);
  if (keys.length === 1 && Array.isArray(o.allOf) && o.allOf.length === 1) return o.allOf[0];
  if (typeof o.$ref === 'string' && keys.length > 1) {
    const { $ref, ...rest } = o;
    return { ...rest, allOf: [{ $ref }] };
  }
  return o;
}


/** Units, distributions and the shared parts, as definitions. */
export function sharedDefinitions(): Record<string, JsonSchema> {
  const parts = Object.fromEntries([...SHARED_PARTS].map(([schema, name]) => [name, toJsonSchema(schema as z.ZodType)]));
  return { ...UNIT_DEFINITIONS, ...parts };
}

/** The queueing-network scenario (no `kind`). */
export function networkJsonSchema(): JsonSchema {
  return toJsonSchema(ScenarioSchema);
}

/**
 * The same shapes for a file that `extends` another, which holds only what it
 * changes (load.ts deepMerge): no field is required, any field may be null (it
 * removes the inherited one), and a distribution may name its parameters
 * partly. Lists replace the inherited list whole, so their items keep the full
 * shapes. `defs` receives the overlay variants of referenced definitions.
 */
export function overlay(s: JsonSchema, defs: Record<string, JsonSchema>): JsonSchema {
  if (typeof s.$ref === 'string') {
    const name = s.$ref.slice('#/definitions/'.length);
    if (name.startsWith('overlay_')) return s;
    const key = `overlay_${name}`;
    if (defs[key] === undefined) {
      const o = overlay(defs[name], defs);
      // A definition with nothing to leave out (a duration) serves both.
      if (JSON.stringify(o) === JSON.stringify(defs[name])) return s;
      defs[key] = o;
    }
    return { ...s, $ref: `#/definitions/${key}` };
  }
  const out: JsonSchema = { ...s };
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (Array.isArray(s[k])) out[k] = (s[k] as JsonSchema[]).map((x) => overlay(x, defs));
  }
  if (s.type === 'object') {
    delete out.required;
    delete out.minProperties;
    delete out.maxProperties;
    delete out.oneOf;
    if (s.properties !== undefined) {
      out.properties = Object.fromEntries(Object.entries(s.properties as Record<string, JsonSchema>).map(([k, v]) => [k, nullable(overlay(v, defs))]));
    }
    if (typeof s.additionalProperties === 'object') out.additionalProperties = nullable(overlay(s.additionalProperties as JsonSchema, defs));
  }
  // Absent means inherited, not the default.
  delete out.default;
  return out;
}

function nullable(s: JsonSchema): JsonSchema {
  const { description, ...rest } = s;
  return { ...(description === undefined ? {} : { description }), anyOf: [rest, { type: 'null' }] };
}

/** Paths of nodes that constrain nothing ({} or a bare description): free-form values. */
export function untypedNodes(s: unknown, path = '#'): string[] {
  if (s === null || typeof s !== 'object') return [];
  if (Array.isArray(s)) return s.flatMap((x, i) => untypedNodes(x, `${path}/${i}`));
  const o = s as JsonSchema;
  const constraining = ['type', 'const', 'enum', '$ref', 'anyOf', 'oneOf', 'allOf', 'if', 'not', 'pattern', 'properties', 'required'];
  const here = constraining.some((k) => k in o) ? [] : [path];
  const children = Object.entries(o).flatMap(([k, v]) => {
    if (k === 'properties' || k === 'definitions') {
      return Object.entries(v as JsonSchema).flatMap(([name, sub]) => untypedNodes(sub, `${path}/${k}/${name}`));
    }
    if (['items', 'additionalProperties', 'propertyNames', 'then', 'else', 'if', 'not', 'anyOf', 'oneOf', 'allOf'].includes(k)) return untypedNodes(v, `${path}/${k}`);
    return [];
  });
  return [...here, ...children];
}
