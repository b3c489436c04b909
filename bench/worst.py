"""Inputs for bench/worst.sh, and its table in results.md.

    python3 worst.py gen DIR                  # write the inputs (once; kept)
    python3 worst.py record RESULTS TABLE VER # put TABLE in RESULTS' worst-case section
"""
import datetime
import math
import os
import sys
import zipfile

PAIRING = "序号,中心（机构）名称,类别,包联人1,单位,电话,包联人2,单位,电话,级别1,级别2\n"


def lets(n):
    lines = [
        'pack chain { source "t" }',
        "rule chained {",
        '  title zh "链" en "chain" cite "t"',
        f'  message zh "{{name}}：{{a{n}}}" en "{{name}}: {{a{n}}}"',
        "  for facility",
        "  let a0 = beds",
    ]
    lines += [f"  let a{i} = a{i - 1} + a{i - 1}" for i in range(1, n + 1)]
    lines += [f"  require a{n} >= 1", "}", "test chained {",
              '  pass facility { name = "甲", beds = 1 }',
              '  fail facility { name = "乙", beds = 0 }', "}"]
    return "\n".join(lines) + "\n"


NESTED = """pack nested { source "t" }
rule beds-near-mean {
  title zh "床位数接近县均值" en "Beds near the county mean" cite "t"
  message zh "{name}" en "{name}"
  for facility
  require count(facility where county == self.county
                and beds > 2 * avg(beds of facility where county == self.county
                                                and name != self.name)) <= 1
}
"""


def county(n):
    """`n` facilities of one county, beds 1..n, and two far above the mean."""
    rows = (f"院{i},龙亭区,{i}\n" for i in range(1, n + 1))
    return "名称,县（区）,床位数\n" + "".join(rows) + f"大院甲,龙亭区,{100 * n}\n大院乙,龙亭区,{100 * n}\n"


def pairing(n, category):
    rows = (f"{i + 1},中心{i},{category},王建国,龙亭区民政局,13803781234,,,,县级,\n" for i in range(n))
    return PAIRING + "".join(rows)


def ring(n):
    pts = []
    for i in range(n + 1):
        a = 2 * math.pi * (i % n) / n
        pts.append(f"[{114.3 + 0.01 * math.cos(a):.9f},{34.8 + 0.01 * math.sin(a):.9f}]")
    props = ('{"entity":"district","name":"大圆小区","status":"新建","households":1000,'
             '"care_floor_area":300,"land_area":3400000}')
    return ('{"type":"FeatureCollection","features":[{"type":"Feature","properties":' + props
            + ',"geometry":{"type":"Polygon","coordinates":[[' + ",".join(pts) + "]]}}]}\n")


def far_centers(n):
    """`n` districts spread over 祥符区 and `n` community centers in a 5 km square
    east of them, the nearest 2 to 30 km from each district (as in
    tests/it/worst_cases.rs): every district fails service-circle, whose message
    names the nearest."""
    def at(i, lon, lat, w, h):
        i += 1
        return lon + w * math.modf(i * 0.7548776662)[0], lat + h * math.modf(i * 0.5698402909)[0]
    districts = ["名称,县（区）,建设状态,户数,养老服务设施建筑面积（平方米）,经度,纬度\n"]
    centers = ["名称,类型,县（区）,街道,经度,纬度\n"]
    for i in range(n):
        x, y = at(i, 114.2, 34.7, 0.3, 0.2)
        districts.append(f"小区{i},祥符区,已建成,100,20,{x:.6f},{y:.6f}\n")
        x, y = at(n + i, 114.52, 34.75, 0.05, 0.05)
        centers.append(f"中心{i},社区养老服务中心,祥符区,街{i}街道,{x:.6f},{y:.6f}\n")
    return "".join(districts), "".join(centers)


def bomb(path, mib):
    """A workbook whose one sheet holds `mib` MiB of spaces between two tags."""
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, text in parts.items():
            z.writestr(name, text)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            chunk = b" " * (1 << 20)
            for _ in range(mib):
                f.write(chunk)
            f.write(b"</sheetData></worksheet>")


