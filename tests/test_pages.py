"""plan_site: every listing and story page, its source URI and URL, and pagination."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from kabardesa.dates import WIB
from kabardesa.pages import paginate, plan_site
from kabardesa.settings import DEFAULTS
from kabardesa.views import SitePage


def _meta(valid_meta, **changes):
    meta = dict(valid_meta, **changes)
    return {k: v for k, v in meta.items() if v is not None}


# --- paginate -------------------------------------------------------------------------------


PAGE_SIZE = DEFAULTS.page_size


def test_page_size_is_thirty():
    assert PAGE_SIZE == 30


@pytest.mark.parametrize(("count", "sizes"), [(0, [0]), (1, [1]), (30, [30]), (31, [30, 1]), (60, [30, 30]), (61, [30, 30, 1])])
def test_paginate_sizes(count, sizes):
    items = list(range(count))
    pages = paginate("desa/lowayu.md", items, PAGE_SIZE)
    assert [len(listing.stories) for _, listing in pages] == sizes
    assert [x for _, listing in pages for x in listing.stories] == items
    assert all(listing.total == count for _, listing in pages)


def test_single_page_has_no_pager():
    [(uri, listing)] = paginate("desa/lowayu.md", list(range(30)), PAGE_SIZE)
    assert uri == "desa/lowayu.md"
    assert listing.pager is None


def test_paginate_uris_urls_and_pager():
    pages = paginate("desa/lowayu.md", list(range(61)), PAGE_SIZE)
    assert [uri for uri, _ in pages] == ["desa/lowayu.md", "desa/lowayu/halaman/2.md", "desa/lowayu/halaman/3.md"]
    assert [SitePage(uri, "", "", None).url for uri, _ in pages] == ["desa/lowayu/", "desa/lowayu/halaman/2/", "desa/lowayu/halaman/3/"]
    pagers = [listing.pager for _, listing in pages]
    assert [(p.number, p.count) for p in pagers] == [(1, 3), (2, 3), (3, 3)]
    assert all(p.urls == ("desa/lowayu/", "desa/lowayu/halaman/2/", "desa/lowayu/halaman/3/") for p in pagers)
    assert [(p.previous_url, p.next_url) for p in pagers] == [
        (None, "desa/lowayu/halaman/2/"),
        ("desa/lowayu/", "desa/lowayu/halaman/3/"),
        ("desa/lowayu/halaman/2/", None),
    ]


def test_paginate_index_page():
    pages = paginate("berita/index.md", list(range(31)), PAGE_SIZE)
    assert [uri for uri, _ in pages] == ["berita/index.md", "berita/halaman/2.md"]
    assert pages[1][1].pager.urls == ("berita/", "berita/halaman/2/")


def test_paginate_custom_size():
    pages = paginate("kegiatan/sambang.md", list(range(5)), size=2)
    assert [list(listing.stories) for _, listing in pages] == [[0, 1], [2, 3], [4]]
    assert pages[2][0] == "kegiatan/sambang/halaman/3.md"


@pytest.mark.parametrize(("src_uri", "url"), [
    ("index.md", "./"), ("berita/index.md", "berita/"), ("desa/lowayu.md", "desa/lowayu/"),
    ("buletin/2025/minggu-21.md", "buletin/2025/minggu-21/"), ("polres.md", "polres/"),
])
def test_site_page_url(src_uri, url):
    assert SitePage(src_uri, "", "", None).url == url


# --- plan_site ------------------------------------------------------------------------------


@pytest.fixture
def catalog(project, valid_meta):
    """61 Lowayu stories (three pages), a two-village story, a Polsek-wide and a Polres-wide one, one draft."""
    start = datetime(2025, 5, 31, 20, 0, tzinfo=WIB)
    for n in range(61):
        moment = start - timedelta(hours=14 * n)  # the last one: Saturday 26 April 2025, 20.00
        project.write(f"{moment:%Y-%m-%d}-ronda-{n:02d}.md", _meta(valid_meta, title=f"Ronda {n:02d}", date=f"{moment:%Y-%m-%d %H:%M}"),
                      folder=f"{moment:%Y/%m}")
    project.write("2025-05-20-dua-desa.md", _meta(valid_meta, title="Sawo dan Trate", date="2025-05-20 08:30", village=["sawo", "trate"],
                                                   officer="bripka-contoh-enam", category="sambang"))
    project.write("2025-05-19-polsek.md", _meta(valid_meta, title="Apel Polsek Cerme", date="2025-05-19", village=None, polsek="cerme",
                                                 category="imbauan"))
    project.write("2025-05-18-polres.md", _meta(valid_meta, title="Arahan Kapolres", date="2025-05-18", village=None,
                                                 category="arahan-pimpinan"))
    project.write("2025-05-17-draf.md", _meta(valid_meta, title="Draf", date="2025-05-17", draft=True))
    catalog = project.catalog()
    assert [p for p in catalog.problems if p.severity != "advice"] == []  # advice: an officer outside their villages
    assert len(catalog.published()) == 64
    return catalog


@pytest.fixture
def plan(catalog):
    return plan_site(catalog.published(), catalog.registry)


def test_one_page_per_village_even_without_stories(plan, registry):
    first_pages = [p for p in plan.listing_pages if p.template == "kd/village.html" and "/halaman/" not in p.src_uri]
    assert [p.src_uri for p in first_pages] == [f"desa/{slug}.md" for slug in registry.villages]
    bangeran = next(p for p in first_pages if p.src_uri == "desa/bangeran.md")
    assert (bangeran.url, bangeran.title) == ("desa/bangeran/", "Desa Bangeran, Kec. Dukun")
    assert (bangeran.view.listing.total, list(bangeran.view.listing.stories), bangeran.view.listing.pager) == (0, [], None)
    assert bangeran.view.feed_url == "desa/bangeran/feed.xml"
    assert bangeran.view.polsek.slug == "dukun"


def test_village_pages_paginate(plan, catalog):
    lowayu = [p for p in plan.listing_pages if p.src_uri.startswith("desa/lowayu")]
    assert [(p.src_uri, p.url, p.title) for p in lowayu] == [
        ("desa/lowayu.md", "desa/lowayu/", "Desa Lowayu, Kec. Dukun"),
        ("desa/lowayu/halaman/2.md", "desa/lowayu/halaman/2/", "Desa Lowayu, Kec. Dukun (halaman 2)"),
        ("desa/lowayu/halaman/3.md", "desa/lowayu/halaman/3/", "Desa Lowayu, Kec. Dukun (halaman 3)"),
    ]
    listed = [s.title for p in lowayu for s in p.view.listing.stories]
    assert listed == [f"Ronda {n:02d}" for n in range(61)]
    assert [len(p.view.listing.stories) for p in lowayu] == [30, 30, 1]
    pager = lowayu[1].view.listing.pager
    assert (pager.previous_url, pager.next_url) == ("desa/lowayu/", "desa/lowayu/halaman/3/")


def test_multi_village_story_on_each_village_page(plan):
    pages = {p.src_uri: p for p in plan.listing_pages}
    assert [s.slug for s in pages["desa/sawo.md"].view.listing.stories] == ["dua-desa"]
    assert [s.slug for s in pages["desa/trate.md"].view.listing.stories] == ["dua-desa"]


def test_all_stories_paginated(plan):
    berita = [p for p in plan.listing_pages if p.src_uri.startswith("berita/")]
    assert [p.url for p in berita] == ["berita/", "berita/halaman/2/", "berita/halaman/3/"]
    assert sum(len(p.view.listing.stories) for p in berita) == 64
    assert all(s.title != "Draf" for p in berita for s in p.view.listing.stories)


def test_story_pages(plan, catalog):
    published = catalog.published()
    assert [p.src_uri for p in plan.story_pages] == [s.src_uri for s in published]
    for page in plan.story_pages:
        story = page.view.story
        assert page.src_uri == f"berita/{story.published:%Y}/{story.published:%m}/{story.slug}.md"
        assert page.url == story.url == f"berita/{story.published:%Y/%m}/{story.slug}/"
        assert page.title == story.title
        assert page.template == "kd/story.html"
        assert page.view.week.url == f"buletin/{story.iso_week[0]}/minggu-{story.iso_week[1]:02d}/"
        assert page.view.month.url == f"buletin/{story.published:%Y/%m}/"
    assert {p.src_uri for p in plan.story_pages} >= {"berita/2025/05/dua-desa.md", "berita/2025/05/polres.md", "berita/2025/04/ronda-60.md"}
    assert "berita/2025/05/draf.md" not in {p.src_uri for p in plan.all_pages()}


URL_TABLE = [
    # (DESIGN.md's URL table, as a pattern over site-relative URLs, template)
    (r"berita/\d{4}/\d{2}/[a-z0-9-]+/", "kd/story.html"),
    (r"desa/[a-z0-9-]+/(halaman/\d+/)?", "kd/village.html"),
    (r"polsek/[a-z0-9-]+/", "kd/polsek.html"),
    (r"petugas/[a-z0-9-]+/(halaman/\d+/)?", "kd/officer.html"),
    (r"kegiatan/[a-z0-9-]+/(halaman/\d+/)?", "kd/category.html"),
    (r"buletin/\d{4}/(\d{2}|minggu-\d{2})/", "kd/digest.html"),
    (r"buletin/\d{4}/\d{2}/[a-z0-9-]+/", "kd/digest_polsek.html"),  # a Polsek's print sheet of the month
]


def test_listing_urls_follow_the_url_table(plan, catalog):
    registry = catalog.registry
    urls = {p.url: p for p in plan.all_pages()}
    for village in registry.villages.values():
        assert urls[f"desa/{village.slug}/"].view.village == village
    for polsek in registry.polsek.values():
        assert urls[f"polsek/{polsek.slug}/"].view.polsek == polsek
    for officer in registry.officers.values():
        assert urls[f"petugas/{officer.id}/"].view.officer == officer
    for category in registry.categories.values():
        assert urls[f"kegiatan/{category.slug}/"].view.category == category
    for index_url, template in [("./", "kd/home.html"), ("berita/", "kd/stories.html"), ("desa/", "kd/village_index.html"),
                                ("polsek/", "kd/polsek_index.html"), ("petugas/", "kd/officer_index.html"),
                                ("kegiatan/", "kd/category_index.html"), ("buletin/", "kd/digest_index.html")]:
        assert urls[index_url].template == template
    digests = {u for u, p in urls.items() if p.template == "kd/digest.html"}
    assert digests == {"buletin/2025/04/", "buletin/2025/05/", "buletin/2025/minggu-17/", "buletin/2025/minggu-18/",
                       "buletin/2025/minggu-19/", "buletin/2025/minggu-20/", "buletin/2025/minggu-21/", "buletin/2025/minggu-22/"}
    for url, page in urls.items():
        for pattern, template in URL_TABLE:
            if page.template == template:
                assert re.fullmatch(pattern, url), (url, template)
    assert urls["petugas/aipda-contoh-satu/halaman/2/"].title == "Aipda Bagus Contoh (halaman 2)"
    assert urls["kegiatan/siskamling/halaman/3/"].template == "kd/category.html"


def test_page_counts(plan, registry):
    templates = Counter(p.template for p in plan.all_pages())
    assert templates == {
        "kd/home.html": 1, "kd/stories.html": 3 + 1,  # berita/ (three pages) and polres/
        "kd/village_index.html": 1, "kd/village.html": len(registry.villages) + 2,
        "kd/polsek_index.html": 1, "kd/polsek.html": len(registry.polsek),
        "kd/digest_polsek.html": 2 * len(registry.polsek),  # a print sheet per Polsek for each of two months
        "kd/officer_index.html": 1, "kd/officer.html": len(registry.officers) + 2,
        "kd/category_index.html": 1, "kd/category.html": len(registry.categories) + 2,
        "kd/digest_index.html": 1, "kd/digest.html": 8,
        "kd/story.html": 64,
        "kd/security.html": 1,  # /keamanan/ (a public build has no Polsek security tables)
    }


def test_no_two_pages_share_a_src_uri_or_url(plan):
    pages = plan.all_pages()
    assert len({p.src_uri for p in pages}) == len(pages)
    assert len({p.url for p in pages}) == len(pages)


def test_polres_and_polsek_wide_stories(plan):
    pages = {p.src_uri: p for p in plan.listing_pages}
    assert [s.slug for s in pages["polres.md"].view.listing.stories] == ["polres"]
    assert [s.slug for s in pages["polsek/cerme.md"].view.polsek_wide] == ["polsek"]


def test_plan_with_no_stories(project, registry):
    catalog = project.catalog()
    plan = plan_site(catalog.published(), catalog.registry)
    assert plan.story_pages == []
    assert sum(p.template == "kd/village.html" for p in plan.listing_pages) == len(registry.villages)
    assert [p.url for p in plan.listing_pages if p.template.startswith("kd/digest")] == ["buletin/"]
    assert len({p.src_uri for p in plan.all_pages()}) == len(plan.all_pages())


def test_story_named_index_gets_its_own_url(project, valid_meta):
    project.write("2025-05-23-index.md", valid_meta)
    catalog = project.catalog()
    plan = plan_site(catalog.published(), catalog.registry)
    [page] = plan.story_pages
    assert page.url == page.view.story.url



def test_large_digests_list_titles_without_summaries(catalog):
    # May 2025 holds 64 stories, each week fewer than 15: with the limit at 50 only the month is cut.
    plan = plan_site(catalog.published(), catalog.registry, replace(DEFAULTS, digest_summaries_up_to=50))
    views = {p.url: p.view for p in plan.listing_pages if p.template == "kd/digest.html"}
    assert views["buletin/2025/05/"].show_summaries is False
    weeks = [v for url, v in views.items() if "/minggu-" in url]
    assert weeks and all(v.show_summaries for v in weeks)


def test_page_sizes_follow_the_settings(catalog):
    """page_size, home_latest, home_digests and polsek_recent come from the site's settings."""
    settings = replace(DEFAULTS, page_size=4, home_latest=3, home_digests=1, polsek_recent=2, listing_pages=1000)
    pages = {p.src_uri: p for p in plan_site(catalog.published(), catalog.registry, settings).listing_pages}
    total = len(catalog.published())
    stories = [p for uri, p in pages.items() if uri == "berita/index.md" or uri.startswith("berita/halaman/")]
    assert len(stories) == -(-total // 4)
    assert not any(p.view.listing.older for p in stories)
    assert all(len(p.view.listing.stories) <= 4 for p in stories)
    home = pages["index.md"].view
    assert len(home.latest) == 3 and len(home.digests) == 1
    assert all(len(p.view.recent) <= 2 for uri, p in pages.items() if p.template == "kd/polsek.html")


def test_lists_stop_after_listing_pages_and_count_the_older_stories(catalog):
    """A list shows at most listing_pages pages; its last page counts the stories left to the buletin."""
    total = len(catalog.published())
    settings = replace(DEFAULTS, page_size=4, listing_pages=3)
    assert total > 12
    pages = {p.src_uri: p for p in plan_site(catalog.published(), catalog.registry, settings).listing_pages}
    stories = [p for uri, p in pages.items() if uri == "berita/index.md" or uri.startswith("berita/halaman/")]
    assert [p.url for p in stories] == ["berita/", "berita/halaman/2/", "berita/halaman/3/"]
    assert [len(p.view.listing.stories) for p in stories] == [4, 4, 4]
    assert [p.view.listing.older for p in stories] == [0, 0, total - 12]
    assert stories[-1].view.listing.pager.count == 3 and stories[-1].view.listing.pager.next_url is None
    listed = [s for p in stories for s in p.view.listing.stories]
    assert listed == catalog.published()[:12]  # the newest, in order
