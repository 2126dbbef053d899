#!/usr/bin/env bash
# pgsampler.sh DATA_DIR OUT: once a second, PostgreSQL's own counters with a wall-clock timestamp: transactions
# committed and rolled back, WAL records, bytes and flushes (pg_stat_database, pg_stat_wal). Unlike CPU time they
# do not move with the machine's speed: per request, they are what a change to the server's SQL bought.
D=$1; OUT=$2
until [ -s "$D/embedded-postgres.url" ]; do sleep 0.5; done
url=$(cat "$D/embedded-postgres.url"); url=${url#jdbc:}
port=$(echo "$url" | sed -E 's#.*:([0-9]+)/.*#\1#')
while :; do
  row=$(psql -h localhost -p "$port" -U postgres -d postgres -At -F ' ' -c "select extract(epoch from now()),
      (select xact_commit from pg_stat_database where datname = current_database()),
      (select xact_rollback from pg_stat_database where datname = current_database()),
      wal_records, wal_bytes, wal_sync from pg_stat_wal" 2> /dev/null) || break
  echo "$row" >> "$OUT"
  sleep 1
done
