"""``kabardesa new`` with the web form's reach: several villages, Polsek- and Polres-wide, a photo, a summary, drafts.

Each test runs the command as an officer does, in a throw-away project, then
runs ``kabardesa check`` on what it wrote: ``new`` and ``check`` use the same
field checkers, so they accept and refuse the same values in the same words.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
import yaml
from PIL import Image

from conftest import Project, write_bodies
from kabardesa.cli import main
from kabardesa.photo_files import GPS_IFD, MAX_ORIGINAL_SIDE
from test_check_photos import gps_jpeg

BASE = ["--title", "Sambang Warga", "--date", "2025-05-23 09:00", "--officer", "aipda-contoh-satu", "--category", "sambang"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def in_project(project: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.chdir(project.root)
    return project


def meta_of(project: Project, rel: str) -> dict:
    return yaml.safe_load((project.root / rel).read_text(encoding="utf-8").split("---\n")[1])


def written(project: Project) -> list[str]:
    return sorted(p.relative_to(project.root).as_posix() for p in project.stories.rglob("*") if p.is_file())


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_photo_is_copied_beside_the_story_reduced_and_without_gps(capsys, in_project, tmp_path):
    original = gps_jpeg(tmp_path / "IMG_20250523.JPEG", size=(3000, 2000))
    before = original.read_bytes()
    code, out, err = run(capsys, "new", *BASE, "--village", "Lowayu", "--photo", str(original),
                         "--image-alt", "Bhabinkamtibmas berbincang dengan warga di teras rumah")
    assert code == 0, err
    rel = out.strip()
    meta = meta_of(in_project, rel)
    assert meta["image"] == "2025-05-23-sambang-warga.jpg"
    assert meta["image_alt"] == "Bhabinkamtibmas berbincang dengan warga di teras rumah"
    copy = in_project.root / Path(rel).parent / meta["image"]
    with Image.open(copy) as photo:
        assert max(photo.size) == MAX_ORIGINAL_SIDE and photo.size == (2000, 1333)
        assert not photo.getexif().get_ifd(GPS_IFD) and not photo.getexif()
    assert original.read_bytes() == before  # the officer's own file is left as it was
    assert f"{Path(rel).parent.as_posix()}/{meta['image']}: " in err and "lokasi GPS" in err  # said what was removed
    write_bodies(in_project)
    code, checked, _ = run(capsys, "check")
    assert code == 0, checked


@pytest.mark.parametrize("extra, message", [
    ([], "--image-alt wajib diisi"),
    (["--image-alt", "foto"], "image_alt 'foto' terlalu umum"),
    (["--image-alt", "IMG_20250523.jpg"], "image_alt 'IMG_20250523.jpg' adalah nama berkas"),
])
def test_a_photo_needs_a_real_description_and_nothing_is_written_without_one(capsys, in_project, tmp_path, extra, message):
    original = gps_jpeg(tmp_path / "IMG_20250523.jpg")
    code, out, err = run(capsys, "new", *BASE, "--village", "Lowayu", "--photo", str(original), *extra)
    assert (code, out) == (1, "")
    assert message in err
    assert written(in_project) == []


def test_a_file_that_is_not_a_photo_is_refused_with_nothing_written(capsys, in_project, tmp_path):
    fake = tmp_path / "foto.jpg"
    fake.write_text("<svg onload=alert(1)>", encoding="utf-8")
    code, _, err = run(capsys, "new", *BASE, "--village", "Lowayu", "--photo", str(fake), "--image-alt", "Warga berjaga di pos")
    assert code == 1 and "foto.jpg" in err
    code, _, err = run(capsys, "new", *BASE, "--village", "Lowayu", "--photo", str(tmp_path / "hilang.jpg"), "--image-alt", "Warga berjaga")
    assert code == 1 and "tidak ditemukan" in err
    assert written(in_project) == []


def test_a_story_that_would_fail_check_leaves_no_photo_behind(capsys, in_project, tmp_path):
    original = gps_jpeg(tmp_path / "a.jpg")
    code, _, err = run(capsys, "new", *BASE, "--village", "Lowayu", "--summary", "NIK 3525015305850001 warga",
                       "--photo", str(original), "--image-alt", "Warga berjaga di pos kamling")
    assert code == 1 and "cerita tidak dibuat" in err
    assert written(in_project) == []


def test_drafts_by_default_and_terbit_publishes(capsys, in_project):
    code, out, err = run(capsys, "new", *BASE, "--village", "Lowayu")
    assert code == 0 and meta_of(in_project, out.strip())["draft"] is True
    assert "hapus baris `draft: true`" in err
    code, out, err = run(capsys, "new", *BASE, "--village", "Sawo", "--terbit")
    assert code == 0 and "draft" not in meta_of(in_project, out.strip())
    assert "draft: true" not in err


def test_several_villages_in_one_option_polsek_wide_and_polres_wide(capsys, in_project):
    code, out, _ = run(capsys, "new", *BASE, "--village", "Sawo, Desa Lowayu")
    assert code == 0 and meta_of(in_project, out.strip())["village"] == ["sawo", "lowayu"]
    code, out, _ = run(capsys, "new", *BASE, "--polsek", "Polsek Cerme")
    assert code == 0 and meta_of(in_project, out.strip())["polsek"] == "cerme"
    code, out, _ = run(capsys, "new", *BASE, "--polres")
    meta = meta_of(in_project, out.strip())
    assert code == 0 and "village" not in meta and "polsek" not in meta
    code, out, err = run(capsys, "new", *BASE, "--polres", "--village", "Sawo")
    assert (code, out) == (1, "") and "tertulis --village dan --polres" in err
    write_bodies(in_project)
    assert run(capsys, "check")[0] == 0


def test_names_are_accepted_where_only_one_entry_bears_them(capsys, in_project):
    options = ["--title", "Baksos", "--date", "2025-05-23", "--village", "Lowayu", "--officer", "Aipda Bagus Contoh",
               "--category", "Bakti Sosial"]
    code, out, err = run(capsys, "new", *options)
    assert code == 0, err
    meta = meta_of(in_project, out.strip())
    assert (meta["officer"], meta["category"]) == ("aipda-contoh-satu", "bakti-sosial")


def test_unknown_values_get_the_same_suggestion_as_check(capsys, in_project, valid_meta):
    code, _, new_err = run(capsys, "new", *BASE[:4], "--village", "Lowayu", "--officer", "Bagus", "--category", "sambang")
    assert code == 1
    message = new_err.removeprefix("kabardesa new: ").strip()
    assert message.startswith("petugas 'Bagus' tidak dikenal; maksud Anda: aipda-contoh-satu")
    in_project.write("2025-05-23-x.md", dict(valid_meta, officer="Bagus"))
    code, checked, _ = run(capsys, "check")
    assert code == 1 and message in checked


def test_the_terminal_asks_for_the_place_summary_and_photo(capsys, in_project, monkeypatch, tmp_path):
    original = gps_jpeg(tmp_path / "ronda.jpg")
    answers = [
        "Patroli Dialogis", "2025-05-23 20:00",
        "polsek cermee",                  # unknown Polsek: asked again
        "polsek cerme",
        "Rudi Contoh",                    # an officer's name, unambiguous
        "patroli-dialogis",
        "Warga dan petugas berkeliling kampung.",  # summary
        str(tmp_path / "tidak-ada.jpg"),  # a photo that is not there: asked again
        str(original),
        "foto",                           # too generic: asked again
        "Petugas dan warga berkeliling kampung pada malam hari",
    ]
    monkeypatch.setattr(sys, "stdin", FakeTerminal("\n".join(answers) + "\n"))
    code, out, err = run(capsys, "new")
    assert code == 0, err
    assert "tidak dikenal; maksud Anda: cerme?" in err
    assert "tidak ditemukan" in err and "terlalu umum" in err
    rel = out.strip().splitlines()[-1].split(": ")[-1]
    meta = meta_of(in_project, rel)
    assert meta["polsek"] == "cerme" and meta["officer"] == "aipda-contoh-sebelas"
    assert meta["summary"] == "Warga dan petugas berkeliling kampung."
    assert meta["image"] == "2025-05-23-patroli-dialogis.jpg" and meta["draft"] is True
    write_bodies(in_project)
    assert run(capsys, "check")[0] == 0
