#!/usr/bin/env bash
# The ylcheck benchmark: generate data, check that ylcheck, DuckDB and polars agree on
# every finding, then time them (and a parse-only floor) with hyperfine.
#
#   bash bench/run.sh                      # sizes 100000 1000000: agreement + timing
#   bash bench/run.sh 100000               # one size, a quick run
#   bash bench/run.sh --agree-only 10000   # agreement only (CI): no timing, no apt
#   bash bench/run.sh --spatial [ND NF]    # the walking radius (KF-2b) against scipy's cKDTree
#
# Environment: BENCH_RUNS (hyperfine runs per command; default 10 below 500k, else 3);
# YLCHECK=/path/to/ylcheck uses that binary instead of building the crate; builds go to
# CARGO_TARGET_DIR when it is set, as cargo's own do.
# Writes data under bench/data/N/ (gitignored) and the timing table to bench/results.md.
set -euo pipefail

DUCKDB_VERSION=2.0.0
POLARS_VERSION=2.1.0

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"

# Cargo reads a relative CARGO_TARGET_DIR from the directory it runs in; the caller's is meant.
[ -z "${CARGO_TARGET_DIR:-}" ] || export CARGO_TARGET_DIR="$(realpath -m "$CARGO_TARGET_DIR")"

usage() { sed -n '2,13s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
log() { printf '\n==> %s\n' "$*" >&2; }
die() { printf '\nrun.sh: error: %s\n' "$*" >&2; exit 1; }

AGREE_ONLY=0
SIZES=()
while (($#)); do
  case "$1" in
    --agree-only) AGREE_ONLY=1 ;;
    --spatial) shift; exec bash "$(dirname "${BASH_SOURCE[0]}")/spatial.sh" "$@" ;;
    -h | --help) usage; exit 0 ;;
    *[!0-9]* | '') printf 'run.sh: unknown argument "%s"\n\n' "$1" >&2; usage >&2; exit 2 ;;
    *)
      (($1 >= 200)) || { echo "run.sh: a size is a number of facilities, at least 200" >&2; exit 2; }
      SIZES+=("$1") ;;
  esac
  shift
