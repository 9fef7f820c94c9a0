#!/usr/bin/env python3
"""Lighthouse (mobile profile) on the pages readers start from (a benchmark that prints figures).

Needs Node.js and the npm package `lighthouse`, driving Debian's Chromium:
    npm install --prefix build/lighthouse lighthouse@12
    python benchmarks/lighthouse.py [site] [page ...]
The site is served from loopback with gzip, as a production host would.
Targets: performance >= 95, accessibility = 100.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from gzip_server import serve

ROOT = Path(__file__).resolve().parent.parent
# Home, a district, the districts, the targets and the funding page (default).
PAGES = ["", "dia-phuong/can-loc/", "dia-phuong/", "muc-tieu/", "giai-ngan/"]
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")


def lighthouse_binary() -> str | None:
    local = ROOT / "build/lighthouse/node_modules/.bin/lighthouse"
    return str(local) if local.exists() else shutil.which("lighthouse")


def main(argv: list[str]) -> int:
    site = Path(argv[1] if len(argv) > 1 else ROOT / "site").resolve()
    pages = argv[2:] or PAGES
    binary = lighthouse_binary()
    if binary is None:
        print("lighthouse not found: npm install --prefix build/lighthouse lighthouse@12")
        return 1
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    url, server = serve(site)
    print(f"{'page':24} {'performance':>11} {'accessibility':>13} {'FCP':>7} {'LCP':>7} {'TBT':>8} {'CLS':>6} {'bytes KB':>9}")
    try:
        for page in pages:
            with tempfile.TemporaryDirectory() as folder:
                report = Path(folder) / "report.json"
                subprocess.run([binary, f"{url}/{page}", "--quiet", f"--chrome-path={chromium}", f"--chrome-flags={CHROME_FLAGS}",
                                "--only-categories=performance,accessibility", "--form-factor=mobile",
                                "--output=json", f"--output-path={report}"], check=True, timeout=300)
                data = json.loads(report.read_text(encoding="utf-8"))
            audits, scores = data["audits"], {k: v["score"] for k, v in data["categories"].items()}
            print(f"/{page:23} {scores['performance'] * 100:11.0f} {scores['accessibility'] * 100:13.0f} "
                  f"{audits['first-contentful-paint']['displayValue']:>7} {audits['largest-contentful-paint']['displayValue']:>7} "
                  f"{audits['total-blocking-time']['displayValue']:>8} {audits['cumulative-layout-shift']['displayValue']:>6} "
                  f"{audits['total-byte-weight']['numericValue'] / 1024:9.0f}")
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
