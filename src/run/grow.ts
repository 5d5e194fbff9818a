import { MODELS, reload, type LoadedScenario } from '../models/index.js';
import { fieldAt, isPlain } from '../scenario/fields.js';
import { UserError } from '../scenario/load.js';
import { roundedNumber, scaleQuantityText } from '../scenario/units.js';

/**
 * Growing a scenario by a multiplier, as `--set` overrides (so that every grown
 * variant is just the file plus overrides, and runs wherever a file does).
 *
 * What grows is a named preset (README, "Stress") or any field path of the
 * resolved scenario. A field may be a number, a duration or rate as written
 * ('2/wk', '40 h', kept in its unit), or a distribution (every value scaled, its
 * shape kept; a Poisson count's mean scaled).
 */

type Plain = Record<string, unknown>;

/**
 * The field paths a preset (or a single path) stands for in this scenario, and the same
 * fields in the phases that set them (`phases.<i>.<path>`), so that demand stays grown
 * when a phase changes it.
 */
export function growthPaths(loaded: LoadedScenario, what: string): string[] {
  const base = basePaths(loaded, what);
  const phases = Array.isArray(loaded.resolved.phases) ? loaded.resolved.phases : [];
  const inPhases = phases.flatMap((_, i) => base.map((p) => `phases.${i}.${p}`).filter((p) => fieldAt(loaded.resolved, p) !== undefined));
  return [...base, ...inPhases];
}

function basePaths(loaded: LoadedScenario, what: string): string[] {
  const { model } = loaded;
  const presets = model.growthPresets;
  if (!(what in presets)) {
    if (!what.includes('.')) {
      // A preset of another kind is a likely slip: say which kind has it.
      const elsewhere = MODELS.filter((m) => m !== model && what in m.growthPresets).map((m) => `${what} is a preset of ${m.noun}`);
      const other = elsewhere.length === 0 ? '' : ` (${elsewhere.join('; ')})`;
      throw new UserError(`${loaded.file}: --grow ${what}: expected a preset (${Object.keys(presets).join(', ')}) or a field path such as ${model.exampleField}${other}`);
    }
    field(loaded, what);
    return [what];
  }
  return model.presetPaths(loaded.resolved, what);
}


/** The value at `path`, or a user error naming the path and what was expected. */
function field(loaded: LoadedScenario, path: string): unknown {
  const parts = path.split('.');
  let node: unknown = loaded.resolved;
  for (let i = 0; i < parts.length; i++) {
    const here = parts.slice(0, i + 1).join('.');
    if (Array.isArray(node) && /^\d+$/.test(parts[i]) && Number(parts[i]) < node.length) {
      node = node[Number(parts[i])];
      continue;
    }
    if (!isPlain(node) || !(parts[i] in node)) {
      const keys = isPlain(node) ? Object.keys(node).join(', ') : 'none';
      const parent = i === 0 ? 'top-level' : parts.slice(0, i).join('.');
      throw new UserError(`${loaded.file}: --grow ${path}: ${here}: unknown path (${parent} fields: ${keys || 'none'})`);
    }
    node = node[parts[i]];
  }
  if (scale(node, 2) === null) {
    throw new UserError(`${loaded.file}: --grow ${path}: expected a number, a quantity such as '2/wk' or '40 h', or a distribution; got ${show(node)}`);
  }
  return node;
}

/**
 * The `--set` overrides that grow `paths` by `factor`. Whole-number fields (counts
 * such as accounts) are rounded to the nearest whole number.
 */
export function growthSets(loaded: LoadedScenario, paths: string[], factor: number, whole: ReadonlySet<string>): string[] {
  return paths.map((p) => {
    const v = field(loaded, p);
    const scaled = typeof v === 'number' && whole.has(p) ? Math.round(v * factor) : scale(v, factor);
    return `${p}=${JSON.stringify(scaled)}`;
  });
}

/**
 * The paths among `paths` that hold a whole number the schema requires to stay whole
 * (found by offering it half a unit more, which such a field rejects).
 */
export function wholeNumberPaths(loaded: LoadedScenario, paths: string[]): Set<string> {
  const whole = new Set<string>();
  for (const p of paths) {
    const v = field(loaded, p);
    if (typeof v !== 'number' || !Number.isInteger(v)) continue;
    try {
      reload(loaded, [`${p}=${v + 0.5}`]);
    } catch (e) {
      if (e instanceof UserError && /whole number/.test(e.message)) whole.add(p);
    }
  }
  return whole;
}

/** A number, quantity or distribution times `factor`, or null if `v` is none of them. */
function scale(v: unknown, factor: number): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? roundedNumber(v * factor) : null;
  if (typeof v === 'string') return scaleQuantityText(v, factor);
  if (!isPlain(v) || Object.keys(v).length !== 1) return null;
  const [name, arg] = Object.entries(v)[0];
  const all = (xs: unknown): unknown[] | null => {
    if (!Array.isArray(xs)) return null;
    const out = xs.map((x) => scale(x, factor));
    return out.every((x) => x !== null) ? out : null;
  };
  const fields = (keys: string[]): Plain | null => {
    if (!isPlain(arg)) return null;
    const out: Plain = { ...arg };
    for (const k of keys) {
      if (!(k in arg)) continue;
      const s = scale(arg[k], factor);
      if (s === null) return null;
      out[k] = s;
    }
    return out;
  };
  let scaled: unknown;
  switch (name) {
    case 'exponential': case 'poisson': scaled = scale(arg, factor); break;
    case 'uniform': case 'triangular': case 'empirical': scaled = all(arg); break;
    case 'normal': case 'lognormal': scaled = fields(['mean', 'sd']); break;
    case 'gamma': case 'weibull': case 'erlang': scaled = fields(['mean', 'scale']); break;
    case 'discrete': {
      const f = fields([]);
      const values = f === null ? null : all(f.values);
      scaled = values === null ? null : { ...f, values };
      break;
    }
    default: scaled = null; // bernoulli is a probability: it does not scale
  }
  return scaled === null ? null : { [name]: scaled };
}


function show(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) return 'a list';
  if (isPlain(v)) return `a mapping (${Object.keys(v).join(', ')})`;
  return String(v);
}
