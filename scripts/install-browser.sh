#!/usr/bin/env bash
# Install the browser the e2e suite drives (tests/e2e): Debian's Chromium, headless, with fonts to
# render the pages. Idempotent and fast when it is there already; needs root (or sudo) and apt.
set -euo pipefail
if [ -x /usr/bin/chromium ] && { [ -d /usr/share/fonts/truetype/dejavu ] || [ -d /usr/share/fonts/truetype/noto ]; }; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: no apt-get here; install Chromium at /usr/bin/chromium yourself" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "installing Chromium (Debian package) for the e2e suite"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
