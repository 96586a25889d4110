#!/usr/bin/env bash
# Exits 0 after printing a reply that is JSON of the wrong shape ("shape"), nested 100,000 deep
# ("deep"), or with a number beyond a double ("huge").
cat >/dev/null
case "$1" in
  shape) echo '{"Updates": "all", "RebootRequired": "true"}' ;;
  deep) head -c 100000 /dev/zero | tr '\0' '[' ;;
  huge) echo '{"Updates": [{"UpdateId": "a", "ResultCode": 1e400}]}' ;;
esac
