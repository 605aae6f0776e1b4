"""Validate a village security assessment as read, collecting every problem.

The file is read exactly as a story is (:mod:`kabardesa.reader`: size bound, UTF-8,
control characters, safe YAML with line numbers); the village, officer and date go
through the stories' own field checkers (:mod:`kabardesa.fields`), the checklist
through the rules of :mod:`kabardesa.assessment_schema`, and the whole file through
the personal-data guard (:mod:`kabardesa.privacy`). Messages are Indonesian and say the fix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from . import fields
from .assessment_schema import (
    CHECKLIST,
    EVERY_DAY,
    FIELD_SYNONYMS,
    FORBIDDEN_KEYS,
    HEADER_KEYS,
    HEADER_SYNONYMS,
    KNOWN_KEYS,
    MAX_NOTE,
    MAX_TEXT,
    NOTE_SKELETON,
    Field,
)
from .privacy import find_personal_data
from .problems import Problem
from .reader import EMPTY_STORY, SourceStory, parse_story
from .registry import Officer, Registry, Village
from .text import slugify, suggest

_YES = {"ya", "ada", "sudah", "iya", "y"}
_NO = {"tidak", "belum", "tidak-ada", "tdk", "t", "belum-ada"}
_HOURS = re.compile(r"^([01]?\d|2[0-3])[.:]([0-5]\d)\s*[-–]\s*([01]?\d|2[0-3])[.:]([0-5]\d)$")

# The reader speaks of stories; an assessment file is told its own fix.
_READER_WORDS = {
    EMPTY_STORY: "berkas kosong; isi dengan checklist asesmen (lihat `kabardesa asesmen new`)",
    "front-matter tidak ada; baris pertama harus '---', diikuti title, date, officer, category, lalu '---'":
        "front-matter tidak ada; baris pertama harus '---', diikuti village, officer, date dan checklist, lalu '---' "
        "(buat kerangkanya dengan `kabardesa asesmen new`)",
}


@dataclass(frozen=True)
class Assessment:
    """One valid assessment: who assessed which village on which day, and the checklist's answers."""

    path: Path
    rel_path: str
    village: Village
    officer: Officer
    day: date
    answers: Mapping[str, Any] = field(default_factory=dict)  # key -> typed answer (None: not answered, optional)
    note: str = ""
    sample: bool = False

    def value(self, key: str) -> Any:
        return self.answers.get(key)


def validate_assessment(source: SourceStory, registry: Registry, *, now: datetime) -> tuple[Assessment | None, list[Problem]]:
    """The assessment (``None`` when it has errors) and all its problems."""
    if source.problems:
        return None, [_reworded(p) for p in source.problems]
    checker = _Checker(source, registry, now)
    return checker.run(), checker.problems


def check_assessment_text(text: str, path: Path, rel_path: str, registry: Registry, *,
                          now: datetime) -> tuple[Assessment | None, list[Problem]]:
    """Validate what ``kabardesa asesmen new`` (or a form) is about to write as if it were the file ``path``."""
    return validate_assessment(parse_story(text, path, rel_path), registry, now=now)


def _reworded(problem: Problem) -> Problem:
    words = _READER_WORDS.get(problem.message)
    return Problem(problem.path, problem.line, words, problem.field, problem.severity, problem.column) if words else problem


