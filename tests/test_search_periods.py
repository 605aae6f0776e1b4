"""Search bundles per month: which months, where their bundles go, what decides that one is kept."""

from __future__ import annotations

from kabardesa.search import bundle_uri, digests_of, periods_of


def test_months_newest_first_from_story_urls() -> None:
    urls = ["berita/2026/10/ronda/", "berita/2025/03/sambang/", "berita/2026/10/binluh/", "berita/2026/02/dds/",
            "desa/lowayu/", "berita/"]
    assert periods_of(urls) == ("2026/10", "2026/02", "2025/03")
    assert bundle_uri("2026/10") == "pagefind/2026/10/"


def test_a_month_digest_changes_only_with_its_own_pages() -> None:
    pages = {"berita/2026/10/ronda/index.html": "a", "berita/2026/10/binluh/index.html": "b",
             "berita/2026/09/dds/index.html": "c", "desa/lowayu/index.html": "d"}
    before = digests_of(pages)
    assert sorted(before) == ["2026/09", "2026/10"]  # listing pages are not indexed
    after = digests_of({**pages, "berita/2026/10/binluh/index.html": "b2", "desa/lowayu/index.html": "d2"})
    assert after["2026/09"] == before["2026/09"] and after["2026/10"] != before["2026/10"]
    assert digests_of(dict(reversed(pages.items()))) == before  # order of the pages does not matter
