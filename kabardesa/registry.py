"""Registries in ``data/``: villages, Polsek, officers and activity categories."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from . import urls
from .fingerprint import fields_fingerprint
from .privacy import EXCEPTIONS_FILE, normalize_number
from .problems import Problem, ProblemsFound
from .sanitize import first_invisible
from .text import did_you_mean, lookup_key, slugify, suggest

VILLAGES_FILE = "villages.csv"
POLSEK_FILE = "polsek.yml"
OFFICERS_FILE = "officers.yml"
CATEGORIES_FILE = "categories.yml"

# Slugs become folders under site/ and parts of URLs; names become page text,
# feed text and Pagefind filters (which its UI renders as HTML).
SLUG_PATTERN = re.compile(r"[a-z0-9-]+")
CODE_PATTERN = re.compile(r"[0-9]+(?:\.[0-9]+)*")
MARKUP_PATTERN = re.compile(r"[<>]|&[#A-Za-z]")  # a tag, or an entity such as &lt; &#48;


@dataclass(frozen=True)
class Village:
    code: str  # Kemendagri code, the stable key: 35.25.01.2007
    name: str
    type: str  # "desa" or "kelurahan"
    kecamatan: str
    slug: str
    aliases: tuple[str, ...] = ()

    def __repr__(self) -> str:  # registry entries are known by their key
        return f"Village({self.slug!r})"

    @cached_property
    def fingerprint(self) -> str:  # computed once: every page that names it is fingerprinted
        return fields_fingerprint(self)

    @property
    def label(self) -> str:
        return f"{self.type.capitalize()} {self.name}"

    @property
    def src_uri(self) -> str:
        return urls.village_uri(self.slug)

    @property
    def url(self) -> str:
        return urls.url(self.src_uri)

    @property
    def feed_url(self) -> str:
        return urls.village_feed(self.slug)


@dataclass(frozen=True)
class Polsek:
    slug: str
    name: str
    kecamatan: tuple[str, ...]
    attested: bool = True
    note: str = ""  # for editors; never shown on public pages
    phone: str = ""  # the office's number as written in data/polsek.yml, shown with a tap-to-call link

    def __repr__(self) -> str:  # registry entries are known by their key
        return f"Polsek({self.slug!r})"

    @cached_property
    def fingerprint(self) -> str:  # computed once: every page that names it is fingerprinted
        return fields_fingerprint(self)

    @property
    def phone_tel(self) -> str:
        """The number for a ``tel:`` link, international form: ``031-3981234`` → ``+62313981234``."""
        return tel_number(self.phone) if self.phone else ""

    @property
    def src_uri(self) -> str:
        return urls.polsek_uri(self.slug)

    @property
    def url(self) -> str:
        return urls.url(self.src_uri)


def tel_number(written: str) -> str:
    """An Indonesian number as written (``031-3981234``, ``+62 31 3981234``) in ``tel:`` form, ``+62…``."""
    digits = "".join(ch for ch in written if ch.isdigit())
    if written.strip().startswith("+"):
        return "+" + digits
    return "+62" + digits[1:] if digits.startswith("0") else "+" + digits


@dataclass(frozen=True)
class Officer:
    id: str
    rank: str
    name: str
    whatsapp: str
    villages: tuple[str, ...]  # village slugs
    sample: bool = False

    def __repr__(self) -> str:  # registry entries are known by their key
        return f"Officer({self.id!r})"

    @cached_property
    def fingerprint(self) -> str:  # computed once: every page that names it is fingerprinted
        return fields_fingerprint(self)

    @property
    def display_name(self) -> str:
        return f"{self.rank} {self.name}"

    @property
    def whatsapp_digits(self) -> str:
        digits = "".join(ch for ch in self.whatsapp if ch.isdigit())
        return "62" + digits[1:] if digits.startswith("0") else digits

    @property
    def src_uri(self) -> str:
        return urls.officer_uri(self.id)

    @property
    def url(self) -> str:
        return urls.url(self.src_uri)


@dataclass(frozen=True)
class Category:
    slug: str
    name: str
    meaning: str

    def __repr__(self) -> str:  # registry entries are known by their key
        return f"Category({self.slug!r})"

    @cached_property
    def fingerprint(self) -> str:  # computed once: every page that names it is fingerprinted
        return fields_fingerprint(self)

    @property
    def src_uri(self) -> str:
        return urls.category_uri(self.slug)

    @property
    def url(self) -> str:
        return urls.url(self.src_uri)


@dataclass(frozen=True)
class PiiException:
    """An official number that looks like personal data, published on an editor's word."""

    number: str
    reason: str
    added_by: str = ""


