"""Validate a story as read against the registries, collecting every problem.

Each message is Indonesian, names the field and says the fix; the reader has
already attached the file and line.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from . import fields
from .body_checks import check_body, first_body_line
from .paths import has_link
from .model import Story, story_slug
from .photo_files import original_findings, project_path
from .photos import inspect_photo
from .problems import Problem
from .reader import SourceStory, parse_story
from .privacy import EXCEPTIONS_FILE, find_personal_data
from .registry import Polsek, Registry, Village
from .summary import first_paragraph_text
from .text import did_you_mean, suggest

REQUIRED_KEYS = ("title", "date", "officer", "category")
OPTIONAL_KEYS = ("village", "polsek", "tags", "summary", "image", "image_alt", "image_caption", "draft")
KNOWN_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS
RETIRED_KEYS = ("pii_ok",)  # refused with their own message (see _pii_ok)
MAX_TITLE = fields.MAX_TITLE
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")

# Indonesian (and near-miss) spellings officers are likely to write.
KEY_SYNONYMS = {
    "judul": "title", "tanggal": "date", "tgl": "date", "waktu": "date",
    "desa": "village", "kelurahan": "village", "villages": "village", "lokasi": "village",
    "petugas": "officer", "penulis": "officer", "author": "officer", "authors": "officer",
    "kategori": "category", "kegiatan": "category", "categories": "category",
    "tag": "tags", "label": "tags", "ringkasan": "summary", "description": "summary",
    "gambar": "image", "foto": "image", "keterangan": "image_caption", "caption": "image_caption",
    "alt": "image_alt", "draf": "draft", "konsep": "draft",
}


def validate_story(source: SourceStory, registry: Registry, *, stories_root: Path, now: datetime) -> tuple[Story | None, list[Problem]]:
    """Return the story (``None`` when it has errors) and all its problems."""
    if source.problems:
        return None, list(source.problems)
    checker = _Checker(source, registry, stories_root, now)
    story = checker.run()
    return story, checker.problems


def check_text(text: str, path: Path, rel_path: str, registry: Registry, *, stories_root: Path, now: datetime) -> tuple[Story | None, list[Problem]]:
    """Validate a story held in memory as if it were the file ``path`` (which need not exist yet).

    For ``kabardesa new`` and a web form: what they are about to write gets the same
    problems ``check`` would report for the written file.
    """
    return validate_story(parse_story(text, path, rel_path), registry, stories_root=stories_root, now=now)


class _Checker:
    def __init__(self, source: SourceStory, registry: Registry, stories_root: Path, now: datetime):
        self.src = source
        self.meta = source.meta
        self.registry = registry
        self.stories_root = stories_root
        self.now = now
        self.problems: list[Problem] = []

    def error(self, key: str | None, message: str) -> None:
        self.problems.append(self.src.problem(key, message))

    def run(self) -> Story | None:
        self._keys()
        title = self._title()
        published = self._date()
        villages = self._villages()
        polsek = self._polsek(villages)
        officer = self._field("officer", fields.check_officer(self.meta.get("officer"), self.registry))
        category = self._field("category", fields.check_category(self.meta.get("category"), self.registry))
        tags = self._tags()
        self.problems += check_body(self.src, self.stories_root)  # limits before any conversion; body photos and links
        self._skeleton()
        summary = self._text("summary") or first_paragraph_text(self.src.body)
        image, image_alt, image_caption = self._image()
        draft = self._draft()
        self._assignment(officer, villages)
        self._pii_ok()
        self._personal_data()
        if any(p.severity == "error" for p in self.problems):
            return None
        assert title and published and officer and category
        return Story(
            path=self.src.path, rel_path=self.src.rel_path, slug=story_slug(self.src.path),
            title=title, published=published, villages=villages, polsek=polsek,
            officer=officer, category=category, tags=tags, summary=summary,
            body=self.src.body, body_line=self.src.body_line,
            image=image, image_alt=image_alt, image_caption=image_caption, draft=draft,
            version=(self.src.mtime_ns, self.src.size),
        )

    # -- keys -------------------------------------------------------------

    def _keys(self) -> None:
        for key in self.meta:
            if key in KNOWN_KEYS or key in RETIRED_KEYS:
                continue
            hint = KEY_SYNONYMS.get(key.lower()) or (suggest(key.lower(), KNOWN_KEYS, n=1) or [None])[0]
            fix = f"; maksud Anda: {hint}?" if hint else f"; kunci yang dikenal: {', '.join(KNOWN_KEYS)}"
            self.error(key, f"kunci '{key}' tidak dikenal{fix}")
        for key in REQUIRED_KEYS:
            if self.meta.get(key) in (None, ""):
                self.error(key if key in self.meta else None, f"kunci wajib '{key}' tidak ada atau kosong; tambahkan '{key}: ...' di front-matter")

    def _field(self, key: str, checked: fields.Checked[Any]) -> Any:
        """The value a field checker returned; its messages become problems on the key's line."""
        value, messages = checked
        for message in messages:
            self.error(key, message)
        return value

    def _text(self, key: str) -> str:
        return str(self._field(key, fields.check_text(key, self.meta.get(key))))

    def _title(self) -> str:
        return str(self._field("title", fields.check_title(self.meta.get("title"))))

    def _date(self) -> datetime | None:
        moment: datetime | None = self._field("date", fields.check_date(self.meta.get("date"), self.now))
        return moment

    # -- places -----------------------------------------------------------

    def _villages(self) -> tuple[Village, ...]:
        villages: tuple[Village, ...] = self._field("village", fields.check_villages(self.meta.get("village"), self.registry))
        return villages

    def _polsek(self, villages: tuple[Village, ...]) -> tuple[Polsek, ...]:
        polsek: tuple[Polsek, ...] = self._field("polsek", fields.check_polsek(self.meta.get("polsek"), self.registry, villages))
        return polsek

    # -- the rest ---------------------------------------------------------

    def _tags(self) -> tuple[str, ...]:
        tags: tuple[str, ...] = self._field("tags", fields.check_tags(self.meta.get("tags")))
        return tags

    def _image(self) -> tuple[Path | None, str, str]:
        name = self._text("image")
        alt = self._text("image_alt")
        caption = self._text("image_caption")
        if not name:
            return None, alt, caption
        path = self._image_path(name)
        if path is not None and not alt:
            self.error("image", "foto perlu 'image_alt': tulis apa yang terlihat di foto, untuk pembaca tunanetra")
        for message in fields.check_image_alt(alt):
            self.error("image_alt", message)
        if path is not None:
            for severity, message in original_findings(path, project_path(path, self.stories_root)):
                self.problems.append(Problem(self.src.rel_path, self.src.line_of("image"), message, "image", severity))  # type: ignore[arg-type]
        return path, alt, caption

    def _image_path(self, name: str) -> Path | None:
        posix = PurePosixPath(name.replace("\\", "/"))
        if posix.is_absolute() or re.match(r"^[A-Za-z]:", name) or ".." in posix.parts or "://" in name:
            self.error("image", f"foto '{name}' harus berkas di samping cerita (tanpa '..', tanpa path absolut atau alamat web)")
            return None
        path = self.src.path.parent / posix
        resolved = path.resolve() if has_link(self.src.path.parent, posix) else path
        if not resolved.is_relative_to(self.stories_root):
            self.error("image", f"foto '{name}' menunjuk ke luar folder stories/; salin fotonya ke samping cerita")
            return None
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            self.error("image", f"foto '{name}' harus berformat JPG, PNG atau WebP")
            return None
        if not resolved.is_file():
            siblings = [p.name for p in self.src.path.parent.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES]
            hint = did_you_mean(posix.name, siblings) or "; letakkan foto di folder yang sama dengan cerita"
            self.error("image", f"berkas foto '{name}' tidak ditemukan{hint}")
            return None
        for message in inspect_photo(resolved):  # content, size limits, full decode; cached per file version
            self.error("image", message)
        return resolved

    def _skeleton(self) -> None:
        lines = fields.skeleton_lines(self.src.body)
        if lines:
            self.problems.append(Problem(self.src.rel_path, first_body_line(self.src) + lines[0], fields.SKELETON_MESSAGE, "body"))

    def _assignment(self, officer: Any, villages: tuple[Village, ...]) -> None:
        for message in fields.check_assignment(officer, villages):
            self.problems.append(Problem(self.src.rel_path, self.src.line_of("village"), message, "village", "advice"))

    def _draft(self) -> bool:
        return bool(self._field("draft", fields.check_draft(self.meta.get("draft"))))

    def _pii_ok(self) -> None:
        """A story cannot exempt its own numbers: exceptions are the editors', in data/."""
        if "pii_ok" in self.meta:
            self.error("pii_ok", f"'pii_ok' tidak berlaku lagi: cerita tidak dapat membebaskan nomornya sendiri; hapus 'pii_ok' dari front-matter. Nomor resmi dicatat editor di data/{EXCEPTIONS_FILE} beserta alasannya")

    def _personal_data(self) -> None:
        """NIK-like and phone numbers anywhere in the file and in its front-matter values as parsed (UU 27/2022, UU 11/2012)."""
        allowed = [o.whatsapp for o in self.registry.officers.values()]
        allowed += [e.number for e in self.registry.pii_exceptions]
        values = [(self.src.line_of(key), str(v)) for key, value in self.meta.items()
                  for v in (value if isinstance(value, list) else [value]) if isinstance(v, (str, int)) and not isinstance(v, bool)]
        for finding in find_personal_data(self.src.text, allowed=allowed, values=values):
            self.problems.append(Problem(self.src.rel_path, finding.line, finding.message, "pii", column=finding.column))
