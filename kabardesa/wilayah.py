"""The national village registry: every desa and kelurahan of Indonesia, shipped in the package.

The data (``wilayah_data/indonesia_wilayah.csv.gz``, see ``wilayah_data/SUMBER.md``)
is read once, on first use. A deployment picks its area by codes or names:
a province (``35``), a kabupaten/kota (``35.24``, ``Lamongan``, ``Kota Surabaya``)
or kecamatan (``35.24.01``) for a Polres that covers part of a kabupaten.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from .text import lookup_key, suggest

DATA_FILE = ("wilayah_data", "indonesia_wilayah.csv.gz")
SOURCE = "dataset publik cahyadsn/wilayah (MIT), Kepmendagri No. 300.2.2-2138 Tahun 2025"
LEVELS = ("provinsi", "kabupaten", "kecamatan")  # by the number of code segments: 1, 2, 3

_CODE = re.compile(r"^\d{2}(?:\.\d{2}){0,2}(?:\.\d{4})?$")
_KIND_PREFIX = re.compile(r"^(kabupaten administrasi|kota administrasi|kabupaten|kota)\s+", re.IGNORECASE)
_SHORTHAND = ((re.compile(r"^\s*kab\.?\s+", re.IGNORECASE), "Kabupaten "),
              (re.compile(r"^\s*prov\.?\s+", re.IGNORECASE), "Provinsi "))


class Village(NamedTuple):
    """One row of the national list."""

    provinsi_code: str
    provinsi: str
    kabupaten_code: str
    kabupaten: str  # with its kind: "Kabupaten Lamongan", "Kota Surabaya"
    kecamatan_code: str
    kecamatan: str
    code: str  # 35.24.01.2001
    name: str
    jenis: str  # desa, kelurahan, desa adat


@dataclass(frozen=True)
class Area:
    """A province, kabupaten/kota or kecamatan."""

    code: str
    name: str  # "Jawa Timur", "Kabupaten Lamongan", "Sukorame"
    parent: str = ""  # the kabupaten/kota of a kecamatan, the province of a kabupaten

    @property
    def level(self) -> str:
        return LEVELS[self.code.count(".")]

    @property
    def label(self) -> str:
        """``35.24 Kabupaten Lamongan``; ``35.24.01 Kecamatan Sukorame (Kabupaten Lamongan)``."""
        if self.level == "provinsi":
            return f"{self.code} Provinsi {self.name}"
        if self.level == "kecamatan":
            return f"{self.code} Kecamatan {self.name} ({self.parent})"
        return f"{self.code} {self.name}"


class WilayahError(ValueError):
    """A selection that names nothing, or more than one thing; the message is for people."""


@dataclass(frozen=True, eq=False)  # eq=False: hashed by identity, for caches
class Wilayah:
    villages: tuple[Village, ...]  # in Kemendagri order
    areas: dict[str, Area]  # every province, kabupaten/kota and kecamatan, by code

    def villages_in(self, codes: Iterable[str]) -> list[Village]:
        prefixes = tuple(f"{code}." for code in codes)
        return [v for v in self.villages if v.code.startswith(prefixes)]

    def children(self, code: str = "") -> list[Area]:
        """Provinces (no code), a province's kabupaten/kota, or a kabupaten's kecamatan."""
        depth = code.count(".") + 1 if code else 0
        prefix = f"{code}." if code else ""
        return [a for a in self.areas.values() if a.code.count(".") == depth and a.code.startswith(prefix)]


@lru_cache(maxsize=1)
def load_wilayah() -> Wilayah:
    """Read the packaged list (about 0.3 s for its 83,762 rows); cached for the process."""
    with resources.files("kabardesa").joinpath(*DATA_FILE).open("rb") as packed:
        reader = csv.reader(io.TextIOWrapper(gzip.GzipFile(fileobj=packed), encoding="utf-8", newline=""))
        next(reader)  # header
        villages: list[Village] = []
        areas: dict[str, Area] = {}
        words: dict[str, str] = {}
        prefix: list[str] = []
        for row in reader:
            if not prefix or row[4] != prefix[4]:  # a new kecamatan: its rows share these strings
                prefix = row[:6]
                areas.setdefault(row[0], Area(row[0], row[1]))
                areas.setdefault(row[2], Area(row[2], row[3], row[1]))
                areas[row[4]] = Area(row[4], row[5], row[3])
            villages.append(Village._make((*prefix, row[6], row[7], words.setdefault(row[8], row[8]))))
    return Wilayah(tuple(villages), areas)


def short_name(kabupaten: str) -> str:
    """``Kabupaten Lamongan`` → ``Lamongan``; ``Kota Administrasi Jakarta Selatan`` → ``Jakarta Selatan``."""
    return _KIND_PREFIX.sub("", kabupaten)


def kabupaten_label(kabupaten: str) -> str:
    """The name people use: ``Lamongan`` for a kabupaten, ``Kota Surabaya`` for a kota."""
    return f"Kota {short_name(kabupaten)}" if kabupaten.startswith("Kota") else short_name(kabupaten)


# -- choosing an area --------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """The areas a deployment covers and their villages, in Kemendagri order."""

    areas: tuple[Area, ...]
    villages: tuple[Village, ...]

    @property
    def kabupaten(self) -> list[str]:
        return list(dict.fromkeys(v.kabupaten for v in self.villages))

    @property
    def provinces(self) -> list[str]:
        return list(dict.fromkeys(v.provinsi for v in self.villages))

    @property
    def partial(self) -> bool:
        """True when only some kecamatan of a kabupaten are chosen."""
        return all(a.level == "kecamatan" for a in self.areas)

    def default_polres_name(self) -> str:
        """``Polres Lamongan``, ``Polres Kota Surabaya``, ``Polda Jawa Timur``."""
        if any(a.level == "provinsi" for a in self.areas) and len(self.provinces) == 1:
            return f"Polda {self.provinces[0]}"
        return "Polres " + " dan ".join(kabupaten_label(n) for n in self.kabupaten)

    def region(self) -> str:
        """Where the villages are, for sentences: ``Kabupaten Lamongan``, ``Provinsi Jawa Timur``."""
        if any(a.level == "provinsi" for a in self.areas) and len(self.provinces) == 1:
            return f"Provinsi {self.provinces[0]}"
        text = " dan ".join(self.kabupaten)
        return f"sebagian {text}" if self.partial else text


def select(wilayah: Wilayah, terms: Iterable[str]) -> Selection:
    """The areas named by codes or names; :class:`WilayahError` names every term that fails."""
    areas: list[Area] = []
    errors: list[str] = []
    for term in terms:
        try:
            areas.append(resolve(wilayah, term))
        except WilayahError as exc:
            errors.append(str(exc))
    if errors:
        raise WilayahError("\n".join(errors))
    if not areas:
        raise WilayahError("pilih wilayah dengan --wilayah, mis. --wilayah 35.24 atau --wilayah Lamongan")
    unique = tuple(dict.fromkeys(sorted(areas, key=lambda a: a.code)))
    return Selection(unique, tuple(wilayah.villages_in(a.code for a in unique)))


def resolve(wilayah: Wilayah, term: str) -> Area:
    text = term.strip()
    if _CODE.match(text) or text.isdigit():
        return _by_code(wilayah, _dotted(text))
    return _by_name(wilayah, text)


def _dotted(code: str) -> str:
    """``3524`` → ``35.24``; dotted codes pass unchanged."""
    if "." in code:
        return code
    return ".".join(code[i:i + 2] for i in range(0, len(code), 2))


def _by_code(wilayah: Wilayah, code: str) -> Area:
    area = wilayah.areas.get(code)
    if area is not None:
        return area
    if code.count(".") >= 3:
        raise WilayahError(f"'{code}' adalah kode desa; pilih kabupaten/kota atau kecamatannya, mis. --wilayah {code.rsplit('.', 1)[0]}")
    parent = code.rsplit(".", 1)[0] if "." in code else ""
    siblings = {a.code: a for a in wilayah.children(parent if parent in wilayah.areas else "")}
    close = [siblings[c].label for c in suggest(code, siblings, n=3, cutoff=0.5)]
    hint = f"; maksud Anda: {', '.join(close)}?" if close else ""
    return _fail(f"kode wilayah '{code}' tidak dikenal{hint}", parent if parent in wilayah.areas else "")


def _by_name(wilayah: Wilayah, text: str) -> Area:
    for pattern, replacement in _SHORTHAND:
        text = pattern.sub(replacement, text)
    key = lookup_key(text)
    exact, loose = _name_keys(wilayah)
    found = exact.get(key) or loose.get(key) or []
    if len(found) == 1:
        return found[0]
    if found:
        choices = "; ".join(a.label for a in found)
        raise WilayahError(f"nama wilayah '{text}' ambigu: {choices}; tulis kodenya atau nama lengkapnya, mis. --wilayah {found[0].code}")
    close = [a.label for k in suggest(key, loose, n=3) for a in loose[k]]
    kecamatan = [a.label for a in wilayah.areas.values() if a.level == "kecamatan" and lookup_key(a.name) == key][:5]
    hint = f"; maksud Anda: {', '.join(close)}?" if close else ""
    if kecamatan:
        hint += f" Ada kecamatan bernama '{text}': {', '.join(kecamatan)}; pilih dengan kodenya"
    return _fail(f"wilayah '{text}' tidak dikenal{hint}")


def _fail(message: str, code: str = "") -> Area:
    listing = f"kabardesa init --daftar {code}".rstrip()
    stop = " " if message.endswith("?") else ". "
    raise WilayahError(f"{message}{stop}Lihat daftar kode: {listing}")


@lru_cache(maxsize=1)
def _name_keys(wilayah: Wilayah) -> tuple[dict[str, list[Area]], dict[str, list[Area]]]:
    """Full names (``Kabupaten Lamongan``, ``Provinsi Jawa Timur``), then short ones (``Lamongan``)."""
    exact: dict[str, list[Area]] = {}
    loose: dict[str, list[Area]] = {}
    for area in wilayah.areas.values():
        if area.level == "kecamatan":
            continue
        if area.level == "provinsi":
            full = [f"Provinsi {area.name}"]
        else:
            kind = "Kota" if area.name.startswith("Kota") else "Kabupaten"
            full = [area.name, f"{kind} {short_name(area.name)}"]
        for name in dict.fromkeys(lookup_key(n) for n in full):
            exact.setdefault(name, []).append(area)
        loose.setdefault(lookup_key(short_name(area.name)), []).append(area)
    return exact, loose
