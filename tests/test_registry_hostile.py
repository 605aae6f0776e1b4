"""Hostile registry text in data/: refused by the loader, and escaped twice where Pagefind reads it.

A village or category name holding HTML would run as script on the search page
(Pagefind's UI renders filter values as HTML) and reach feed descriptions; a
slug such as ``../../..`` would write files outside site/. The loader refuses
both, naming the file, the line and the fix.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import lxml.html
import material
import pytest

from kabardesa.problems import ProblemsFound
from kabardesa.registry import load_registry
from kabardesa.urls import SITE_LINKS

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
IMG = "<img src=x onerror=alert(1)>"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _append(path: Path, text: str) -> int:
    """Append ``text``; the 1-based number of its first line."""
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def _problems(data_dir: Path) -> list[str]:
    with pytest.raises(ProblemsFound) as caught:
        load_registry(data_dir)
    return [p.format() for p in caught.value.problems]


def _one(lines: list[str], *needles: str) -> str:
    hits = [line for line in lines if all(n in line for n in needles)]
    assert len(hits) == 1, (needles, lines)
    return hits[0]


def test_village_name_with_html_is_refused(data_dir):
    line = _append(data_dir / "villages.csv", f"35.25.01.2099,{IMG},desa,Dukun,img-x,\n")
    hit = _one(_problems(data_dir), "villages.csv", "nama desa")
    assert f"villages.csv:{line}:" in hit and "markup HTML" in hit and "tanpa '<', '>'" in hit


def test_kecamatan_and_alias_with_markup_are_refused(data_dir):
    line = _append(data_dir / "villages.csv", "35.25.01.2099,Baru,desa,Dukun&lt;b&gt;,baru-x,Alias &#60;\n")
    lines = _problems(data_dir)
    assert f"villages.csv:{line}:" in _one(lines, "kecamatan 'Dukun&lt;b&gt;'")
    assert f"villages.csv:{line}:" in _one(lines, "alias desa")


def test_category_slug_that_climbs_out_of_site_is_refused(data_dir):
    line = _append(data_dir / "categories.yml", '- {slug: "../../..", name: Jalan Keluar, meaning: Menulis di luar site}\n')
    hit = _one(_problems(data_dir), "slug kategori '../../..'")
    assert f"categories.yml:{line}:" in hit and "huruf kecil a-z, angka 0-9" in hit


def test_category_name_with_html_is_refused_on_its_own_line(data_dir):
    line = _append(data_dir / "categories.yml", f"- slug: aman\n  name: \"Sambang {IMG}\"\n  meaning: Kunjungan\n")
    hit = _one(_problems(data_dir), "nama kategori")
    assert f"categories.yml:{line + 1}:" in hit


def test_category_meaning_with_control_character_is_refused(data_dir):
    _append(data_dir / "categories.yml", '- {slug: aman, name: Aman, meaning: "Kunjungan\\u202e warga"}\n')
    hit = _one(_problems(data_dir), "arti kategori")
    assert "U+202E" in hit and "hapus karakter itu" in hit


@pytest.mark.parametrize(("entry", "needle"), [
    ('- {id: "../petugas", rank: Aipda, name: X, whatsapp: "+62 812-0000-0099", villages: [lowayu]}\n', "id petugas '../petugas'"),
    ('- {id: aipda-x, rank: "<b>Aipda</b>", name: X, whatsapp: "+62 812-0000-0099", villages: [lowayu]}\n', "pangkat petugas"),
    ('- {id: aipda-x, rank: Aipda, name: "X\\u0000", whatsapp: "+62 812-0000-0099", villages: [lowayu]}\n', "nama petugas"),
])
def test_hostile_officer_entries_are_refused(data_dir, entry, needle):
    line = _append(data_dir / "officers.yml", entry)
    assert f"officers.yml:{line}:" in _one(_problems(data_dir), needle)


def test_polsek_slug_and_name_are_checked(data_dir):
    path = data_dir / "polsek.yml"
    text = path.read_text(encoding="utf-8")
    assert "slug: panceng" in text
    path.write_text(text.replace("slug: panceng", 'slug: "../../polsek"').replace("name: Polsek Panceng", f"name: \"Polsek {IMG}\""), encoding="utf-8")
    lines = _problems(data_dir)
    _one(lines, "polsek.yml", "slug Polsek '../../polsek'")
    _one(lines, "polsek.yml", "nama Polsek")


def test_plain_names_with_an_ampersand_still_load(data_dir):
    _append(data_dir / "categories.yml", "- {slug: ronda-warga, name: Ronda & Siskamling, meaning: Jaga malam bersama}\n")
    assert load_registry(data_dir).categories["ronda-warga"].name == "Ronda & Siskamling"


# -- the story template: Pagefind filters escaped twice ------------------------------


def _story_template() -> Path:
    found = [p for p in sorted((REPO / "overrides").rglob("story.html")) + sorted((REPO / "kabardesa").rglob("story.html"))
             if "data-pagefind-filter" in p.read_text(encoding="utf-8")]
    assert found, "no story template with Pagefind filters"
    return found[0]


def _render_story_content(village_name: str, kecamatan: str, category: str) -> str:
    template = _story_template()
    stub = "{% block kd_social %}{% endblock %}{% block content %}{% endblock %}"
    loader = jinja2.ChoiceLoader([jinja2.DictLoader({"main.html": stub}), jinja2.FileSystemLoader(
        [str(template.parent), str(template.parent.parent), str(Path(material.__file__).parent / "templates")])])
    env = jinja2.Environment(loader=loader)
    env.filters.update(url=lambda v: v, kd_iso=str, kd_date=str)
    village = SimpleNamespace(name=village_name, kecamatan=kecamatan, url="desa/x/", label=f"Desa {village_name}")
    story = SimpleNamespace(title="Judul", draft=False, villages=[village], polsek=[], src_uri="x.md", url="berita/x/",
                            category=SimpleNamespace(name=category, url="kegiatan/x/"), published="2025-05-23",
                            time_label="", tags=[], officer=SimpleNamespace(url="petugas/x/", display_name="Aipda X"))
    kd = SimpleNamespace(story=story, related=[], week=SimpleNamespace(url="w/", title="W"), month=SimpleNamespace(url="m/", title="M"),
                         share_image_url="berita/x/bagikan.jpg", share_image_size=(1200, 630))
    share = SimpleNamespace(whatsapp="", facebook="", telegram="", x="", url="")
    return env.get_template(template.name).render(kd=kd, kd_photos={}, kd_share=lambda *a: share, kd_links=SITE_LINKS,
                                                  config=SimpleNamespace(site_url="https://x/"), page=SimpleNamespace(content=""))


def _filter_source(element: Any) -> str:
    """The text Pagefind takes a filter from: ``name[attribute]`` reads the attribute, else the element's text."""
    match = re.fullmatch(r"[^\[]+\[([^\]]+)\]", element.get("data-pagefind-filter"))
    return element.get(match.group(1)) if match else element.text_content()


def test_pagefind_filter_values_are_inert_when_its_ui_inserts_them_as_html():
    """Even if a name with markup slipped past the registry, the filter text Pagefind stores is escaped HTML.

    Pagefind reads the value as HTML (one decoding), decodes it once more, and its UI
    inserts the result with innerHTML; the build test checks the same on real fragments.
    """
    page = _render_story_content(IMG, f"Kec {IMG}", f"Kat {IMG}")
    spans = lxml.html.fromstring(page).xpath("//*[@data-pagefind-filter]")
    assert len(spans) == 3
    for span in spans:
        stored = html.unescape(_filter_source(span))  # Pagefind 1.5 decodes filter text once more (measured)
        inserted = lxml.html.fragment_fromstring(stored, create_parent="div")  # what its UI does with it
        assert not inserted.xpath(".//img"), stored
        assert IMG in inserted.text_content()
