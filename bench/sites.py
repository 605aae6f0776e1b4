"""The two sites a run builds from one corpus.

- **ours**: the project as it is (mkdocs.yml, hooks/, docs/, data/; templates from the package)
  with the corpus as stories/. Story files are copied (the serve test edits
  one); photos are hard-linked (read-only for the build).
- **baseline**: plain MkDocs over the same story bodies: one Markdown page per
  story at the same URL (``docs/berita/YYYY/MM/<slug>.md``, ``# title`` then
  the body), out of the nav (``not_in_nav``), no hooks, the same Material theme
  and theme settings, the same Markdown extensions, hand-written docs and nav
  (its generated index pages replaced by one-line stand-ins).
- **baseline with search**: the same, plus Material's built-in ``search`` plugin
  (``mkdocs-search.yml``), as plain MkDocs has it by default.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import yaml

from .corpus import Manifest, split_story

PROJECT_PARTS = ("mkdocs.yml", "hooks", "docs", "data")
SEARCH_CONFIG = "mkdocs-search.yml"
BASELINE_HOOK = "template_globals.py"
BASELINE_HOOK_TEXT = '''"""The baseline's only hook: the globals and filters the shared templates read (no pipeline)."""

from kabardesa import urls
from kabardesa.sharing import share_links
from kabardesa.template_filters import FILTERS


def on_env(env, config, files):
    urls.set_scheme(urls.UrlScheme(bool(config.use_directory_urls)))
    env.filters.update(FILTERS)
    env.globals.update(kd_links=urls.SITE_LINKS, kd_share=share_links, kd_photos={}, kd_search_bundles=[],
                       kd_illustration=lambda slug: None,
                       kd_same=lambda block, page, caller: caller())  # plain Material: every block on every page
    return env
'''
BASELINE_NAV = [{"Beranda": "index.md"}, {"Tentang": "tentang.md"}, {"Panduan": "panduan/index.md"}]


def _copy_parts(repo: Path, dest: Path, parts: tuple[str, ...]) -> None:
    for name in parts:
        src = repo / name
        if not src.exists():
            continue
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)


def _link_or_copy(src: Path, dest: Path) -> None:
    try:
        os.link(src, dest)
    except OSError:
        shutil.copy2(src, dest)


def prepare_ours(repo: Path, corpus: Path, dest: Path, photo_cache: Path | None = None) -> Path:
    """A fresh project folder; returns its mkdocs.yml.

    ``photo_cache`` (``BENCH_SHARED_CACHE``): a render cache outside the project, shared by every
    corpus size (the first 10,000 stories are the same in each, so are their share pictures).
    """
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    _copy_parts(repo, dest, PROJECT_PARTS)
    (dest / "asesmen").mkdir()  # watched by mkdocs.yml (MkDocs refuses a missing watch path); the corpus has none
    if photo_cache is not None:
        config = dest / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert "\n  kabardesa:\n" in text, "mkdocs.yml has no extra: kabardesa: block"
        config.write_text(text.replace("\n  kabardesa:\n", f"\n  kabardesa:\n    photo_cache: {json.dumps(str(photo_cache))}\n", 1),
                          encoding="utf-8")
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


def load_mkdocs_yml(path: Path) -> dict[str, Any]:
    """mkdocs.yml as MkDocs reads it (``!ENV`` resolved, ``INHERIT`` merged)."""
    from mkdocs.utils.yaml import yaml_load

    with path.open(encoding="utf-8") as handle:
        return yaml_load(handle)


def nav_entries(nav: Any) -> list[tuple[str, str]]:
    """(title, file) of every page in a MkDocs nav."""
    if isinstance(nav, list):
        return [entry for item in nav for entry in nav_entries(item)]
    if isinstance(nav, dict):
        found = []
        for title, value in nav.items():
            found += [(str(title), value)] if isinstance(value, str) else nav_entries(value)
        return found
    return [("", nav)] if isinstance(nav, str) else []


def baseline_config(repo: Path) -> dict[str, Any]:
    """The project's mkdocs.yml without hooks and watch; same theme, extensions and nav."""
    config = load_mkdocs_yml(repo / "mkdocs.yml")
    config.pop("hooks", None)
    config.pop("watch", None)
    config.setdefault("nav", BASELINE_NAV)
    patterns = [p for p in str(config.get("not_in_nav", "")).splitlines() if p.strip()]
    config["not_in_nav"] = "\n".join(patterns + ["/berita/"]) + "\n"
    config["docs_dir"] = "docs"
    return config


def prepare_baseline(repo: Path, corpus: Path, manifest: Manifest, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    _copy_parts(repo, dest, ("docs",))
    # The package's own templates and assets, which our build gets from the package.
    shutil.copytree(repo / "kabardesa" / "templates", dest / "overrides")
    shutil.copytree(repo / "kabardesa" / "assets", dest / "docs" / "assets", dirs_exist_ok=True)
    config = baseline_config(repo)
    config.setdefault("theme", {})["custom_dir"] = "overrides"
    # The templates read a few globals (links, filters); a one-event hook provides them and nothing else.
    (dest / "hooks").mkdir()
    (dest / "hooks" / BASELINE_HOOK).write_text(BASELINE_HOOK_TEXT, encoding="utf-8")
    config["hooks"] = [f"hooks/{BASELINE_HOOK}"]
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # The same site with Material's built-in search (lunr), which plain MkDocs enables
    # by default: the fair yardstick for our build with its Pagefind index.
    with_search = {**config, "plugins": ["search"]}
    (dest / SEARCH_CONFIG).write_text(yaml.safe_dump(with_search, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # The nav's index pages are generated in our build; plain pages stand in for them,
    # so both sites carry the same nav (Material renders it on every page).
    for title, name in nav_entries(config["nav"]):
        page = dest / "docs" / name
        if not page.exists() and name.endswith(".md"):
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"# {title or 'Kabar Desa'}\n\nHalaman indeks (pembanding tanpa hooks).\n", encoding="utf-8")
    for record in manifest.stories:
        text = (corpus / record.path).read_text(encoding="utf-8")
        _, body = split_story(text)
        page = dest / "docs" / (record.url.rstrip("/") + ".md")
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"# {record.title}\n\n{body}", encoding="utf-8")
    return dest / "mkdocs.yml"
