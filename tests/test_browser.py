"""Browser tests: the real sample site, built once with ``mkdocs build --strict``,
served on 127.0.0.1 and read in Debian's Chromium through Playwright.

What a resident on a cheap phone meets: no sideways scrolling at 360 px, a search
that understands Indonesian word forms, share links and previews that work, a
digest that prints cleanly, no serious accessibility faults, no third-party
requests, and a story page light enough for slow mobile data.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import parse_qs, urljoin, urlsplit

import lxml.html
import pytest

from browser_support import (
    DESKTOP, PHONE, build_sample_site, first_visit_weight, front_matter, html_of, is_local,
    launch_chromium, longest_story, require_axe, require_chromium, serve, site_url, story_source,
    story_urls, story_with_photo,
)

pytestmark = pytest.mark.browser

DIGEST = "/buletin/2026/10/"
MAX_STORY_WEIGHT = 500 * 1024


# -- fixtures --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_chromium()
    return build_sample_site(tmp_path_factory)


@pytest.fixture(scope="module")
def server_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def chromium_browser(site: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch_chromium(pw)
        try:
            yield chromium
        finally:
            chromium.close()


class Tab:
    """One browser tab with a record of every request it made.

    Requests to any host but 127.0.0.1 are recorded and aborted (the machine is
    offline anyway; aborting keeps a stray request from hanging a test).
    """

    def __init__(self, browser: Any, server_url: str, viewport: dict[str, int]):
        self.server_url = server_url
        self.context = browser.new_context(viewport=viewport, service_workers="block")
        self.requests: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"), lambda route: route.abort())
        self.page = self.context.new_page()

    def goto(self, path: str, wait: str = "load") -> Any:
        """Open ``path``; every page visited must load only same-origin scripts and hosts."""
        response = self.page.goto(self.server_url + path, wait_until=wait)
        assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '?'}"
        assert not self.foreign_scripts(), f"{path}: <script src> pihak ketiga {self.foreign_scripts()}"
        assert not self.foreign_requests(), f"{path}: permintaan ke host selain 127.0.0.1 {self.foreign_requests()}"
        return self.page

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if not is_local(url)]

    def foreign_scripts(self) -> list[str]:
        """``<script src>`` on the current page that resolve to another origin."""
        sources = self.page.eval_on_selector_all("script[src]", "els => els.map(e => e.src)")
        origin = urlsplit(self.page.url)
        return [src for src in sources if urlsplit(src)[:2] != origin[:2]]

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def phone(chromium_browser: Any, server_url: str) -> Iterator[Tab]:
    tab = Tab(chromium_browser, server_url, PHONE)
    yield tab
    tab.close()


@pytest.fixture(scope="module")
def desktop(chromium_browser: Any, server_url: str) -> Iterator[Tab]:
    tab = Tab(chromium_browser, server_url, DESKTOP)
    yield tab
    tab.close()


# -- picking pages of the sample site -------------------------------------------------------


def first_link(site: Path, url: str, pattern: str) -> str:
    """The first link on the page at ``url`` whose site path matches ``pattern``."""
    tree = lxml.html.fromstring(html_of(site, url))
    for href in tree.xpath("//article//a/@href"):
        path = urlsplit(urljoin("http://x" + url, href)).path
        if re.fullmatch(pattern, path):
            return path
    pytest.fail(f"{url} tidak punya tautan yang cocok dengan {pattern}", pytrace=False)


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, str]:
    """The pages the tests visit, chosen from the built sample site."""
    photo = story_with_photo(site)
    village = first_link(site, photo, r"/desa/[^/]+/")
    polsek = first_link(site, village, r"/polsek/[^/]+/")
    return {
        "beranda": "/",
        "desa": "/desa/",
        "halaman desa": village,
        "berita berfoto": photo,
        "berita terpanjang": longest_story(site),
        "buletin bulanan": DIGEST,
        "daftar buletin": "/buletin/",
        "polsek": polsek,
        "cari": "/cari/?q=kunjungan",
        "keamanan": "/keamanan/",
        "desa diases": assessed_village(site),
    }


def assessed_village(site: Path) -> str:
    """A village page with its "Keamanan Lingkungan" card (the sample assessments give several)."""
    for page in sorted((site / "desa").glob("*/index.html")):
        if 'class="kd-security"' in page.read_text(encoding="utf-8"):
            return f"/desa/{page.parent.name}/"
    pytest.fail("tidak ada halaman desa dengan kartu Keamanan Lingkungan", pytrace=False)


# -- 1. no sideways scrolling at 360 px --------------------------------------------------------

WIDER_THAN_VIEWPORT = """() => {
  const vw = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= vw + 1) continue;
    // Skip elements clipped by a scrolling or hidden-overflow ancestor.
    let clipped = false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o !== 'visible') { clipped = true; break; }
    }
    if (clipped) continue;
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    out.push(`${name} right=${Math.round(r.right)}px`);
    if (out.length >= 8) break;
  }
  return out;
}"""


def test_no_sideways_scrolling_at_360px(phone: Tab, pages: dict[str, str]) -> None:
    problems = []
    for label, path in pages.items():
        page = phone.goto(path)
        if path.startswith("/cari/"):
            page.wait_for_selector(".pagefind-ui__result", timeout=10_000)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            culprits = page.evaluate(WIDER_THAN_VIEWPORT)
            problems.append(f"{label} ({path}): scrollWidth {width}px > 360px; terlalu lebar: {culprits}")
    assert not problems, "Halaman bergeser ke samping di layar 360 px:\n" + "\n".join(problems)


# -- 2. search understands Indonesian ------------------------------------------------------------


def indexed_text(site: Path, url: str) -> str:
    """What Pagefind indexes on a page: the ``data-pagefind-body`` element minus ``data-pagefind-ignore``."""
    tree = lxml.html.fromstring(html_of(site, url))
    bodies = tree.xpath("//*[@data-pagefind-body]")
    if not bodies:
        return ""
    for ignored in bodies[0].xpath(".//*[@data-pagefind-ignore]"):
        ignored.drop_tree()
    return " ".join(bodies[0].text_content().split()).lower()


def search_results(tab: Tab, query: str) -> list[str]:
    """Site paths of the stories the Pagefind UI lists on /cari/?q=<query>."""
    page = tab.goto(f"/cari/?q={query}")
    # Result links arrive after their fragments load; a search without results says so.
    page.wait_for_function(
        "() => document.querySelectorAll('.pagefind-ui__result-link').length > 0 || "
        "/tidak ada hasil|no results/i.test(document.querySelector('.pagefind-ui__message')?.textContent || '')",
        timeout=10_000,
    )
    page.wait_for_load_state("networkidle")
    hrefs = page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(e => e.href)")
    return [urlsplit(h).path for h in hrefs]


# Pagefind stems Indonesian with the Snowball (Tala) stemmer: prefixes meN-/peN-/ber-/di-
# and suffixes -an/-kan/-i come off, but the initial consonant that meN- swallows
# (k, p, t, s) is only restored for "meny-"/"peny-" (→ s).
@pytest.mark.parametrize(
    ("query", "other_forms"),
    [
        # "menyuluh" (to counsel): stories that only say "penyuluhan" (counselling).
        ("menyuluh", r"\bpenyuluhan\b"),
        # "mengamankan" (to secure): stories that only say "pengamanan" or "keamanan".
        ("mengamankan", r"\b(pengamanan|keamanan)\b"),
        # "mengunjungi" (to visit): stories that only say "pengunjung" (visitors).
        ("mengunjungi", r"\bpengunjung\b"),
    ],
)
def test_search_finds_other_word_forms(phone: Tab, site: Path, query: str, other_forms: str) -> None:
    # The stories that hold another form of the word but never the word searched for.
    expected = {
        url for url in story_urls(site)
        if re.search(other_forms, text := indexed_text(site, url)) and query not in text
    }
    assert expected, f"contoh berita tidak punya cerita berbentuk {other_forms} tanpa kata '{query}'"
    found = search_results(phone, query)
    assert set(found) & expected, (
        f"/cari/?q={query} tidak menampilkan cerita yang hanya memuat bentuk kata lain "
        f"({other_forms}); diharapkan salah satu dari {sorted(expected)}, hasil: {found}"
    )
    assert not phone.foreign_requests(), f"permintaan ke luar 127.0.0.1: {phone.foreign_requests()}"


def test_search_page_example_is_true(phone: Tab, site: Path) -> None:
    """The /cari/ page's own example (*word* … *other form*) holds for the sample stories."""
    page = phone.goto("/cari/")
    examples = page.eval_on_selector_all("article em", "els => els.map(e => e.textContent.trim().toLowerCase())")
    assert len(examples) >= 2, f"/cari/ tidak memberi contoh bentuk kata (<em>…</em>): {examples}"
    query, other = examples[0], examples[1]
    expected = {
        url for url in story_urls(site)
        if re.search(rf"\b{re.escape(other)}\b", text := indexed_text(site, url)) and query not in text
    }
    assert expected, f"contoh berita tidak punya cerita yang memuat '{other}' tanpa '{query}'"
    found = search_results(phone, query)
    assert set(found) & expected, (
        f"contoh di /cari/ tidak benar: '{query}' tidak menemukan cerita yang memuat '{other}' "
        f"{sorted(expected)}; hasil: {found}"
    )


