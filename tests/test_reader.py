"""Reading a story file: encodings, front-matter, YAML errors with their line, safe loading."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kabardesa.reader import read_story, scan_story_files

GOOD = "---\ntitle: Ronda Malam\ndate: 2025-05-23\nofficer: aipda-contoh-satu\ncategory: siskamling\n---\n\nIsi cerita.\n"


def read(tmp_path: Path, content: str | bytes, name: str = "cerita.md"):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return read_story(path, name)


def lines(story) -> list[str]:
    return [p.format() for p in story.problems]


def test_good_story(tmp_path):
    story = read(tmp_path, GOOD)
    assert story.problems == []
    assert story.meta == {"title": "Ronda Malam", "date": "2025-05-23", "officer": "aipda-contoh-satu", "category": "siskamling"}
    assert story.key_lines == {"title": 2, "date": 3, "officer": 4, "category": 5}
    assert story.body.strip() == "Isi cerita."
    assert story.size == len(GOOD.encode()) and story.mtime_ns > 0


def test_dates_stay_text_for_the_validator(tmp_path):
    story = read(tmp_path, "---\ndate: 2025-05-23 09:30\nother: 2025-05-23\n---\n")
    assert story.meta == {"date": "2025-05-23 09:30", "other": "2025-05-23"}


def test_bom_and_crlf_are_fine(tmp_path):
    plain = read(tmp_path, GOOD, "lf.md")
    windows = read(tmp_path, b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8"), "crlf.md")
    assert windows.problems == []
    assert windows.meta == plain.meta
    assert windows.key_lines == plain.key_lines
    assert "\r" not in windows.body
    old_mac = read(tmp_path, GOOD.replace("\n", "\r"), "cr.md")
    assert old_mac.problems == [] and old_mac.meta == plain.meta


def test_key_lines_after_blank_lines_and_comments(tmp_path):
    story = read(tmp_path, "---\n# komentar\n\ntitle: T\n\ndate: 2025-05-23\n---\n")
    assert story.key_lines == {"title": 4, "date": 6}


@pytest.mark.parametrize("content", [b"", b"   \n\n\t\n", b"\r\n"])
def test_empty_file(tmp_path, content):
    story = read(tmp_path, content)
    assert lines(story) == ["cerita.md:1: berkas kosong; isi dengan front-matter dan cerita (lihat `kabardesa new`)"]


def test_not_utf8_names_the_line(tmp_path):
    story = read(tmp_path, "---\ntitle: Kopi\n".encode() + "date: 23 Mei 2025 caf\u00e9\n---\n".encode("latin-1"))
    assert lines(story) == ["cerita.md:3: berkas bukan UTF-8; simpan ulang dengan encoding UTF-8"]


def test_utf16_is_not_utf8(tmp_path):
    story = read(tmp_path, GOOD.encode("utf-16"))
    assert [p.message for p in story.problems] == ["berkas bukan UTF-8; simpan ulang dengan encoding UTF-8"]


@pytest.mark.parametrize(
    "content",
    ["Judul: Ronda\nIsi cerita tanpa front-matter.\n", "\n---\ntitle: T\n---\n", "# Ronda Malam\n\nIsi.\n", "title: T\ndate: 2025-05-23\n"],
)
def test_no_front_matter(tmp_path, content):
    story = read(tmp_path, content)
    assert len(story.problems) == 1
    assert story.problems[0].format().startswith("cerita.md:1: front-matter tidak ada; baris pertama harus '---'")


def test_front_matter_not_closed(tmp_path):
    story = read(tmp_path, "---\ntitle: T\ndate: 2025-05-23\n\nIsi cerita.\n")
    assert lines(story) == ["cerita.md:1: front-matter tidak ditutup; tambahkan baris '---' setelah kunci terakhir"]


@pytest.mark.parametrize(
    "content, line, fragment",
    [
        # an unclosed list: the parser stops at the next key
        ("---\ntitle: T\ndate: 2025-05-23\nvillage: [Lowayu, Sawo\ncategory: sambang\n---\n", 5, "daftar [ ... ] belum ditutup dengan ']'"),
        # a key indented under a plain value
        ("---\ntitle: T\n  date: 2025-05-23\nofficer: x\n---\n", 3, "ada titik dua (:) di tempat yang salah"),
        # a colon-space inside an unquoted value
        ("---\ntitle: Ronda: malam\ndate: 2025\n---\n", 2, "apit dengan tanda kutip"),
        # a tab used for indentation
        ("---\ntitle: T\n\tdate: 2025\n---\n", 3, "ada karakter Tab; ganti dengan spasi"),
        # the same after a BOM and CRLF line ends
        ("\ufeff---\r\ntitle: T\r\n\r\n  date: 2025\r\n---\r\n", 4, "ada titik dua (:) di tempat yang salah"),
    ],
)
def test_malformed_yaml_names_its_line(tmp_path, content, line, fragment):
    story = read(tmp_path, content)
    assert len(story.problems) == 1
    formatted = story.problems[0].format()
    assert formatted.startswith(f"cerita.md:{line}: YAML front-matter tidak valid: ")
    assert fragment in formatted


def test_front_matter_must_be_a_mapping(tmp_path):
    story = read(tmp_path, "---\n- title\n- date\n---\n")
    assert lines(story) == ["cerita.md:1: front-matter harus berupa pasangan 'kunci: nilai'"]


def test_empty_front_matter_reads_as_no_keys(tmp_path):
    story = read(tmp_path, "---\n---\nIsi.\n")
    assert story.problems == [] and story.meta == {}


def test_unhashable_key_is_invalid_yaml_not_a_tag(tmp_path):
    story = read(tmp_path, "---\ntitle: T\n? [a, b]\n: c\n---\n")
    assert lines(story) == ["cerita.md:3:3: kunci front-matter harus berupa kata biasa, bukan daftar atau pasangan; tulis 'kunci: nilai'"]


# --- YAML is loaded safely --------------------------------------------------------


def bomb(target: Path) -> str:
    """Front-matter whose tag, under an unsafe loader, creates ``target``."""
    return (
        "---\ntitle: T\ndate: 2025-05-23\nofficer: aipda-contoh-satu\ncategory: sambang\n"
        f"summary: !!python/object/apply:builtins.open [\"{target.as_posix()}\", \"w\"]\n---\nIsi.\n"
    )


def test_the_bomb_would_go_off_with_an_unsafe_loader(tmp_path):
    """Proves the fixture below is real: PyYAML's unsafe loader creates the file."""
    target = tmp_path / "dibuat-oleh-yaml.txt"
    front = bomb(target).split("---\n")[1]
    yaml.unsafe_load(front)["summary"].close()
    assert target.exists()


