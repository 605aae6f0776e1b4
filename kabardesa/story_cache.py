"""Validated stories remembered between builds, keyed by content: an unchanged story is not parsed or checked again.

Reading and validating 10,000 stories costs seconds (YAML, the registry lookups,
the personal-data scan, the photo checks); an incremental build or a second
``kabardesa check`` needs none of it for a file whose text is unchanged. An entry
is found by a digest of the story's path and normalised text, and is used only
when everything else its validation read is unchanged too:

- the registries (``data/``), this package's code and the story folder's place,
  all in the store's own key (:func:`store_key`): any change empties the store;
- each photo the story shows (front-matter ``image`` and photos in the body): its
  path, where it really is (a link may lead elsewhere) and a digest of its bytes;
- the clock: only stories without errors are stored, and the one check that reads
  the clock (a date at most a day ahead) can only go from failing to passing.

The store is JSON (never pickle: it is restored from a CI cache) and holds no
body: the body is cut again from the file's text at the remembered offset. A
damaged, foreign or older store is ignored and rewritten. Plain Python: no MkDocs.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from .dates import WIB
from .model import Story
from .photos import content_digest
from .problems import Problem
from .registry import Registry

FORMAT = 1
STORE_FILE = Path(".cache") / "kabardesa" / "stories.json"
PACKAGE_DIR = Path(__file__).resolve().parent


def text_key(rel_path: str, text: str) -> str:
    """What finds a story's entry: its path and its normalised text."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(rel_path.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@cache  # the running code: a preview rebuild does not reload the package, so once per process
def _code_digest() -> str:
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def store_key(registry: Registry, stories_root: Path) -> str:
    """What every entry depends on: the registries, this package's code, the folder, Python's version."""
    from .fingerprint import fingerprint  # the registry's dataclasses, by value

    parts = (f"v{FORMAT}", sys.version.split()[0], str(stories_root), _code_digest(), fingerprint(registry))
    return hashlib.blake2b("\0".join(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def photo_signature(path: Path) -> list[str] | None:
    """``[path, where it really is, digest of its bytes]``; None when it is not a readable file."""
    try:
        real = os.path.realpath(path)
        stat = os.stat(real)
        return [str(path), real, content_digest(Path(real), stat)]
    except OSError:
        return None


@dataclass
class StoryStore:
    """The entries of one project, loaded from and saved to ``.cache/kabardesa/stories.json``."""

    path: Path
    key: str
    stories_root: Path = Path("stories")
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    changed: bool = False
    _names: dict[int, str] = field(default_factory=dict)

    @classmethod
    def open(cls, root: Path, registry: Registry, stories_root: Path, previous: StoryStore | None = None) -> StoryStore:
        """The project's store; ``previous`` (the last run in this process, ``mkdocs serve``) when still valid."""
        key, path = store_key(registry, stories_root), root / STORE_FILE
        if previous is not None and previous.key == key and previous.path == path:
            previous.used = set()
            previous._names = _names(registry)
            return previous
        store = cls(path, key, stories_root.resolve(), _names=_names(registry))
        try:
            data = json.loads(store.path.read_text(encoding="utf-8"))
            if isinstance(data, dict) and data.get("key") == store.key and isinstance(data.get("entries"), dict):
                store.entries = data["entries"]
        except (OSError, ValueError):
            pass
        return store

    def lookup(self, key: str, text: str, path: Path, rel_path: str, registry: Registry,
               version: tuple[int, int]) -> tuple[Story, list[Problem]] | None:
        """The stored story for this text, when every photo it shows is unchanged; else None."""
        entry = self.entries.get(key)
        if entry is None:
            return None
        try:
            if not self._photos_hold(entry) or any(photo_signature(Path(photo[0])) != photo for photo in entry["photos"]):
                return None
            story = _story(entry, text, path, rel_path, registry, version)
            problems = [Problem(rel_path, int(p[0]), str(p[1]), p[2], p[3], int(p[4])) for p in entry["problems"]]
        except (KeyError, TypeError, ValueError, IndexError):
            return None
        self.used.add(key)
        return story, problems

    def _photos_hold(self, entry: dict[str, Any]) -> bool:
        """The entry's photos are in stories/ and its ``image`` is one of them (a store from a cache is not trusted)."""
        photos = entry["photos"]
        if not isinstance(photos, list) or not all(isinstance(p, list) and len(p) == 3 for p in photos):
            return False
        if not all(Path(str(p[1])).is_relative_to(self.stories_root) for p in photos):
            return False
        return entry["image"] is None or any(entry["image"] == p[0] for p in photos)

    def remember(self, key: str, text: str, story: Story, problems: list[Problem], photos: list[Path]) -> None:
        """Store a story that passed (no errors); a photo that cannot be read keeps it out."""
        signatures = [photo_signature(photo) for photo in photos]
        if any(s is None for s in signatures) or not text.endswith(story.body):
            return
        self.entries[key] = {
            "title": story.title, "published": story.published.isoformat(),
            "villages": [self._names[id(v)] for v in story.villages], "polsek": [self._names[id(p)] for p in story.polsek],
            "officer": self._names[id(story.officer)], "category": self._names[id(story.category)],
            "tags": list(story.tags), "summary": story.summary, "body_start": len(text) - len(story.body),
            "body_line": story.body_line, "image": str(story.image) if story.image else None,
            "image_alt": story.image_alt, "image_caption": story.image_caption, "draft": story.draft,
            "problems": [[p.line, p.message, p.field, p.severity, p.column] for p in problems],
            "photos": signatures,
        }
        self.used.add(key)
        self.changed = True

    def save(self, prune: bool = True) -> None:
        """Write the entries (``prune``: only those this run used, so a deleted or edited story's old entry goes).

        Silent when it cannot be written: the next run validates again.
        """
        if prune and self.used != set(self.entries):
            self.entries = {k: v for k, v in self.entries.items() if k in self.used}
            self.changed = True
        if not self.changed:
            return
        self.changed = False
        data = {"format": FORMAT, "key": self.key, "entries": self.entries}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(f"{self.path.name}.{os.getpid()}.part")
            partial.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            os.replace(partial, self.path)
        except OSError:
            pass


def _names(registry: Registry) -> dict[int, str]:
    """Each registry entry's key, by identity: what an entry stores instead of the object."""
    names: dict[int, str] = {}
    for table in (registry.villages, registry.polsek, registry.officers, registry.categories):
        names.update({id(value): name for name, value in table.items()})
    return names


def _story(entry: dict[str, Any], text: str, path: Path, rel_path: str, registry: Registry,
           version: tuple[int, int]) -> Story:
    from .model import story_slug

    for name in ("title", "summary", "image_alt", "image_caption", "published", "officer", "category"):
        if not isinstance(entry[name], str):
            raise TypeError(name)
    if not all(isinstance(tag, str) for tag in entry["tags"]):
        raise TypeError("tags")
    return Story(
        path=path, rel_path=rel_path, slug=story_slug(path), title=entry["title"],
        published=datetime.fromisoformat(entry["published"]).astimezone(WIB),
        villages=tuple(registry.villages[v] for v in entry["villages"]),
        polsek=tuple(registry.polsek[p] for p in entry["polsek"]),
        officer=registry.officers[entry["officer"]], category=registry.categories[entry["category"]],
        tags=tuple(entry["tags"]), summary=entry["summary"], body=text[int(entry["body_start"]):],
        body_line=int(entry["body_line"]), image=Path(entry["image"]) if entry["image"] else None,
        image_alt=entry["image_alt"], image_caption=entry["image_caption"], draft=bool(entry["draft"]),
        version=version,
    )
