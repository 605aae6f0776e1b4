"""The site as a resident meets it on a 360×740 phone in Chromium: a front page with the news in
the first screen, no zero counts, pages that can be shared and called from, a print sheet per
Polsek on at most two A4 pages, an Indonesian 404 page.
"""

from __future__ import annotations

import io
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from PIL import Image

from browser_support import (
    PHONE,
    build_sample_site,
    launch_chromium,
    require_chromium,
    review_pages,
    serve_like_pages,
)

pytestmark = pytest.mark.browser

SHARE_SIZE = (1200, 630)
SHARE_MAX_BYTES = 300_000
A4_PAGES_AT_MOST = 2
ZERO = re.compile(r"\(\s*0\s*\)|\b0\s+(cerita|–)")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_chromium()
    return build_sample_site(tmp_path_factory)


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve_like_pages(site) as url:
        yield url


@pytest.fixture(scope="module")
def phone(base_url: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        context = browser.new_context(viewport=PHONE, service_workers="block")
        context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"), lambda route: route.abort())
        try:
            yield context.new_page()
        finally:
            browser.close()


def quiet_village(site: Path) -> str:
    """A village page with no story of its own (most of Gresik's 356)."""
    for page in sorted((site / "desa").glob("*/index.html")):
        if "Kabar terbaru di" in page.read_text(encoding="utf-8"):
            return f"/desa/{page.parent.name}/"
    raise AssertionError("tidak ada desa tanpa cerita di situs contoh")


def public_pages(site: Path) -> dict[str, str]:
    pages = dict(review_pages(site))
    pages.update({"desa tanpa cerita": quiet_village(site), "daftar desa": "/desa/", "daftar Polsek": "/polsek/",
                  "Polsek": "/polsek/dukun/", "petugas": "/petugas/", "kegiatan": "/kegiatan/"})
    return pages


def visible_text(page: Any) -> str:
    return page.evaluate("document.querySelector('.md-content').innerText")


def test_first_headline_is_in_the_first_screen(phone: Any, base_url: str) -> None:
    phone.goto(base_url + "/")
    headline = phone.locator(".kd-lead__title a")
    assert headline.count() == 1, "beranda tanpa berita utama"
    box = headline.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], f"judul berita utama di {box}, di luar layar pertama"
    assert headline.get_attribute("href"), "judul tanpa tautan"
    picture = phone.locator(".kd-lead img")
    assert picture.get_attribute("loading") != "lazy", "gambar pertama dan terbesar tidak boleh lazy"


def test_no_sideways_scrolling_and_no_zero_counts(phone: Any, base_url: str, site: Path) -> None:
    problems = []
    for label, path in public_pages(site).items():
        phone.goto(base_url + path)
        if path.startswith("/cari/"):
            phone.wait_for_selector(".pagefind-ui__result", timeout=10_000)
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{label} ({path}): lebar {width} px")
        zero = ZERO.search(visible_text(phone))
        if zero:
            problems.append(f"{label} ({path}): hitungan nol '{zero.group(0)}'")
    assert not problems, "\n".join(problems)


def test_a_quiet_village_shows_its_officer_and_nearby_news(phone: Any, base_url: str, site: Path) -> None:
    phone.goto(base_url + quiet_village(site))
    text = visible_text(phone)
    assert "Kenali Bhabinkamtibmas Anda" in text or "Hubungi polisi" in text
    assert phone.locator(".kd-list .kd-item").count() > 0, "desa tanpa cerita tidak menampilkan kabar di sekitarnya"
    assert phone.locator('a[href="tel:110"]').count() >= 1
    polsek_call = phone.locator('.kd-call a[href^="tel:+62"]')
    assert polsek_call.count() == 1, "tombol telepon Polsek tidak ada"
    assert polsek_call.bounding_box()["height"] >= 44


def test_internal_notes_and_the_guide_stay_out_of_public_pages(site: Path, phone: Any, base_url: str) -> None:
    for page in site.rglob("*.html"):
        if "panduan" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        assert "masih asumsi" not in text and "attested" not in text, page
    phone.goto(base_url + "/")
    nav = phone.evaluate("[...document.querySelectorAll('.md-nav a, .md-tabs a')].map(a => a.textContent.trim())")
    assert not any("Panduan" in item for item in nav), nav
    assert phone.locator(".md-footer a", has_text="Panduan petugas").count() == 1


def test_village_finder_types_ahead(phone: Any, base_url: str) -> None:
    phone.goto(base_url + "/")
    phone.fill("#kd-finder-q", "lowa")
    phone.wait_for_selector(".kd-finder__results a", timeout=5_000)
    assert phone.locator(".kd-finder__results a").first.text_content() == "Desa Lowayu"
    phone.press("#kd-finder-q", "Enter")
    phone.wait_for_url(re.compile(r"/desa/lowayu/$"))


