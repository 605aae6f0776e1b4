"""Site and village feeds: RSS 2.0 and JSON Feed 1.1, parsed back and checked item by item."""

from __future__ import annotations

import calendar
import html
import json
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import feedparser
import pytest

from kabardesa.dates import WIB
from kabardesa.feeds import FeedInfo, absolute, json_feed, rss_feed
from kabardesa.outputs import OutputMemo, feed_outputs, write_output
from kabardesa.pages import plan_site
from kabardesa.settings import DEFAULTS, SiteIdentity

SITE_URL = "https://kabardesa.example.id/"
SITE_NAME = "Kabar Desa Polres Gresik"
NASTY_TITLE = 'Ronda <script>alert("x")</script> & \'kutip\' "ganda" ]]> selesai'
NASTY_SUMMARY = 'Ringkasan <script>alert(1)</script> & "kutip" ]]> <b>tebal</b>'


def _meta(valid_meta, **changes):
    meta = dict(valid_meta, **changes)
    return {k: v for k, v in meta.items() if v is not None}


@pytest.fixture
def small(project, valid_meta):
    """Four published stories (two villages, one Polres-wide) and one draft."""
    project.write("2025-05-23-pos-kamling.md", _meta(valid_meta, date="2025-05-23 19:30", summary="Ronda bergilir hidup lagi."))
    project.write("2025-05-20-dua-desa.md", _meta(valid_meta, title="Sambang Lowayu dan Sawo", date="2025-05-20 08:00",
                                                    village=["lowayu", "sawo"], category="sambang", summary="Dua desa dikunjungi."))
    project.write("2025-05-21-arahan.md", _meta(valid_meta, title="Arahan Kapolres", date="2025-05-21", village=None,
                                                 category="arahan-pimpinan", summary="Arahan untuk seluruh Bhabinkamtibmas."))
    project.write("2025-05-22-tebuwung.md", _meta(valid_meta, title="Sambang Tebuwung", date="2025-05-22 10:15", village="tebuwung",
                                                   officer="bripka-contoh-dua", category="sambang", summary="Warga Tebuwung disapa."))
    project.write("2025-05-24-draf.md", _meta(valid_meta, title="Draf Rahasia", date="2025-05-24", draft=True))
    catalog = project.catalog()
    assert [p for p in catalog.problems if p.severity != "advice"] == []  # advice: an officer outside their villages
    return catalog


def write_feeds(stories, registry, site, site_url, site_name, size=DEFAULTS.feed_size):
    """Every feed of the site, written at once."""
    identity = SiteIdentity(name=registry.polres_name, site_name=site_name, site_url=site_url)
    return [write_output(site, output) for output in feed_outputs(plan_site(stories, registry), registry, identity, size)]


def _write(catalog, tmp_path, size=DEFAULTS.feed_size):
    site = tmp_path / "site"
    written = write_feeds(catalog.published(), catalog.registry, site, SITE_URL, SITE_NAME, size)
    return site, written


def _parse(path):
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
    return parsed


def _url(story) -> str:
    return f"{SITE_URL}berita/{story.published:%Y/%m}/{story.slug}/"


# --- files written --------------------------------------------------------------------------


def test_writes_site_feeds_and_one_feed_per_village(small, tmp_path):
    site, written = _write(small, tmp_path)
    villages = small.registry.villages
    expected = {site / "feed.xml", site / "feed.json"} | {site / "desa" / slug / "feed.xml" for slug in villages}
    assert len(written) == len(villages) + 2
    assert set(written) == expected
    assert all(path.is_file() for path in expected)


def test_every_written_rss_feed_parses_without_bozo(small, tmp_path):
    site, written = _write(small, tmp_path)
    rss = [p for p in written if p.suffix == ".xml"]
    assert len(rss) == len(small.registry.villages) + 1
    for path in rss:
        parsed = _parse(path)
        assert parsed.version == "rss20", path


# --- site RSS feed --------------------------------------------------------------------------


