"""Names for a chosen set of villages: unique slugs, kecamatan labels, aliases.

The rule (DESIGN.md, as in Gresik's data/villages.csv): a village's slug is its
name; where the name is not unique in the registry, the kecamatan follows it
(``sukorejo-kebomas``). Names that differ only by spaces or punctuation count
as the same (``Sidokumpul`` and ``Sido Kumpul``), because lookups ignore both.
Two villages of one name in one kecamatan (a kelurahan and a desa, in a few
places) keep the last part of their Kemendagri code as well.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from .text import lookup_key, slugify

# Abbreviations in official village names, written out as officers would.
ABBREVIATIONS = {
    "Perk.": "Perkebunan", "Mns.": "Meunasah", "Kp.": "Kampung", "Tgk.": "Teungku", "Sei.": "Sungai",
    "Tj.": "Tanjung", "Gn.": "Gunung", "Lbk.": "Lubuk", "Btg.": "Batang", "Ps.": "Pasar", "Dsn.": "Dusun",
}
_ABBREVIATION = re.compile("|".join(re.escape(a) for a in ABBREVIATIONS) + r"\s*")
_ROMAN = re.compile(r"^[IVXL]+$")


def unique_names(names: Sequence[str], qualifiers: Sequence[Sequence[str]], make: Callable[[str], str] = slugify) -> list[str]:
    """``make(name)``, with qualifiers added one at a time where it is not unique.

    ``qualifiers[i]`` lists what may follow name ``i`` in order (kecamatan, code);
    a collision is judged by :func:`lookup_key`, which ignores spaces and case.
    """
    levels = [0] * len(names)

    def full(i: int) -> str:
        return " ".join([names[i], *qualifiers[i][:levels[i]]])

    while True:
        keys = [lookup_key(full(i)) for i in range(len(names))]
        made = [make(full(i)) for i in range(len(names))]
        key_count, made_count = Counter(keys), Counter(made)
        clash = [i for i in range(len(names))
                 if (key_count[keys[i]] > 1 or made_count[made[i]] > 1) and levels[i] < len(qualifiers[i])]
        if not clash:
            return made
        for i in clash:
            levels[i] += 1


def village_slugs(names: Sequence[str], kecamatan: Sequence[str], codes: Sequence[str]) -> list[str]:
    """One slug per village, unique within the selection (see the module's rule)."""
    return unique_names(names, [(k, c.rsplit(".", 1)[-1]) for k, c in zip(kecamatan, codes, strict=True)])


def kecamatan_labels(names: Sequence[str], kabupaten: Sequence[str], codes: Sequence[str]) -> list[str]:
    """Kecamatan names, with the kabupaten in brackets where a name repeats (a Polda-sized site)."""
    return unique_names(names, [(f"({k})", f"({c})") for k, c in zip(kabupaten, codes, strict=True)], make=str)


def village_aliases(name: str) -> tuple[str, ...]:
    """Other spellings an officer may write that the lookup would not match by itself.

    Abbreviations written out (``Kp. Bantan`` → ``Kampung Bantan``), each name of a
    double name (``Pulo Lon / Pulo Dayah``), and the name without apostrophes
    (``Ima'an`` → ``Imaan``, as in Gresik's list).
    """
    found: list[str] = []
    expanded = _ABBREVIATION.sub(lambda m: ABBREVIATIONS[m.group(0).strip()] + " ", name).strip()
    found.append(re.sub(r"\s+", " ", expanded))
    parts = [p.strip() for p in name.split("/")]
    if len(parts) > 1 and all(re.search(r"[A-Za-z]{3}", p) and not _ROMAN.match(p) for p in parts):
        found.extend(parts)
    found.append(name.replace("'", "").replace("\u2019", ""))
    return tuple(a for a in dict.fromkeys(found) if a and a != name)
