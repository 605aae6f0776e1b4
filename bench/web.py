"""``make bench-web``: Lighthouse performance of the five pages a resident opens first.

Performance scores move with the machine's load, so they are a report, not a
test: the sample site is built once, served like GitHub Pages (gzip, cache
headers), and each page is measured ``BENCH_WEB_RUNS`` times (default 3); the
table gives the median score, its spread, and the page's first-visit weight
(bytes transferred, compressed, as Lighthouse's ``total-byte-weight``). The
target is a median of at least 95. Results go to ``bench/web-results.json``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

import lighthouse  # noqa: E402  (tests/ helpers, shared with tests/test_lighthouse.py)
from browser_support import review_pages, serve_like_pages  # noqa: E402

TARGET = 95
OUT = Path(os.environ.get("BENCH_WEB_OUT", REPO / "bench" / "web-results.json"))


def build(site: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                   cwd=REPO, env=env, check=True)


def main() -> int:
    if not lighthouse.available():
        print(lighthouse.MISSING, file=sys.stderr)
        return 1
    runs = int(os.environ.get("BENCH_WEB_RUNS", "3"))
    with tempfile.TemporaryDirectory(prefix="kd-bench-web-") as folder:
        site = Path(folder) / "site"
        build(site)
        pages = review_pages_quietly(site)
        rows = []
        with serve_like_pages(site) as base:
            for name, path in pages.items():
                reports = [lighthouse.run(base + path, ("performance",)) for _ in range(runs)]
                scores = [r.scores["performance"] for r in reports]
                rows.append({"page": name, "path": path, "scores": scores, "median": statistics.median(scores),
                             "transfer_kb": round(statistics.median(r.transfer_bytes for r in reports) / 1024, 1),
                             "failing": reports[-1].failing["performance"]})
    print(f"Lighthouse performa (mobile), median dari {runs} kali per halaman; target ≥ {TARGET}")
    print(f"{'halaman':<9} {'median':>6} {'rentang':>9} {'bobot gzip':>11}  alamat")
    for row in rows:
        spread = f"{min(row['scores'])}–{max(row['scores'])}"
        mark = "" if row["median"] >= TARGET else "  ← di bawah target"
        print(f"{row['page']:<9} {row['median']:>6g} {spread:>9} {row['transfer_kb']:>8.1f} KB  {row['path']}{mark}")
    OUT.write_text(json.dumps({"measured": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "runs": runs, "target": TARGET,
                               "pages": rows}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"ditulis: {OUT.relative_to(REPO) if OUT.is_relative_to(REPO) else OUT}")
    return 0


def review_pages_quietly(site: Path) -> dict[str, str]:
    """:func:`review_pages` outside pytest: its failures are plain errors here."""
    try:
        return review_pages(site)
    except BaseException as error:  # pytest.fail raises an Outcome, not an Exception
        raise SystemExit(f"halaman untuk diukur tidak ditemukan: {error}") from None


if __name__ == "__main__":
    raise SystemExit(main())
