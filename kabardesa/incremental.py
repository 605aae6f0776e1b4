"""Incremental publishing: start from the previous site, render again only the pages whose inputs changed.

Opt-in with ``KD_INCREMENTAL=1`` (the deploy workflow sets it, restoring
``site/`` and ``.cache/kabardesa/`` from the Actions cache); ``make build``
stays a full build. What decides is content, never file times (a fresh clone
has new ones):

- **the site's inputs** (:func:`inputs_key`): a digest of mkdocs.yml, data/
  (registries), docs/, overrides/, hooks/, the package's code, templates and
  assets, the MkDocs, Material and Pagefind versions, the public address and
  every ``KD_*`` variable. When it differs from the previous build's, every
  page depends on it (navigation, registries, templates): a full build.
- **each page's own fingerprint**: what the page shows (its view: story,
  neighbours, lists) and its photos. A page whose fingerprint and output are
  unchanged is not rendered; its HTML is linked from the previous site.
- **each output besides the pages** (feeds, WhatsApp texts, share pictures):
  kept, linked from the previous site, when made from the same values.
- **each month's search bundle** (see :mod:`kabardesa.search`): kept when
  the month's story pages are byte for byte the same.

Sitemap, the home page, the hand-written pages and photo variants (from their
cache) are always written. The state (:class:`BuildState`)
is saved only after the new site has been swapped in; a full build deletes it,
so a later incremental build never trusts a site it did not describe.
Plain Python: no MkDocs here.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ENV_VAR = "KD_INCREMENTAL"
STATE_VERSION = 2
STATE_FILE = Path(".cache") / "kabardesa" / "incremental.json"
PACKAGE_DIR = Path(__file__).resolve().parent
INPUT_DIRS = ("data", "docs", "overrides", "hooks")
ENGINES = ("mkdocs", "mkdocs-material", "pagefind", "pagefind-bin", "properdocs", "markdown", "pymdown-extensions")
_SKIP = ("__pycache__", ".pyc")


@dataclass
class BuildState:
    """What the site in ``site/`` was built from: the inputs' digest, each page's fingerprint, each year's pages."""

    inputs: str
    pages: dict[str, str] = field(default_factory=dict)  # output path (site-relative) -> fingerprint
    search: dict[str, str] = field(default_factory=dict)  # month ("2026/10") -> digest of its story pages
    outputs: dict[str, str] = field(default_factory=dict)  # feeds, WhatsApp texts, share pictures: path -> fingerprint


def requested(environ: Mapping[str, str] = os.environ) -> bool:
    """``KD_INCREMENTAL=1`` (or ``true``/``ya``) asks for an incremental build."""
    return environ.get(ENV_VAR, "").strip().lower() in ("1", "true", "yes", "ya")


def state_path(root: Path) -> Path:
    return root / STATE_FILE


def load_state(path: Path) -> BuildState | None:
    """The previous build's state, or None when there is none usable (missing, damaged, older format)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != STATE_VERSION:
            return None
        return BuildState(str(data["inputs"]), dict(data["pages"]), dict(data["search"]), dict(data["outputs"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def save_state(path: Path, state: BuildState) -> None:
    """Write atomically; a state that cannot be written only means a full build next time."""
    data = {"version": STATE_VERSION, "inputs": state.inputs, "pages": state.pages, "search": state.search,
            "outputs": state.outputs}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.part")
        partial.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        forget(path)


def forget(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not any(part in _SKIP or part.endswith(_SKIP)
                                                                             for part in p.parts))


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def inputs_key(root: Path, config_file: Path, site_url: str, environ: Mapping[str, str] = os.environ) -> str:
    """A digest of everything every page depends on (see the module notes)."""
    digest = hashlib.blake2b(digest_size=20)

    def feed(text: str) -> None:
        digest.update(text.encode("utf-8", "surrogatepass") + b"\0")

    feed(f"v{STATE_VERSION}|python {sys.version_info[:3]}|site_url {site_url}")
    for name in ENGINES:
        feed(f"{name} {_version(name)}")
    for name in sorted(k for k in environ if k.startswith("KD_") and k != ENV_VAR):
        feed(f"env {name}={environ[name]}")
    sources = [(root, config_file)] + [(root, p) for d in INPUT_DIRS for p in _files(root / d)]
    sources += [(PACKAGE_DIR, p) for p in _files(PACKAGE_DIR)]
    for base, path in sources:
        feed(f"file {path.relative_to(base).as_posix() if path.is_relative_to(base) else path}")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def link_files(old_site: Path, new_site: Path, paths: Iterable[str], made: set[str] | None = None) -> int:
    """Put each ``path`` of the previous site into the new one (hard link, else copy); how many were placed.

    Plain strings and one ``mkdir`` per folder (``made`` remembers them): 10,000 pages each in a folder of its own.
    """
    placed, old, new = 0, os.fspath(old_site), os.fspath(new_site)
    made = set() if made is None else made
    for path in paths:
        source, target = os.path.join(old, path), os.path.join(new, path)
        ensure_folder(os.path.dirname(target), made)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)
        placed += 1
    return placed


def ensure_folder(folder: str, made: set[str]) -> None:
    """``os.makedirs(folder, exist_ok=True)``, once per folder per build."""
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)


def link_tree(old: Path, new: Path) -> None:
    """A folder of the previous site (a search bundle) into the new one, file by file."""
    paths = []
    for folder, _, names in os.walk(old):
        relative = os.path.relpath(folder, old)
        paths += [name if relative == "." else os.path.join(relative, name) for name in names]
    link_files(old, new, sorted(paths))
