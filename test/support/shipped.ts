import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './study.js';

/**
 * Every shipped scenario file under scenarios/ (subfolders too: theory/, workflows/, one folder
 * per business), relative to the repository. A file is runnable when it names itself (`name:`):
 * the others are bases (a company, a workflow) that operating models extend.
 */
export function shippedScenarios(): { file: string; runnable: boolean; extends: boolean }[] {
  const out: { file: string; runnable: boolean; extends: boolean }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.yaml')) {
        const file = join(dir, e.name);
        const data = read(file);
        out.push({ file, runnable: typeof data.name === 'string', extends: data.extends !== undefined });
      }
    }
  };
  walk('scenarios');
  return out;
}

function read(file: string): Record<string, unknown> {
  return (parse(readFileSync(join(ROOT, file), 'utf8')) ?? {}) as Record<string, unknown>;
}
