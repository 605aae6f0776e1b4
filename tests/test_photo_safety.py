"""Hostile or careless photos: refused by `kabardesa check` itself, in Indonesian, never decoded by
an outside program (Ghostscript), never decoded at all when the header already breaks a limit."""

from __future__ import annotations

import struct
from dataclasses import replace
import subprocess
import time
import warnings
import zlib
from pathlib import Path

import pytest
from PIL import EpsImagePlugin, Image, ImageFile

from kabardesa import cli, photos
from kabardesa.photos import MAX_ASPECT, MAX_PIXELS, MAX_SIDE, PhotoError, PhotoSettings, inspect_photo, photo_for, render_variants
from kabardesa.settings import DEFAULTS

from conftest import VALID_META, Project

BASE = "berita/2025/05/cerita/foto"
NO_CACHE = PhotoSettings.of(replace(DEFAULTS, photo_cache=None), Path("."))
EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 40 30\n0 0 moveto 40 30 lineto stroke\nshowpage\n%%EOF\n"
HTML = b"<!doctype html>\n<html><body><script>alert(1)</script></body></html>\n"


def png_header(path: Path, width: int, height: int) -> Path:
    """A valid PNG header declaring ``width`` x ``height`` with (almost) no pixel data behind it."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))
    return path


def story_with_photo(project: Project, name: str, content: bytes | None = None) -> tuple[Path, Path]:
    """A valid story whose ``image`` is ``name``; the photo gets ``content`` when given."""
    photo = project.path(name)
    if content is not None:
        photo.write_bytes(content)
    story = project.write("2025-05-23-cerita.md", {**VALID_META, "image": name, "image_alt": "Warga di pos kamling"})
    return story, photo


def image_errors(project: Project, story: Path, registry) -> list[str]:
    result, problems = project.validate(story, registry)
    messages = [p.message for p in problems if p.field == "image" and p.severity == "error"]
    assert messages and result is None, problems
    return messages


@pytest.fixture()
def no_ghostscript(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record any use of Pillow's EPS reader, Ghostscript or a child process."""
    used: list[str] = []

    def spy(what: str):
        def record(*args: object, **kwargs: object) -> None:
            used.append(what)
            raise AssertionError(f"{what} dipanggil")
        return record

    monkeypatch.setattr(EpsImagePlugin.EpsImageFile, "_open", spy("EpsImageFile._open"))
    monkeypatch.setattr(EpsImagePlugin, "Ghostscript", spy("Ghostscript"))
    for name in ("Popen", "run", "call", "check_call", "check_output"):
        monkeypatch.setattr(subprocess, name, spy(f"subprocess.{name}"))
    return used


@pytest.fixture(autouse=True)
def fresh_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(photos, "_inspected", {})
    monkeypatch.setattr(photos, "_headers", {})


