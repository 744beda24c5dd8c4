#!/usr/bin/env bash
# pgtest.sh: a throwaway Postgres cluster for this module's tests.
#
#   eval "$(bash webhook/pginbox/pgtest.sh start /tmp/pginbox-pg)"   # prints: export LABWIRE_PGINBOX_DSN=...
#   bash webhook/pginbox/pgtest.sh restart /tmp/pginbox-pg   # fast shutdown, then start again
#   bash webhook/pginbox/pgtest.sh stop /tmp/pginbox-pg
#
# start installs Debian's postgresql package when no server is installed
# (apt-get, as root), runs initdb and pg_ctl from /usr/lib/postgresql/*/bin in
# DIR (as the postgres user when run as root: initdb refuses root), listens
# only on a unix socket in DIR, and prints the DSN export on stdout (all other
# output goes to stderr). restart stops the cluster (pg_ctl -m fast, or
# PGTEST_STOP_MODE) and starts it again with the same options, dropping
# every connection. stop stops the cluster and removes DIR.
set -euo pipefail

cmd=${1:?usage: pgtest.sh start|restart|stop DIR}
dir=${2:?usage: pgtest.sh start|restart|stop DIR}

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
  if [ -z "$(bindir)" ] || [ ! -x "$(bindir)/initdb" ]; then
    echo "pgtest: installing postgresql" >&2
    if [ "$(id -u)" = 0 ]; then apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    else sudo apt-get update -qq >&2 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2; fi
  fi
  bin=$(bindir)
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" postgres
    chown postgres "$dir"
  fi
  chmod 0755 "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U labwire -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $dir -c max_connections=200 -c shared_buffers=128MB" start >&2 \
    || { cat "$dir/server.log" >&2; exit 1; }
  echo "export LABWIRE_PGINBOX_DSN='host=$dir user=labwire dbname=postgres sslmode=disable'"
  ;;
restart)
  bin=$(bindir)
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m "${PGTEST_STOP_MODE:-fast}" -w -t 60 restart >&2 \
    || { tail -n 20 "$dir/server.log" >&2; exit 1; }
  ;;
stop)
  bin=$(bindir)
  if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: pgtest.sh start|restart|stop DIR" >&2; exit 2 ;;
esac
