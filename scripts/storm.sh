#!/usr/bin/env bash
# The storm bench against a running Miaotui (./start.sh, or the server on an external PostgreSQL): loads a
# realistic data set into its database with COPY, sweeps concurrency and data size with an open-loop driver,
# runs the raw one-refund-per-transaction SQL baseline on the same database, and writes JSON and an SVG chart.
# Arguments go to io.miaotui.bench.storm.StormCommand (--base-url, --data-dir or --jdbc-url/--secret-file,
# --sizes 10k,1M,10M, --concurrency 1,8,32,128, --seconds 10, --seed 42, --label NAME, --out docs/storm).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env.sh
./mvnw -B -q -pl miaotui-bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec "$JAVA_HOME/bin/java" ${STORM_JAVA_OPTS:-} -cp "miaotui-bench/target/classes:$(cat miaotui-bench/target/classpath.txt)" \
  io.miaotui.bench.storm.StormCommand "$@"
