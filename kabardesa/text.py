"""Small text helpers: slugs, lookup keys and "did you mean" suggestions."""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Iterable

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_PLACE_PREFIX = re.compile(r"^\s*(desa|ds\.?|kelurahan|kel\.?)\s+", re.IGNORECASE)


def ascii_lower(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


def slugify(value: str) -> str:
    """``"Gedongkedo'an"`` → ``gedongkedoan``; ``"Wadak Lor"`` → ``wadak-lor``."""
    text = ascii_lower(value).replace("'", "").replace("\u2019", "")
    return _NON_ALNUM.sub("-", text).strip("-")


def lookup_key(value: str) -> str:
    """Key that ignores case, spacing, punctuation and Desa/Ds./Kel. prefixes."""
    text = value.strip()
    # "Ds.Lowayu" has no space after the prefix: accept that too.
    text = re.sub(r"^(ds|kel)\.(?=\S)", r"\1. ", text, flags=re.IGNORECASE)
    text = _PLACE_PREFIX.sub("", text)
    return _NON_ALNUM.sub("", ascii_lower(text))


def suggest(word: str, choices: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    return difflib.get_close_matches(word, list(choices), n=n, cutoff=cutoff)


def did_you_mean(word: str, choices: Iterable[str], n: int = 3) -> str:
    """``"; maksud Anda: a, b?"`` or an empty string when nothing is close."""
    found = suggest(word, choices, n=n)
    return f"; maksud Anda: {', '.join(found)}?" if found else ""
