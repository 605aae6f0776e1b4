"""Read and validate a whole project: registries plus every story file."""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .assessment_reader import assessment_paths, is_assessment_path, load_assessments
from .assessment_validate import Assessment
from .body_checks import local_photos
from .dates import now_wib
from .model import Story
from .problems import Problem, debug_enabled, errors, unexpected_problem
from .reader import SourceStory, normalize_text, parse_read, read_story, read_story_text, scan_story_files
from .registry import Registry, load_registry
from .story_cache import StoryStore, text_key
from .validate import validate_story

DATA_DIR = "data"
STORIES_DIR = "stories"
OUTSIDE_LINK = "berkas cerita ini tautan ke luar repositori; salin isinya ke sini sebagai berkas biasa"


@dataclass
class Catalog:
    """Everything the site is built from. ``stories`` holds valid ones, newest first."""

    root: Path
    registry: Registry
    stories: list[Story] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0
    assessments: list[Assessment] = field(default_factory=list)  # valid ones under asesmen/, oldest first
    assessment_files: int = 0

    @property
    def errors(self) -> list[Problem]:
        return errors(self.problems)

    def published(self) -> list[Story]:
        return [s for s in self.stories if not s.draft]


def is_project(folder: Path) -> bool:
    """``folder`` holds a Kabar Desa site: ``data/`` and ``stories/``."""
    return (folder / DATA_DIR).is_dir() and (folder / STORIES_DIR).is_dir()


def find_root(start: Path) -> Path:
    """The project folder: the nearest ancestor holding ``data/`` and ``stories/`` (else ``start``)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if is_project(folder):
            return folder
    return start


def relative_to_root(path: Path, root: Path) -> str:
    """``stories/2025/05/x.md``; ``root`` is resolved, ``path`` absolute or relative to the cwd."""
    text, prefix = str(path), str(root) + os.sep
    if text.startswith(prefix) and os.sep == "/":  # the common case (files found under the root), without pathlib
        return text[len(prefix):]
    absolute = path if path.is_absolute() else Path.cwd() / path
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        try:
            return path.resolve().relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()


def _leads_outside(path: Path, root: Path) -> bool:
    """A story file that is a link to somewhere outside the project."""
    return path.is_symlink() and not path.resolve().is_relative_to(root)


Checked = tuple[Story | None, list[Problem]]


class StoryReader:
    """Reads and validates story files, reusing earlier results for unchanged files.

    ``mkdocs serve`` keeps one across rebuilds; it must be cleared when the
    registries change, since validation depends on them. With a :class:`StoryStore`
    (``store``), results also survive between runs, keyed by content.
    """

    def __init__(self) -> None:
        self._cache: dict[Path, SourceStory] = {}
        self._checked: dict[Path, tuple[tuple[int, int] | None, date, Checked]] = {}
        self.store: StoryStore | None = None

    def read(self, path: Path, rel_path: str) -> SourceStory:
        cached = self._cache.get(path)
        stat = _version(path)
        if cached and stat and (cached.mtime_ns, cached.size) == stat:
            return cached
        source = read_story(path, rel_path)
        self._cache[path] = source
        return source

    def check(self, path: Path, rel_path: str, registry: Registry, stories_root: Path, now: datetime) -> Checked:
        version = _version(path)
        hit = self._checked.get(path)
        if hit is not None and version is not None and hit[0] == version and hit[1] == now.date():  # same file, same day
            return hit[2]
        source, result = self._read_or_stored(path, rel_path, registry)
        if result is None:
            result = validate_story(source, registry, stories_root=stories_root, now=now)
            self._remember(source, result)
        # A story with an error is checked again: its photo may arrive later. Warnings and advice (an
        # officer writing about a village not assigned to them) depend on the file and the registries only.
        if not any(problem.severity == "error" for problem in result[1]):
            self._checked[path] = (version, now.date(), result)
        return result

    def _read_or_stored(self, path: Path, rel_path: str, registry: Registry) -> tuple[SourceStory, Checked | None]:
        """The file read once: the store's result for its text when it has one, else the parsed story to validate."""
        cached = self._cache.get(path)
        if cached is not None and (cached.mtime_ns, cached.size) == _version(path):
            return cached, None  # read before and not stored (it had errors): validate again
        source, text = read_story_text(path, rel_path)
        if text is not None and self.store is not None:
            normal = normalize_text(text)
            found = self.store.lookup(text_key(rel_path, normal), normal, path, rel_path, registry,
                                      (source.mtime_ns, source.size))
            if found is not None:
                return source, found
        if text is not None:
            source = parse_read(source, text)
        self._cache[path] = source
        return source, None

    def _remember(self, source: SourceStory, result: Checked) -> None:
        story, problems = result
        if self.store is None or story is None or any(p.severity == "error" for p in problems):
            return
        body_photos = [story.path.parent / name for _, name in local_photos(story.body, story.src_uri)]
        photos = ([story.image] if story.image is not None else []) + body_photos
        self.store.remember(text_key(source.rel_path, source.text), source.text, story, problems, photos)

    def clear(self) -> None:
        self._cache.clear()
        self._checked.clear()


