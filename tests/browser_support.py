"""Helpers for the browser and HTML-validity tests.

* ``build_sample_site`` builds the repository's own sample site (mkdocs.yml,
  data/, stories/, docs/, hooks/) once per test session with
  ``mkdocs build --strict``; the Pagefind index is written by the build itself.
* ``serve`` serves a folder on 127.0.0.1 with a threaded ``http.server``.
* ``launch_chromium`` starts Debian's Chromium through Playwright (never the
  browsers that ``playwright install`` would download: there is no internet).
* ``first_visit_weight`` measures what a first visit to a page transfers.

The skip messages are in Indonesian, like the rest of the project's output.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import os
import re
import shutil
import subprocess
import sys
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

MISSING_CHROMIUM = "Chromium tidak terpasang: jalankan `make test` sebagai root untuk memasangnya lewat apt"
MISSING_NODE = (
    "{what} tidak ada di node_modules/: jalankan `bash tools/install-browser-deps.sh` "
    "(atau `npm ci`) untuk memasang axe-core dan vnu-jar"
)
MISSING_JAVA = "Java tidak terpasang: pemeriksa HTML W3C (vnu.jar) memerlukan `java` (paket apt openjdk-17-jre-headless)"

# Widths and sizes used across the tests.
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


# -- prerequisites ----------------------------------------------------------------


def require_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.skip(MISSING_CHROMIUM)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:  # pragma: no cover - the dev requirements install it
        pytest.skip("Paket Python playwright tidak terpasang: jalankan `pip install -r requirements-dev.txt`")


def require_axe() -> Path:
    if not AXE_JS.is_file():
        pytest.skip(MISSING_NODE.format(what="axe-core (axe.min.js)"))
    return AXE_JS


def require_vnu() -> tuple[str, Path]:
    java = shutil.which("java")
    if not java:
        pytest.skip(MISSING_JAVA)
    if not VNU_JAR.is_file():
        pytest.skip(MISSING_NODE.format(what="vnu-jar (vnu.jar)"))
    return java, VNU_JAR


# -- the sample site ----------------------------------------------------------------


def site_url() -> str:
    """``site_url`` as the build sees it (``!ENV`` resolved), with a trailing slash."""
    from kabardesa.site_config import read_site_config

    return read_site_config(REPO).site_url


_BUILT: dict[str, Path | str] = {}


def build_sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the repository's sample site once per session (``--strict``); return the site folder.

    Both test modules call this; the build runs only the first time.
    """
    if "site" in _BUILT:
        return Path(_BUILT["site"])
    if "error" in _BUILT:  # a failed build is not retried by the next test module
        pytest.fail(str(_BUILT["error"]), pytrace=False)
    site = tmp_path_factory.mktemp("kabar-site") / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )
    if proc.returncode != 0:
        output = (proc.stdout + proc.stderr).strip().splitlines()
        _BUILT["error"] = f"`mkdocs build --strict` gagal (kode {proc.returncode}):\n" + "\n".join(output[-40:])
        pytest.fail(str(_BUILT["error"]), pytrace=False)
    if next((site / "pagefind").glob("[0-9]*/[0-9]*/pagefind-entry.json"), None) is None:
        _BUILT["error"] = "build selesai tetapi indeks Pagefind (site/pagefind/<tahun>/<bulan>/) tidak dibuat"
        pytest.fail(str(_BUILT["error"]), pytrace=False)
    _BUILT["site"] = site
    return site


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature from the base class
        pass


# http.server guesses types from the extension; make sure the ones the site uses are right.
_QuietHandler.extensions_map = {
    **SimpleHTTPRequestHandler.extensions_map,
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".wasm": "application/wasm",
    ".webp": "image/webp",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".yml": "text/yaml; charset=utf-8",
    ".xml": "application/xml",
    ".pagefind": "application/octet-stream",
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
}


