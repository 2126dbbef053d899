#!/usr/bin/env bash
# One storm run for an A/B comparison, with CPU per process sampled once a second:
#   scripts/storm-ab/run.sh LABEL SERVER_JAR CONCURRENCY [server JVM options] [-- server arguments]
# starts the jar on a fresh embedded database (port 18080) in a 512 MB heap (-Xms512m -Xmx512m, as the storm's
# figures are taken; options given later win), runs scripts/storm.sh against it at --sizes 10k, and
# prints, per phase (maximum, open loop, refunds only, raw SQL), the CPU milliseconds a request of the server,
# PostgreSQL and the load generator. Files go to ${STORM_AB_OUT:-target/storm-ab}/LABEL.* (JSON, progress with
# timestamps, CPU samples, PostgreSQL's transaction and WAL counters, the server's log and its Prometheus page at
# the end). SECS (30) and WARM (100) set --seconds and --warmup-seconds; STORM_ARGS adds arguments to the
# storm (e.g. "--curve 0.2,0.4,0.6"). Alternate two jars or two option sets run by run, and compare the CPU a
# request as well as the ratios: the raw SQL's own rate moves a third between runs minutes apart (BENCHMARKS.md).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
L=$1; JAR=$(realpath "$2"); C=$3; shift 3
O=$(realpath -m "${STORM_AB_OUT:-$root/target/storm-ab}"); D=$O/data-$L
rm -rf "$D"; mkdir -p "$O"
. "$root/scripts/java-env.sh"
JVM=(); APP=(); seen=0
for a in "$@"; do if [ "$a" = "--" ]; then seen=1; elif [ $seen = 0 ]; then JVM+=("$a"); else APP+=("$a"); fi; done
MIAOTUI_DATA_DIR=$D SERVER_PORT=18080 "$JAVA_HOME/bin/java" -Xms512m -Xmx512m "${JVM[@]}" -jar "$JAR" "${APP[@]}" \
  > "$O/$L.server.log" 2>&1 &
server=$!
for _ in $(seq 120); do curl -sf http://127.0.0.1:18080/actuator/health > /dev/null && break; sleep 1; done
python3 "$here/sampler.py" $server "$O/$L.cpu" &
sampler=$!
rm -f "$O/$L.pg"; "$here/pgsampler.sh" "$D" "$O/$L.pg" &
pgsampler=$!
(cd "$root" && scripts/storm.sh --base-url http://127.0.0.1:18080 --data-dir "$D" --sizes 10k --concurrency "$C" \
  --seconds "${SECS:-30}" --warmup-seconds "${WARM:-100}" --label "$L" --out "$O" ${STORM_ARGS:-} \
  2> >(python3 "$here/ts.py" > "$O/$L.err") > "$O/$L.out")
curl -s http://127.0.0.1:18080/actuator/prometheus > "$O/$L.prom"
kill $pgsampler 2> /dev/null; kill $server; wait $server 2> /dev/null; kill $sampler 2> /dev/null
rm -rf "$D"
python3 "$here/phase.py" "$O" "$L"
