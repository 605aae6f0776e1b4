"""One checker per front-matter field, shared by ``check``, ``new`` and any form.

Each checker takes the raw value (as YAML or a person gave it) and, where needed, the
registry or the current time, and returns the typed value and a list of Indonesian
messages. No checker reads a file or knows a line: the caller attaches the place, so a
value gets the same message wherever it is checked. A missing value is not a problem
here (``None`` or empty gives the empty value); which keys are required is the
caller's rule.

Known values are accepted by every unambiguous spelling: a village by slug, code, name
or alias; a Polsek by slug or name; an officer by id; a category by slug or name
("Bakti Sosial" → ``bakti-sosial``). An unknown value is answered with the closest
known ones ("maksud Anda: …?"), or the command that lists them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any, TypeVar

from .dates import DateError, check_not_future, parse_story_date
from .registry import Category, Officer, Polsek, Registry, Village
from .text import slugify, suggest

T = TypeVar("T")
Checked = tuple[T, list[str]]  # the typed value and the messages about it

MAX_TITLE = 120


def _ok(value: T) -> Checked[T]:
    return value, []


def _bad(value: T, message: str) -> Checked[T]:
    return value, [message]


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _is_text(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _plain(value: str) -> str:
    """A spelling key that ignores case, spacing and punctuation: ``Bakti-Sosial`` → ``baktisosial``."""
    return slugify(value).replace("-", "")


def _hint(choices: Iterable[str], command: str) -> str:
    """``; maksud Anda: …?`` with the closest choices, else where to look them up."""
    found = list(dict.fromkeys(choices))[:3]
    return f"; maksud Anda: {', '.join(found)}?" if found else f"; lihat `{command}`"


# -- plain text -----------------------------------------------------------------------


def check_text(key: str, value: Any) -> Checked[str]:
    """A one-line text value (``summary``, ``image_alt`` …); numbers are taken as text."""
    if value is None:
        return _ok("")
    if not _is_text(value):
        return _bad("", f"'{key}' harus berupa teks biasa, bukan daftar atau pasangan kunci")
    return _ok(str(value).strip())


def check_title(value: Any) -> Checked[str]:
    title, messages = check_text("title", value)
    if len(title) > MAX_TITLE:
        messages.append(f"judul terlalu panjang ({len(title)} karakter); paling banyak {MAX_TITLE} karakter")
    return title, messages


def check_date(value: Any, now: datetime) -> Checked[datetime | None]:
    """The moment in WIB; never more than a day after ``now``."""
    if _empty(value):
        return _ok(None)
    try:
        moment = parse_story_date(value)
        check_not_future(moment, now)
    except DateError as exc:
        return _bad(None, str(exc))
    return _ok(moment)


def check_tags(value: Any) -> Checked[tuple[str, ...]]:
    if _empty(value):
        return _ok(())
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(t, (str, int)) and not isinstance(t, bool) for t in items):
        return _bad((), "'tags' berisi daftar kata, misalnya: tags: [ronda, pos-kamling]")
    return _ok(tuple(dict.fromkeys(str(t).strip() for t in items if str(t).strip())))


def check_draft(value: Any) -> Checked[bool]:
    if value is None:
        return _ok(False)
    if not isinstance(value, bool):
        return _bad(False, f"'draft' harus true atau false, bukan '{value}'")
    return _ok(value)


# -- places ---------------------------------------------------------------------------


def check_villages(value: Any, registry: Registry) -> Checked[tuple[Village, ...]]:
    """One village or a list of them; each is checked, repeats are dropped."""
    if _empty(value):
        return _ok(())
    found: list[Village] = []
    messages: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        village, problems = check_village(item, registry)
        messages += problems
        if village and village not in found:
            found.append(village)
    return tuple(found), messages


def check_village(item: Any, registry: Registry) -> Checked[Village | None]:
    if not isinstance(item, (str, int)) or isinstance(item, bool):
        return _bad(None, "setiap desa ditulis sebagai teks (slug, kode Kemendagri atau nama)")
    text = str(item).strip()
    matches = registry.villages_matching(text)
    if len(matches) == 1:
        return _ok(matches[0])
    if matches:
        options = ", ".join(f"{v.slug} (Kec. {v.kecamatan})" for v in matches)
        return _bad(None, f"desa '{text}' ada di lebih dari satu kecamatan; tulis salah satu: {options}")
    hint = _hint(registry.village_suggestions(text), "kabardesa list villages")
    return _bad(None, f"desa '{text}' tidak dikenal{hint}")


def check_polsek(value: Any, registry: Registry, villages: tuple[Village, ...] = ()) -> Checked[tuple[Polsek, ...]]:
    """The Polsek of the villages, or the one named for a story without a village.

    A named Polsek must cover the villages.
    """
    of_villages = tuple(dict.fromkeys(registry.polsek_of(v) for v in villages))
    if _empty(value):
        return _ok(of_villages)
    if not isinstance(value, str):
        return _bad(of_villages, "'polsek' berisi satu Polsek saja, misalnya: polsek: cerme")
    polsek = registry.find_polsek(value)
    if polsek is None:
        typed = value.lower().removeprefix("polsek").strip()
        hint = _hint(suggest(typed, registry.polsek), "kabardesa list polsek")
        return _bad(of_villages, f"Polsek '{value}' tidak dikenal{hint}")
    if villages and polsek not in of_villages:
        names = ", ".join(p.slug for p in of_villages)
        return _bad(of_villages, f"Polsek '{polsek.slug}' tidak mencakup desa cerita ini (desanya di {names}); "
                                 "hapus 'polsek' atau perbaiki 'village'")
    return _ok(of_villages or (polsek,))


# -- people and kinds of work ---------------------------------------------------------


def check_officer(value: Any, registry: Registry) -> Checked[Officer | None]:
    """An officer by id (any case or spacing); a name typed instead gets that officer's id suggested."""
    typed, messages = check_text("officer", value)
    if messages or not typed:
        return None, messages
    officer = registry.officers.get(typed) or registry.officers.get(slugify(typed))
    if officer is not None:
        return _ok(officer)
    close = _suggestions(typed, registry.officers, _officer_names(registry))
    return _bad(None, f"petugas '{typed}' tidak dikenal{_hint(close, 'kabardesa list officers')}")


