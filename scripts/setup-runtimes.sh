#!/usr/bin/env bash
# Installs the runtimes under test, pinned, from the package registries only, into
# .runtimes/ (git-ignored). Idempotent: an installed runtime answering its version is
# kept. One runtime failing to install does not stop the others; the summary says which.
set -uo pipefail
cd "$(dirname "$0")/.."
DEST=${WASMCERT_RUNTIMES_DIR:-.runtimes}
mkdir -p "$DEST"
failed=()
step() {
  local name=$1; shift
  local t0=$SECONDS
  if "$@"; then echo "  ($name: $((SECONDS - t0)) s)"; else echo "setup:runtimes: $name failed" >&2; failed+=("$name"); fi
}
step wasmtime bash scripts/runtimes/wasmtime.sh "$DEST/wasmtime"
step wazero bash scripts/runtimes/wazero.sh "$DEST/wazero/1.12.0"
step wamr bash scripts/runtimes/wamr.sh "$DEST/wamr/2.4.3"
step wasmedge bash scripts/runtimes/wasmedge.sh "$DEST/wasmedge/0.14.1"
node bin/wasmcert.js runtimes
if [ ${#failed[@]} -gt 0 ]; then echo "setup:runtimes: not installed: ${failed[*]}" >&2; exit 1; fi