@dataclass
class Registry:
    polres_name: str
    villages: dict[str, Village]  # by slug, in Kemendagri order
    polsek: dict[str, Polsek]
    officers: dict[str, Officer]
    categories: dict[str, Category]
    pii_exceptions: tuple[PiiException, ...] = ()  # editors' official numbers (data/pengecualian-data-pribadi.yml)
    _by_key: dict[str, list[Village]] = field(default_factory=dict, repr=False, init=False, compare=False)
    _polsek_of_kecamatan: dict[str, Polsek] = field(default_factory=dict, repr=False, init=False, compare=False)

    def __post_init__(self) -> None:
        for village in self.villages.values():
            keys = {lookup_key(village.slug), lookup_key(village.code), lookup_key(village.name)}
            keys.update(lookup_key(alias) for alias in village.aliases)
            for key in keys:
                self._by_key.setdefault(key, []).append(village)
        for polsek in self.polsek.values():
            for kecamatan in polsek.kecamatan:
                self._polsek_of_kecamatan[kecamatan] = polsek

    def villages_matching(self, value: str) -> list[Village]:
        """The village with exactly this slug, else those matching slug, code, name or alias loosely."""
        exact = self.villages.get(value.strip())
        if exact is not None:
            return [exact]
        return list(self._by_key.get(lookup_key(value), []))

    def polsek_of(self, village: Village) -> Polsek:
        return self._polsek_of_kecamatan[village.kecamatan]

    def villages_of(self, polsek: Polsek) -> list[Village]:
        return [v for v in self.villages.values() if v.kecamatan in polsek.kecamatan]

    def officers_of(self, village: Village) -> list[Officer]:
        return [o for o in self.officers.values() if village.slug in o.villages]

    def kecamatan_names(self) -> list[str]:
        return sorted({v.kecamatan for v in self.villages.values()})

    def find_polsek(self, value: str) -> Polsek | None:
        key = lookup_key(value.lower().removeprefix("polsek"))
        for polsek in self.polsek.values():
            if key in (lookup_key(polsek.slug), lookup_key(polsek.name.lower().removeprefix("polsek"))):
                return polsek
        return None

    def village_suggestions(self, value: str) -> list[str]:
        """Up to four slugs close to ``value``; for a kecamatan name, its closest villages."""
        key = lookup_key(value)
        for kecamatan in self.kecamatan_names():
            if lookup_key(kecamatan) == key:
                own = {lookup_key(v.name): v.slug for v in self.villages.values() if v.kecamatan == kecamatan}
                return [own[k] for k in suggest(key, own, n=4, cutoff=0.0)]
        keys = suggest(key, self._by_key, n=4)
        slugs = [v.slug for k in keys for v in self._by_key[k]]
        return list(dict.fromkeys(slugs))[:4]


# -- loading ---------------------------------------------------------------


def load_registry(data_dir: Path) -> Registry:
    """Read all registries; raise :class:`ProblemsFound` listing every problem."""
    problems: list[Problem] = []
    villages = _load_villages(data_dir / VILLAGES_FILE, problems)
    polres_name, polsek = _load_polsek(data_dir / POLSEK_FILE, villages, problems)
    officers = _load_officers(data_dir / OFFICERS_FILE, villages, problems)
    categories = _load_categories(data_dir / CATEGORIES_FILE, problems)
    pii_exceptions = load_pii_exceptions(data_dir / EXCEPTIONS_FILE, problems)
    if problems:
        raise ProblemsFound(problems)
    return Registry(polres_name, villages, polsek, officers, categories, pii_exceptions)