def find_officer(value: Any, registry: Registry) -> Checked[Officer | None]:
    """An officer by id, or by a name only one officer bears (``Bagus Contoh``, ``Aipda Bagus Contoh``).

    What ``kabardesa new`` accepts and turns into the id; a story's front-matter keeps the id.
    """
    officer, messages = check_officer(value, registry)
    if officer is not None or not isinstance(value, str):
        return officer, messages
    bearers = _officer_names(registry).get(_plain(value), [])
    return _ok(registry.officers[bearers[0]]) if len(bearers) == 1 else (None, messages)


def _officer_names(registry: Registry) -> dict[str, list[str]]:
    officers = registry.officers.values()
    return _name_index([(o.name, o.id) for o in officers] + [(f"{o.rank} {o.name}", o.id) for o in officers])


def check_category(value: Any, registry: Registry) -> Checked[Category | None]:
    """A category by slug or by its name (``Bakti Sosial``), when only one category has it."""
    typed, messages = check_text("category", value)
    if messages or not typed:
        return None, messages
    if typed in registry.categories:
        return _ok(registry.categories[typed])
    names = _name_index([(c.slug, c.slug) for c in registry.categories.values()]
                        + [(c.name, c.slug) for c in registry.categories.values()])
    named = names.get(_plain(typed), [])
    if len(named) == 1:
        return _ok(registry.categories[named[0]])
    if named:
        return _bad(None, f"kategori '{typed}' cocok dengan lebih dari satu kategori; tulis salah satu: {', '.join(named)}")
    close = _suggestions(typed, registry.categories, names) + _meaning_mentions(typed, registry.categories.values())
    return _bad(None, f"kategori '{typed}' tidak dikenal{_hint(close, 'kabardesa list categories')}")


