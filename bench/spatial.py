"""The walking-radius check done the way a user would without ylcheck: scipy's
cKDTree over facilities projected to a local plane, one nearest-neighbour query per
district. Also generates the data (`gen N_DISTRICTS N_FACILITIES DIR`) and compares
the two tools' uncovered districts (`agree DIR YLCHECK_JSON`).

Usage: spatial.py gen 500000 100000 DIR | spatial.py kdtree DIR | spatial.py agree DIR JSON
"""
import csv, json, math, sys

RADIUS = 1000.0
LON0, LAT0 = 114.2, 34.65


def gen(n_d, n_f, out):
    import random
    rnd = random.Random(7)
    with open(f"{out}/facilities.csv", "w", encoding="utf-8") as f:
        f.write("名称,类型,建筑面积,位置\n")
        for i in range(n_f):
            x, y = LON0 + rnd.random() * 0.35, LAT0 + rnd.random() * 0.3
            f.write(f'设施{i},社区养老服务设施,400,"{x:.6f},{y:.6f}"\n')
    with open(f"{out}/districts.csv", "w", encoding="utf-8") as f:
        f.write("名称,户数,养老服务设施建筑面积,建设状态,位置\n")
        for i in range(n_d):
            # sparse corners, so that some districts are uncovered
            x, y = LON0 + rnd.random() * 0.6, LAT0 + rnd.random() * 0.45
            f.write(f'小区{i},800,240,已建成,"{x:.6f},{y:.6f}"\n')


def points(path):
    import numpy as np
    names, xy = [], []
    with open(path, encoding="utf-8") as f:
        r = csv.reader(f)
        h = next(r)
        at = h.index("位置")
        for row in r:
            names.append(row[0])
            x, y = row[at].split(",")
            xy.append((float(x), float(y)))
    return names, np.array(xy)


def project(xy, lat):
    """Local plane at `lat` with WGS84 radii of curvature (metres)."""
    import numpy as np
    a, e2 = 6378137.0, 0.00669437999014
    phi = math.radians(lat)
    w = 1 - e2 * math.sin(phi) ** 2
    n, m = a / math.sqrt(w), a * (1 - e2) / w ** 1.5
    return np.column_stack((np.radians(xy[:, 0]) * n * math.cos(phi), np.radians(xy[:, 1]) * m))


def kdtree(out):
    from scipy.spatial import cKDTree
    _, fxy = points(f"{out}/facilities.csv")
    dnames, dxy = points(f"{out}/districts.csv")
    lat = float(dxy[:, 1].mean())
    tree = cKDTree(project(fxy, lat))
    dist, _ = tree.query(project(dxy, lat), k=1)
    uncovered = [(n, d) for n, d in zip(dnames, dist) if d > RADIUS]
    json.dump({"uncovered": [n for n, _ in uncovered],
               "near_boundary": [n for n, d in zip(dnames, dist) if abs(d - RADIUS) < 5.0]},
              open(f"{out}/kdtree.json", "w"), ensure_ascii=False)
    print(f"cKDTree: {len(uncovered)} of {len(dnames)} districts uncovered")


def agree(out, ylcheck_json):
    k = json.load(open(f"{out}/kdtree.json", encoding="utf-8"))
    doc = json.load(open(ylcheck_json, encoding="utf-8"))
    ours = {f["record"] for f in doc["findings"] if f["outcome"] == "fail"}
    theirs = set(k["uncovered"])
    # One plane across the whole area scales longitude by the cosine of the mean
    # latitude: 0.2° away that is 0.25%, 2.5 m in 1000 m. Only districts within 5 m
    # of the radius may differ.
    grey = set(k["near_boundary"])
    differ = (ours ^ theirs) - grey
    print(f"ylcheck: {len(ours)} uncovered; cKDTree: {len(theirs)}; "
          f"{len(grey)} within 5 m of the radius; {len(differ)} disagree")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "gen":
        gen(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    elif cmd == "kdtree":
        kdtree(sys.argv[2])
    elif cmd == "agree":
        agree(sys.argv[2], sys.argv[3])
