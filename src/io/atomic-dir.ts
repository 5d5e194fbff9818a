import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Writes a set of files into `dir` all at once: they are written into a hidden
 * temporary folder beside it, which then replaces `dir` by rename. A failure or
 * an interrupted run leaves `dir` as it was, never half-written.
 */
export function writeDirAtomically(dir: string, files: Record<string, string | Uint8Array>): void {
  const target = resolve(dir);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const prefix = `.${basename(target)}.tmp-`;
  // Leftovers of runs killed while writing.
  for (const f of readdirSync(parent)) if (f.startsWith(prefix)) rmSync(join(parent, f), { recursive: true, force: true });
  const tmp = mkdtempSync(join(parent, prefix));
  try {
    for (const [name, content] of Object.entries(files)) {
      // Names may hold a subfolder (charts/throughput.svg).
      mkdirSync(dirname(join(tmp, name)), { recursive: true });
      writeFileSync(join(tmp, name), content);
    }
    if (existsSync(target)) {
      const old = `${tmp}-old`;
      renameSync(target, old);
      renameSync(tmp, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, target);
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Adds files to an existing folder without leaving it half-written: each
 * subfolder named in the files (charts/) is replaced as a whole, as
 * writeDirAtomically does, and each top-level file is written beside its
 * target and renamed over it. Other files in the folder are left alone.
 */
export function addFilesAtomically(dir: string, files: Record<string, string | Uint8Array>): void {
  const groups = new Map<string, Record<string, string | Uint8Array>>();
  const top: [string, string | Uint8Array][] = [];
  for (const [name, content] of Object.entries(files)) {
    const slash = name.indexOf('/');
    if (slash < 0) { top.push([name, content]); continue; }
    const sub = name.slice(0, slash);
    if (!groups.has(sub)) groups.set(sub, {});
    groups.get(sub)![name.slice(slash + 1)] = content;
  }
  for (const [sub, group] of groups) writeDirAtomically(join(dir, sub), group);
  for (const [name, content] of top) {
    const target = join(dir, name);
    const tmp = join(dir, `.${name}.tmp-${process.pid}`);
    try {
      writeFileSync(tmp, content);
      renameSync(tmp, target);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  }
}