@contextlib.contextmanager
def serve(folder: Path, handler_class: type[SimpleHTTPRequestHandler] | None = None) -> Iterator[str]:
    """Serve ``folder`` on a free port of 127.0.0.1; yield the base URL (``http://127.0.0.1:PORT``)."""
    handler = functools.partial(handler_class or _QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="kabar-site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# GitHub Pages compresses text with gzip and lets browsers keep files for ten minutes.
_COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


class _PagesHandler(_QuietHandler):
    """Serves like GitHub Pages: gzip for text, ``Cache-Control: max-age=600``, ``/404.html`` for a missing page."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the slash
            path = path / "index.html"
        status = 200
        if not path.is_file():
            path, status = Path(self.directory) / "404.html", 404
            if not path.is_file():
                return super().send_head()
        ctype = self.guess_type(str(path))
        body = path.read_bytes()
        gzipped = "gzip" in self.headers.get("Accept-Encoding", "") and ctype.startswith(_COMPRESSED_TYPES)
        if gzipped:
            body = gzip.compress(body, compresslevel=6, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("Vary", "Accept-Encoding")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve_like_pages(folder: Path) -> Iterator[str]:
    """Like :func:`serve`, but compressing and caching as GitHub Pages does (for Lighthouse and weights)."""
    with serve(folder, _PagesHandler) as url:
        yield url


# -- choosing pages of the built site -------------------------------------------------


def story_urls(site: Path) -> list[str]:
    """``/berita/YYYY/MM/<slug>/`` of every built story page, sorted."""
    return sorted(
        "/" + p.parent.relative_to(site).as_posix() + "/"
        for p in (site / "berita").glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html")
    )


def html_of(site: Path, url: str) -> str:
    rel = url.strip("/")
    path = site / rel / "index.html" if rel else site / "index.html"
    return path.read_text(encoding="utf-8")


def story_with_photo(site: Path) -> str:
    """The first story page (by URL) that shows a photo."""
    for url in story_urls(site):
        if 'class="kd-photo"' in html_of(site, url):
            return url
    pytest.fail("contoh situs tidak punya satu pun berita berfoto (figure.kd-photo)", pytrace=False)


def longest_story(site: Path) -> str:
    """The story page with the largest HTML file (the longest story, roughly)."""
    return max(story_urls(site), key=lambda url: len(html_of(site, url)))


def story_source(url: str) -> Path:
    """The Markdown file behind ``/berita/YYYY/MM/<slug>/``: ``stories/YYYY/MM/YYYY-MM-DD-<slug>.md``."""
    _, _, year, month, slug, _ = url.split("/")
    found = sorted((REPO / "stories" / year / month).glob(f"{year}-{month}-[0-9][0-9]-{slug}.md"))
    if len(found) != 1:
        pytest.fail(f"sumber Markdown untuk {url} tidak ditemukan tepat satu: {found}", pytrace=False)
    return found[0]


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8-sig")
    _, front, _ = text.split("---", 2)
    return yaml.safe_load(front)


def newest_monthly_digest(site: Path) -> str:
    """``/buletin/YYYY/MM/`` of the newest monthly digest built."""
    months = sorted(p.parent for p in (site / "buletin").glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/index.html"))
    if not months:
        pytest.fail("contoh situs tidak punya buletin bulanan", pytrace=False)
    return "/" + months[-1].relative_to(site).as_posix() + "/"


def review_pages(site: Path) -> dict[str, str]:
    """The five pages a resident opens first, as reviewed by Lighthouse and in screenshots."""
    story = story_with_photo(site)
    villages = re.findall(r'href="(?:\.\./)*(desa/[^/"#]+/)"', html_of(site, story))
    if not villages:
        pytest.fail(f"{story} tidak menautkan halaman desanya", pytrace=False)
    return {
        "beranda": "/",
        "berita": story,
        "desa": "/" + villages[0],
        "buletin": newest_monthly_digest(site),
        "cari": "/cari/?q=ronda",
    }


# -- Chromium --------------------------------------------------------------------------


def launch_chromium(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


def is_local(url: str) -> bool:
    """True for the test server (127.0.0.1) and for URLs that never leave the browser."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-extension", "javascript"):
        return True
    return parts.hostname == "127.0.0.1"


