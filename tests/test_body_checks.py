"""A story body is checked before it is converted: Markdown stays linear, body photos and links work.

Every hostile body here passed `kabardesa check` before body_checks existed (and
most hung or crashed the build); each now fails with its line and the fix.
"""

from __future__ import annotations

import os
import time
from urllib.parse import urljoin

import markdown
import pytest
from PIL import Image

from kabardesa.body_checks import MARKDOWN_EXTENSIONS, limit_problems, local_photos, photo_base_url
from kabardesa.summary import first_paragraph_text
from sitebuild import SiteProject, categories, load_page, officers

PATH = "stories/2025/05/2025-05-23-cerita.md"
FIRST_BODY_LINE = 10  # conftest's story_text: '---', six keys, '---', a blank line
SECONDS = 5.0  # a check that stays linear finishes far below this on a loaded 2-core machine


def timed_check(check_story, valid_meta, body):
    start = time.perf_counter()
    story, lines = check_story(valid_meta, body)
    return time.perf_counter() - start, story, lines


def body_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith(f"{PATH}:")]


# --- Markdown stays linear ------------------------------------------------------------------


@pytest.mark.parametrize("n", [20_000, 40_000])
def test_bracket_runs_are_refused_quickly(check_story, valid_meta, n):
    seconds, story, lines = timed_check(check_story, valid_meta, "[" * n + "\n")
    assert seconds < SECONDS
    assert story is None
    assert any(f"{PATH}:{FIRST_BODY_LINE}: terlalu banyak tanda '['" in line and "tulis '\\['" in line for line in lines), lines


def test_unmatched_brackets_spread_over_many_paragraphs_are_refused(check_story, valid_meta):
    """Each paragraph is small; together they would take 20 s to convert."""
    seconds, story, lines = timed_check(check_story, valid_meta, ("[a" * 100 + "\n\n") * 3_000)
    assert seconds < SECONDS and story is None
    assert any("tanda '[' tanpa pasangan ']'" in line for line in lines)


NESTED = {
    "list": "".join("    " * i + "- butir\n" for i in range(600)),
    "ordered": "".join("    " * i + "1. butir\n" for i in range(600)),
    "markers on one line": "- " * 1_000 + "butir\n",
    "blockquote": ">" * 600 + " kutipan\n",
    "admonition": "".join("    " * i + "!!! note\n" for i in range(600)),
}


@pytest.mark.parametrize("kind", NESTED)
def test_deep_nesting_is_refused_without_recursion_error(check_story, valid_meta, kind):
    seconds, story, lines = timed_check(check_story, valid_meta, "Pembuka.\n\n" + NESTED[kind])
    assert seconds < SECONDS and story is None
    problem = next(line for line in lines if "bertingkat terlalu dalam" in line)
    assert problem.startswith(f"{PATH}:")
    assert "paling banyak 12" in problem and "kurangi" in problem


def test_nested_emphasis_is_refused(check_story, valid_meta):
    body = "*a " * 1_000 + "b" + " c*" * 1_000 + "\n"  # RecursionError in Python-Markdown
    seconds, story, lines = timed_check(check_story, valid_meta, body)
    assert seconds < SECONDS and story is None
    assert any("tanda '*' atau '_'" in line for line in lines)


@pytest.mark.parametrize("body, words", [
    ("<a x='" * 8_000, "tag HTML yang tidak ditutup"),
    ("<![CDATA[" * 2_000, "tanda '['"),
    ("``a`" * 8_000, "tanda '`'"),
    ("a\n===\n" * 8_000, "judul atau garis"),
    ("&amp;" * 80_000, "tanda Markdown/HTML"),
    ("<span>" * 100_000, "tanda Markdown/HTML"),
])
def test_other_superlinear_markup_is_refused(check_story, valid_meta, body, words):
    seconds, story, lines = timed_check(check_story, valid_meta, body)
    assert seconds < SECONDS and story is None
    assert any(words in line for line in lines), lines


def test_the_first_offending_line_is_named(check_story, valid_meta):
    body = "Paragraf biasa.\n\nParagraf kedua.\n\n" + "    " * 20 + "- terlalu dalam\n"
    _, _, lines = timed_check(check_story, valid_meta, body)
    assert any(line.startswith(f"{PATH}:{FIRST_BODY_LINE + 4}: susunan bertingkat") for line in lines), lines


WITHIN = [
    ("[a" * 100 + "\n\n") * 20,
    "<a x='" * 700,
    "- " * 12 + "a\n",
    ("> " * 12 + "a\n\n") * 4_000,
    "*a " * 90 + "b" + " c*" * 90,
    ("Warga [desa](https://contoh.id/desa) *ronda* `kode` &amp; <b>tebal</b>.\n\n") * 2_000,
]


