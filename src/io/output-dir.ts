import { copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../scenario/load.js';

/**
 * An output folder, written all at once. A user's files are sacred: salesim
 * only ever replaces a folder that it wrote itself (one whose run.json starts
 * with salesim's head and that holds nothing but salesim's files), and refuses,
 * before anything runs, a destination that is a file, holds other files, is the
 * current folder or one of its ancestors, or holds one of the command's inputs.
 *
 * Files go into a staging folder beside the destination, named
 * `NAME.salesim-incomplete-PID-N` so that a user who finds one after a crash
 * sees what it is; the staging folder then replaces the destination by rename.
 * Staging folders of processes that are gone are removed by the next write in
 * the same place. Folders are created with mkdir's default mode, so they follow
 * the user's umask.
 */

/** Top-level files salesim writes in an output folder; anything else makes a folder the user's. */
export const OUTPUT_FILES: ReadonlySet<string> = new Set([
  'run.json', 'summary.csv', 'weekly.csv', 'weekly-labels.csv', 'warnings.csv', 'replications.csv',
  'compare.csv', 'cash.csv', 'stress.csv', 'headroom.csv', 'size.csv', 'sensitivity.csv', 'uncertainty.csv', 'samples.csv', 'report.html',
  // salesim fit and calibrate (src/cli/fit.ts, calibrate.ts)
  'fit.csv', 'fit.yaml', 'arrivals.csv', 'arrivals.yaml', 'calibration.csv', 'calibrated.yaml',
]);
/** Folders salesim writes: charts/ holds the report's charts. Model folders of a comparison are output folders themselves. */
const CHART_FILE = /\.(svg|png|vl\.json)$/;
const STAGING = /^(.*)\.salesim-(incomplete|old)-(\d+)-\d+$/;
/** Hidden staging folders of salesim 0.1 (`.NAME.tmp-XXXXXX`), removed like the others. */
const LEGACY = /^\.(.*)\.tmp-[A-Za-z0-9]{6}(-old)?$/;

/** Every staging folder this process has open, removed if it exits before committing (a second Ctrl-C exits at once). */
const open = new Set<string>();
process.on('exit', () => {
  for (const dir of open) rmSync(dir, { recursive: true, force: true });
});

export interface OutputOptions {
  /** How the user named the folder, for messages: `--out x` or the default. */
  given?: boolean;
  /** Files and folders the command reads: the output may not hold them (it would replace them). */
  inputs?: readonly string[];
  /** Keep what the folder already holds, replacing only what is written again (`salesim report DIR`). */
  keep?: boolean;
}

export class OutputDir {
  readonly dir: string;
  private readonly target: string;
  private readonly staging: string;
  private readonly keep: boolean;
  private done = false;
  private committed = false;

  private constructor(dir: string, target: string, staging: string, keep: boolean) {
    this.dir = dir;
    this.target = target;
    this.staging = staging;
    this.keep = keep;
  }

  /**
   * Checks the destination and creates its staging folder, so that a folder
   * that cannot be written is reported before the simulation runs.
   */
  static open(dir: string, options: OutputOptions = {}): OutputDir {
    const label = options.given === false ? `output folder ${dir}` : `--out ${dir}`;
    const target = resolve(dir);
    const cwd = process.cwd();
    if (target === cwd || isInside(cwd, target)) {
      throw new UserError(`${label}: is the current folder${target === cwd ? '' : ' or holds it'}; salesim writes a folder of its own (e.g. --out output/study)`);
    }
    for (const input of options.inputs ?? []) {
      const p = resolve(input);
      if ((p === target && !options.keep) || isInside(p, target)) {
        throw new UserError(`${label}: holds ${input}, which this command reads; writing there would replace it`);
      }
    }
    if (existsSync(target)) {
      const st = statSync(target);
      if (!st.isDirectory()) throw new UserError(`${label}: is a file, not a folder; salesim will not replace it`);
      const foreign = foreignEntries(target);
      if (foreign.length > 0) {
        const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? `, ... (${foreign.length} in all)` : '');
        throw new UserError(`${label}: holds files salesim did not write (${shown}); choose a new folder or one salesim wrote`);
      }
    }
    const parent = dirname(target);
    try {
      mkdirSync(parent, { recursive: true });
    } catch (e) {
      throw new UserError(`${label}: cannot create ${parent} (${reason(e)})`);
    }
    removeLeftovers(parent, basename(target));
    let staging = '';
    for (let n = 0; staging === ''; n++) {
      const candidate = join(parent, `${basename(target)}.salesim-incomplete-${process.pid}-${n}`);
      try {
        mkdirSync(candidate);
        staging = candidate;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new UserError(`${label}: cannot write in ${parent} (${reason(e)})`);
      }
    }
    open.add(staging);
    return new OutputDir(dir, target, staging, options.keep ?? false);
  }

  /** The path a file of this output is written to before commit (its subfolders created). */
  path(name: string): string {
    const p = join(this.staging, name);
    mkdirSync(dirname(p), { recursive: true });
    return p;
  }

  write(name: string, content: string | Uint8Array): void {
    try {
      writeFileSync(this.path(name), content);
    } catch (e) {
      throw new UserError(`${this.dir}/${name}: cannot write (${reason(e)})`);
    }
  }

  writeAll(files: Record<string, string | Uint8Array>): void {
    for (const [name, content] of Object.entries(files)) this.write(name, content);
  }

  /** Puts the written files in place of the folder, all at once. */
  commit(): void {
    if (this.done) throw new Error('OutputDir: committed or abandoned already');
    this.done = true;
    this.committed = true;
    try {
      if (existsSync(this.target)) {
        if (this.keep) linkMissing(this.target, this.staging);
        const old = this.staging.replace('.salesim-incomplete-', '.salesim-old-');
        renameSync(this.target, old);
        renameSync(this.staging, this.target);
        open.delete(this.staging);
        // Checked again, in case the user added a file while salesim ran: then it is kept where it is.
        if (foreignEntries(old).length === 0) rmSync(old, { recursive: true, force: true });
        else process.stderr.write(`salesim: the previous ${this.dir} gained files while this ran; it is kept as ${old}\n`);
      } else {
        renameSync(this.staging, this.target);
        open.delete(this.staging);
      }
    } catch (e) {
      this.committed = false;
      this.abandon();
      throw new UserError(`${this.dir}: cannot put the output in place (${reason(e)})`);
    }
  }

  /** Removes what was written; the destination stays as it was. */
  abandon(): void {
    if (this.committed) return;
    this.done = true;
    rmSync(this.staging, { recursive: true, force: true });
    open.delete(this.staging);
  }
}

