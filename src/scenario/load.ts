import { readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { Document as YamlDocument, isMap, isSeq, LineCounter, parseDocument, parse as parseYaml, visit, type Document } from 'yaml';
import { z } from 'zod';
import type { AnyModelKind, CompileContext, ModelScenario, ModelSpec } from './model-kind.js';
import { isPlain } from './fields.js';
import { declaredRanges, RangesSchema, type DeclaredRange } from './ranges.js';

/**
 * A mistake the user can fix (bad file, bad field, bad flag). The CLI prints its
 * message, one line, and exits with code 2; no stack trace.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

type Path = (string | number)[];
type Plain = Record<string, unknown>;

interface Source {
  file: string;
  doc: Document;
  /** Absent for a scenario given as an object: it has no lines to point at. */
  lines?: LineCounter;
}

/**
 * Where a scenario comes from: a file (YAML or JSON), or an object with the
 * same fields (a program building scenarios). An object's `extends` is read
 * relative to `file`'s folder, or the working folder; `file` also names the
 * scenario in messages and in run.json (default: `(scenario object)`), and its
 * base name is the scenario's name when the object has none.
 */
export type ScenarioSource = string | { scenario: Record<string, unknown>; file?: string };

interface Override {
  text: string;
  path: string[];
}

/**
 * A scenario read, merged (`extends`), overridden (`--set`), validated and
 * compiled by its kind. The layers above use what every kind has (the run
 * section, the spec's window and roles) and ask `model` for the rest.
 */
export interface LoadedScenario<Sc extends ModelScenario = ModelScenario, Spec extends ModelSpec = ModelSpec> {
  /** The kind's name: 'network', 'sales'. */
  kind: string;
  model: AnyModelKind;
  /** The file it was read from; for a scenario given as an object, the name it was given (or `(scenario object)`). */
  file: string;
  /** Read from `file` (not given as an object): an output folder may not hold it. */
  fromFile: boolean;
  name: string;
  /** The scenario as written, after `extends` and `--set`: human units, suitable for run.json. */
  resolved: Plain;
  /** As validated by the kind's schema. */
  scenario: Sc;
  /** Compiled: ready to simulate. */
  spec: Spec;
  /** Its uncertain inputs (`ranges`), in the order written. */
  ranges: DeclaredRange[];
}

const RangesSection = z.object({ ranges: RangesSchema.optional() });

/**
 * Reads, merges (`extends`), overrides (`--set`), validates and compiles a
 * scenario, from a file or an object, by the kind its `kind` field names
 * among `models` (the first is the kind of a scenario without one).
 */
export function loadWith(models: readonly AnyModelKind[], source: ScenarioSource, set: readonly string[] = []): LoadedScenario {
  const sources: Source[] = [];
  const file = typeof source === 'string' ? source : source.file ?? OBJECT_LABEL;
  const merged = typeof source === 'string' ? readWithExtends(resolve(source), sources, []) : readObject(source.scenario, file, sources);
  const overrides = set.map((s) => applySet(merged, s));
  delete merged.extends;
  const invalid = (error: z.ZodError, within?: Path): never => {
    // An unknown field is usually a typo of a known one: report it before the "missing" field it causes.
    const issues = error.issues;
    const first = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
    throw new UserError(describeIssue(first, sources, overrides, within));
  };
  const fallbackName = file === OBJECT_LABEL ? 'scenario' : basename(file, extname(file));
  const [byDefault, ...others] = models;
  const model = merged.kind === undefined ? byDefault : others.find((m) => m.kind === merged.kind);
  if (model === undefined) {
    throw new UserError(`${locate(['kind'], sources)}: kind: expected ${others.map((m) => `'${m.kind}'`).join(' or ')} (or no kind, for ${byDefault.noun}), got ${JSON.stringify(merged.kind)}`);
  }
  // Uncertain inputs (`ranges`) belong to the language, not to a kind: checked here, then left out of what the kind validates.
  const declared = RangesSection.safeParse({ ranges: merged.ranges });
  if (!declared.success) return invalid(declared.error);
  const { ranges: _ranges, ...forKind } = merged;
  const parsed = model.schema.safeParse(forKind);
  if (!parsed.success) return invalid(parsed.error);
  const scenario = parsed.data as ModelScenario;
  const name = scenario.name ?? fallbackName;
  checkWindow(file, merged, scenario as ModelScenario & { run: { horizon?: number; warmup: number } }, sources, overrides);
  const context: CompileContext = {
    merged: forKind,
    parse: (schema, value, within) => {
      const r = schema.safeParse(value);
      return r.success ? r.data : invalid(r.error, within);
    },
    fail: (path, message, within) => { throw new UserError(`${locate(path, sources)}: ${fieldName(path, within)}: ${message}`); },
  };
  return {
    kind: model.kind, model, file, fromFile: typeof source === 'string', name, resolved: merged, scenario,
    spec: model.compile(scenario, name, context), ranges: declaredRanges(declared.data.ranges),
  };
}