def test_site_rss_items_newest_first_with_absolute_links_dates_and_summaries(small, tmp_path):
    site, _ = _write(small, tmp_path)
    parsed = _parse(site / "feed.xml")
    published = small.published()
    assert [s.slug for s in published] == ["pos-kamling", "tebuwung", "arahan", "dua-desa"]
    assert [e.title for e in parsed.entries] == [s.title for s in published]
    assert [e.link for e in parsed.entries] == [
        "https://kabardesa.example.id/berita/2025/05/pos-kamling/",
        "https://kabardesa.example.id/berita/2025/05/tebuwung/",
        "https://kabardesa.example.id/berita/2025/05/arahan/",
        "https://kabardesa.example.id/berita/2025/05/dua-desa/",
    ]
    assert [e.id for e in parsed.entries] == [e.link for e in parsed.entries]
    assert [e.summary for e in parsed.entries] == [
        "Ronda bergilir hidup lagi.", "Warga Tebuwung disapa.", "Arahan untuk seluruh Bhabinkamtibmas.", "Dua desa dikunjungi.",
    ]
    assert [e.published for e in parsed.entries] == [
        "Fri, 23 May 2025 19:30:00 +0700", "Thu, 22 May 2025 10:15:00 +0700",
        "Wed, 21 May 2025 00:00:00 +0700", "Tue, 20 May 2025 08:00:00 +0700",
    ]
    for entry, story in zip(parsed.entries, published):
        assert calendar.timegm(entry.published_parsed) == int(story.published.timestamp())
    assert [e.tags[0].term for e in parsed.entries] == ["Siskamling", "Sambang", "Arahan Pimpinan", "Sambang"]


def test_site_rss_leaves_out_drafts(small, tmp_path):
    site, _ = _write(small, tmp_path)
    data = (site / "feed.xml").read_text(encoding="utf-8")
    assert "Draf Rahasia" not in data
    assert "/draf/" not in data
    assert "Draf Rahasia" not in (site / "feed.json").read_text(encoding="utf-8")


def test_site_rss_channel(small, tmp_path):
    site, _ = _write(small, tmp_path)
    parsed = _parse(site / "feed.xml")
    assert parsed.feed.title == SITE_NAME
    assert parsed.feed.subtitle == "Kabar Bhabinkamtibmas Polres Gresik"
    assert parsed.feed.language == "id"
    root = ET.fromstring((site / "feed.xml").read_bytes())
    self_links = [el.get("href") for el in root.iter("{http://www.w3.org/2005/Atom}link") if el.get("rel") == "self"]
    assert self_links == ["https://kabardesa.example.id/feed.xml"]
    assert root.findtext("channel/lastBuildDate") == "Fri, 23 May 2025 19:30:00 +0700"


def test_site_rss_channel_link_is_the_home_page(small, tmp_path):
    site, _ = _write(small, tmp_path)
    root = ET.fromstring((site / "feed.xml").read_bytes())
    assert root.findtext("channel/link") == "https://kabardesa.example.id/"
    village = ET.fromstring((site / "desa" / "lowayu" / "feed.xml").read_bytes())
    assert village.findtext("channel/link") == "https://kabardesa.example.id/desa/lowayu/"


def test_feeds_hold_at_most_fifty_newest_of_sixty(project, valid_meta, tmp_path):
    start = datetime(2025, 5, 31, 21, 0, tzinfo=WIB)
    for n in range(60):
        moment = start - timedelta(hours=13 * n)
        project.write(f"{moment:%Y-%m-%d}-cerita-{n:02d}.md", _meta(valid_meta, title=f"Cerita nomor {n:02d}", date=f"{moment:%Y-%m-%d %H:%M}"),
                      folder=f"{moment:%Y/%m}")
    catalog = project.catalog()
    assert [p for p in catalog.problems if p.severity != "advice"] == []  # advice: an officer outside their villages
    assert len(catalog.published()) == 60
    site, _ = _write(catalog, tmp_path)
    expected_titles = [f"Cerita nomor {n:02d}" for n in range(50)]

    parsed = _parse(site / "feed.xml")
    assert DEFAULTS.feed_size == 50
    assert len(parsed.entries) == 50
    assert [e.title for e in parsed.entries] == expected_titles
    assert parsed.entries[-1].published == "Mon, 05 May 2025 08:00:00 +0700"  # 31 May 21.00 minus 49 × 13 h

    items = json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]
    assert [i["title"] for i in items] == expected_titles

    lowayu = _parse(site / "desa" / "lowayu" / "feed.xml")
    assert [e.title for e in lowayu.entries] == expected_titles

    # A site's feed_size setting decides the length of every feed.
    site, _ = _write(catalog, tmp_path / "kecil", size=7)
    assert [e.title for e in _parse(site / "feed.xml").entries] == expected_titles[:7]
    assert len(json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]) == 7
    assert len(_parse(site / "desa" / "lowayu" / "feed.xml").entries) == 7