class _Checker:
    def __init__(self, source: SourceStory, registry: Registry, now: datetime):
        self.src = source
        self.meta = source.meta
        self.registry = registry
        self.now = now
        self.problems: list[Problem] = []

    def error(self, key: str | None, message: str) -> None:
        self.problems.append(self.src.problem(key, message))

    def run(self) -> Assessment | None:
        self._keys()
        village = self._village()
        officer = self._header("officer", fields.check_officer(self.meta.get("officer"), self.registry))
        moment = self._header("date", fields.check_date(self.meta.get("date"), self.now))
        sample = self._sample()
        answers = {f.key: self._answer(f) for f in CHECKLIST}
        self._consistency(answers)
        note = self._note()
        if village is not None:
            for message in fields.check_assignment(officer, [village]):
                self.problems.append(Problem(self.src.rel_path, self.src.line_of("village"), message, "village", "advice"))
        self._personal_data()
        if any(p.severity == "error" for p in self.problems):
            return None
        assert village and officer and moment
        return Assessment(self.src.path, self.src.rel_path, village, officer, moment.date(), answers, note, sample)

    # -- keys and header ----------------------------------------------------

    def _keys(self) -> None:
        for key in self.meta:
            if key in KNOWN_KEYS:
                continue
            plain = key.lower().strip()
            if plain in FORBIDDEN_KEYS or slugify(plain).replace("-", "_") in FORBIDDEN_KEYS:
                self.error(key, f"kunci '{key}' tidak boleh ada: asesmen tidak mencatat nama, nomor atau anggota "
                                "kelompok siskamling; hapus baris ini, cukup isi siskamling_group: ya atau tidak")
                continue
            close = suggest(plain, KNOWN_KEYS, n=1)
            hint = HEADER_SYNONYMS.get(plain) or FIELD_SYNONYMS.get(plain) or (close[0] if close else None)
            fix = f"; maksud Anda: {hint}?" if hint else "; lihat kunci yang dikenal di kerangka `kabardesa asesmen new`"
            self.error(key, f"kunci '{key}' tidak dikenal{fix}")
        for key in HEADER_KEYS:
            if self.meta.get(key) in (None, ""):
                self.error(key if key in self.meta else None,
                           f"kunci wajib '{key}' tidak ada atau kosong; tambahkan '{key}: ...' di front-matter")

    def _header(self, key: str, checked: fields.Checked[Any]) -> Any:
        value, messages = checked
        for message in messages:
            self.error(key, message)
        return value

    def _village(self) -> Village | None:
        value = self.meta.get("village")
        if value in (None, ""):
            return None
        if isinstance(value, list):
            self.error("village", "satu asesmen untuk satu desa; tulis satu desa saja, dan buat berkas terpisah "
                                  "(`kabardesa asesmen new`) untuk desa lainnya")
            return None
        village: Village | None = self._header("village", fields.check_village(value, self.registry))
        return village

    def _sample(self) -> bool:
        value = self.meta.get("sample")
        if value is None or isinstance(value, bool):
            return bool(value)
        self.error("sample", f"'sample' harus true atau false, bukan '{_shown(value)}'; hanya asesmen contoh fiktif yang memakainya")
        return False

    # -- the checklist ------------------------------------------------------

    def _answer(self, item: Field) -> Any:
        if item.key not in self.meta or self.meta[item.key] is None or self.meta[item.key] == "":
            if item.required:
                where = item.key if item.key in self.meta else None
                self.error(where, f"pertanyaan '{item.key}' belum dijawab: {item.question}")
            return None
        value, message = check_answer(item, self.meta[item.key])
        if message:
            self.error(item.key, message)
        return value

    def _consistency(self, answers: dict[str, Any]) -> None:
        for part, whole, some, every in (("pos_kamling_active", "pos_kamling", "pos kamling aktif", "semua pos kamling"),
                                         ("entrances_guarded", "entrances", "jalan masuk yang dijaga", "semua jalan masuk"),
                                         ("cctv_working", "cctv_total", "kamera yang berfungsi", "kamera yang terpasang")):
            if isinstance(answers.get(part), int) and isinstance(answers.get(whole), int) and answers[part] > answers[whole]:
                self.error(part, f"'{part}' ({answers[part]}) lebih besar dari '{whole}' ({answers[whole]}); "
                                 f"{some} tidak mungkin lebih banyak dari {every}: periksa kedua angka")

    def _note(self) -> str:
        note = self.src.body.strip()
        line = self.src.body_line + 1
        if not note:
            self.problems.append(Problem(self.src.rel_path, line, "catatan asesmen kosong; tulis beberapa kalimat di bawah "
                                         "baris '---' penutup: apa yang sudah berjalan dan apa rencana berikutnya", "body"))
        elif NOTE_SKELETON[:40] in note:
            self.problems.append(Problem(self.src.rel_path, line, "catatan masih teks contoh dari `kabardesa asesmen new`; "
                                         "ganti dengan catatan Anda sendiri", "body"))
        elif len(note) > MAX_NOTE:
            self.problems.append(Problem(self.src.rel_path, line, f"catatan terlalu panjang ({len(note)} karakter); paling banyak "
                                         f"{MAX_NOTE} karakter: cerita lengkap ditulis sebagai cerita di stories/", "body"))
        return note

    def _personal_data(self) -> None:
        allowed = [o.whatsapp for o in self.registry.officers.values()] + [e.number for e in self.registry.pii_exceptions]
        values = [(self.src.line_of(key), str(v)) for key, value in self.meta.items()
                  for v in (value if isinstance(value, list) else [value]) if isinstance(v, (str, int)) and not isinstance(v, bool)]
        for finding in find_personal_data(self.src.text, allowed=allowed, values=values):
            self.problems.append(Problem(self.src.rel_path, finding.line, finding.message, "pii", column=finding.column))


