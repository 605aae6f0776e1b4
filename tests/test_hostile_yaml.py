"""Hostile front-matter (issue 9): refused by the reader, quickly, with its line and the fix."""

from __future__ import annotations

import time

import pytest

from conftest import NOW
from kabardesa.reader import MAX_STORY_BYTES, read_story
from kabardesa.validate import validate_story

HEAD = "---\ntitle: Ronda Malam\ndate: 2025-05-23\nofficer: aipda-contoh-satu\ncategory: siskamling\n"

# "Billion laughs": nine levels of nine aliases, 9**9 strings once expanded.
BOMB = "".join(
    [f"a0: &a0 [{', '.join(['lol'] * 9)}]\n"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)]
)


def check(project, registry, content: str | bytes, name: str = "2025-05-23-cerita.md"):
    """Read and validate one file, asserting nothing escapes; the formatted problems."""
    path = project.write_raw(name, content)
    source = read_story(path, project.rel(path))
    _, problems = validate_story(source, registry, stories_root=project.stories, now=NOW)
    return source, [p.format() for p in problems]


PATH = "stories/2025/05/2025-05-23-cerita.md"


def test_alias_bomb_is_refused_before_anything_is_built(project, registry):
    start = time.perf_counter()
    source, lines = check(project, registry, HEAD + BOMB + "draft: *a8\n---\nIsi.\n")
    assert time.perf_counter() - start < 2
    assert source.meta == {}  # nothing constructed
    assert lines[0] == f"{PATH}:6:5: anchor YAML '&a0' tidak diizinkan; hapus '&a0'"
    assert f"{PATH}:7:10: alias YAML '*a0' tidak diizinkan; tulis nilainya langsung di sini" in lines
    assert len(lines) <= 10  # thousands of aliases, a bounded report


def test_a_single_alias_or_anchor_is_refused(project, registry):
    _, lines = check(project, registry, HEAD + "tags: &t [ronda]\nsummary: *t\n---\nIsi.\n")
    assert lines == [
        f"{PATH}:6:7: anchor YAML '&t' tidak diizinkan; hapus '&t'",
        f"{PATH}:7:10: alias YAML '*t' tidak diizinkan; tulis nilainya langsung di sini",
    ]


def test_merge_key_alias_is_refused(project, registry):
    _, lines = check(project, registry, HEAD + "<<: *base\n---\nIsi.\n")
    assert lines == [f"{PATH}:6:5: alias YAML '*base' tidak diizinkan; tulis nilainya langsung di sini"]


def test_duplicated_key_names_both_lines(project, registry):
    _, lines = check(project, registry, HEAD + "draft: true\ntags: [ronda]\ndraft: false\n---\nIsi.\n")
    assert lines == [f"{PATH}:8: kunci 'draft' ditulis dua kali (baris 6 dan baris 8); hapus salah satunya"]


def test_duplicated_required_key_is_not_resolved_by_the_last_one(project, registry):
    source, lines = check(project, registry, HEAD + "title: Judul Kedua\n---\nIsi.\n")
    assert lines == [f"{PATH}:6: kunci 'title' ditulis dua kali (baris 2 dan baris 6); hapus salah satunya"]
    assert source.meta == {}


MAPPING = "nilai 'village' tidak boleh berupa pasangan kunci; tulis satu nilai, atau daftar sederhana seperti village: [satu, dua]"
NESTED = "daftar 'tags' tidak boleh berisi daftar atau pasangan kunci; tulis satu nilai, atau daftar sederhana seperti tags: [satu, dua]"


@pytest.mark.parametrize(
    "line, message",
    [
        ("village: {nama: Lowayu}", MAPPING),
        ("village:\n  nama: Lowayu", MAPPING),
        ("tags: [[ronda], malam]", NESTED),
        ("tags:\n  - - ronda", NESTED),
        ("tags: [{a: 1}]", NESTED),
    ],
)
def test_values_are_scalars_or_flat_lists(project, registry, line, message):
    _, lines = check(project, registry, HEAD + line + "\n---\nIsi.\n")
    assert lines == [f"{PATH}:6: {message}"]


def test_deep_nesting_is_refused_quickly(project, registry):
    for depth in (900, 5000, 200_000):  # under and over libyaml's own limit of 1,000
        start = time.perf_counter()
        _, lines = check(project, registry, HEAD + "tags: " + "[" * depth + "]" * depth + "\n---\nIsi.\n")
        assert time.perf_counter() - start < 2
        assert len(lines) == 1 and lines[0].startswith(f"{PATH}:6")
        assert "tulis satu nilai, atau daftar sederhana" in lines[0]


