"""Typed objects the assessment templates receive: the village card, the summary, the Polsek table.

A public build's objects carry only public values: the card's internal details,
gaps and note stay empty, and the Polsek tables are not made at all
(:mod:`kabardesa.assessment_pages`), so no template can print what is not there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .assessments import Counts, MonthCount
from .registry import Officer, Polsek, Village


@dataclass(frozen=True)
class Detail:
    """One checklist answer as the internal build prints it."""

    label: str
    shown: str
    public: bool


@dataclass(frozen=True)
class SecurityCard:
    """The "Keamanan Lingkungan" card of a village page."""

    day: date  # the latest assessment
    officer: Officer
    previous_day: date | None
    in_place: tuple[str, ...]
    improved: tuple[str, ...]  # in place now, not at the previous assessment
    sample: bool
    summary_url: str
    internal: bool = False
    details: tuple[Detail, ...] = ()  # internal build only
    gaps: tuple[str, ...] = ()  # internal build only
    note: str = ""  # internal build only
    source: str = ""  # internal build only: the file, for editors


@dataclass(frozen=True)
class MonthRow:
    label: str  # "Oktober 2026"
    counts: MonthCount


@dataclass(frozen=True)
class PolsekSecurityRow:
    polsek: Polsek
    url: str
    villages_total: int
    assessed_recently: int
    never: int
    ronda_active: int
    one_gate: int
    open_gaps: int


@dataclass(frozen=True)
class SecuritySummaryView:
    """``/keamanan/``: the Polres' counts, the chart and its table; per Polsek rows in the internal build."""

    kind = "security"
    polres_name: str
    counts: Counts
    days: int
    today: date
    months: Sequence[MonthRow]
    chart_svg: str  # markup built by kabardesa.assessment_chart, every text escaped there
    internal: bool = False
    polsek_rows: Sequence[PolsekSecurityRow] = ()  # internal build only


@dataclass(frozen=True)
class VillageSecurityRow:
    village: Village
    day: date
    age_days: int
    due: bool
    officer: Officer
    assessments: int
    gaps: tuple[str, ...]


@dataclass(frozen=True)
class PolsekSecurityView:
    """``/keamanan/<polsek>/`` (internal build only): each village's latest assessment, its age and open gaps."""

    kind = "security_polsek"
    polsek: Polsek
    rows: Sequence[VillageSecurityRow]
    never: Sequence[Village]
    days: int
    summary_url: str
