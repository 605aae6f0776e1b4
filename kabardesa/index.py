"""Group published stories by village, Polsek, officer, category, ISO week and month."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from .model import Story

Week = tuple[int, int]  # ISO year, ISO week
Month = tuple[int, int]


@dataclass
class Index:
    """Every grouping holds stories newest first, as ``stories`` does."""

    stories: list[Story]
    by_village: dict[str, list[Story]] = field(default_factory=lambda: defaultdict(list))
    by_polsek: dict[str, list[Story]] = field(default_factory=lambda: defaultdict(list))
    polsek_wide: dict[str, list[Story]] = field(default_factory=lambda: defaultdict(list))
    polres_wide: list[Story] = field(default_factory=list)
    by_officer: dict[str, list[Story]] = field(default_factory=lambda: defaultdict(list))
    by_category: dict[str, list[Story]] = field(default_factory=lambda: defaultdict(list))
    by_week: dict[Week, list[Story]] = field(default_factory=lambda: defaultdict(list))
    by_month: dict[Month, list[Story]] = field(default_factory=lambda: defaultdict(list))

    def weeks(self) -> list[Week]:
        return sorted(self.by_week)

    def months(self) -> list[Month]:
        return sorted(self.by_month)


def build_index(stories: Iterable[Story]) -> Index:
    ordered = sorted(stories, key=lambda s: (s.published, s.slug), reverse=True)
    index = Index(stories=ordered)
    for story in ordered:
        _add(index, story)
    return index


def _add(index: Index, story: Story) -> None:
    for village in story.villages:
        index.by_village[village.slug].append(story)
    for polsek in story.polsek:
        index.by_polsek[polsek.slug].append(story)
        if story.scope == "polsek":
            index.polsek_wide[polsek.slug].append(story)
    if story.scope == "polres":
        index.polres_wide.append(story)
    index.by_officer[story.officer.id].append(story)
    index.by_category[story.category.slug].append(story)
    index.by_week[story.iso_week].append(story)
    index.by_month[story.month].append(story)