@dataclass
class Weight:
    """Bytes transferred on a first visit, by resource kind."""

    url: str
    by_type: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    files: list[tuple[str, str, int]] = field(default_factory=list)  # (kind, url, bytes)
    # What a host that gzips text (most do) would send: gzip -6 of each text body, images as they are.
    gzipped: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def total(self) -> int:
        return sum(self.by_type.values())

    @property
    def total_gzipped(self) -> int:
        return sum(self.gzipped.values())

    def report(self) -> str:
        lines = [
            f"Bobot kunjungan pertama {self.url}: {self.total:,} bita ({self.total / 1024:.1f} KiB) "
            f"tanpa kompresi; ~{self.total_gzipped / 1024:.1f} KiB bila server memakai gzip",
        ]
        for kind, size in sorted(self.by_type.items(), key=lambda kv: -kv[1]):
            lines.append(f"  {kind:<6} {size:>9,} bita ({size / 1024:6.1f} KiB; gzip ~{self.gzipped.get(kind, 0) / 1024:6.1f} KiB)")
        for kind, url, size in sorted(self.files, key=lambda f: -f[2]):
            lines.append(f"    {kind:<6} {size:>9,}  {urlsplit(url).path}")
        return "\n".join(lines)


_KINDS = {
    "Document": "html", "Stylesheet": "css", "Script": "js", "Font": "font", "Image": "image",
    "Fetch": "other", "XHR": "other", "Manifest": "other", "Other": "other", "Media": "image",
}

_PW_KINDS = {"document": "html", "stylesheet": "css", "script": "js", "font": "font", "image": "image", "media": "image"}


def first_visit_weight(page_url: str, browser: Any = None, viewport: dict[str, int] = PHONE) -> Weight:
    """Load ``page_url`` at 360 px with the cache disabled and sum the bytes transferred
    (Chromium's ``encodedDataLength``: headers and body as they came over the wire)
    for HTML, CSS, JS, fonts and images requested on first view (no scrolling).

    Launches its own Chromium when no ``browser`` is given.
    """
    if browser is None:
        from playwright.sync_api import sync_playwright

        require_chromium()
        with sync_playwright() as pw:
            own = launch_chromium(pw)
            try:
                return first_visit_weight(page_url, own, viewport)
            finally:
                own.close()

    weight = Weight(page_url)
    context = browser.new_context(viewport=viewport, service_workers="block")
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        kinds: dict[str, tuple[str, str]] = {}

        def on_response(event: dict[str, Any]) -> None:
            kinds[event["requestId"]] = (_KINDS.get(event.get("type", "Other"), "other"), event["response"]["url"])

        def on_finished(event: dict[str, Any]) -> None:
            kind, url = kinds.get(event["requestId"], ("other", "?"))
            if url.startswith("data:"):
                return
            size = int(event.get("encodedDataLength", 0))
            weight.by_type[kind] += size
            weight.files.append((kind, url, size))

        cdp.on("Network.responseReceived", on_response)
        cdp.on("Network.loadingFinished", on_finished)
        responses: list[Any] = []
        page.on("response", lambda response: responses.append(response))
        page.goto(page_url, wait_until="load")
        page.wait_for_load_state("networkidle")
        cdp.detach()
        for response in responses:
            kind = _PW_KINDS.get(response.request.resource_type, "other")
            try:
                body = response.body()
            except Exception:  # redirects and aborted requests have no body
                continue
            weight.gzipped[kind] += len(body) if kind == "image" else len(gzip.compress(body, 6))
    finally:
        context.close()
    weight.by_type = dict(weight.by_type)
    weight.gzipped = dict(weight.gzipped)
    return weight
