"""Asserts that ylcheck, DuckDB and polars report the same findings.

    python agree.py DATA_DIR YLCHECK.json DUCKDB.tsv POLARS.tsv

A finding's key is (check, outcome, file, line): the check id (`c1` … `c14`; ylcheck's
`bench/c1`), `fail` or `unknown`, the CSV's base name and the record's 1-based line.
Prints per-check counts — records checked (from DATA_DIR, with the checks' `where`
filters: true, or unknown because the kind or level is blank or unrecognised, which makes
the outcome unknown), fail and unknown per implementation — and exits 1 on any
disagreement, showing a few differing records with their CSV lines.
"""

import csv
import json
import os
import sys
from collections import Counter

from labels import KIND, LEVEL, label_map

CHECKS = [f"c{i}" for i in range(1, 15)]
# The `for … where` of each check: (file, column, canonical value); None = every record.
# A record whose column is blank or holds no known label is in scope too (unknown).
SCOPE = {
    "c1": ("facility.csv", "kind", "street_center"),
    "c2": ("facility.csv", "kind", "street_center"),
    "c3": ("facility.csv", "kind", "street_center"),
    "c4": ("facility.csv", "kind", "county_support"),
    "c5": ("facility.csv", "kind", "township_home"),
    "c6": ("facility.csv", "kind", "community_center"),
    "c7": ("facility.csv", "kind", "rural_home"),
    "c8": ("facility.csv", "kind", "rural_home"),
    "c9": ("facility.csv", "kind", "street_center"),
    "c10": ("region.csv", "level", "street"),
    "c11": ("region.csv", "level", "community"),
    "c12": ("district.csv", None, None),
    "c13": ("region.csv", "level", "county"),
    "c14": ("region.csv", "level", "county"),
}


def ylcheck_findings(path):
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    problems = []
    if report.get("not_checked"):
        problems.append(f"ylcheck did not run some rules: {report['not_checked']}")
    keys = set()
    for x in report["findings"]:
        rule = x["rule"]
        if not rule.startswith("bench/"):
            problems.append(f"unexpected rule {rule}")
            continue
        loc = x["location"]
        keys.add((rule.removeprefix("bench/"), x["outcome"], os.path.basename(loc["path"]), int(loc["line"])))
    return keys, report, problems


def tsv_findings(path):
    keys = set()
    with open(path, encoding="utf-8") as f:
        for row in f:
            check, outcome, file, line = row.rstrip("\n").split("\t")
            keys.add((check, outcome, file, int(line)))
    return keys


def checked_counts(data_dir):
    """Records each check applies to (its where filter is true or unknown), counted
    independently."""
    maps = {"kind": label_map(KIND), "level": label_map(LEVEL)}
    per_file = {}
    for file in ("facility.csv", "region.csv", "district.csv"):
        c = Counter()
        with open(os.path.join(data_dir, file), encoding="utf-8", newline="") as f:
            r = csv.DictReader(f)
            col = "kind" if "kind" in r.fieldnames else "level" if "level" in r.fieldnames else None
            for row in r:
                c[None] += 1
                if col:
                    c[maps[col].get(row[col].strip(), "?")] += 1
        per_file[file] = c
    # per_file[file][None] counts every record; a filter's unknowns are under "?".
    return {
        chk: per_file[file][value] + (per_file[file]["?"] if value else 0)
        for chk, (file, _col, value) in SCOPE.items()
    }


def csv_line(data_dir, file, line, cache={}):
    if file not in cache:
        with open(os.path.join(data_dir, file), encoding="utf-8") as f:
            cache[file] = f.read().split("\n")
    lines = cache[file]
    return lines[line - 1] if 0 < line <= len(lines) else "?"


def main():
    data_dir, yl_path, dk_path, pl_path = sys.argv[1:5]
    yl, report, problems = ylcheck_findings(yl_path)
    impls = {"ylcheck": yl, "duckdb": tsv_findings(dk_path), "polars": tsv_findings(pl_path)}
    checked = checked_counts(data_dir)

    counts = {name: Counter((k[0], k[1]) for k in keys) for name, keys in impls.items()}
    head = f"{'check':<6}{'checked':>9}  " + "  ".join(f"{n + ' fail/unk':>20}" for n in impls) + "  fail%  unk%  agree"
    print(head)
    print("-" * len(head))
    all_agree = True
    for chk in CHECKS:
        sets = {n: {k for k in keys if k[0] == chk} for n, keys in impls.items()}
        agree = sets["ylcheck"] == sets["duckdb"] == sets["polars"]
        all_agree &= agree
        cells = "  ".join(f"{str(counts[n][(chk, 'fail')]) + '/' + str(counts[n][(chk, 'unknown')]):>20}" for n in impls)
        n = checked[chk]
        fail = counts["ylcheck"][(chk, "fail")]
        unk = counts["ylcheck"][(chk, "unknown")]
        pct = lambda x: f"{100 * x / n:5.1f}" if n else "    -"
        print(f"{chk:<6}{n:>9}  {cells}  {pct(fail)} {pct(unk)}  {'yes' if agree else 'NO'}")
    totals = "  ".join(f"{len(k):>20}" for k in impls.values())
    print(f"{'total':<6}{sum(checked.values()):>9}  {totals}")

    # ylcheck's own bookkeeping must match its findings.
    s = report["summary"]
    if s["failed"] + s["unknown"] != len(yl) or s["checks"] != sum(checked.values()):
        problems.append(
            f"ylcheck summary (checks {s['checks']}, failed {s['failed']}, unknown {s['unknown']}) "
            f"does not match its {len(yl)} findings / {sum(checked.values())} records in scope"
        )
    if len(report["findings"]) != len(yl):
        problems.append(f"ylcheck reported {len(report['findings']) - len(yl)} duplicate findings")

    if not all_agree:
        print("\nDISAGREEMENT. A few differing findings (check, outcome, file, line):")
        names = list(impls)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                for label, diff in ((f"{a} only (not {b})", impls[a] - impls[b]),
                                    (f"{b} only (not {a})", impls[b] - impls[a])):
                    if diff:
                        print(f"  {label}: {len(diff)}")
                        for k in sorted(diff, key=lambda k: (CHECKS.index(k[0]), k[2], k[3]))[:5]:
                            print(f"    {k}  {csv_line(data_dir, k[2], k[3])}")
    for p in problems:
        print(f"PROBLEM: {p}")
    if all_agree and not problems:
        print(f"\nagreement: all three implementations report the same {len(yl)} findings")
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