def test_search_offers_filters_by_desa_kecamatan_kegiatan(phone: Tab) -> None:
    page = phone.goto("/cari/?q=warga")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
    filters = page.evaluate(
        "async () => { const newest = document.querySelector('#kd-search').dataset.bundles.split(' ')[0];"
        " const pf = await import(new URL(newest + 'pagefind.js', location.href).href);"
        " await pf.options({}); return await pf.filters(); }"
    )
    for name in ("desa", "kecamatan", "kegiatan"):
        assert filters.get(name), f"Pagefind tidak punya filter '{name}': {sorted(filters)}"
    page.wait_for_selector(".pagefind-ui__filter-panel", state="attached", timeout=10_000)
    legends = [t.strip().lower() for t in page.locator(".pagefind-ui__filter-name").all_text_contents()]
    for name in ("desa", "kecamatan", "kegiatan"):
        assert any(name in legend for legend in legends), f"panel filter tidak menampilkan '{name}': {legends}"


# -- 3. share links, preview metadata, no third parties --------------------------------------------


def meta(page: Any, key: str) -> str | None:
    selector = f'meta[property="{key}"], meta[name="{key}"]'
    return page.get_attribute(selector, "content") if page.locator(selector).count() else None


def shared_url(href: str) -> str | None:
    """The page URL carried by a share link (``u=``, ``url=`` or the URL inside ``text=``)."""
    query = parse_qs(urlsplit(href).query)
    for key in ("u", "url"):
        if key in query:
            return query[key][0]
    for text in query.get("text", []):
        match = re.search(r"https?://\S+", text)
        if match:
            return match.group(0)
    return None