@pytest.mark.parametrize("body", WITHIN, ids=range(len(WITHIN)))
def test_bodies_within_the_limits_convert_quickly(body):
    """The limits are what bounds conversion: right below them Markdown stays fast."""
    assert limit_problems(body) == []
    start = time.perf_counter()
    markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS)).convert(body)
    assert time.perf_counter() - start < SECONDS


def test_summary_of_a_hostile_paragraph_neither_hangs_nor_raises():
    for body in ("[" * 40_000, NESTED["list"], "*a " * 1_000 + "b" + " c*" * 1_000):
        start = time.perf_counter()
        assert first_paragraph_text(body)
        assert time.perf_counter() - start < SECONDS


def test_ordinary_markup_passes(check_story, valid_meta):
    body = (
        "Warga **Lowayu** berkumpul di [pos kamling](https://contoh.id/pos) pukul 19.00.\n\n"
        "- ronda\n    - bergilir\n\n> kutipan warga\n\n## Jadwal\n\n| hari | regu |\n|---|---|\n| Senin | A |\n\n"
        "Lihat juga [berita lain](/berita/2025/05/lain/), [bagian jadwal](#jadwal) dan [surel](mailto:humas@contoh.id).\n"
    )
    story, lines = check_story(valid_meta, body)
    assert lines == [] and story is not None


# --- body images and links -------------------------------------------------------------------


def _photo(project, name="ronda.jpg", folder="2025/05"):
    path = project.path(name, folder)
    Image.new("RGB", (800, 500), (90, 120, 60)).save(path, "JPEG")
    return path


@pytest.mark.parametrize("body", [
    "![pos](https://pelacak.example/pixel.jpg)",
    "![pos](http://pelacak.example/pixel.jpg)",
    "![pos](//pelacak.example/pixel.jpg)",
    '<img src="https://pelacak.example/pixel.gif">',
    "<img src=//pelacak.example>",
    "Teks <img src='//pelacak.example/p.gif' alt=''> di tengah.",
    "![pos][foto]\n\n[foto]: https://pelacak.example/p.jpg",
    "![pos](ftp://pelacak.example/p.jpg)",
    "![pos](/\\pelacak.example/p.gif)",
    '<img src=" //pelacak.example/p.gif">',
])
def test_third_party_images_are_refused(check_story, valid_meta, body):
    story, lines = check_story(valid_meta, "Pembuka.\n\n" + body + "\n")
    assert story is None
    problem = next(line for line in lines if "alamat luar" in line)
    address_line = FIRST_BODY_LINE + 2 + body[: body.index("pelacak.example")].count("\n")  # where the address is written
    assert problem.startswith(f"{PATH}:{address_line}:")
    assert "unggah foto ke samping cerita lalu tulis ![keterangan](nama-foto.jpg)" in problem


def test_protocol_relative_raw_image_is_refused(check_story, valid_meta):
    story, lines = check_story(valid_meta, "<img src=//x>\n")
    assert story is None and any("foto dari alamat luar '//x'" in line for line in lines), lines


def test_a_body_photo_beside_the_story_passes(project, check_story, valid_meta):
    _photo(project)
    story, lines = check_story(valid_meta, "Pembuka.\n\n![Warga berjaga di pos](ronda.jpg)\n")
    assert lines == [] and story is not None
    assert local_photos(story.body, "berita/2025/05/cerita.md") == [("berita/2025/05/ronda.jpg", "ronda.jpg")]
    assert photo_base_url("berita/2025/05/ronda.jpg") == "berita/2025/05/ronda-jpg"


def test_a_missing_body_photo_is_refused(check_story, valid_meta):
    story, lines = check_story(valid_meta, "Pembuka.\n\n![Warga berjaga](tidak-ada.jpg)\n")
    assert story is None
    assert f"{PATH}:{FIRST_BODY_LINE + 2}: berkas foto 'tidak-ada.jpg' tidak ditemukan di samping cerita; unggah foto" in "\n".join(lines)


def test_a_disguised_body_photo_is_refused(project, check_story, valid_meta):
    project.path("palsu.jpg").write_text("bukan gambar", encoding="utf-8")
    story, lines = check_story(valid_meta, "![Warga](palsu.jpg)\n")
    assert story is None and any("palsu.jpg" in line for line in body_lines(lines)), lines


