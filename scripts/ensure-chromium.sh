#!/bin/sh
# Make sure a headless Chromium is available for the report's browser test
# (test/report-browser.test.ts drives it with playwright-core from /usr/bin/chromium).
#
# - /usr/bin/chromium (or $FELLES_CHROMIUM) present: nothing to do.
# - missing, running as root on a Debian/Ubuntu machine with apt-get: install the
#   distribution's package `chromium` (apt-get update && apt-get install -y chromium).
# - otherwise: print what to do and exit 1.
#
# With --optional (as `pnpm test` runs it), a browser that cannot be had is not an error here:
# the script says so and exits 0, the rest of the suite runs, and only the browser test fails,
# with the same advice.
set -u

CHROMIUM="${FELLES_CHROMIUM:-/usr/bin/chromium}"
OPTIONAL=0
[ "${1:-}" = "--optional" ] && OPTIONAL=1

missing() {
  cat >&2 <<MSG
ensure-chromium: $1
The report's browser test (test/report-browser.test.ts) needs a headless Chromium. Either:
  - install it:            sudo apt-get update && sudo apt-get install -y chromium
  - or point to a browser: export FELLES_CHROMIUM=/path/to/chromium
MSG
  if [ "$OPTIONAL" = "1" ]; then
    echo "ensure-chromium: going on without it; only the browser test will fail." >&2
    exit 0
  fi
  exit 1
}

if [ -x "$CHROMIUM" ]; then
  echo "ensure-chromium: found $CHROMIUM"
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $CHROMIUM is missing; installing the Debian package chromium (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update && apt-get install -y --no-install-recommends chromium && [ -x "$CHROMIUM" ]; then
    echo "ensure-chromium: installed $CHROMIUM"
    exit 0
  fi
  missing "apt-get could not install chromium, and there is no browser at $CHROMIUM."
fi

missing "no Chromium at $CHROMIUM, and it cannot be installed automatically (that needs root and apt-get)."