def _name_index(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Spelling key of each name → the ids or slugs that bear it."""
    index: dict[str, list[str]] = {}
    for name, key in pairs:
        entries = index.setdefault(_plain(name), [])
        if key not in entries:
            entries.append(key)
    return index


def _suggestions(typed: str, ids: Iterable[str], names: dict[str, list[str]]) -> list[str]:
    """Ids close to what was typed, then those whose name contains or resembles it (``Bagus`` → Bagus Contoh's id)."""
    key = _plain(typed)
    if key in names:  # a name typed in full: its bearers only
        return names[key]
    close = suggest(typed.lower(), ids)
    if key:
        close += [i for name, bearers in names.items() if len(key) >= 4 and key in name for i in bearers]
        close += [i for name in suggest(key, names) for i in names[name]]
    return close


def _meaning_mentions(typed: str, categories: Iterable[Category]) -> list[str]:
    """Categories whose description uses the word typed: ``ronda`` → ``siskamling``."""
    words = {w for w in slugify(typed).split("-") if len(w) >= 4}
    return [c.slug for c in categories if words & set(slugify(c.meaning).split("-"))]


# -- the body and the photo's description -------------------------------------------------

SKELETON_BODY = """Tulis cerita di sini. Paragraf pertama menjadi ringkasan bila `summary` kosong:
siapa, di mana, kapan, apa yang dilakukan bersama warga.

Paragraf berikutnya: apa kata warga atau perangkat desa, apa hasilnya, apa rencana
selanjutnya. Jangan tulis NIK, nomor HP warga, atau identitas anak dan korban.
"""
"""The body ``kabardesa new`` writes, for the officer to replace."""

_SKELETON_MARKERS = ("Tulis cerita di sini", "Paragraf berikutnya: apa kata warga")

GENERIC_ALT_WORDS = frozenset({
    "foto", "gambar", "image", "img", "photo", "picture", "pic", "dokumentasi", "dok", "doc", "kegiatan",
    "berita", "ilustrasi", "potret", "screenshot", "tangkapan", "layar", "alt", "-", "x",
})
_FILE_NAME = r"(?i)^[\w.\- ]+\.(jpe?g|png|webp|gif|heic|bmp)$|^(img|dsc|pxl|wa|vid)[-_ ]?\d"


def skeleton_lines(body: str) -> list[int]:
    """0-based lines of ``body`` still holding the skeleton text of ``kabardesa new``."""
    return [n for n, line in enumerate(body.splitlines()) if any(marker in line for marker in _SKELETON_MARKERS)]


SKELETON_MESSAGE = ("isi cerita masih teks contoh dari `kabardesa new` ('Tulis cerita di sini…'); "
                    "ganti dengan cerita Anda sendiri: siapa, di mana, kapan, apa yang dilakukan bersama warga")


def check_image_alt(alt: str) -> list[str]:
    """A description a blind reader can use: not a file name, not one (generic) word."""
    text = alt.strip()
    if not text:
        return []
    if re.search(_FILE_NAME, text):
        return [f"image_alt '{text}' adalah nama berkas; tulis apa yang terlihat di foto, "
                "misalnya 'Warga dan Bhabinkamtibmas berjaga di pos kamling'"]
    words = re.findall(r"\w+", text.lower())
    if len(words) < 2 or all(word in GENERIC_ALT_WORDS for word in words):
        return [f"image_alt '{text}' terlalu umum; tulis dalam beberapa kata apa yang terlihat di foto, "
                "misalnya 'Warga dan Bhabinkamtibmas berjaga di pos kamling'"]
    return []


def check_assignment(officer: Officer | None, villages: Iterable[Village]) -> list[str]:
    """Villages of a story outside its officer's assignment (a warning for the editor to confirm)."""
    if officer is None or not officer.villages:
        return []
    outside = [v for v in villages if v.slug not in officer.villages]
    if not outside:
        return []
    names = ", ".join(v.label for v in outside)
    return [f"{names} bukan desa binaan {officer.display_name} ({officer.id}); bila benar (misalnya membantu "
            "desa tetangga) biarkan, bila keliru perbaiki 'village' atau 'officer'"]
