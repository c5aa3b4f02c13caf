#!/bin/sh
# Run by the nginx image's entrypoint before nginx starts: reload every 6 hours, so a certificate renewed by
# certbot (or replaced by hand in deploy/certs) is served without restarting the proxy.
( while sleep 21600; do nginx -s reload; done ) &
