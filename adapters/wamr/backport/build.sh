#!/usr/bin/env bash
# Builds the wasi:sockets back-port as an iwasm --native-lib library:
#
#   bash adapters/wamr/backport/build.sh WAMR_SRC OUT_DIR
#
# WAMR_SRC: a wasm-micro-runtime/ folder (core/iwasm/include/wasm_export.h), the one
# scripts/runtimes/wamr.sh takes from the wamrx-sys crate. Writes
# OUT_DIR/libwasmcert_backport.so. Only WAMR's public headers are used: the library
# links against the wasm_runtime_* API that iwasm (and wasmcert's launcher) export.
set -euo pipefail
WAMR_SRC=${1:?usage: build.sh WAMR_SRC OUT_DIR}
OUT=${2:?usage: build.sh WAMR_SRC OUT_DIR}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
INC="$WAMR_SRC/core/iwasm/include"
[ -f "$INC/wasm_export.h" ] || { echo "backport: $INC/wasm_export.h not found" >&2; exit 1; }
mkdir -p "$OUT"
${CC:-cc} -std=gnu11 -O2 -Wall -Wextra -Wno-unused-parameter -fPIC -shared -fvisibility=hidden \
  -I"$INC" -o "$OUT/libwasmcert_backport.so.new" "$HERE"/*.c
mv -f "$OUT/libwasmcert_backport.so.new" "$OUT/libwasmcert_backport.so"
echo "backport: $OUT/libwasmcert_backport.so ($(stat -c %s "$OUT/libwasmcert_backport.so") bytes)"
