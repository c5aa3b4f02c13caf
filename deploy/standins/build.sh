#!/usr/bin/env bash
# Builds the local stand-ins for the public images (README.md beside this file). Idempotent and cached:
# the debootstrap root is kept in $PZ_IMAGE_CACHE and each stand-in is rebuilt only when its folder changes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${PZ_IMAGE_CACHE:-/var/cache/pz-images}"
mirror="${DEBIAN_MIRROR:-$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)}"
mirror="${mirror:-http://deb.debian.org/debian}"

if ! docker image inspect pz-base/debian:bookworm >/dev/null 2>&1; then
  mkdir -p "$cache"
  if [ ! -f "$cache/bookworm-minbase.tar" ]; then
    command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
    echo "stand-ins: debootstrap bookworm from $mirror (once per machine)"
    rm -rf "$cache/rootfs"
    debootstrap --variant=minbase --include=ca-certificates bookworm "$cache/rootfs" "$mirror" >"$cache/debootstrap.log"
    tar -C "$cache/rootfs" -cf "$cache/bookworm-minbase.tar" .
    rm -rf "$cache/rootfs"
  fi
  docker import "$cache/bookworm-minbase.tar" pz-base/debian:bookworm >/dev/null
fi

# name:tag  folder
images=(
  "python:3.11.11-slim-bookworm python"
  "postgres:15-bookworm postgres"
  "redis:7.2-bookworm redis"
  "nginx:1.27-bookworm nginx"
)
cp /etc/ssl/certs/ca-certificates.crt "$here/python/ca-certificates.crt"
trap 'rm -f "$here/python/ca-certificates.crt"' EXIT
for entry in "${images[@]}"; do
  read -r image folder <<<"$entry"
  digest=$( (cd "$here/$folder" && find . -type f ! -name ca-certificates.crt -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16)
  have=$(docker image inspect -f '{{ index .Config.Labels "pz.standin" }}' "$image" 2>/dev/null || true)
  if [ "$have" = "$digest" ]; then
    continue
  fi
  echo "stand-ins: building $image"
  docker build -q --network host --label "pz.standin=$digest" -t "$image" "$here/$folder" >/dev/null
done
echo "stand-ins: ready (${images[*]%% *})"
