"""Item 11 of issue 9 (browser part): pages built from hostile stories run nothing in a reader's browser.

Each payload an officer's account could write (script, event attributes, ``javascript:``
links, heading attribute lists, markup in the title and summary) is a story of its own.
``kabardesa check`` may refuse a story (then it never reaches the site, which is also
safe); every story it lets through is built with ``mkdocs build --strict`` and its
pages are opened in Chromium: the story page, its village page, every page the story
links (officer, category, digests), the home page, the pages the feeds link, and the
search page after a query that finds the payloads. Any dialog, uncaught error, console
error from page script, or live handler left in the DOM fails the test, naming the
payload.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
import pytest

from browser_support import launch_chromium, require_chromium, serve, site_url
from sitebuild import SiteProject, categories, officers

pytestmark = pytest.mark.browser

OFFICER = officers()[0]
VILLAGE = OFFICER["villages"][0]
CATEGORIES = [c["slug"] for c in categories()]

# slug -> (what it tries, front-matter overrides, body). Every payload calls alert(<n>): a dialog names it.
HOSTILE: dict[str, tuple[str, dict[str, Any], str]] = {
    "skrip": ("<script> in the body", {}, "Warga berjaga <script>alert(1)</script> di pos.\n\nParagraf dua.\n"),
    "img-onerror": ("<img onerror>", {}, "Foto rusak <img src=x onerror=alert(2)> di sini.\n"),
    "tautan-js": ("javascript: links (HTML, Markdown, case, entity)", {},
                  '<a href="javascript:alert(3)">klik</a> [dua](javascript:alert(3)) '
                  '<a href=" JaVaScRiPt:alert(3)">tiga</a> [empat](javascript&#58;alert(3))\n'),
    "svg-onload": ("<svg onload>", {}, "Gambar <svg onload=alert(4)></svg> vektor.\n"),
    "details-ontoggle": ("<details open ontoggle>", {}, '<details open ontoggle="alert(5)"><summary>x</summary>y</details>\n'),
    "judul-atribut": ("heading attribute list with a quote-breaking id", {},
                      "Paragraf pembuka.\n\n## Jadwal {: id='x\" autofocus onfocus=\"alert(6)' }\n\nIsi jadwal.\n"),
    "judul-kelas": ("heading attribute list with onclick and theme classes", {},
                    'Paragraf pembuka.\n\n## Ronda {: onclick="alert(7)" class="md-dialog md-dialog--active" id="__search" }\n\nIsi.\n'),
    "iframe-objek": ("<iframe>/<object>/<embed> with javascript:", {},
                     '<iframe src="javascript:alert(8)"></iframe>\n\n<object data="javascript:alert(8)"></object>\n\n'
                     '<embed src="javascript:alert(8)">\n'),
    "fokus-otomatis": ("autofocus onfocus, form action, meta refresh", {},
                       '<input autofocus onfocus="alert(9)"> <form action="javascript:alert(9)"><button>kirim</button></form>\n\n'
                       '<meta http-equiv="refresh" content="0;url=javascript:alert(9)">\n'),
    "mutasi": ("mutation XSS (noscript, math/style)", {},
               '<noscript><p title="</noscript><img src=x onerror=alert(10)>"></noscript>\n\n'
               "<math><mtext><table><mglyph><style><img src=x onerror=alert(10)></style></mglyph></table></mtext></math>\n"),
    "judul-ringkasan": ("<script> and quotes in title and summary",
                        {"title": '<script>alert(11)</script>"><img src=x onerror=alert(11)> Ronda \'Aman\'',
                         "summary": '</title><script>alert(12)</script>" onmouseover="alert(12)" \'><svg onload=alert(12)>'},
                        "Isi cerita biasa tentang ronda.\n"),
}

# In the DOM after load: handlers, javascript: URLs, embeds and scripts that came from a story.
LIVE_IN_DOM = r"""() => {
  const found = [];
  const isJs = v => /^javascript:/i.test((v || '').replace(/[\u0000-\u0020]/g, ''));
  // Pagefind's own search form is the one javascript: URL the site itself sets.
  const own = el => el.matches('form.pagefind-ui__form') && el.getAttribute('action') === 'javascript:void(0);';
  for (const el of document.querySelectorAll('*')) {
    if (own(el)) continue;
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) found.push(`<${el.localName} ${attr.name}>`);
      else if (isJs(attr.value)) found.push(`<${el.localName} ${attr.name}=javascript:>`);
    }
  }
  for (const el of document.querySelectorAll('iframe, object, embed')) found.push(`<${el.localName}>`);
  for (const s of document.scripts) if (/alert\(/.test(s.textContent)) found.push('<script>alert(...)');
  return found;
}"""


def _meta(index: int, overrides: dict[str, Any]) -> dict[str, Any]:
    day = 10 + index
    return {"title": f"Cerita uji {index + 1}", "date": f"2025-05-{day:02d} 09:00", "village": VILLAGE,
            "officer": OFFICER["id"], "category": CATEGORIES[index % len(CATEGORIES)], **overrides}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str], dict[str, str]]]:
    """The built site, the story URL of each payload that passed check, and each refused payload's message."""
    require_chromium()
    project = SiteProject(tmp_path_factory.mktemp("hostile") / "proyek")
    paths = {slug: project.write_story(slug, _meta(i, meta), body) for i, (slug, (_, meta, body)) in enumerate(HOSTILE.items())}
    refused = _refused_by_check(project, paths)
    for slug in refused:
        paths.pop(slug).unlink()
    assert paths, f"kabardesa check menolak semua cerita uji; tidak ada yang bisa diuji di peramban: {refused}"
    result = project.build()
    assert result.ok, "cerita yang lolos `kabardesa check` harus lolos `mkdocs build --strict`:\n" + result.output[-3000:]
    urls = {slug: _story_url(result.site, path) for slug, path in paths.items()}
    yield result.site, urls, refused


