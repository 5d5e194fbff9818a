import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatValue } from '../../src/models/metrics.js';
import { tempDir } from '../support/cli.js';
import { cli } from '../support/inproc.js';

/**
 * The report leads with the answer: a title from the scenarios' own names, the
 * headline result computed from the results, warnings explained after it,
 * figures labelled with their units, the roles grouped and coloured the same
 * in every chart, the warm-up shaded and the phases marked. Written by the
 * CLI as a user would: a comparison, a transition, one report of both.
 */
const dir = tempDir();
const cmp = join(dir, 'cmp');
const tr = join(dir, 'tr');
const study = join(dir, 'study');
const html = (d: string) => readFileSync(join(d, 'report.html'), 'utf8');
const spec = (d: string, id: string) => JSON.parse(readFileSync(join(d, 'charts', `${id}.vl.json`), 'utf8'));
const csv = (f: string): Record<string, string>[] => parse(readFileSync(f, 'utf8'), { columns: true });
/** The text of the page without tags (entities of the characters esc() writes undone). */
const text = (h: string) => h.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

type Layer = { mark: { type: string } | string; data?: { values: Record<string, unknown>[] }; encoding?: Record<string, { title?: unknown; scale?: { domain?: string[]; range?: string[] }; field?: string; legend?: unknown }> };
type Spec = { vconcat?: { layer?: Layer[] }[]; layer?: Layer[] };
const layers = (s: Spec): Layer[] => [...(s.layer ?? []), ...(s.vconcat ?? []).flatMap((p) => p.layer ?? [])];
const markOf = (l: Layer) => (typeof l.mark === 'string' ? l.mark : l.mark.type);
/** The rows of the table that follows an element with this id: each row's cells as text. */
function tableAfter(page: string, id: string): string[][] {
  const at = page.indexOf(`id="${id}"`);
  const table = page.slice(page.indexOf('<tbody>', at), page.indexOf('</tbody>', at));
  return [...table.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => text(c[1]).trim()));
}

beforeAll(async () => {
  const c = await cli(['compare', 'scenarios/outside-in.yaml', 'scenarios/inside-out.yaml', '--reps', '3', '--weeks', '16', '--set', 'run.warmup=4 wk', '--out', cmp, '--quiet']);
  expect(c.code, c.stderr).toBe(0);
  // Its six phases begin after weeks 1, 13, 17, 26, 30 and 39 (the last must be before the end of the run).
  const t = await cli(['run', 'scenarios/transition.yaml', '--reps', '1', '--weeks', '42', '--out', tr, '--quiet']);
  expect(t.code, t.stderr).toBe(0);
  const s = await cli(['report', cmp, tr, '--out', study]);
  expect(s.code, s.stderr).toBe(0);
});

describe('the title', () => {
  it("comes from the scenarios' names, not the folders'", () => {
    expect(html(cmp)).toContain('<h1>Outside-in compared with inside-out</h1>');
    expect(html(cmp)).toContain('<title>Outside-in compared with inside-out</title>');
    expect(html(tr)).toContain('<h1>Transition</h1>');
    expect(html(study)).toContain('<h1>Outside-in compared with inside-out · Transition</h1>');
    // The transition's part is headed with its own description of itself.
    expect(html(study)).toContain('Transition: Outside-in to inside-out in three steps');
    expect(html(study)).not.toMatch(/<h1>[^<]*(salesim study|cmp|tr,)/);
  });
});