# -- one answer -----------------------------------------------------------------


def check_answer(item: Field, value: Any) -> tuple[Any, str]:
    """The typed answer to ``item`` and an Indonesian message ("" when it is fine)."""
    return _CHECKS[item.kind](item, value)


def _count(item: Field, value: Any) -> tuple[Any, str]:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        return None, f"'{item.key}' harus angka bulat, misalnya {item.key}: 2 (tulis 0 bila tidak ada)"
    if value < 0 or value > item.maximum:
        return None, f"'{item.key}' bernilai {value}; tulis angka 0 sampai {item.maximum}"
    return value, ""


def _yes_no(item: Field, value: Any) -> tuple[Any, str]:
    if isinstance(value, bool):
        return value, ""
    word = slugify(str(value)) if isinstance(value, str) else ""
    if word in _YES:
        return True, ""
    if word in _NO:
        return False, ""
    if item.key == "siskamling_group":
        return None, ("'siskamling_group' diisi ya atau tidak saja; jangan tulis nomor, nama atau anggota kelompok "
                      "siskamling di asesmen")
    return None, f"'{item.key}' diisi ya atau tidak, bukan '{_shown(value)}'"


def _choice(item: Field, value: Any) -> tuple[Any, str]:
    if not isinstance(value, str):
        return None, f"'{item.key}' diisi salah satu dari: {', '.join(item.choices)}"
    word = slugify(value)
    if word in item.choices:
        return word, ""
    hint = suggest(word, item.choices, n=2)
    return None, f"'{item.key}' tidak mengenal '{_shown(value)}'" + (f"; maksud Anda: {', '.join(hint)}?" if hint else
                                                                      f"; pilih salah satu: {', '.join(item.choices)}")


def _choices(item: Field, value: Any) -> tuple[Any, str]:
    items = value if isinstance(value, list) else [value]
    found: list[str] = []
    for entry in items:
        chosen, message = _choice(item, entry)
        if message:
            example = f"{item.key}: [{', '.join(item.choices[:2])}]"
            return None, (message if isinstance(entry, str) else f"'{item.key}' berisi daftar kata, misalnya {example}")
        if chosen not in found:
            found.append(chosen)
    return tuple(found), ""


def _days(item: Field, value: Any) -> tuple[Any, str]:
    if isinstance(value, str) and value.strip().lower() in EVERY_DAY:
        return item.choices, ""
    items = value if isinstance(value, list) else [value]
    found: set[str] = set()
    for entry in items:
        word = re.sub(r"[^a-z]", "", str(entry).lower()) if isinstance(entry, str) else ""
        if word not in item.choices:
            hint = suggest(word, item.choices, n=1) if word else []
            fix = f"; maksud Anda: {hint[0]}?" if hint else "; tulis nama hari, misalnya ronda_days: [senin, kamis, sabtu]"
            return None, f"hari ronda '{_shown(entry)}' tidak dikenal{fix}"
        found.add(word)
    return tuple(day for day in item.choices if day in found), ""


def _hours(item: Field, value: Any) -> tuple[Any, str]:
    match = _HOURS.match(str(value).strip()) if isinstance(value, str) else None
    if match is None:
        return None, f"'{item.key}' ditulis jam mulai dan jam selesai, misalnya {item.key}: 22.00-04.00"
    start_h, start_m, end_h, end_m = (int(part) for part in match.groups())
    return f"{start_h:02d}.{start_m:02d}-{end_h:02d}.{end_m:02d}", ""


def _text(item: Field, value: Any) -> tuple[Any, str]:
    text, messages = fields.check_text(item.key, value)
    if messages:
        return None, messages[0]
    if len(text) > MAX_TEXT:
        return None, f"'{item.key}' terlalu panjang ({len(text)} karakter); paling banyak {MAX_TEXT} karakter"
    return text, ""


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


_CHECKS = {"count": _count, "yes_no": _yes_no, "choice": _choice, "choices": _choices, "days": _days,
           "hours": _hours, "text": _text}
