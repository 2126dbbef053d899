#!/usr/bin/env bash
# Profiles a running storm's server for a while once a phase begins (async-profiler, CPU, 1 ms, by thread):
#   scripts/storm-ab/profile.sh LABEL 'PATTERN' SECONDS /path/to/libasyncProfiler.so
# waits for PATTERN (e.g. "sustained maximum of refunds only") in the run's progress (run.sh's LABEL.err),
# then writes LABEL.collapsed; owners.py LABEL.collapsed sums it by kind of thread and by library.
# (jcmd passes the agent's options on only when they are quoted as one argument.)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
L=$1; PATTERN=$2; S=$3; LIB=$4
O=$(realpath -m "${STORM_AB_OUT:-$root/target/storm-ab}")
. "$root/scripts/java-env.sh"
until grep -q "$PATTERN" "$O/$L.err" 2> /dev/null; do sleep 0.5; done
sleep 2
pid=$(pgrep -f "java.*-Xmx512m.*-jar" | head -1)
"$JAVA_HOME/bin/jcmd" "$pid" JVMTI.agent_load "$LIB" "\"start,event=cpu,interval=1ms,threads\""
sleep "$S"
"$JAVA_HOME/bin/jcmd" "$pid" JVMTI.agent_load "$LIB" "\"stop,file=$O/$L.collapsed,collapsed,threads\""