@pytest.mark.parametrize(
    "value",
    [
        "!!timestamp 0001-01-01 00:00:00+14:00",  # OverflowError in `check` itself on the old code
        "!!timestamp 9999-12-31 23:59:59-14:00",
        "!!float 1e400",
        "!!str 2025-05-23",
        "!!binary aGFsbw==",
    ],
)
def test_every_explicit_tag_is_refused(project, registry, value):
    content = "---\ntitle: Ronda Malam\ndate: " + value + "\nofficer: aipda-contoh-satu\ncategory: siskamling\n---\nIsi.\n"
    _, lines = check(project, registry, content)
    tag = value.split()[0]
    assert lines == [f"{PATH}:3: tag YAML tidak diizinkan ({tag}); hapus tag itu, tulis nilai biasa"]


def test_a_value_that_cannot_be_built_names_its_line(project, registry):
    _, lines = check(project, registry, HEAD + "summary: " + "1" * 5000 + "\n---\nIsi.\n")
    assert lines == [f"{PATH}:6: nilai 'summary' tidak dapat dibaca; apit dengan tanda kutip agar dibaca sebagai teks"]


def test_size_limit(project, registry):
    content = (HEAD + "---\n").encode()
    content += b"x" * (MAX_STORY_BYTES + 1 - len(content))  # one byte over 1 MB
    start = time.perf_counter()
    _, lines = check(project, registry, content)
    assert time.perf_counter() - start < 2
    assert lines == [
        f"{PATH}:1: berkas cerita terlalu besar: 1,00 MB (1.048.577 bita), paling banyak 1 MB (1.048.576 bita); "
        "pendekkan cerita atau bagi menjadi beberapa cerita, dan simpan foto sebagai berkas terpisah di samping cerita"
    ]


def test_size_is_said_in_megabytes(project, registry):
    _, lines = check(project, registry, (HEAD + "---\n").encode() + b"x" * (3 * MAX_STORY_BYTES // 2))
    assert "terlalu besar: 1,50 MB (" in lines[0]


def test_a_story_at_the_limit_is_read(project, registry):
    content = (HEAD + "---\n").encode()
    content += b"x" * (MAX_STORY_BYTES - len(content))
    source, _ = check(project, registry, content)
    assert source.problems == [] and source.size == MAX_STORY_BYTES


@pytest.mark.parametrize(
    "content, where, code",
    [
        (HEAD + "---\nIsi\x00cerita.\n", "7:4", "0000"),  # NUL in the body
        (HEAD.replace("Ronda Malam", "Ronda \x1b[31mMalam"), "2:14", "001B"),  # ESC in the title
        (HEAD + "summary: a\x85b\n---\nIsi.\n", "6:11", "0085"),  # a C1 control (NEL)
        (HEAD + "---\n\nBaris\x0bdua\x7f.\n", "8:6", "000B"),  # vertical tab (and a DEL after it)
    ],
)
def test_control_characters_are_refused_with_line_and_column(project, registry, content, where, code):
    if not content.count("\n---\n"):
        content += "---\nIsi.\n"
    _, lines = check(project, registry, content)
    assert lines[0] == (
        f"{PATH}:{where}: karakter kendali U+{code} tidak diizinkan (hanya Tab dan baris baru); "
        "hapus karakter itu, biasanya terbawa saat menyalin teks"
    )


def test_tab_newline_and_crlf_are_allowed(project, registry):
    source, lines = check(project, registry, (HEAD + "---\r\nIsi\tcerita.\r\n"))
    assert lines == [] and source.body.strip() == "Isi\tcerita."


def test_many_control_characters_give_a_bounded_report(project, registry):
    _, lines = check(project, registry, HEAD + "---\n" + "\x00" * 100_000 + "\n")
    assert len(lines) == 10
    assert lines[-1].endswith("; dan masih ada karakter kendali lain sesudahnya")


def test_check_refuses_the_hostile_files_and_prints_no_traceback(project, capsys, monkeypatch):
    from kabardesa.cli import main

    project.write_raw("2025-05-23-bom.md", HEAD + BOMB + "draft: *a8\n---\nIsi.\n")
    year_one = HEAD.replace("date: 2025-05-23", "date: !!timestamp 0001-01-01 00:00:00+14:00")
    project.write_raw("2025-05-24-tanggal.md", year_one + "---\nIsi.\n")
    project.write_raw("2025-05-25-nul.md", HEAD + "---\nIsi\x00.\n")
    monkeypatch.chdir(project.root)
    start = time.perf_counter()
    assert main(["check"]) == 1
    assert time.perf_counter() - start < 5
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert {line.split(":")[0] for line in out.splitlines()} == {
        "stories/2025/05/2025-05-23-bom.md", "stories/2025/05/2025-05-24-tanggal.md", "stories/2025/05/2025-05-25-nul.md"
    }
