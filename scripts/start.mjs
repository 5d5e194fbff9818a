#!/usr/bin/env node
// `npm start`: the two operating models of the pipe-fittings company (outside-in
// and inside-out: the F1-F3 figures are the first lines of each table), then
// every textbook model in scenarios/theory (each file's header states the
// analytic values to compare against). Each run writes output/<name>/.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist/cli/main.js');
const theory = readdirSync(join(root, 'scenarios/theory')).filter((f) => f.endsWith('.yaml')).sort();
const files = ['scenarios/outside-in.yaml', 'scenarios/inside-out.yaml', ...theory.map((f) => join('scenarios/theory', f))];
for (const f of files) {
  process.stdout.write(`\n== ${f}\n`);
  execFileSync(process.execPath, [cli, 'run', f], { cwd: root, stdio: 'inherit' });
}
