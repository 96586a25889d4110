#!/usr/bin/env bash
# Echoes the request (which it reads whole) inside one JSON document.
request=$(cat)
printf '{"Node": "%s", "Echo": %s}\n' "${PATCHWARDEN_NODE:-}" "$request"
