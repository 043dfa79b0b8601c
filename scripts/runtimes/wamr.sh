#!/usr/bin/env bash
# WAMR 2.4.3 via our own launcher (adapters/wamr/launcher), built per variant.
#
# WAMR's sources come from crates.io: the wamrx-sys crate, pinned =0.3.0,
# carries wasm-micro-runtime/{core,build-scripts} of WAMR 2.4.3 (upstream
# 978ce3f) but no product-mini/, hence no iwasm. cargo verifies the crate's
# checksum against the index. Nothing else is downloaded.
#
#   bash scripts/runtimes/wamr.sh [DEST]     (DEST: .runtimes/wamr/2.4.3)
#
# Idempotent: a variant whose binary answers --version and was built from the
# launcher sources as they are now (their hash is kept in build.json) is kept.
set -euo pipefail
WAMR_VERSION=2.4.3
CRATE=wamrx-sys
CRATE_VERSION=0.3.0
DEST=${1:-.runtimes/wamr/$WAMR_VERSION}
LAUNCHER_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../adapters/wamr/launcher" && pwd)
JOBS=${JOBS:-2}
mkdir -p "$DEST"
DEST=$(cd "$DEST" && pwd)
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/wamr-build.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
LAUNCHER_SHA256=$(cat "$LAUNCHER_SRC/CMakeLists.txt" "$LAUNCHER_SRC/wamr-launcher.c" | sha256sum | cut -d' ' -f1)

# Every variant: Linux x86-64/ARM via WAMR_BUILD_TARGET's own detection, WASI
# preview 1 (which also brings WAMR's socket host functions), reference types
# and bulk memory (Wasm 2.0), validating loader (MINI_LOADER=0 skips checks),
# no SIMD (the fast interpreter's SIMD pulls simde with FetchContent, which
# fails offline; the classic interpreter has no SIMD at all), and no GS-base
# writes (otherwise CMake probes the build machine's CPU for wrgsbase, so the
# binary would depend on where it was built; it only speeds up AOT code).
COMMON=(-DWAMR_BUILD_INTERP=1 -DWAMR_BUILD_LIBC_WASI=1 -DWAMR_BUILD_REF_TYPES=1
        -DWAMR_BUILD_BULK_MEMORY=1 -DWAMR_BUILD_MINI_LOADER=0 -DWAMR_BUILD_SIMD=0
        -DWAMR_BUILD_JIT=0 -DWAMR_BUILD_FAST_JIT=0 -DWAMR_DISABLE_WRITE_GS_BASE=1)
# name|label shown by --version|strip?|required?|flags
VARIANTS=(
  # iwasm's default engine: fast interpreter + AOT loader + libc-builtin;
  # the thread manager makes --timeout work.
  "default|fast-interp|no|yes|-DCMAKE_BUILD_TYPE=Release -DWAMR_BUILD_FAST_INTERP=1 -DWAMR_BUILD_AOT=1 -DWAMR_BUILD_LIBC_BUILTIN=1 -DWAMR_BUILD_THREAD_MGR=1"
  # Smallest conformant build: classic interpreter only, no AOT loader, no
  # non-standard env.* imports (libc-builtin), no thread manager (so no --timeout).
  "minimal|classic-interp-min|yes|yes|-DCMAKE_BUILD_TYPE=MinSizeRel -DWAMR_BUILD_FAST_INTERP=0 -DWAMR_BUILD_AOT=0 -DWAMR_BUILD_LIBC_BUILTIN=0 -DWAMR_BUILD_THREAD_MGR=0"
  # Multi-memory exists only in the classic interpreter without AOT.
  "multi-memory|classic-interp-multi-memory|no|no|-DCMAKE_BUILD_TYPE=Release -DWAMR_BUILD_FAST_INTERP=0 -DWAMR_BUILD_AOT=0 -DWAMR_BUILD_MULTI_MEMORY=1 -DWAMR_BUILD_LIBC_BUILTIN=1 -DWAMR_BUILD_THREAD_MGR=1"
)

