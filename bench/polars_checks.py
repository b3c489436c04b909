"""The 14 benchmark checks (bench/checks.rules) in polars.

    python polars_checks.py FACILITY.csv REGION.csv DISTRICT.csv [-o OUT.tsv]

Writes one line per finding, `check<TAB>outcome<TAB>file<TAB>line` (outcome is `fail`
or `unknown`, file the CSV's base name, line the 1-based line of the record), unsorted.

Semantics follow ylcheck's three-valued logic, which is polars' Kleene logic for `&` and
`|`, and which fails closed where a filter would drop a row: a null result is `unknown`;
a division by zero is unknown, so ratios are written as guarded cross-multiplications of
integers and Decimals (no floating point anywhere); a blank list cell is null, not an
empty list; an enum cell with a label no enum knows is null like a blank one. A record
whose `where` filter (kind, level) is null is in scope with an `unknown` outcome, whatever
its requirement would give; only a false filter leaves it out. In the `exists` joins
(C10, C11) a facility of null kind or with a null key may match: a region with no certain
match but such a possible one is unknown. `pl.when` and `filter` treat a null condition
as false, so every condition that may be null is guarded explicitly.
"""

import argparse
import os
import sys

import polars as pl

from labels import BOOL, GRADE, KIND, LEVEL, LIST_SEPARATORS, STATUS, label_map

BOOL_MAP = {label: value for value, labels in BOOL.items() for label in labels}


def enum(col, e):
    return pl.col(col).str.strip_chars().replace_strict(label_map(e), default=None)


def dec(col):
    """An area cell in m²: a bare number, or a number with a unit. 亩 (2000/3 m²) is
    exact whenever the value is a whole hundredth of a m², which the generator
    guarantees (ylcheck computes with rationals). An unknown unit is null."""
    m = pl.col(col).str.strip_chars().str.extract_groups(r"^(?P<num>[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>\S*)$")
    num = m.struct.field("num").cast(pl.Decimal(18, 2))
    unit = m.struct.field("unit")
    return (
        pl.when(unit.is_in(["", "m2", "m²", "㎡", "平方米"])).then(num)
        .when(unit.is_in(["公顷", "ha"])).then(num * 10000)
        .when(unit == "亩").then((num * 2000 / 3).cast(pl.Decimal(18, 2)))
        .otherwise(None)
    )


def cnt(col):
    return pl.col(col).str.strip_chars().cast(pl.Int64, strict=False)


def txt(col):
    s = pl.col(col).str.strip_chars()
    return pl.when(s == "").then(None).otherwise(s)


def lst(col):
    sep = "[" + "".join(LIST_SEPARATORS) + "]"
    items = pl.col(col).str.replace_all(sep, "、").str.split("、").list.eval(
        pl.element().str.strip_chars().filter(pl.element().str.strip_chars() != "")
    )
    return pl.when(pl.col(col).str.strip_chars() == "").then(None).otherwise(items)


def contains_all(col, required):
    return pl.all_horizontal([pl.col(col).list.contains(pl.lit(x)) for x in required])


def ratio_at_least(num, den, pct):
    """num / den >= pct %, unknown when den is 0 (den is never negative here)."""
    return pl.when(pl.col(den) == 0).then(None).otherwise(pl.col(num) * 100 >= pl.col(den) * pct)


def read(path):
    df = pl.read_csv(path, infer_schema=False)  # every column as text; blank is null
    return df.with_row_index("line", offset=2)  # no cell holds a newline


def scope(df, where):
    """The records a check applies to: its `where` is true, or null (then `unsure`, and
    the outcome is unknown whatever the requirement gives)."""
    return df.filter(where.fill_null(True)).with_columns(unsure=where.is_null())


