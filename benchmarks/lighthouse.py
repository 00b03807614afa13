#!/usr/bin/env python3
"""Lighthouse scores of the built site, served locally with gzip as GitHub Pages serves it.

    npm install --prefix /tmp/lh lighthouse@12.8.2        # once; Node 20 (13.x needs Node 22)
    SITE_URL=http://127.0.0.1:8899/ mkdocs build -d /tmp/site
    python benchmarks/lighthouse.py /tmp/site --lighthouse /tmp/lh/node_modules/.bin/lighthouse

For each page (the home page, the timeline, the numbers page, the pledge tracker and one entry page,
by default), it runs Lighthouse's mobile preset in Debian's Chromium (three times, by default: scores
move by several points between runs on a small machine, and Lighthouse advises the median) and prints
the four category scores of the median run and the bytes transferred. A measurement, not a test.
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
METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
           "speed-index"]
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
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median run is reported (default 3)")
    parser.add_argument("--metrics", action="store_true", help="also print the performance metrics of each page")
    args = parser.parse_args(argv)
    handler = functools.partial(GzipHandler, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = dict(os.environ, CHROME_PATH="/usr/bin/chromium")
    print("| page | performance | accessibility | best practices | SEO | transferred | performance, every run |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    try:
        for page in args.pages.split(","):
            runs = [_lighthouse(args.lighthouse, f"http://127.0.0.1:{args.port}/{page}", env) for _ in range(args.runs)]
            runs.sort(key=lambda data: data["categories"]["performance"]["score"])
            data = runs[len(runs) // 2]  # the run with the median performance score, as Lighthouse advises
            scores = [round(100 * data["categories"][c]["score"]) for c in
                      ("performance", "accessibility", "best-practices", "seo")]
            weight = data["audits"]["total-byte-weight"]["numericValue"] / 1024
            every = "/".join(str(round(100 * r["categories"]["performance"]["score"])) for r in runs)
            print(f"| /{page} | " + " | ".join(map(str, scores)) + f" | {weight:.0f} KiB | {every} |")
            if args.metrics:  # what the performance score is made of
                print("|   | " + ", ".join(f"{m} {data['audits'][m]['displayValue']} ({data['audits'][m]['score']:.2f})"
                                           for m in METRICS) + " | | | | | |")
    finally:
        server.shutdown()
    return 0


def _lighthouse(command: str, url: str, env: dict) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        subprocess.run([command, url, "--quiet", "--output=json", f"--output-path={report.name}",
                        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                        "--only-categories=performance,accessibility,best-practices,seo"],
                       check=True, env=env, capture_output=True)
        return json.loads(Path(report.name).read_text(encoding="utf-8"))


if __name__ == "__main__":
    sys.exit(main())
