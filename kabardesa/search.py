"""Search with Pagefind: an Indonesian-stemmed index written after the build."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

BUNDLE_DIR = "pagefind"
STORY_PAGES = "berita/[0-9]*/**/*.html"  # only story pages are indexed; no need to read the rest
# Left out of the index and so of the excerpts: a story's line of date, kegiatan and desa
# (``p.kd-meta``) would open every excerpt ("Senin, 17 Agustus 2026 · Pengamanan · Desa
# Sekapuk, Kec. Ujungpangkah …"). Its filter spans still count: Pagefind reads filters
# inside excluded elements, and desa, kecamatan and kegiatan are filters.
EXCLUDED = (".kd-meta",)


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message carries its output."""


@dataclass(frozen=True)
class SearchIndexStats:
    files: int
    bytes: int


def build_search_index(site_dir: Path) -> SearchIndexStats:
    """Index the pages marked ``data-pagefind-body`` (the stories) in Indonesian.

    A site without published stories gets no index (Pagefind refuses an empty one);
    the search page then says the index is missing.
    """
    if next(site_dir.glob(STORY_PAGES), None) is None:
        return SearchIndexStats(0, 0)
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE_DIR,
               "--glob", STORY_PAGES, "--force-language", "id", "--silent"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind gagal membuat indeks pencarian:\n{result.stdout}{result.stderr}")
    return bundle_stats(site_dir)


def bundle_stats(site_dir: Path) -> SearchIndexStats:
    files = [p for p in (site_dir / BUNDLE_DIR).rglob("*") if p.is_file()]
    return SearchIndexStats(len(files), sum(p.stat().st_size for p in files))