wamr_sources() {
  local home=${CARGO_HOME:-$HOME/.cargo} d
  for d in "$home"/registry/src/*/"$CRATE-$CRATE_VERSION"/wasm-micro-runtime; do
    [ -f "$d/build-scripts/runtime_lib.cmake" ] && { echo "$d"; return 0; }
  done
  # Fetched but not unpacked (cargo unpacks lazily in some versions).
  for d in "$home"/registry/cache/*/"$CRATE-$CRATE_VERSION.crate"; do
    [ -f "$d" ] || continue
    tar -xzf "$d" -C "$SCRATCH"
    echo "$SCRATCH/$CRATE-$CRATE_VERSION/wasm-micro-runtime"; return 0
  done
  return 1
}

is_built() { # variant label
  local out
  out=$("$DEST/$1/wamr-launcher" --version 2>/dev/null) || return 1
  [ "$out" = "wamr-launcher $WAMR_VERSION ($2)" ] || return 1
  # a launcher built from older sources lacks their flags (--max-memory-pages)
  grep -q "\"launcherSha256\": \"$LAUNCHER_SHA256\"" "$DEST/$1/build.json" 2>/dev/null
}

need_build=0
for v in "${VARIANTS[@]}"; do
  IFS='|' read -r name label _ _ _ <<<"$v"
  is_built "$name" "$label" || need_build=1
done

if [ $need_build = 1 ]; then
  for tool in cmake make cc strip; do
    command -v $tool >/dev/null || { echo "wamr: $tool not found" >&2; exit 1; }
  done
  if ! WAMR_SRC=$(wamr_sources); then
    command -v cargo >/dev/null || { echo "wamr: cargo not found" >&2; exit 1; }
    echo "wamr: fetching $CRATE =$CRATE_VERSION from crates.io"
    mkdir -p "$SCRATCH/fetch/src"
    cat >"$SCRATCH/fetch/Cargo.toml" <<EOF
[package]
name = "wamr-fetch"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$CRATE = "=$CRATE_VERSION"
EOF
    : >"$SCRATCH/fetch/src/lib.rs"
    cargo fetch --quiet --manifest-path "$SCRATCH/fetch/Cargo.toml"
    WAMR_SRC=$(wamr_sources) || { echo "wamr: $CRATE-$CRATE_VERSION not found after cargo fetch" >&2; exit 1; }
  fi
  got=$(sed -n 's/^#define WAMR_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\)/\2/p' "$WAMR_SRC/core/version.h" | paste -sd.)
  [ "$got" = "$WAMR_VERSION" ] || { echo "wamr: $WAMR_SRC is WAMR $got, expected $WAMR_VERSION" >&2; exit 1; }
fi

