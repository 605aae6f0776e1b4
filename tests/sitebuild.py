"""Helpers for the build (integration) tests: a throw-away project, a real
``mkdocs build --strict`` in a subprocess, and HTML scanning of the result.

Nothing here imports the site code: the tests look at the built site the way a
reader (or a crawler) would, and read the registries straight from data/.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable, Iterator
from urllib.parse import urljoin, urlsplit

import lxml.html
import yaml

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
COPIED = ("mkdocs.yml", "data", "docs", "hooks")
# The engine the build tests run: `make test` runs them on MkDocs, then on ProperDocs
# (KD_ENGINE=properdocs, from the .venv-properdocs venv).
ENGINE = os.environ.get("KD_ENGINE", "mkdocs")
assert ENGINE in ("mkdocs", "properdocs"), f"KD_ENGINE={ENGINE!r}: pakai mkdocs atau properdocs"

# -- registries, read straight from data/ --------------------------------------


def _yaml(name: str) -> Any:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def villages() -> list[dict[str, str]]:
    """Rows of data/villages.csv (comment lines skipped)."""
    with (DATA / "villages.csv").open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines))


def village_slugs() -> list[str]:
    return [row["slug"] for row in villages()]


def officers() -> list[dict[str, Any]]:
    return _yaml("officers.yml")


def categories() -> list[dict[str, Any]]:
    return _yaml("categories.yml")


def polsek() -> list[dict[str, Any]]:
    return _yaml("polsek.yml")["polsek"]


# -- a project in tmp_path --------------------------------------------------------


def story_text(meta: dict[str, Any], body: str) -> str:
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
    return f"---\n{front}---\n\n{body}"


def story_date(meta: dict[str, Any]) -> date:
    """The calendar day of an ISO ``date`` value as written in a synthetic story."""
    value = meta["date"]
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


@dataclass
class BuildResult:
    returncode: int
    output: str  # stdout + stderr
    site: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0


class SiteProject:
    """A copy of the repo's site sources with empty stories/ and asesmen/ folders."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        for name in COPIED:
            src = REPO / name
            if src.is_dir():
                shutil.copytree(src, root / name)
            else:
                shutil.copy2(src, root / name)
        (root / "stories").mkdir(exist_ok=True)
        (root / "asesmen").mkdir(exist_ok=True)  # mkdocs.yml watches it, and MkDocs refuses a missing watch path

    def write_story(self, slug: str, meta: dict[str, Any], body: str, day: date | None = None) -> Path:
        """``stories/YYYY/MM/YYYY-MM-DD-<slug>.md``; the day defaults to the ``date`` key."""
        day = day or story_date(meta)
        path = self.root / "stories" / f"{day:%Y}" / f"{day:%m}" / f"{day:%Y-%m-%d}-{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(story_text(meta, body), encoding="utf-8")
        return path

    def rel(self, path: Path) -> str:
        return path.resolve().relative_to(self.root.resolve()).as_posix()

    def build(self, site: Path | None = None, timeout: float = 240, env: dict[str, str] | None = None) -> BuildResult:
        """``mkdocs build --strict`` into ``site``; ``env`` adds variables (``KD_INCREMENTAL``, …)."""
        site = site or self.root.parent / (self.root.name + "-site")
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", PYTHONDONTWRITEBYTECODE="1",
                   **(env or {}))
        proc = subprocess.run(
            [sys.executable, "-m", ENGINE, "build", "--strict", "-f", str(self.root / "mkdocs.yml"), "-d", str(site)],
            cwd=self.root, env=env, capture_output=True, text=True, timeout=timeout,
        )
        return BuildResult(proc.returncode, proc.stdout + proc.stderr, site)

    def check(self, *paths: str) -> subprocess.CompletedProcess[str]:
        """``kabardesa check`` run in the project, as an officer would."""
        return subprocess.run(
            [sys.executable, "-m", "kabardesa.cli", "check", *paths],
            cwd=self.root, capture_output=True, text=True, timeout=120,
        )


