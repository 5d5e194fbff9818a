import { basename, extname, join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { stringify } from 'csv-stringify/sync';
import { folderName, OutputDir } from '../io/output-dir.js';
import { formatNumber } from '../io/run-files.js';
import { UserError } from '../scenario/load.js';
import { column, durationCell, readCsv, textCell, unitHours } from '../fit/csv.js';
import { erlangK, fitGroup, formatP, type GroupFit } from '../fit/durations.js';
import { qqChart } from '../fit/qq-chart.js';
import { block, comments, durationText, formText, se, short, type Node } from '../fit/yaml.js';
import { jsonFile, printJson, VERSION } from './args.js';
import { columns } from './table.js';
import { arrivalsCommand } from './fit-arrivals.js';

/** `salesim fit durations` and `salesim fit arrivals`: a client's exports as the scenario language's distributions and rates. */

interface DurationArgs { file: string; column: string; unit: string; by?: string; out?: string; quiet: boolean; json: boolean }

const durationsCommand: CommandModule = {
  command: 'durations <file>',
  describe: 'fit exponential, gamma, lognormal, Weibull and empirical distributions to a column of durations',
  builder: (y: Argv) => y
    .positional('file', { type: 'string', demandOption: true, describe: 'CSV export with a header line' })
    .option('column', { type: 'string', demandOption: true, describe: 'the column of durations' })
    .option('unit', { type: 'string', default: 'min', describe: 'unit of plain numbers in the column (cells such as "90 s" carry their own)' })
    .option('by', { type: 'string', describe: 'a column to fit each of its values apart (task, role...)' })
    .option('out', { type: 'string', describe: 'output folder (default: output/fit-<file>-<column>)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'print only where the files went' }),
  handler: (a) => commandDurations(a as unknown as DurationArgs),
};

export const fitCommand: CommandModule = {
  command: 'fit',
  describe: 'fit distributions (fit durations) or arrival rates and profiles (fit arrivals) to a CSV export',
  builder: (y: Argv) => y.command(durationsCommand).command(arrivalsCommand).demandCommand(1, 'expected what to fit: durations or arrivals'),
  handler: () => undefined,
};

/** Values of a column, by group ('' without --by): every cell checked before anything is fitted. */
export function readDurations(file: string, col: string, unit: string, by: string | undefined): { groups: Map<string, number[]>; blanks: number } {
  const hours = unitHours(unit);
  const t = readCsv(file);
  const k = column(t, col, '--column');
  const b = by === undefined ? -1 : column(t, by, '--by');
  const groups = new Map<string, number[]>();
  let blanks = 0;
  for (const row of t.rows) {
    const v = durationCell(t, row, k, unit, hours);
    if (v === null) { blanks++; continue; }
    const g = b < 0 ? '' : textCell(t, row, b, `a value to group by (--by ${by})`);
    let xs = groups.get(g);
    if (xs === undefined) groups.set(g, xs = []);
    xs.push(v);
  }
  if (groups.size === 0) throw new UserError(`${file}: column ${col}: expected durations, found only empty cells`);
  return { groups, blanks };
}

async function commandDurations(a: DurationArgs): Promise<void> {
  const started = performance.now();
  const { groups, blanks } = readDurations(a.file, a.column, a.unit, a.by);
  const fits = [...groups.keys()].sort().map((g) => fitGroup(g, groups.get(g)!));
  const stem = basename(a.file, extname(a.file));
  const dir = a.out ?? join('output', folderName(`fit-${stem}-${a.column}${a.by === undefined ? '' : `-by-${a.by}`}`));
  const out = OutputDir.open(dir, { given: a.out !== undefined, inputs: [a.file] });
  const command = `salesim fit durations ${basename(a.file)} --column ${a.column} --unit ${a.unit}${a.by === undefined ? '' : ` --by ${a.by}`}`;
  const yaml = durationsYaml(fits, a.unit, command);
  try {
    const files: Record<string, string> = {
      'fit.csv': fitCsv(fits),
      'fit.yaml': yaml,
      'run.json': jsonFile({ salesim: VERSION, command: 'fit durations', file: a.file, column: a.column, unit: a.unit, by: a.by ?? null, blanks, groups: fits.map((g) => ({ group: g.group, n: g.n, zeros: g.zeros, chosen: g.chosen.name })) }),
    };
    const spec = qqChart(fits, a.unit, `Q-Q: ${a.column} (${a.unit})${a.by === undefined ? '' : ` by ${a.by}`}`);
    if (spec !== null) {
      // Loaded on demand: vega takes most of a second to load.
      const { toSvg } = await import('../report/render.js');
      files['charts/qq.vl.json'] = `${JSON.stringify(spec, null, 2)}\n`;
      files['charts/qq.svg'] = await toSvg(spec, 'charts/qq');
    }
    out.writeAll(files);
  } catch (e) {
    out.abandon();
    throw e;
  }
  out.commit();
  const wall = (performance.now() - started) / 1000;
  if (a.json) {
    printJson({ salesim: VERSION, command: 'fit durations', out: dir, groups: fits.map(groupJson) });
    return;
  }
  if (!a.quiet) {
    for (const g of fits) process.stdout.write(`${groupReport(g, a, blanks)}\n\n`);
    process.stdout.write(`${yaml}\n`);
    process.stdout.write(`(${wall.toFixed(2)} s) `);
  }
  process.stdout.write(`wrote ${dir}/fit.csv, fit.yaml, run.json${fits.some((g) => g.tested.length > 0) ? ', charts/qq.svg' : ''}\n`);
}

/** The parameters a scenario writes, with their standard errors (the lognormal's log-scale pair is in fit.csv). */
function shownParameters(g: GroupFit['tested'][number]): string {
  return g.fit.params.filter((p) => p.name !== 'mu' && p.name !== 'sigma').map((p) => `${p.name} ${short(p.value)} ± ${se(p.se)}`).join(', ');
}

function groupReport(g: GroupFit, a: DurationArgs, blanks: number): string {
  const what = `${basename(a.file)}: ${a.column} (${a.unit})${a.by === undefined ? '' : `, ${a.by} ${g.group}`}`;
  const left = [g.zeros > 0 ? `${g.zeros} of 0 left out` : '', blanks > 0 && a.by === undefined ? `${blanks} empty cells skipped` : ''].filter((s) => s !== '');
  const head = `${what}: ${g.n} values${left.length > 0 ? ` (${left.join(', ')})` : ''}`;
  if (g.tested.length === 0) return `${head}\n  ${g.reason}`;
  const rows = g.tested.map((t, i) => [t.fit.name, shownParameters(t), t.fit.logLik.toFixed(1), t.fit.aic.toFixed(1), t.ks.statistic.toFixed(3), formatP(t.ks.pValue), i === 0 ? 'best AIC' : '']);
  const v = g.values;
  const q = (p: number) => short(v[Math.min(v.length - 1, Math.floor(p * v.length))]);
  rows.push(['empirical', `median ${q(0.5)}, p90 ${q(0.9)}, max ${short(v[v.length - 1])}`, '', '', '', '', '']);
  return `${head}\n${columns(['distribution', 'parameters (± standard error)', 'log L', 'AIC', 'KS D', 'KS p', ''], rows, 'llrrrrl')}\n${g.reason}`;
}

/** The paste-ready YAML: `duration:` alone, or one per group under its name (a task's name pastes under `tasks:`). */
export function durationsYaml(fits: GroupFit[], unit: string, command: string): string {
  const head = comments([command, 'KS p-values are optimistic: the parameters were fitted to the same data.']);
  const entry = (g: GroupFit): [string, Node] => {
    const k = g.tested.length > 0 && g.chosen.name === 'gamma' ? erlangK(g.tested[0].fit) : null;
    const erlang = k === null || g.chosen.name !== 'gamma' ? [] : [`or: { erlang: { k: ${k}, mean: ${durationText(g.chosen.mean, unit)} } }`];
    return ['duration', { raw: formText(g.chosen, unit), comment: [`${g.n} values; ${g.reason}`, ...erlang] }];
  };
  if (fits.length === 1 && fits[0].group === '') return head + block([entry(fits[0])]);
  return head + block(fits.map((g) => [g.group, { map: [entry(g)] }]));
}

/** fit.csv: one row per group, family and parameter. */
function fitCsv(fits: GroupFit[]): string {
  const rows: string[][] = [];
  for (const g of fits) {
    g.tested.forEach((t, rank) => {
      for (const p of t.fit.params) {
        rows.push([g.group, String(g.n), String(g.zeros), t.fit.name, String(rank + 1), p.name, formatNumber(p.value), formatNumber(p.se),
          formatNumber(t.fit.logLik), formatNumber(t.fit.aic), formatNumber(t.ks.statistic), formatNumber(t.ks.pValue), String(g.chosen.name === t.fit.name)]);
      }
    });
    if (g.chosen.name === 'empirical') rows.push([g.group, String(g.n), String(g.zeros), 'empirical', '', 'values', String(g.chosen.values.length), '', '', '', '', '', 'true']);
  }
  return stringify(rows, { header: true, columns: ['group', 'n', 'zeros', 'distribution', 'aic_rank', 'parameter', 'value', 'se', 'log_likelihood', 'aic', 'ks_d', 'ks_p', 'chosen'] });
}

function groupJson(g: GroupFit) {
  return {
    group: g.group, n: g.n, zeros: g.zeros, chosen: g.chosen, reason: g.reason,
    fits: g.tested.map((t) => ({ distribution: t.fit.name, parameters: t.fit.params, log_likelihood: t.fit.logLik, aic: t.fit.aic, ks_d: t.ks.statistic, ks_p: t.ks.pValue })),
  };
}