def made(i):
    """Record i of a plan or map: a district (a small square) or a facility (a
    point), few of their entity's fields given, as a generated plan has them."""
    k, x, y = i % 8, 114.30 + (i % 300) * 0.0004, 34.70 + (i // 300) * 0.0004
    if i % 2 == 0:
        status = ['"新建"', '"已建成"'][k // 2 % 2]
        keys = [("status", status), ("households", str(600 + 40 * k)),
                ("care_floor_area", str(100 + 30 * k)), ("land_area", "90000")]
        if status == '"新建"':
            keys += [("plot_completion", '"40%"'), ("care_started", "false")]
        return "district", f"小区{i}", keys, (x, y)
    return ("facility", f"第{i}社区养老服务中心",
            [("kind", '"社区养老服务设施"'), ("floor_area", str(150 + 20 * k))], (x, y))


def plan(n):
    out = ['# generated\n[plan]\nname = "generated"\n\n']
    for i in range(n):
        entity, name, keys, _ = made(i)
        out.append(f'[[{entity}]]\nname = "{name}"\n'
                   + "".join(f"{k} = {v}\n" for k, v in keys) + "\n")
    return "".join(out)


def features(n):
    out = ['{"type": "FeatureCollection", "name": "generated", "features": [\n']
    for i in range(n):
        entity, name, keys, (x, y) = made(i)
        props = ", ".join(f'"{k}": {v}' for k, v in keys)
        if entity == "district":
            d = 0.0003
            ring = [(x, y), (x + d, y), (x + d, y + d), (x, y + d), (x, y)]
            coords = ", ".join(f"[{a:.6f}, {b:.6f}]" for a, b in ring)
            geometry = f'{{"type": "Polygon", "coordinates": [[{coords}]]}}'
        else:
            geometry = f'{{"type": "Point", "coordinates": [{x + 0.00035:.6f}, {y:.6f}]}}'
        out.append(("" if i == 0 else ",") + f'{{"type": "Feature", "properties": '
                   f'{{"entity": "{entity}", "name": "{name}", {props}}}, "geometry": {geometry}}}\n')
    out.append("]}\n")
    return "".join(out)


def gen(d):
    def write(name, make):
        path = os.path.join(d, name)
        if not os.path.exists(path):
            with open(path, "w", encoding="utf-8") as f:
                f.write(make())
    for n in (30, 60, 120):
        write(f"lets-{n}.rules", lambda: lets(n))
    for n in (10000, 20000, 40000):
        write(f"street-{n}.csv", lambda: pairing(n, "街道综合养老服务中心"))
        write(f"rural-{n}.csv", lambda: pairing(n, "农村幸福院"))
    write("nested.rules", lambda: NESTED)
    for n in (500, 1000, 2000):
        write(f"county-{n}.csv", lambda: county(n))
    for n in (5000, 10000, 20000):
        write(f"far-districts-{n}.csv", lambda: far_centers(n)[0])
        write(f"far-centers-{n}.csv", lambda: far_centers(n)[1])
    for n in (25000, 50000, 100000):
        write(f"ring-{n}.geojson", lambda: ring(n))
    for n in (100000, 200000, 400000):
        write(f"plan-{n}.toml", lambda: plan(n))
    for n in (42500, 85000, 170000):
        write(f"map-{n}.geojson", lambda: features(n))
    for mib in (768, 1536, 3072):
        path = os.path.join(d, f"bomb-{mib}.xlsx")
        if not os.path.exists(path):
            bomb(path, mib)


def record(results, table, version):
    start, end = "<!-- worst-cases -->", "<!-- /worst-cases -->"
    day = datetime.date.today().isoformat()
    section = (f"{start}\n## Worst cases (`bash bench/worst.sh`)\n\n"
               f"Generated on {day} by {version or 'ylcheck'}, release build, on the machine above. "
               "Each small hostile input at n, 2n and 4n; the best wall time of three runs and the "
               "peak RSS (`/usr/bin/time`), and the input's size with the peak as a multiple of "
               "it (for inputs of 4 MiB or more). Time should grow about as n does.\n\n" + table
               + "\n\nBefore these changes (the same machine, release build of 1120945): chained lets 16, 18, "
               "20: 0.18 s / 58 MiB, 0.81 s / 212 MiB, 2.44 s / 827 MiB (×4 every two lets; 30 "
               "exhausted 24 GiB); staff-one-center on 5 000 and 10 000 rows 3.05 s and 16.95 s "
               "(rural-home-staff-load 2.32 s and 13.85 s; about 7 minutes at 40 000); a boundary "
               "of 25 000 and 50 000 vertices 3.29 s and 12.61 s (100 000: over a minute); the "
               "768 MiB workbook 3.18 s and 800 MiB resident (3 GB for the 3 GiB one). Whole "
               "documents, before their records kept only the fields given (release build of "
               "14cf45f): the plan of 400 000 tables peaked at 637 MiB (13.8×), the map of "
               "170 000 features at 362 MiB (7.5×).\n"
               + f"{end}\n")
    text = open(results, encoding="utf-8").read() if os.path.exists(results) else ""
    if start in text and end in text:
        a, b = text.index(start), text.index(end) + len(end) + 1
        text = text[:a] + section + text[b:]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    open(results, "w", encoding="utf-8").write(text)
    print(table)


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(sys.argv[2])
    else:
        record(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else "")