describe('the answer', () => {
  it('comes first, states the objective\'s paired difference from compare.csv, and the warnings come after it', () => {
    const page = html(cmp);
    const row = csv(join(cmp, 'compare.csv')).find((r) => r.metric === 'gross_margin_week')!;
    const diff = Number(row.diff);
    const headline = text(page.slice(page.indexOf('<p class="headline">'), page.indexOf('</p>', page.indexOf('<p class="headline">'))));
    // On these seeds the interval excludes zero (the 'do not differ clearly' case is the next test's).
    expect(row.significant).toBe('true');
    expect(headline).toContain(`${formatValue(Math.abs(diff), 'money')} ${diff > 0 ? 'more' : 'less'} gross margin after payroll per week than outside-in`);
    expect(headline).toContain(`${formatValue(Number(row.diff_ci95_low), 'money', true)} to ${formatValue(Number(row.diff_ci95_high), 'money', true)}`);
    expect(page.indexOf('class="answer"')).toBeLessThan(page.indexOf('What to watch'));
    expect(page.indexOf('What to watch')).toBeLessThan(page.indexOf('id="headline"'));
    // The constraint of each model, from its constraint_share metrics.
    const share = csv(join(cmp, 'outside-in', 'summary.csv')).find((r) => r.metric === 'constraint_share.field_rep')!;
    expect(text(page)).toContain(`in outside-in, field rep (${formatValue(Number(share.mean), 'share')} of weeks)`);
  });

  it('is the same when salesim report rebuilds it from the comparison\'s files', async () => {
    const before = html(cmp);
    expect((await cli(['report', cmp])).code).toBe(0);
    expect(html(cmp)).toBe(before);
  });

  it('changes with the results it is computed from (salesim report on an edited compare.csv)', async () => {
    const edited = join(dir, 'edited');
    cpSync(cmp, edited, { recursive: true });
    const file = join(edited, 'compare.csv');
    const lines = readFileSync(file, 'utf8').split('\n');
    const k = lines.findIndex((l) => l.startsWith('gross_margin_week,'));
    const cells = lines[k].split(',');
    // A margin difference whose interval straddles zero.
    Object.assign(cells, { 9: '-500', 10: '-2000', 11: '1000', 12: 'false' });
    lines[k] = cells.join(',');
    writeFileSync(file, lines.join('\n'));
    expect((await cli(['report', edited])).code).toBe(0);
    expect(text(html(edited))).toContain('Inside-out and outside-in do not differ clearly in gross margin after payroll');
    expect(text(html(edited))).toContain('95% interval of the difference -$2,000 to +$1,000, which includes zero');
  });

  it("of a transition says where it ends against where it starts, phase by phase", () => {
    const page = text(html(tr));
    expect(page).toMatch(/From weeks 5-13 \(phase 1\) to weeks 40-42 \(after its last phase\): gross margin after payroll from \$[\d,]+ to \$[\d,]+ per week/);
    const phases = tableAfter(html(tr), 'phases-transition');
    expect(phases.map((r) => r[0])).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(phases[1][2]).toBe('customer service goes live');
  });
});

