#!/usr/bin/env bash
# Runs the fuzz targets on the seeded corpora, as many at once as there are cores.
#
#   bash fuzz/run.sh --time 30              # every target, 30 s each (what CI runs)
#   bash fuzz/run.sh --runs 10000000 rules  # one target, ten million executions
#   bash fuzz/run.sh --jobs 1 --time 60     # one target at a time
#
# Each target's libFuzzer log goes to fuzz/logs/<target>.log; its final stats line
# is printed. A crash, a timeout (10 s) or more than 2 GiB of memory stops that
# target, leaves the input in fuzz/artifacts/<target>/, and makes the script
# exit 1 once every target has run.
set -euo pipefail
cd "$(dirname "$0")"

limit=(-max_total_time=30)
parallel=$(nproc)
targets=()
while [ $# -gt 0 ]; do
    case $1 in
    --time) limit=(-max_total_time="$2"); shift 2 ;;
    --runs) limit=(-runs="$2"); shift 2 ;;
    --jobs) parallel=$2; shift 2 ;;
    -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
    esac
done
[ ${#targets[@]} -gt 0 ] || targets=(rules csv plan_toml geojson xlsx check)

# Without a sanitizer: ylcheck forbids unsafe code, and a run is several times
# faster; debug assertions and overflow checks stay on.
start=$(date +%s)
cargo +nightly fuzz build --sanitizer none
echo "fuzz build: $(($(date +%s) - start)) s"
bash seed.sh >/dev/null

# Rule files are split into one rule per seed (seed.sh): small inputs run faster
# and are mutated where it matters.
max_len() {
    case $1 in
    rules) echo $((16 << 10)) ;;
    xlsx | check) echo $((1 << 20)) ;;
    *) echo $((64 << 10)) ;;
    esac
}

# fuzz TARGET: runs it, leaves its log and its exit status in logs/.
fuzz() {
    local t=$1 dict=dict/data.dict status=0
    [ "$t" = rules ] && dict=dict/rules.dict
    # One thread per target: the findings' parallel rendering stays on its core.
    RAYON_NUM_THREADS=1 cargo +nightly fuzz run --sanitizer none "$t" -- \
        "${limit[@]}" -max_len="$(max_len "$t")" -rss_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 -dict="$dict" >"logs/$t.log" 2>&1 || status=$?
    echo $status >"logs/$t.status"
}

mkdir -p logs
for t in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do wait -n || true; done
    fuzz "$t" &
done
wait

failed=()
for t in "${targets[@]}"; do
    status=$(cat "logs/$t.status")
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' || true)
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' || true)
    printf '%-10s %12s runs %8s exec/s  %s\n' "$t" "${runs:-?}" "${rate:-?}" \
        "$([ "$status" -eq 0 ] && echo ok || echo "FAILED (exit $status), see fuzz/logs/$t.log")"
    [ "$status" -eq 0 ] || failed+=("$t")
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found problems in: ${failed[*]}" >&2
    for t in "${failed[@]}"; do
        grep -m3 -E 'panicked|ERROR: libFuzzer|SUMMARY' "logs/$t.log" >&2 || true
    done
    exit 1
fi