# -- reading the built site --------------------------------------------------------


def page_file(site: Path, url: str) -> Path:
    """``/desa/sawo/`` → ``site/desa/sawo/index.html``."""
    rel = url.strip("/")
    return site / rel / "index.html" if rel else site / "index.html"


def url_of(site: Path, file: Path) -> str:
    """``site/desa/sawo/index.html`` → ``/desa/sawo/``."""
    rel = file.relative_to(site).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel.removesuffix("index.html")
    return "/" + rel


def normalize(base_url: str, href: str) -> str | None:
    """A link on the page at ``base_url`` as a site path (``/desa/sawo/``); None if external or fragment-only."""
    href = href.strip()
    if not href or href.startswith("#"):
        return None
    joined = urlsplit(urljoin("http://site.invalid" + base_url, href))
    if joined.netloc != "site.invalid":
        return None
    path = joined.path
    if path.endswith("/index.html"):
        path = path.removesuffix("index.html")
    return path


@dataclass
class Page:
    site: Path
    file: Path

    @cached_property
    def url(self) -> str:
        return url_of(self.site, self.file)

    @cached_property
    def tree(self) -> Any:
        return lxml.html.fromstring(self.file.read_bytes())

    @cached_property
    def content(self) -> Any:
        """The main article (Material's ``md-content__inner``), else the whole page."""
        found = self.tree.xpath('//article[contains(concat(" ", normalize-space(@class), " "), " md-content__inner ")]')
        return found[0] if found else self.tree

    def links(self, scope: Any = None) -> set[str]:
        root = self.content if scope is None else scope
        found = set()
        for a in root.iter("a"):
            target = normalize(self.url, a.get("href") or "")
            if target:
                found.add(target)
        return found

    def all_links(self) -> set[str]:
        return self.links(self.tree)

    def text(self, scope: Any = None) -> str:
        root = self.content if scope is None else scope
        return " ".join(root.text_content().split())

    def rel_links(self, rel: str) -> list[str]:
        return [normalize(self.url, a.get("href") or "") for a in self.content.iter("a") if a.get("rel") == rel]


def load_page(site: Path, url: str) -> Page:
    return Page(site, page_file(site, url))


def series(site: Path, url: str) -> list[Page]:
    """A listing page and its pagination pages ``<url>halaman/N/``, in order."""
    first = page_file(site, url)
    pages = [Page(site, first)]
    folder = first.parent / "halaman"
    if folder.is_dir():
        numbered = sorted((int(p.name), p / "index.html") for p in folder.iterdir() if p.name.isdigit())
        pages += [Page(site, f) for _, f in numbered if f.is_file()]
    return pages


def series_links(site: Path, url: str) -> set[str]:
    found: set[str] = set()
    for page in series(site, url):
        found |= page.links()
    return found


def site_files(site: Path, suffixes: Iterable[str]) -> Iterator[Path]:
    wanted = tuple(suffixes)
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix.lower() in wanted:
            yield path


@dataclass
class Corpus:
    """Synthetic stories (front-matter dicts and bodies) keyed by file slug."""

    stories: dict[str, tuple[dict[str, Any], str, date | None]] = field(default_factory=dict)

    def add(self, slug: str, body: str = "", day: date | None = None, **meta: Any) -> None:
        """``day`` places the file (``stories/YYYY/MM/YYYY-MM-DD-slug.md``) when ``date`` is not ISO."""
        body = body or f"Cerita {slug} dari Bhabinkamtibmas bersama warga.\n\nParagraf kedua cerita ini.\n"
        self.stories[slug] = (meta, body, day)

    def write(self, project: SiteProject) -> dict[str, Path]:
        return {slug: project.write_story(slug, meta, body, day) for slug, (meta, body, day) in self.stories.items()}
