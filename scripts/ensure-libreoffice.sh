#!/bin/sh
# Make sure headless LibreOffice is available for the workbook test
# (packages/core/test/xlsx-libreoffice.test.ts opens the indicator XLSX with `soffice --headless --convert-to csv`).
#
# - soffice (or $FELLES_SOFFICE) present: nothing to do.
# - missing, running as root on a Debian/Ubuntu machine with apt-get: install the
#   distribution's package `libreoffice-calc` (apt-get update && apt-get install -y libreoffice-calc).
# - otherwise: print what to do and exit 1.
#
# With --optional (as `pnpm test` runs it), LibreOffice that cannot be had is not an error here:
# the script says so and exits 0, the rest of the suite runs, and only the workbook test fails,
# with the same advice.
set -u

SOFFICE="${FELLES_SOFFICE:-soffice}"
OPTIONAL=0
[ "${1:-}" = "--optional" ] && OPTIONAL=1

missing() {
  cat >&2 <<MSG
ensure-libreoffice: $1
The workbook test (packages/core/test/xlsx-libreoffice.test.ts) needs headless LibreOffice. Either:
  - install it:          sudo apt-get update && sudo apt-get install -y libreoffice-calc
  - or point to soffice: export FELLES_SOFFICE=/path/to/soffice
MSG
  if [ "$OPTIONAL" = "1" ]; then
    echo "ensure-libreoffice: going on without it; only the workbook test will fail." >&2
    exit 0
  fi
  exit 1
}

if command -v "$SOFFICE" >/dev/null 2>&1; then
  echo "ensure-libreoffice: found $(command -v "$SOFFICE")"
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-libreoffice: $SOFFICE is missing; installing the Debian package libreoffice-calc (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update && apt-get install -y --no-install-recommends libreoffice-calc && command -v "$SOFFICE" >/dev/null 2>&1; then
    echo "ensure-libreoffice: installed $(command -v "$SOFFICE")"
    exit 0
  fi
  missing "apt-get could not install libreoffice-calc, and there is no $SOFFICE."
fi

missing "no $SOFFICE, and it cannot be installed automatically (that needs root and apt-get)."
