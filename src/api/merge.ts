import { OutputDir } from '../io/output-dir.js';
import { mergeJob, readShards } from '../io/shards.js';
import { comparePlan, compareOutcome, runOutcome, stressOutcome, stressPlan, type StressSpec } from '../run/studies.js';
import type { StudyResult } from '../run/study.js';
import { UserError } from '../scenario/load.js';
import { loadScenario } from '../models/index.js';
import { VERSION } from '../version.js';
import type { CompareStudy } from './compare.js';
import { writeCompare } from './compare.js';
import type { RunStudy } from './run.js';
import { writeRun } from './run.js';
import type { StressStudy } from './stress.js';
import { writeStress } from './stress.js';

/** A merged study: what the unsharded command would have returned. */
export type Merged = { /** The --set overrides the shards ran with, as typed. */ set: string[] } & (
  | { command: 'run'; study: RunStudy }
  | { command: 'compare'; study: CompareStudy }
  | { command: 'stress'; study: StressStudy });

/**
 * The shard folders of one study (run, compare or stress with a range) put
 * back together into `out`: exactly what the unsharded command writes, byte
 * for byte (run.json's wall_s is the shards' total). The shards are checked
 * first (src/io/shards.ts): one study, no overlap, nothing missing.
 */
export async function merge(out: string, shardDirs: string[], options: { report?: boolean; signal?: AbortSignal } = {}): Promise<Merged> {
  const shards = readShards(shardDirs, VERSION);
  const { record } = shards;
  const scenarios = record.scenarios.map((s) => loadScenario({ scenario: s.resolved, file: s.file }));
  const dir = OutputDir.open(out, { given: true, inputs: shardDirs });
  const wall = shards.wall_s;
  const given = { set: record.set };
  const written = { out: dir.dir, wall_s: wall };
  const studies = async (copyWeekly: boolean) => {
    const list: StudyResult[] = [];
    for (let j = 0; j < record.jobs.length; j++) {
      options.signal?.throwIfAborted();
      list.push(await mergeJob(shards, j, dir, copyWeekly));
    }
    return list;
  };
  try {
    switch (record.command) {
      case 'run': {
        const [study] = await studies(true);
        const outcome = runOutcome(scenarios[0], study);
        await writeRun(dir, outcome, { ...given, file: scenarios[0].file }, wall, options);
        return { command: 'run', set: record.set, study: { ...outcome, ...written } };
      }
      case 'compare': {
        const plan = comparePlan(scenarios, record.args.names as string[]);
        const outcome = compareOutcome(plan, await studies(true));
        await writeCompare(dir, outcome, { ...given, files: scenarios.map((s) => s.file) }, wall, options);
        return { command: 'compare', set: record.set, study: { ...outcome, ...written } };
      }
      case 'stress': {
        const plan = stressPlan(scenarios[0], record.args as StressSpec);
        // A stress test writes no weekly files: the shards' are read for the base step's warnings only.
        const outcome = stressOutcome(plan, await studies(false));
        await writeStress(dir, outcome, { ...given, file: scenarios[0].file }, wall, options);
        return { command: 'stress', set: record.set, study: { ...outcome, ...written } };
      }
      default:
        throw new UserError(`${shards.parts[0].dir}/run.json: command '${String(record.command)}': expected run, compare or stress`);
    }
  } catch (e) {
    dir.abandon();
    throw e;
  }
}