describe('the figures', () => {
  it('are labelled in words with their units, grouped by business area', () => {
    const rows = tableAfter(html(cmp), 'headline');
    const labels = rows.map((r) => r[0]);
    expect(labels).toContain('Money');
    expect(labels).toContain('Gross margin after payroll ($/week)');
    expect(labels).toContain('Customer requests done on time (%)');
    expect(labels).toContain('BD meetings per rep (per week)');
    // No metric names (snake_case, dotted) as labels.
    for (const l of labels) expect(l, l).not.toMatch(/_|^[a-z]+\.[a-z]/);
    // A share reads as a percentage, its difference in points.
    const onTime = rows.find((r) => r[0] === 'Customer requests done on time (%)')!;
    expect(onTime[1]).toMatch(/^\d+(\.\d)?% \[/);
    expect(onTime[3]).toMatch(/pts/);
  });

  it('list the roles side by side, grouped as the scenarios declare them, without merging two models\' roles', () => {
    const rows = tableAfter(html(cmp), 'roster').map((r) => r[0]);
    const field = rows.indexOf('Field roles');
    const support = rows.indexOf('Sales support');
    expect(field).toBeGreaterThanOrEqual(0);
    expect(rows.slice(field + 1, support)).toEqual(['Field rep', 'Field salesperson', 'Technical specialist']);
    expect(rows.slice(support + 1, support + 4).sort()).toEqual(['Customer service', 'Inside sales', 'Sales coordinator']);
    expect(rows).toContain('Managers (cost only)');
  });
});

describe('the charts', () => {
  it('give each role one colour in every chart of the report, and two roles never the same', () => {
    const seen = new Map<string, string>();
    for (const part of readdirSync(join(study, 'charts'))) {
      for (const id of ['queues', 'constraint', 'waits']) {
        for (const l of layers(spec(study, `${part}/${id}`))) {
          const scale = l.encoding?.color?.field === 'role' ? l.encoding.color.scale : undefined;
          scale?.domain?.forEach((role, k) => {
            if (role === 'no constraint') return;
            expect(seen.get(role) ?? scale.range![k], `${role} in ${part}/${id}`).toBe(scale.range![k]);
            seen.set(role, scale.range![k]);
          });
        }
      }
    }
    expect([...seen.keys()]).toEqual(expect.arrayContaining(['Field rep', 'Field salesperson', 'Customer service', 'Engineering']));
    expect(new Set(seen.values()).size).toBe(seen.size);
  });

  it('shade the warm-up in every week-by-week chart, and not when there is none', async () => {
    for (const id of ['throughput', 'utilization', 'queues', 'constraint']) {
      const bands = layers(spec(cmp, id)).filter((l) => markOf(l) === 'rect' && l.data?.values[0]?.label === 'warm-up');
      expect(bands.length, id).toBeGreaterThan(0);
      expect(bands[0].data!.values[0]).toMatchObject({ x0: 0.5, x1: 4.5 });
    }
    // A queueing network without a warm-up (a kind with no roles' groups, too).
    const none = join(dir, 'no-warmup');
    const r = await cli(['run', 'scenarios/theory/mm1.yaml', '--reps', '2', '--weeks', '3', '--set', 'run.warmup=0 wk', '--out', none, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(layers(spec(none, 'queues')).some((l) => markOf(l) === 'line')).toBe(true);
    expect(layers(spec(none, 'queues')).some((l) => l.data?.values[0]?.label === 'warm-up')).toBe(false);
  });

  it('mark where each phase of a transition begins', () => {
    for (const id of ['throughput', 'utilization', 'queues', 'constraint']) {
      const rules = layers(spec(tr, id)).filter((l) => markOf(l) === 'rule' && l.data?.values.some((v) => 'description' in v));
      expect(rules.length, id).toBeGreaterThan(0);
      expect(rules[0].data!.values.map((v) => [v.x, v.n])).toEqual([[1.5, '1'], [13.5, '2'], [17.5, '3'], [26.5, '4'], [30.5, '5'], [39.5, '6']]);
    }
    expect(text(html(tr))).toContain('2 (after week 13) customer service goes live');
  });

  it('say what the utilization heat map plots: filler work included, and where it hides slack', () => {
    const page = text(html(cmp));
    const summary = csv(join(cmp, 'inside-out', 'summary.csv'));
    const committed = Number(summary.find((r) => r.metric === 'role.inside_sales.committed_utilization')!.mean);
    expect(page).toContain('Share of on-shift hours each role spent working, filler work included');
    expect(page).toContain(`inside sales in inside-out (`);
    expect(page).toContain(`${formatValue(committed, 'share')} committed)`);
    expect(page).not.toContain('filler work excluded');
  });

  it('title their axes once for every layer (no "$ per week, low", no untitled wait axis)', () => {
    for (const l of layers(spec(cmp, 'economics'))) expect(l.encoding?.y?.title).toBe('dollars per week');
    for (const l of layers(spec(cmp, 'waits'))) expect(l.encoding?.x?.title).toBe('hours waiting (mean, log scale)');
    const svg = readFileSync(join(cmp, 'charts', 'economics.svg'), 'utf8');
    expect(svg).toContain('dollars per week');
    expect(svg).not.toContain('per week, low');
  });
});
