"""No broken internal link, with ``use_directory_urls: true`` and with ``false``.

The sample site (the repository's stories/, plus one story with a photo in its
body) is built both ways; then every built HTML page is crawled and every
internal address it names (a, link, img, script, source and their srcset;
og:url and og:image) must be a file in site/. Without directory URLs a site is
read from disk, where no server turns ``x/`` into ``x/index.html``: there a
link must name the file. The feeds and the WhatsApp texts, which carry
absolute addresses, are checked the same way.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.etree
import lxml.html
import pytest

from sitebuild import REPO, SiteProject, site_files

pytestmark = pytest.mark.build

SITE_URL = os.environ.get("KD_SITE_URL", "https://kabardesa.example.id/")  # as mkdocs.yml reads it
BODY_PHOTO_STORY = """---
title: Foto Ronda di Tengah Cerita
date: 2026-08-04 20:00
village: Lowayu
officer: aipda-contoh-satu
category: siskamling
---

Warga Lowayu melanjutkan ronda bergilir.

![Pos kamling Lowayu pada malam hari](ronda-lowayu.jpg)

Fotonya juga bisa [dibuka penuh](ronda-lowayu.jpg).
"""
# (tag, attribute) pairs that name another file of the site.
LINKING = (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"), ("iframe", "src"))
SRCSETS = (("img", "srcset"), ("source", "srcset"))
META = ("og:url", "og:image", "twitter:image")
ABSOLUTE_URL = re.compile(r"https?://\S+")


def _build(tmp_path_factory: pytest.TempPathFactory, directory_urls: bool) -> Path:
    project = SiteProject(tmp_path_factory.mktemp("tautan") / "proyek")
    shutil.rmtree(project.root / "stories")
    shutil.copytree(REPO / "stories", project.root / "stories")
    shutil.copytree(REPO / "asesmen", project.root / "asesmen", dirs_exist_ok=True)  # village cards, /keamanan/ links
    (project.root / "stories/2026/08/2026-08-04-foto-ronda-lowayu.md").write_text(BODY_PHOTO_STORY, encoding="utf-8")
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "use_directory_urls" not in text
    config.write_text(text + f"\nuse_directory_urls: {'true' if directory_urls else 'false'}\n", encoding="utf-8")
    result = project.build()
    assert result.ok, result.output
    return result.site


@pytest.fixture(scope="module", params=[True, False], ids=["directory-urls", "flat-urls"])
def built(request, tmp_path_factory) -> tuple[Path, bool]:
    return _build(tmp_path_factory, request.param), request.param


# -- what a page links to ---------------------------------------------------------------------


def _addresses(tree) -> list[str]:
    found = [el.get(attr) for tag, attr in LINKING for el in tree.iter(tag) if el.get(attr)]
    for tag, attr in SRCSETS:
        for el in tree.iter(tag):
            found += [part.split()[0] for part in (el.get(attr) or "").split(",") if part.strip()]
    found += [el.get("content") for el in tree.iter("meta") if el.get("property", el.get("name")) in META and el.get("content")]
    return found


def _target(site: Path, page_path: str, address: str, directory_urls: bool) -> Path | None | str:
    """The file an address on the page at ``page_path`` (``/desa/x/index.html``) names; None when external.

    A string is a broken-link reason that no file check can express.
    """
    address = address.strip()
    if not address or address.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
        return None
    if address.startswith(SITE_URL):
        address = "/" + address.removeprefix(SITE_URL)
    parts = urlsplit(urljoin("http://site.invalid" + page_path, address))
    if parts.netloc != "site.invalid":
        return None
    path = unquote(parts.path)
    if path.endswith("/"):
        if not directory_urls:
            return f"'{address}' menunjuk folder, bukan berkas (tanpa server tidak terbuka)"
        path += "index.html"
    return site / path.lstrip("/")


def _broken(site: Path, page_path: str, addresses: list[str], directory_urls: bool) -> list[str]:
    problems = []
    for address in addresses:
        target = _target(site, page_path, address, directory_urls)
        if isinstance(target, str):
            problems.append(f"{page_path}: {target}")
        elif target is not None and not target.is_file():
            problems.append(f"{page_path}: '{address}' → {target.relative_to(site)} tidak ada")
    return problems


def _page_path(site: Path, file: Path) -> str:
    return "/" + file.relative_to(site).as_posix()


# -- the checks ---------------------------------------------------------------------------------


def test_no_broken_internal_link_in_any_page(built):
    site, directory_urls = built
    pages = list(site_files(site, [".html"]))
    assert len(pages) > 400  # every village has its page
    problems, checked = [], 0
    for file in pages:
        addresses = _addresses(lxml.html.fromstring(file.read_bytes()))
        checked += len(addresses)
        problems += _broken(site, _page_path(site, file), addresses, directory_urls)
    assert not problems, f"{len(problems)} tautan putus dari {checked}:\n" + "\n".join(problems[:40])
    assert checked > 10 * len(pages)


def test_every_page_kind_is_reached_and_named_as_mkdocs_names_it(built):
    """The crawl covers every kind of page (and pagination, photos in the body, feeds) in the mode's own form."""
    site, directory_urls = built
    page = (lambda x: f"{x}/index.html") if directory_urls else (lambda x: f"{x}.html")
    for rel in ["index.html", "berita/index.html", page("berita/halaman/2"), page("berita/2026/08/ronda-bergilir-lowayu"),
                page("desa/lowayu"), page("polsek/dukun"), page("petugas/aipda-contoh-satu"), page("kegiatan/siskamling"),
                "buletin/index.html", page("buletin/2026/08"), page("buletin/2026/minggu-32"), page("polres"), page("cari"),
                "desa/lowayu/feed.xml", "buletin/2026/08/whatsapp.txt", "feed.xml", "feed.json"]:
        assert (site / rel).is_file(), rel
    body_photo = lxml.html.fromstring((site / page("berita/2026/08/foto-ronda-lowayu")).read_bytes())
    photos = [img.get("src") for img in body_photo.iter("img")]
    assert any(src and src.endswith(".jpg") and "ronda-lowayu" in src for src in photos), photos


def test_feeds_and_whatsapp_texts_link_to_built_pages(built):
    site, directory_urls = built
    addresses = [el.text for el in lxml.etree.parse(str(site / "feed.xml")).iter("link") if el.text]
    addresses += [el.text for f in site.glob("desa/*/feed.xml") for el in lxml.etree.parse(str(f)).iter("link") if el.text]
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    addresses += [feed["home_page_url"], feed["feed_url"]] + [item["url"] for item in feed["items"]]
    for text in site.glob("buletin/**/whatsapp.txt"):
        addresses += ABSOLUTE_URL.findall(text.read_text(encoding="utf-8"))
    assert len(addresses) > 50
    assert all(a.startswith(SITE_URL) for a in addresses), [a for a in addresses if not a.startswith(SITE_URL)][:5]
    # The site's home is the one folder address a feed may give (https://…/ is served as index.html).
    addresses = [a for a in addresses if a != SITE_URL]
    problems = _broken(site, "/feed.xml", addresses, directory_urls)
    assert not problems, "\n".join(problems[:40])
