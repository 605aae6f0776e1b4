"""Photo variants rendered for a whole build at once: one render per photo content, the same bytes in parallel."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from kabardesa import photos
from kabardesa.photo_batch import render_all
from kabardesa.photos import PhotoSettings, photo_for, render_variants
from kabardesa.settings import DEFAULTS
from test_photo_cache import _count_decodes


def _settings(root: Path, photo_cache: str | None = DEFAULTS.photo_cache) -> PhotoSettings:
    return PhotoSettings.of(replace(DEFAULTS, photo_cache=photo_cache), root)


def _project(root: Path, count: int) -> list[Path]:
    """``count`` distinct photos beside stories, plus a byte-for-byte copy of the first one in another month."""
    (root / "data").mkdir(parents=True)
    folder = root / "stories/2026/09"
    folder.mkdir(parents=True)
    sources = []
    for k in range(count):
        path = folder / f"foto-{k}.jpg"
        Image.new("RGB", (1000 + 10 * k, 750), (20 * k % 255, 120, 60)).save(path, quality=90)
        sources.append(path)
    (root / "stories/2026/10").mkdir(parents=True)
    copy = root / "stories/2026/10/foto-sama.jpg"
    shutil.copyfile(sources[0], copy)  # a new file time, the same content
    return sources + [copy]


def _base(source: Path) -> str:
    return f"berita/{source.parent.parent.name}/{source.parent.name}/{source.stem}/foto"


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_a_photo_used_twice_is_rendered_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = _project(tmp_path, 2)
    settings = _settings(tmp_path)
    decodes = _count_decodes(monkeypatch)
    shown = [photo_for(source, _base(source), settings) for source in sources]
    written = render_all(shown, tmp_path / "site", settings, processes=1)
    assert written == 3 * 2 * 3  # three stories, WebP and JPEG at 240, 480, 960 px
    assert len(decodes) == 2  # the copy is the same content: its variants come from the first one's
    first, copy = tmp_path / "site" / f"{_base(sources[0])}-480.jpg", tmp_path / "site" / f"{_base(sources[2])}-480.jpg"
    assert first.read_bytes() == copy.read_bytes()
    assert len([p for p in (tmp_path / ".cache").rglob("*") if p.is_file()]) == 2 * 2 * 3


def test_a_fresh_clone_reuses_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = _project(tmp_path, 1)
    settings = _settings(tmp_path)
    render_all([photo_for(sources[0], _base(sources[0]), settings)], tmp_path / "site", settings, processes=1)
    shutil.rmtree(tmp_path / "site")
    sources[0].touch()  # a clone gives every file a new time; the content decides
    photos._headers.clear()
    decodes = _count_decodes(monkeypatch)
    render_all([photo_for(sources[0], _base(sources[0]), settings)], tmp_path / "site", settings, processes=1)
    assert decodes == [] and len(_tree(tmp_path / "site")) == 6


def test_parallel_output_is_identical_to_the_serial_path(tmp_path: Path) -> None:
    serial_root, parallel_root = tmp_path / "serial", tmp_path / "parallel"
    serial_sources = _project(serial_root, 5)
    parallel_sources = _project(parallel_root, 5)
    no_cache = _settings(serial_root, photo_cache=None)
    for source in serial_sources:  # one photo at a time, no cache: the plain path
        render_variants(photo_for(source, _base(source), no_cache), serial_root / "site", no_cache)
    settings = _settings(parallel_root)
    shown = [photo_for(source, _base(source), settings) for source in parallel_sources]
    assert render_all(shown, parallel_root / "site", settings, processes=2) == 6 * 6
    assert _tree(parallel_root / "site") == _tree(serial_root / "site")
    assert render_all(shown, parallel_root / "site", settings, processes=2) == 0  # all there: nothing to do


def test_unwritable_cache_renders_straight_into_the_site(tmp_path: Path) -> None:
    sources = _project(tmp_path, 1)
    (tmp_path / "blocked").write_text("a file where the cache folder should be")
    settings = replace(_settings(tmp_path), cache_dir=tmp_path / "blocked" / "photos")
    shown = [photo_for(source, _base(source), settings) for source in sources]
    assert render_all(shown, tmp_path / "site", settings, processes=1) == 12
    assert len(_tree(tmp_path / "site")) == 12
