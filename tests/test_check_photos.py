"""``kabardesa check`` on officers' photos and descriptions, and ``kabardesa foto`` that fixes them.

Each test runs the command as an officer does, in a throw-away project, and reads
what it prints: one ``path:line: message`` line per problem, the fix in the
message, exit code 1 on any error (a ``peringatan:`` never changes it), no
traceback. The skeleton body is covered in test_cli.py.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml
from PIL import Image

from conftest import REPO, Project
from kabardesa.cli import main
from kabardesa.photo_files import GPS_IFD, MAX_ORIGINAL_BYTES, MAX_ORIGINAL_SIDE, photo_users

LINE = re.compile(r"^[^\s:][^:]*:\d+(:\d+)?: \S.*$")  # path:line: message
ORIENTATION = 0x0112
STORY = "2025-05-23-ronda.md"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if argv[0] == "check":
        assert all(LINE.match(line) for line in out.splitlines()), out
    return code, out, err


@pytest.fixture
def in_project(project: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.chdir(project.root)
    return project


def gps_jpeg(path: Path, size: tuple[int, int] = (320, 200), orientation: int | None = None) -> Path:
    """A small JPEG as a phone writes it: a GPS position (and, if given, an orientation)."""
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "S", 2: (7.0, 10.0, 0.0), 3: "E", 4: (112.0, 34.0, 0.0)}
    if orientation:
        exif[ORIENTATION] = orientation
    image = Image.new("RGB", size, (200, 120, 40))
    image.paste((20, 60, 200), (0, 0, size[0] // 4, size[1]))  # a band on the left, to see which way is up
    image.save(path, "JPEG", exif=exif.tobytes(), quality=90)
    with Image.open(path) as check:
        assert check.getexif().get_ifd(GPS_IFD), "the fixture must really carry GPS"
    return path


def noisy_jpeg(path: Path, size: tuple[int, int] = (2400, 1800)) -> Path:
    """A clean JPEG well over 1 MB: noise does not compress."""
    rng = random.Random(7)
    Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3)).save(path, "JPEG", quality=95)
    assert path.stat().st_size > MAX_ORIGINAL_BYTES
    return path


def with_photo(valid_meta: dict, name: str = "ronda.jpg", alt: str = "Warga dan Bhabinkamtibmas berjaga di pos kamling") -> dict:
    return dict(valid_meta, image=name, image_alt=alt)


def line_of(path: Path, key: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(f"{key}:"))


# --- image_alt ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("alt", "fragment"), [("foto", "terlalu umum"), ("IMG_2024.jpg", "adalah nama berkas")])
def test_a_useless_image_alt_is_refused_on_its_line(capsys, in_project, valid_meta, alt, fragment):
    Image.new("RGB", (64, 48), "white").save(in_project.path("ronda.jpg"), "JPEG")
    story = in_project.write(STORY, with_photo(valid_meta, alt=alt))
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert out.splitlines() == [
        f"stories/2025/05/{STORY}:{line_of(story, 'image_alt')}: image_alt '{alt}' {fragment}; "
        f"{out.split('; ', 1)[1].strip()}"
    ]
    assert "tulis" in out and "apa yang terlihat di foto" in out


# --- metadata (GPS) ------------------------------------------------------------------------------


def test_a_photo_with_gps_is_refused_naming_the_command_and_foto_fixes_it(capsys, in_project, valid_meta):
    photo = gps_jpeg(in_project.path("ronda.jpg"), orientation=6)
    story = in_project.write(STORY, with_photo(valid_meta))
    code, out, err = run(capsys, "check")
    assert code == 1
    assert out.startswith(f"stories/2025/05/{STORY}:{line_of(story, 'image')}: foto 'ronda.jpg' masih membawa lokasi GPS")
    assert out.rstrip().endswith("Hapus dengan: kabardesa foto stories/2025/05/ronda.jpg")
    assert len(out.splitlines()) == 1, "one photo, one problem"
    assert "1 kesalahan di 1 berkas (dari 1 berkas cerita dan 1 foto)." in err

    code, fixed, _ = run(capsys, "foto", "stories/2025/05/ronda.jpg")
    assert code == 0 and fixed.startswith("stories/2025/05/ronda.jpg: ") and "lokasi GPS" in fixed
    with Image.open(photo) as image:
        assert not image.getexif() and "exif" not in image.info
        assert image.size == (200, 320), "turned upright: the phone's Orientation 6 is applied, not dropped"
        assert image.getpixel((100, 10))[2] > 150, "the band on the left is now on top, as it was displayed"
    code, out, err = run(capsys, "check")
    assert (code, out) == (0, "")
    assert "Semua beres: 1 berkas cerita dan 1 foto diperiksa (0 draf)." in err


def test_a_photo_given_on_its_own_is_checked_as_a_photo_not_read_as_a_story(capsys, in_project, valid_meta):
    """What pre-commit does when only the photo of an existing story changes."""
    gps_jpeg(in_project.path("ronda.jpg"))
    in_project.write(STORY, with_photo(valid_meta))
    code, out, err = run(capsys, "check", "stories/2025/05/ronda.jpg")
    assert code == 1
    assert out.splitlines() == [
        "stories/2025/05/ronda.jpg:1: foto 'ronda.jpg' masih membawa lokasi GPS, data EXIF (merek ponsel, waktu, "
        "pengaturan kamera) dari ponsel; foto asli tersimpan selamanya di repositori publik (lokasi GPS bisa menunjuk "
        "rumah warga). Hapus dengan: kabardesa foto stories/2025/05/ronda.jpg"
    ]
    assert "UTF-8" not in out and "front-matter" not in out, "a photo never reaches the story reader"
    assert "(dari 0 berkas cerita dan 1 foto)" in err


def test_a_photo_and_its_story_given_together_report_once(capsys, in_project, valid_meta):
    gps_jpeg(in_project.path("ronda.jpg"))
    story = in_project.write(STORY, with_photo(valid_meta))
    code, out, _ = run(capsys, "check", f"stories/2025/05/{STORY}", "stories/2025/05/ronda.jpg")
    assert code == 1
    assert [line.split(": ", 1)[0] for line in out.splitlines()] == [f"stories/2025/05/{STORY}:{line_of(story, 'image')}"]


# --- size ---------------------------------------------------------------------------------------


def test_a_big_photo_is_advice_naming_the_command_and_foto_reduces_it(capsys, in_project, valid_meta):
    photo = noisy_jpeg(in_project.path("ronda.jpg"))
    in_project.write(STORY, with_photo(valid_meta))
    code, out, err = run(capsys, "check")
    assert code == 0, "advice never fails the check"
    lines = out.splitlines()
    assert len(lines) == 2 and all(": peringatan: foto 'ronda.jpg' berukuran " in line for line in lines), lines
    assert "2.400×1.800 piksel" in out and " MB (paling besar 1 MB" in out
    assert all(line.endswith("perkecil dengan: kabardesa foto stories/2025/05/ronda.jpg") for line in lines)
    assert "Semua beres" in err

    assert run(capsys, "check", "stories/2025/05/ronda.jpg")[:2] == (0, out.replace(f"{STORY}:{lines[0].split(':')[1]}", "ronda.jpg:1"))

    code, _, _ = run(capsys, "foto", "stories/2025/05/ronda.jpg")
    assert code == 0
    with Image.open(photo) as image:
        assert max(image.size) <= MAX_ORIGINAL_SIDE and image.width / image.height == pytest.approx(4 / 3, rel=0.01)
    assert photo.stat().st_size <= MAX_ORIGINAL_BYTES
    assert run(capsys, "check")[:2] == (0, "")


# --- photos no story uses -------------------------------------------------------------------------


def test_a_photo_no_story_uses_is_an_error(capsys, in_project, valid_meta):
    in_project.write(STORY, valid_meta)
    Image.new("RGB", (64, 48), "white").save(in_project.path("lupa.jpg"), "JPEG")
    expected = ("stories/2025/05/lupa.jpg:1: foto 'lupa.jpg' tidak dipakai cerita mana pun; tulis 'image: lupa.jpg' "
                "(dan 'image_alt') di front-matter ceritanya, atau hapus berkas stories/2025/05/lupa.jpg agar tidak ikut ter-commit")
    for argv in ([], ["stories/2025/05/lupa.jpg"], ["stories/2025"], ["."]):
        code, out, err = run(capsys, "check", *argv)
        assert (code, out.splitlines()) == (1, [expected]), argv
        assert "1 kesalahan di 1 berkas" in err and "1 foto" in err


def test_an_unused_photo_with_gps_gets_both_problems(capsys, in_project):
    gps_jpeg(in_project.path("lupa.jpg"))
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert [line.split(": ", 1)[1][:40] for line in out.splitlines()] == [
        "foto 'lupa.jpg' masih membawa lokasi GPS",
        "foto 'lupa.jpg' tidak dipakai cerita man",
    ]


def test_a_photo_in_a_subfolder_or_in_the_body_counts_as_used(capsys, in_project, valid_meta):
    Image.new("RGB", (64, 48), "white").save(in_project.path("a.jpg", "2025/05/foto"), "JPEG")
    Image.new("RGB", (64, 48), "white").save(in_project.path("b.jpg"), "JPEG")
    Image.new("RGB", (64, 48), "white").save(in_project.path("x-b.jpg"), "JPEG")
    in_project.write(STORY, with_photo(valid_meta, "foto/a.jpg"), body="Warga berjaga.\n\n![Warga berjaga di pos](./b.jpg)\n")
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert out.splitlines() == [line for line in out.splitlines() if line.startswith("stories/2025/05/x-b.jpg:1: ")], \
        "x-b.jpg is not named by 'b.jpg'"
    stories = in_project.stories
    assert photo_users(stories / "2025/05/foto/a.jpg", stories) == [stories / "2025/05" / STORY]


def test_photos_outside_stories_are_not_the_stories_concern(capsys, in_project, valid_meta):
    in_project.write(STORY, valid_meta)
    (in_project.root / "docs").mkdir()
    Image.new("RGB", (64, 48), "white").save(in_project.root / "docs" / "logo.png")
    code, out, err = run(capsys, "check", ".")
    assert (code, out) == (0, "")
    assert "Semua beres: 1 berkas cerita diperiksa" in err


# --- kabardesa foto: what it refuses -------------------------------------------------------------


def test_foto_refuses_a_symlink(capsys, in_project):
    photo = gps_jpeg(in_project.path("asli.jpg"))
    link = in_project.path("tautan.jpg")
    link.symlink_to(photo.name)
    before = photo.read_bytes()
    code, out, err = run(capsys, "foto", "stories/2025/05/tautan.jpg")
    assert code == 1 and out == ""
    assert err.strip() == "stories/2025/05/tautan.jpg: tautan (symlink) tidak diubah; jalankan pada berkas fotonya sendiri"
    assert photo.read_bytes() == before and link.is_symlink()


@pytest.mark.parametrize(("name", "content", "fragment"), [
    ("catatan.txt", b"bukan foto", "bukan foto JPG, PNG atau WebP; tidak diubah"),
    ("rusak.jpg", b"bukan foto sama sekali", "rusak.jpg"),
    ("tidak-ada.jpg", None, "berkas atau folder tidak ada; periksa ejaan path-nya"),
])
def test_foto_on_something_that_is_not_a_photo_says_so_in_one_line(capsys, in_project, name, content, fragment):
    path = in_project.path(name)
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "foto", f"stories/2025/05/{name}")
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith(f"stories/2025/05/{name}: ") and fragment in err, err
    if content is not None:
        assert path.read_bytes() == content


# --- the officer's assignment --------------------------------------------------------------------


def test_a_story_outside_the_officers_villages_is_advice(capsys, in_project, valid_meta):
    story = in_project.write(STORY, dict(valid_meta, village="tebuwung"))  # Dewi Contoh's village, not Bagus Contoh's
    code, out, err = run(capsys, "check")
    assert code == 0
    assert out.startswith(f"stories/2025/05/{STORY}:{line_of(story, 'village')}: peringatan: Desa Tebuwung bukan desa binaan "
                          "Aipda Bagus Contoh (aipda-contoh-satu); ")
    assert "Semua beres: 1 berkas cerita diperiksa" in err


# --- pre-commit runs the same check on committed photos -------------------------------------------


@pytest.mark.parametrize("config", [".pre-commit-config.yaml", "kabardesa/site_template/dot-pre-commit-config.yaml"])
@pytest.mark.parametrize(("path", "matches"), [
    ("stories/2026/09/x.md", True), ("stories/2026/09/kerja-bakti-sawo.jpg", True), ("stories/2026/09/IMG_1.JPG", True),
    ("stories/x.jpeg", True), ("stories/x.png", True), ("stories/x.webp", True), ("stories/x.WebP", True),
    ("stories/x.gif", False), ("stories/x.jpg.txt", False), ("docs/assets/x.jpg", False), ("data/x.png", False),
])
def test_the_pre_commit_hook_passes_committed_photos_to_check(config, path, matches):
    hooks = [h for repo in yaml.safe_load((REPO / config).read_text(encoding="utf-8"))["repos"] for h in repo["hooks"]]
    (hook,) = [h for h in hooks if h["entry"] == "kabardesa check"]
    assert bool(re.search(hook["files"], path)) is matches
