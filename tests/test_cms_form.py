"""End to end: an officer at 360×740 fills the web form at /kirim/, the story lands in stories/YYYY/MM/,
passes ``kabardesa check``, and a build shows its page (issue 12).

The local backend (``decap-server``) writes into a throw-away copy of the site. The photo given is a
3,000×2,000 JPEG carrying GPS: what is committed must be at most 2,000 px with no EXIF at all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from PIL import Image

from browser_support import PHONE, launch_chromium, require_chromium, serve
from cms_support import Entry, decap_server, fill, free_port, log_in, require_decap_server, save_local, write_form
from sitebuild import REPO as REPO_ROOT
from sitebuild import SiteProject, load_page

pytestmark = pytest.mark.browser
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"

GPS_IFD = 0x8825


def gps_photo(path: Path) -> Path:
    """A phone-sized photo (3,000×2,000) with a camera maker and a GPS position in its EXIF."""
    image = Image.new("RGB", (3000, 2000), (110, 150, 90))
    for x in range(0, 3000, 40):
        image.paste((200, 60, 40), (x, 0, x + 8, 2000))
    exif = Image.Exif()
    exif[0x010F] = "KameraContoh"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "S", 2: (7.0, 9.0, 36.0), 3: "E", 4: (112.0, 39.0, 0.0)})
    image.save(path, exif=exif, quality=92)
    assert Image.open(path).getexif().get_ifd(GPS_IFD), "the fixture photo must carry GPS"
    return path


@pytest.fixture
def officer_site(tmp_path: Path) -> Iterator[tuple[SiteProject, str, Any]]:
    """A copy of the sample site, its local backend, the form served from it, and a phone."""
    require_chromium()
    node, _ = require_decap_server()
    project = SiteProject(tmp_path / "situs")
    port = free_port()
    served = tmp_path / "served"
    write_form(project.root, served, port)
    from playwright.sync_api import sync_playwright

    with decap_server(project.root, port, node), serve(served) as base, sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            page = browser.new_page(viewport=PHONE)
            page.set_default_timeout(15_000)
            yield project, base + "/kirim/", page
        finally:
            browser.close()


def test_officer_sends_a_story_from_a_phone(officer_site: tuple[SiteProject, str, Any], tmp_path: Path) -> None:
    project, form_url, page = officer_site
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    when = datetime.now(ZoneInfo("Asia/Jakarta")).replace(hour=19, minute=30, second=0, microsecond=0) - timedelta(days=1)
    entry = Entry(
        title="Ronda Malam Warga Sawo Bersama Linmas",
        when=when.strftime("%Y-%m-%dT%H:%M"),
        villages=("Sawo", "Lowayu"),  # two villages, each found by typing its name
        officer="Bagus Contoh",
        category="Siskamling",
        summary="Warga Desa Sawo kembali meronda setiap malam bersama Bhabinkamtibmas.",
        body="Warga Desa Sawo menghidupkan lagi jadwal ronda bergilir di pos kamling bersama linmas desa.",
        photo=gps_photo(tmp_path / "IMG_20261202_193000.jpg"),
        photo_alt="Warga berjaga di pos kamling Desa Sawo pada malam hari",
    )
    log_in(page, form_url)
    fill(page, form_url, replace(entry, photo_alt=""))  # the photo's description forgotten first
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the form scrolls sideways at 360 px"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)  # for review, beside the Lighthouse pages' screenshots
    page.screenshot(path=str(SCREENSHOTS / "kirim-360.png"))
    page.screenshot(path=str(SCREENSHOTS / "kirim-360-penuh.png"), full_page=True)
    save_local(page, expect="Keterangan foto wajib diisi bila ada foto")
    assert "Error" not in page.inner_text("body"), "the refusal reads in Indonesian only"
    assert not list((project.root / "stories").rglob("*.md")), "a photo without its description is not saved"
    errors.clear()  # Decap leaves the refused save as an unhandled rejection ("Object"); what follows must be clean
    page.get_by_label("Keterangan foto").fill(entry.photo_alt)
    save_local(page)

    folder = project.root / "stories" / f"{when:%Y}" / f"{when:%m}"
    stories = sorted(folder.glob("*.md"))
    assert [p.name for p in stories] == [f"{when:%Y-%m-%d}-ronda-malam-warga-sawo-bersama-linmas.md"]
    text = stories[0].read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta == {
        "title": entry.title, "date": when.strftime("%Y-%m-%d %H:%M"), "village": ["sawo", "lowayu"],
        "officer": "aipda-contoh-satu", "category": "siskamling", "summary": entry.summary,
        "image": meta["image"], "image_alt": entry.photo_alt, "draft": True,
    }
    assert re.fullmatch(r"img-20261202-193000-[0-9a-z]{6}\.jpg", meta["image"]), meta["image"]
    assert entry.body in text.split("---\n", 2)[2]

    photo = folder / meta["image"]
    with Image.open(photo) as committed:
        assert max(committed.size) == 2000 and committed.format == "JPEG"
        assert not committed.getexif(), "EXIF (and GPS) must be gone before the photo is committed"
    assert b"Exif" not in photo.read_bytes()[:65536]

    checked = project.check()
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "1 draf" in checked.stdout + checked.stderr

    # The editor publishes it (in production: merges the pull request with draft: false).
    stories[0].write_text(text.replace("draft: true", "draft: false"), encoding="utf-8")
    built = project.build()
    assert built.ok, built.output[-3000:]
    slug = stories[0].stem.removeprefix(f"{when:%Y-%m-%d}-")  # the page's address drops the day
    story_page = load_page(built.site, f"/berita/{when:%Y}/{when:%m}/{slug}/")
    assert entry.title in story_page.text() and "pos kamling bersama linmas" in story_page.text()
    assert story_page.tree.xpath('//img[contains(@alt, "pos kamling Desa Sawo")]')
    # The built form: the production backend, out of the sitemap, noindex.
    config = json.loads(re.sub(r"^#.*\n", "", (built.site / "kirim" / "config.yml").read_text(encoding="utf-8")))
    assert config["backend"]["name"] == "github" and config["publish_mode"] == "editorial_workflow"
    assert 'content="noindex' in (built.site / "kirim" / "index.html").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", (built.site / "sitemap.xml").read_text(encoding="utf-8"))
    assert locations and not [loc for loc in locations if loc.endswith("/kirim/") and "/panduan/" not in loc]
    assert not errors, errors


def test_photos_are_turned_upright_reduced_and_stripped_in_the_browser(tmp_path: Path) -> None:
    """A portrait taken sideways (EXIF orientation 6), 4,000×3,000: 1,500×2,000 upright, no EXIF; a small PNG
    with transparency stays its size, on white."""
    require_chromium()
    import base64
    import io

    sideways = io.BytesIO()
    image = Image.new("RGB", (4000, 3000), (30, 90, 200))
    image.paste((250, 250, 250), (0, 0, 400, 3000))  # a light band on the left: the top once turned upright
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to view
    exif.get_ifd(GPS_IFD).update({1: "S", 2: (7.0, 9.0, 36.0)})
    image.save(sideways, "JPEG", exif=exif, quality=85)
    clear = io.BytesIO()
    Image.new("RGBA", (300, 200), (0, 0, 0, 0)).save(clear, "PNG")
    served = tmp_path / "served"
    write_form(REPO_ROOT, served, free_port())
    from playwright.sync_api import sync_playwright

    with serve(served) as base, sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            page = browser.new_page(viewport=PHONE)
            page.goto(base + "/kirim/")
            page.wait_for_function("typeof window.KD_reducePhoto === 'function'")
            reduced = page.evaluate("""async ([photos]) => {
              const out = [];
              for (const [name, type, data] of photos) {
                const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
                const file = await window.KD_reducePhoto(new File([bytes], name, {type}));
                const binary = Array.from(new Uint8Array(await file.arrayBuffer()), b => String.fromCharCode(b)).join('');
                out.push([file.name, file.type, btoa(binary)]);
              }
              return out;
            }""", [[["IMG_0001 Foto Warga.JPG", "image/jpeg", base64.b64encode(sideways.getvalue()).decode()],
                    ["gambar.png", "image/png", base64.b64encode(clear.getvalue()).decode()]]])
        finally:
            browser.close()
    (name, kind, data), (png_name, png_kind, png_data) = reduced
    assert (kind, png_kind) == ("image/jpeg", "image/jpeg")
    assert re.fullmatch(r"img-0001-foto-warga-[0-9a-z]{6}\.jpg", name) and re.fullmatch(r"gambar-[0-9a-z]{6}\.jpg", png_name)
    with Image.open(io.BytesIO(base64.b64decode(data))) as upright:
        assert upright.size == (1500, 2000) and not upright.getexif()
        assert upright.getpixel((750, 50))[0] > 200, "the light band is at the top once the photo is upright"
    with Image.open(io.BytesIO(base64.b64decode(png_data))) as flat:
        assert flat.size == (300, 200) and flat.getpixel((10, 10))[:3] == (255, 255, 255)


def test_the_published_form_asks_for_a_github_login_and_loads_nothing_from_elsewhere(tmp_path: Path) -> None:
    """The build's own config.yml (GitHub, editorial workflow) loads without a configuration error, in Indonesian,
    and every file the page asks for comes from the site itself (no CDN)."""
    require_chromium()
    served = tmp_path / "served"
    write_form(REPO_ROOT, served, None)
    from playwright.sync_api import sync_playwright

    with serve(served) as base, sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            page = browser.new_page(viewport=PHONE)
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.goto(base + "/kirim/")
            page.get_by_role("button", name="Masuk dengan GitHub").wait_for(timeout=20_000)
            text = page.inner_text("body")
            width = page.evaluate("document.documentElement.scrollWidth")
            page.screenshot(path=str(tmp_path / "published-login-360.png"))
        finally:
            browser.close()
    assert "Kesalahan pengaturan" not in text and "Config Errors" not in text
    assert width <= PHONE["width"]
    elsewhere = [url for url in requested if not url.startswith((base, "data:", "blob:"))]
    assert not elsewhere, elsewhere
    assert any(url.endswith("/kirim/decap-cms.js") for url in requested)