/** A copy of a plain object, a field's value merged over the other's (as `extends` merges: null deletes). */
export function mergeFields(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  return deepMerge(base, over);
}

/** The name of a scenario given as an object without a `file`, in messages. */
const OBJECT_LABEL = '(scenario object)';

/** A scenario given as an object: a copy (the caller's object is left as it is), its `extends` read from files. */
function readObject(scenario: Record<string, unknown>, label: string, sources: Source[]): Plain {
  if (!isPlain(scenario)) throw new UserError(`${label}: (top level): expected a mapping of scenario fields (name, run, roles, tasks, items)`);
  const own = structuredClone(scenario) as Plain;
  sources.push({ file: label, doc: new YamlDocument(own) });
  if (own.extends === undefined) return own;
  if (typeof own.extends !== 'string') throw new UserError(`${label}: extends: expected the path of another scenario file`);
  const dir = label === OBJECT_LABEL ? process.cwd() : dirname(resolve(label));
  return deepMerge(readWithExtends(resolve(dir, own.extends), sources, [label]), own);
}

function readWithExtends(file: string, sources: Source[], chain: string[]): Plain {
  if (chain.includes(file)) throw new UserError(`${file}: extends: circular (${[...chain, file].map((f) => basename(f)).join(' -> ')})`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`${file}: cannot read the scenario file (${code === 'ENOENT' ? 'no such file' : code ?? String(e)})`);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const pos = lines.linePos(err.pos[0]);
    throw new UserError(`${file}:${pos.line}:${pos.col}: YAML syntax: ${err.message.split('\n')[0]}`);
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (e) {
    // yaml refuses aliases that expand to far more than the file (a "billion laughs"); say where the first one is.
    let at = 0;
    visit(doc, { Alias(_, node) { at = node.range?.[0] ?? 0; return visit.BREAK; } });
    const pos = lines.linePos(at);
    throw new UserError(`${file}:${pos.line}:${pos.col}: YAML: ${(e as Error).message.split('\n')[0]} (write the values out instead of repeating aliases)`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${file}:1:1: (top level): expected a mapping of scenario fields (name, run, roles, tasks, items)`);
  }
  sources.push({ file, doc, lines });
  const own = data as Plain;
  if (own.extends === undefined) return own;
  if (typeof own.extends !== 'string') {
    throw new UserError(`${locate(['extends'], [{ file, doc, lines }])}: extends: expected the path of another scenario file`);
  }
  const parent = readWithExtends(resolve(dirname(file), own.extends), sources, [...chain, file]);
  return deepMerge(parent, own);
}

/**
 * What is measured must lie inside the run. A warm-up at or past the horizon
 * leaves nothing to measure (the results would be the start-up transient,
 * reported as "measured after the warm-up"), and a phase at or past the horizon
 * never takes effect (the results would be those of the organization before
 * it, under the name of the transition). The horizon itself must be longer
 * than 0: the schema says so. A run that ends when its arrivals have drained
 * (no horizon) cannot be checked before it runs.
 */
function checkWindow(
  file: string, merged: Plain, scenario: { run: { horizon?: number; warmup: number }; phases?: { at: number }[] },
  sources: Source[], overrides: Override[],
): void {
  const { horizon, warmup } = scenario.run;
  if (horizon === undefined) return;
  const at = (path: Path) => origin(path, merged, file, sources, overrides);
  const end = at(['run', 'horizon']);
  if (warmup >= horizon) {
    const w = at(['run', 'warmup']);
    // The message is about the field a flag set, if one did: that is what the user just changed.
    if (w.flag !== '' && end.flag === '') {
      throw new UserError(`${w.where}: run.warmup: ${w.value}${w.flag} must be shorter than the run, run.horizon: ${end.value} (${end.from}); results are measured after the warm-up`);
    }
    throw new UserError(`${end.where}: run.horizon: ${end.value}${end.flag} must be longer than the warm-up, run.warmup: ${w.value} (${w.from}); results are measured after the warm-up`);
  }
  (scenario.phases ?? []).forEach((p, i) => {
    if (p.at < horizon) return;
    const phase = at(['phases', i, 'at']);
    throw new UserError(`${phase.where}: phases[${i}].at: ${phase.value}${phase.flag} must be before the end of the run, run.horizon: ${end.value} (${end.from}); a phase at or after it never takes effect`);
  });
}

/**
 * Where a field's value came from, for a message: `where` starts the message
 * (file:line:col, or the scenario file when a flag set it), `from` says it in
 * parentheses, `flag` is ` (--set ...)` or nothing, and `value` is as written.
 */
function origin(path: Path, merged: Plain, file: string, sources: Source[], overrides: Override[]): { where: string; from: string; flag: string; value: string } {
  let v: unknown = merged;
  for (const k of path) v = isPlain(v) || Array.isArray(v) ? (v as Plain)[k] : undefined;
  const value = v === undefined ? '0 (the default)' : String(v);
  for (let i = overrides.length - 1; i >= 0; i--) {
    const o = overrides[i];
    if (o.path.every((p, k) => String(path[k]) === p)) return { where: file, from: `--set ${o.text}`, flag: ` (--set ${o.text})`, value };
  }
  const here = locate(path, sources);
  return { where: here, from: here, flag: '', value };
}

/** A field path as printed: `a.b.0.c`, or `phases[1].a.b` inside a phase. */
function fieldName(path: Path, within?: Path): string {
  if (within === undefined || within.length === 0) return path.length === 0 ? '(top level)' : path.join('.');
  const rest = path.slice(within.length);
  return `${within[0]}[${within[1]}]${rest.length > 0 ? `.${rest.join('.')}` : ''}`;
}

/** Child values win; mappings merge key by key; lists are replaced; null deletes. */
function deepMerge(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else if (isPlain(v) && isPlain(out[k])) out[k] = deepMerge(out[k] as Plain, v);
    else out[k] = v;
  }
  return out;
}


/** Applies one `--set path=value` (value read as YAML: 5, '6 min', [1, 2], true). */
function applySet(target: Plain, text: string): Override {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UserError(`--set ${text}: expected path=value, e.g. --set roles.server.headcount=6`);
  const pathText = text.slice(0, eq).trim();
  const path = pathText.split('.');
  let value: unknown;
  try {
    value = parseYaml(text.slice(eq + 1));
  } catch {
    value = text.slice(eq + 1);
  }
  let node: unknown = target;
  for (let i = 0; i < path.length - 1; i++) {
    const next = (node as Plain)[path[i]];
    if (next === null || typeof next !== 'object') {
      const here = path.slice(0, i + 1).join('.');
      const keys = Object.keys(node as Plain);
      throw new UserError(`--set ${text}: ${here}: unknown path (${i === 0 ? 'top-level' : path.slice(0, i).join('.')} fields: ${keys.join(', ') || 'none'})`);
    }
    node = next;
  }
  // As in `extends`, null removes a field (e.g. --set run.horizon=null).
  if (value === null) delete (node as Plain)[path[path.length - 1]];
  else (node as Plain)[path[path.length - 1]] = value;
  return { text, path };
}

function describeIssue(issue: z.core.$ZodIssue, sources: Source[], overrides: Override[], within: Path = []): string {
  let path: Path = [...within, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  let message = issue.message.replace(/^Invalid input: /, '').replace(/^Invalid option: /, '');
  if (issue.code === 'unrecognized_keys') {
    path = [...path, issue.keys[0]];
    message = `unknown field '${issue.keys[0]}'`;
  } else if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
    message = `missing (expected ${issue.expected})`;
  } else if (issue.code === 'invalid_union') {
    // The alternative that got into the value (a list's item, a mapping's field) is the one meant:
    // report its issue at its own place, so the message names the field and its line.
    const deeper = deepestAlternative(issue);
    if (deeper !== undefined) return describeIssue({ ...deeper, path: [...issue.path, ...deeper.path] }, sources, overrides, within);
    // A union the schema words itself ({ error: ... }) says what it takes better than its alternatives' messages.
    message = /^Invalid input/.test(issue.message) ? unionMessage(issue) : issue.message;
  }
  // Anything inside a phase reads `phases[i].field`.
  const field = fieldName(path, path[0] === 'phases' && typeof path[1] === 'number' ? path.slice(0, 2) : within);
  // The last --set that touched this field (or a parent of it) is where the value came from.
  for (let i = overrides.length - 1; i >= 0; i--) {
    const o = overrides[i];
    if (o.path.every((p, k) => String(path[k]) === p)) return `--set ${o.text}: ${field}: ${message}`;
  }
  return `${locate(path, sources)}: ${field}: ${message}`;
}

/** The first issue of the union's alternative that got furthest into the value, if any got in at all. */
function deepestAlternative(issue: z.core.$ZodIssue & { code: 'invalid_union' }): z.core.$ZodIssue | undefined {
  const options = issue.errors.map((errs) => errs[0]).filter((e) => e !== undefined);
  const deepest = options.reduce<z.core.$ZodIssue | undefined>((best, e) => (best === undefined || e.path.length > best.path.length ? e : best), undefined);
  return deepest !== undefined && deepest.path.length > 0 ? deepest : undefined;
}

/** No alternative fits the value itself: list what each expected ("expected object or array, received number"). */
function unionMessage(issue: z.core.$ZodIssue & { code: 'invalid_union' }): string {
  const options = issue.errors.map((errs) => errs[0]).filter((e) => e !== undefined);
  const texts = options.map((e) => e.message.replace(/^Invalid (input|option): /, '').replace(/^expected /, ''));
  const received = texts.map((t) => /, received (\w+)$/.exec(t)?.[1]);
  if (received.length > 0 && received.every((r) => r !== undefined && r === received[0])) {
    return `expected ${texts.map((t) => t.replace(/, received \w+$/, '')).join(' or ')}, received ${received[0]}`;
  }
  return `expected ${texts.join(' or ')}`;
}

/** file:line:col of the deepest part of `path` present in any source, the most derived file first. */
function locate(path: Path, sources: Source[]): string {
  let best: { source: Source; offset: number; depth: number } | undefined;
  for (const source of sources) {
    for (let depth = path.length; depth >= 0; depth--) {
      const offset = offsetOf(source.doc, path.slice(0, depth));
      if (offset !== undefined) {
        if (best === undefined || depth > best.depth) best = { source, offset, depth };
        break;
      }
    }
  }
  if (best === undefined || best.source.lines === undefined) {
    const first = sources[0];
    return first === undefined ? '?' : first.lines === undefined ? first.file : `${first.file}:1:1`;
  }
  const pos = best.source.lines.linePos(best.offset);
  return `${best.source.file}:${pos.line}:${pos.col}`;
}

/** Offset of a field's key (or a list item) in the document, or undefined if absent. */
function offsetOf(doc: Document, path: Path): number | undefined {
  if (path.length === 0) return doc.contents?.range?.[0] ?? 0;
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (isMap(parent)) {
    const pair = parent.items.find((p) => {
      const k = p.key as { value?: unknown } | null;
      return k !== null && String(k.value ?? k) === String(last);
    });
    return (pair?.key as { range?: [number, number, number] } | null)?.range?.[0];
  }
  if (isSeq(parent) && typeof last === 'number') {
    return (parent.items[last] as { range?: [number, number, number] } | undefined)?.range?.[0];
  }
  return undefined;
}
