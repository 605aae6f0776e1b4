"""KD_INCREMENTAL=1: a build from the previous site renders only changed pages and equals a full build, byte for byte.

One project goes through a series of changes, built incrementally each time into
the same site/; after each change a copy of the project is built in full (no
previous site, no state) and the two sites must hold the same files with the
same bytes, search bundles included.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from sitebuild import REPO, BuildResult, SiteProject

pytestmark = pytest.mark.build

INCREMENTAL = {"KD_INCREMENTAL": "1"}
FIXED_DAY = {"SOURCE_DATE_EPOCH": "1790000000"}  # the sitemap's dates: both builds on the same day


def story(title: str, village: str, date: str, category: str = "siskamling", **extra: str) -> dict:
    return {"title": title, "date": date, "village": village, "officer": "aipda-contoh-satu", "category": category, **extra}


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _full_build(project: SiteProject, tmp_path: Path, name: str) -> Path:
    """The same sources built from nothing: a copy without .cache/ (no state, no photo cache) and no site."""
    copy = tmp_path / f"penuh-{name}"
    shutil.copytree(project.root, copy, ignore=shutil.ignore_patterns(".cache"))
    site = tmp_path / f"penuh-{name}-site"
    result = SiteProject.__new__(SiteProject)
    result.root = copy
    built = result.build(site, env=FIXED_DAY)
    assert built.ok, built.output
    return site


def _incremental(project: SiteProject, site: Path) -> BuildResult:
    built = project.build(site, env={**INCREMENTAL, **FIXED_DAY})
    assert built.ok, built.output
    return built


def _reused(built: BuildResult) -> int:
    found = re.search(r"build inkremental: (\d+) halaman diambil dari situs sebelumnya, (\d+) dibuat", built.output)
    assert found, built.output
    return int(found.group(1))


# Pagefind's filter files (and the meta file and entry naming them) come out in a different order from
# run to run, even for the same pages: two full builds differ there too. Those are compared by count;
# the pages' records (fragments) and the word index, and every other file, byte for byte.
UNORDERED = re.compile(r"^pagefind/[0-9]{4}/[0-9]{2}/(filter/.*\.pf_filter|pagefind\..*\.pf_meta|pagefind-entry\.json)$")


def _assert_same(incremental_site: Path, full_site: Path) -> None:
    ours, full = _tree(incremental_site), _tree(full_site)
    assert sorted(p for p in ours if not UNORDERED.match(p)) == sorted(p for p in full if not UNORDERED.match(p))
    assert len(ours) == len(full)
    differ = [path for path in ours if not UNORDERED.match(path) and ours[path] != full[path]]
    assert differ == []


def _search_files(site: Path) -> dict[str, bytes]:
    return {path: data for path, data in _tree(site).items() if path.startswith("pagefind/")}


def test_incremental_build_equals_a_full_build(tmp_path: Path) -> None:
    project = SiteProject(tmp_path / "proyek")
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("theme:\n", "theme:\n  custom_dir: overrides\n", 1),
                      encoding="utf-8")
    (project.root / "overrides").mkdir()
    photo = project.write_story("ronda-lowayu", story("Ronda Lowayu", "lowayu", "2026-10-05", image="ronda.jpg",
                                                      image_alt="Warga berjaga di pos kamling"), "Ronda malam.\n")
    Image.new("RGB", (900, 600), (40, 90, 20)).save(photo.parent / "ronda.jpg", quality=85)
    project.write_story("sambang-sawo", story("Sambang Sawo", "sawo", "2026-10-07", "sambang"), "Sambang warga.\n")
    edited = project.write_story("binluh-sekapuk", story("Binluh Sekapuk", "sekapuk", "2026-09-12", "binluh"),
                                 "Penyuluhan bahaya narkoba.\n")
    deleted = project.write_story("patroli-lama", story("Patroli Lama", "lowayu", "2025-03-02", "patroli-dialogis"),
                                  "Patroli tahun lalu.\n")
    project.write_story("patroli-tahun-lalu", story("Patroli Tahun Lalu", "sawo", "2025-03-09", "patroli-dialogis"),
                        "Patroli di Sawo.\n")
    site = tmp_path / "site"

    first = _incremental(project, site)
    assert _reused(first) == 0 and "belum ada build sebelumnya" in first.output
    _assert_same(site, _full_build(project, tmp_path, "awal"))

    # add, edit and delete stories: only what they touch is rendered
    project.write_story("jumat-curhat", story("Jumat Curhat Lowayu", "lowayu", "2026-10-09", "jumat-curhat"),
                        "Warga menyampaikan keluhan.\n")
    edited.write_text(edited.read_text(encoding="utf-8").replace("bahaya narkoba", "bahaya judi daring"), encoding="utf-8")
    deleted.unlink()
    before = _tree(site)
    changed = _incremental(project, site)
    assert _reused(changed) > 0  # the unchanged stories (empty villages show the newest stories: rendered again)
    _assert_same(site, _full_build(project, tmp_path, "cerita"))
    after = _tree(site)
    assert "berita/2025/03/patroli-lama/index.html" in before and "berita/2025/03/patroli-lama/index.html" not in after
    assert "judi daring" in after["berita/2026/09/binluh-sekapuk/index.html"].decode()

    # a photo replaced by one of another size: the story and the listings showing its card (srcset) change
    card = re.compile(rb'ronda-lowayu/foto-240\.jpg" alt="" width="240" height="(\d+)"')
    assert card.search(_tree(site)["desa/lowayu/index.html"]).group(1) == b"160"  # 900 x 600
    Image.new("RGB", (1200, 1200), (90, 40, 20)).save(photo.parent / "ronda.jpg", quality=85)
    _incremental(project, site)
    assert card.search(_tree(site)["desa/lowayu/index.html"]).group(1) == b"240"  # square now
    _assert_same(site, _full_build(project, tmp_path, "foto"))

    # a village security assessment added, then its answers changed: the village card and /keamanan/ follow
    sample = REPO / "asesmen" / "2026" / "10" / "bangeran-2026-10-04.md"
    assessment = project.root / "asesmen" / "2026" / "10" / "lowayu-2026-10-04.md"
    assessment.parent.mkdir(parents=True, exist_ok=True)
    assessment.write_text(sample.read_text(encoding="utf-8").replace("village: bangeran", "village: lowayu"), encoding="utf-8")
    _incremental(project, site)
    assert "Keamanan Lingkungan" in _tree(site)["desa/lowayu/index.html"].decode()
    _assert_same(site, _full_build(project, tmp_path, "asesmen"))
    assessment.write_text(assessment.read_text(encoding="utf-8").replace("one_gate: ya", "one_gate: tidak"), encoding="utf-8")
    _incremental(project, site)
    assert "Sistem satu gerbang" not in _tree(site)["desa/lowayu/index.html"].decode()
    _assert_same(site, _full_build(project, tmp_path, "asesmen-ubah"))

    # a template change: every page again
    (project.root / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block announce %}Uji pengumuman{% endblock %}\n', encoding="utf-8")
    template = _incremental(project, site)
    assert _reused(template) == 0 and "semua halaman dibuat ulang" in template.output
    assert b"Uji pengumuman" in _tree(site)["berita/2026/10/ronda-lowayu/index.html"]
    _assert_same(site, _full_build(project, tmp_path, "templat"))

    # a registry change: every page again
    categories = project.root / "data" / "categories.yml"
    categories.write_text(categories.read_text(encoding="utf-8") + "\n# diubah\n", encoding="utf-8")
    registry = _incremental(project, site)
    assert _reused(registry) == 0 and "semua halaman dibuat ulang" in registry.output
    _assert_same(site, _full_build(project, tmp_path, "registri"))

    # nothing changed: every story and listing page comes from the previous site, every search bundle is kept
    bundles = _search_files(site)
    again = _incremental(project, site)
    assert _search_files(site) == bundles
    assert _reused(again) > 350 and "0 dibuat ulang" in again.output
    carried = re.search(r"(\d+) berkas lain \(umpan RSS, teks WhatsApp, gambar bagikan\) diambil, (\d+) dibuat", again.output)
    assert carried and int(carried.group(1)) > 356 and carried.group(2) == "0", again.output  # every village feed among them
    _assert_same(site, _full_build(project, tmp_path, "tetap"))


def test_a_full_build_forgets_the_incremental_state(tmp_path: Path) -> None:
    project = SiteProject(tmp_path / "proyek")
    project.write_story("ronda-lowayu", story("Ronda Lowayu", "lowayu", "2026-10-05"), "Ronda malam.\n")
    site = tmp_path / "site"
    _incremental(project, site)
    state = project.root / ".cache" / "kabardesa" / "incremental.json"
    assert state.is_file()
    plain = project.build(site)  # make build: the site it writes is not the one the state describes
    assert plain.ok, plain.output
    assert not state.exists()
    assert _reused(_incremental(project, site)) == 0
