#!/bin/sh
# merge.sh: once every shard is done, the study as one run would have written it, into
# $STUDY_DIR/study (compare.csv, each model's summary, weekly rows and replications, the report).
# salesim merge refuses shards of different studies, overlapping shards, and a study with a
# replication missing (it names the missing range: run that shard again).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
study=${STUDY_DIR:-output/cluster}
# shellcheck disable=SC2086
exec node "$root/dist/cli/bin.js" merge "$study/study" "$study"/shards/* --quiet ${MERGE_ARGS:-}