def test_village_finder_without_script_is_a_link(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<div id="kd-finder"[^>]*\bhidden\b', html), "kotak cari desa harus tersembunyi tanpa JavaScript"
    assert 'href="desa/"' in html


def test_search_filters_are_one_plain_control(phone: Any, base_url: str) -> None:
    phone.goto(base_url + "/cari/?q=ronda")
    phone.wait_for_selector(".pagefind-ui__result", timeout=10_000)
    saring = phone.locator("button.kd-saring")
    assert saring.count() == 1 and saring.text_content().startswith("Saring")
    first = phone.locator(".pagefind-ui__result").first.bounding_box()
    assert first["y"] < PHONE["height"], f"hasil pertama di {first['y']:.0f} px, di luar layar pertama"
    saring.click()
    phone.wait_for_selector(".pagefind-ui__filter-panel details", timeout=5_000)
    style = phone.evaluate("""() => { const d = document.querySelector('.pagefind-ui__filter-panel details');
        const s = getComputedStyle(d); return [s.boxShadow, s.borderLeftWidth, s.borderLeftColor]; }""")
    assert style[0] == "none", f"filter bergaya admonition Material (bayangan {style[0]})"
    assert style[2] != "rgb(68, 138, 255)", f"filter bergaya admonition Material (garis biru {style})"
    values = phone.locator(".pagefind-ui__filter-label").all_text_contents()
    assert values and not any(re.search(r"\(0\)", v) for v in values), values
    excerpt = phone.locator(".pagefind-ui__result-excerpt").first.text_content()
    assert not re.search(r"[a-z][A-Z]", excerpt.replace("Bhabinkamtibmas", "")), f"label filter masuk ke cuplikan: {excerpt!r}"


LAYOUT_SHIFTS = """window.__kdShift = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__kdShift += e.value; })
  .observe({type: 'layout-shift', buffered: true});"""


@pytest.mark.parametrize("path", ["/cari/", "/cari/?q=ronda"])
def test_search_results_arriving_move_nothing_the_reader_sees(phone: Any, base_url: str, path: str) -> None:
    """Results, the Saring button and 'more results' arrive after the page: they must not push what is on screen."""
    page = phone.context.new_page()
    try:
        page.add_init_script(LAYOUT_SHIFTS)
        page.goto(base_url + path)
        if "q=" in path:
            page.wait_for_selector(".pagefind-ui__result-title", timeout=10_000)
            page.wait_for_selector("button.kd-saring", timeout=10_000)
        page.wait_for_timeout(500)
        shift = page.evaluate("window.__kdShift")
        assert shift < 0.01, f"tata letak bergeser {shift:.3f} (Lighthouse: baik di bawah 0,1)"
    finally:
        page.close()


def test_each_story_has_a_share_image(phone: Any, base_url: str, site: Path) -> None:
    pages = review_pages(site)
    for path in (pages["berita"], "/berita/2026/08/arahan-kapolres-bhabinkamtibmas/"):
        phone.goto(base_url + path)
        image = phone.get_attribute('meta[property="og:image"]', "content")
        assert image and image.endswith("/bagikan.jpg"), image
        data = (site / urlsplit(image).path.lstrip("/")).read_bytes()
        assert len(data) < SHARE_MAX_BYTES, f"{image}: {len(data)} bita"
        with Image.open(io.BytesIO(data)) as picture:
            assert (picture.format, picture.size) == ("JPEG", SHARE_SIZE)
            assert not picture.getexif()
        whatsapp = phone.locator("a.kd-share__wa")
        assert whatsapp.count() == 2 and all(box["height"] >= 44 for box in
                                              whatsapp.evaluate_all("els => els.map(e => e.getBoundingClientRect().toJSON())"))


@pytest.mark.parametrize("path", ["/desa/lowayu/", "/buletin/2026/10/"])
def test_village_pages_and_buletin_can_be_shared(phone: Any, base_url: str, path: str) -> None:
    phone.goto(base_url + path)
    whatsapp = phone.locator("a.kd-share__wa")
    assert whatsapp.count() >= 1
    href = whatsapp.first.get_attribute("href")
    assert href.startswith("https://wa.me/?text=") and path.strip("/").replace("/", "%2F") in href


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def test_polsek_print_sheet_fits_two_a4_pages(phone: Any, base_url: str, site: Path) -> None:
    sheets = sorted((site / "buletin").glob("[0-9]*/[0-9][0-9]/*/index.html"))
    assert sheets, "tidak ada lembar cetak Polsek"
    busiest = max(sheets, key=lambda p: p.read_text(encoding="utf-8").count('class="kd-sheet__item"'))
    path = "/" + busiest.parent.relative_to(site).as_posix() + "/"
    phone.goto(base_url + path)
    assert phone.locator(".kd-qr svg").count() == 1, "lembar cetak tanpa kode QR"
    phone.emulate_media(media="print")
    pdf = phone.pdf(format="A4", print_background=True)
    count = pdf_pages(pdf)
    assert 1 <= count <= A4_PAGES_AT_MOST, f"{path}: {count} halaman A4"
    phone.emulate_media(media="screen")


def test_missing_page_answers_in_indonesian(phone: Any, base_url: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(base_url + "/desa/tidak-ada-desa-ini/")
    assert missing.value.code == 404
    response = phone.goto(base_url + "/berita/2099/01/tidak-ada/")
    assert response.status == 404
    assert phone.locator("h1").text_content() == "Halaman tidak ditemukan"
    assert phone.locator("form.kd-notfound-search input[name=q]").count() == 1
    home = phone.locator(".kd-notfound-links a", has_text="Kembali ke beranda")
    home.click()
    phone.wait_for_selector(".kd-lead")