def test_story_share_links_and_preview_metadata(phone: Tab, pages: dict[str, str], site: Path) -> None:
    path = pages["berita berfoto"]
    absolute = site_url() + path.lstrip("/")
    story = front_matter(story_source(path))
    page = phone.goto(path)

    navs = page.locator("nav.kd-share")
    assert navs.count() == 2, "tombol bagikan harus ada di bawah baris tanggal dan di akhir berita"
    for nav in (navs.nth(0), navs.nth(1)):
        share = nav.locator("a").evaluate_all("els => els.map(e => [e.textContent.trim(), e.getAttribute('href')])")
        by_host = {urlsplit(href).hostname: (text, href) for text, href in share}
        for name, host in {"WhatsApp": "wa.me", "Facebook": "www.facebook.com", "Telegram": "t.me", "X": "x.com"}.items():
            text, href = by_host.get(host, ("", ""))
            assert href, f"{path}: tautan bagikan '{name}' tidak ada (ada: {sorted(h or '' for h in by_host)})"
            assert name in text, f"{name}: tanpa nama yang terbaca ({text!r})"
            assert shared_url(href) == absolute, f"{name} tidak membawa {absolute}: {href}"
            assert " " not in href and "%3A" in href.upper(), f"{name}: URL tidak di-encode: {href}"
        for box in nav.locator("a").evaluate_all("els => els.map(e => e.getBoundingClientRect().height)"):
            assert box >= 44, f"{path}: tombol bagikan {box:.0f} px (paling kecil 44 px)"

    assert page.get_attribute('link[rel="canonical"]', "href") == absolute
    assert meta(page, "og:url") == absolute
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:title") == story["title"]
    if story.get("summary"):
        assert meta(page, "og:description") == " ".join(str(story["summary"]).split())
    else:
        assert meta(page, "og:description"), "og:description kosong"
    image = meta(page, "og:image") or ""
    assert image.startswith(site_url()), f"og:image bukan URL absolut situs: {image!r}"
    image_file = site / urlsplit(image).path.lstrip("/")
    assert image_file.is_file() and image_file.stat().st_size > 0, f"og:image menunjuk berkas yang tidak ada: {image}"
    published = meta(page, "article:published_time") or ""
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?\+07:00", published), published
    assert published[:10] == str(story["date"])[:10], f"article:published_time {published} ≠ tanggal {story['date']}"
    assert meta(page, "twitter:card") == "summary_large_image"


def test_no_third_party_scripts_or_requests(phone: Tab, pages: dict[str, str]) -> None:
    tab_requests_before = len(phone.requests)
    problems = []
    for label, path in pages.items():
        page = phone.goto(path)
        page.wait_for_load_state("networkidle")
        foreign = phone.foreign_scripts()
        if foreign:
            problems.append(f"{label} ({path}): <script src> pihak ketiga {foreign}")
    outside = [url for url in phone.requests[tab_requests_before:] if not is_local(url)]
    assert not problems, "\n".join(problems)
    assert not outside, f"permintaan ke host selain 127.0.0.1 saat memuat halaman: {sorted(set(outside))}"


