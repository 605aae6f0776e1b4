"""Plan the assessment pages and the village card, public or internal (``SiteSettings.internal``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from . import urls
from .assessment_chart import chart_svg
from .assessment_schema import CHECKLIST, shown
from .assessment_validate import Assessment
from .assessment_views import (
    Detail,
    MonthRow,
    PolsekSecurityRow,
    PolsekSecurityView,
    SecurityCard,
    SecuritySummaryView,
    VillageSecurityRow,
)
from .assessments import (
    VillageSecurity,
    by_village,
    counts,
    gaps,
    improvements,
    in_place,
    monthly_counts,
    one_gate,
    ronda_active,
)
from .dates import format_month
from .registry import Polsek, Registry
from .views import SitePage


def security_cards(assessments: Sequence[Assessment], *, internal: bool) -> dict[str, SecurityCard]:
    """Village slug → its card (villages never assessed have none)."""
    summary_url = urls.url(urls.security_uri())
    return {slug: _card(record, summary_url, internal) for slug, record in by_village(assessments).items()}


def _card(record: VillageSecurity, summary_url: str, internal: bool) -> SecurityCard:
    latest, previous = record.latest, record.previous
    card = SecurityCard(latest.day, latest.officer, previous.day if previous else None, in_place(latest),
                        improvements(latest, previous), latest.sample, summary_url)
    if not internal:
        return card
    details = tuple(Detail(f.label, shown(f, latest.value(f.key)), f.public) for f in CHECKLIST)
    return replace(card, internal=True, details=details, gaps=gaps(latest), note=latest.note, source=latest.rel_path)


def security_pages(assessments: Sequence[Assessment], registry: Registry, *, internal: bool, days: int,
                   today: date) -> list[SitePage]:
    """``/keamanan/`` always (counts only, when public); ``/keamanan/<polsek>/`` in the internal build only."""
    records = by_village(a for a in assessments if a.day <= today)
    months = monthly_counts(assessments, days=days, today=today)
    title = f"Keamanan lingkungan desa se-{registry.polres_name}"
    polsek_rows = [_polsek_row(p, registry, records, days, today) for p in registry.polsek.values()] if internal else []
    view = SecuritySummaryView(
        registry.polres_name, counts(assessments, len(registry.villages), days=days, today=today), days, today,
        [MonthRow(format_month(m.year, m.month), m) for m in months],
        chart_svg(months, f"{title}: jumlah desa per bulan", days), internal, polsek_rows)
    pages = [SitePage(urls.security_uri(), "Keamanan Lingkungan", "kd/security.html", view,
                      f"Asesmen keamanan lingkungan oleh Bhabinkamtibmas di desa dan kelurahan {registry.polres_name}.")]
    if internal:
        pages += [_polsek_page(p, registry, records, days, today) for p in registry.polsek.values()]
    return pages


def _polsek_row(polsek: Polsek, registry: Registry, records: dict[str, VillageSecurity], days: int, today: date) -> PolsekSecurityRow:
    villages = registry.villages_of(polsek)
    found = [records[v.slug] for v in villages if v.slug in records]
    return PolsekSecurityRow(
        polsek, urls.url(urls.security_polsek_uri(polsek.slug)), len(villages),
        sum(1 for r in found if r.age_days(today) <= days), len(villages) - len(found),
        sum(1 for r in found if ronda_active(r.latest)), sum(1 for r in found if one_gate(r.latest)),
        sum(len(gaps(r.latest)) for r in found))


def _polsek_page(polsek: Polsek, registry: Registry, records: dict[str, VillageSecurity], days: int, today: date) -> SitePage:
    villages = sorted(registry.villages_of(polsek), key=lambda v: v.name)
    rows = sorted((VillageSecurityRow(r.village, r.latest.day, r.age_days(today), r.age_days(today) > days, r.latest.officer,
                                      r.count, gaps(r.latest))
                   for r in (records[v.slug] for v in villages if v.slug in records)),
                  key=lambda row: (-row.age_days, row.village.name))
    never = [v for v in villages if v.slug not in records]
    view = PolsekSecurityView(polsek, rows, never, days, urls.url(urls.security_uri()))
    return SitePage(urls.security_polsek_uri(polsek.slug), f"Keamanan lingkungan {polsek.name}", "kd/security_polsek.html",
                    view, f"Asesmen keamanan desa di wilayah {polsek.name} (internal).")
