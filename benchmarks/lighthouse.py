#!/usr/bin/env python3
"""Lighthouse scores of the built site, served locally with gzip as GitHub Pages serves it.

    npm install --prefix /tmp/lh lighthouse@12.8.2        # once; Node 20 (13.x needs Node 22)
    SITE_URL=http://127.0.0.1:8899/ mkdocs build -d /tmp/site
    python benchmarks/lighthouse.py /tmp/site --lighthouse /tmp/lh/node_modules/.bin/lighthouse

For each page (the home page, the timeline, the numbers page, the pledge tracker and one entry page,
by default), it runs Lighthouse's mobile preset in Debian's Chromium and prints the four category
scores and the bytes transferred. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

PAGES = ["", "timeline/", "numbers/", "pledges/", "timeline/1769-watt-separate-condenser/"]
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".txt"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser accepts it (text types only)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body) if self.command == "GET" else None
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site (mkdocs build -d ...)")
    parser.add_argument("--lighthouse", default="lighthouse", help="the lighthouse command")
    parser.add_argument("--port", type=int, default=8899)
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated paths under the site")
    args = parser.parse_args(argv)
    handler = functools.partial(GzipHandler, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = dict(os.environ, CHROME_PATH="/usr/bin/chromium")
    print("| page | performance | accessibility | best practices | SEO | transferred |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    try:
        for page in args.pages.split(","):
            with tempfile.NamedTemporaryFile(suffix=".json") as report:
                subprocess.run([args.lighthouse, f"http://127.0.0.1:{args.port}/{page}", "--quiet",
                                "--output=json", f"--output-path={report.name}",
                                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                                "--only-categories=performance,accessibility,best-practices,seo"],
                               check=True, env=env, capture_output=True)
                data = json.loads(Path(report.name).read_text(encoding="utf-8"))
            scores = [round(100 * data["categories"][c]["score"]) for c in
                      ("performance", "accessibility", "best-practices", "seo")]
            weight = data["audits"]["total-byte-weight"]["numericValue"] / 1024
            print(f"| /{page} | " + " | ".join(map(str, scores)) + f" | {weight:.0f} KiB |")
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
