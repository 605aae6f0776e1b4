"""Typed objects the listing templates receive (as ``kd`` in the page context)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Sequence

from . import urls
from .digests import Digest, Period
from .model import Story
from .registry import Category, Officer, Polsek, Village


@dataclass(frozen=True)
class Pager:
    number: int  # 1-based
    count: int
    urls: tuple[str, ...]  # site-relative URL of every page in the series

    @property
    def previous_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None


@dataclass(frozen=True)
class StoryList:
    stories: Sequence[Story]
    pager: Pager | None = None
    total: int = 0


@dataclass(frozen=True)
class VillageRow:
    village: Village
    count: int
    latest: datetime | None


@dataclass(frozen=True)
class KecamatanGroup:
    kecamatan: str
    polsek: Polsek
    villages: tuple[VillageRow, ...]

    @property
    def count(self) -> int:
        return sum(row.count for row in self.villages)


@dataclass(frozen=True)
class HomeView:
    kind = "home"
    latest: Sequence[Story]
    digests: Sequence[Period]
    kecamatan: Sequence[KecamatanGroup]
    total_stories: int
    villages_reached: int


@dataclass(frozen=True)
class StoriesView:
    """All stories, or the Polres-wide ones: a paginated list with a heading."""

    kind = "stories"
    heading: str
    intro: str
    listing: StoryList


@dataclass(frozen=True)
class VillageView:
    kind = "village"
    village: Village
    polsek: Polsek
    officers: Sequence[Officer]
    listing: StoryList
    feed_url: str


@dataclass(frozen=True)
class VillageIndexView:
    kind = "village_index"
    groups: Sequence[KecamatanGroup]


@dataclass(frozen=True)
class PolsekView:
    kind = "polsek"
    polsek: Polsek
    villages: Sequence[VillageRow]
    polsek_wide: Sequence[Story]
    recent: Sequence[Story]
    officers: Sequence[Officer]


@dataclass(frozen=True)
class PolsekIndexView:
    kind = "polsek_index"
    rows: Sequence[tuple[Polsek, int, int]]  # polsek, villages, stories
    polres_wide_count: int


@dataclass(frozen=True)
class OfficerView:
    kind = "officer"
    officer: Officer
    villages: Sequence[Village]
    listing: StoryList


@dataclass(frozen=True)
class OfficerIndexView:
    kind = "officer_index"
    rows: Sequence[tuple[Officer, int]]


@dataclass(frozen=True)
class CategoryView:
    kind = "category"
    category: Category
    listing: StoryList


@dataclass(frozen=True)
class CategoryIndexView:
    kind = "category_index"
    rows: Sequence[tuple[Category, int]]


@dataclass(frozen=True)
class DigestView:
    kind = "digest"
    digest: Digest
    whatsapp_url: str
    show_summaries: bool = True  # off for very large digests (titles only), to keep the page light


@dataclass(frozen=True)
class DigestIndexView:
    kind = "digest_index"
    months: Sequence[Digest]
    weeks: Sequence[Digest]


@dataclass(frozen=True)
class StoryView:
    kind = "story"
    story: Story
    week: Period
    month: Period
    related: Sequence[Story] = field(default_factory=tuple)


@dataclass(frozen=True)
class SitePage:
    """A page the hooks add: where it lives, its title, template and view."""

    src_uri: str
    title: str
    template: str
    view: object
    description: str = ""

    @property
    def url(self) -> str:
        return urls.url(self.src_uri)