def _version(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def load_catalog(
    root: Path,
    *,
    paths: list[Path] | None = None,
    now: datetime | None = None,
    reader: StoryReader | None = None,
    remember: bool = True,
) -> Catalog:
    """Load registries, stories and assessments; registry problems raise, the others' problems are collected.

    ``paths`` (files or folders) limit what is read: those inside ``asesmen/`` are read
    as assessments, the others as stories. ``remember`` keeps validated stories in
    ``.cache/kabardesa/stories.json`` for the next run (:mod:`kabardesa.story_cache`).
    """
    root = root.resolve()
    registry = load_registry(root / DATA_DIR)
    stories_root = (root / STORIES_DIR).resolve()
    story_paths = [p for p in paths if not is_assessment_path(p, root)] if paths is not None else [stories_root]
    files, skipped = scan_story_files(story_paths)
    reader = reader or StoryReader()
    if remember:
        reader.store = StoryStore.open(root, registry, stories_root, reader.store)
    check = reader.check
    catalog = Catalog(root=root, registry=registry, files_read=len(files))
    catalog.problems.extend(Problem(relative_to_root(s.path, root), 1, s.message) for s in skipped)
    moment = now or now_wib()
    for path in files:
        rel_path = relative_to_root(path, root)
        if _leads_outside(path, root):
            catalog.problems.append(Problem(rel_path, 1, OUTSIDE_LINK))
            continue
        absolute = path if path.is_absolute() else Path.cwd() / path
        story, problems = _check_one(check, absolute, rel_path, registry, stories_root, moment)
        catalog.problems.extend(problems)
        if story is not None:
            catalog.stories.append(story)
    catalog.problems.extend(_shared_urls(catalog.stories))
    assessed = load_assessments(root, registry, assessment_paths(root, paths), now=moment,
                                relative=lambda path: relative_to_root(path, root), read=reader.read)
    catalog.assessments, catalog.assessment_files = assessed.assessments, assessed.files_read
    catalog.problems.extend(assessed.problems)
    if reader.store is not None:
        reader.store.save(prune=paths is None)  # a partial read keeps the other stories' entries
    catalog.stories.sort(key=lambda s: (s.published, s.slug), reverse=True)
    catalog.problems.sort()
    return catalog


def _check_one(check, path: Path, rel_path: str, *args) -> Checked:  # type: ignore[no-untyped-def]
    """One story checked; a bug met on the way becomes that file's problem, not a crash."""
    try:
        return check(path, rel_path, *args)
    except Exception as exc:  # noqa: BLE001 - the edge of one file: report, go on with the rest
        if debug_enabled():
            raise
        return None, [unexpected_problem(rel_path, exc)]


def _shared_urls(stories: list[Story]) -> list[Problem]:
    by_url: dict[str, list[Story]] = defaultdict(list)
    for story in stories:
        by_url[story.src_uri].append(story)  # one URL per source URI
    problems = []
    for group in by_url.values():
        if len(group) < 2:
            continue
        url = group[0].url
        for story in group:
            others = ", ".join(s.rel_path for s in group if s is not story)
            problems.append(Problem(story.rel_path, 1, f"alamat /{url} juga dipakai oleh {others}; ganti nama berkas salah satunya"))
    return problems


