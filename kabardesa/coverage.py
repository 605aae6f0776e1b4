"""Editors' view: which villages have had no published story lately, per Polsek."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Sequence

from .index import build_index
from .model import Story
from .registry import Polsek, Registry, Village


@dataclass(frozen=True)
class QuietVillage:
    village: Village
    last_story: date | None  # the newest published story ever, if any


@dataclass(frozen=True)
class PolsekCoverage:
    polsek: Polsek
    villages_total: int
    quiet: tuple[QuietVillage, ...]

    @property
    def reached(self) -> int:
        return self.villages_total - len(self.quiet)


def coverage(stories: Sequence[Story], registry: Registry, *, days: int, now: datetime) -> list[PolsekCoverage]:
    """Per Polsek, the villages without a published story in the last ``days`` days."""
    since = now - timedelta(days=days)
    index = build_index(s for s in stories if not s.draft and s.published <= now)
    result = []
    for polsek in registry.polsek.values():
        villages = sorted(registry.villages_of(polsek), key=lambda v: v.name)
        quiet = []
        for village in villages:
            history = index.by_village.get(village.slug, [])
            if not history or history[0].published < since:
                quiet.append(QuietVillage(village, history[0].published.date() if history else None))
        result.append(PolsekCoverage(polsek, len(villages), tuple(quiet)))
    return result


def coverage_rows(report: Sequence[PolsekCoverage]) -> list[dict[str, object]]:
    """JSON-ready rows."""
    return [
        {
            "polsek": c.polsek.slug,
            "name": c.polsek.name,
            "villages_total": c.villages_total,
            "villages_reached": c.reached,
            "villages_without_story": [
                {"slug": q.village.slug, "name": q.village.name, "code": q.village.code, "kecamatan": q.village.kecamatan,
                 "last_story": q.last_story.isoformat() if q.last_story else None}
                for q in c.quiet
            ],
        }
        for c in report
    ]
