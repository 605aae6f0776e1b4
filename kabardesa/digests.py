"""Weekly and monthly digests (buletin): periods, titles, counts and grouping."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Sequence

from . import urls
from .dates import format_month, format_range, week_bounds
from .fingerprint import fields_fingerprint
from .index import Index
from .model import Story
from .registry import Category, Polsek, Registry, Village


@dataclass(frozen=True)
class Period:
    kind: str  # "week" or "month"
    year: int
    number: int  # ISO week or month

    @property
    def key(self) -> str:
        return f"{self.year}-W{self.number:02d}" if self.kind == "week" else f"{self.year}-{self.number:02d}"

    @property
    def src_uri(self) -> str:
        return urls.digest_uri(self.kind, self.year, self.number)

    @property
    def url(self) -> str:
        return urls.url(self.src_uri)

    @property
    def whatsapp_url(self) -> str:
        """The digest's WhatsApp text, in the digest's folder."""
        return urls.whatsapp_text(self.kind, self.year, self.number)

    @property
    def bounds(self) -> tuple[date, date]:
        if self.kind == "week":
            return week_bounds(self.year, self.number)
        start = date(self.year, self.number, 1)
        following = date(self.year + (self.number == 12), self.number % 12 + 1, 1)
        return start, date.fromordinal(following.toordinal() - 1)

    @property
    def label(self) -> str:
        """``19–25 Mei 2025`` or ``Mei 2025``."""
        return format_range(*self.bounds) if self.kind == "week" else format_month(self.year, self.number)

    @property
    def title(self) -> str:
        kind = "Buletin Mingguan" if self.kind == "week" else "Buletin Bulanan"
        return f"{kind}, {self.label}"


@dataclass(frozen=True)
class DigestStats:
    stories: int
    villages: int
    officers: int
    per_category: tuple[tuple[Category, int], ...]


@dataclass(frozen=True)
class VillageGroup:
    label: str
    village: Village | None
    stories: tuple[Story, ...]


@dataclass(frozen=True)
class PolsekGroup:
    label: str
    polsek: Polsek | None
    villages: tuple[VillageGroup, ...]


@dataclass(frozen=True)
class Digest:
    period: Period
    stories: tuple[Story, ...]  # newest first
    stats: DigestStats
    groups: tuple[PolsekGroup, ...]
    previous: Period | None = None
    next: Period | None = None

    @cached_property
    def fingerprint(self) -> str:
        """What the digest is made from, computed once: its pages and each Polsek's print sheet hash it."""
        return fields_fingerprint(self)

    @property
    def title(self) -> str:
        return self.period.title

    def polsek_stories(self, polsek_slug: str) -> tuple[Story, ...]:
        """The period's stories in one Polsek's area (its villages' and its own), oldest first.

        A story about villages of two Polsek belongs to both.
        """
        return tuple(s for s in reversed(self.stories) if any(p.slug == polsek_slug for p in s.polsek))

    @property
    def polres_wide(self) -> tuple[Story, ...]:
        """The period's stories about the whole Polres (no village, no Polsek), oldest first."""
        return tuple(s for s in reversed(self.stories) if s.scope == "polres")


def stats_of(stories: Sequence[Story]) -> DigestStats:
    villages = {v.slug for s in stories for v in s.villages}
    officers = {s.officer.id for s in stories}
    counts = Counter(s.category for s in stories)
    per_category = tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0].name)))
    return DigestStats(len(stories), len(villages), len(officers), per_category)


def group_stories(stories: Sequence[Story], registry: Registry) -> tuple[PolsekGroup, ...]:
    """Polres-wide first, then each Polsek in registry order; villages by name.

    A story with several villages is listed once, under its first village.
    """
    buckets: dict[str | None, dict[str | None, list[Story]]] = {}
    for story in sorted(stories, key=lambda s: s.published):
        polsek = story.polsek[0].slug if story.polsek else None
        village = story.villages[0].slug if story.villages else None
        buckets.setdefault(polsek, {}).setdefault(village, []).append(story)
    groups = []
    for polsek_slug in [None, *registry.polsek]:
        if polsek_slug not in buckets:
            continue
        polsek = registry.polsek.get(polsek_slug) if polsek_slug else None
        villages = buckets[polsek_slug]
        village_groups = tuple(
            _village_group(registry, slug, villages[slug])
            for slug in sorted(villages, key=lambda s: (s is not None, registry.villages[s].name if s else ""))
        )
        label = polsek.name if polsek else f"Seluruh wilayah {registry.polres_name}"
        groups.append(PolsekGroup(label, polsek, village_groups))
    return tuple(groups)


def _village_group(registry: Registry, slug: str | None, stories: list[Story]) -> VillageGroup:
    if slug is None:
        label = "Se-wilayah Polsek" if stories[0].polsek else "Seluruh wilayah"
        return VillageGroup(label, None, tuple(stories))
    village = registry.villages[slug]
    return VillageGroup(village.label, village, tuple(stories))


def build_digests(index: Index, registry: Registry) -> list[Digest]:
    """Every week and month that has stories, oldest first, linked to neighbours."""
    result: list[Digest] = []
    for kind, table, keys in (("week", index.by_week, index.weeks()), ("month", index.by_month, index.months())):
        periods = [Period(kind, year, number) for year, number in keys]
        for position, period in enumerate(periods):
            stories = table[(period.year, period.number)]
            result.append(Digest(
                period=period, stories=tuple(stories), stats=stats_of(stories),
                groups=group_stories(stories, registry),
                previous=periods[position - 1] if position else None,
                next=periods[position + 1] if position + 1 < len(periods) else None,
            ))
    return result
