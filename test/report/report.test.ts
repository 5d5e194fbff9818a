import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModelOutput } from '../../src/report/outputs.js';
import { weeklyMeans } from '../../src/report/series.js';
import { tempDir } from '../support/cli.js';
import { cli } from '../support/inproc.js';

/** Every layer of a chart's panels (vconcat of layered views, or one layered view). */
function layers(spec: { vconcat?: { layer?: Layer[] }[]; layer?: Layer[] }): Layer[] {
  return [...(spec.layer ?? []), ...(spec.vconcat ?? []).flatMap((p) => p.layer ?? [])];
}
const markOf = (l: Layer) => (typeof l.mark === 'string' ? l.mark : l.mark.type);
type Layer = { mark: { type: string } | string; data?: { values: Record<string, unknown>[] }; encoding?: Record<string, unknown> & { color?: unknown } };

// One short run of each default model, written by the CLI as a user would.
const dir = tempDir();
const out = (name: string) => join(dir, name);
const CHARTS = ['constraint', 'economics', 'hours', 'queues', 'throughput', 'utilization', 'waits'];

beforeAll(async () => {
  for (const [name, extra] of [['outside-in', []], ['inside-out', []], ['starved', ['--set', 'roles.production.headcount=3']]] as const) {
    const file = name === 'starved' ? 'scenarios/inside-out.yaml' : `scenarios/${name}.yaml`;
    const r = await cli(['run', file, '--reps', '3', '--weeks', '20', '--set', 'run.warmup=4 wk', ...extra, '--out', out(name), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
  }
});

describe('report of a run', () => {
  it('writes report.html and every chart as vega-lite, SVG and PNG', async () => {
    const files = readdirSync(join(out('inside-out'), 'charts')).sort();
    expect(files).toEqual(CHARTS.flatMap((c) => [`${c}.png`, `${c}.svg`, `${c}.vl.json`]).sort());
    for (const c of CHARTS) {
      const svg = readFileSync(join(out('inside-out'), 'charts', `${c}.svg`), 'utf8');
      // A chart that lost its data still has axes: check for drawn marks.
      expect(svg, c).toMatch(/class="mark-(line|rect|area)/);
      const png = readFileSync(join(out('inside-out'), 'charts', `${c}.png`));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      const spec = JSON.parse(readFileSync(join(out('inside-out'), 'charts', `${c}.vl.json`), 'utf8'));
      expect(spec.$schema).toMatch(/vega-lite\/v6/);
    }
    const html = readFileSync(join(out('inside-out'), 'report.html'), 'utf8');
    expect(html.match(/<figure class="chart"/g)).toHaveLength(CHARTS.length);
    expect(html.match(/<svg /g)).toHaveLength(CHARTS.length);
    // Self-contained: nothing fetched from anywhere (links to the chart files are relative).
    expect(html).not.toMatch(/<script|<link|src="http/);
  });

  it('charts the weekly means the CSV holds', async () => {
    const m = await readModelOutput(out('inside-out'));
    const rows: { replication: string; week: string; metric: string; value: string }[] = parse(readFileSync(join(out('inside-out'), 'weekly.csv'), 'utf8'), { columns: true });
    const week7 = rows.filter((r) => r.metric === 'orders_week' && r.week === '7').map((r) => Number(r.value));
    expect(week7).toHaveLength(3);
    const point = weeklyMeans(m, 'orders_week').find((p) => p.week === 7)!;
    expect(point.mean).toBeCloseTo((week7[0] + week7[1] + week7[2]) / 3, 9);
    expect(point.low!).toBeLessThan(point.mean);
    const spec = JSON.parse(readFileSync(join(out('inside-out'), 'charts', 'throughput.vl.json'), 'utf8'));
    const drawn = layers(spec).flatMap((l) => l.data?.values ?? []).find((v) => v.metric === 'orders_week' && v.week === 7)!;
    expect(drawn.mean as number).toBeCloseTo(point.mean, 9);
  });

  it('salesim report DIR rebuilds the same report from the files', async () => {
    const before = readFileSync(join(out('outside-in'), 'report.html'), 'utf8');
    const svg = readFileSync(join(out('outside-in'), 'charts', 'hours.svg'), 'utf8');
    const r = await cli(['report', out('outside-in')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('report.html');
    expect(readFileSync(join(out('outside-in'), 'report.html'), 'utf8')).toBe(before);
    expect(readFileSync(join(out('outside-in'), 'charts', 'hours.svg'), 'utf8')).toBe(svg);
    expect(readdirSync(out('outside-in')).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('a folder that is not an output is a user error', async () => {
    const r = await cli(['report', join(dir, 'nothing-here')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nothing-here: no such folder/);
    const empty = tempDir();
    const r2 = await cli(['report', empty]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/expected the output folder/);
    expect(existsSync(join(empty, 'report.html'))).toBe(false);
  });

  it('draws a single replication (no intervals) without bands', async () => {
    const r = await cli(['run', 'scenarios/inside-out.yaml', '--reps', '1', '--weeks', '6', '--set', 'run.warmup=1 wk', '--out', out('one'), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(out('one'), 'charts')).filter((f) => f.endsWith('.svg')).sort()).toEqual(CHARTS.map((c) => `${c}.svg`));
    const spec = JSON.parse(readFileSync(join(out('one'), 'charts', 'throughput.vl.json'), 'utf8'));
    const marks = layers(spec).map(markOf);
    expect(marks).toContain('line');
    expect(marks).not.toContain('area');
  });

  it('--no-report writes the CSVs only', async () => {
    const r = await cli(['run', 'scenarios/theory/mmc.yaml', '--reps', '2', '--weeks', '3', '--no-report', '--out', out('plain'), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out('plain')).sort()).toEqual(['replications.csv', 'run.json', 'summary.csv', 'warnings.csv', 'weekly-labels.csv', 'weekly.csv']);
  });
});

describe('warnings', () => {
  it('carry F9 from warnings.csv to the report when sales support is the constraint', async () => {
    const r = await cli(['run', 'scenarios/inside-out.yaml', '--reps', '2', '--weeks', '12', '--set', 'run.warmup=2 wk', '--set', 'roles.customer_service.headcount=2', '--out', out('f9'), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const w = (await readModelOutput(out('f9'))).warnings.filter((x) => x.kind === 'sales-support-constraint');
    expect(w.map((x) => x.role)).toEqual(['customer_service']);
    expect(readFileSync(join(out('f9'), 'report.html'), 'utf8')).toMatch(/sales support is the constraint: customer_service in [\d.]+ of \d+ weeks/);
    expect((await readModelOutput(out('inside-out'))).warnings.filter((x) => x.kind === 'sales-support-constraint')).toEqual([]);
  });

  it('flag a queue that grows without bound and runs too short for their intervals', async () => {
    const starved = (await readModelOutput(out('starved'))).warnings;
    expect(starved.filter((w) => w.kind === 'unstable-queue').map((w) => w.role)).toContain('production');
    // The outside-in model on the same short run has no queue growing (inside-out's production queue jumps in its
    // last weeks on these three seeds, which the rule rightly reports).
    expect((await readModelOutput(out('outside-in'))).warnings.filter((w) => w.kind === 'unstable-queue')).toEqual([]);
    const ok = (await readModelOutput(out('inside-out'))).warnings;
    // Three replications: below the reliability threshold.
    expect(ok.some((w) => w.kind === 'short-run' && /only 3 replications/.test(w.text))).toBe(true);
    const html = readFileSync(join(out('starved'), 'report.html'), 'utf8');
    expect(html).toMatch(/unstable queue: production/);
  });
});

describe('report of a stress test', () => {
  it('charts utilization against the multiplier with breaking points and lists them', async () => {
    const st = out('stress');
    const r = await cli(['stress', 'scenarios/inside-out.yaml', '--from', '1', '--to', '3', '--steps', '3', '--reps', '2', '--weeks', '10', '--set', 'run.warmup=2 wk', '--out', st, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const html0 = readFileSync(join(st, 'report.html'), 'utf8');
    const rep = await cli(['report', st]);
    expect(rep.code, rep.stderr).toBe(0);
    expect(readFileSync(join(st, 'report.html'), 'utf8')).toBe(html0);
    const spec = JSON.parse(readFileSync(join(st, 'charts', 'stress-utilization.vl.json'), 'utf8'));
    const run = JSON.parse(readFileSync(join(st, 'run.json'), 'utf8'));
    const broken = run.breaking_points.filter((p: { multiplier: number | null }) => p.multiplier !== null);
    expect(broken.length).toBeGreaterThan(0);
    // One diamond per role that breaks, at its breaking multiplier.
    const diamonds = spec.layer[3].data.values;
    expect(diamonds.map((d: { id: string; multiplier: number }) => `${d.id}@${d.multiplier}`).sort())
      .toEqual(broken.map((p: { role: string; multiplier: number }) => `${p.role}@${p.multiplier}`).sort());
    expect(readFileSync(join(st, 'charts', 'stress-utilization.svg'), 'utf8')).toMatch(/class="mark-symbol/);
    // The legend's swatches are solid strokes in every layer, not the faint bands' fill.
    for (const l of spec.layer.filter((x: Layer) => x.encoding?.color !== undefined)) {
      expect(l.encoding!.color).toMatchObject({ legend: { symbolOpacity: 1, symbolType: 'stroke' } });
    }
    const html = readFileSync(join(st, 'report.html'), 'utf8');
    expect(html).toContain('<h1>Stress test of inside-out</h1>');
    // The answer names the first role to break and where, from run.json.
    const first = broken.find((p: { role: string }) => run.first_to_break.includes(p.role));
    expect(html).toMatch(new RegExp(`<p class="headline">The first to break is ${first.role.replaceAll('_', ' ')} at x${first.multiplier} `));
    expect(html).toContain('Breaking points');
    for (const p of broken) expect(html).toContain(`x${p.multiplier}`);
    // The field salespeople are inside-out's designated constraint: apart from the first to break, saturated as designed.
    expect(run.designated_constraint).toEqual(['field_salesperson']);
    expect(run.first_to_break).not.toContain('field_salesperson');
    expect(html).toContain('designated constraint: saturated, as designed');
    expect(html).toMatch(/The designated constraint, field salesperson, is saturated from x1, as designed/);
    // Beside the constraint share, every role's saturated weeks (roster).
    expect(html).toContain('saturated (% of weeks)');
  });
});

describe('one report of several outputs', () => {
  it('has a part per folder, each with its charts in its own folder', async () => {
    const study = join(dir, 'study');
    const r = await cli(['report', out('outside-in'), out('inside-out'), '--out', study]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(study, 'charts')).sort()).toEqual(['inside-out', 'outside-in']);
    const html = readFileSync(join(study, 'report.html'), 'utf8');
    expect(html.match(/<section class="part"/g)).toHaveLength(2);
    expect(html.match(/<figure class="chart"/g)).toHaveLength(2 * CHARTS.length);
    expect(html).toContain('href="charts/inside-out/hours.vl.json"');
    // Its parts are the single reports' charts, drawn from the same files.
    expect(readFileSync(join(study, 'charts', 'inside-out', 'hours.svg'), 'utf8')).toBe(readFileSync(join(out('inside-out'), 'charts', 'hours.svg'), 'utf8'));
    const twice = await cli(['report', out('outside-in'), out('outside-in'), '--out', join(dir, 'twice')]);
    expect(twice.code).toBe(2);
    expect(existsSync(join(dir, 'twice'))).toBe(false);
  });
});
