"""The photo render cache: variants survive an emptied site/ and are reused, not re-rendered."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from kabardesa import photos
from kabardesa.photos import PhotoSettings, photo_for, render_variants
from kabardesa.settings import DEFAULTS

BASE = "berita/2026/09/ronda-lowayu/foto"


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("data", "stories/2026/09"):
        (tmp_path / name).mkdir(parents=True)
    Image.new("RGB", (1200, 900), (90, 120, 30)).save(tmp_path / "stories/2026/09/ronda.jpg", quality=90)
    return tmp_path


def _settings(project: Path, photo_cache: str | None = DEFAULTS.photo_cache) -> PhotoSettings:
    return PhotoSettings.of(replace(DEFAULTS, photo_cache=photo_cache), project)


def _count_decodes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []
    original = photos._load_upright

    def spy(source: Path) -> Image.Image:
        calls.append(source)
        return original(source)

    monkeypatch.setattr(photos, "_load_upright", spy)
    return calls


def test_cache_sits_in_the_project_and_is_reused_after_site_is_emptied(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = project / "stories/2026/09/ronda.jpg"
    settings = _settings(project)
    assert settings.cache_dir == project / ".cache/kabardesa/photos"
    decodes = _count_decodes(monkeypatch)
    photo = photo_for(source, BASE, settings)
    first = render_variants(photo, project / "site", settings)
    assert len(first) == 6 and len(decodes) == 1  # 240, 480 and 960 px, each as WebP and JPEG
    cached = sorted(p for p in (project / ".cache").rglob("*") if p.is_file())
    assert len(cached) == 6
    for path in first:  # the site gets a link to the entry, byte for byte the same
        path.unlink()
    second = render_variants(photo, project / "site", settings)
    assert sorted(second) == sorted(first) and len(decodes) == 1
    assert {p.read_bytes() for p in second} == {p.read_bytes() for p in cached}


def test_edited_photo_is_rendered_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = project / "stories/2026/09/ronda.jpg"
    settings = _settings(project)
    render_variants(photo_for(source, BASE, settings), project / "site", settings)
    Image.new("RGB", (1200, 900), (10, 10, 200)).save(source, quality=70)
    later = source.stat().st_mtime_ns + 5 * 10**9
    os.utime(source, ns=(later, later))
    decodes = _count_decodes(monkeypatch)
    written = render_variants(photo_for(source, BASE, settings), project / "site", settings)
    assert len(written) == 6 and len(decodes) == 1
    with Image.open(project / "site" / f"{BASE}-480.jpg") as image:
        assert image.convert("RGB").getpixel((10, 10))[2] > 150  # the new, blue picture


def test_cache_can_be_moved_or_switched_off(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    source = project / "stories/2026/09/ronda.jpg"
    elsewhere = tmp_path_factory.mktemp("cache")
    settings = _settings(project, str(elsewhere))  # photo_cache: an absolute folder
    assert settings.cache_dir == elsewhere
    render_variants(photo_for(source, BASE, settings), project / "site", settings)
    assert len([p for p in elsewhere.rglob("*") if p.is_file()]) == 6
    assert not (project / ".cache").exists()
    relative = _settings(project, "tmp/foto")  # relative to the site's folder
    assert relative.cache_dir == project / "tmp/foto"


def test_cache_switched_off_writes_only_into_the_site(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = project / "stories/2026/09/ronda.jpg"
    settings = _settings(project, None)
    assert settings.cache_dir is None
    decodes = _count_decodes(monkeypatch)
    written = render_variants(photo_for(source, BASE, settings), project / "site", settings)
    assert {p for p in project.rglob("*") if p.is_file()} == {source, *written}
    for path in written:
        path.unlink()
    render_variants(photo_for(source, BASE, settings), project / "site", settings)
    assert len(decodes) == 2  # nothing kept: decoded again


def test_unwritable_cache_falls_back_to_the_site(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = project / "not-a-folder"
    blocker.write_text("x")
    settings = _settings(project, str(blocker / "cache"))
    written = render_variants(photo_for(project / "stories/2026/09/ronda.jpg", BASE, settings), project / "site", settings)
    assert len(written) == 6 and all(p.is_file() for p in written)
