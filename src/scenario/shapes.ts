import { z } from 'zod';

/**
 * What a value looks like in a scenario file, for the editor schema
 * (json-schema.ts), where zod cannot tell: units and distributions are parsed
 * by hand (z.unknown().transform), so z.toJSONSchema alone sees any value.
 * The registry only annotates; it changes nothing that validates. A schema
 * derived from a registered one (`.refine`, `.describe`) inherits its shape.
 */
export type Shape =
  | { unit: 'duration' | 'positiveDuration' | 'rate' | 'growth' }
  | { distribution: 'duration' | 'number' }
  /** A plain JSON Schema, for a number whose range zod holds in a refinement. */
  | { json: Record<string, unknown> };

export const shapes = z.registry<Shape>();

/** `schema`, registered with its shape. */
export function shaped<T extends z.ZodType>(schema: T, shape: Shape): T {
  shapes.add(schema, shape);
  return schema;
}
