#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, from the OS's postgres binaries.
#   scripts/test-postgres.sh start   → prints a DATABASE_URL on stdout (logs on stderr)
#   scripts/test-postgres.sh stop <dir>
# Each cluster lives in its own folder under .lantern/test-pg (several test runs may share a checkout),
# listens on 127.0.0.1 on a free port, and keeps its unix socket inside that folder.
# It is tuned for speed, not durability (fsync off): it only ever holds test data.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

pg_root="${LANTERN_ROOT}/.lantern/test-pg"

find_pg_bin() {
  local dir
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"; return 0
  fi
  # Debian/Ubuntu keep server binaries off PATH; take the newest major version.
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    if [[ -x "${dir}/initdb" && -x "${dir}/pg_ctl" ]]; then echo "${dir}"; return 0; fi
  done
  return 1
}

install_postgres_if_root() {
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "PostgreSQL binaries not found: apt-get install -y postgresql"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 \
      || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2; }
  else
    log "PostgreSQL server binaries (initdb, pg_ctl) not found. Install them (Debian/Ubuntu: apt-get install postgresql;"
    log "macOS: brew install postgresql) or set TEST_DATABASE_URL to a database the tests may use."
    return 1
  fi
}

# initdb refuses to run as root: as root, run the cluster as the `postgres` user (or `nobody`).
as_owner() {
  if [[ "$(id -u)" != 0 ]]; then "$@"; return; fi
  local user=postgres
  id -u "${user}" >/dev/null 2>&1 || user=nobody
  runuser -u "${user}" -- "$@"
}

free_port() {
  node -e 'const s = require("net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

stop_cluster() {
  local dir="$1" bin
  bin="$(find_pg_bin)" || return 0
  if [[ -f "${dir}/data/postmaster.pid" ]]; then
    as_owner "${bin}/pg_ctl" -D "${dir}/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "${dir}"
}

# Clusters whose test run died without cleaning up (its pid is in the folder name).
remove_stale_clusters() {
  local dir pid
  for dir in "${pg_root}"/run-*; do
    [[ -d "${dir}" ]] || continue
    pid="${dir##*/run-}"
    if ! kill -0 "${pid}" 2>/dev/null; then log "removing stale test cluster ${dir}"; stop_cluster "${dir}"; fi
  done
}

start_cluster() {
  local owner_pid="$1" bin dir port
  bin="$(find_pg_bin)" || { install_postgres_if_root && bin="$(find_pg_bin)"; } || return 1
  mkdir -p "${pg_root}"
  remove_stale_clusters
  dir="${pg_root}/run-${owner_pid}"
  rm -rf "${dir}" && mkdir -p "${dir}"
  if [[ "$(id -u)" == 0 ]]; then
    chown "$(id -u postgres 2>/dev/null || id -u nobody)" "${dir}"
    if ! as_owner test -w "${dir}"; then
      # The checkout is not reachable by the unprivileged user (e.g. under /root): use a temp folder.
      rm -rf "${dir}"; dir="$(mktemp -d "${TMPDIR:-/tmp}/lantern-test-pg.XXXXXX")"
      chown "$(id -u postgres 2>/dev/null || id -u nobody)" "${dir}"
      echo "${dir}" > "${pg_root}/run-${owner_pid}.redirect"
    fi
  fi
  port="$(free_port)"
  as_owner "${bin}/initdb" -D "${dir}/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"${dir}/initdb.log" 2>&1 \
    || { log "initdb failed:"; cat "${dir}/initdb.log" >&2; return 1; }
  as_owner "${bin}/pg_ctl" -D "${dir}/data" -l "${dir}/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${dir} -c fsync=off \
        -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
    || { log "PostgreSQL did not start:"; tail -20 "${dir}/server.log" >&2; return 1; }
  "${bin}/psql" -q -h 127.0.0.1 -p "${port}" -U postgres -d postgres -c 'CREATE DATABASE lantern_test' >/dev/null
  log "test PostgreSQL $("${bin}/postgres" --version | awk '{print $3}') on 127.0.0.1:${port} (${dir})"
  echo "postgres://postgres@127.0.0.1:${port}/lantern_test"
}

case "${1:-}" in
  start) start_cluster "${2:-$PPID}" ;;
  stop)
    owner_pid="${2:-$PPID}"
    redirect="${pg_root}/run-${owner_pid}.redirect"
    if [[ -f "${redirect}" ]]; then stop_cluster "$(cat "${redirect}")"; rm -f "${redirect}"; fi
    stop_cluster "${pg_root}/run-${owner_pid}" ;;
  *) echo "usage: $0 start|stop [owner-pid]" >&2; exit 2 ;;
esac