def _refused_by_check(project: SiteProject, paths: dict[str, Path]) -> dict[str, str]:
    proc = project.check(*(project.rel(p) for p in paths.values()))
    refused: dict[str, str] = {}
    for slug, path in paths.items():
        errors = [line for line in proc.stdout.splitlines() if line.startswith(project.rel(path) + ":") and ": peringatan: " not in line]
        if errors:
            refused[slug] = errors[0]
    return refused


def _story_url(site: Path, path: Path) -> str:
    slug = path.stem[len("2025-05-10-"):]
    found = sorted(site.glob(f"berita/*/*/{slug}/index.html"))
    assert len(found) == 1, f"halaman berita untuk {path.name} tidak ditemukan tepat satu: {found}"
    return "/" + found[0].parent.relative_to(site).as_posix() + "/"


def _linked_pages(site: Path, url: str) -> set[str]:
    """Site paths linked from a story's article: its village, officer, category and digest pages."""
    tree = lxml.html.fromstring((site / url.strip("/") / "index.html").read_bytes())
    found = set()
    for href in tree.xpath("//article//a/@href"):
        parts = urlsplit(urljoin("http://x" + url, href))
        if parts.netloc == "x" and parts.path.endswith("/") and (site / parts.path.strip("/") / "index.html").is_file():
            found.add(parts.path)
    return found


def _feed_pages(site: Path) -> set[str]:
    """Site paths of the items in the site feeds and the village feed."""
    base = urlsplit(site_url()).path
    links = [el.text or "" for feed in (site / "feed.xml", site / "desa" / VILLAGE / "feed.xml") if feed.is_file()
             for el in lxml.etree.parse(str(feed)).iter("link")]
    links += [item.get("url", "") for item in json.loads((site / "feed.json").read_text(encoding="utf-8")).get("items", [])]
    paths = {"/" + urlsplit(link).path.removeprefix(base).lstrip("/") for link in links if link}
    return {p for p in paths if (site / p.strip("/") / "index.html").is_file()}


