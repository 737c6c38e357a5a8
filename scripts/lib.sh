# Shared set-up steps for scripts/start.sh, scripts/test.sh and .ci/run (sourced, not executed).
# Each step is idempotent: on a warm checkout it costs a few milliseconds.

LANTERN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { echo "[lantern] $*" >&2; }

# `npm ci` when node_modules is missing or older than package-lock.json. npm writes
# node_modules/.package-lock.json at the end of every install, so it marks a finished install.
# The lock keeps two scripts (or two engineers) from running npm in the same checkout at once.
ensure_node_modules() {
  local marker="${LANTERN_ROOT}/node_modules/.package-lock.json"
  if [[ -f "${marker}" && ! "${LANTERN_ROOT}/package-lock.json" -nt "${marker}" ]]; then return 0; fi
  command -v npm >/dev/null 2>&1 || { log "npm not found: install Node.js >= 20.3 (https://nodejs.org)"; return 1; }
  (
    if command -v flock >/dev/null 2>&1; then flock 8; fi
    if [[ -f "${marker}" && ! "${LANTERN_ROOT}/package-lock.json" -nt "${marker}" ]]; then exit 0; fi
    log "installing npm packages (npm ci)…"
    cd "${LANTERN_ROOT}" && npm ci --no-audit --no-fund --loglevel=error >&2
  ) 8>"${TMPDIR:-/tmp}/lantern-npm.lock"
}

# Exports TEMPORAL_CLI (path of a working `temporal` binary), building it if needed.
ensure_temporal_cli() {
  local cli
  cli="$("${LANTERN_ROOT}/scripts/temporal-cli.sh")" || return 1
  export TEMPORAL_CLI="${cli}"
}

check_node_version() {
  command -v node >/dev/null 2>&1 || { log "node not found: install Node.js >= 20.3 (https://nodejs.org)"; return 1; }
  node -e '
    const [major, minor] = process.versions.node.split(".").map(Number);
    if (major < 20 || (major === 20 && minor < 3)) {
      console.error(`[lantern] Node ${process.versions.node} is too old: Lantern needs Node >= 20.3`);
      process.exit(1);
    }'
}
