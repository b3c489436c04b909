#!/usr/bin/env bash
# The page (ylcheck.html) against the command line on one large input: the
# generated facility table (src/bin/generate.rs) as an Excel workbook of N rows
# (src/bin/workbook.rs), checked for 开封市 as of 2026-01-01.
#
#   bash bench/page.sh            # N = 200000
#   bash bench/page.sh 50000
#
# Builds the page (web/build.sh), the command line (release) and the generators;
# times `ylcheck check --format json` and `--format html` (best of 3, wall time and
# peak RSS with /usr/bin/time), with all threads and with one (the page has one),
# then the page in headless Chromium (web/test/bench.mjs, best of 3): the checker's
# time in its worker (one run writes both reports) and the time from pressing
# Check to the result shown. Writes bench/page-results.md.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
[ -z "${CARGO_TARGET_DIR:-}" ] || export CARGO_TARGET_DIR="$(realpath -m "$CARGO_TARGET_DIR")"
N="${1:-200000}"
RUNS=3
REGION=开封市
AS_OF=2026-01-01
log() { printf '\n==> %s\n' "$*" >&2; }

command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null; }
log "building the page, ylcheck and the generators"
(cd "$ROOT" && bash web/build.sh)
(cd "$ROOT" && cargo build --release --quiet --bin ylcheck)
(cd "$BENCH" && cargo build --release --quiet --bin generate --bin workbook)
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
YL="$TARGET/release/ylcheck"
PAGE="$TARGET/ylcheck.html"
BTARGET="${CARGO_TARGET_DIR:-$BENCH/target}"
(cd "$ROOT/web/test" && npm ci --no-audit --no-fund --loglevel=error)

DATA="$BENCH/data/page-$N"
mkdir -p "$DATA"
BOOK="$DATA/facility.xlsx"
if [ ! -f "$BOOK" ]; then
  log "generating $N facilities and their workbook"
  "$BTARGET/release/generate" "$N" "$DATA" >/dev/null
  "$BTARGET/release/workbook" "$DATA/facility.csv" "$BOOK"
fi

# Best of RUNS: "seconds peak_MiB".
best_cli() {
  local best="" line
  for _ in $(seq "$RUNS"); do
    line=$(env "$@" 2>&1 >/dev/null | tail -1)
    if [ -z "$best" ] || awk -v a="${line%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
      best="$line"
    fi
  done
  echo "$best"
}
cli() {
  best_cli "$@" /usr/bin/time -f "%e %M" "$YL" check --no-config --fail-on never \
    --region "$REGION" --as-of "$AS_OF" "${FORMAT[@]}" "$BOOK"
}
log "timing the command line"
FORMAT=(--format json); json=$(cli)
FORMAT=(--format json); json1=$(cli RAYON_NUM_THREADS=1)
FORMAT=(--format html); html=$(cli)
FORMAT=(--format html); html1=$(cli RAYON_NUM_THREADS=1)
FORMAT=(--format json)
findings=$("$YL" check --no-config --fail-on never --region "$REGION" --as-of "$AS_OF" \
  --format json "$BOOK" 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))')
json_mb=$("$YL" check --no-config --fail-on never --region "$REGION" --as-of "$AS_OF" --format json "$BOOK" 2>/dev/null | wc -c)
html_mb=$("$YL" check --no-config --fail-on never --region "$REGION" --as-of "$AS_OF" --format html "$BOOK" 2>/dev/null | wc -c)

log "timing the page"
runs=$(cd "$ROOT/web/test" && node bench.mjs "$PAGE" "$REGION" "$AS_OF" "$RUNS" "$BOOK")
echo "$runs" >&2
page=$(echo "$runs" | python3 -c '
import json, sys
rs = [json.loads(l) for l in sys.stdin if l.strip()]
assert all(r["state"] == "done" for r in rs), rs
print(min(r["worker_ms"] for r in rs) / 1000, min(r["shown_ms"] for r in rs) / 1000,
      round(max(r["wasm_memory"] for r in rs) / 2**20))')

secs() { echo "${1%% *}"; }
mib() { awk -v k="${1##* }" 'BEGIN { printf "%.0f", k / 1024 }'; }
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
cat >"$BENCH/page-results.md" <<EOF
# The page against the command line

\`bash bench/page.sh $N\`: the generated facility table as one workbook
(\`facility.xlsx\`, $N rows, $(($(wc -c <"$BOOK") / 1024 / 1024)) MiB), checked with
\`--region $REGION --as-of $AS_OF\`: $findings findings; the JSON report is
$((json_mb / 1024 / 1024)) MiB, the HTML report $((html_mb / 1024 / 1024)) MiB. Best of $RUNS runs; $(nproc) cores
($cpu), Chromium $(chromium --version 2>/dev/null | awk '{print $2}'). The page is
$(($(wc -c <"$PAGE") / 1024)) KiB.

| what | wall time | peak memory |
|---|---|---|
| \`ylcheck check --format json\` | $(secs "$json") s | $(mib "$json") MiB |
| the same, one thread (\`RAYON_NUM_THREADS=1\`) | $(secs "$json1") s | $(mib "$json1") MiB |
| \`ylcheck check --format html\` | $(secs "$html") s | $(mib "$html") MiB |
| the same, one thread | $(secs "$html1") s | $(mib "$html1") MiB |
| the page: the check in its worker (both reports, one run) | $(echo "$page" | cut -d' ' -f1) s | $(echo "$page" | cut -d' ' -f3) MiB (the module's memory) |
| the page: from pressing Check to the result shown | $(echo "$page" | cut -d' ' -f2) s | |

The page's worker runs the check on one thread, as WebAssembly, and writes both
reports in one run; the command line writes one report per run. The time to the
result shown adds reading the file, handing it to the worker and the reports
back as blobs. A module's memory never shrinks: the page starts its worker afresh
after a check that grew it past 256 MiB, so the memory is given back. An HTML report this large (over 16 MiB) is not drawn in the page
unless asked for: a browser takes minutes to lay out a table of $findings rows.
EOF
cat "$BENCH/page-results.md"
