"""Search with Pagefind: one Indonesian-stemmed index per year of stories, merged in the browser.

Pagefind holds a whole index in memory while it writes it: about 140 KiB per
story page, so 50,000 stories in one index would pass 6 GiB. Each year of
stories (``berita/YYYY/``) gets its own bundle, ``pagefind/YYYY/``, written by
its own Pagefind run, so memory follows the largest year, not the whole site.
The search page (``assets/search.js``) opens the newest year and merges the
others with Pagefind's ``mergeIndex``: one search box, one result list, the
same filters. The UI's own script and style sheet are copied to ``pagefind/``.

A year whose story pages are byte for byte those its bundle was made from
(:func:`period_digest`, remembered by the caller between builds) keeps its
bundle: an incremental build re-indexes only the years that changed. Pagefind's
command line writes the same bytes for the same pages, so a kept bundle is the
one a full build would write.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import urls

BUNDLE_DIR = urls.SEARCH_BUNDLE.rstrip("/")
STORY_DIR = "berita"
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")  # what the search page loads, from pagefind/ itself
# Left out of the index and so of the excerpts: a story's line of date, kegiatan and desa
# (``p.kd-meta``) would open every excerpt ("Senin, 17 Agustus 2026 · Pengamanan · Desa
# Sekapuk, Kec. Ujungpangkah …"). Its filter spans still count: Pagefind reads filters
# inside excluded elements, and desa, kecamatan and kegiatan are filters.
EXCLUDED = (".kd-meta",)
_YEAR = re.compile(r"[0-9]{4}")


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message carries its output."""


@dataclass(frozen=True)
class SearchIndexStats:
    files: int
    bytes: int
    periods: tuple[str, ...] = ()  # every year with a bundle, newest first
    indexed: tuple[str, ...] = ()  # the years Pagefind ran for in this build
    digests: Mapping[str, str] = field(default_factory=dict)  # by year, when asked for (see build_search_index)


def periods_of(story_urls: list[str]) -> tuple[str, ...]:
    """The years (``berita/YYYY/…`` URLs) that get a bundle, newest first."""
    years = {url.split("/")[1] for url in story_urls if url.startswith(f"{STORY_DIR}/")}
    return tuple(sorted((y for y in years if _YEAR.fullmatch(y)), reverse=True))


def bundle_uri(period: str) -> str:
    """``pagefind/2026/``: the bundle of one year, site-relative."""
    return f"{BUNDLE_DIR}/{period}/"


def site_periods(site_dir: Path) -> tuple[str, ...]:
    """The years with story pages in a built site, newest first."""
    folder = site_dir / STORY_DIR
    if not folder.is_dir():
        return ()
    years = [p.name for p in folder.iterdir() if p.is_dir() and _YEAR.fullmatch(p.name)]
    return tuple(sorted((y for y in years if next((folder / y).rglob("*.html"), None) is not None), reverse=True))


def period_digest(site_dir: Path, period: str) -> str:
    """A digest of the year's story pages (paths and bytes): equal digests, equal bundle."""
    digest = hashlib.blake2b(digest_size=20)
    for path in sorted((site_dir / STORY_DIR / period).rglob("*.html")):
        digest.update(path.relative_to(site_dir).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def build_search_index(site_dir: Path, previous: Mapping[str, str] | None = None) -> SearchIndexStats:
    """Index each year's pages marked ``data-pagefind-body`` (the stories) in Indonesian.

    ``previous`` (an incremental build) maps a year to the :func:`period_digest`
    its bundle, already in ``site_dir``, was made from; a year whose pages have
    that digest keeps its bundle, and the stats carry every year's digest for
    the next build. A site without published stories gets no index (Pagefind
    refuses an empty one); the search page then says the index is missing.
    """
    periods = site_periods(site_dir)
    bundles = site_dir / BUNDLE_DIR
    for stale in (p for p in bundles.iterdir() if p.is_dir() and p.name not in periods) if bundles.is_dir() else ():
        shutil.rmtree(stale)  # a year whose last story was deleted
    indexed, digests = [], {}
    for period in periods:
        bundle = site_dir / bundle_uri(period)
        if previous is not None:
            digests[period] = period_digest(site_dir, period)
            if previous.get(period) == digests[period] and (bundle / "pagefind.js").is_file():
                continue
        if bundle.exists():
            shutil.rmtree(bundle)
        _run_pagefind(site_dir, period)
        indexed.append(period)
    if periods:
        for name in UI_FILES:
            shutil.copyfile(site_dir / bundle_uri(periods[0]) / name, bundles / name)
    stats = bundle_stats(site_dir)
    return SearchIndexStats(stats.files, stats.bytes, periods, tuple(indexed), digests)


def _run_pagefind(site_dir: Path, period: str) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", bundle_uri(period),
               "--glob", f"{STORY_DIR}/{period}/**/*.html", "--force-language", "id", "--silent"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind gagal membuat indeks pencarian tahun {period}:\n{result.stdout}{result.stderr}")


def bundle_stats(site_dir: Path) -> SearchIndexStats:
    files = [p for p in (site_dir / BUNDLE_DIR).rglob("*") if p.is_file()]
    return SearchIndexStats(len(files), sum(p.stat().st_size for p in files))
