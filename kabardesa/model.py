"""The validated story: the typed object every later stage works with."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from datetime import datetime
from pathlib import Path

from . import urls
from .dates import format_long, format_time
from .fingerprint import fields_fingerprint
from .registry import Category, Officer, Polsek, Village
from .text import slugify

_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def story_slug(path: Path) -> str:
    """``2025-05-23-pos-kamling-lowayu.md`` → ``pos-kamling-lowayu``."""
    slug = slugify(_DATE_PREFIX.sub("", path.stem)) or slugify(path.stem) or "cerita"
    return f"{slug}-cerita" if slug == "index" else slug  # index.md would take the month's own URL


@dataclass(frozen=True)
class Story:
    path: Path  # absolute path of the source file
    rel_path: str  # path as shown in messages, relative to the project
    slug: str
    title: str
    published: datetime  # aware, Asia/Jakarta
    villages: tuple[Village, ...]
    polsek: tuple[Polsek, ...]  # the Polsek of the villages, or the explicit Polsek
    officer: Officer
    category: Category
    tags: tuple[str, ...]
    summary: str
    body: str
    body_line: int
    image: Path | None = None  # absolute path of the photo
    image_alt: str = ""
    image_caption: str = ""
    draft: bool = False
    version: tuple[int, int] = field(default=(0, 0), metadata={"fingerprint": False})  # the file's (mtime_ns, size)

    # Derived values are computed once per story: a site renders each many times.
    # (cached_property writes the instance __dict__ directly, which frozen allows.)

    def __repr__(self) -> str:  # short, for messages and debugging (fingerprints do not use it)
        return f"Story({self.rel_path!r})"

    @cached_property
    def fingerprint(self) -> str:
        """What the story's pages are made from, by content (not file times): computed once."""
        return fields_fingerprint(self)

    @property
    def scope(self) -> str:
        """``desa``, ``polsek`` or ``polres`` (the whole district)."""
        if self.villages:
            return "desa"
        return "polsek" if self.polsek else "polres"

    @cached_property
    def src_uri(self) -> str:
        """Where the page sits in MkDocs' file collection."""
        return urls.story_uri(self.published.year, self.published.month, self.slug)

    @property
    def url(self) -> str:  # not cached: it follows the build's use_directory_urls
        return urls.url(self.src_uri)

    @cached_property
    def photo_base(self) -> str:
        """Where the story photo's variants go (``<base>-<width>.jpg``)."""
        return urls.story_photo_base(self.published.year, self.published.month, self.slug)

    @property
    def date_label(self) -> str:
        return format_long(self.published)

    @property
    def time_label(self) -> str:
        has_clock = (self.published.hour, self.published.minute) != (0, 0)
        return format_time(self.published) if has_clock else ""

    @cached_property
    def iso_week(self) -> tuple[int, int]:
        iso = self.published.isocalendar()
        return iso.year, iso.week

    @property
    def month(self) -> tuple[int, int]:
        return self.published.year, self.published.month

    @property
    def place_label(self) -> str:
        if self.villages:
            return ", ".join(v.label for v in self.villages)
        if self.polsek:
            return "Wilayah " + ", ".join(p.name for p in self.polsek)
        return "Seluruh wilayah Polres"
