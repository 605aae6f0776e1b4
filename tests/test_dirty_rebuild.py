"""`mkdocs serve --dirty`: a rebuild re-renders the edited story, the stories and listings
that show it, and skips every page whose content did not change (decided by what the page
shows, not by file times)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sitebuild import SiteProject

pytestmark = pytest.mark.build

# Two dirty builds in one process, as `mkdocs serve --dirty` does (hook state survives).
DRIVER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file, site, story, new_title = sys.argv[1:5]

    def run():
        config = load_config(config_file, site_dir=site)
        config.plugins.on_startup(command="serve", dirty=True)
        build(config, dirty=True)

    run()
    print("FIRST-DONE", flush=True)
    sys.stdin.readline()  # the test records modification times, then lets us go on
    path = Path(story)
    path.write_text(path.read_text(encoding="utf-8").replace("title: Ronda Pertama", "title: " + new_title), encoding="utf-8")
    run()
""")


def story(title: str, village: str, date: str) -> dict:
    return {"title": title, "date": date, "village": village, "officer": "aipda-contoh-satu", "category": "siskamling"}


def test_dirty_rebuild_skips_unchanged_listing_pages(tmp_path: Path):
    project = SiteProject(tmp_path / "proyek")
    edited = project.write_story("ronda-pertama", story("Ronda Pertama", "lowayu", "2026-10-05"), "Isi cerita pertama.\n")
    project.write_story("ronda-kedua", story("Ronda Kedua", "lowayu", "2026-10-06"), "Isi cerita kedua.\n")
    project.write_story("sambang-sawo", story("Sambang Sawo", "sawo", "2026-10-07"), "Isi cerita ketiga.\n")
    site = tmp_path / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(project.root / "mkdocs.yml"), str(site), str(edited), "Ronda Pertama Diubah"],
        cwd=project.root, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    output = []
    for line in proc.stdout:
        output.append(line)
        if line.startswith("FIRST-DONE"):
            break
    pages = {name: site / name / "index.html" for name in
             ("desa/lowayu", "desa/sawo", "polsek/dukun", "petugas/aipda-contoh-satu", "kegiatan/sambang",
              "berita/2026/10/ronda-pertama", "berita/2026/10/ronda-kedua", "berita/2026/10/sambang-sawo")}
    before = {name: path.stat().st_mtime_ns for name, path in pages.items()}
    proc.stdin.write("\n")
    proc.stdin.flush()
    rest, _ = proc.communicate(timeout=240)
    assert proc.returncode == 0, "".join(output) + rest
    changed = {name for name, path in pages.items() if path.stat().st_mtime_ns != before[name]}
    # kegiatan/sambang has no stories of its own, so it shows the newest of all, the edited one among them
    # ronda-kedua's file is older than its page, but its "Cerita lain dari Desa Lowayu" shows the edited title
    assert changed == {"desa/lowayu", "polsek/dukun", "petugas/aipda-contoh-satu", "berita/2026/10/ronda-pertama",
                       "berita/2026/10/ronda-kedua", "kegiatan/sambang"}
    assert "Ronda Pertama Diubah" in pages["berita/2026/10/ronda-kedua"].read_text(encoding="utf-8")
    assert "Ronda Pertama Diubah" in pages["kegiatan/sambang"].read_text(encoding="utf-8")
    assert "Ronda Pertama Diubah" in pages["desa/lowayu"].read_text(encoding="utf-8")
    assert "Ronda Pertama Diubah" in pages["berita/2026/10/ronda-pertama"].read_text(encoding="utf-8")


SERVE_BUILD = textwrap.dedent("""
    import sys
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(sys.argv[1], site_dir=sys.argv[2])
    config.plugins.on_startup(command=sys.argv[3], dirty=False)
    build(config)
""")


@pytest.mark.parametrize("command", ["serve", "build"])
def test_drafts_show_marked_under_serve_and_never_in_a_build(tmp_path: Path, command: str):
    project = SiteProject(tmp_path / "proyek")
    meta = dict(story("Rencana Ronda Desember", "lowayu", "2026-10-08"), draft=True)
    project.write_story("rencana-ronda", meta, "Masih draf.\n")
    site = tmp_path / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-c", SERVE_BUILD, str(project.root / "mkdocs.yml"), str(site), command],
                            cwd=project.root, env=env, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout + result.stderr
    page = site / "berita/2026/10/rencana-ronda/index.html"
    village = (site / "desa/lowayu/index.html").read_text(encoding="utf-8")
    if command == "serve":
        assert "DRAF" in page.read_text(encoding="utf-8")
        assert "Rencana Ronda Desember" in village and "kd-badge--draft" in village
    else:
        assert not page.exists()
        assert "Rencana Ronda Desember" not in village


def test_a_site_without_published_stories_builds(tmp_path: Path):
    project = SiteProject(tmp_path / "proyek")
    result = project.build(tmp_path / "site")
    assert result.ok, result.output
    assert (tmp_path / "site/desa/lowayu/index.html").is_file()
    assert not (tmp_path / "site/pagefind").exists()
