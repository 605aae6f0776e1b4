"""Typed objects the listing templates receive (as ``kd`` in the page context)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Sequence

from . import urls
from .assessment_views import SecurityCard
from .digests import Digest, Period
from .model import Story
from .registry import Category, Officer, Polsek, Village
from .share_image import HEIGHT as SHARE_HEIGHT
from .share_image import WIDTH as SHARE_WIDTH


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
    older: int = 0  # on the last page: stories beyond the listed pages (settings.listing_pages), in the buletin


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
    """The front page: the newest story large, then cards, activity chips, the village finder, buletin, kecamatan."""

    kind = "home"
    latest: Sequence[Story]  # newest first; the first is the lead story
    digests: Sequence[Period]
    kecamatan: Sequence[KecamatanGroup]
    total_stories: int
    villages_reached: int
    categories: Sequence[tuple[Category, int]] = ()  # activities with stories, most stories first

    @property
    def lead(self) -> Story | None:
        return self.latest[0] if self.latest else None

    @property
    def cards(self) -> Sequence[Story]:
        return self.latest[1:]


@dataclass(frozen=True)
class StoriesView:
    """All stories, or the Polres-wide ones: a paginated list with a heading."""

    kind = "stories"
    heading: str
    intro: str
    listing: StoryList


@dataclass(frozen=True)
class OfficerCard:
    """An officer and the villages they serve: the "Kenali Bhabinkamtibmas Anda" card."""

    officer: Officer
    villages: tuple[Village, ...]


@dataclass(frozen=True)
class VillageView:
    kind = "village"
    village: Village
    polsek: Polsek
    officers: Sequence[OfficerCard]
    listing: StoryList
    feed_url: str
    # A village without stories: the newest of its kecamatan (else its Polsek area, else other villages)
    nearby: Sequence[Story] = ()
    nearby_label: str = ""  # "Kecamatan Dukun", "wilayah Polsek Dukun"
    security: SecurityCard | None = None  # the latest security assessment's card, if any


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
    officers: Sequence[OfficerCard]
    security_url: str = ""  # the internal build's table of the Polsek's village assessments

    @property
    def active(self) -> Sequence[VillageRow]:
        """The villages with stories, most recent first (the rest are listed without numbers)."""
        return sorted((r for r in self.villages if r.count), key=lambda r: (r.latest, r.village.name), reverse=True)

    @property
    def quiet(self) -> Sequence[VillageRow]:
        return [r for r in self.villages if not r.count]


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
    nearby: Sequence[Story] = ()  # no stories yet: the newest from the kecamatan of the officer's villages
    nearby_label: str = ""


@dataclass(frozen=True)
class OfficerIndexView:
    kind = "officer_index"
    rows: Sequence[tuple[OfficerCard, int]]  # officer with villages, stories


@dataclass(frozen=True)
class CategoryView:
    kind = "category"
    category: Category
    listing: StoryList
    nearby: Sequence[Story] = ()  # no stories of this kind yet: the newest of any kind


@dataclass(frozen=True)
class CategoryIndexView:
    kind = "category_index"
    rows: Sequence[tuple[Category, int]]


@dataclass(frozen=True)
class SheetLink:
    """A Polsek's print sheet of a month, as the monthly buletin links it."""

    polsek: Polsek
    url: str
    stories: int  # the Polsek's own stories that month (Polres-wide ones come on every sheet)


@dataclass(frozen=True)
class DigestView:
    kind = "digest"
    digest: Digest
    whatsapp_url: str
    show_summaries: bool = True  # off for very large digests (titles only), to keep the page light
    sheets: Sequence[SheetLink] = ()  # monthly digests: one print sheet per Polsek


@dataclass(frozen=True)
class PolsekSheetView:
    """A Polsek's month on (at most) two A4 pages for the notice board: ``kd/digest_polsek.html``."""

    kind = "digest_polsek"
    digest: Digest
    polsek: Polsek
    polres_name: str  # the letterhead
    stories: Sequence[Story]  # the Polsek's own, oldest first
    polres_wide: Sequence[Story]  # about the whole Polres, oldest first
    online_url: str  # absolute URL of the online monthly buletin (the QR code's payload)
    site_address: str  # the site's address as printed: ``kabardesa.example.id``
    qr_svg: str  # inline SVG of the QR code, made at build time (markup from segno, text escaped)
    photos_up_to: int  # stories beyond this many are printed without their photo (two pages at most)

    @property
    def period(self) -> Period:
        return self.digest.period


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

    share_image_size = (SHARE_WIDTH, SHARE_HEIGHT)

    @property
    def share_image_url(self) -> str:
        """The story's 1,200×630 share picture (drawn in the post-build by :mod:`kabardesa.share_image`)."""
        s = self.story
        return urls.story_share_image(s.published.year, s.published.month, s.slug)


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
