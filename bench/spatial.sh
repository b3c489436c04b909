#!/usr/bin/env bash
# The walking-radius check (KF-2b) at scale: ylcheck against scipy's cKDTree on the
# same CSVs, timed whole-process, with the two agreeing on every district.
# Usage: bash bench/spatial.sh [N_DISTRICTS] [N_FACILITIES]   (default 500000 100000)
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
ND="${1:-500000}"; NF="${2:-100000}"
DATA="$BENCH/data/spatial-$ND-$NF"
PY="$BENCH/.venv-spatial/bin/python"
if ! { [ -x "$PY" ] && "$PY" -c "import scipy, numpy" 2>/dev/null; }; then
  python3 -m venv "$BENCH/.venv-spatial"
  "$PY" -m pip install --quiet --disable-pip-version-check "scipy==1.16.3" "numpy==2.3.5"
fi
mkdir -p "$DATA"
[ -f "$DATA/districts.csv" ] || "$PY" "$BENCH/spatial.py" gen "$ND" "$NF" "$DATA"
(cd "$ROOT" && cargo build --release --quiet)
YL="$ROOT/target/release/ylcheck"
echo "== ylcheck"
/usr/bin/time -f "ylcheck: %e s, %M KiB" "$YL" --lang en check --format json \
  --select kaifeng-2022-2/service-circle --fail-on never \
  "$DATA/facilities.csv" "$DATA/districts.csv" > "$DATA/ylcheck.json" 2> >(grep -v "^ *$" | tail -1 >&2)
echo "== scipy cKDTree"
/usr/bin/time -f "cKDTree: %e s, %M KiB" "$PY" "$BENCH/spatial.py" kdtree "$DATA"
"$PY" "$BENCH/spatial.py" agree "$DATA" "$DATA/ylcheck.json"