/** Writes `files` into `dir` at once, with the same checks (a command that has everything in hand). */
export function writeOutput(dir: string, files: Record<string, string | Uint8Array>, options: OutputOptions = {}): void {
  const out = OutputDir.open(dir, options);
  try {
    out.writeAll(files);
  } catch (e) {
    out.abandon();
    throw e;
  }
  out.commit();
}

/**
 * True when `dir` is an output folder salesim wrote: run.json with salesim's
 * head, and nothing but salesim's files (model folders of a comparison are
 * output folders themselves).
 */
export function isSalesimOutput(dir: string): boolean {
  return existsSync(join(dir, 'run.json')) && foreignEntries(dir).length === 0;
}

/** What in `dir` salesim did not write (relative names); empty for an empty folder or a salesim output. */
function foreignEntries(dir: string): string[] {
  const entries = readdirSync(dir);
  if (entries.length === 0) return [];
  if (!hasHead(join(dir, 'run.json'))) return entries.filter((e) => !STAGING.test(e));
  const out: string[] = [];
  for (const e of entries) {
    const p = join(dir, e);
    const st = lstatSync(p);
    if (st.isFile() && OUTPUT_FILES.has(e)) continue;
    if (st.isDirectory() && STAGING.test(e)) continue;
    if (st.isDirectory() && e === 'charts') {
      out.push(...foreignCharts(p, 'charts/'));
      continue;
    }
    if (st.isDirectory() && hasHead(join(p, 'run.json'))) {
      out.push(...foreignEntries(p).map((f) => `${e}/${f}`));
      continue;
    }
    out.push(e);
  }
  return out;
}

/** charts/ holds chart files, in a folder per part of a study report (charts/<part>/). */
function foreignCharts(dir: string, prefix: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const st = lstatSync(join(dir, f));
    if (st.isFile() && CHART_FILE.test(f)) return [];
    if (st.isDirectory()) return foreignCharts(join(dir, f), `${prefix}${f}/`);
    return [`${prefix}${f}`];
  });
}

function hasHead(runJson: string): boolean {
  try {
    const record = JSON.parse(readFileSync(runJson, 'utf8')) as unknown;
    return typeof record === 'object' && record !== null && typeof (record as { salesim?: unknown }).salesim === 'string';
  } catch {
    return false;
  }
}

/** Staging folders of `name` left by salesim processes that no longer run. */
function removeLeftovers(parent: string, name: string): void {
  for (const e of readdirSync(parent)) {
    const m = STAGING.exec(e);
    const legacy = LEGACY.exec(e);
    const ours = (m !== null && m[1] === name && !alive(Number(m[3]))) || legacy?.[1] === name;
    if (ours && lstatSync(join(parent, e)).isDirectory()) rmSync(join(parent, e), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Hard-links (or copies) into `to` every entry of `from` that `to` does not have at its top level. */
function linkMissing(from: string, to: string): void {
  for (const e of readdirSync(from)) {
    if (existsSync(join(to, e)) || STAGING.test(e)) continue;
    copyTree(join(from, e), join(to, e));
  }
}

function copyTree(from: string, to: string): void {
  if (lstatSync(from).isDirectory()) {
    mkdirSync(to);
    for (const e of readdirSync(from)) copyTree(join(from, e), join(to, e));
    return;
  }
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/** True when `p` lies strictly inside `dir` (both resolved). */
function isInside(p: string, dir: string): boolean {
  const r = relative(dir, p);
  return r !== '' && r.split(sep)[0] !== '..' && !isAbsolute(r);
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EROFS': return 'read-only file system';
    case 'ENOTDIR': case 'EEXIST': return 'a file is in the way of a folder';
    case 'ENOSPC': return 'no space left on the device';
    case 'EDQUOT': return 'disk quota exceeded';
    default: return code ?? (e as Error).message;
  }
}

/**
 * A scenario's name as a folder name under output/: path separators and
 * control characters replaced, and never `.`, `..` or hidden, so that a file
 * called `...yaml` cannot send the output to the folder above.
 */
export function folderName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const plain = name.replace(/[/\\\u0000-\u001f]/g, '-').trim();
  return plain === '' || plain.startsWith('.') ? `scenario-${plain.replace(/^\.+/, '') || 'unnamed'}` : plain;
}
