"""Detect personal data (NIK and phone numbers) in Markdown stories.

Stories written by officers must not expose personal data (UU 27/2022 on
personal data protection; UU 11/2012 on child justice). This module finds
numbers that look like an Indonesian NIK (Nomor Induk Kependudukan) or an
Indonesian phone number, so a checker can report them before publication.

The text is read twice: as written (the source) and as a reader will see
it (see :mod:`kabardesa.privacy_view`: markup, tags, comments and character
references removed, invisible characters dropped, dashes and separators
normalised). Either way a finding names the source line and column.

Numbers listed in ``allowed`` (registered officers' WhatsApp numbers and the
editors' exceptions in data/, see :data:`EXCEPTIONS_FILE`) are not reported.
They are compared by normalized digits.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberType
from stdnum.exceptions import ValidationError
from stdnum.id import nik as stdnum_nik

from .privacy_view import ReaderView, reader_view, separators_view

# The editors' list of official numbers that look like private ones (data/).
EXCEPTIONS_FILE = "pengecualian-data-pribadi.yml"

# Province codes (first two NIK digits) in use by Dukcapil.
NIK_PROVINCES: frozenset[int] = frozenset(
    [*range(11, 20), 21, *range(31, 37), *range(51, 54), *range(61, 66),
     *range(71, 77), 81, 82, *range(91, 97)]
)

# 16 digits, optionally with one space, dot, hyphen or slash between any two
# digits, not glued to further digits (directly or through a dot, hyphen or slash).
_SEP = r"[ .\-/\u00a0]"
_NIK_CANDIDATE = re.compile(
    rf"(?=\d)(?<!\d)(?<!\d[.\-/])\d(?:{_SEP}?\d){{15}}(?!\d)(?![.\-/]\d)"
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

_ADVICE = ("(data pribadi); hapus nomor itu dari cerita; bila itu nomor resmi, "
           f"minta editor mencatatnya di data/{EXCEPTIONS_FILE}")


@dataclass(frozen=True)
class Finding:
    """One piece of personal data found in a text."""

    line: int  # 1-based line, counted from ``first_line``
    column: int  # 1-based column in the source; 0 when unknown (a front-matter value)
    kind: str  # "nik" or "phone"
    text: str  # the matched text as written
    message: str  # explanation in Bahasa Indonesia


def _digits(s: str) -> str:
    """Return the decimal digits of ``s`` as ASCII digits."""
    return "".join(str(unicodedata.decimal(ch)) for ch in s if ch.isdecimal())


@functools.lru_cache(maxsize=4096)
def normalize_number(s: str) -> str:
    """Digits only, with a +62/0062/62 country prefix turned into a leading 0."""
    digits = _digits(s)
    digits = digits[2:] if digits.startswith("0062") else digits
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


# One number found: its source span, its kind, and the number as a reader sees it.
_Hit = tuple[int, int, str, str]


def _finding(line: int, column: int, hit: _Hit, written: str) -> Finding:
    label = "nomor mirip NIK" if hit[2] == "nik" else "nomor telepon"
    message = f"{label} '{_mask(hit[3])}' {_ADVICE}"
    return Finding(line=line, column=column, kind=hit[2], text=written, message=message)


def _findings_in(text: str, hits: list[_Hit], first_line: int) -> list[Finding]:
    """Findings for hits in ``text``, with their source lines and columns."""
    if not hits:
        return []
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    findings = []
    for hit in hits:
        index = bisect.bisect_right(line_starts, hit[0]) - 1
        findings.append(_finding(first_line + index, hit[0] - line_starts[index] + 1, hit, text[hit[0]:hit[1]]))
    return findings


def _window_spans(window: str, allowed: set[str]) -> list[tuple[tuple[int, int], str]]:
    """Spans and kinds of the numbers in one window that are not allowed."""
    spans = [(s, "nik") for s in _nik_spans(window) if normalize_number(window[s[0]:s[1]]) not in allowed]
    return spans + [(s, "phone") for s in _phone_spans(window, allowed)]


def _source_hits(text: str, windows: list[tuple[int, int]], allowed: set[str]) -> list[_Hit]:
    """Numbers in ``text`` as written."""
    hits: list[_Hit] = []
    for start, end in windows:
        window = text[start:end]
        hits += [(a + start, b + start, kind, window[a:b]) for (a, b), kind in _window_spans(window, allowed)]
    return hits


def _reader_hits(text: str, windows: list[tuple[int, int]], allowed: set[str]) -> list[_Hit]:
    """Numbers in the reader view of ``text``, as source spans.

    The whole view is used only where a change lies near a digit; each number
    window then has its separators normalised. A window that reads exactly as
    written was covered by the source scan and is skipped.
    """
    view = reader_view(text)
    whole = view if view.near_digits else None
    base = view.text if whole else text
    hits: list[_Hit] = []
    for start, end in _number_windows(base) if whole else windows:
        local = separators_view(base[start:end])
        first, last = _to_source(whole, local, start, 0, len(local.text))
        if not local.text or text[first:last] == local.text:
            continue
        spans = _window_spans(local.text, allowed)
        hits += [(*_to_source(whole, local, start, a, b), kind, local.text[a:b]) for (a, b), kind in spans]
    return hits


def _to_source(whole: ReaderView | None, local: ReaderView, offset: int, start: int, end: int) -> tuple[int, int]:
    """The source span of local[start:end], a window at ``offset`` of the whole view (or of the source)."""
    first, last = local.source_span(start, end) if end > start else (start, start)
    first, last = first + offset, last + offset
    return whole.source_span(first, last) if whole else (first, last)


def _hits(text: str, allowed: set[str]) -> list[_Hit]:
    """Numbers in the source and in the reader view; a reader-view hit overlapping a source hit is the same one."""
    windows = _number_windows(text)
    hits = sorted(_source_hits(text, windows, allowed))
    starts, reach = [h[0] for h in hits], list(itertools.accumulate((h[1] for h in hits), max))
    for hit in _reader_hits(text, windows, allowed):
        i = bisect.bisect_left(starts, hit[1]) - 1
        if i < 0 or reach[i] <= hit[0]:
            hits.append(hit)
    return sorted(hits)


def find_personal_data(
    text: str, *, allowed: Iterable[str] = (), first_line: int = 1,
    values: Iterable[tuple[int, str]] = (),
) -> list[Finding]:
    """Find NIK-like numbers and phone numbers in ``text``.

    ``allowed`` numbers (any spelling) are skipped.  Findings are sorted by
    position; line numbers start at ``first_line`` for the first line.
    ``values`` are (line, text) pairs of front-matter values as parsed (YAML
    escapes and folding undone): a number found there and not in ``text`` is
    reported at that line, column 0.
    """
    allowed_set = {normalize_number(a) for a in allowed}
    hits = _hits(text, allowed_set)
    findings = _findings_in(text, hits, first_line)
    seen = {normalize_number(hit[3]) for hit in hits}
    for line, value in values:
        if value.isascii() and sum(map(value.count, "0123456789")) < 9:
            continue  # too few digits for a number, even spelled as references
        for hit in _hits(value, allowed_set):
            if normalize_number(hit[3]) not in seen:
                seen.add(normalize_number(hit[3]))
                findings.append(_finding(line, 0, hit, hit[3]))
    return sorted(findings, key=lambda f: (f.line, f.column))


# A run of digits and the separators numbers are written with. Only runs holding
# nine digits or more (dates and times aside) can be a phone number or an NIK; each is examined with some
# text around it (for "Rp" before or ",00" after), instead of scanning the whole story.
_NUMBER_RUN = re.compile(r"\d[\d \-.()/:\u00a0\n]*\d")  # a leading "+" falls in the context
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
