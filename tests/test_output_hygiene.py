"""What `check` prints is inert text (issue 9, items 7 and 8): escaped, never a CI command, never a traceback."""

from __future__ import annotations

import pytest

from conftest import VALID_META, story_text
from kabardesa import catalog as catalog_module
from kabardesa import cli
from kabardesa.cli import main
from kabardesa.problems import Problem, terminal_safe


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("a\x1b[2Jb", "a\\x1b[2Jb"),  # clear-screen escape sequence
        ("a\x1b]8;;http://x\x07b", "a\\x1b]8;;http://x\\x07b"),  # OSC 8 hyperlink
        ("a\x00b\x7fc\x9bd", "a\\x00b\\x7fc\\x9bd"),  # NUL, DEL, C1 CSI
        ("a\nb\rc", "a\\x0ab\\x0dc"),  # one problem is one line
        ("desa\u202eukab", "desa\\u202eukab"),  # right-to-left override
        ("0812\u200b3456\u2066x\u2069", "0812\\u200b3456\\u2066x\\u2069"),  # zero-width space, isolates
        ("a\u2028b\ufeffc", "a\\u2028b\\ufeffc"),  # line separator, BOM
        ("Ronda Malam di Desa Lowayu — 23 Mei", "Ronda Malam di Desa Lowayu — 23 Mei"),  # ordinary text unchanged
    ],
)
def test_message_and_path_are_escaped(raw, shown):
    line = Problem(f"stories/{raw}.md", 3, f"kunci '{raw}' tidak dikenal").format()
    assert line == f"stories/{shown}.md:3: kunci '{shown}' tidak dikenal"


@pytest.mark.parametrize("path", ["::error file=x::dibobol.md", "  ::set-output name=x::y.md", "##[group]x.md", "::add-mask::.md"])
def test_no_line_begins_with_a_workflow_command(path):
    line = Problem(path, 1, "pesan").format()
    assert line == f"./{path}:1: pesan"
    assert not line.lstrip().startswith(("::", "##["))


def test_escaping_cannot_be_undone_into_a_command():
    assert terminal_safe("\n::error::x") == "\\x0a::error::x"
    assert terminal_safe("\u200b::error::x").startswith("\\u200b")


def test_check_prints_hostile_names_and_values_inert(project, capsys, monkeypatch):
    """A file name with an escape sequence, one that is a workflow command, and a key with bidi controls."""
    meta = dict(VALID_META, **{"x\u202e\u200b": "nilai"})
    project.write("2025-05-23-a\x1b[2J\x1b]0;judul\x07.md", meta)
    (project.root / "::error title=Lulus::semua beres.md").write_text(story_text(dict(VALID_META, bogus=1)), encoding="utf-8")
    monkeypatch.chdir(project.root)
    assert main(["check", "stories", "::error title=Lulus::semua beres.md", "::warning::tidak-ada.md"]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 3
    for line in lines + err.splitlines():
        assert line.isprintable(), line
        assert not line.lstrip().startswith(("::", "##[")), line
    assert "stories/2025/05/2025-05-23-a\\x1b[2J\\x1b]0;judul\\x07.md:" in out
    assert "kunci 'x\\u202e\\u200b' tidak dikenal" in out
    assert "./::error title=Lulus::semua beres.md:" in out
    assert "./::warning::tidak-ada.md:1: berkas atau folder tidak ada" in out


# --- no traceback at the edge -------------------------------------------------------------


def boom(*args, **kwargs):
    raise RuntimeError("rusak\x1b[2J")


def test_a_bug_in_one_story_becomes_its_problem(project, capsys, monkeypatch):
    project.write("2025-05-22-baik.md")
    project.write("2025-05-23-pemicu.md")
    real = catalog_module.validate_story

    def flaky(source, *args, **kwargs):
        return boom() if "pemicu" in source.rel_path else real(source, *args, **kwargs)

    monkeypatch.setattr(catalog_module, "validate_story", flaky)
    monkeypatch.delenv("KABARDESA_DEBUG", raising=False)
    monkeypatch.chdir(project.root)
    assert main(["check"]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert out.splitlines() == [
        "stories/2025/05/2025-05-23-pemicu.md:1: kesalahan tak terduga saat memeriksa stories/2025/05/2025-05-23-pemicu.md "
        "(RuntimeError); laporkan ke editor (rinciannya: jalankan ulang dengan KABARDESA_DEBUG=1 atau `kabardesa --debug check`)"
    ]


def test_unexpected_error_at_the_edge_is_one_indonesian_line(project, capsys, monkeypatch):
    monkeypatch.setattr(cli, "load_catalog", boom)
    monkeypatch.delenv("KABARDESA_DEBUG", raising=False)
    monkeypatch.chdir(project.root)
    assert main(["check", "stories"]) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert err.splitlines() == [
        "kabardesa: kesalahan tak terduga saat memeriksa stories (RuntimeError: rusak\\x1b[2J); laporkan ke editor",
        "rinciannya: jalankan ulang dengan `kabardesa --debug ...` atau KABARDESA_DEBUG=1",
    ]


@pytest.mark.parametrize("how", ["flag", "env"])
def test_debug_shows_the_traceback(project, capsys, monkeypatch, how):
    monkeypatch.setattr(cli, "load_catalog", boom)
    monkeypatch.setenv("KABARDESA_DEBUG", "1" if how == "env" else "0")
    monkeypatch.chdir(project.root)
    assert main((["--debug"] if how == "flag" else []) + ["check"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "RuntimeError: rusak" in err
    assert "kesalahan tak terduga saat memeriksa data/ dan stories/" in err


def test_debug_is_documented_in_help(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--debug" in out and "KABARDESA_DEBUG=1" in out and "kode keluar 2" in out
