#!/usr/bin/env python3
"""Assembles ylcheck.html from web/page.html: the style, the page's script, the
worker's script (wasm-bindgen's glue, then web/worker.js) and the .wasm in
base64, all inline, under a Content-Security-Policy that allows no connection.

Usage: assemble.py GLUE.js MODULE.wasm VERSION OUT.html
"""

import base64
import hashlib
import pathlib
import sys

WEB = pathlib.Path(__file__).resolve().parent
ROOT = WEB.parent


def sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def main() -> None:
    glue_path, wasm_path, version, out_path = sys.argv[1:5]
    glue = pathlib.Path(glue_path).read_text(encoding="utf-8")
    worker = glue + "\n" + (WEB / "worker.js").read_text(encoding="utf-8")
    app = (WEB / "app.js").read_text(encoding="utf-8")
    css = (WEB / "page.css").read_text(encoding="utf-8")
    wasm = base64.b64encode(pathlib.Path(wasm_path).read_bytes()).decode("ascii")
    # The HTML report shown in the page runs its own filter script, inline; the
    # frame it is shown in inherits this policy, so that script is allowed by its
    # hash. The report writes src/report/html.js verbatim into one <script>.
    report_js = (ROOT / "src/report/html.js").read_text(encoding="utf-8")
    for name, text in [("glue", glue), ("worker", worker), ("app", app), ("css", css)]:
        if "</script" in text.lower() or "</style" in text.lower():
            sys.exit(f"assemble: the {name} text would end its element early")
    csp = "; ".join(
        [
            "default-src 'none'",
            # Inline scripts by hash only; WebAssembly compiled from bytes.
            f"script-src {sha256(app)} {sha256(report_js)} 'wasm-unsafe-eval'",
            # The checker's worker and the report's frame are made from blobs.
            "worker-src blob:",
            "frame-src blob:",
            # The report styles elements inline (chart keys).
            "style-src 'unsafe-inline'",
            "img-src data: blob:",
            "connect-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    page = (WEB / "page.html").read_text(encoding="utf-8")
    for key, value in [
        ("CSP", csp),
        ("VERSION", version),
        ("CSS", css),
        ("WORKER", worker),
        ("APP", app),
        ("WASM", wasm),
    ]:
        marker = "{{" + key + "}}"
        if marker not in page:
            sys.exit(f"assemble: web/page.html has no {marker}")
        page = page.replace(marker, value)
    pathlib.Path(out_path).write_text(page, encoding="utf-8")


if __name__ == "__main__":
    main()
