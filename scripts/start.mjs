#!/usr/bin/env node
// `npm start`: the flagship study. Outside-in against inside-out (a paired
// comparison on common random numbers: the F1-F3 figures head its table), then
// the transition from one to the other against staying as it is (its cash:
// one-off costs, payback, ROI, NPV), then one report of both. The textbook
// models of scenarios/theory are run by the tests and described in the README.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist/cli/bin.js');
const salesim = (...args) => execFileSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });

process.stdout.write('\n== outside-in against inside-out\n');
salesim('compare', 'scenarios/outside-in.yaml', 'scenarios/inside-out.yaml', '--no-report');
process.stdout.write('\n== the transition from outside-in to inside-out, against staying outside-in\n');
// The transition's own window (two years, a 4-week warm-up) for both, so that its cash is paired week by week.
salesim('compare', 'scenarios/outside-in.yaml', 'scenarios/transition.yaml', '--set', 'run.horizon=104 wk', '--set', 'run.warmup=4 wk', '--no-report');
process.stdout.write('\n== the report\n');
salesim('report', 'output/compare-outside-in-vs-inside-out', 'output/compare-outside-in-vs-transition', '--out', 'output/flagship');
process.stdout.write(`\nreport: ${join('output', 'flagship', 'report.html')}\n`);
