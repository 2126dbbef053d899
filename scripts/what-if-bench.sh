#!/usr/bin/env bash
# What-if replay throughput against the running service (./start.sh first): seeds 1,000,000 stored decisions
# into its database, replays them through a draft policy over HTTP three times, prints the times, and removes
# the seeded rows. Arguments go to io.miaotui.bench.whatif.WhatIfReplayLoad (--requests, --runs, --keep, ...).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env.sh
./mvnw -B -q -pl miaotui-bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec "$JAVA_HOME/bin/java" -cp "miaotui-bench/target/classes:$(cat miaotui-bench/target/classpath.txt)" \
  io.miaotui.bench.whatif.WhatIfReplayLoad "$@"
