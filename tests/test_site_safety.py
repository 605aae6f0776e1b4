"""Integration: text from front-matter and story bodies is inert wherever it lands.

Stories carry script, event-handler, iframe and ``javascript:`` payloads in every
field an officer can fill; after a real build every HTML, XML and JSON file in
site/ is parsed and searched for anything a browser or a feed reader would run.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import lxml.etree
import lxml.html
import pytest
from PIL import Image

from sitebuild import Corpus, SiteProject, load_page, officers, categories, site_files

pytestmark = pytest.mark.build

OFF = officers()
CATS = [c["slug"] for c in categories()]

TITLE = '<script>alert("xss-title")</script><img src=x onerror=alert(1)> Ronda & "Aman"'
PAYLOADS = [
    '<script>alert("xss-body")</script>',
    "<img src=x onerror=alert(1)>",
    '<iframe src="javascript:alert(2)"></iframe>',
    "[klik](javascript:alert(3))",
    '<a href="javascript:alert(4)">tautan</a>',
    '<div onclick="alert(5)">klik saya</div>',
    '<a href=" JaVaScRiPt:alert(6)">spasi</a>',
    "<svg onload=alert(7)></svg>",
    '<object data="javascript:alert(8)"></object>',
    "[gambar](javascript&#58;alert(9))",
]
BODY = (
    "Paragraf pertama " + PAYLOADS[0] + " " + PAYLOADS[1] + ".\n\n"
    + "\n\n".join(PAYLOADS[2:])
    + '\n\n<details open ontoggle="alert(10)"><summary>x</summary>y</details>\n\n'
    + "![foto](javascript:alert(11))\n\nParagraf terakhir.\n"
)


def _meta(officer: int, **extra: Any) -> dict[str, Any]:
    o = OFF[officer]
    return {"title": TITLE, "date": "2025-05-23 19:30", "village": o["villages"][0], "officer": o["id"],
            "category": CATS[officer % len(CATS)], **extra}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = SiteProject(tmp_path_factory.mktemp("aman") / "proyek")
    folder = project.root / "stories" / "2025" / "05"
    folder.mkdir(parents=True)
    Image.new("RGB", (640, 400), (120, 90, 60)).save(folder / "foto-uji.jpg", "JPEG")
    corpus = Corpus()
    # Every officer-written field carries a payload.
    corpus.add("cerita-berbahaya", body=BODY, day=date(2025, 5, 23), **_meta(
        0,
        summary='<img src=x onerror=alert(1)> Ringkasan <a href="javascript:alert(4)">x</a> <script>alert("xss-summary")</script>',
        tags=['<iframe src="javascript:alert(2)">', '<script>alert("xss-tag")</script>', "ronda"],
        image="foto-uji.jpg",
        image_alt='"><script>alert("xss-alt")</script><img src=x onerror=alert(1) alt="',
        image_caption='<script>alert("xss-caption")</script><div onclick="alert(5)">keterangan</div>',
    ))
    # No summary: the first paragraph (with its payloads) becomes the summary.
    corpus.add("ringkasan-otomatis", body=BODY, day=date(2025, 5, 24),
               **_meta(1, title='Kedua <iframe src="javascript:alert(2)"></iframe>', date="2025-05-24 08:00"))
    # Polres-wide, so the payload also reaches /polres/ and the digest's top group.
    corpus.add("arahan-berbahaya", body=BODY, day=date(2025, 5, 25),
               **{k: v for k, v in _meta(2, date="2025-05-25").items() if k != "village"})
    corpus.write(project)
    result = project.build()
    assert result.ok, result.output
    return result.site


# -- scanning ---------------------------------------------------------------------------


def _dangers(root: Any, where: str) -> list[str]:
    """What a browser would run in an lxml.html tree."""
    found = []
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.rsplit("}", 1)[-1].lower()
        if tag == "script":
            text = (el.text or "") + " " + (el.get("src") or "")
            if re.search(r"alert|xss", text, re.I):
                found.append(f"{where}: <script> {text.strip()[:80]!r}")
        if tag == "iframe":
            found.append(f"{where}: <iframe>")
        for name, value in el.attrib.items():
            name = name.lower()
            if name.startswith("on") and "alert" in value.lower():
                found.append(f"{where}: <{tag} {name}={value[:60]!r}>")
            if name in ("href", "src", "action", "formaction", "data", "xlink:href", "poster") or name.endswith("}href"):
                compact = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                if compact.startswith("javascript:"):
                    found.append(f"{where}: <{tag} {name}={value[:60]!r}>")
    return found


def _scan_html_text(text: str, where: str) -> list[str]:
    if not text.strip():
        return []
    try:
        root = lxml.html.fromstring(text)
    except (lxml.etree.ParserError, ValueError):
        return []
    return _dangers(root, where)


# RSS/Atom elements whose text a feed reader renders as HTML.
HTML_BEARING_XML = {"description", "encoded", "content", "summary", "subtitle"}


def _scan_xml(path: Path, where: str) -> list[str]:
    return _scan_xml_bytes(path.read_bytes(), where)


def _scan_xml_bytes(data: bytes, where: str) -> list[str]:
    found = _scan_html_text(data.decode("utf-8", "replace"), where)
    try:
        tree = lxml.etree.fromstring(data, lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    except lxml.etree.XMLSyntaxError:
        return found
    if tree is None:
        return found
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        local = el.tag.rsplit("}", 1)[-1]
        for name, value in el.attrib.items():
            if name.rsplit("}", 1)[-1] == "href" and re.sub(r"\s", "", value).lower().startswith("javascript:"):
                found.append(f"{where}: <{local} href={value[:60]!r}>")
        if local in HTML_BEARING_XML and el.text:
            found += _scan_html_text(el.text, f"{where} <{local}> as HTML")
    return found


def _json_strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _json_strings(v, str(k))
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v, key)
    elif isinstance(value, str):
        yield key, value


URL_KEYS = ("url", "external_url", "image", "banner_image", "home_page_url", "feed_url", "href", "src")


def _scan_json_value(data: Any, where: str, html_keys: tuple[str, ...] = ()) -> list[str]:
    """Fields a consumer inserts as HTML must be clean; URL fields must not be ``javascript:``.

    JSON Feed's ``title``, ``summary`` and ``content_text`` are plain text by the
    spec (only ``content_html`` is HTML), so front-matter text may stand there as
    written; a reader shows it as text.
    """
    found = []
    for key, text in _json_strings(data):
        if key.endswith("_html") or key in html_keys:
            found += _scan_html_text(text, f"{where} [{key}] as HTML")
        if key in URL_KEYS:
            if re.sub(r"\s", "", text).lower().startswith("javascript:"):
                found.append(f"{where} [{key}]={text[:60]!r}")
    return found


def _pagefind_json(path: Path) -> Any:
    """A Pagefind fragment: gzip, the ``pagefind_dcd`` signature, then JSON."""
    raw = path.read_bytes()
    try:
        raw = gzip.decompress(raw)
    except (OSError, zlib.error):
        return None
    start = raw.find(b"{")
    if start < 0:
        return None
    try:
        return json.loads(raw[start:].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


@pytest.fixture(scope="module")
def findings(built) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"html": [], "xml": [], "json": [], "pagefind": []}
    for path in site_files(built, (".html", ".htm")):
        found["html"] += _scan_html_text(path.read_text(encoding="utf-8"), path.relative_to(built).as_posix())
    for path in site_files(built, (".xml",)):
        found["xml"] += _scan_xml(path, path.relative_to(built).as_posix())
    for path in site_files(built, (".json",)):
        where = path.relative_to(built).as_posix()
        text = path.read_text(encoding="utf-8")
        found["json"] += _scan_json_value(json.loads(text), where)
    fragments = list(site_files(built, (".pf_fragment",)))
    assert fragments, "no Pagefind fragments to scan"
    for path in fragments:
        data = _pagefind_json(path)
        assert data is not None, path
        # Pagefind escapes ``content`` before building excerpts and sets titles as
        # text, but its UI inserts filter names and values with innerHTML.
        filters = [f"{k}={v}" for k, values in (data.get("filters") or {}).items() for v in values]
        found["pagefind"] += _scan_json_value({"filters_html": filters, "url": data.get("url", ""),
                                               "image": (data.get("meta") or {}).get("image", "")},
                                              path.relative_to(built).as_posix())
    return found


def test_scan_saw_the_payloads(built):
    """Guard against a vacuous pass: the payload text reached the site as text."""
    page = load_page(built, "/berita/2025/05/cerita-berbahaya/")
    assert page.file.is_file()
    assert "xss-body" in page.text() or "alert" in page.text() or "klik saya" in page.text()
    assert list(site_files(built, (".xml",))) and list(site_files(built, (".json",)))


@pytest.mark.parametrize("kind", ["html", "xml", "json", "pagefind"])
def test_nothing_executable_from_front_matter_or_body(findings, kind):
    assert not findings[kind], "\n".join(findings[kind][:20])


def test_whatsapp_text_shows_titles_as_plain_text(built):
    """WhatsApp digests are plain text (not parsed as markup): the title stands as written, not entity-escaped."""
    texts = [path for path in site_files(built, (".txt",)) if path.name == "whatsapp.txt"]  # not the web form's licence
    assert texts
    weekly = (built / "buletin/2025/minggu-21/whatsapp.txt").read_text(encoding="utf-8")
    assert TITLE in weekly
    for path in texts:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"&(lt|gt|amp|quot|#\d+);", text), path
        for url in re.findall(r"\S+://\S+", text):
            assert url.startswith(("https://", "http://")), (path, url)


def test_scanner_finds_what_it_looks_for():
    """The scanner itself, on markup that must be caught (so a clean site is not a vacuous pass)."""
    bad = ('<p><script>alert(1)</script><img src=x onerror="alert(1)"><iframe src="a"></iframe>'
           '<a href=" JaVa\tScript:alert(1)">x</a><svg><a xlink:href="javascript:alert(1)">y</a></svg></p>')
    found = " ".join(_scan_html_text(bad, "t"))
    for needle in ("<script>", "onerror", "<iframe>", "href=", "xlink"):
        assert needle in found, (needle, found)
    assert not _scan_html_text("<p>&lt;script&gt;alert(1)&lt;/script&gt; <a href='https://x/'>ok</a></p>", "t")
    rss = b"<rss><channel><item><title>a &lt;b&gt;</title><description>&lt;img src=x onerror=alert(1)&gt;</description></item></channel></rss>"
    assert _scan_xml_bytes(rss, "t")
    assert not _scan_xml_bytes(rss.replace(b"&lt;img", b"&amp;lt;img").replace(b"&gt;</d", b"&amp;gt;</d"), "t")


def test_title_is_visible_text_in_the_story_h1(built):
    page = load_page(built, "/berita/2025/05/cerita-berbahaya/")
    h1 = page.content.xpath(".//h1")
    assert h1 and h1[0].text_content().strip() == TITLE
    assert not h1[0].xpath(".//script | .//img")
    raw = page.file.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(" in raw
    assert page.tree.findtext(".//title").startswith(TITLE)


def test_tags_and_caption_are_visible_text(built):
    page = load_page(built, "/berita/2025/05/cerita-berbahaya/")
    text = page.text()
    assert '<script>alert("xss-tag")</script>' in text
    assert '<script>alert("xss-caption")</script>' in text
    figure_imgs = page.content.xpath(".//figure//img")
    assert figure_imgs and figure_imgs[0].get("alt") == '"><script>alert("xss-alt")</script><img src=x onerror=alert(1) alt="'


def test_payloads_are_escaped_on_listing_pages(built):
    for url in ("/berita/", "/polres/", "/buletin/2025/minggu-21/", f"/desa/{OFF[0]['villages'][0]}/", "/"):
        page = load_page(built, url)
        assert TITLE in page.text(), url
        assert not page.content.xpath(".//script | .//iframe"), url
