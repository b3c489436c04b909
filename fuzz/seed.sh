#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the repository's own inputs: the samples, the
# bad inputs and rule-pack errors the tests keep, the shipped packs, and every
# input kept under tests/fuzz_regressions/. Safe to rerun: files are named by
# content, so nothing is copied twice and what the fuzzer found stays.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
corpus=fuzz/corpus

# seed TARGET [PREFIX-BYTE] FILE...: copies each file in, named by its hash;
# with a prefix byte (as two hex digits), the file is stored after it.
seed() {
    local target=$1 prefix=$2
    shift 2
    mkdir -p "$corpus/$target"
    local f tmp
    for f in "$@"; do
        [ -f "$f" ] || continue
        tmp=$(mktemp)
        if [ -n "$prefix" ]; then printf "\\x$prefix" >"$tmp"; fi
        cat "$f" >>"$tmp"
        mv "$tmp" "$corpus/$target/seed-$(sha1sum "$tmp" | cut -c1-16)"
    done
}

shopt -s nullglob
rules=(rules/*.rules tests/rule_errors/*.rules tests/bad/*.rules)
csv=(samples/*.csv tests/bad/*.csv)
toml=(samples/*.toml tests/bad/*.toml rules/gazetteer.toml)
geojson=(samples/*.geojson tests/bad/*.geojson)
xlsx=(samples/*.xlsx fuzz/seeds/xlsx/*.xlsx)

seed rules "" "${rules[@]}" tests/fuzz_regressions/rules/*
python3 fuzz/split_rules.py "$corpus/rules" rules/*.rules
seed csv "" "${csv[@]}" tests/fuzz_regressions/csv/*
seed plan_toml "" "${toml[@]}" tests/fuzz_regressions/plan_toml/*
seed geojson "" "${geojson[@]}" tests/fuzz_regressions/geojson/*
seed xlsx "" "${xlsx[@]}" tests/fuzz_regressions/xlsx/*

# A workbook's parts as the xlsx target also takes them: its XML, unzipped,
# separated by NUL bytes (see `PARTS` in fuzz/src/lib.rs). fuzz/seeds/xlsx/ holds
# the workbook tests/it/xlsx.rs builds (a title row, a merged two-row header, a
# failed formula, a sheet of notes).
parts=$(mktemp -d)
trap 'rm -rf "$parts"' EXIT
for book in "${xlsx[@]}"; do
    python3 - "$book" "$parts/$(basename "$book").parts" <<'EOF'
import sys, zipfile
names = ["xl/workbook.xml", "xl/sharedStrings.xml", "xl/styles.xml"] + [
    f"xl/worksheets/sheet{n}.xml" for n in range(1, 5)]
with zipfile.ZipFile(sys.argv[1]) as z:
    have = set(z.namelist())
    parts = [z.read(n) if n in have else b"" for n in names]
with open(sys.argv[2], "wb") as out:
    out.write(b"\0".join(parts))
EOF
done
seed xlsx "" "$parts"/*.parts

# The whole check: the first byte says how the rest is read (see `check` in
# fuzz/src/lib.rs): 00 a .csv, 01 a .toml, 02 a .xlsx, 03 a .geojson, 04 standard
# input; +08 English; +10 or +20 another date.
seed check 00 "${csv[@]}"
seed check 18 "${csv[@]}"
seed check 01 "${toml[@]}"
seed check 29 "${toml[@]}"
seed check 02 "${xlsx[@]}"
seed check 03 "${geojson[@]}"
seed check 2b "${geojson[@]}"
seed check 04 "${csv[@]}" "${toml[@]}" "${geojson[@]}"
seed check "" tests/fuzz_regressions/check/*

# The data targets' dictionary, kept in step with the schema.
python3 fuzz/dict/data_dict.py rules/entities.rules >fuzz/dict/data.dict

echo "seeded $root/$corpus:"
for d in "$corpus"/*/; do
    printf '  %-10s %s files\n' "$(basename "$d")" "$(find "$d" -type f | wc -l)"
done
