#!/usr/bin/env bash
# Builds the bench module and runs one of its main classes: bench-class.sh CLASS [ARGS...], with the JVM options
# in $BENCH_JAVA_OPTS. The bench scripts (storm, report, what-if, policy) go through it.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-env.sh
./mvnw -B -q -pl miaotui-bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
main=$1
shift
exec "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} -cp "miaotui-bench/target/classes:$(cat miaotui-bench/target/classpath.txt)" \
  "$main" "$@"
