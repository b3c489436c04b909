#!/usr/bin/env bash
# Small hostile inputs, each at n, 2n and 4n: the time and peak memory of the whole
# run should grow about as the input does (×2, ×4), never as its square.
#
#   bash bench/worst.sh          # every case; prints the table, writes it into results.md
#
# Cases: a chain of lets that each use the one before twice (`ylcheck test` on the
# pack); one staff member on every pairing row (staff-one-center,
# rural-home-staff-load); a GeoJSON boundary of many vertices (loaded and checked
# with no spatial rule selected, then with one); an aggregate whose `where` holds
# another that depends on the checked record only (n² for the outer count's own
# residual `where`, no longer n³); n districts and n community centers kilometres
# from them all (service-circle, whose message names the nearest center: n² when
# boxes growing from each district took in most of the centers); an .xlsx whose
# sheet inflates to gigabytes of whitespace (refused while inflating); a TOML plan
# and a GeoJSON map of many small records, read whole (peak memory as a multiple
# of the file's size).
# YLCHECK=path uses that binary.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
[ -z "${CARGO_TARGET_DIR:-}" ] || export CARGO_TARGET_DIR="$(realpath -m "$CARGO_TARGET_DIR")"
if [ -n "${YLCHECK:-}" ]; then
  YL="$YLCHECK"
else
  (cd "$ROOT" && cargo build --release --quiet)
  YL="${CARGO_TARGET_DIR:-$ROOT/target}/release/ylcheck"
fi
DATA="$BENCH/data/worst"
mkdir -p "$DATA"
python3 "$BENCH/worst.py" gen "$DATA"

ROWS=()
# run LABEL N ARGS...: ylcheck's best wall time of three runs, its peak RSS (MiB), and
# that as a multiple of the input's size (the last argument).
run() {
  local label="$1" n="$2"
  shift 2
  local out="$DATA/time.txt" secs="" kib=0 t
  # The best of three runs: the machine is shared, and a single run is noisy.
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$out" "$YL" --lang en "$@" >/dev/null 2>&1 || true
    t="$(tail -1 "$out")"
    if [ -z "$secs" ] || awk -v a="${t% *}" -v b="$secs" 'BEGIN { exit !(a < b) }'; then
      secs="${t% *}"
    fi
    ((${t#* } > kib)) && kib="${t#* }"
  done
  local bytes ratio
  bytes="$(stat -c %s "${!#}")"
  # Only for inputs of some size: under that, the run's fixed cost is the peak.
  ratio="$(awk -v k="$kib" -v b="$bytes" 'BEGIN { if (b < 4194304) print "—"; else printf "%.1f×", k * 1024 / b }')"
  local size
  size="$(awk -v b="$bytes" 'BEGIN { printf "%.1f MiB", b / 1048576 }')"
  printf '%-44s %10s %8s s %7s MiB %10s %7s\n' "$label" "$n" "$secs" "$((kib / 1024))" "$size" "$ratio" >&2
  ROWS+=("| $label | $n | $secs s | $((kib / 1024)) MiB | $size | $ratio |")
}

cd "$DATA"
for n in 30 60 120; do
  run "lets: chain of n lets (ylcheck test)" "$n" test "lets-$n.rules"
done
for n in 10000 20000 40000; do
  run "staff-one-center: one staff on n rows" "$n" check --as-of 2024-12-29 --fail-on never \
    --select henan-2022-57/staff-one-center --format json -o /dev/null "street-$n.csv"
done
for n in 10000 20000 40000; do
  run "rural-home-staff-load: one staff on n rows" "$n" check --as-of 2024-12-29 --fail-on never \
    --select henan-2022-57/rural-home-staff-load --format json -o /dev/null "rural-$n.csv"
done
for n in 500 1000 2000; do
  run "an aggregate inside another: n records" "$n" check --as-of 2026-01-01 --fail-on never \
    --rules nested.rules --format json -o /dev/null "county-$n.csv"
done
for n in 5000 10000 20000; do
  run "service-circle: n districts, n centers far off" "$n" check --as-of 2026-01-01 --fail-on never \
    --select kaifeng-2022-2/service-circle --format json -o /dev/null "far-districts-$n.csv" "far-centers-$n.csv"
done
for n in 25000 50000 100000; do
  run "boundary of n vertices, no spatial rule" "$n" check --as-of 2026-01-01 --fail-on never \
    --region 开封市 --select kaifeng-2022-2/residential-care-floor-area "ring-$n.geojson"
done
for n in 25000 50000 100000; do
  run "boundary of n vertices, area checked" "$n" check --as-of 2026-01-01 --fail-on never \
    --region 开封市 --select kaifeng-2022-2/district-land-area-matches-boundary "ring-$n.geojson"
done
for n in 100000 200000 400000; do
  run "TOML plan of n tables, read whole" "$n" check --as-of 2026-01-01 --fail-on never \
    --region 开封市祥符区 --format json -o /dev/null "plan-$n.toml"
done
for n in 42500 85000 170000; do
  run "GeoJSON map of n features, read whole" "$n" check --as-of 2026-01-01 --fail-on never \
    --region 开封市祥符区 --format json -o /dev/null "map-$n.geojson"
done
for n in 768 1536 3072; do
  run "xlsx inflating to n MiB of whitespace" "$n" check --as-of 2026-01-01 "bomb-$n.xlsx"
done

TABLE="$(printf '%s\n' "| case | n | wall | max RSS | input | RSS ÷ input |" "|---|---:|---:|---:|---:|---:|" "${ROWS[@]}")"
python3 "$BENCH/worst.py" record "$BENCH/results.md" "$TABLE" "$("$YL" --version 2>/dev/null | head -1)"
