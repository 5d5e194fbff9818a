import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/study.js';

/**
 * The layers import one way: kernel <- scenario language <- models (network,
 * sales) <- the model registry <- run, fit (CSV exports fitted) <- io <- report <- api <- cli. This test
 * reads every import of src/ (static, re-exports and dynamic `import()`) and
 * fails on an import from a lower layer into a higher one, and on any cycle,
 * between files or between folders.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['version.ts', 'kernel', 'theory'],
  ['scenario'],
  ['network', 'sales'],
  ['models'],
  ['run', 'fit'],
  ['io'],
  ['report'],
  ['api'],
  ['cli', 'index.ts'],
];

const SRC = join(ROOT, 'src');

const KNOWN_FILE_CYCLES: string[][] = [];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** src-relative path with forward slashes: `run/study.ts`. */
const rel = (p: string) => relative(SRC, p).split(sep).join('/');
/** A file's unit: its top folder under src/, or the file itself at the top. */
const unit = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : file);
const layerOf = (file: string) => LAYERS.findIndex((l) => l.includes(unit(file)));

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => rel(resolve(dirname(file), m[1].replace(/\.js$/, '.ts'))));
    graph.set(rel(file), [...new Set(targets)]);
  }
  return graph;
}

/** The strongly connected components with more than one member (or a self-loop): Tarjan's algorithm. */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do { w = stack.pop()!; on.delete(w); component.push(w); } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

describe('the import graph of src/', () => {
  const graph = importGraph();

  it('every file is in a layer, and every import resolves to a file of src/', () => {
    for (const [file, targets] of graph) {
      expect(layerOf(file), `${file}: in no layer (add its folder to LAYERS)`).toBeGreaterThanOrEqual(0);
      for (const t of targets) expect(graph.has(t), `${file} imports ${t}, which is not a file of src/`).toBe(true);
    }
    expect(graph.size).toBeGreaterThan(50);
  });

  it('imports go down the layers, never up', () => {
    const upward = [...graph].flatMap(([file, targets]) => targets.filter((t) => layerOf(t) > layerOf(file)).map((t) => `${file} -> ${t}`));
    expect(upward).toEqual([]);
  });

  it('no cycle between files', () => {
    expect(cycles(graph)).toEqual(KNOWN_FILE_CYCLES);
  });

  it('no cycle between folders', () => {
    const folders = new Map<string, string[]>();
    for (const [file, targets] of graph) {
      const from = unit(file);
      const list = folders.get(from) ?? [];
      for (const t of targets) if (unit(t) !== from && !list.includes(unit(t))) list.push(unit(t));
      folders.set(from, list);
    }
    expect(cycles(folders)).toEqual([]);
  });
});
