#!/bin/sh
# Make sure a headless Chromium is available for the report's browser test
# (test/report-browser.test.ts drives it with playwright-core from /usr/bin/chromium).
#
# - /usr/bin/chromium (or $FELLES_CHROMIUM) present: nothing to do.
# - missing, running as root on a Debian/Ubuntu machine with apt-get: install the
#   distribution's package `chromium` (apt-get update && apt-get install -y chromium).
# - otherwise: print what to do and exit 1.
set -eu

CHROMIUM="${FELLES_CHROMIUM:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
  echo "ensure-chromium: found $CHROMIUM"
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $CHROMIUM is missing; installing the Debian package chromium (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends chromium
  if [ -x "$CHROMIUM" ]; then
    echo "ensure-chromium: installed $CHROMIUM"
    exit 0
  fi
  echo "ensure-chromium: apt-get finished but $CHROMIUM is still missing" >&2
  exit 1
fi

cat >&2 <<MSG
ensure-chromium: no Chromium at $CHROMIUM, and it cannot be installed automatically
(that needs root and apt-get). The report's browser test needs it. Either:
  - install it:            sudo apt-get update && sudo apt-get install -y chromium
  - or point to a browser: export FELLES_CHROMIUM=/path/to/chromium
MSG
exit 1
