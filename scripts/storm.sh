#!/usr/bin/env bash
# The storm bench against a running Miaotui (./start.sh, or the server on an external PostgreSQL): loads a
# realistic data set into its database with COPY, sweeps concurrency and data size with an open-loop driver,
# runs the raw one-refund-per-transaction SQL baseline on the same database, and writes JSON and an SVG chart.
# Arguments go to io.miaotui.bench.storm.StormCommand (--base-url, --data-dir or --jdbc-url/--secret-file,
# --sizes 10k,1M,10M, --concurrency 1,8,32,128, --seconds 10, --seed 42, --label NAME, --out docs/storm).
set -euo pipefail
BENCH_JAVA_OPTS="${STORM_JAVA_OPTS:-}" exec "$(dirname "$0")/bench-class.sh" io.miaotui.bench.storm.StormCommand "$@"
