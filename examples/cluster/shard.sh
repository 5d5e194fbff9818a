#!/bin/sh
# shard.sh INDEX COUNT: shard INDEX (from 0) of COUNT of the study, into $STUDY_DIR/shards/INDEX.
#
# The study: outside-in against inside-out, $REPS paired replications (default 10,000).
# The Kubernetes Indexed Job (k8s-study.yaml) and the Slurm job array (slurm-shards.sbatch)
# both run this script, and so does the test that checks a merged study against an
# unsharded one (test/cli/cluster.test.ts). Change the command below to shard your own study:
# any `salesim run`, `compare` or `stress` takes --shard.
set -eu
index=$1
count=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
study=${STUDY_DIR:-output/cluster}
# SALESIM_ARGS: more flags for the study (e.g. --weeks 26); word-split on purpose.
# shellcheck disable=SC2086
exec node "$root/dist/cli/bin.js" compare "$root/scenarios/outside-in.yaml" "$root/scenarios/inside-out.yaml" \
  --reps "${REPS:-10000}" ${SALESIM_ARGS:-} --shard "$index/$count" --out "$study/shards/$index" --quiet
