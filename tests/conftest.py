"""Shared fixtures: a throw-away project folder, a story writer and a fixed clock."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from kabardesa.catalog import Catalog, load_catalog
from kabardesa.dates import WIB
from kabardesa.problems import Problem
from kabardesa.reader import read_story
from kabardesa.registry import Registry, load_registry
from kabardesa.validate import validate_story

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"  # the Gresik sample deployment's registries (tests in test_gresik_sample.py)
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The registries the code tests run on: eight Gresik kecamatan, 46 real village rows with
# repeated names (Sukorejo x3, Sidomukti, Sukodono, Sido Kumpul/Sidokumpul), ten sample officers.
REGISTRY = FIXTURES / "registry"

# "Now" for every test that validates dates: Sunday 1 June 2025, 12.00 WIB.
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=WIB)

# A story that passes every rule; tests change one key at a time.
VALID_META: dict[str, Any] = {
    "title": "Pos Kamling Lowayu Kembali Ramai",
    "date": "2025-05-23 19:30",
    "village": "Lowayu",
    "officer": "aipda-contoh-satu",
    "category": "siskamling",
    "tags": ["ronda", "pos-kamling"],
}
VALID_BODY = "Warga dan Bhabinkamtibmas sepakat menghidupkan jadwal ronda bergilir.\n\nParagraf kedua.\n"


def write_bodies(project: Project) -> list[Path]:
    """What an officer does after `kabardesa new`: replace the skeleton body with the story. The files changed."""
    from kabardesa.fields import SKELETON_BODY

    changed = []
    for path in project.stories.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if SKELETON_BODY in text:
            path.write_text(text.replace(SKELETON_BODY, VALID_BODY), encoding="utf-8")
            changed.append(path)
    return changed


def story_text(meta: dict[str, Any], body: str = VALID_BODY) -> str:
    """Front-matter from ``meta`` (in the given key order) followed by ``body``."""
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
    return f"---\n{front}---\n\n{body}"


@dataclass
class Project:
    """A project folder in tmp_path: a copy of the fixture registry as data/ and an empty stories/."""

    root: Path
    now: datetime

    @property
    def stories(self) -> Path:
        return self.root / "stories"

    def path(self, name: str, folder: str = "2025/05") -> Path:
        path = self.stories / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def write(self, name: str, meta: dict[str, Any] | None = None, body: str = VALID_BODY, folder: str = "2025/05") -> Path:
        """Write a story from a front-matter dict (default: a valid one) and a body."""
        path = self.path(name, folder)
        path.write_text(story_text(VALID_META if meta is None else meta, body), encoding="utf-8")
        return path

    def write_raw(self, name: str, content: str | bytes, folder: str = "2025/05") -> Path:
        """Write a story file byte for byte (for encodings, BOMs and broken YAML)."""
        path = self.path(name, folder)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path

    def rel(self, path: Path) -> str:
        return path.resolve().relative_to(self.root.resolve()).as_posix()

    def catalog(self, **kwargs: Any) -> Catalog:
        return load_catalog(self.root, now=self.now, **kwargs)

    def validate(self, path: Path, registry: Registry) -> tuple[Any, list[Problem]]:
        """Read and validate one story file against ``registry``."""
        source = read_story(path, self.rel(path))
        return validate_story(source, registry, stories_root=self.stories, now=self.now)


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def project(tmp_path: Path, now: datetime) -> Project:
    root = tmp_path / "proyek"
    shutil.copytree(REGISTRY, root / "data")
    (root / "stories").mkdir()
    return Project(root=root, now=now)


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The fixture registry (the one in every ``project``), loaded once."""
    return load_registry(REGISTRY)


@pytest.fixture
def valid_meta() -> dict[str, Any]:
    return dict(VALID_META)


@pytest.fixture
def check_story(project: Project, registry: Registry):
    """Write one story into the temp project and validate it: ``(story, lines)``.

    ``lines`` are the formatted problems, ``path:line: message``.
    """

    def run(meta: dict[str, Any], body: str = VALID_BODY, name: str = "2025-05-23-cerita.md"):
        path = project.write(name, meta, body)
        story, problems = project.validate(path, registry)
        return story, [p.format() for p in problems]

    return run