done
((${#SIZES[@]})) || SIZES=(100000 1000000)

# --- tools ---------------------------------------------------------------------------
command -v cargo >/dev/null || die "cargo is required"
if [ -n "${YLCHECK:-}" ]; then
  [ -x "$YLCHECK" ] || die "YLCHECK=$YLCHECK is not an executable"
  YL="$(cd "$(dirname "$YLCHECK")" && pwd)/$(basename "$YLCHECK")"
  log "using $YL"
elif ((AGREE_ONLY)); then
  # Correctness does not depend on the profile, and CI's `cargo test` has already built
  # the debug binary.
  log "building ylcheck (debug)"
  (cd "$ROOT" && cargo build --quiet) || die "cargo build failed in $ROOT"
  YL="${CARGO_TARGET_DIR:-$ROOT/target}/debug/ylcheck"
else
  log "building ylcheck (release)"
  (cd "$ROOT" && cargo build --release --quiet) || die "cargo build --release failed in $ROOT"
  YL="${CARGO_TARGET_DIR:-$ROOT/target}/release/ylcheck"
fi
log "building the generator and the floor (bench/Cargo.toml)"
(cd "$BENCH" && cargo build --release --quiet) || die "cargo build --release failed in $BENCH"
GEN="${CARGO_TARGET_DIR:-$BENCH/target}/release/generate"
FLOOR="${CARGO_TARGET_DIR:-$BENCH/target}/release/floor"

PY="$BENCH/.venv/bin/python"
want="import duckdb, polars; assert duckdb.__version__ == '$DUCKDB_VERSION' and polars.__version__ == '$POLARS_VERSION'"
if ! { [ -x "$PY" ] && "$PY" -c "$want" 2>/dev/null; }; then
  log "installing duckdb $DUCKDB_VERSION and polars $POLARS_VERSION into bench/.venv"
  command -v python3 >/dev/null || die "python3 is required (apt-get install python3 python3-venv)"
  [ -x "$PY" ] || python3 -m venv "$BENCH/.venv" \
    || die "could not create bench/.venv (on Debian: apt-get install python3-venv)"
  "$PY" -m pip install --quiet --disable-pip-version-check \
    "duckdb==$DUCKDB_VERSION" "polars==$POLARS_VERSION" || die "pip install failed"
  "$PY" -c "$want" || die "bench/.venv does not have duckdb $DUCKDB_VERSION and polars $POLARS_VERSION"
fi

if ! ((AGREE_ONLY)); then
  missing=()
  command -v hyperfine >/dev/null || missing+=(hyperfine)
  [ -x /usr/bin/time ] || missing+=(time)
  if ((${#missing[@]})); then
    log "installing ${missing[*]} with apt-get"
    sudo=()
    [ "$(id -u)" = 0 ] || { command -v sudo >/dev/null && sudo=(sudo); } \
      || die "need root or sudo to apt-get install ${missing[*]}"
    if ! { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
      die "apt-get install ${missing[*]} failed"
    fi
  fi
fi

# --- per size ------------------------------------------------------------------------
for N in "${SIZES[@]}"; do
  D="$BENCH/data/$N"
  FILES=("$D/facility.csv" "$D/region.csv" "$D/district.csv")
  log "N = $N: generating into bench/data/$N"
  "$GEN" "$N" "$D"

  YL_ARGS=(check --rules "$BENCH/checks.rules" --format json --fail-on never --as-of 2026-01-01)
  log "N = $N: agreement (ylcheck, DuckDB, polars)"
  "$YL" "${YL_ARGS[@]}" --output "$D/ylcheck.json" "${FILES[@]}" \
    || die "ylcheck failed (exit $?): $YL ${YL_ARGS[*]} ${FILES[*]}"
  (cd "$BENCH" && "$PY" duckdb_checks.py "${FILES[@]}" -o "$D/duckdb.tsv") || die "duckdb_checks.py failed"
  (cd "$BENCH" && "$PY" polars_checks.py "${FILES[@]}" -o "$D/polars.tsv") || die "polars_checks.py failed"
  "$FLOOR" "${FILES[@]}" >/dev/null || die "floor failed"
  (cd "$BENCH" && "$PY" agree.py "$D" "$D/ylcheck.json" "$D/duckdb.tsv" "$D/polars.tsv") \
    || die "N = $N: the implementations disagree (see above)"

  ((AGREE_ONLY)) && continue

  runs="${BENCH_RUNS:-$((N < 500000 ? 10 : 3))}"
  log "N = $N: timing with hyperfine ($runs runs each, 1 warm-up)"
  ylcheck_cmd="$YL ${YL_ARGS[*]} --output /dev/null ${FILES[*]}"
  duckdb_cmd="$PY $BENCH/duckdb_checks.py ${FILES[*]} -o $D/duckdb.timing.tsv"
  polars_cmd="$PY $BENCH/polars_checks.py ${FILES[*]} -o $D/polars.timing.tsv"
  floor_cmd="$FLOOR ${FILES[*]}"
  hyperfine -N --style basic --warmup 1 --runs "$runs" --export-json "$D/hyperfine.json" \
    -n ylcheck "$ylcheck_cmd" -n duckdb "$duckdb_cmd" -n polars "$polars_cmd" -n floor "$floor_cmd" \
    || die "hyperfine failed at N = $N"
  log "N = $N: peak memory with /usr/bin/time -v"
  for tool in ylcheck duckdb polars floor; do
    cmd_var="${tool}_cmd"
    # shellcheck disable=SC2086  # the commands are plain words (no spaces in paths)
    /usr/bin/time -v -o "$D/time-$tool.txt" ${!cmd_var} >/dev/null || die "$tool failed under /usr/bin/time"
    printf '  %-8s %s\n' "$tool" "$(grep 'Maximum resident' "$D/time-$tool.txt")" >&2
  done
done

if ! ((AGREE_ONLY)); then
  log "loading and compiling the rule packs"
  hyperfine -N --style basic --warmup 3 --runs 20 --export-json "$BENCH/data/rules-hyperfine.json" \
    -n "ylcheck rules" "$YL rules" \
    -n "ylcheck test" "$YL test" \
    -n "ylcheck test bench/checks.rules" "$YL test $BENCH/checks.rules" \
    || die "hyperfine failed on the rule packs"
  log "results"
  "$PY" "$BENCH/report.py" --bench "$BENCH" --ylcheck "$YL" "${SIZES[@]}"
fi
log "done"
