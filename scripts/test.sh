#!/usr/bin/env bash
# `npm test`: everything a fresh clone needs (npm packages, the Temporal CLI, a real PostgreSQL),
# then lint, type-check and every test. Exit code: the first failing step's, else the tests'.
#   TEST_DATABASE_URL   use this PostgreSQL instead of starting a throwaway cluster
#   TEST_CONCURRENCY    test files run in parallel (default 1; see README "Tests")
#   SKIP_STATIC=1       skip lint + type-check (quick local loops)
#   any arguments       test files to run instead of all of test/
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "${LANTERN_ROOT}"

phase_started=${SECONDS}
phase() { log "$1 ($(( SECONDS - phase_started ))s since start)"; }

check_node_version
ensure_node_modules
ensure_temporal_cli
phase "Temporal CLI: ${TEMPORAL_CLI}"

stop_pg() { "${LANTERN_ROOT}/scripts/test-postgres.sh" stop "$$" || true; }
if [[ -z "${TEST_DATABASE_URL:-}" ]]; then
  trap stop_pg EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  TEST_DATABASE_URL="$("${LANTERN_ROOT}/scripts/test-postgres.sh" start "$$")"
fi
export TEST_DATABASE_URL
phase "PostgreSQL for tests ready"

if [[ "${SKIP_STATIC:-}" != 1 ]]; then
  npx --no-install eslint .
  npx --no-install prettier --check --log-level warn . || { log "files above are not formatted: run npm run format"; exit 1; }
  phase "lint and format check passed"
  npx --no-install tsc -p tsconfig.json
  phase "type-check passed"
fi

if (( $# > 0 )); then files=("$@"); else mapfile -t files < <(find test -name '*.test.ts' | sort); fi
if (( ${#files[@]} == 0 )); then log "no test files found under test/"; exit 1; fi

status=0
node --import tsx --test --test-concurrency="${TEST_CONCURRENCY:-1}" "${files[@]}" || status=$?
phase "tests finished (exit ${status})"
exit "${status}"
