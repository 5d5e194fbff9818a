import type { Form } from './distributions.js';

/**
 * YAML in the scenario language's own syntax, written by hand rather than by
 * a serializer: distributions in the flow form the shipped scenarios use
 * (`{ lognormal: { mean: 6 min, sd: 3 min } }`), units on every duration, and
 * comments saying where each number came from.
 */

/** Four significant digits: more than any export's precision supports, few enough to read. */
export function short(x: number): string {
  return String(Number(x.toPrecision(4)));
}

/** A standard error: two significant digits are all it carries. */
export function se(x: number): string {
  return String(Number(x.toPrecision(2)));
}

export function durationText(x: number, unit: string): string {
  return `${short(x)} ${unit}`;
}

/** A fitted distribution as a scenario file holds it, durations as strings with `unit`. */
export function formValue(f: Form, unit: string): unknown {
  const d = (x: number) => durationText(x, unit);
  const n = (x: number) => Number(short(x));
  switch (f.name) {
    case 'exponential': return { exponential: d(f.mean) };
    case 'gamma': return { gamma: { shape: n(f.shape), mean: d(f.mean) } };
    case 'lognormal': return { lognormal: { mean: d(f.mean), sd: d(f.sd) } };
    case 'weibull': return { weibull: { shape: n(f.shape), scale: d(f.scale) } };
    case 'empirical': return f.values.length === 1 ? d(f.values[0]) : { empirical: f.values.map(d) };
  }
}

/** A fitted distribution as a scenario file writes it, in the flow form: `{ lognormal: { mean: 6 min, sd: 3 min } }`. */
export function formText(f: Form, unit: string): string {
  return flow(formValue(f, unit));
}

/**
 * A value in YAML's flow form. Strings are written plain: the callers' strings are
 * numbers with units ('6 min'), which YAML reads back as the same strings.
 */
export function flow(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (typeof v === 'object') return `{ ${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${key(k)}: ${flow(x)}`).join(', ')} }`;
  return String(v);
}

/**
 * What an overlay must say for a field to become `value` where it inherits
 * `inherited`: extending files merge mappings key by key (scenario/load.ts), so
 * every inherited key `value` lacks is removed with null, at every depth
 * ({ lognormal: {...} } becoming a gamma needs `lognormal: null` beside it).
 */
export function replacing(inherited: unknown, value: unknown): unknown {
  const plain = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
  if (!plain(inherited) || !plain(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = replacing(inherited[k], v);
  for (const k of Object.keys(inherited)) if (!(k in value)) out[k] = null;
  return out;
}

/** A mapping key: plain when YAML reads it back as the same string, else double-quoted (JSON's quoting is YAML's). */
export function key(s: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(s) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(s) ? s : JSON.stringify(s);
}

/** A YAML tree: a scalar already written (`raw`), or a mapping; either may carry comment lines above it. */
export type Node = { raw: string; comment?: string[] } | { map: [string, Node][]; comment?: string[] };

export function block(entries: [string, Node][], indent = ''): string {
  let out = '';
  for (const [k, node] of entries) {
    for (const c of node.comment ?? []) out += `${indent}# ${c}\n`.replace(/ +\n$/, '\n');
    if ('raw' in node) out += `${indent}${key(k)}: ${node.raw}\n`;
    else out += `${indent}${key(k)}:\n${block(node.map, `${indent}  `)}`;
  }
  return out;
}

/** A comment line per entry of `lines`, '# ' first. */
export function comments(lines: string[]): string {
  return lines.map((l) => (l === '' ? '#\n' : `# ${l}\n`)).join('');
}
