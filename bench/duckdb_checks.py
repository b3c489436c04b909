"""The 14 benchmark checks (bench/checks.rules) in DuckDB SQL.

    python duckdb_checks.py FACILITY.csv REGION.csv DISTRICT.csv [-o OUT.tsv]

Writes one line per finding, `check<TAB>outcome<TAB>file<TAB>line` (outcome is `fail`
or `unknown`, file the CSV's base name, line the 1-based line of the record), unsorted.

Semantics follow ylcheck's three-valued logic, which fails closed where SQL's `WHERE`
would drop a row: a NULL result is `unknown`; a division by zero is unknown, so ratios
are written as guarded cross-multiplications of exact integers and DECIMALs (no floating
point anywhere); a blank list cell is NULL, not an empty list; an enum cell with a label
no enum knows is NULL like a blank one. A record whose `where` filter (kind, level) is
NULL is in scope with an `unknown` outcome, whatever its requirement would give; only a
FALSE filter leaves it out. In the `exists` joins (C10, C11) a facility of NULL kind or
with a NULL key may match: a region with no certain match but such a possible one is
unknown.
"""

import argparse
import os
import sys

import duckdb

from labels import BOOL, GRADE, KIND, LEVEL, LIST_SEPARATORS, STATUS, label_map


def enum_case(col, enum):
    """A CASE mapping a cell (canonical name or Chinese label) to the canonical name."""
    arms = " ".join(
        f"WHEN '{label}' THEN '{name}'" for label, name in label_map(enum).items()
    )
    return f"CASE trim({col}) {arms} END"


def bool_case(col):
    arms = " ".join(
        f"WHEN '{label}' THEN {str(value).upper()}"
        for value, labels in BOOL.items()
        for label in labels
    )
    return f"CASE lower(trim({col})) {arms} END"


# An area cell: a bare number of m², or a number with a unit. 亩 (2000/3 m²) goes through
# a DOUBLE division and back to DECIMAL(18, 2): exact whenever the value is a whole
# hundredth of a m², which the generator guarantees (ylcheck needs no such care: it
# computes with rationals). An unknown unit is NULL, like a blank cell.
AREA_MACROS = [
    r"""CREATE MACRO num_part(s) AS
        TRY_CAST(regexp_extract(trim(s), '^([0-9]+(\.[0-9]+)?)', 1) AS DECIMAL(18, 2))""",
    r"""CREATE MACRO unit_part(s) AS
        regexp_extract(trim(s), '^[0-9]+(\.[0-9]+)?\s*(\S*)$', 2)""",
    r"""CREATE MACRO area_m2(s) AS CASE
        WHEN NOT regexp_full_match(trim(s), '[0-9]+(\.[0-9]+)?\s*\S*') THEN NULL
        WHEN unit_part(s) IN ('', 'm2', 'm²', '㎡', '平方米') THEN num_part(s)
        WHEN unit_part(s) IN ('公顷', 'ha') THEN num_part(s) * 10000
        WHEN unit_part(s) = '亩' THEN CAST(num_part(s) * 2000 / 3 AS DECIMAL(18, 2))
    END""",
]


def dec(col):
    return f"area_m2({col})"


def cnt(col):
    return f"TRY_CAST(NULLIF(trim({col}), '') AS BIGINT)"


def lst(col):
    seps = "".join(LIST_SEPARATORS)
    return (
        f"CASE WHEN NULLIF(trim({col}), '') IS NULL THEN NULL ELSE "
        f"list_filter(list_transform(regexp_split_to_array({col}, '[{seps}]'), lambda x: trim(x)), lambda x: x <> '') END"
    )


def txt(col):
    return f"NULLIF(trim({col}), '')"


