import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/cli.js';
import { folderFiles } from '../support/folders.js';
import { ROOT } from '../support/study.js';

/**
 * The cluster recipes of docs/cluster.md run examples/cluster/shard.sh for each
 * shard and merge.sh at the end. This test runs those same scripts, each in a
 * process of its own and the shards out of order, and checks the merged study
 * against the same study run in one command, file by file and byte for byte.
 */
const CLUSTER = join(ROOT, 'examples/cluster');
const SHARDS = 4;
const REPS = '9';
const ARGS = '--weeks 16';

function sh(script: string, args: string[], env: Record<string, string>) {
  const r = spawnSync('sh', [join(CLUSTER, script), ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
  expect(r.status, `${script} ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

describe('a study split across a cluster (examples/cluster)', () => {
  it('4 shards in separate processes, out of order, merge into exactly what one run writes', () => {
    const dir = tempDir();
    const env = { STUDY_DIR: dir, REPS, SALESIM_ARGS: ARGS };
    for (const i of [2, 0, 3, 1]) {
      const r = sh('shard.sh', [String(i), String(SHARDS)], env);
      expect(r.stdout).toContain(`wrote shard ${join(dir, 'shards', String(i))}`);
    }
    sh('merge.sh', [], env);
    const whole = spawnSync(process.execPath, [
      join(ROOT, 'dist/cli/bin.js'), 'compare', join(ROOT, 'scenarios/outside-in.yaml'), join(ROOT, 'scenarios/inside-out.yaml'),
      '--reps', REPS, ...ARGS.split(' '), '--out', join(dir, 'whole'), '--quiet',
    ], { encoding: 'utf8' });
    expect(whole.status, whole.stderr).toBe(0);
    const merged = folderFiles(join(dir, 'study'));
    const one = folderFiles(join(dir, 'whole'));
    expect([...merged.keys()]).toEqual([...one.keys()]);
    // Every model's summary, weekly rows, replications, warnings; compare.csv; the report and its charts.
    for (const f of ['compare.csv', 'outside-in/replications.csv', 'inside-out/weekly.csv', 'inside-out/weekly-labels.csv', 'report.html']) expect(merged.has(f), f).toBe(true);
    for (const [f, text] of one) expect(merged.get(f), f).toBe(text);
    // 9 replications in 4 shards: 2, 2, 2, 3.
    const ranges = [0, 1, 2, 3].map((i) => JSON.parse(readFileSync(join(dir, 'shards', String(i), 'run.json'), 'utf8')).range);
    expect(ranges).toEqual(['1-2', '3-4', '5-6', '7-9']);
  });

  it('the Kubernetes Indexed Job and the Slurm array run shard.sh with their index, as many shards as they run, and merge.sh', () => {
    const docs = parseAllDocuments(readFileSync(join(CLUSTER, 'k8s-study.yaml'), 'utf8')).map((d) => d.toJS());
    const job = docs.find((d) => d.kind === 'Job');
    expect(job.spec.completionMode).toBe('Indexed');
    const shard = job.spec.template.spec.containers[0];
    expect(shard.command).toEqual(['sh', 'examples/cluster/shard.sh', '$(JOB_COMPLETION_INDEX)', String(job.spec.completions)]);
    const merge = parseAllDocuments(readFileSync(join(CLUSTER, 'k8s-merge.yaml'), 'utf8')).map((d) => d.toJS()).find((d) => d.kind === 'Job');
    expect(merge.spec.template.spec.containers[0].command).toEqual(['sh', 'examples/cluster/merge.sh']);
    // Both Jobs share the volume the shards are written to.
    const claim = (j: typeof job) => j.spec.template.spec.volumes[0].persistentVolumeClaim.claimName;
    expect(claim(merge)).toBe(claim(job));

    const slurm = readFileSync(join(CLUSTER, 'slurm-shards.sbatch'), 'utf8');
    const array = /^#SBATCH --array=0-(\d+)$/m.exec(slurm);
    expect(array).not.toBeNull();
    expect(slurm).toMatch(new RegExp(`^exec sh examples/cluster/shard\\.sh "\\$SLURM_ARRAY_TASK_ID" ${Number(array![1]) + 1}$`, 'm'));
    expect(readFileSync(join(CLUSTER, 'slurm-merge.sbatch'), 'utf8')).toMatch(/^exec sh examples\/cluster\/merge\.sh$/m);
    expect(slurm).toMatch(/--dependency=afterok:\$jobid/);
  });
});