# -- 4. print ---------------------------------------------------------------------------------------

SCREEN_ONLY = {
    "kepala (.md-header)": ".md-header",
    "tab (.md-tabs)": ".md-tabs",
    "sidebar (.md-sidebar)": ".md-sidebar",
    "kaki (.md-footer)": ".md-footer",
    "tombol Salin untuk WhatsApp": ".kd-share-digest",
    "navigasi buletin (.kd-pager)": ".kd-pager",
}


def test_digest_prints_without_site_chrome(desktop: Tab) -> None:
    page = desktop.goto(DIGEST)
    page.emulate_media(media="screen")
    on_screen = {label: page.locator(sel).first.is_visible() for label, sel in SCREEN_ONLY.items()}
    # The check means something only if these parts do show on a desktop screen.
    assert all(on_screen.values()), f"di layar desktop bagian ini seharusnya tampil: {on_screen}"

    page.emulate_media(media="print")
    try:
        still_visible = [
            label for label, sel in SCREEN_ONLY.items()
            if any(el.is_visible() for el in page.locator(sel).all())
        ]
        assert not still_visible, f"tampil saat dicetak: {still_visible}"
        assert page.locator("article h1").first.is_visible(), "judul buletin tidak tampil saat dicetak"
        assert page.locator(".kd-digest-list").first.is_visible(), "daftar cerita tidak tampil saat dicetak"
        assert page.locator(".kd-digest-list a").count() > 0

        pdf = page.pdf(format="A4", print_background=False)
    finally:
        page.emulate_media(media="screen")
    assert pdf.startswith(b"%PDF-"), "page.pdf() tidak menghasilkan PDF"
    page_count = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert len(pdf) > 1000 and page_count >= 1, f"PDF kosong ({len(pdf)} bita, {page_count} halaman)"


# -- 5. accessibility ---------------------------------------------------------------------------------

AXE_PAGES = ("beranda", "berita berfoto", "halaman desa", "buletin bulanan", "keamanan", "desa diases")


def axe_violations(tab: Tab, path: str, axe: Path) -> list[dict[str, Any]]:
    page = tab.goto(path)
    page.add_script_tag(path=str(axe))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} elemen)")
        for node in v["nodes"][:3]:
            lines.append(f"      {' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def test_no_serious_accessibility_violations(phone: Tab, desktop: Tab, pages: dict[str, str]) -> None:
    axe = require_axe()
    report = []
    for tab, width in ((phone, "360 px"), (desktop, "1280 px")):
        for label in AXE_PAGES:
            path = pages[label]
            serious = [v for v in axe_violations(tab, path, axe) if v.get("impact") in ("serious", "critical")]
            if serious:
                report.append(f"{label} ({path}) pada {width}:\n{describe(serious)}")
    assert not report, "axe-core menemukan pelanggaran serius/kritis:\n" + "\n".join(report)


# -- 6. the digest's WhatsApp text ----------------------------------------------------------------------


def test_digest_whatsapp_text(phone: Tab) -> None:
    page = phone.goto(DIGEST)
    link = page.get_by_role("link", name="Salin untuk WhatsApp")
    assert link.count() == 1, "tautan 'Salin untuk WhatsApp' tidak ada di buletin"
    href = link.get_attribute("href") or ""
    assert href.endswith("whatsapp.txt"), href
    target = urljoin(page.url, href)
    response = phone.context.request.get(target)
    assert response.ok, f"{target}: HTTP {response.status}"
    text = response.text()
    title = page.locator("article h1").first.inner_text().strip()
    assert title and title in text, f"teks WhatsApp tidak memuat judul buletin {title!r}"
    assert 0 < len(text) < 4000, f"teks WhatsApp {len(text)} karakter (batas 4.000)"


# -- 8. page weight -----------------------------------------------------------------------------------------


def test_story_with_photo_first_visit_under_500kb(chromium_browser: Any, server_url: str, pages: dict[str, str]) -> None:
    weight = first_visit_weight(server_url + pages["berita berfoto"], chromium_browser)
    print("\n" + weight.report())
    assert weight.by_type.get("html"), "halaman HTML tidak terhitung"
    assert weight.by_type.get("image"), "foto berita tidak dimuat pada tampilan pertama"
    assert weight.total < MAX_STORY_WEIGHT, weight.report()
