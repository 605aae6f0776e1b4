"""Search with Pagefind: one Indonesian-stemmed index per month of stories, merged in the browser.

Pagefind holds a whole index in memory while it writes it: about 135 KiB per
story page, so 50,000 stories in one index would pass 6 GiB, and one year of
Gresik (18,000 stories) over 2 GiB. Each month of stories (``berita/YYYY/MM/``)
gets its own bundle, ``pagefind/YYYY/MM/``, written by its own Pagefind run, so
memory follows the largest month, not the whole site, and a new story costs the
indexing of its month only (a year of 9,000 stories takes 16 s of CPU, a month
under 2 s). The search page (``assets/search.js``) opens the newest month and
merges the others with Pagefind's ``mergeIndex``: one search box, one result
list, the same filters. The UI's own script and style sheet are copied to
``pagefind/``.

A month whose story pages are byte for byte those its bundle was made from
(:func:`period_digest`, remembered by the caller between builds) keeps its
bundle: an incremental build re-indexes only the months that changed.
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
_MONTH = re.compile(r"[0-9]{2}")


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message carries its output."""


@dataclass(frozen=True)
class SearchIndexStats:
    files: int
    bytes: int
    periods: tuple[str, ...] = ()  # every month with a bundle ("2026/10"), newest first
    indexed: tuple[str, ...] = ()  # the months Pagefind ran for in this build
    digests: Mapping[str, str] = field(default_factory=dict)  # by month, when asked for (see build_search_index)


def _is_period(year: str, month: str) -> bool:
    return bool(_YEAR.fullmatch(year) and _MONTH.fullmatch(month))


def periods_of(story_urls: list[str]) -> tuple[str, ...]:
    """The months (``2026/10`` of ``berita/2026/10/…`` URLs) that get a bundle, newest first."""
    months = {tuple(url.split("/")[1:3]) for url in story_urls if url.startswith(f"{STORY_DIR}/") and url.count("/") >= 3}
    return tuple(sorted((f"{y}/{m}" for y, m in months if _is_period(y, m)), reverse=True))


def bundle_uri(period: str) -> str:
    """``pagefind/2026/10/``: the bundle of one month, site-relative."""
    return f"{BUNDLE_DIR}/{period}/"


def site_periods(site_dir: Path) -> tuple[str, ...]:
    """The months with story pages in a built site, newest first."""
    folder = site_dir / STORY_DIR
    if not folder.is_dir():
        return ()
    months = [p for p in folder.glob("*/*") if p.is_dir() and _is_period(p.parent.name, p.name)]
    return tuple(sorted((f"{p.parent.name}/{p.name}" for p in months if next(p.rglob("*.html"), None) is not None),
                        reverse=True))


def period_digest(site_dir: Path, period: str) -> str:
    """A digest of the month's story pages (paths and bytes): equal digests, equal bundle."""
    digest = hashlib.blake2b(digest_size=20)
    for path in sorted((site_dir / STORY_DIR / period).rglob("*.html")):
        digest.update(path.relative_to(site_dir).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def digests_of(page_fingerprints: Mapping[str, str]) -> dict[str, str]:
    """Each month's digest from its story pages' keys (output path -> fingerprint of what Pagefind indexes of it).

    What an incremental build uses instead of reading every page again: the story
    and its photos decide what Pagefind reads of the page (its neighbours and
    share links are ``data-pagefind-ignore``), so a month whose stories only got
    new neighbours keeps its bundle.
    """
    by_period: dict[str, list[tuple[str, str]]] = {}
    for path, key in page_fingerprints.items():
        parts = path.split("/")
        if len(parts) > 3 and parts[0] == STORY_DIR and _is_period(parts[1], parts[2]):
            by_period.setdefault(f"{parts[1]}/{parts[2]}", []).append((path, key))
    digests = {}
    for period, pages in by_period.items():
        digest = hashlib.blake2b(digest_size=20)
        for path, key in sorted(pages):
            digest.update(f"{path}\0{key}\0".encode("utf-8", "surrogatepass"))
        digests[period] = digest.hexdigest()
    return digests


def build_search_index(site_dir: Path, previous: Mapping[str, str] | None = None,
                       current: Mapping[str, str] | None = None) -> SearchIndexStats:
    """Index each month's pages marked ``data-pagefind-body`` (the stories) in Indonesian.

    ``previous`` (an incremental build) maps a month to the digest its bundle,
    already in ``site_dir``, was made from; a month whose pages have that digest
    now (``current``, else :func:`period_digest` of the pages) keeps its bundle,
    and the stats carry every month's digest for the next build. A site without
    published stories gets no index (Pagefind refuses an empty one); the search
    page then says the index is missing.
    """
    periods = site_periods(site_dir)
    bundles = site_dir / BUNDLE_DIR
    for stale in _stale_bundles(bundles, periods):
        shutil.rmtree(stale)  # a month whose last story was deleted
    indexed, digests = [], {}
    for period in periods:
        bundle = site_dir / bundle_uri(period)
        if previous is not None:
            digests[period] = current[period] if current and period in current else period_digest(site_dir, period)
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


def _stale_bundles(bundles: Path, periods: tuple[str, ...]) -> list[Path]:
    """Bundle folders (months, and years left without a month) of months that have no story any more."""
    if not bundles.is_dir():
        return []
    years = {period.split("/")[0] for period in periods}
    stale = [p for p in bundles.glob("*/*") if p.is_dir() and f"{p.parent.name}/{p.name}" not in periods]
    return stale + [p for p in bundles.iterdir() if p.is_dir() and p.name not in years]


def _run_pagefind(site_dir: Path, period: str) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", bundle_uri(period),
               "--glob", f"{STORY_DIR}/{period}/**/*.html", "--force-language", "id", "--silent"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind gagal membuat indeks pencarian bulan {period}:\n{result.stdout}{result.stderr}")


def bundle_stats(site_dir: Path) -> SearchIndexStats:
    files = [p for p in (site_dir / BUNDLE_DIR).rglob("*") if p.is_file()]
    return SearchIndexStats(len(files), sum(p.stat().st_size for p in files))