for v in "${VARIANTS[@]}"; do
  IFS='|' read -r name label strip required flags <<<"$v"
  out="$DEST/$name"
  if is_built "$name" "$label"; then
    echo "wamr $name: already in $out ($(stat -c %s "$out/wamr-launcher") bytes)"
    continue
  fi
  # shellcheck disable=SC2206
  cmake_flags=("${COMMON[@]}" $flags "-DLAUNCHER_VARIANT=$label")
  build="$SCRATCH/$name"
  start=$SECONDS
  if ! { cmake -S "$LAUNCHER_SRC" -B "$build" -DWAMR_ROOT_DIR="$WAMR_SRC" "${cmake_flags[@]}" \
           && make -C "$build" -j"$JOBS"; } >"$SCRATCH/$name.log" 2>&1; then
    if [ "$required" = yes ]; then
      tail -30 "$SCRATCH/$name.log" >&2; echo "wamr $name: build failed" >&2; exit 1
    fi
    tail -10 "$SCRATCH/$name.log" >&2; echo "wamr $name: optional variant did not build, skipped" >&2
    continue
  fi
  mkdir -p "$out"
  unstripped=$(stat -c %s "$build/wamr-launcher")
  stripped=false
  # written beside and renamed: overwriting a binary in use fails (ETXTBSY)
  if [ "$strip" = yes ]; then
    strip -o "$out/wamr-launcher.new" "$build/wamr-launcher"; stripped=true
  else
    cp "$build/wamr-launcher" "$out/wamr-launcher.new"
  fi
  mv -f "$out/wamr-launcher.new" "$out/wamr-launcher"
  size=$(stat -c %s "$out/wamr-launcher")
  json_flags=$(printf '"%s",' "${cmake_flags[@]}"); json_flags="[${json_flags%,}]"
  cat >"$out/build.json" <<EOF
{ "variant": "$name", "wamrVersion": "$WAMR_VERSION", "cmakeFlags": $json_flags, "sizeBytes": $size, "stripped": $stripped, "launcherSha256": "$LAUNCHER_SHA256" }
EOF
  is_built "$name" "$label" || { echo "wamr $name: built binary does not answer --version" >&2; exit 1; }
  echo "wamr $name: $("$out/wamr-launcher" --version), $size bytes$([ $stripped = true ] && echo " stripped, $unstripped unstripped"), built in $((SECONDS - start)) s -> $out"
done

# The wasi:sockets back-port (docs/sockets-backport.md) as one iwasm --native-lib library,
# rebuilt when its sources change. Without it WAMR simply lacks sockets.backport.
BACKPORT_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../adapters/wamr/backport" && pwd)
# every source file by name and content, in a fixed order: adding or renaming one rebuilds too
BACKPORT_SHA256=$(cd "$BACKPORT_SRC" && find . -maxdepth 1 -type f \( -name '*.[ch]' -o -name build.sh \) | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1)
if [ -f "$DEST/backport/libwasmcert_backport.so" ] && [ "$(cat "$DEST/backport/source.sha256" 2>/dev/null)" = "$BACKPORT_SHA256" ]; then
  echo "wamr backport: already in $DEST/backport"
elif WAMR_SRC=${WAMR_SRC:-$(wamr_sources)}; then
  bash "$BACKPORT_SRC/build.sh" "$WAMR_SRC" "$DEST/backport"
  echo "$BACKPORT_SHA256" >"$DEST/backport/source.sha256"
else
  echo "wamr backport: WAMR sources not found (run with an empty $DEST to fetch them); library not built" >&2
fi

# The HAL board simulator and host (docs/hal.md) as one --native-lib library, rebuilt when
# its sources change. The adapter gives it only to HAL guests: it and the back-port both
# register wasi:io/poll. It reads board files with jansson (libjansson-dev); when it cannot
# be built WAMR simply lacks hal.*, and a library left from older sources is removed.
HAL_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../adapters/wamr/hal" && pwd)
HAL_SHA256=$(cd "$HAL_SRC" && find . -maxdepth 1 -type f \( -name '*.[ch]' -o -name build.sh \) | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1)
if [ -f "$DEST/hal/libwasmcert_hal.so" ] && [ "$(cat "$DEST/hal/source.sha256" 2>/dev/null)" = "$HAL_SHA256" ]; then
  echo "wamr hal: already in $DEST/hal"
elif WAMR_SRC=${WAMR_SRC:-$(wamr_sources)}; then
  if bash "$HAL_SRC/build.sh" "$WAMR_SRC" "$DEST/hal"; then
    echo "$HAL_SHA256" >"$DEST/hal/source.sha256"
  else
    rm -f "$DEST/hal/libwasmcert_hal.so" "$DEST/hal/source.sha256"
    echo "wamr hal: library not built (see above); WAMR lacks hal.*" >&2
  fi
else
  echo "wamr hal: WAMR sources not found (run with an empty $DEST to fetch them); library not built" >&2
fi
