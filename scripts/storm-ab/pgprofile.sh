#!/usr/bin/env bash
# Where PostgreSQL's time goes in a storm, by statement, by table's WAL and by function:
#   scripts/storm-ab/pgprofile.sh LABEL SERVER_JAR
# starts the jar on a fresh embedded database with pg_stat_statements preloaded (track = all) and pg_walinspect,
# runs a 32-client storm with the load curve's 10 % step (SECS, 20; WARM, 60), and takes two 8 s windows: 3 s into
# the refunds-only maximum ("max") and 3 s into the 10 % step ("low"). Each window writes, under
# ${STORM_AB_OUT:-target/storm-ab}: LABEL.WINDOW.pss (calls, ms, rows, WAL records and bytes, buffer hits, query),
# LABEL.WINDOW.wal (WAL records by resource manager, record type and relation) and LABEL.WINDOW.perf (perf record
# -a of the whole machine; `perf report -i F --comm postgres --sort sym`: the embedded binaries keep their symbols).
set -u
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
L=$1; JAR=$(realpath "$2")
O=$(realpath -m "${STORM_AB_OUT:-$root/target/storm-ab}"); D=$O/data-$L; mkdir -p "$O"; rm -rf "$D"
. "$root/scripts/java-env.sh"
start() {
  MIAOTUI_DATA_DIR=$D SERVER_PORT=18080 "$JAVA_HOME/bin/java" -Xms512m -Xmx512m -jar "$JAR" >> "$O/$L.server.log" 2>&1 &
  server=$!
  for _ in $(seq 120); do curl -sf http://127.0.0.1:18080/actuator/health > /dev/null && break; sleep 1; done
  url=$(cat "$D/embedded-postgres.url"); url=${url#jdbc:}
  P="psql -h localhost -p $(echo "$url" | sed -E 's#.*:([0-9]+)/.*#\1#') -U postgres -d postgres -At"
}
start
$P -c "alter system set shared_preload_libraries = 'pg_stat_statements'" -c "alter system set pg_stat_statements.track = 'all'"
kill $server; wait $server 2> /dev/null
start
$P -c "create extension pg_stat_statements" -c "create extension pg_walinspect"
window() { # PATTERN NAME
  until grep -q "$1" "$O/$L.err" 2> /dev/null; do sleep 0.3; done
  sleep 3
  $P -c "select pg_stat_statements_reset()" > /dev/null
  from=$($P -c "select pg_current_wal_insert_lsn()")
  perf record -a -g -e cpu-clock -F 499 -o "$O/$L.$2.perf" -- sleep 8 > /dev/null 2>&1
  to=$($P -c "select pg_current_wal_insert_lsn()")
  $P -F $'\t' -c "select calls, round(total_exec_time::numeric, 1), rows, wal_records, wal_bytes, shared_blks_hit,
      left(regexp_replace(query, '\s+', ' ', 'g'), 160) from pg_stat_statements order by total_exec_time desc limit 40" \
      > "$O/$L.$2.pss"
  $P -F $'\t' -c "select w.resource_manager, w.record_type, coalesce(c.relname, w.rel, '-'), count(*), sum(w.record_length)
      from (select resource_manager, record_type, record_length,
                   substring(block_ref from 'rel \d+/\d+/(\d+)') as rel from pg_get_wal_records_info('$from', '$to')) w
      left join pg_class c on c.relfilenode::text = w.rel group by 1, 2, 3 order by 4 desc" > "$O/$L.$2.wal"
}
window "sustained maximum of refunds only" max &
max_window=$!
window "payouts paid" low &
low_window=$!
(cd "$root" && scripts/storm.sh --base-url http://127.0.0.1:18080 --data-dir "$D" --sizes 10k --concurrency 32 \
  --seconds "${SECS:-20}" --warmup-seconds "${WARM:-60}" --label "$L" --out "$O" --curve 0.1 \
  2> >(python3 "$here/ts.py" > "$O/$L.err") > "$O/$L.out")
wait $max_window $low_window # not a bare wait: the server is a child too
kill $server; wait $server 2> /dev/null
rm -rf "$D"
