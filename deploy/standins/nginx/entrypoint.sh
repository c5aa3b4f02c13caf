#!/bin/sh
# The official image's entrypoint contract: when the command is nginx, every executable
# /docker-entrypoint.d/*.sh runs first, in order; one of them (20-envsubst-on-templates.sh) renders the templates.
set -eu
if [ "${1:-}" = "nginx" ] || [ "${1:-}" = "nginx-debug" ]; then
  for script in $(find /docker-entrypoint.d/ -follow -type f -name '*.sh' | sort); do
    if [ -x "$script" ]; then
      echo "$0: running $script"
      "$script"
    fi
  done
fi
exec "$@"
