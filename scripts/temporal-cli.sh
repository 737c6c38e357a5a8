#!/usr/bin/env bash
# Prints the path of a `temporal` CLI binary on stdout; everything else goes to stderr.
# Order: $TEMPORAL_CLI, `temporal` on PATH, the cached build in <repo>/.tools/bin, else build it with Go.
# The build is offline-friendly: it only needs the Go module proxy, and Go's own module/build caches
# (default GOPATH/GOCACHE) make a rebuild fast.
set -euo pipefail

TEMPORAL_CLI_VERSION="v1.5.1"   # newest tag `go install` accepts (v1.6.0+ has a replace directive)
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_bin="${repo_root}/.tools/bin"
cached="${tools_bin}/temporal"

say() { echo "temporal-cli: $*" >&2; }

works() { [[ -x "$1" ]] && "$1" --version >/dev/null 2>&1; }

if [[ -n "${TEMPORAL_CLI:-}" ]]; then
  if works "${TEMPORAL_CLI}"; then echo "${TEMPORAL_CLI}"; exit 0; fi
  say "TEMPORAL_CLI=${TEMPORAL_CLI} is not an executable temporal CLI (\`\$TEMPORAL_CLI --version\` failed)."
  exit 1
fi

if on_path="$(command -v temporal 2>/dev/null)" && works "${on_path}"; then
  echo "${on_path}"; exit 0
fi

# Another process (e.g. `npm test` while `npm start` runs) may be building right now: build under a lock.
mkdir -p "${tools_bin}"
if command -v flock >/dev/null 2>&1; then   # (macOS has no flock: no lock there)
  exec 9>"${tools_bin}/.build.lock"
  if ! flock -n 9; then
    say "another build of the Temporal CLI is running; waiting for it…"
    flock 9
  fi
fi

if works "${cached}"; then echo "${cached}"; exit 0; fi

how_to_fix="Install Go >= 1.25 (https://go.dev/dl/, your OS package, or \`bash scripts/install-go.sh\`, which fetches it \
from the Go module proxy; the build itself only needs the Go module proxy), or install the Temporal CLI yourself \
and set TEMPORAL_CLI=/path/to/temporal (or put \`temporal\` on PATH)."

if ! command -v go >/dev/null 2>&1; then
  say "no Temporal CLI found and Go is not installed, so it cannot be built."
  say "${how_to_fix}"
  exit 1
fi

go_version="$(go env GOVERSION 2>/dev/null || true)"   # e.g. go1.26.8
go_minor="$(sed -E 's/^go1\.([0-9]+).*/\1/' <<<"${go_version}")"
if [[ ! "${go_minor}" =~ ^[0-9]+$ ]] || (( go_minor < 25 )); then
  # GOTOOLCHAIN=auto may still fetch a newer toolchain from the proxy; let go try before giving up.
  say "Go ${go_version:-unknown} is older than 1.25 (temporal CLI ${TEMPORAL_CLI_VERSION} needs >= 1.25); trying anyway."
fi

say "building temporal CLI ${TEMPORAL_CLI_VERSION} into ${tools_bin} (cold build: a few minutes)…"
started=${SECONDS}
if ! GOBIN="${tools_bin}" \
     go install "github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}" >&2; then
  say "building the Temporal CLI failed (see the go output above)."
  say "${how_to_fix}"
  exit 1
fi
say "built in $(( SECONDS - started ))s"

if ! works "${cached}"; then
  say "the build finished but ${cached} does not run."
  say "${how_to_fix}"
  exit 1
fi
echo "${cached}"