@pytest.mark.parametrize("body, words", [
    ("![Warga](../06/ronda.jpg)", "tanpa '..'"),
    ("![Warga](ronda.gif)", "JPG, PNG atau WebP"),
    ("![](ronda.jpg)", "belum punya keterangan"),
    ('<img src="ronda.jpg" alt="Warga">', "tag <img> ditulis langsung"),
])
def test_body_photos_that_the_build_cannot_use_are_refused(project, check_story, valid_meta, body, words):
    _photo(project)
    _photo(project, folder="2025/06")
    story, lines = check_story(valid_meta, body + "\n")
    assert story is None and any(words in line for line in body_lines(lines)), lines


def test_a_body_photo_linked_out_of_stories_is_refused(project, check_story, valid_meta, tmp_path):
    outside = tmp_path / "rahasia.jpg"
    Image.new("RGB", (50, 50)).save(outside, "JPEG")
    os.symlink(outside, project.path("tautan.jpg"))
    story, lines = check_story(valid_meta, "![Warga](tautan.jpg)\n")
    assert story is None and any("ke luar folder stories/" in line for line in lines), lines


def test_a_relative_story_link_is_refused_with_its_address(project, check_story, valid_meta):
    project.write("2025-05-20-ronda-lain.md")
    story, lines = check_story(valid_meta, "Baca juga [ronda lain](2025-05-20-ronda-lain.md).\n")
    assert story is None
    problem = next(line for line in lines if "tautan '2025-05-20-ronda-lain.md'" in line)
    assert problem.startswith(f"{PATH}:{FIRST_BODY_LINE}:")
    assert "tautkan alamat berita lengkap, misalnya [teks](/berita/2025/05/ronda-lain/)" in problem.lower()


RELATIVE_LINKS = ["[lain](lain.md)", "[x](../06/a.md)", "[x][r]\n\n[r]: lain.md", '<a href="lain.md">x</a>', "[x](dokumen.pdf)"]


@pytest.mark.parametrize("body", RELATIVE_LINKS)
def test_every_relative_link_is_refused(check_story, valid_meta, body):
    story, lines = check_story(valid_meta, body + "\n")
    assert story is None and any("menunjuk berkas relatif" in line for line in lines), lines


# --- the build agrees -------------------------------------------------------------------------


@pytest.mark.build
def test_a_story_with_a_body_photo_that_passes_check_passes_the_strict_build(tmp_path):
    """Before: MkDocs warned "target not found" for ![..](foto.jpg) and --strict failed."""
    project = SiteProject(tmp_path / "proyek")
    officer = officers()[0]
    meta = {"title": "Ronda dengan Foto", "date": "2025-05-23 19:30", "village": officer["villages"][0],
            "officer": officer["id"], "category": categories()[0]["slug"]}
    body = ("Warga berjaga bersama.\n\n![Warga berjaga di pos kamling](ronda-malam.jpg)\n\n"
            "Lihat [foto ukuran penuh](ronda-malam.jpg) dan [berita lain](https://contoh.id/berita/).\n")
    story = project.write_story("ronda-foto", meta, body)
    Image.new("RGB", (1200, 800), (90, 120, 60)).save(story.parent / "ronda-malam.jpg", "JPEG")

    checked = project.check()
    assert checked.returncode == 0, checked.stdout + checked.stderr
    result = project.build()
    assert result.ok, result.output

    page = load_page(result.site, "/berita/2025/05/ronda-foto/")
    images = [img.get("src") for img in page.content.iter("img") if "ronda-malam" in (img.get("src") or "")]
    links = [a.get("href") for a in page.content.iter("a") if "ronda-malam" in (a.get("href") or "")]
    assert images and links
    for url in images + links:
        target = result.site / urljoin("/berita/2025/05/ronda-foto/", url).lstrip("/")
        assert target.is_file(), url
        with Image.open(target) as shown:
            assert shown.format == "JPEG" and shown.width < 1200  # a rendered variant
    assert not list(result.site.rglob("ronda-malam.jpg")), "the original (EXIF and all) is never copied"


@pytest.mark.build
def test_a_relative_story_link_fails_check_and_the_suggested_address_builds(tmp_path):
    project = SiteProject(tmp_path / "proyek")
    officer = officers()[0]
    meta = {"title": "Tautan Relatif", "date": "2025-05-23 19:30", "village": officer["villages"][0],
            "officer": officer["id"], "category": categories()[0]["slug"]}
    project.write_story("lain", dict(meta, title="Berita Lain"), "Cerita lain.\n")
    project.write_story("tautan", meta, "Baca [berita lain](2025-05-23-lain.md).\n")
    checked = project.check()
    assert checked.returncode == 1
    assert "Tautkan alamat berita lengkap, misalnya [teks](/berita/2025/05/lain/)" in checked.stdout
    project.write_story("tautan", meta, "Baca [berita lain](/berita/2025/05/lain/).\n")  # the fix, as told
    assert project.check().returncode == 0
    result = project.build()
    assert result.ok, result.output
