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
 * output/screenshots/, the test's own folder: it writes only files named report-*.png there, and
 * refuses a folder holding anything else (a user's files are never overwritten).
 */
function screenshotFolder(): string {
  const folder = process.env.SALESIM_SCREENSHOTS ?? join(ROOT, 'output', 'screenshots');
  mkdirSync(folder, { recursive: true });
  const foreign = readdirSync(folder).filter((f) => !/^report-[a-z-]+\.png$/.test(f));
  if (foreign.length > 0) throw new Error(`${folder} holds files the browser test did not write (${foreign.join(', ')}): set SALESIM_SCREENSHOTS to another folder`);
  return folder;
}

let browser: Browser;
const dir = tempDir();

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install chromium), as .ci/run does, or set SALESIM_CHROMIUM`);
  // A report of two studies, as npm start writes: every kind of chart, in two parts.
  for (const name of ['outside-in', 'inside-out']) {
    const r = salesim(['run', `scenarios/${name}.yaml`, '--reps', '3', '--weeks', '16', '--set', 'run.warmup=4 wk', '--no-report', '--out', join(dir, name), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
  }
  const r = salesim(['report', join(dir, 'outside-in'), join(dir, 'inside-out'), '--out', join(dir, 'study')]);
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
    const kinds = ['constraint', 'economics', 'hours', 'queues', 'throughput', 'utilization', 'waits'];
    expect(charts.map((c) => c.id).sort()).toEqual(['inside-out', 'outside-in'].flatMap((p) => kinds.map((c) => `chart-${p}-${c}`)).sort());
    for (const c of charts) {
      expect(c.width, c.id).toBeGreaterThan(200);
      expect(c.height, c.id).toBeGreaterThan(100);
      expect(c.marks, c.id).toBeGreaterThan(10);
    }
    expect(errors).toEqual([]);
    expect(remote).toEqual([]);
    // The first screen states the answer with its figures, and they are summary.csv's.
    const headline = await page.$eval('p.headline', (p) => ({ top: p.getBoundingClientRect().top, text: p.textContent ?? '' }));
    expect(headline.top).toBeLessThan(900);
    expect(headline.text).toMatch(/^Outside-in, over the measured weeks: gross margin after payroll \$[\d,]+ per week \(95% interval/);
    const summary = (await page.$$eval('table.summary', (ts) => ts.map((t) => [...t.querySelectorAll('tbody tr')].map((r) => [...r.children].map((c) => c.textContent ?? '')))));
    expect(summary).toHaveLength(2);
    ['outside-in', 'inside-out'].forEach((name, k) => {
      const rows: Record<string, string>[] = parse(readFileSync(join(dir, name, 'summary.csv'), 'utf8'), { columns: true });
      for (const [metric, label, format] of [['gross_margin_week', 'Gross margin after payroll ($/week)', 'money'], ['on_time_task_fraction', 'Customer requests done on time (%)', 'share']] as const) {
        const shown = summary[k].find((r) => r[0] === label);
        expect(shown?.[1], `${name} ${metric}`).toBe(formatValue(Number(rows.find((r) => r.metric === metric)!.mean), format));
      }
    });
    // The first screen as a reader sees it, and the whole page, under output/screenshots/ (SALESIM_SCREENSHOTS moves them).
    const shots = screenshotFolder();
    for (const [name, fullPage] of [['report-first-screen.png', false], ['report-full-page.png', true]] as const) {
      await page.screenshot({ path: join(shots, name), fullPage });
      expect(statSync(join(shots, name)).size, name).toBeGreaterThan(10_000);
    }
    await page.close();
  });
});
