#!/usr/bin/env bash
# Installs a Go toolchain from the Go module proxy (the same source `GOTOOLCHAIN=auto` uses) into
# <repo>/.tools/go and prints its bin folder. Used by .ci/run on machines without Go >= 1.25.
set -euo pipefail
GO_VERSION="${GO_VERSION:-1.25.5}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${repo_root}/.tools/go-${GO_VERSION}"
if [[ -x "${target}/bin/go" ]]; then echo "${target}/bin"; exit 0; fi

case "$(uname -m)" in x86_64) arch=amd64 ;; aarch64 | arm64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
os="$(uname -s | tr '[:upper:]' '[:lower:]')"
module="v0.0.1-go${GO_VERSION}.${os}-${arch}"
url="${GOPROXY_URL:-https://proxy.golang.org}/golang.org/toolchain/@v/${module}.zip"
echo "install-go: downloading Go ${GO_VERSION} from ${url}" >&2
tmp="$(mktemp -d)"; trap 'rm -rf "${tmp}"' EXIT
curl -fsSL --retry 3 -o "${tmp}/go.zip" "${url}"
unzip -q "${tmp}/go.zip" -d "${tmp}"
rm -rf "${target}" && mkdir -p "$(dirname "${target}")"
mv "${tmp}/golang.org/toolchain@${module}" "${target}"
chmod +x "${target}/bin/"* "${target}/pkg/tool/"*/* 2>/dev/null || true
"${target}/bin/go" version >&2
echo "${target}/bin"
