import type { OutputDir } from '../io/output-dir.js';
import { jsonFile } from '../io/records.js';
import { shardJobFiles, studyHash, type ShardCommand, type ShardRecord } from '../io/shards.js';
import { rangeText, type ReplicationRange } from '../run/range.js';
import type { StudyResult } from '../run/study.js';
import type { LoadedScenario } from '../scenario/load.js';
import { VERSION } from '../version.js';

/** A shard of a study: what `merge` needs of it (docs/cluster.md). */
export interface ShardWrite {
  command: ShardCommand;
  /** The overrides as the user typed them (run.json's `set`). */
  set: string[];
  args: Record<string, unknown>;
  scenarios: LoadedScenario[];
  /** Each job's folder in the shard ('' for the top) and its study. */
  jobs: { folder: string; study: StudyResult }[];
  range: ReplicationRange;
  wall: number;
}

/** Writes a shard's files and record and commits the folder. */
export function writeShard(out: OutputDir, s: ShardWrite): ShardRecord {
  const scenarios = s.scenarios.map((l) => ({ file: l.file, resolved: l.resolved }));
  const { seed, replications } = s.scenarios[0].scenario.run;
  const record: ShardRecord = {
    salesim: VERSION,
    command: s.command,
    hash: studyHash(s.command, s.args, scenarios, s.set),
    seed,
    replications,
    range: rangeText(s.range),
    set: s.set,
    args: s.args,
    scenarios,
    jobs: s.jobs.map((j) => ({ folder: j.folder, events: j.study.events })),
    wall_s: Number(s.wall.toFixed(3)),
  };
  for (const j of s.jobs) out.writeAll(shardJobFiles(j.folder, j.study));
  out.write('run.json', jsonFile(record));
  out.commit();
  return record;
}
