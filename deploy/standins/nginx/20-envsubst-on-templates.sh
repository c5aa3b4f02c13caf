#!/bin/sh
# /etc/nginx/templates/X.template → /etc/nginx/conf.d/X, substituting only the variables that are set in the
# environment (nginx's own $variables stay as they are), as the official image does.
set -eu
vars=$(env | cut -d= -f1 | sed 's/^/$/' | tr '\n' ' ')
for template in /etc/nginx/templates/*.template; do
  [ -f "$template" ] || continue
  out="/etc/nginx/conf.d/$(basename "$template" .template)"
  envsubst "$vars" < "$template" > "$out"
done