def findings(df, check, ok, file):
    """The fail/unknown rows of one check whose `ok` is True/False/null, over a `scope`."""
    ok = pl.when(pl.col("unsure")).then(pl.lit(None, pl.Boolean)).otherwise(ok)
    return df.select(
        pl.lit(check).alias("check"),
        pl.when(ok.is_null()).then(pl.lit("unknown")).when(~ok).then(pl.lit("fail")).alias("outcome"),
        pl.lit(file).alias("file"),
        pl.col("line").cast(pl.Int64),
    ).filter(pl.col("outcome").is_not_null())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("facility")
    ap.add_argument("region")
    ap.add_argument("district")
    ap.add_argument("-o", "--output", default="-")
    args = ap.parse_args()
    ffile, rfile, dfile = (os.path.basename(p) for p in (args.facility, args.region, args.district))

    fac = read(args.facility).select(
        "line",
        enum("kind", KIND).alias("kind"),
        enum("grade", GRADE).alias("grade"),
        txt("county").alias("county"),
        txt("street").alias("street"),
        txt("community").alias("community"),
        dec("floor_area").alias("floor_area"),
        cnt("beds").alias("beds"),
        cnt("nursing_beds").alias("nursing_beds"),
        cnt("embedded_beds").alias("embedded_beds"),
        lst("services").alias("services"),
        lst("rooms").alias("rooms"),
        pl.col("upgraded").str.strip_chars().str.to_lowercase()
        .replace_strict(BOOL_MAP, default=None, return_dtype=pl.Boolean).alias("upgraded"),
    )
    reg = read(args.region).select(
        "line",
        txt("name").alias("name"),
        enum("level", LEVEL).alias("level"),
        txt("parent").alias("parent"),
        cnt("population").alias("population"),
        cnt("elderly_population").alias("elderly_population"),
        dec("care_land_area").alias("care_land_area"),
        cnt("family_beds").alias("family_beds"),
    )
    dis = read(args.district).select(
        "line",
        enum("status", STATUS).alias("status"),
        cnt("households").alias("households"),
        dec("care_floor_area").alias("care_floor_area"),
    )

    kind, level, col = pl.col("kind"), pl.col("level"), pl.col
    street_centers = scope(fac, kind == "street_center")
    township_homes = scope(fac, kind == "township_home")
    rural_homes = scope(fac, kind == "rural_home")
    counties = scope(reg, level == "county")

    def joined(level_name, kind_name, keys):
        """Regions in the scope of a level, with `found`: `exists(facility where kind ==
        KIND and keys[0] == self.name and keys[1] == self.parent)`.

        Null when the region's name or parent is; else true when a facility of that
        kind has both keys equal; else null when some facility may match (its kind is
        null or the kind, neither key differs, its kind or a key is null); else false.
        A null facility key equals any value, so those that may match are found with one
        equi-join per set of non-null keys (both, the parent's only, the name's only,
        none) rather than by comparing every region with every facility.
        """
        # The facilities that may be of the kind, keyed as the regions are.
        cand = fac.filter((kind == kind_name).fill_null(True)).select(
            col(keys[0]).alias("name"), col(keys[1]).alias("parent"), sure=kind.is_not_null()
        )
        has_name, has_parent = col("name").is_not_null(), col("parent").is_not_null()
        pairs = cand.filter(has_name, has_parent).group_by("name", "parent").agg(col("sure").any())
        by_parent = cand.filter(~has_name, has_parent).select("parent").unique().with_columns(by_parent=True)
        by_name = cand.filter(has_name, ~has_parent).select("name").unique().with_columns(by_name=True)
        wild = cand.filter(~has_name, ~has_parent).height > 0
        out = (
            scope(reg, level == level_name)
            .join(pairs, on=["name", "parent"], how="left")
            .join(by_parent, on="parent", how="left")
            .join(by_name, on="name", how="left")
        )
        return out.with_columns(
            found=pl.when(col("name").is_null() | col("parent").is_null()).then(None)
            .when(col("sure").fill_null(False)).then(True)
            .when(col("sure").is_not_null() | col("by_parent").fill_null(False)
                  | col("by_name").fill_null(False) | wild).then(None)
            .otherwise(False)
        )

    parts = [
        findings(street_centers, "c1", col("floor_area") >= 2000, ffile),
        findings(street_centers, "c2", col("embedded_beds") >= 50, ffile),
        findings(street_centers, "c3", ratio_at_least("nursing_beds", "beds", 55), ffile),
        findings(
            scope(fac, kind == "county_support"), "c4",
            (col("beds") >= 100)
            & (col("nursing_beds") == col("beds"))
            & pl.when(col("beds") == 0).then(None).otherwise(col("floor_area") >= col("beds") * 30),
            ffile,
        ),
        findings(township_homes, "c5", ratio_at_least("nursing_beds", "beds", 55) & col("upgraded"), ffile),
        findings(scope(fac, kind == "community_center"), "c6", col("floor_area") >= 200, ffile),
        findings(
            rural_homes, "c7",
            pl.when(col("grade") == "demo").then((col("floor_area") >= 200) & (col("beds") >= 10))
            .when(col("grade") == "basic").then((col("floor_area") >= 100) & (col("beds") >= 3))
            .otherwise(None),
            ffile,
        ),
        findings(rural_homes, "c8", contains_all("rooms", ["休息室", "娱乐室", "阅览室", "餐厅"]), ffile),
        findings(street_centers, "c9",
                 contains_all("services", ["全托", "日托", "上门服务", "运营家庭养老床位"]), ffile),
        findings(joined("street", "street_center", ["street", "county"]), "c10", col("found"), rfile),
        findings(joined("community", "community_center", ["community", "street"]), "c11", col("found"), rfile),
        findings(
            dis.with_columns(unsure=pl.lit(False)), "c12",  # no `where`
            col("care_floor_area") * 100
            >= col("households")
            * pl.when(col("status").is_null()).then(None)
            .when(col("status") == "new").then(30).otherwise(20),
            dfile,
        ),
        # 0.2 m² per resident: land × 5 >= population; 7.2‰: beds × 10000 >= elderly × 72
        findings(counties, "c13", col("care_land_area") * 5 >= col("population"), rfile),
        findings(counties, "c14", col("family_beds") * 10000 >= col("elderly_population") * 72, rfile),
    ]
    result = pl.concat(parts)
    if args.output == "-":
        result.write_csv(sys.stdout, separator="\t", include_header=False)
    else:
        result.write_csv(args.output, separator="\t", include_header=False)


if __name__ == "__main__":
    main()
