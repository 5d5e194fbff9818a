import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, size, UserError } from '../../src/index.js';
import { sizeReport } from '../../src/cli/size.js';
import { tempDir } from '../support/cli.js';
import { ROOT } from '../support/study.js';

/**
 * `size` on the shipped inside-out organization, judged on throughput minus
 * operating expense: what it keeps (protective capacity in sales support, the
 * designated constraint) and how it confirms its answer. Short runs: what is
 * tested is what the search respects, not the numbers a full study gives.
 */
const INSIDE_OUT = join(ROOT, 'scenarios/inside-out.yaml');
const REPS = 4;

describe('size with an objective', async () => {
  const loaded = loadScenario(INSIDE_OUT, { replications: REPS, weeks: 20 });
  const study = await size(loaded, { confirm: 6 }, { workers: 2 });
  const rows = new Map(study.result.best.summary.map((r) => [r.metric, r]));
  const support = ['sales_coordinator', 'customer_service', 'inside_sales'];

  it('maximizes gross margin after every operating expense unless told otherwise', () => {
    expect(study.objective).toEqual({ metric: 'gross_margin_week', sense: 'max' });
    expect(study.result.best.objective.mean).toBe(rows.get('gross_margin_week')!.mean);
    // The search only moves to a staffing that does better than where it was.
    expect(study.result.best.objective.mean).toBeGreaterThanOrEqual(study.result.candidates[0].objective.mean);
  });

  it('keeps protective capacity in every support role and the designated constraint the constraint', () => {
    expect(study.designated).toBe('field_salesperson');
    expect(study.ceiling).toBe(0.85);
    const byKind = (k: string) => study.checks.filter((c) => c.kind === k).map((c) => c.text);
    expect(byKind('ceiling')).toEqual(support.map((r) => `role.${r}.committed_utilization<0.85`));
    // The designated constraint is meant to be full: it has no guard; support has the ceiling instead.
    expect(byKind('guard').some((t) => /field_salesperson|sales_coordinator|customer_service|inside_sales/.test(t))).toBe(false);
    expect(byKind('designated')).toEqual(["constraint_share.field_salesperson>=every other role's"]);
    expect(study.result.best.met).toBe(true);
    for (const r of support) expect(rows.get(`role.${r}.committed_utilization`)!.ci95_high, r).toBeLessThan(0.85);
    const share = (r: string) => rows.get(`constraint_share.${r}`)!.mean;
    for (const n of rows.keys()) {
      const other = /^constraint_share\.(.+)$/.exec(n)?.[1];
      if (other !== undefined && other !== 'none') expect(share('field_salesperson'), other).toBeGreaterThanOrEqual(share(other));
    }
    // Every candidate's `met` is the checks' verdict on its own summary.
    for (const c of study.result.candidates) {
      const m = new Map(c.summary.map((r) => [r.metric, r]));
      expect(c.met, String(c.index)).toBe(study.checks.every((x) => x.ok(m)));
    }
  });

  it('confirms the staffing found against the start on fresh replications, paired', () => {
    const c = study.confirmation!;
    expect(c.replications).toBe(6);
    expect(c.first).toBe(REPS);
    expect(c.difference.mean).toBeCloseTo(c.found.mean - c.start.mean, 6);
    expect(c.better).toBe(c.difference.ci95_low > 0);
    expect(study.record.confirmation).toMatchObject({ replications: 6, first: REPS + 1, better: c.better });
    expect(study.recommended).toBe(c.better && c.failing.length === 0 && study.result.best !== study.result.candidates[0] ? 'found' : 'start');
    expect(sizeReport(study)).toMatch(study.recommended === 'found' ? /^answer: [a-z_]+ \d+ -> \d+.*: gross margin after payroll [+-]\$[\d,]+(?: \[.*\])? \$\/week on 6 fresh replications, every check met$/m : /^answer: keep the start/m);
    const text = sizeReport(study);
    expect(text).toMatch(/^objective: maximize gross_margin_week: Gross margin after payroll \(\$\/week\)$/m);
    expect(text).toMatch(new RegExp(`on 6 fresh replications \\(${REPS + 1}-${REPS + 6}\\)`));
    expect(text).toMatch(/^designated constraint: field_salesperson, the constraint in [\d.]+% of weeks \(start [\d.]+%\)$/m);
  });

  it('--ceiling tightens protective capacity; --no-guard drops every guard', async () => {
    const small = loadScenario(INSIDE_OUT, { replications: 2, weeks: 14 });
    const tight = await size(small, { ceiling: 0.1, confirm: 0, max: 3, roles: ['sales_coordinator'] }, { workers: 1 });
    expect(tight.checks.filter((c) => c.kind === 'ceiling').map((c) => c.text)[0]).toBe('role.sales_coordinator.committed_utilization<0.1');
    expect(tight.result.best.met).toBe(false);
    expect(tight.result.unmet).toBe('every searched role is at --max 3');
    const loose = await size(small, { guard: false, confirm: 0, max: 3, roles: ['inside_sales'] }, { workers: 1 });
    expect(loose.checks).toEqual([]);
  });

  it('a network is sized for the fewest people; from a start that misses a target, meeting it is the answer', async () => {
    const mmc = loadScenario(join(ROOT, 'scenarios/theory/mmc.yaml'), { replications: 4, weeks: 20 });
    const s = await size(mmc, { targets: ['task.service.wait_h_mean<=0.2'], confirm: 6 }, { workers: 1 });
    expect(s.objective).toEqual({ metric: 'payroll', sense: 'min' });
    expect(s.result.candidates[0].met).toBe(false);
    expect(s.result.best.met).toBe(true);
    // One fewer server misses the target: the fewest that meet it.
    const fewer = s.result.candidates.find((c) => c.headcounts[0] === s.result.best.headcounts[0] - 1)!;
    expect(fewer.met).toBe(false);
    expect(s.recommended).toBe('found');
    expect(s.confirmation!.difference.mean).toBe(s.result.best.headcounts[0] - 5);
    expect(sizeReport(s)).toMatch(/^answer: server 5 -> \d+: every check met on 6 fresh replications \(the start misses task\.service\.wait_h_mean<=0\.2\); people \+\d+$/m);
  });

  it('a bad objective or ceiling is one located line', async () => {
    const dir = tempDir();
    const file = (name: string, body: string) => {
      const f = join(dir, name);
      writeFileSync(f, `extends: ${INSIDE_OUT}\n${body}\n`);
      return f;
    };
    const scenario = file('typo.yaml', 'objective: { maximize: gross_margn_week }');
    await expect(size(loadScenario(scenario, { replications: 2, weeks: 13 }), {}, { workers: 1 }))
      .rejects.toThrow(new RegExp(`^${scenario.replaceAll('/', '\\/')}: objective\\.maximize: unknown metric 'gross_margn_week' \\(did you mean .*\\)$`));
    const spelt = file('spelt.yaml', 'objective: { maximise: gross_margin_week }');
    expect(() => loadScenario(spelt)).toThrow(UserError);
    expect(() => loadScenario(spelt)).toThrow(/spelt\.yaml:2:\d+: objective\.maximise: unknown field 'maximise'$/);
    expect(() => loadScenario(file('both.yaml', 'objective: { maximize: revenue_week, minimize: payroll }')))
      .toThrow(/both\.yaml:2:\d+: objective: expected \{ maximize: METRIC \} or \{ minimize: METRIC \}, e\.g\. \{ maximize: gross_margin_week \}$/);
    expect(() => loadScenario(file('ceiling.yaml', 'protective_capacity: 1.5'))).toThrow(/ceiling\.yaml:2:\d+: protective_capacity: expected a share between 0 and 1/);
    await expect(size(loadScenario(INSIDE_OUT, { replications: 2, weeks: 13 }), { objective: { metric: 'revenue', sense: 'max' } }, { workers: 1 }))
      .rejects.toThrow(/^--maximize revenue: unknown metric 'revenue' \(did you mean .*revenue_week/);
    await expect(size(loadScenario(INSIDE_OUT, { replications: 2, weeks: 13 }), { ceiling: 1 }, { workers: 1 }))
      .rejects.toThrow('--ceiling 1: expected a share between 0 and 1 (exclusive), e.g. 0.85');
  });
});