# --- village feeds --------------------------------------------------------------------------


def test_village_feed_holds_only_that_villages_stories(small, tmp_path):
    site, _ = _write(small, tmp_path)
    feeds = {slug: _parse(site / "desa" / slug / "feed.xml") for slug in ("lowayu", "sawo", "tebuwung", "bangeran")}
    assert [e.link for e in feeds["lowayu"].entries] == [
        "https://kabardesa.example.id/berita/2025/05/pos-kamling/",
        "https://kabardesa.example.id/berita/2025/05/dua-desa/",
    ]
    assert [e.link for e in feeds["sawo"].entries] == ["https://kabardesa.example.id/berita/2025/05/dua-desa/"]
    assert [e.link for e in feeds["tebuwung"].entries] == ["https://kabardesa.example.id/berita/2025/05/tebuwung/"]
    assert feeds["bangeran"].entries == []
    assert feeds["lowayu"].feed.title == f"Kabar Desa Lowayu — {SITE_NAME}"
    assert feeds["lowayu"].feed.subtitle == "Cerita Bhabinkamtibmas dari Desa Lowayu, Kecamatan Dukun"
    root = ET.fromstring((site / "desa" / "sawo" / "feed.xml").read_bytes())
    self_links = [el.get("href") for el in root.iter("{http://www.w3.org/2005/Atom}link") if el.get("rel") == "self"]
    assert self_links == ["https://kabardesa.example.id/desa/sawo/feed.xml"]


def test_polres_wide_story_is_in_no_village_feed(small, tmp_path):
    site, _ = _write(small, tmp_path)
    holders = [p.parent.name for p in (site / "desa").glob("*/feed.xml") if b"/berita/2025/05/arahan/" in p.read_bytes()]
    assert holders == []
    assert b"/berita/2025/05/arahan/" in (site / "feed.xml").read_bytes()


# --- JSON Feed ------------------------------------------------------------------------------


def test_json_feed_1_1(small, tmp_path):
    site, _ = _write(small, tmp_path)
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == SITE_NAME
    assert feed["home_page_url"] == "https://kabardesa.example.id/"
    assert feed["feed_url"] == "https://kabardesa.example.id/feed.json"
    assert feed["language"] == "id"
    items = feed["items"]
    assert [i["id"] for i in items] == [_url(s) for s in small.published()]
    assert [i["url"] for i in items] == [i["id"] for i in items]
    assert [i["title"] for i in items] == ["Pos Kamling Lowayu Kembali Ramai", "Sambang Tebuwung", "Arahan Kapolres", "Sambang Lowayu dan Sawo"]
    assert [i["date_published"] for i in items] == [
        "2025-05-23T19:30:00+07:00", "2025-05-22T10:15:00+07:00", "2025-05-21T00:00:00+07:00", "2025-05-20T08:00:00+07:00",
    ]
    for item, story in zip(items, small.published()):
        assert datetime.fromisoformat(item["date_published"]) == story.published
    assert items[0]["summary"] == "Ronda bergilir hidup lagi."
    assert items[0]["tags"] == ["Siskamling", "ronda", "pos-kamling"]
    assert items[0]["authors"] == [{"name": "Aipda Bagus Contoh"}]
    assert items[1]["authors"] == [{"name": "Bripka Dewi Contoh"}]


