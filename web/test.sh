#!/usr/bin/env bash
# Builds ylcheck.html (web/build.sh) and the command line, then drives the page in
# headless Chromium with playwright-core (web/test/page.test.mjs, pinned by
# web/test/package-lock.json): every sample must give the command line's reports,
# a bad file its located error, and the page must make no network request.
#
# Without Chromium, Node.js, npm or the wasm32 toolchain the test says so and
# passes, unless YLCHECK_BROWSER_TEST=require (as CI sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir="${CARGO_TARGET_DIR:-target}"
browser="${YLCHECK_CHROMIUM:-/usr/bin/chromium}"

missing=""
[ -x "$browser" ] || missing="$missing Chromium ($browser)"
command -v node >/dev/null 2>&1 || missing="$missing Node.js"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
command -v rustup >/dev/null 2>&1 || missing="$missing rustup (for the wasm32 target)"
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
if [ -n "$missing" ]; then
  if [ "${YLCHECK_BROWSER_TEST:-}" = "require" ]; then
    echo "web/test.sh: YLCHECK_BROWSER_TEST=require, but missing:$missing" >&2
    exit 1
  fi
  echo "web/test.sh: skipped: missing$missing"
  exit 0
fi

start=$(date +%s)
bash web/build.sh
built=$(date +%s)
cargo build --locked --bin ylcheck
(cd web/test && npm ci --no-audit --no-fund --loglevel=error)
YLCHECK_PAGE="$(realpath "$target_dir/ylcheck.html")" \
YLCHECK_BIN="$(realpath "$target_dir/debug/ylcheck")" \
YLCHECK_CHROMIUM="$browser" \
  node --test --test-reporter=spec web/test/page.test.mjs
end=$(date +%s)
echo "web/test.sh: page built in $((built - start)) s, tested in $((end - built)) s"
