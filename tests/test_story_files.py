"""Files that look like stories but are not read are named by `check` (and so by the build)."""

from __future__ import annotations

import os

import pytest

from conftest import VALID_META, story_text
from kabardesa.cli import main
from kabardesa.reader import scan_story_files

GOOD = story_text(VALID_META)


def problems(project) -> list[str]:
    return [p.format() for p in project.catalog().problems]


@pytest.mark.parametrize(
    "name, fix",
    [
        ("2025-05-23-ronda.md.txt", "2025-05-23-ronda.md"),
        ("2025-05-23-ronda.MD", "2025-05-23-ronda.md"),
        ("2025-05-23-ronda.Md", "2025-05-23-ronda.md"),
        ("2025-05-23-ronda.Markdown", "2025-05-23-ronda.md"),
        ("2025-05-23-ronda.MARKDOWN.txt", "2025-05-23-ronda.md"),
        ("2025-05-23-ronda.mkd", "2025-05-23-ronda.md"),
        ("2025-05-23-ronda.md.bak", "2025-05-23-ronda.md"),
    ],
)
def test_misnamed_story_is_an_error_with_the_new_name(project, name, fix):
    project.write_raw(name, GOOD)
    catalog = project.catalog()
    assert catalog.stories == [] and catalog.files_read == 0
    assert [p.format() for p in catalog.errors] == [
        f"stories/2025/05/{name}:1: berkas ini mirip cerita tetapi tidak dibaca karena akhiran namanya; ganti nama menjadi {fix}"
    ]


@pytest.mark.parametrize("name", ["catatan.txt", "foto.jpg", ".2025-05-23-ronda.md.swp", "README", "md5sum.txt", "2025-05-23-ronda.md~"])
def test_other_files_stay_quiet(project, name):
    project.write_raw(name, "x")
    assert problems(project) == []


def test_dangling_link_is_named(project):
    project.path("2025-05-23-ronda.md").symlink_to(project.root / "tidak-ada.md")
    assert problems(project) == [
        "stories/2025/05/2025-05-23-ronda.md:1: tautan (symlink) ini menunjuk ke berkas yang tidak ada; "
        "hapus tautannya, atau simpan cerita sebagai berkas biasa"
    ]


def test_linked_folder_inside_the_repository_is_named_too(project):
    real = project.root / "arsip"
    real.mkdir()
    (real / "2025-05-23-ronda.md").write_text(GOOD, encoding="utf-8")
    (project.stories / "2025").mkdir()
    (project.stories / "2025" / "06").symlink_to(real, target_is_directory=True)
    assert problems(project) == [
        "stories/2025/06:1: folder ini tautan (symlink) dan tidak dibuka; salin berkas ceritanya ke folder biasa di stories/"
    ]


def test_special_file_with_a_story_name_is_named(project):
    os.mkfifo(project.path("2025-05-23-ronda.md"))
    assert problems(project) == ["stories/2025/05/2025-05-23-ronda.md:1: ini bukan berkas biasa; simpan cerita sebagai berkas biasa"]


def test_a_misnamed_file_given_on_its_own_is_named(project, tmp_path):
    path = project.write_raw("2025-05-23-ronda.MD", GOOD)
    other = project.write_raw("catatan.txt", GOOD)  # named on its own: read as asked
    found, skipped = scan_story_files([path, other])
    assert found == [other]
    assert [s.path for s in skipped] == [path]


def test_check_names_every_unread_lookalike_and_fails(project, tmp_path, capsys, monkeypatch):
    project.write("2025-05-22-baik.md")
    project.write_raw("2025-05-23-ronda.md.txt", GOOD)
    project.write_raw("2025-05-24-ronda.MD", GOOD)
    project.path("2025-05-25-hilang.md").symlink_to(tmp_path / "hilang.md")
    outside = tmp_path / "luar.md"
    outside.write_text(GOOD, encoding="utf-8")
    project.path("2025-05-26-luar.md").symlink_to(outside)
    elsewhere = tmp_path / "folder-lain"
    elsewhere.mkdir()
    (project.stories / "2025" / "06").symlink_to(elsewhere, target_is_directory=True)
    monkeypatch.chdir(project.root)
    assert main(["check"]) == 1
    out, err = capsys.readouterr()
    named = sorted(line.split(":")[0] for line in out.splitlines())
    assert named == [
        "stories/2025/05/2025-05-23-ronda.md.txt",
        "stories/2025/05/2025-05-24-ronda.MD",
        "stories/2025/05/2025-05-25-hilang.md",
        "stories/2025/05/2025-05-26-luar.md",
        "stories/2025/06",
    ]
    assert "5 kesalahan di 5 berkas" in err


def test_an_unreadable_folder_is_named_not_raised(project, monkeypatch):
    """Root ignores permissions, so the failing scandir is simulated."""
    folder = project.stories / "2025" / "05"
    folder.mkdir(parents=True)
    real_scandir = os.scandir

    def scandir(path):
        if os.fspath(path) == os.fspath(folder):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr("kabardesa.reader.os.scandir", scandir)
    assert problems(project) == ["stories/2025/05:1: folder tidak dapat dibuka (Permission denied); periksa izin aksesnya"]
