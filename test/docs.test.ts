import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/study.js';

/**
 * The project is self-contained: what code, tests, scenarios and the README cite
 * is in the repository, in docs/model.md (the mechanisms M1-M16, the facts F1-F9,
 * the case texts and the sources). Two checks over every file of the repository:
 *  - no file cites the private working files the model was first written from
 *    (the domain notes, the reference notes, or the numbered source stories);
 *  - every link to docs/model.md#<anchor> names an anchor that docs/model.md has.
 */


/** Never read: installed packages, build output, git's files, run output. */
const SKIP_ANYWHERE = new Set(['node_modules', '.git']);
const SKIP_AT_ROOT = new Set(['dist', 'output']);
/** Larger files are data, not prose. */
const MAX_BYTES = 5_000_000;

/** Repository files (paths relative to the root, with forward slashes) and their text; binary files left out. */
function repositoryFiles(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const path = relative(ROOT, full).split(sep).join('/');
      if (SKIP_ANYWHERE.has(name) || (dir === ROOT && SKIP_AT_ROOT.has(name))) continue;
      const st = lstatSync(full);
      if (st.isDirectory()) walk(full);
      else if (st.isFile() && st.size <= MAX_BYTES) {
        const buf = readFileSync(full);
        if (buf.subarray(0, 8000).includes(0)) continue; // binary (an image)
        out.push({ path, text: buf.toString('utf8') });
      }
    }
  };
  walk(ROOT);
  return out;
}

const files = repositoryFiles();

/** Lines matching `re`, as `path:line: text`. */
function hits(list: { path: string; text: string }[], re: RegExp): string[] {
  const found: string[] = [];
  for (const f of list) {
    f.text.split('\n').forEach((line, i) => {
      if (re.test(line)) found.push(`${f.path}:${i + 1}: ${line.trim()}`);
    });
  }
  return found;
}

// Built from pieces, so that this file does not match itself.
const NOTES = ['DOM' + 'AIN', 'REFER' + 'ENCES'];
const CITATIONS = new RegExp([
  `\\b(${NOTES.join('|')})\\b`, // the notes, by file name ("<name>.md") or by name ("<name> 4", "<name> section 2", "<name> M14")
  `\\b[Ss]eeds? 0{2}\\d`, // a numbered source story
  `\\bseeds\\/`, // the stories' folder
].join('|'));

const MODEL = 'docs/model.md';

/** The anchors of docs/model.md: explicit ids, and the slugs GitHub gives its headings. */
function anchors(markdown: string): Set<string> {
  const ids = new Set<string>();
  for (const m of markdown.matchAll(/\bid="([^"]+)"/g)) ids.add(m[1]);
  for (const m of markdown.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    ids.add(m[1].toLowerCase().replace(/<[^>]*>/g, '').replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-'));
  }
  return ids;
}

describe('the project is self-contained', () => {
  it('reads the repository (sanity: the README, the scenarios and the model are there)', () => {
    const paths = files.map((f) => f.path);
    expect(paths).toContain('README.md');
    expect(paths).toContain(MODEL);
    expect(paths).toContain('scenarios/company.yaml');
    expect(paths.some((p) => p.startsWith('node_modules/') || p.startsWith('dist/') || p.startsWith('output/'))).toBe(false);
  });

  it('no file cites the private working files: they point to docs/model.md instead', () => {
    const checked = files;
    expect(hits(checked, CITATIONS), 'cite docs/model.md (#m7, #f3, #case-2, #parameters, #sources) instead').toEqual([]);
  });

  it('the citation check catches what it is for', () => {
    const seed = 'se' + 'ed';
    for (const line of [`see ${NOTES[0]}.md`, `${NOTES[1]}.md section 2`, `(${NOTES[1]} 5.5)`, `${NOTES[1]} section 4`, `${NOTES[0]} M14`,
      `${seed} 002: non-negotiable`, `S${seed.slice(1)} 000 ("A story")`, `${seed}s 000-004`, `../shared/${seed}s/`]) {
      expect(CITATIONS.test(line), line).toBe(true);
    }
    for (const line of ['seed 1', '--seed 7', 'seeds 1-4 (F4_SEED)', 'docs/model.md#case-3', 'references to the paper']) {
      expect(CITATIONS.test(line), line).toBe(false);
    }
  });

  const model = files.find((f) => f.path === MODEL)?.text ?? '';
  const known = anchors(model);

  it('docs/model.md has an anchor for every mechanism, fact and case', () => {
    const ids = [
      ...Array.from({ length: 16 }, (_, i) => `m${i + 1}`),
      ...Array.from({ length: 9 }, (_, i) => `f${i + 1}`),
      ...Array.from({ length: 5 }, (_, i) => `case-${i + 1}`),
      'mechanisms', 'facts', 'cases', 'parameters', 'sources', 'measurement', 'constraint', 'forrester',
    ];
    expect(ids.filter((id) => !known.has(id))).toEqual([]);
  });

  it('every link to docs/model.md#<anchor> in the repository names an anchor that exists', () => {
    const broken: string[] = [];
    for (const f of files) {
      f.text.split('\n').forEach((line, i) => {
        for (const m of line.matchAll(/docs\/model\.md#([\w-]+)/g)) {
          if (!known.has(m[1])) broken.push(`${f.path}:${i + 1}: #${m[1]}`);
        }
        // Links within docs/model.md itself.
        if (f.path === MODEL) {
          for (const m of line.matchAll(/\]\(#([\w-]+)\)/g)) if (!known.has(m[1])) broken.push(`${f.path}:${i + 1}: #${m[1]}`);
        }
      });
    }
    expect(broken).toEqual([]);
    // The check is not empty by construction: the README and the scenarios link there.
    expect(hits(files, /docs\/model\.md#/).length).toBeGreaterThan(20);
  });
});
