"""kabardesa/urls.py against DESIGN.md's URL table, with and without ``use_directory_urls``."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from mkdocs.structure.files import File

from kabardesa import urls
from kabardesa.digests import Period
from kabardesa.model import Story
from kabardesa.pages import paginate
from kabardesa.registry import Category, Officer, Polsek, Village
from kabardesa.views import SitePage

WIB = ZoneInfo("Asia/Jakarta")
VILLAGE = Village("35.25.01.2007", "Lowayu", "desa", "Dukun", "lowayu")
POLSEK = Polsek("polsek-dukun", "Polsek Dukun", ("Dukun",))
OFFICER = Officer("aipda-contoh-satu", "Aipda", "Contoh Satu", "081200000000", ("lowayu",))
CATEGORY = Category("siskamling", "Siskamling", "Sistem keamanan lingkungan")


def _story(when: datetime, slug: str = "pos-kamling-lowayu") -> Story:
    return Story(path=Path("/x.md"), rel_path="x.md", slug=slug, title="Judul", published=when, villages=(VILLAGE,),
                 polsek=(POLSEK,), officer=OFFICER, category=CATEGORY, tags=(), summary="", body="", body_line=1)


@pytest.fixture(params=[True, False], ids=["directory-urls", "flat-urls"])
def directory(request):
    """Each test runs under both schemes; the module's default is restored after."""
    before = urls.scheme()
    urls.set_scheme(urls.UrlScheme(request.param))
    yield request.param
    urls.set_scheme(before)


def _expect(directory: bool, path: str) -> str:
    """DESIGN.md writes ``/x/``: ``x/`` with directory URLs, ``x.html`` without (``x/index.html`` for an index page)."""
    return path.lstrip("/") if directory else path.strip("/") + ".html"


def test_story_url(directory):
    story = _story(datetime(2025, 5, 23, 19, 30, tzinfo=WIB))
    assert story.src_uri == "berita/2025/05/pos-kamling-lowayu.md"
    assert story.url == _expect(directory, "/berita/2025/05/pos-kamling-lowayu/")


def test_registry_urls(directory):
    assert (VILLAGE.src_uri, VILLAGE.url) == ("desa/lowayu.md", _expect(directory, "/desa/lowayu/"))
    assert (POLSEK.src_uri, POLSEK.url) == ("polsek/polsek-dukun.md", _expect(directory, "/polsek/polsek-dukun/"))
    assert OFFICER.url == _expect(directory, "/petugas/aipda-contoh-satu/")
    assert CATEGORY.url == _expect(directory, "/kegiatan/siskamling/")


def test_digest_urls(directory):
    assert Period("month", 2025, 5).url == _expect(directory, "/buletin/2025/05/")
    assert Period("week", 2025, 21).url == _expect(directory, "/buletin/2025/minggu-21/")


def test_the_last_day_of_2026_is_in_iso_week_53(directory):
    story = _story(datetime(2026, 12, 31, 9, 0, tzinfo=WIB))
    week = Period("week", *story.iso_week)
    assert (week.src_uri, week.url) == ("buletin/2026/minggu-53.md", _expect(directory, "/buletin/2026/minggu-53/"))
    assert Period("week", *date(2027, 1, 4).isocalendar()[:2]).url == _expect(directory, "/buletin/2027/minggu-01/")


def test_index_pages(directory):
    links = urls.SITE_LINKS
    assert links.home == ("./" if directory else "index.html")
    folder = "" if directory else "index.html"
    assert (links.stories, links.villages, links.polsek, links.officers, links.categories, links.digests) == tuple(
        f"{section}/{folder}" for section in ("berita", "desa", "polsek", "petugas", "kegiatan", "buletin"))
    assert links.polres == _expect(directory, "/polres/")
    assert links.search == _expect(directory, "/cari/")


def test_files_beside_pages_keep_their_path_in_both_modes(directory):
    """Feeds, WhatsApp texts and photo variants are files, not pages: the same path whatever the flag."""
    assert (urls.SITE_LINKS.feed_rss, urls.SITE_LINKS.feed_json) == ("feed.xml", "feed.json")
    assert VILLAGE.feed_url == "desa/lowayu/feed.xml"
    assert Period("month", 2025, 5).whatsapp_url == "buletin/2025/05/whatsapp.txt"
    assert Period("week", 2026, 53).whatsapp_url == "buletin/2026/minggu-53/whatsapp.txt"
    assert _story(datetime(2025, 5, 23, tzinfo=WIB)).photo_base == "berita/2025/05/pos-kamling-lowayu/foto"


def test_pagination(directory):
    pages = paginate(VILLAGE.src_uri, list(range(61)), 30)
    assert [uri for uri, _ in pages] == ["desa/lowayu.md", "desa/lowayu/halaman/2.md", "desa/lowayu/halaman/3.md"]
    expected = ("desa/lowayu/", "desa/lowayu/halaman/2/", "desa/lowayu/halaman/3/") if directory else (
        "desa/lowayu.html", "desa/lowayu/halaman/2.html", "desa/lowayu/halaman/3.html")
    assert pages[0][1].pager.urls == expected
    assert paginate(urls.stories_uri(), list(range(31)), 30)[1][1].pager.urls == (
        ("berita/", "berita/halaman/2/") if directory else ("berita/index.html", "berita/halaman/2.html"))


@pytest.mark.parametrize("src_uri", [
    "index.md", "berita/index.md", "desa/lowayu.md", "desa/lowayu/halaman/2.md", "polres.md", "buletin/2026/minggu-53.md",
    "berita/2025/05/pos-kamling-lowayu.md", "desa/ujung pangkah.md", "panduan/index.md", "feed.xml", "assets/og-default.png",
])
def test_scheme_is_mkdocs_file_rule(src_uri, directory):
    """The URL every link uses is the one MkDocs gives the File (the adapter checks the same at build time)."""
    file = File(src_uri, "/docs", "/site", directory)
    scheme = urls.UrlScheme(directory)
    assert (scheme.dest_uri(src_uri), scheme.url(src_uri)) == (file.dest_uri, file.url)
    assert SitePage(src_uri, "", "", None).url == file.url


def test_adapter_refuses_a_page_whose_mkdocs_url_differs(directory):
    """A File built under the other flag (say, a future engine's rule) is a bug named in Indonesian, not a broken site."""
    from mkdocs.exceptions import PluginError

    from kabardesa.mkdocs_adapter import _checked

    page = SitePage(VILLAGE.src_uri, "", "", None)
    assert _checked(File(page.src_uri, "/docs", "/site", directory), page).url == page.url
    with pytest.raises(PluginError, match=r"desa/lowayu\.md beralamat .* menurut MkDocs.*tautan ke halaman ini akan putus"):
        _checked(File(page.src_uri, "/docs", "/site", not directory), page)
