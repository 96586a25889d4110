#!/usr/bin/env bash
# Exits 0 but prints a Python traceback instead of a JSON document.
cat >/dev/null
printf 'Traceback (most recent call last):\n  File "driver.py", line 3\nKeyError: node\n'