def _rel(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _read_text(path: Path, problems: list[Problem]) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        problems.append(Problem(_rel(path), 1, "berkas registri tidak ditemukan; salin dari contoh di repositori"))
    except UnicodeDecodeError:
        problems.append(Problem(_rel(path), 1, "berkas bukan UTF-8; simpan ulang sebagai UTF-8"))
    return None


class _Mapping(dict):  # type: ignore[type-arg]
    """A YAML mapping that knows its line and the line of each value (1-based)."""

    line: int = 1
    lines: dict[Any, int]


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


def _construct_mapping(loader: Any, node: Any) -> Any:
    data = _Mapping()
    data.line, data.lines = node.start_mark.line + 1, {}
    yield data
    data.update(loader.construct_mapping(node))
    for key_node, value_node in node.value:
        data.lines[loader.construct_object(key_node)] = value_node.start_mark.line + 1


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def _line(entry: Any, key: str | None = None) -> int:
    """The line of ``entry`` (or of its value under ``key``) in its YAML file; 1 when unknown."""
    if not isinstance(entry, _Mapping):
        return 1
    return entry.lines.get(key, entry.line) if key else entry.line


def _load_yaml(path: Path, problems: list[Problem]) -> Any:
    text = _read_text(path, problems)
    if text is None:
        return None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        line = exc.problem_mark.line + 1 if getattr(exc, "problem_mark", None) else 1
        problems.append(Problem(_rel(path), line, f"YAML tidak valid: {getattr(exc, 'problem', exc)}"))
        return None


def _entries(data: Any, path: Path, problems: list[Problem]) -> list[Any]:
    """The list of entries in a registry; a problem when it is not a list."""
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(Problem(_rel(path), 1, "isi harus berupa daftar entri, satu baris '- {...}' per entri"))
        return []
    return data


def _names(value: Any) -> tuple[str, ...]:
    """A YAML list of names; a single name written without brackets counts as one."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def slug_problem(value: Any, what: str) -> str | None:
    """Why ``value`` cannot be a slug (folder and URL part), or None."""
    if isinstance(value, str) and SLUG_PATTERN.fullmatch(value):
        return None
    hint = slugify(str(value)) if isinstance(value, (str, int)) else ""
    fix = f"pakai '{hint}'" if hint else "tulis ulang, misalnya 'nama-baru'"
    return f"{what} {value!r} tidak valid: hanya huruf kecil a-z, angka 0-9 dan tanda '-'; {fix}"


def text_problem(value: Any, what: str) -> str | None:
    """Why ``value`` cannot be a registry name or text (markup, control characters), or None."""
    if not isinstance(value, str):
        return f"{what} harus berupa teks, bukan {type(value).__name__}; tulis di antara tanda kutip"
    invisible = first_invisible(value)
    if invisible is not None:
        return f"{what} {value!r} berisi karakter kendali/tak terlihat U+{ord(invisible):04X}; hapus karakter itu (ketik ulang nilainya)"
    markup = MARKUP_PATTERN.search(value)
    if markup is not None:
        return f"{what} {value!r} berisi markup HTML ({markup.group()!r}); tulis teks biasa tanpa '<', '>' atau entitas '&…;'"
    return None


def _checked(checks: list[tuple[str | None, int]], path: Path | str, problems: list[Problem]) -> bool:
    """Record each (message, line) whose message is set; True when there were none."""
    found = [Problem(path if isinstance(path, str) else _rel(path), line, message) for message, line in checks if message]
    problems.extend(found)
    return not found


def _load_villages(path: Path, problems: list[Problem]) -> dict[str, Village]:
    text = _read_text(path, problems)
    if text is None:
        return {}
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    villages: dict[str, Village] = {}
    codes: set[str] = set()
    for number, row in enumerate(csv.DictReader(io.StringIO("\n".join(lines))), start=2):
        line = number + (len(text.splitlines()) - len(lines))
        village = _village_from_row(row, _rel(path), line, problems)
        if village is None:
            continue
        if village.slug in villages or village.code in codes:
            problems.append(Problem(_rel(path), line, f"slug '{village.slug}' atau kode '{village.code}' ganda; setiap desa harus unik"))
            continue
        villages[village.slug] = village
        codes.add(village.code)
    return villages


def _village_from_row(row: dict[str, str], path: str, line: int, problems: list[Problem]) -> Village | None:
    missing = [k for k in ("code", "name", "type", "kecamatan", "slug") if not (row.get(k) or "").strip()]
    if missing:
        problems.append(Problem(path, line, f"kolom kosong: {', '.join(missing)}; lengkapi baris ini"))
        return None
    if row["type"] not in ("desa", "kelurahan"):
        problems.append(Problem(path, line, f"jenis '{row['type']}' tidak dikenal; isi 'desa' atau 'kelurahan'"))
        return None
    if slugify(row["slug"]) != row["slug"]:
        problems.append(Problem(path, line, f"slug '{row['slug']}' tidak valid; pakai '{slugify(row['slug'])}'"))
        return None
    aliases = tuple(a.strip() for a in (row.get("aliases") or "").split(";") if a.strip())
    checks = [(None if CODE_PATTERN.fullmatch(row["code"].strip()) else f"kode '{row['code']}' tidak valid; tulis kode Kemendagri seperti 35.25.01.2007", line)]
    checks += [(text_problem(row[k].strip(), what), line) for k, what in (("name", "nama desa"), ("kecamatan", "kecamatan"))]
    checks += [(text_problem(alias, "alias desa"), line) for alias in aliases]
    if not _checked(checks, path, problems):
        return None
    return Village(row["code"].strip(), row["name"].strip(), row["type"], row["kecamatan"].strip(), row["slug"], aliases)


def _load_polsek(path: Path, villages: dict[str, Village], problems: list[Problem]) -> tuple[str, dict[str, Polsek]]:
    data = _load_yaml(path, problems) or {}
    if not isinstance(data, dict):
        problems.append(Problem(_rel(path), 1, "isi berkas harus berupa 'polres:' dan 'polsek:'; lihat contoh di repositori"))
        data = {}
    polres_entry = data.get("polres")
    polres = polres_entry.get("name", "Polres") if isinstance(polres_entry, dict) else "Polres"
    if not _checked([(text_problem(polres, "nama Polres"), _line(polres_entry, "name"))], path, problems):
        polres = "Polres"
    result: dict[str, Polsek] = {}
    kecamatan_all = {v.kecamatan for v in villages.values()}
    covered: set[str] = set()
    for entry in _entries(data.get("polsek"), path, problems):
        try:
            polsek = Polsek(entry["slug"], entry["name"], _names(entry["kecamatan"]), bool(entry.get("attested", True)), entry.get("note", ""))
        except (KeyError, TypeError):
            problems.append(Problem(_rel(path), _line(entry), f"entri Polsek tidak lengkap: {entry!r}; perlu slug, name, kecamatan"))
            continue
        phone = entry.get("phone")
        unknown = [(f"{polsek.name}: kunci '{k}' tidak dikenal{did_you_mean(str(k), POLSEK_KEYS) or '; kunci yang dikenal: ' + ', '.join(POLSEK_KEYS)}",
                    _line(entry, k)) for k in entry if k not in POLSEK_KEYS]
        if not _checked([(slug_problem(polsek.slug, "slug Polsek"), _line(entry, "slug")),
                         (text_problem(polsek.name, "nama Polsek"), _line(entry, "name")),
                         (polsek.note and text_problem(polsek.note, "catatan Polsek"), _line(entry, "note")),
                         (phone_problem(phone, polsek.name) if phone is not None else None, _line(entry, "phone")),
                         *unknown], path, problems):
            continue
        if phone is not None:
            polsek = replace(polsek, phone=phone.strip())
        for kecamatan in polsek.kecamatan:
            if kecamatan not in kecamatan_all:
                problems.append(Problem(_rel(path), 1, f"{polsek.name}: kecamatan '{kecamatan}' tidak dikenal{did_you_mean(kecamatan, kecamatan_all)}"))
            if kecamatan in covered:
                problems.append(Problem(_rel(path), 1, f"{polsek.name}: kecamatan '{kecamatan}' sudah dicakup Polsek lain"))
            covered.add(kecamatan)
        result[polsek.slug] = polsek
    for kecamatan in sorted(kecamatan_all - covered):
        problems.append(Problem(_rel(path), 1, f"kecamatan '{kecamatan}' belum dicakup Polsek mana pun; tambahkan ke salah satu Polsek"))
    return polres, result


POLSEK_KEYS = ("slug", "name", "kecamatan", "attested", "note", "phone")
PHONE_CHARS = re.compile(r"\+?[0-9][0-9 ().-]*")
PHONE_DIGITS = (9, 13)  # a national number with its leading 0: 0325-42123 … 0812-3456-78901
_PHONE_FIX = 'tulis nomor kantor lengkap dengan kode wilayah, di antara tanda kutip, misalnya phone: "031-3981234" atau phone: "+62 31 3981234"'


def phone_problem(value: Any, polsek_name: str) -> str | None:
    """Why ``value`` cannot be a Polsek's telephone number (``phone:`` in data/polsek.yml), or None."""
    what = f"{polsek_name}: nomor telepon"
    if not isinstance(value, str):
        shown = "kosong" if value is None or value == "" else repr(value)
        return f"{what} ({shown}) harus berupa teks di antara tanda kutip, agar angka 0 di depan tidak hilang; {_PHONE_FIX}"
    written = value.strip()
    if not PHONE_CHARS.fullmatch(written):
        return f"{what} {value!r} hanya boleh berisi angka, spasi, '-', '.', '(', ')' dan '+' di depan; {_PHONE_FIX}"
    digits = "".join(ch for ch in written if ch.isdigit())
    if written.startswith("+"):
        if not digits.startswith("62"):
            return f"{what} {value!r} bukan nomor Indonesia: nomor internasional diawali +62; {_PHONE_FIX}"
        digits = "0" + digits[2:]
    if digits in ("110", "112", "0110", "0112"):
        return f"{what} {value!r}: nomor darurat 110 sudah tampil di setiap halaman desa; isi nomor kantor Polsek, {_PHONE_FIX}"
    if not digits.startswith("0"):
        return f"{what} {value!r} kurang kode wilayah (nomor diawali 0, mis. 031 untuk Gresik, atau +62); {_PHONE_FIX}"
    low, high = PHONE_DIGITS
    if not low <= len(digits) <= high:
        size = "terlalu pendek" if len(digits) < low else "terlalu panjang"
        return f"{what} {value!r} {size} ({len(digits)} angka; nomor lengkap {low}–{high} angka); {_PHONE_FIX}"
    return None


def _load_officers(path: Path, villages: dict[str, Village], problems: list[Problem]) -> dict[str, Officer]:
    result: dict[str, Officer] = {}
    for entry in _entries(_load_yaml(path, problems), path, problems):
        try:
            officer = Officer(entry["id"], entry["rank"], entry["name"], str(entry["whatsapp"]), _names(entry.get("villages")), bool(entry.get("sample", False)))
        except (KeyError, TypeError):
            problems.append(Problem(_rel(path), 1, f"entri petugas tidak lengkap: {entry!r}; perlu id, rank, name, whatsapp"))
            continue
        if not _checked([(slug_problem(officer.id, "id petugas"), _line(entry, "id")),
                         (text_problem(officer.rank, "pangkat petugas"), _line(entry, "rank")),
                         (text_problem(officer.name, "nama petugas"), _line(entry, "name")),
                         (text_problem(officer.whatsapp, "nomor WhatsApp petugas"), _line(entry, "whatsapp"))], path, problems):
            continue
        for slug in officer.villages:
            if slug not in villages:
                problems.append(Problem(_rel(path), 1, f"petugas '{officer.id}': desa '{slug}' tidak dikenal{did_you_mean(slug, villages)}"))
        if officer.id in result:
            problems.append(Problem(_rel(path), 1, f"id petugas '{officer.id}' ganda"))
        result[officer.id] = officer
    return result


def _load_categories(path: Path, problems: list[Problem]) -> dict[str, Category]:
    result: dict[str, Category] = {}
    for entry in _entries(_load_yaml(path, problems), path, problems):
        try:
            category = Category(entry["slug"], entry["name"], entry["meaning"])
        except (KeyError, TypeError):
            problems.append(Problem(_rel(path), 1, f"entri kategori tidak lengkap: {entry!r}; perlu slug, name, meaning"))
            continue
        if not _checked([(slug_problem(category.slug, "slug kategori"), _line(entry, "slug")),
                         (text_problem(category.name, "nama kategori"), _line(entry, "name")),
                         (text_problem(category.meaning, "arti kategori"), _line(entry, "meaning"))], path, problems):
            continue
        result[category.slug] = category
    return result


_PII_EXCEPTION_KEYS = ("number", "reason", "added_by")
_PII_EXAMPLE = '- {number: "031-3981234", reason: "nomor pengaduan resmi Polres", added_by: "Humas"}'


def load_pii_exceptions(path: Path, problems: list[Problem]) -> tuple[PiiException, ...]:
    """The editors' exceptions to the personal-data guard; none when the file is absent.

    Each entry needs a ``number`` and a ``reason``; ``added_by`` is optional.
    """
    if not path.exists():
        return ()
    result: list[PiiException] = []
    for entry in _entries(_load_yaml(path, problems), path, problems):
        found = _pii_exception(entry, _rel(path), problems)
        if found is not None:
            result.append(found)
    return tuple(result)


def _pii_exception(entry: Any, path: str, problems: list[Problem]) -> PiiException | None:
    line = _line(entry)
    if not isinstance(entry, dict):
        problems.append(Problem(path, line, f"setiap pengecualian ditulis sebagai pasangan kunci, misalnya: {_PII_EXAMPLE}"))
        return None
    number, reason, added_by = (entry.get(k) for k in _PII_EXCEPTION_KEYS)
    known = ", ".join(_PII_EXCEPTION_KEYS)
    messages = [f"kunci '{k}' tidak dikenal{did_you_mean(str(k), _PII_EXCEPTION_KEYS) or '; kunci yang dikenal: ' + known}"
                for k in entry if k not in _PII_EXCEPTION_KEYS]
    if not isinstance(number, (str, int)) or isinstance(number, bool) or len(normalize_number(str(number))) < 3:
        messages.append(f"pengecualian perlu 'number' berisi nomornya, misalnya: {_PII_EXAMPLE}")
    if not isinstance(reason, str) or not reason.strip():
        which = f"'{number}'" if number not in (None, "") else "ini"
        messages.append(f"pengecualian {which} perlu 'reason': tulis mengapa nomor ini boleh tampil, misalnya: {_PII_EXAMPLE}")
    if added_by is not None and not isinstance(added_by, str):
        messages.append("'added_by' berisi nama editor yang menambahkan, sebagai teks")
    problems += [Problem(path, line, message) for message in messages]
    if messages:
        return None
    return PiiException(str(number).strip(), str(reason).strip(), str(added_by or "").strip())
