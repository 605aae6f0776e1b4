"""Validate a story as read against the registries, collecting every problem.

Each message is Indonesian, names the field and says the fix; the reader has
already attached the file and line.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from .body_checks import check_body
from .paths import has_link
from .dates import DateError, check_not_future, parse_story_date
from .model import Story, story_slug
from .photos import inspect_photo
from .problems import Problem
from .reader import SourceStory
from .privacy import EXCEPTIONS_FILE, find_personal_data
from .registry import Polsek, Registry, Village
from .summary import first_paragraph_text
from .text import did_you_mean, suggest

REQUIRED_KEYS = ("title", "date", "officer", "category")
OPTIONAL_KEYS = ("village", "polsek", "tags", "summary", "image", "image_alt", "image_caption", "draft")
KNOWN_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS
RETIRED_KEYS = ("pii_ok",)  # refused with their own message (see _pii_ok)
MAX_TITLE = 120
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
        officer = self._lookup("officer", self.registry.officers, "petugas", "kabardesa list officers")
        category = self._lookup("category", self.registry.categories, "kategori", "kabardesa list categories")
        tags = self._tags()
        self.problems += check_body(self.src, self.stories_root)  # limits before any conversion; body photos and links
        summary = self._text("summary") or first_paragraph_text(self.src.body)
        image, image_alt, image_caption = self._image()
        draft = self._draft()
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

    def _text(self, key: str) -> str:
        value = self.meta.get(key)
        if value is None:
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.error(key, f"'{key}' harus berupa teks biasa, bukan daftar atau pasangan kunci")
            return ""
        return str(value).strip()

    def _title(self) -> str:
        title = self._text("title")
        if len(title) > MAX_TITLE:
            self.error("title", f"judul terlalu panjang ({len(title)} karakter); paling banyak {MAX_TITLE} karakter")
        return title

    def _date(self) -> datetime | None:
        value = self.meta.get("date")
        if value in (None, ""):
            return None
        try:
            moment = parse_story_date(value)
            check_not_future(moment, self.now)
        except DateError as exc:
            self.error("date", str(exc))
            return None
        return moment

    # -- places -----------------------------------------------------------

    def _villages(self) -> tuple[Village, ...]:
        value = self.meta.get("village")
        if value in (None, "", []):
            return ()
        items = value if isinstance(value, list) else [value]
        found: list[Village] = []
        for item in items:
            village = self._village(item)
            if village and village not in found:
                found.append(village)
        return tuple(found)

    def _village(self, item: Any) -> Village | None:
        if not isinstance(item, (str, int)) or isinstance(item, bool):
            self.error("village", "setiap desa ditulis sebagai teks (slug, kode Kemendagri atau nama)")
            return None
        text = str(item).strip()
        matches = self.registry.villages_matching(text)
        if len(matches) == 1:
            return matches[0]
        if matches:
            options = ", ".join(f"{v.slug} (Kec. {v.kecamatan})" for v in matches)
            self.error("village", f"desa '{text}' ada di lebih dari satu kecamatan; tulis salah satu: {options}")
            return None
        suggestions = self.registry.village_suggestions(text)
        hint = f"; maksud Anda: {', '.join(suggestions)}?" if suggestions else "; lihat `kabardesa list villages`"
        self.error("village", f"desa '{text}' tidak dikenal{hint}")
        return None

    def _polsek(self, villages: tuple[Village, ...]) -> tuple[Polsek, ...]:
        of_villages = tuple(dict.fromkeys(self.registry.polsek_of(v) for v in villages))
        value = self.meta.get("polsek")
        if value in (None, ""):
            return of_villages
        if not isinstance(value, str):
            self.error("polsek", "'polsek' berisi satu Polsek saja, misalnya: polsek: cerme")
            return of_villages
        polsek = self.registry.find_polsek(str(value))
        if polsek is None:
            typed = str(value).lower().removeprefix("polsek").strip()
            hint = did_you_mean(typed, self.registry.polsek) or "; lihat `kabardesa list polsek`"
            self.error("polsek", f"Polsek '{value}' tidak dikenal{hint}")
            return of_villages
        if villages and polsek not in of_villages:
            names = ", ".join(p.slug for p in of_villages)
            self.error("polsek", f"Polsek '{polsek.slug}' tidak mencakup desa cerita ini (desanya di {names}); hapus 'polsek' atau perbaiki 'village'")
        return of_villages or (polsek,)

    def _lookup(self, key: str, table: dict[str, Any], what: str, command: str) -> Any:
        value = self._text(key)
        if not value:
            return None
        if value in table:
            return table[value]
        hint = did_you_mean(value.lower(), table) or f"; lihat `{command}`"
        self.error(key, f"{what} '{value}' tidak dikenal{hint}")
        return None

    # -- the rest ---------------------------------------------------------

    def _tags(self) -> tuple[str, ...]:
        value = self.meta.get("tags")
        if value in (None, ""):
            return ()
        items = value if isinstance(value, list) else [value]
        if not all(isinstance(t, (str, int)) and not isinstance(t, bool) for t in items):
            self.error("tags", "'tags' berisi daftar kata, misalnya: tags: [ronda, pos-kamling]")
            return ()
        return tuple(dict.fromkeys(str(t).strip() for t in items if str(t).strip()))

    def _image(self) -> tuple[Path | None, str, str]:
        name = self._text("image")
        alt = self._text("image_alt")
        caption = self._text("image_caption")
        if not name:
            return None, alt, caption
        path = self._image_path(name)
        if path is not None and not alt:
            self.error("image", "foto perlu 'image_alt': tulis apa yang terlihat di foto, untuk pembaca tunanetra")
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

    def _draft(self) -> bool:
        value = self.meta.get("draft", False)
        if not isinstance(value, bool):
            self.error("draft", f"'draft' harus true atau false, bukan '{value}'")
            return False
        return value

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
