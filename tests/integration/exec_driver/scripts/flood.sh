#!/usr/bin/env bash
# Prints $1 bytes on stdout without reading stdin.
head -c "$1" /dev/zero | tr '\0' 'x'
