#!/usr/bin/env bash
# Starts Miaotui on the embedded PostgreSQL (data in ${MIAOTUI_DATA_DIR:-./data}, port ${SERVER_PORT:-8080}),
# building the server jar first when it is missing or older than the sources. Arguments go to the server.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java-env.sh

jar=miaotui-server/target/miaotui-server.jar
# every module the jar is built from (miaotui-server and the modules it depends on)
if [ ! -f "$jar" ] || [ -n "$(find pom.xml miaotui-core miaotui-policy miaotui-server -newer "$jar" -type f \( -name '*.java' -o -name '*.xml' -o -name '*.sql' -o -name '*.properties' \) -not -path '*/target/*' -print -quit)" ]; then
  echo "Building the server (JDK: $JAVA_HOME)..." >&2
  ./mvnw -B -q -pl miaotui-server -am package -DskipTests
fi
# A heap of at least 512 MB unless MIAOTUI_JAVA_OPTS says otherwise (set it empty for the JVM's own sizing): free
# to shrink, G1 ran the refund storm in a ~110 MB heap, collecting ~3 times a second with a concurrent cycle every
# few, and the server spent about a fifth more CPU a request (BENCHMARKS.md, session 15).
exec "$JAVA_HOME/bin/java" ${MIAOTUI_JAVA_OPTS--Xms512m} -jar "$jar" "$@"
