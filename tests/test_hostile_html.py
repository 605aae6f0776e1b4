"""Hostile HTML from a story body: heading attributes, fake chrome, Material's own ids.

A story sets ``id`` and ``class`` through attribute lists (``{: ... }``) and raw
HTML; a real ``mkdocs build --strict`` must leave no event attribute, no
``autofocus``, no author class or id anywhere, and a table of contents and skip
link that hold only slugified ids. Unit tests of the sanitizer cover the rules
one by one; the build shows that the theme's TOC and skip link, which Material
prints unescaped, are rebuilt from the sanitized headings.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from kabardesa.sanitize import clean_html, clean_story, plain_line
from sitebuild import SiteProject, categories, load_page, officers, site_files

HEADING_PAYLOAD = "## Jadwal {: id='x\" autofocus onfocus=\"alert(1)' }"
BODY = f"""Warga Lowayu menghidupkan ronda bersama Bhabinkamtibmas.

{HEADING_PAYLOAD}

Jadwal ronda dibagi per RT.

<div class="md-dialog md-dialog--active" id="__drawer">Sesi Anda berakhir, masuk lagi</div>

## Kegiatan {{: .md-header #__toc data-toc-label='<img src=x onerror=alert(2)>' }}

<h2 id="__search" class="md-header" onclick="alert(3)">Judul mentah</h2>

## __consent

### Pos <img src=x onerror=alert(4)> kamling

Paragraf terakhir.
"""
STORY_URL = "/berita/2025/05/hostile-html/"
SLUG_ID = re.compile(r"[a-z0-9-]+")
# Ids the theme and the templates give a story page; nothing from the body may repeat one.
THEME_IDS = ("__drawer", "__search", "__toc", "__consent", "__palette_0", "__config", "kd-related-h")
VILLAGE_WITH_AMPERSAND = "Lowayu & Sekitarnya"


# -- unit: the sanitizer alone ----------------------------------------------------


def test_author_ids_and_classes_are_dropped():
    html = clean_html('<p id="__drawer" class="md-dialog md-dialog--active">x</p><span class="md-header">y</span>'
                      '<div class="admonition note md-dialog">z</div>')
    assert html == '<p>x</p><span>y</span><div class="admonition note">z</div>'


def test_headings_get_slug_ids_that_never_name_the_theme():
    story = clean_story('<h2 id="x&quot; autofocus onfocus=&quot;alert(1)">Jadwal</h2><h2>__drawer</h2>'
                        "<h3>kd related h</h3><h2>!!!</h2><h2>Jadwal</h2>")
    assert [h.id for h in story.headings] == ["jadwal", "drawer", "bagian-kd-related-h", "bagian", "jadwal-2"]
    assert 'id="jadwal"' in story.html and "autofocus" not in story.html


def test_heading_titles_are_escaped_text():
    story = clean_story("<h2>Pos <img src=x onerror=alert(1)> &lt;b&gt; &amp; <b>kamling</b></h2>")
    assert story.headings[0].title == "Pos &lt;b&gt; &amp; kamling"


def test_plain_line_drops_controls_and_line_breaks():
    assert plain_line("Ronda\n• palsu https://x\u202e\u0000\u200b\tmalam") == "Ronda • palsu https://x malam"


# -- the real build -----------------------------------------------------------------


def _rename_village(project: SiteProject, slug: str, name: str) -> None:
    path = project.root / "data" / "villages.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    for i, row in enumerate(rows):
        cells = row.split(",")
        if len(cells) > 4 and cells[4] == slug:
            cells[1] = name
            rows[i] = ",".join(cells)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    project = SiteProject(tmp_path_factory.mktemp("heading") / "proyek")
    officer = officers()[0]
    village = officer["villages"][0]
    _rename_village(project, village, VILLAGE_WITH_AMPERSAND)
    meta = {"title": "Ronda kembali ramai", "date": "2025-05-23 19:30", "village": village,
            "officer": officer["id"], "category": categories()[0]["slug"]}
    project.write_story("hostile-html", meta, BODY)
    result = project.build()
    assert result.ok, result.output
    return result.site


def _story(built: Path) -> Any:
    page = load_page(built, STORY_URL)
    assert page.file.is_file()
    return page


@pytest.mark.build
def test_no_event_attribute_or_autofocus_anywhere(built):
    found = []
    for path in site_files(built, (".html",)):
        for el in lxml.html.fromstring(path.read_bytes()).iter():
            for name in el.attrib:
                if name.lower().startswith("on") or name.lower() == "autofocus":
                    found.append(f"{path.relative_to(built)}: <{el.tag} {name}={el.get(name)[:40]!r}>")
    assert not found, "\n".join(found[:20])


@pytest.mark.build
def test_body_keeps_no_author_class_or_id(built):
    body = _story(built).tree.xpath('//div[@class="kd-body"]')
    assert body, "story body not found"
    assert "Sesi Anda berakhir" in body[0].text_content()
    classes = [el.get("class") for el in body[0].iter() if el.get("class") is not None and el is not body[0]]
    assert not classes, classes
    ids = [el.get("id") for el in body[0].iter() if el.get("id") is not None]
    assert ids and all(SLUG_ID.fullmatch(i) for i in ids), ids
    assert all(el.tag in ("h2", "h3", "h4", "h5", "h6") for el in body[0].iter() if el.get("id")), ids


@pytest.mark.build
def test_theme_ids_are_not_duplicated_and_no_fake_dialog(built):
    tree = _story(built).tree
    for theme_id in THEME_IDS:
        assert len(tree.xpath(f'//*[@id="{theme_id}"]')) <= 1, theme_id
    assert tree.xpath('//*[@id="__drawer"]')[0].tag == "input"  # Material's own
    assert not tree.xpath('//*[contains(@class, "md-dialog--active")]')
    assert len(tree.xpath('//*[contains(concat(" ", @class, " "), " md-header ")]')) == 1  # Material's header only


@pytest.mark.build
def test_toc_and_skip_link_hold_only_slugified_ids(built):
    tree = _story(built).tree
    headings = {el.get("id"): el.text_content() for el in tree.xpath('//div[@class="kd-body"]//*[self::h2 or self::h3]')}
    toc = tree.xpath('//nav[contains(@class, "md-nav--secondary")]//a')
    hrefs = [a.get("href") for a in toc]
    assert hrefs == ["#jadwal", "#kegiatan", "#judul-mentah", "#consent", "#pos-kamling"], hrefs
    assert all(h[1:] in headings for h in hrefs), (hrefs, headings)
    assert not tree.xpath('//nav[contains(@class, "md-nav--secondary")]//img')
    skip = tree.xpath('//a[contains(@class, "md-skip")]')
    assert [a.get("href") for a in skip] == ["#jadwal"]


def _pagefind_fragments(site: Path) -> list[dict[str, Any]]:
    found = []
    for path in site_files(site, (".pf_fragment",)):
        try:
            raw = gzip.decompress(path.read_bytes())
        except (OSError, zlib.error):
            continue
        found.append(json.loads(raw[raw.find(b"{"):].decode("utf-8")))
    return found


@pytest.mark.build
def test_pagefind_filter_values_reach_its_ui_escaped(built):
    """Pagefind's UI inserts filter values with innerHTML: the stored value must be escaped HTML."""
    values = [v for f in _pagefind_fragments(built) for v in (f.get("filters") or {}).get("desa", [])]
    assert values == ["Lowayu &amp; Sekitarnya"], values
    assert lxml.html.fragment_fromstring(values[0], create_parent="div").text_content() == VILLAGE_WITH_AMPERSAND
