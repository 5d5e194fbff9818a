import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatValue } from '../../src/models/metrics.js';
import { salesim, tempDir } from '../support/cli.js';
import { ROOT } from '../support/study.js';

/** Debian's chromium (`.ci/run` installs it); Playwright's own browser download does not work offline. */
const CHROMIUM = process.env.SALESIM_CHROMIUM ?? '/usr/bin/chromium';
// The flags a sandboxed, offline machine needs: no background calls home, no GPU.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * output/screenshots/, the test's own folder: it writes only files named report-*.png and .pdf there, and
 * refuses a folder holding anything else (a user's files are never overwritten).
 */
function screenshotFolder(): string {
  const folder = process.env.SALESIM_SCREENSHOTS ?? join(ROOT, 'output', 'screenshots');
  mkdirSync(folder, { recursive: true });
  const foreign = readdirSync(folder).filter((f) => !/^report-[a-z-]+\.(png|pdf)$/.test(f));
  if (foreign.length > 0) throw new Error(`${folder} holds files the browser test did not write (${foreign.join(', ')}): set SALESIM_SCREENSHOTS to another folder`);
  return folder;
}

let browser: Browser;
const dir = tempDir();

const STUDIES = ['compare-outside-in-vs-inside-out', 'compare-outside-in-vs-transition'] as const;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install chromium), as .ci/run does, or set SALESIM_CHROMIUM`);
  // The flagship report as npm start writes it, on shorter runs: outside-in against inside-out, and the
  // transition against staying outside-in (long enough for every phase), every kind of chart in two parts.
  const runs = [['inside-out', '20'], ['transition', '44']] as const;
  runs.forEach(([model, weeks], k) => {
    const r = salesim(['compare', 'scenarios/outside-in.yaml', `scenarios/${model}.yaml`, '--reps', '3', '--weeks', weeks, '--set', 'run.warmup=4 wk', '--no-report', '--out', join(dir, STUDIES[k]), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
  });
  const r = salesim(['report', ...STUDIES.map((s) => join(dir, s)), '--out', join(dir, 'study')]);
  expect(r.code, r.stderr).toBe(0);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

afterAll(async () => {
  await browser?.close();
});

describe('report.html in a real browser', () => {
  it('opens offline with every chart drawn and no console errors', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    const remote: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (q) => { if (!q.url().startsWith('file:')) remote.push(q.url()); });
    await page.goto(pathToFileURL(join(dir, 'study', 'report.html')).href, { waitUntil: 'load' });

    const charts = await page.$$eval('figure.chart', (figs) => figs.map((f) => {
      const svg = f.querySelector('svg');
      const box = svg?.getBoundingClientRect();
      return { id: f.id, width: box?.width ?? 0, height: box?.height ?? 0, marks: svg?.querySelectorAll('path, rect, line').length ?? 0 };
    }));
    const kinds = ['cash', 'constraint', 'economics', 'hours', 'queues', 'throughput', 'utilization', 'waits'];
    expect(charts.map((c) => c.id).sort()).toEqual(STUDIES.flatMap((p) => kinds.map((c) => `chart-${p}-${c}`)).sort());
    for (const c of charts) {
      expect(c.width, c.id).toBeGreaterThan(200);
      expect(c.height, c.id).toBeGreaterThan(100);
      expect(c.marks, c.id).toBeGreaterThan(10);
    }
    expect(errors).toEqual([]);
    expect(remote).toEqual([]);
    // The first screen states the answer with its figures: the margin difference as compare.csv has it...
    const headline = await page.$eval('p.headline', (p) => ({ top: p.getBoundingClientRect().top, text: p.textContent ?? '' }));
    expect(headline.top).toBeLessThan(900);
    const compared: Record<string, string>[] = parse(readFileSync(join(dir, STUDIES[0], 'compare.csv'), 'utf8'), { columns: true });
    const margin = compared.find((x) => x.metric === 'gross_margin_week')!;
    const diff = Number(margin.diff);
    expect(headline.text).toBe(`Inside-out gives ${formatValue(Math.abs(diff), 'money')} ${diff > 0 ? 'more' : 'less'} gross margin after payroll per week than outside-in: `
      + `${formatValue(Number(margin.mean), 'money')} against ${formatValue(Number(margin.baseline_mean), 'money')} `
      + `(95% interval of the difference ${formatValue(Number(margin.diff_ci95_low), 'money', true)} to ${formatValue(Number(margin.diff_ci95_high), 'money', true)}).`);
    // ...then what the change costs once and when it pays back, as run.json's cash has it, still on the first screen.
    const note = await page.$eval('ul.notes li', (li) => ({ top: li.getBoundingClientRect().top, text: li.textContent ?? '' }));
    expect(note.top).toBeLessThan(900);
    const cash = (JSON.parse(readFileSync(join(dir, STUDIES[0], 'run.json'), 'utf8')) as { cash: { one_off_total: number; payback_week: { mean: number | null } }[] }).cash[0];
    expect(note.text).toContain(`Switching from outside-in to inside-out costs ${formatValue(cash.one_off_total, 'money')} once`);
    if (cash.payback_week.mean !== null) expect(note.text).toContain(`pays back in week ${cash.payback_week.mean.toFixed(1).replace(/\.0$/, '')} (`);
    expect(note.text).toMatch(/a return of -?\d+% \(-?\d+% to -?\d+%\) on them/);
    // The answer's table shows each model's figures as summary.csv has them.
    const summary = await page.$eval('table.summary', (t) => [...t.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent ?? '')));
    ['outside-in', 'inside-out'].forEach((name, k) => {
      const rows: Record<string, string>[] = parse(readFileSync(join(dir, STUDIES[0], name, 'summary.csv'), 'utf8'), { columns: true });
      for (const [metric, label, format] of [['gross_margin_week', 'Gross margin after payroll ($/week)', 'money'], ['on_time_task_fraction', 'Customer requests done on time (%)', 'share']] as const) {
        const shown = summary.find((r) => r[0] === label);
        expect(shown?.[1 + k], `${name} ${metric}`).toBe(formatValue(Number(rows.find((r) => r.metric === metric)!.mean), format));
      }
    });
    // The first screen as a reader sees it, and the whole page, under output/screenshots/ (SALESIM_SCREENSHOTS moves them).
    const shots = screenshotFolder();
    for (const [name, fullPage] of [['report-first-screen.png', false], ['report-full-page.png', true]] as const) {
      await page.screenshot({ path: join(shots, name), fullPage });
      expect(statSync(join(shots, name)).size, name).toBeGreaterThan(10_000);
    }
    // And as it prints (the print stylesheet): an A4 PDF of several pages.
    const pdf = await page.pdf({ path: join(shots, 'report-print.pdf'), format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0).toBeGreaterThan(3);
    await page.close();
  });
});