def test_python_tag_is_an_error_and_never_executed(tmp_path):
    target = tmp_path / "tidak-boleh-ada.txt"
    story = read(tmp_path, bomb(target))
    assert not target.exists()
    assert lines(story) == [
        "cerita.md:6: tag YAML tidak diizinkan (!!python/object/apply:builtins.open); hapus tag itu, tulis nilai biasa"
    ]
    assert story.meta == {}


@pytest.mark.parametrize(
    "value, tag",
    [
        ("!!python/name:os.system", "!!python/name:os.system"),
        ("!!python/object/new:os.system [echo]", "!!python/object/new:os.system"),
        ("!!python/object:__main__.X {}", "!!python/object:__main__.X"),
        ("!buatan x", "!buatan"),
    ],
)
def test_other_unsafe_or_unknown_tags(tmp_path, value, tag):
    story = read(tmp_path, f"---\ntitle: T\nsummary: {value}\n---\n")
    assert lines(story) == [f"cerita.md:3: tag YAML tidak diizinkan ({tag}); hapus tag itu, tulis nilai biasa"]


@pytest.mark.parametrize(
    "value, tag",
    [
        ("!!int abc", "!!int"),
        ("!!float x", "!!float"),
        ("!!timestamp 2025-02-30", "!!timestamp"),
        ("!!str 2025-05-23", "!!str"),
    ],
)
def test_standard_tags_are_refused_too(tmp_path, value, tag):
    """Every explicit tag is refused before any value is built (DESIGN.md: tags are errors)."""
    story = read(tmp_path, f"---\ntitle: T\n\ndate: {value}\n---\n")
    assert lines(story) == [f"cerita.md:4: tag YAML tidak diizinkan ({tag}); hapus tag itu, tulis nilai biasa"]


def test_unreadable_path_is_reported(tmp_path):
    story = read_story(tmp_path / "tidak-ada.md", "tidak-ada.md")
    assert [p.line for p in story.problems] == [1]
    assert story.problems[0].message.startswith("berkas tidak dapat dibaca")


# --- finding story files -------------------------------------------------------------


def test_find_story_files(tmp_path):
    for name in ("2025/05/b.md", "2025/05/a.md", "2025/06/c.markdown", "2025/05/foto.jpg", "2025/05/catatan.txt", "README"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "2025" / "folder.md").mkdir()
    found, _ = scan_story_files([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["2025/05/a.md", "2025/05/b.md", "2025/06/c.markdown"]


def test_find_story_files_given_files_and_folders(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.md").write_text("x", encoding="utf-8")
    single = tmp_path / "y.txt"
    single.write_text("x", encoding="utf-8")
    found, _ = scan_story_files([tmp_path / "a", single, tmp_path / "a" / "x.md", tmp_path / "tidak-ada"])
    assert found == sorted([tmp_path / "a" / "x.md", single])


def test_unusual_yaml_problem_keeps_the_parser_words_and_a_hint(tmp_path):
    story = read(tmp_path, "---\ntitle: T\nx: 1\n\"a\" b: 2\n---\n")
    [formatted] = [p.format() for p in story.problems]
    assert formatted.startswith("cerita.md:")
    assert formatted.endswith("; periksa titik dua, tanda kutip dan indentasi")
