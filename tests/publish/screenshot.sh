#!/bin/sh
# SPDX-License-Identifier: AGPL-3.0-or-later
# Headless Chromium screenshot of a report, to look at the layout (not run by ctest).
#   tests/publish/screenshot.sh OUT_DIR/index.html [screenshot.png]
# Needs Debian `chromium`. Networking is disabled: the report must render with no fetch.
set -eu
html="$1"
png="${2:-$(dirname "$html")/screenshot.png}"
command -v chromium >/dev/null || { echo "chromium is not installed (apt-get install chromium)" >&2; exit 77; }
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --window-size=1280,4000 --screenshot="$png" "file://$(realpath "$html")" 2>/dev/null
test -s "$png" && echo "$png"
