#!/usr/bin/env bash
# Builds the HAL board simulator and host (docs/hal.md) as an iwasm --native-lib library:
#
#   bash adapters/wamr/hal/build.sh WAMR_SRC OUT_DIR
#
# WAMR_SRC: a wasm-micro-runtime/ folder (core/iwasm/include/wasm_export.h), the one
# scripts/runtimes/wamr.sh takes from the wamrx-sys crate. Writes OUT_DIR/libwasmcert_hal.so.
# Only WAMR's public headers are used: the library links against the wasm_runtime_* API
# that iwasm (and wasmcert's launcher) export. The board file is JSON, read with jansson
# (Debian: libjansson-dev).
set -euo pipefail
WAMR_SRC=${1:?usage: build.sh WAMR_SRC OUT_DIR}
OUT=${2:?usage: build.sh WAMR_SRC OUT_DIR}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
INC="$WAMR_SRC/core/iwasm/include"
[ -f "$INC/wasm_export.h" ] || { echo "hal: $INC/wasm_export.h not found" >&2; exit 1; }
[ -f /usr/include/jansson.h ] || echo '#include <jansson.h>' | ${CC:-cc} -E - >/dev/null 2>&1 \
  || { echo "hal: jansson.h not found (apt-get install libjansson-dev)" >&2; exit 1; }
mkdir -p "$OUT"
${CC:-cc} -std=gnu11 -O2 -Wall -Wextra -Wno-unused-parameter -fPIC -shared -fvisibility=hidden \
  -I"$INC" -o "$OUT/libwasmcert_hal.so.new" "$HERE"/*.c -ljansson -lm
mv -f "$OUT/libwasmcert_hal.so.new" "$OUT/libwasmcert_hal.so"
echo "hal: $OUT/libwasmcert_hal.so ($(stat -c %s "$OUT/libwasmcert_hal.so") bytes)"
