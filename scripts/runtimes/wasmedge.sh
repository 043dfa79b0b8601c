#!/usr/bin/env bash
# WasmEdge 0.14.1 from Debian 13 (trixie) packages, for a Debian 12 machine: no registry
# serves a build for bookworm. The .debs come through a private apt configuration that
# reuses the machine's own Debian mirror, are unpacked into DEST (never installed
# system-wide: that would upgrade libc6), and run through trixie's own loader.
set -euo pipefail
VERSION=0.14.1
DEST=${1:-.runtimes/wasmedge/$VERSION}
WRAPPER="$DEST/wasmedge"

if [ -x "$WRAPPER" ] && "$WRAPPER" --version 2>/dev/null | grep -q "$VERSION"; then
  echo "wasmedge $VERSION: already in $DEST"; exit 0
fi

# The machine's configured Debian mirror (deb822 first, then one-line sources).
MIRROR=$( { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security;
            grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}' | grep -v security; } | grep -i debian | head -n1 ) || true
[ -n "$MIRROR" ] || { echo "wasmedge: no Debian mirror configured in /etc/apt" >&2; exit 1; }

# libllvm19 is the same major in bookworm: install it normally.
if ! dpkg -s libllvm19 >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libllvm19 >/dev/null
fi

APT=$(mktemp -d)
trap 'rm -rf "$APT"' EXIT
mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/debs" "$APT/empty"
cat > "$APT/trixie.sources" <<SOURCES
Types: deb
URIs: $MIRROR
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
OPTS=(-o "Dir::Etc::SourceList=$APT/trixie.sources" -o "Dir::Etc::SourceParts=$APT/empty" -o "Dir::State::Lists=$APT/lists"
      -o "Dir::Cache=$APT/cache" -o "Dir::Etc::Preferences=/dev/null" -o "Dir::Etc::PreferencesParts=$APT/empty"
      -o "APT::Get::List-Cleanup=0" -o "APT::Sandbox::User=root")
apt-get "${OPTS[@]}" update -qq
( cd "$APT/debs" && apt-get "${OPTS[@]}" download -qq \
    "wasmedge=$VERSION*" "libwasmedge0=$VERSION*" libc6 libstdc++6 libgcc-s1 libfmt10 libspdlog1.15 libzstd1 )

rm -rf "$DEST" && mkdir -p "$DEST/root"
for deb in "$APT"/debs/*.deb; do dpkg-deb -x "$deb" "$DEST/root"; done
ROOT=$(cd "$DEST/root" && pwd)
# Run through the unpacked loader: the binary needs trixie's glibc, and executing it
# directly on bookworm fails with "undefined symbol: __tunable_is_initialized".
cat > "$WRAPPER" <<WRAP
#!/bin/sh
exec "$ROOT/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" --library-path "$ROOT/usr/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu" "$ROOT/usr/bin/wasmedge" "\$@"
WRAP
chmod +x "$WRAPPER"
echo "wasmedge $("$WRAPPER" --version | head -n1 | awk '{print $NF}'): installed in $DEST ($(du -sh "$DEST" | cut -f1))"