class Watcher:
    """A Chromium tab that records dialogs, uncaught errors and console errors."""

    def __init__(self, browser: Any, base: str):
        self.base = base
        self.context = browser.new_context(service_workers="block")
        self.context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]).*"), lambda route: route.abort())
        self.page = self.context.new_page()
        self.events: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.events.append(f"galat skrip: {error}"))
        self.page.on("console", self._console)

    def _dialog(self, dialog: Any) -> None:
        self.events.append(f"dialog {dialog.type}: {dialog.message!r}")
        dialog.dismiss()

    def _console(self, message: Any) -> None:
        # A missing image (<img src=x>) is the browser's resource error, not script.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.events.append(f"console.error: {message.text}")

    def visit(self, path: str, wait_for: str | None = None) -> list[str]:
        """Open ``path``; return what ran or stayed live there."""
        self.events = []
        response = self.page.goto(self.base + path, wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '?'}"
        if wait_for:
            self.page.wait_for_function(wait_for, timeout=10_000)
        self.page.wait_for_timeout(300)  # autofocus, ontoggle and meta refresh fire just after load
        live = self.page.evaluate(LIVE_IN_DOM)
        return self.events + [f"markup aktif di DOM: {item}" for item in live]

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def watcher(hostile_site: tuple[Path, dict[str, str], dict[str, str]]) -> Iterator[Watcher]:
    from playwright.sync_api import sync_playwright

    site, _, _ = hostile_site
    with serve(site) as base, sync_playwright() as pw:
        browser = launch_chromium(pw)
        tab = Watcher(browser, base)
        try:
            yield tab
        finally:
            tab.close()
            browser.close()


def _report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"  {where}: " + "; ".join(what) for where, what in sorted(found.items()))


@pytest.mark.parametrize("slug", list(HOSTILE))
def test_story_page_and_its_linked_pages_run_nothing(hostile_site, watcher: Watcher, slug: str) -> None:
    site, urls, refused = hostile_site
    if slug in refused:
        pytest.skip(f"ditolak `kabardesa check` (aman, tidak terbit): {refused[slug]}")
    story = urls[slug]
    pages = [story] + sorted(_linked_pages(site, story) - {story})
    assert f"/desa/{VILLAGE}/" in pages, f"{story} tidak menautkan halaman desanya"
    found = {page: events for page in pages if (events := watcher.visit(page))}
    assert not found, f"muatan '{HOSTILE[slug][0]}' ({slug}) berjalan atau tetap aktif di:\n{_report(found)}"


def test_home_page_and_feed_linked_pages_run_nothing(hostile_site, watcher: Watcher) -> None:
    site, urls, _ = hostile_site
    from_feeds = _feed_pages(site)
    assert set(urls.values()) <= from_feeds | {"/"}, "feed tidak memuat semua cerita uji"
    found = {page: events for page in ["/", *sorted(from_feeds)] if (events := watcher.visit(page))}
    assert not found, "beranda atau halaman dari feed menjalankan muatan:\n" + _report(found)


@pytest.mark.parametrize("query", ["alert", "ronda", "jadwal"])
def test_search_results_run_nothing(hostile_site, watcher: Watcher, query: str) -> None:
    results = (
        "() => document.querySelectorAll('.pagefind-ui__result-link').length > 0 || "
        "/tidak ada hasil|no results/i.test(document.querySelector('.pagefind-ui__message')?.textContent || '')"
    )
    events = watcher.visit(f"/cari/?q={query}", wait_for=results)
    shown = watcher.page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.length")
    assert not events, f"/cari/?q={query} ({shown} hasil) menjalankan muatan: " + "; ".join(events)
    if query == "ronda":
        assert shown, "pencarian 'ronda' tidak menemukan cerita uji: hasil pencarian tidak teruji"
