import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Every file under `dir`, relative path -> content, with run.json's wall_s
 * (the one field two runs of the same study never share) blanked: what "the
 * same output, byte for byte" is checked on.
 */
export function folderFiles(dir: string, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) {
      for (const [k, v] of folderFiles(p, `${prefix}${e}/`)) out.set(k, v);
      continue;
    }
    const text = readFileSync(p, 'latin1');
    out.set(`${prefix}${e}`, e === 'run.json' ? text.replace(/"wall_s": [0-9.e+-]+/g, '"wall_s": 0') : text);
  }
  return out;
}
