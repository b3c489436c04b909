"""Splits rule files into small seeds for the `rules` fuzz target.

Each seed is a file's declarations (its pack, entity extensions and parameters:
everything but rules, tests and unchecked entries) with one rule and that rule's
tests, comments dropped. A whole pack is 60-75 KB; a seed is 3-12 KB, so the
fuzzer runs four to five times as many inputs and mutates rules, not comments.

    python3 fuzz/split_rules.py OUT_DIR FILE.rules...
"""

import hashlib
import os
import sys


def blocks(text):
    """Top-level blocks: one line, or from a line opening a brace to the next `}` at column 0."""
    out, cur = [], None
    for line in text.splitlines(keepends=True):
        if cur is None:
            if line.startswith("#") or not line.strip():
                continue
            cur = [line]
            # A one-line declaration (`param walk_radius = 1000 m`, `x { }`).
            if line.count("{") == line.count("}"):
                out.append("".join(cur))
                cur = None
            continue
        cur.append(line)
        if line.startswith("}"):
            out.append("".join(cur))
            cur = None
    if cur:
        out.append("".join(cur))
    return out


def main(out_dir, paths):
    os.makedirs(out_dir, exist_ok=True)
    for path in paths:
        with open(path, encoding="utf-8") as f:
            found = blocks(f.read())
        head = [b.split(None, 2)[:2] for b in found]
        prelude = "".join(b for b, h in zip(found, head) if h[0] not in ("rule", "test", "unchecked"))
        tests = {}
        for b, h in zip(found, head):
            if h[0] == "test":
                tests.setdefault(h[1], []).append(b)
        for b, h in zip(found, head):
            if h[0] != "rule":
                continue
            seed = (prelude + b + "".join(tests.get(h[1], []))).encode()
            name = "split-" + hashlib.sha1(seed).hexdigest()[:16]
            with open(os.path.join(out_dir, name), "wb") as f:
                f.write(seed)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