# --- escaping -------------------------------------------------------------------------------


@pytest.fixture
def nasty(project, valid_meta):
    project.write("2025-05-23-nakal.md", _meta(valid_meta, title=NASTY_TITLE, summary=NASTY_SUMMARY))
    catalog = project.catalog()
    assert [p for p in catalog.problems if p.severity != "advice"] == []  # advice: an officer outside their villages
    assert catalog.published()[0].title == NASTY_TITLE
    return catalog


@pytest.mark.parametrize("feed", ["feed.xml", "desa/lowayu/feed.xml"])
def test_front_matter_text_is_escaped_in_rss(nasty, tmp_path, feed):
    site, _ = _write(nasty, tmp_path)
    data = (site / feed).read_bytes()
    assert b"<script" not in data
    root = ET.fromstring(data)  # well-formed despite <, &, quotes and ]]>
    items = root.findall("channel/item")
    assert len(items) == 1
    assert items[0].findtext("title") == NASTY_TITLE
    # <description> is read as HTML: the plain-text summary arrives HTML-escaped, and shows as written
    assert items[0].findtext("description") == html.escape(NASTY_SUMMARY)
    assert items[0].findtext("link") == "https://kabardesa.example.id/berita/2025/05/nakal/"
    entry = _parse(site / feed).entries[0]
    assert html.unescape(entry.summary) == NASTY_SUMMARY
    assert "<script" not in entry.summary


def test_front_matter_text_round_trips_through_json_feed(nasty, tmp_path):
    site, _ = _write(nasty, tmp_path)
    item = json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"][0]
    assert item["title"] == NASTY_TITLE
    assert item["summary"] == NASTY_SUMMARY
    assert item["content_text"] == NASTY_SUMMARY


def test_site_name_is_escaped_in_channel(small, tmp_path):
    site = tmp_path / "site"
    write_feeds(small.published(), small.registry, site, SITE_URL, 'Kabar <b>"Desa"</b> & ]]>')
    root = ET.fromstring((site / "feed.xml").read_bytes())
    assert root.findtext("channel/title") == 'Kabar <b>"Desa"</b> & ]]>'
    assert json.loads((site / "feed.json").read_text(encoding="utf-8"))["title"] == 'Kabar <b>"Desa"</b> & ]]>'


# --- helpers --------------------------------------------------------------------------------


@pytest.mark.parametrize(("site_url", "path", "expected"), [
    ("https://a.id/", "berita/2025/05/x/", "https://a.id/berita/2025/05/x/"),
    ("https://a.id", "berita/2025/05/x/", "https://a.id/berita/2025/05/x/"),
    ("https://a.id/sub/", "/feed.xml", "https://a.id/sub/feed.xml"),
    ("https://a.id/", "", "https://a.id/"),
])
def test_absolute(site_url, path, expected):
    assert absolute(site_url, path) == expected


def test_empty_feeds_are_valid(project, tmp_path):
    catalog = project.catalog()
    site, _ = _write(catalog, tmp_path)
    assert _parse(site / "feed.xml").entries == []
    assert json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"] == []
    info = FeedInfo("t", "d", SITE_URL, SITE_URL + "feed.xml")
    assert json.loads(json_feed([], info, SITE_URL))["items"] == []
    assert ET.fromstring(rss_feed([], info, SITE_URL)).findall("channel/item") == []


def test_output_memo_skips_unchanged_outputs_and_rewrites_changed_ones(tmp_path):
    memo = OutputMemo()
    path = tmp_path / "desa" / "x" / "feed.xml"
    assert memo.is_fresh(path, ("a", 1)) is False  # never written
    path.parent.mkdir(parents=True)
    path.write_text("isi")
    assert memo.is_fresh(path, ("a", 1)) is True
    assert memo.is_fresh(path, ("a", 2)) is False  # inputs changed
    path.unlink()
    assert memo.is_fresh(path, ("a", 2)) is False  # file gone
