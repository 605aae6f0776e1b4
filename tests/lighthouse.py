"""Running Lighthouse (npm ``lighthouse``, pinned in package.json) on Debian's Chromium.

Used by tests/test_lighthouse.py (accessibility, best practices and SEO must be
100) and by ``make bench-web`` (performance, noisy, so reported, never asserted).
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = Path("/usr/bin/chromium")
STRICT_CATEGORIES = ("accessibility", "best-practices", "seo")
MISSING = "Lighthouse tidak ada di node_modules/: jalankan `bash tools/install-browser-deps.sh` (atau `npm ci`)"


@dataclass(frozen=True)
class Report:
    """One Lighthouse run of one page (mobile form factor)."""

    url: str
    scores: dict[str, int]  # category id -> 0..100
    failing: dict[str, list[str]]  # category id -> titles of the audits that lost points
    transfer_bytes: int  # "total-byte-weight": what the page transferred, compressed as served


def available() -> bool:
    return LIGHTHOUSE.is_file() and CHROMIUM.is_file()


def run(url: str, categories: tuple[str, ...], timeout: int = 240) -> Report:
    """Lighthouse on ``url`` (mobile emulation, its default) for ``categories``."""
    env = dict(os.environ, CHROME_PATH=str(CHROMIUM))
    proc = subprocess.run(
        [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
         "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
         f"--only-categories={','.join(categories)}", "--max-wait-for-load=60000"],
        capture_output=True, text=True, timeout=timeout, env=env, cwd=REPO,
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"lighthouse gagal untuk {url} (kode {proc.returncode}): {proc.stderr.strip()[-800:]}")
    return parse(url, json.loads(proc.stdout))


def parse(url: str, report: dict[str, Any]) -> Report:
    audits = report["audits"]
    scores: dict[str, int] = {}
    failing: dict[str, list[str]] = {}
    for key, category in report["categories"].items():
        score = category.get("score")
        scores[key] = round(100 * score) if score is not None else -1
        failing[key] = [
            f"{audits[ref['id']]['title']} ({ref['id']})"
            for ref in category["auditRefs"]
            if ref.get("weight", 0) > 0 and audits[ref["id"]].get("score") not in (None, 1)
        ]
    weight = audits.get("total-byte-weight", {}).get("numericValue") or 0
    return Report(url, scores, failing, int(weight))
