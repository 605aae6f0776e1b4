"""Integration: pages do not grow with the number of stories.

The same generator makes a 10-story and a 200-story site; one identical story is
in both. Its page must stay the same size (the nav holds index pages only), and
listing pages must paginate instead of growing.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from sitebuild import Corpus, Page, SiteProject, categories, load_page, officers, page_file, series

pytestmark = pytest.mark.build

PAGE_SIZE = 30
STORY_URL = re.compile(r"^/berita/\d{4}/\d{2}/[^/]+/$")
OFF = officers()
CATEGORY = categories()[0]["slug"]
FIXED = "cerita-tetap"
FIXED_URL = "/berita/2025/09/cerita-tetap/"
BODY = ("Bhabinkamtibmas menyambangi warga di balai desa untuk mendengar keluhan tentang keamanan lingkungan.\n\n"
        "Warga menyampaikan usulan jadwal ronda dan perbaikan lampu jalan di gang sempit.\n")


def make_corpus(count: int) -> Corpus:
    """``count - 1`` generated stories plus the fixed one, all in one category.

    The first three generated stories share the fixed story's village, so its
    "related stories" block is full in both sizes.
    """
    corpus = Corpus()
    fixed_officer = OFF[0]
    start = date(2025, 1, 1)
    for n in range(count - 1):
        officer = fixed_officer if n < 3 else OFF[n % len(OFF)]
        village = officer["villages"][0] if n < 3 else officer["villages"][n % len(officer["villages"])]
        day = start + timedelta(days=n)
        corpus.add(f"kabar-nomor-{n:03d}", body=BODY, day=day, title=f"Kabar Kamtibmas Nomor {n:03d}",
                   date=day.isoformat(), village=village, officer=officer["id"], category=CATEGORY,
                   tags=["ronda", "sambang"], summary="Ringkasan kabar dari desa binaan.")
    corpus.add(FIXED, body=BODY, day=date(2025, 9, 1), title="Cerita Tetap untuk Mengukur Ukuran Halaman",
               date="2025-09-01 09:00", village=fixed_officer["villages"][0], officer=fixed_officer["id"],
               category=CATEGORY, tags=["ronda", "sambang"], summary="Ringkasan yang sama di kedua situs.")
    return corpus


def _build(tmp_path_factory, count: int):
    project = SiteProject(tmp_path_factory.mktemp(f"skala-{count}-") / "proyek")
    make_corpus(count).write(project)
    result = project.build()
    assert result.ok, result.output
    return result.site


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return _build(tmp_path_factory, 10)


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    return _build(tmp_path_factory, 200)


def _story_links(page: Page) -> set[str]:
    return {u for u in page.links() if STORY_URL.match(u)}


def test_story_page_size_does_not_grow_with_the_corpus(small, large):
    a = page_file(small, FIXED_URL).stat().st_size
    b = page_file(large, FIXED_URL).stat().st_size
    assert abs(b - a) / a < 0.05, (a, b)
    assert len(list(large.glob("berita/*/*/*/index.html"))) == 200
    nav = lambda site: [a.get("href") for a in load_page(site, FIXED_URL).tree.xpath("//nav//a")]  # noqa: E731
    assert nav(small) == nav(large)


def test_story_page_links_to_few_stories(large):
    page = load_page(large, FIXED_URL)
    assert len(page.all_links()) < 80
    assert len({u for u in page.all_links() if STORY_URL.match(u)}) <= 4  # itself at most, plus related


def test_category_page_is_paginated(large):
    pages = series(large, f"/kegiatan/{CATEGORY}/")
    assert page_file(large, f"/kegiatan/{CATEGORY}/halaman/2/").is_file()
    assert len(_story_links(pages[0])) == PAGE_SIZE
    assert len(pages) == -(-200 // PAGE_SIZE)
    assert all(len(_story_links(p)) <= PAGE_SIZE for p in pages)
    listed = set().union(*(_story_links(p) for p in pages))
    assert len(listed) == 200 and FIXED_URL in listed
    # Newest first: the fixed story (latest date) opens page 1.
    assert FIXED_URL in _story_links(pages[0])
    # Each page links to the next one.
    for n, page in enumerate(pages[:-1], start=2):
        assert f"/kegiatan/{CATEGORY}/halaman/{n}/" in page.links()


def test_small_category_page_is_not_paginated(small):
    assert not page_file(small, f"/kegiatan/{CATEGORY}/halaman/2/").exists()
    assert len(_story_links(load_page(small, f"/kegiatan/{CATEGORY}/"))) == 10


def test_no_listing_page_grows_unbounded(large):
    """Outside digests (bounded by their week or month), no page lists more than a page of stories.

    A Polsek page may show its Polsek-wide page plus the ten newest: 40 at most.
    """
    too_long = []
    for path in large.rglob("index.html"):
        page = Page(large, path)
        if page.url.startswith("/buletin/") and page.url != "/buletin/":
            continue
        count = len(_story_links(page))
        if count > PAGE_SIZE + 10:
            too_long.append((page.url, count))
    assert not too_long


def test_listing_page_size_is_bounded(small, large):
    """The all-stories page holds one page of stories whatever the corpus size."""
    a = page_file(small, "/berita/").stat().st_size
    b = page_file(large, "/berita/").stat().st_size
    per_story = max(1, a // 10)
    assert b < a + (PAGE_SIZE - 10 + 2) * per_story * 1.5, (a, b)
    assert page_file(large, "/berita/halaman/7/").is_file()
    assert not page_file(large, "/berita/halaman/8/").exists()