def _count_decodes(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    decoded: list[object] = []
    original = ImageFile.ImageFile.load

    def spy(self: ImageFile.ImageFile) -> object:
        decoded.append(self)
        return original(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    return decoded


# -- disguised files --------------------------------------------------------------------------


def test_eps_fixture_is_what_pillow_would_hand_to_ghostscript(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Guards the next test: without the allowed formats named, Pillow picks its EPS reader by
    # content, and decoding runs Ghostscript (what the old photos.py did at build).
    source = tmp_path / "foto.jpg"
    source.write_bytes(EPS)
    calls: list[object] = []
    monkeypatch.setattr(EpsImagePlugin, "Ghostscript", lambda *args, **kwargs: calls.append(args) or Image.new("RGB", (40, 30)).im)
    with Image.open(source) as image:
        assert image.format == "EPS" and isinstance(image, EpsImagePlugin.EpsImageFile)
        image.load()
    assert calls


def test_eps_named_jpg_is_refused_by_check_and_never_reaches_ghostscript(
        project: Project, registry, no_ghostscript: list[str]) -> None:
    story, photo = story_with_photo(project, "foto.jpg", EPS)
    [message] = image_errors(project, story, registry)
    assert "foto.jpg" in message and "PostScript" in message and "ekspor ulang foto sebagai JPG" in message
    with pytest.raises(PhotoError, match="foto.jpg"):  # the build path refuses it too
        photo_for(photo, BASE, NO_CACHE)
    assert no_ghostscript == []


def test_html_named_png_is_refused_by_check(project: Project, registry) -> None:
    story, _ = story_with_photo(project, "foto.png", HTML)
    [message] = image_errors(project, story, registry)
    assert "foto.png" in message and "HTML" in message and "bukan JPG, PNG atau WebP" in message


def test_png_named_jpg_is_accepted_because_content_decides(project: Project, registry) -> None:
    # Decision: the site only ever gets re-encoded variants, so a suffix that does not match an
    # allowed content (phones and chat apps rename files) is harmless and not reported.
    story, photo = story_with_photo(project, "foto.jpg")
    Image.new("RGB", (800, 600), "white").save(photo, "PNG")
    result, problems = project.validate(story, registry)
    assert problems == [] and result is not None and result.image == photo


# -- broken files -----------------------------------------------------------------------------


def test_truncated_jpeg_is_refused_by_check_not_only_at_build(project: Project, registry) -> None:
    whole = project.path("utuh.jpg")
    Image.effect_noise((1200, 900), 50).convert("RGB").save(whole, "JPEG", quality=90)
    story, _ = story_with_photo(project, "foto.jpg", whole.read_bytes()[:20_000])  # header intact, pixels cut
    [message] = image_errors(project, story, registry)
    assert "foto.jpg" in message and "rusak atau terpotong" in message


def test_png_with_a_broken_checksum_is_refused(project: Project, registry) -> None:
    story, photo = story_with_photo(project, "foto.png")
    Image.new("RGB", (300, 200), "white").save(photo, "PNG")
    data = bytearray(photo.read_bytes())
    data[-20] ^= 0xFF  # inside the IDAT chunk's data or checksum
    photo.write_bytes(bytes(data))
    [message] = image_errors(project, story, registry)
    assert "rusak atau terpotong" in message


# -- limits checked from the header ---------------------------------------------------------------


def test_tall_png_is_refused_by_check_in_indonesian_without_traceback(
        project: Project, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    story, photo = story_with_photo(project, "foto.png")
    Image.new("L", (400, 20_000), 128).save(photo, "PNG")  # WebP cannot encode a side over 16,383 px
    monkeypatch.chdir(project.root)
    assert cli.main(["check"]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    lines = [line for line in out.splitlines() if "foto.png" in line]
    assert any("400×20.000 px" in line and "16.383" in line for line in lines), out
    assert any("potong foto" in line and "1:50" in line for line in lines), out
    assert all(line.startswith(project.rel(story) + ":") for line in lines)
    with pytest.raises(PhotoError, match="potong foto"):  # the build refuses it before the encoder
        photo_for(photo, BASE, NO_CACHE)


def test_limits_accept_a_photo_on_the_boundary(tmp_path: Path) -> None:
    source = tmp_path / "panjang.png"
    Image.new("RGB", (400, 400 * MAX_ASPECT), "white").save(source)
    assert inspect_photo(source) == []
    assert photo_for(source, BASE, NO_CACHE).height == 400 * MAX_ASPECT


@pytest.mark.parametrize("size", [(100_000, 100_000), (8_000, 6_000), (MAX_SIDE + 1, 4_096)],
                         ids=["bomb", "above-limit", "wide-side"])
def test_huge_declared_size_is_refused_without_decoding(
        project: Project, registry, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]) -> None:
    story, photo = story_with_photo(project, "foto.png")
    png_header(photo, *size)
    decoded = _count_decodes(monkeypatch)
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no DecompressionBombWarning leaks out either
        messages = image_errors(project, story, registry)
        with pytest.raises(PhotoError):
            photo_for(photo, BASE, NO_CACHE)
    assert time.perf_counter() - started < 2 and decoded == []
    assert all("foto.png" in m and "perkecil foto" in m for m in messages)
    assert any("40 juta piksel" in m for m in messages)
    assert any(f"{MAX_SIDE + 1:,}".replace(",", ".") in m for m in messages) == (size[0] == MAX_SIDE + 1)


# -- speed: decoded once per file version ----------------------------------------------------------


def test_inspection_decodes_once_per_file_version(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    photo = project.path("foto.jpg")
    Image.new("RGB", (1200, 900), "white").save(photo, "JPEG")
    decoded = _count_decodes(monkeypatch)
    assert inspect_photo(photo) == [] and len(decoded) == 1
    assert inspect_photo(photo) == [] and len(decoded) == 1  # same process (mkdocs serve)
    monkeypatch.setattr(photos, "_inspected", {})
    assert inspect_photo(photo) == [] and len(decoded) == 1  # next process: marker in .cache/
    Image.new("RGB", (1200, 900), "black").save(photo, "JPEG", quality=50)  # edited: decoded again
    assert inspect_photo(photo) == [] and len(decoded) == 2


def test_inspection_outside_a_project_still_decodes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    photo = tmp_path / "foto.webp"
    Image.new("RGB", (640, 480), "white").save(photo, "WEBP")
    decoded = _count_decodes(monkeypatch)
    assert inspect_photo(photo) == [] and len(decoded) == 1
    monkeypatch.setattr(photos, "_inspected", {})
    assert inspect_photo(photo) == [] and len(decoded) == 2


def test_render_refuses_a_photo_swapped_after_its_header_was_read(tmp_path: Path, no_ghostscript: list[str]) -> None:
    source = tmp_path / "foto.jpg"
    Image.new("RGB", (800, 600), "white").save(source, "JPEG")
    photo = photo_for(source, BASE, NO_CACHE)
    source.write_bytes(EPS)  # replaced between on_files and on_post_build
    with pytest.raises(PhotoError, match="foto.jpg"):
        render_variants(photo, tmp_path / "site", NO_CACHE)
    assert no_ghostscript == []
