"""Index the assessments: each village's latest and previous one, what is in place, what
improved, the open gaps, which villages are due, and the Polres' counts month by month.

Plain Python over valid :class:`~kabardesa.assessment_validate.Assessment` values.
What is in place is public; gaps are for the internal build and ``kabardesa coverage``
only (:mod:`kabardesa.assessment_schema` says which field is which).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .assessment_schema import BY_KEY, CHECKLIST, RONDA_IN_PLACE, is_in_place
from .assessment_validate import Assessment
from .registry import Polsek, Registry, Village

SUMMARY_MONTHS = 12  # months the summary chart spans at most


def in_place(assessment: Assessment) -> tuple[str, ...]:
    """The public card's list: what the assessment found in place, in checklist order."""
    found = []
    for field in CHECKLIST:
        value = assessment.value(field.key)
        if field.key == "ronda_days" and value:
            found.append(RONDA_IN_PLACE)
        elif field.visibility == "in_place" and is_in_place(field, value):
            extra = f": {', '.join(value).replace('-', ' ')}" if field.kind == "choices" else ""
            found.append(field.in_place + extra)
    return tuple(found)


def improvements(latest: Assessment, previous: Assessment | None) -> tuple[str, ...]:
    """What is in place now and was not at the previous assessment (public words only)."""
    if previous is None:
        return ()
    before = {item.split(":")[0] for item in in_place(previous)}
    return tuple(item for item in in_place(latest) if item.split(":")[0] not in before)


def gaps(assessment: Assessment) -> tuple[str, ...]:
    """What is missing or not working: for the Polres only, never the public site."""
    value = assessment.value
    found: list[str] = []

    def short(part: str, whole: str, words: str, none: str = "") -> None:
        total, working = value(whole), value(part)
        if total == 0:
            if none:
                found.append(none)
        elif isinstance(total, int) and isinstance(working, int) and working < total:
            found.append(f"{total - working} {words}")

    short("pos_kamling_active", "pos_kamling", "pos kamling tidak aktif", "Belum ada pos kamling")
    nights = value("ronda_days") or ()
    if not nights:
        found.append("Belum ada jadwal ronda")
    elif len(nights) < 7:
        found.append(f"Ronda hanya {len(nights)} malam seminggu")
    short("entrances_guarded", "entrances", "jalan masuk belum dijaga")
    if value("one_gate") is False:
        found.append("Belum ada sistem satu gerbang")
    if value("street_lighting") not in (None, "memadai"):
        found.append(f"Penerangan jalan {str(value('street_lighting')).replace('-', ' ')}")
    short("cctv_working", "cctv_total", "CCTV tidak berfungsi", "Belum ada CCTV lingkungan")
    for key, words in (("linmas", "Belum ada anggota linmas"), ("siskamling_group", "Belum ada kelompok siskamling"),
                       ("emergency_numbers", "Nomor darurat belum terpasang"), ("early_warning", "Belum ada alat peringatan dini")):
        if not is_in_place(BY_KEY[key], value(key)):
            found.append(words)
    return tuple(found)


def ronda_active(assessment: Assessment) -> bool:
    return bool(assessment.value("ronda_days"))


def one_gate(assessment: Assessment) -> bool:
    return assessment.value("one_gate") is True


@dataclass(frozen=True)
class VillageSecurity:
    """A village's assessments: the latest, the one before it, and how old the latest is."""

    village: Village
    latest: Assessment
    previous: Assessment | None
    count: int

    def age_days(self, today: date) -> int:
        return (today - self.latest.day).days


def by_village(assessments: Iterable[Assessment]) -> dict[str, VillageSecurity]:
    """Village slug → its security record (villages never assessed are absent)."""
    grouped: dict[str, list[Assessment]] = defaultdict(list)
    for assessment in assessments:
        grouped[assessment.village.slug].append(assessment)
    records = {}
    for slug, group in grouped.items():
        group.sort(key=lambda a: (a.day, a.rel_path), reverse=True)
        records[slug] = VillageSecurity(group[0].village, group[0], group[1] if len(group) > 1 else None, len(group))
    return records


@dataclass(frozen=True)
class DueVillage:
    village: Village
    last: date | None  # the latest assessment's day; None: never assessed


@dataclass(frozen=True)
class PolsekDue:
    polsek: Polsek
    villages_total: int
    due: tuple[DueVillage, ...]


def due_villages(records: dict[str, VillageSecurity], registry: Registry, *, days: int, today: date) -> list[PolsekDue]:
    """Per Polsek, the villages never assessed or whose latest assessment is older than ``days`` days."""
    result = []
    for polsek in registry.polsek.values():
        villages = sorted(registry.villages_of(polsek), key=lambda v: v.name)
        due = []
        for village in villages:
            record = records.get(village.slug)
            if record is None or record.age_days(today) > days:
                due.append(DueVillage(village, record.latest.day if record else None))
        result.append(PolsekDue(polsek, len(villages), tuple(due)))
    return result


def due_rows(report: Sequence[PolsekDue]) -> list[dict[str, object]]:
    """JSON-ready rows for ``kabardesa coverage --json``."""
    return [{"polsek": item.polsek.slug, "name": item.polsek.name, "villages_total": item.villages_total,
             "villages_assessment_due": [{"slug": d.village.slug, "name": d.village.name, "code": d.village.code,
                                          "kecamatan": d.village.kecamatan,
                                          "last_assessment": d.last.isoformat() if d.last else None} for d in item.due]}
            for item in report]


# -- the Polres summary over months --------------------------------------------------


@dataclass(frozen=True)
class MonthCount:
    """The villages counted at the end of a month (or today, for the current month)."""

    year: int
    month: int
    assessed_recently: int  # latest assessment at most `days` days old
    ronda_active: int  # latest assessment shows ronda nights
    one_gate: int  # latest assessment shows a one-gate system


@dataclass(frozen=True)
class Counts:
    villages_total: int
    assessed_ever: int
    assessed_recently: int
    ronda_active: int
    one_gate: int


def counts(assessments: Sequence[Assessment], total: int, *, days: int, today: date) -> Counts:
    """Counts over each village's latest assessment up to ``today``."""
    records = by_village(a for a in assessments if a.day <= today)
    latest = [r.latest for r in records.values()]
    return Counts(total, len(latest), sum(1 for a in latest if (today - a.day).days <= days),
                  sum(1 for a in latest if ronda_active(a)), sum(1 for a in latest if one_gate(a)))


def monthly_counts(assessments: Sequence[Assessment], *, days: int, today: date, months: int = SUMMARY_MONTHS) -> list[MonthCount]:
    """From the month of the first assessment (at most ``months`` back) to this month, oldest first."""
    if not assessments:
        return []
    first = min(a.day for a in assessments)
    span = min(months, (today.year - first.year) * 12 + today.month - first.month + 1)
    result = []
    for back in range(span - 1, -1, -1):
        year, month = _months_back(today.year, today.month, back)
        end = min(today, _month_end(year, month))
        c = counts(assessments, 0, days=days, today=end)
        result.append(MonthCount(year, month, c.assessed_recently, c.ronda_active, c.one_gate))
    return result


def _months_back(year: int, month: int, back: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) - back
    return index // 12, index % 12 + 1


def _month_end(year: int, month: int) -> date:
    next_year, next_month = _months_back(year, month, -1)
    return date(next_year, next_month, 1) - timedelta(days=1)
