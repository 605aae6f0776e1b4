"""Story dates: the accepted spellings, WIB time, and Indonesian formatting (Babel)."""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date, get_month_names

WIB = ZoneInfo("Asia/Jakarta")
LOCALE = "id"
ACCEPTED_FORMS = "2025-05-23, 2025-05-23 09:30, 23-05-2025, 23/05/2025 atau 23 Mei 2025"

_TIME = r"(?:(?:,?\s+|T)(?:pukul\s+|jam\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.]\d{2})?)?"
_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})" + _TIME + r"(?:\s*WIB)?")
_DMY = re.compile(r"(?P<day>\d{1,2})[-/](?P<month>\d{1,2})[-/](?P<year>\d{4})" + _TIME + r"(?:\s*WIB)?")
_WORDS = re.compile(r"(?P<day>\d{1,2})\s+(?P<month_name>[A-Za-z]+)\.?\s+(?P<year>\d{4})" + _TIME + r"(?:\s*WIB)?")


def _month_numbers() -> dict[str, int]:
    """Indonesian month names and abbreviations from Babel's CLDR data."""
    numbers: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale=LOCALE).items():
            numbers[name.lower().rstrip(".")] = number
    numbers.update({"agt": 8, "ags": 8, "okt": 10, "nop": 11, "pebruari": 2, "nopember": 11})
    return numbers


_MONTHS = _month_numbers()


class DateError(ValueError):
    """A date that is not one of the accepted forms; the message is Indonesian."""


def parse_story_date(value: object) -> datetime:
    """Turn a front-matter ``date`` into an aware datetime in WIB."""
    if isinstance(value, datetime):
        return value.astimezone(WIB) if value.tzinfo else value.replace(tzinfo=WIB)
    if isinstance(value, date):
        return datetime.combine(value, time(), WIB)
    text = str(value).strip()
    for pattern in (_ISO, _DMY, _WORDS):
        match = pattern.fullmatch(text)
        if match:
            return _build(match, text)
    raise DateError(f"tanggal '{text}' tidak dikenali; tulis seperti {ACCEPTED_FORMS}")


def _build(match: re.Match[str], text: str) -> datetime:
    parts = match.groupdict()
    if parts.get("month_name"):
        month = _MONTHS.get(parts["month_name"].lower())
        if month is None:
            raise DateError(f"nama bulan '{parts['month_name']}' tidak dikenal dalam '{text}'; tulis misalnya 23 Mei 2025")
    else:
        month = int(parts["month"])
    try:
        day = date(int(parts["year"]), month, int(parts["day"]))
        clock = time(int(parts["hour"] or 0), int(parts["minute"] or 0))
    except ValueError:
        raise DateError(f"tanggal '{text}' tidak ada di kalender; periksa hari, bulan dan jam") from None
    return datetime.combine(day, clock, WIB)


def check_not_future(moment: datetime, now: datetime) -> None:
    if moment > now + timedelta(days=1):
        raise DateError(
            f"tanggal {format_long(moment)} lebih dari sehari di masa depan; periksa tahun dan bulannya"
        )


def now_wib() -> datetime:
    return datetime.now(WIB)


def _day_of(moment: date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


@functools.lru_cache(maxsize=8192)
def _babel_date(day: date, pattern: str) -> str:
    # Babel formats slowly (tens of µs); a site prints the same few hundred days thousands of times.
    return format_date(day, pattern, locale=LOCALE)


def format_long(moment: date) -> str:
    """``Jumat, 23 Mei 2025`` (no zero padding, unlike Babel's ``full``)."""
    return _babel_date(_day_of(moment), "EEEE, d MMMM y")


def format_day(moment: date) -> str:
    """``23 Mei 2025``."""
    return _babel_date(_day_of(moment), "d MMMM y")


def format_time(moment: datetime) -> str:
    """``19.30 WIB``."""
    return f"{moment.astimezone(WIB):%H.%M} WIB"


def format_month(year: int, month: int) -> str:
    """``Mei 2025``."""
    return format_date(date(year, month, 1), "MMMM y", locale=LOCALE)


def format_range(start: date, end: date) -> str:
    """``19–25 Mei 2025``, ``28 April–4 Mei 2025``, ``29 Desember 2025–4 Januari 2026``."""
    if start.year != end.year:
        return f"{format_day(start)}–{format_day(end)}"
    if start.month != end.month:
        return f"{format_date(start, 'd MMMM', locale=LOCALE)}–{format_day(end)}"
    return f"{start.day}–{format_day(end)}"


def iso_week(moment: date) -> tuple[int, int]:
    iso = moment.isocalendar()
    return iso.year, iso.week


def week_bounds(year: int, week: int) -> tuple[date, date]:
    start = date.fromisocalendar(year, week, 1)
    return start, start + timedelta(days=6)
