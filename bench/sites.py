"""The two sites a run builds from one corpus.

- **ours**: the project as it is (mkdocs.yml, hooks/, overrides/, docs/, data/)
  with the corpus as stories/. Story files are copied (the serve test edits
  one); photos are hard-linked (read-only for the build).
- **baseline**: plain MkDocs over the same story bodies: one Markdown page per
  story at the same URL (``docs/berita/YYYY/MM/<slug>.md``, ``# title`` then
  the body), out of the nav (``not_in_nav``), no hooks, the same Material theme
  and theme settings, the same Markdown extensions and hand-written docs.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import yaml

from .corpus import Manifest, split_story

PROJECT_PARTS = ("mkdocs.yml", "hooks", "overrides", "docs", "data")
BASELINE_NAV = [{"Beranda": "index.md"}, {"Tentang": "tentang.md"}, {"Panduan": "panduan/index.md"}]


def _copy_parts(repo: Path, dest: Path, parts: tuple[str, ...]) -> None:
    for name in parts:
        src = repo / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)


def _link_or_copy(src: Path, dest: Path) -> None:
    try:
        os.link(src, dest)
    except OSError:
        shutil.copy2(src, dest)


def prepare_ours(repo: Path, corpus: Path, dest: Path) -> Path:
    """A fresh project folder; returns its mkdocs.yml."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    _copy_parts(repo, dest, PROJECT_PARTS)
    for src in sorted((corpus / "stories").rglob("*")):
        target = dest / src.relative_to(corpus)
        if src.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif src.suffix == ".md":
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(src, target)
    return dest / "mkdocs.yml"


def baseline_config(repo: Path) -> dict[str, Any]:
    """The project's mkdocs.yml without hooks, watch and generated nav entries."""
    config = yaml.safe_load((repo / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("hooks", None)
    config.pop("watch", None)
    config["nav"] = BASELINE_NAV
    patterns = [p for p in str(config.get("not_in_nav", "")).splitlines() if p.strip()]
    config["not_in_nav"] = "\n".join(patterns + ["/berita/"]) + "\n"
    config["docs_dir"] = "docs"
    return config


def prepare_baseline(repo: Path, corpus: Path, manifest: Manifest, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    _copy_parts(repo, dest, ("overrides", "docs"))
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(baseline_config(repo), allow_unicode=True, sort_keys=False), encoding="utf-8")
    (dest / "docs" / "index.md").write_text(
        "# Kabar Desa Polres Gresik\n\nKabar kegiatan Bhabinkamtibmas dari desa dan kelurahan di Kabupaten Gresik.\n",
        encoding="utf-8")
    for record in manifest.stories:
        text = (corpus / record.path).read_text(encoding="utf-8")
        _, body = split_story(text)
        page = dest / "docs" / (record.url.rstrip("/") + ".md")
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"# {record.title}\n\n{body}", encoding="utf-8")
    return dest / "mkdocs.yml"
