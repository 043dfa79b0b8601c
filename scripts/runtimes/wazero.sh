#!/usr/bin/env bash
# wazero's CLI through the Go module proxy, pinned by module version (go.sum-verified).
set -euo pipefail
VERSION=1.12.0
DEST=${1:-.runtimes/wazero/$VERSION}
if [ -x "$DEST/wazero" ] && "$DEST/wazero" version 2>/dev/null | grep -q "v$VERSION"; then
  echo "wazero $VERSION: already in $DEST"; exit 0
fi
command -v go >/dev/null || { echo "wazero: go not found" >&2; exit 1; }
mkdir -p "$DEST"
CGO_ENABLED=0 GOBIN=$(cd "$DEST" && pwd) GOFLAGS=-mod=mod go install -trimpath -ldflags='-s -w' "github.com/tetratelabs/wazero/cmd/wazero@v$VERSION"
echo "wazero $("$DEST/wazero" version): installed in $DEST ($(du -h "$DEST/wazero" | cut -f1))"