def exists_check(cid, level, kind, name_key, parent_key):
    """`for region where level == LEVEL require exists(facility where kind == KIND and
    NAME_KEY == self.name and PARENT_KEY == self.parent)`.

    A region of NULL level (its scope) or with a NULL name or parent is unknown; a
    region of another level is not checked. Otherwise the answer is TRUE when some
    facility of that kind has both keys equal, else NULL (unknown) when some facility
    may match — its kind is NULL or the kind, neither key differs, and its kind or a
    key is NULL — else FALSE. A NULL facility key equals any value, so the candidates
    that may match are found with one equi-join per set of non-NULL keys (both, the
    parent's only, the name's only, none) rather than by comparing every region with
    every facility.
    """
    return f"""
        SELECT * FROM (
        WITH cand AS MATERIALIZED (
            SELECT {name_key} AS a, {parent_key} AS b, kind IS NOT NULL AS sure
            FROM facility WHERE (kind = '{kind}') IS NOT FALSE)
        SELECT '{cid}', CASE
                WHEN r.level IS NULL OR r.name IS NULL OR r.parent IS NULL THEN NULL
                WHEN p.sure THEN TRUE
                WHEN p.a IS NOT NULL OR pb.b IS NOT NULL OR pa.a IS NOT NULL OR w.wild THEN NULL
                ELSE FALSE END, 'region', r.line
        FROM region r
        LEFT JOIN (SELECT a, b, bool_or(sure) AS sure FROM cand
                   WHERE a IS NOT NULL AND b IS NOT NULL GROUP BY a, b) p
               ON p.a = r.name AND p.b = r.parent
        LEFT JOIN (SELECT DISTINCT b FROM cand WHERE a IS NULL AND b IS NOT NULL) pb
               ON pb.b = r.parent
        LEFT JOIN (SELECT DISTINCT a FROM cand WHERE a IS NOT NULL AND b IS NULL) pa
               ON pa.a = r.name
        CROSS JOIN (SELECT count(*) > 0 AS wild FROM cand WHERE a IS NULL AND b IS NULL) w
        WHERE (r.level = '{level}') IS NOT FALSE)"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("facility")
    ap.add_argument("region")
    ap.add_argument("district")
    ap.add_argument("-o", "--output", default="-")
    args = ap.parse_args()

    con = duckdb.connect()
    # Rows keep file order, so rowid + 2 is the record's line (no cell holds a newline).
    con.execute("SET preserve_insertion_order = true")
    for macro in AREA_MACROS:
        con.execute(macro)
    for table in ("facility", "region", "district"):
        con.execute(
            f"CREATE TABLE {table}_raw AS SELECT * FROM read_csv(?, header = true, "
            "all_varchar = true, delim = ',', quote = '\"')",
            [getattr(args, table)],
        )

    con.execute(f"""
        CREATE TEMP VIEW facility AS SELECT
            rowid + 2 AS line,
            {enum_case('kind', KIND)} AS kind,
            {enum_case('grade', GRADE)} AS grade,
            {txt('county')} AS county,
            {txt('street')} AS street,
            {txt('community')} AS community,
            {dec('floor_area')} AS floor_area,
            {cnt('beds')} AS beds,
            {cnt('nursing_beds')} AS nursing_beds,
            {cnt('embedded_beds')} AS embedded_beds,
            {lst('services')} AS services,
            {lst('rooms')} AS rooms,
            {bool_case('upgraded')} AS upgraded
        FROM facility_raw""")
    con.execute(f"""
        CREATE TEMP VIEW region AS SELECT
            rowid + 2 AS line,
            {txt('name')} AS name,
            {enum_case('level', LEVEL)} AS level,
            {txt('parent')} AS parent,
            {cnt('population')} AS population,
            {cnt('elderly_population')} AS elderly_population,
            {dec('care_land_area')} AS care_land_area,
            {cnt('family_beds')} AS family_beds
        FROM region_raw""")
    con.execute(f"""
        CREATE TEMP VIEW district AS SELECT
            rowid + 2 AS line,
            {enum_case('status', STATUS)} AS status,
            {cnt('households')} AS households,
            {dec('care_floor_area')} AS care_floor_area
        FROM district_raw""")

    # Each check: (id, table, where, ok). `ok` is TRUE (pass), FALSE (fail) or NULL
    # (unknown). Counts are never negative here, so `a / b >= r` is `a >= r * b` once
    # b = 0 has been made unknown.
    checks = [
        ("c1", "facility", "kind = 'street_center'", "floor_area >= 2000"),
        ("c2", "facility", "kind = 'street_center'", "embedded_beds >= 50"),
        ("c3", "facility", "kind = 'street_center'",
         "CASE WHEN beds = 0 THEN NULL ELSE nursing_beds * 100 >= beds * 55 END"),
        ("c4", "facility", "kind = 'county_support'",
         "beds >= 100 AND nursing_beds = beds"
         " AND CASE WHEN beds = 0 THEN NULL ELSE floor_area >= beds * 30 END"),
        ("c5", "facility", "kind = 'township_home'",
         "CASE WHEN beds = 0 THEN NULL ELSE nursing_beds * 100 >= beds * 55 END AND upgraded"),
        ("c6", "facility", "kind = 'community_center'", "floor_area >= 200"),
        ("c7", "facility", "kind = 'rural_home'",
         "CASE WHEN grade = 'demo' THEN floor_area >= 200 AND beds >= 10"
         " WHEN grade = 'basic' THEN floor_area >= 100 AND beds >= 3 ELSE NULL END"),
        ("c8", "facility", "kind = 'rural_home'",
         "list_has_all(rooms, ['休息室', '娱乐室', '阅览室', '餐厅'])"),
        ("c9", "facility", "kind = 'street_center'",
         "list_has_all(services, ['全托', '日托', '上门服务', '运营家庭养老床位'])"),
        ("c12", "district", "TRUE",
         "care_floor_area * 100 >= households"
         " * CASE WHEN status IS NULL THEN NULL WHEN status = 'new' THEN 30 ELSE 20 END"),
        ("c13", "region", "level = 'county'",
         "care_land_area >= population * CAST(0.2 AS DECIMAL(2, 1))"),
        ("c14", "region", "level = 'county'",
         "family_beds >= elderly_population * CAST(0.0072 AS DECIMAL(5, 4))"),
    ]
    # A NULL `where` keeps the record in scope with a NULL (unknown) outcome: `CASE WHEN
    # where THEN ok END` is NULL unless the filter is TRUE.
    parts = [
        f"SELECT '{cid}' AS chk, CASE WHEN {where} THEN ({ok}) END AS ok, '{table}' AS tbl, line"
        f" FROM {table} WHERE ({where}) IS NOT FALSE"
        for cid, table, where, ok in checks
    ]
    parts.append(exists_check("c10", "street", "street_center", "street", "county"))
    parts.append(exists_check("c11", "community", "community_center", "community", "street"))
    files = {t: os.path.basename(getattr(args, t)) for t in ("facility", "region", "district")}
    findings = f"""
        SELECT chk, CASE WHEN ok IS NULL THEN 'unknown' ELSE 'fail' END AS outcome,
               CASE tbl WHEN 'facility' THEN '{files['facility']}'
                        WHEN 'region' THEN '{files['region']}'
                        ELSE '{files['district']}' END AS file,
               line
        FROM ({' UNION ALL '.join(parts)})
        WHERE ok IS NOT TRUE"""

    if args.output == "-":
        out = sys.stdout
        for row in con.execute(findings).fetchall():
            out.write("\t".join(map(str, row)) + "\n")
    else:
        con.execute(
            f"COPY ({findings}) TO '{args.output}' (FORMAT csv, DELIMITER '\t', HEADER false, QUOTE '')"
        )


if __name__ == "__main__":
    main()
