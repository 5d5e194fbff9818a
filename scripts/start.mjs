#!/usr/bin/env node
// `npm start`: runs every textbook model in scenarios/theory through `salesim run`,
// writing output/<name>/ for each, so a new user sees the kernel agree with theory
// (each file's header states the analytic values to compare against).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist/cli/main.js');
const files = readdirSync(join(root, 'scenarios/theory')).filter((f) => f.endsWith('.yaml')).sort();
for (const f of files) {
  process.stdout.write(`\n== scenarios/theory/${f}\n`);
  execFileSync(process.execPath, [cli, 'run', join('scenarios/theory', f)], { cwd: root, stdio: 'inherit' });
}
