"""Detect personal data (NIK and phone numbers) in Markdown stories.

Stories written by officers must not expose personal data (UU 27/2022 on
personal data protection; UU 11/2012 on child justice). This module finds
numbers that look like an Indonesian NIK (Nomor Induk Kependudukan) or an
Indonesian phone number, so a checker can report them before publication.

Numbers listed in ``allowed`` (registered officers' WhatsApp numbers,
official hotlines, reviewed exceptions from the front-matter ``pii_ok``
list) are not reported. They are compared by normalized digits.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberType
from stdnum.exceptions import ValidationError
from stdnum.id import nik as stdnum_nik

# Province codes (first two NIK digits) in use by Dukcapil.
NIK_PROVINCES: frozenset[int] = frozenset(
    [*range(11, 20), 21, *range(31, 37), *range(51, 54), *range(61, 66),
     *range(71, 77), 81, 82, *range(91, 97)]
)

# 16 digits, optionally with one space, dot or hyphen between any two digits,
# not glued to further digits (directly or through a dot or hyphen).
_SEP = r"[ .\-\u00a0]"
_NIK_CANDIDATE = re.compile(
    rf"(?=\d)(?<!\d)(?<!\d[.\-])\d(?:{_SEP}?\d){{15}}(?!\d)(?![.\-]\d)"
)

# Phone number types that belong to a person or a household line.
_PERSONAL_PHONE_TYPES: frozenset[int] = frozenset({
    PhoneNumberType.FIXED_LINE,
    PhoneNumberType.MOBILE,
    PhoneNumberType.FIXED_LINE_OR_MOBILE,
    PhoneNumberType.VOIP,
    PhoneNumberType.PERSONAL_NUMBER,
    PhoneNumberType.PAGER,
})

_MONEY_BEFORE = re.compile(r"rp\.?\s*$", re.IGNORECASE)
_MONEY_AFTER = re.compile(r"^(?:,\d|\s*rupiah\b)", re.IGNORECASE)

_ADVICE = ("(data pribadi); hapus, atau bila sudah ditinjau editor "
           "tambahkan ke pii_ok di front-matter")


@dataclass(frozen=True)
class Finding:
    """One piece of personal data found in a text."""

    line: int  # 1-based line, counted from ``first_line``
    column: int  # 1-based column
    kind: str  # "nik" or "phone"
    text: str  # the matched text as written
    message: str  # explanation in Bahasa Indonesia


def _digits(s: str) -> str:
    """Return the decimal digits of ``s`` as ASCII digits."""
    return "".join(str(unicodedata.decimal(ch)) for ch in s if ch.isdecimal())


@functools.lru_cache(maxsize=4096)
def normalize_number(s: str) -> str:
    """Digits only, with a +62/62 country prefix turned into a leading 0."""
    digits = _digits(s)
    if digits.startswith("62"):
        return "0" + digits[2:]
    return digits


def is_plausible_nik(number: str) -> bool:
    """True if ``number`` (separators allowed) has the shape of a real NIK.

    Checks the province code, non-zero regency and district codes and the
    birth date (day + 40 for women) with python-stdnum.  The regency is not
    looked up in stdnum's table, which may lag behind new regencies.
    """
    digits = _digits(number)
    if len(digits) != 16 or int(digits[:2]) not in NIK_PROVINCES:
        return False
    if digits[2:4] == "00" or digits[4:6] == "00":
        return False
    try:
        stdnum_nik.get_birth_date(digits)
    except ValidationError:
        return False
    return True


def _mask(text: str) -> str:
    """Show only the first four digits of a number, e.g. '3525...'."""
    seen = 0
    for index, ch in enumerate(text):
        seen += ch.isdecimal()
        if seen == 4:
            return text[: index + 1] + "..."
    return text


def _looks_like_money(text: str, start: int, end: int) -> bool:
    """True if the number at text[start:end] is written as a rupiah amount."""
    before = text[max(0, start - 4):start]
    return bool(_MONEY_BEFORE.search(before) or _MONEY_AFTER.match(text[end:end + 10]))


def _skip_prefix(text: str, start: int, end: int) -> int:
    """Skip stray leading characters of a phone match (e.g. a Markdown '[')."""
    while start < end and not (text[start].isdecimal() or text[start] in "+("):
        start += 1
    return start


def _nik_spans(text: str) -> list[tuple[int, int]]:
    """Spans of NIK-like numbers in ``text``."""
    return [m.span() for m in _NIK_CANDIDATE.finditer(text) if is_plausible_nik(m.group())]


# Dates and clock times, which the phone matcher would otherwise join into a
# number ("04-01-2026 21:00" reads as a 10-digit line). The leading (?=\d) lets
# the engine skip non-digits quickly (three times faster on a story).
_DATE_OR_TIME = re.compile(
    r"(?=\d)(?<![\d.,])(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{1,2}[:.]\d{2})(?![\d.,])"
)


_DIGITS_TO_X = str.maketrans("0123456789", "x" * 10)


def _blank_dates_and_times(text: str) -> str:
    """Replace the digits of dates and times by letters, keeping every position."""
    return _DATE_OR_TIME.sub(lambda m: m.group().translate(_DIGITS_TO_X), text)


# At least seven digits, with separators between them: anything shorter is no phone
# number, and most stories have none, so the (slow) phone matcher can be skipped.
_LONG_NUMBER = re.compile(r"\d(?:[ .\-()/]{0,2}\d){6,}")


def _phone_spans(text: str, allowed: set[str]) -> list[tuple[int, int]]:
    """Spans of personal phone numbers in ``text`` that are not allowed."""
    spans: list[tuple[int, int]] = []
    text = _blank_dates_and_times(text)
    if not _LONG_NUMBER.search(text):
        return spans
    matcher = phonenumbers.PhoneNumberMatcher(text, "ID", leniency=phonenumbers.Leniency.VALID)
    for match in matcher:
        if phonenumbers.number_type(match.number) not in _PERSONAL_PHONE_TYPES:
            continue
        start, end = _skip_prefix(text, match.start, match.end), match.end
        national = "0" + str(match.number.national_number)  # ignores any extension
        if national not in allowed and not _looks_like_money(text, start, end):
            spans.append((start, end))
    return spans


def _finding(text: str, start: int, end: int, kind: str, first_line: int) -> Finding:
    """Build a Finding for text[start:end], with line and column."""
    matched = text[start:end]
    line = first_line + text.count("\n", 0, start)
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    label = "nomor mirip NIK" if kind == "nik" else "nomor telepon"
    message = f"{label} '{_mask(matched)}' {_ADVICE}"
    return Finding(line=line, column=column, kind=kind, text=matched, message=message)


def find_personal_data(
    text: str, *, allowed: Iterable[str] = (), first_line: int = 1
) -> list[Finding]:
    """Find NIK-like numbers and phone numbers in ``text``.

    ``allowed`` numbers (any spelling) are skipped.  Findings are sorted by
    position; line numbers start at ``first_line`` for the first line.
    """
    allowed_set = {normalize_number(a) for a in allowed}
    found: list[tuple[tuple[int, int], str]] = []
    for start, end in _number_windows(text):
        window = text[start:end]
        niks = [s for s in _nik_spans(window) if normalize_number(window[s[0]:s[1]]) not in allowed_set]
        found += [((a + start, b + start), "nik") for a, b in niks]
        found += [((a + start, b + start), "phone") for a, b in _phone_spans(window, allowed_set)]
    found.sort(key=lambda item: item[0])
    return [_finding(text, start, end, kind, first_line) for (start, end), kind in found]


# A run of digits and the separators numbers are written with. Only runs holding
# nine digits or more (dates and times aside) can be a phone number or an NIK; each is examined with some
# text around it (for "Rp" before or ",00" after), instead of scanning the whole story.
_NUMBER_RUN = re.compile(r"\d[\d \-.()/:\u00a0]*\d")  # a leading "+" falls in the context
_CONTEXT = 12


def _number_windows(text: str) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    for match in _NUMBER_RUN.finditer(text):
        run = match.group()
        if len(run) < 9 or sum(ch.isdecimal() for ch in _blank_dates_and_times(run)) < 9:
            continue  # fewer than nine digits once dates and times are set aside
        start, end = max(0, match.start() - _CONTEXT), min(len(text), match.end() + _CONTEXT)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows
