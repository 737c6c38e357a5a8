#!/usr/bin/env bash
# `npm start`: everything a fresh clone needs, then the embedded stack (Temporal dev server, catalog,
# worker, API) in one Node process tree. Ctrl-C stops it all.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "${LANTERN_ROOT}"

check_node_version
ensure_node_modules
# An external cluster needs no local CLI (and no Go toolchain).
if [[ -z "${TEMPORAL_ADDRESS:-}" ]]; then ensure_temporal_cli; fi

# exec: signals from the terminal or a supervisor reach Node directly.
exec node --import tsx stack/main.ts "$@"
