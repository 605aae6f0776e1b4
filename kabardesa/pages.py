"""Plan the site: one :class:`SitePage` per listing page and per story page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Mapping, Sequence

from . import urls
from .assessment_pages import security_cards, security_pages
from .assessment_validate import Assessment
from .assessment_views import SecurityCard
from .dates import now_wib
from .digests import Digest, Period, build_digests
from .feeds import absolute
from .index import Index, build_index
from .model import Story
from .qr import qr_svg
from .registry import Officer, Registry, Village
from .settings import DEFAULTS, SiteSettings
from .views import (
    CategoryIndexView, CategoryView, DigestIndexView, DigestView, HomeView, KecamatanGroup, OfficerCard,
    OfficerIndexView, OfficerView, Pager, PolsekIndexView, PolsekSheetView, PolsekView, SheetLink, SitePage, StoriesView,
    StoryList, StoryView, VillageIndexView, VillageRow, VillageView,
)



@dataclass
class SitePlan:
    listing_pages: list[SitePage]
    story_pages: list[SitePage]
    index: Index
    digests: list[Digest]

    def all_pages(self) -> list[SitePage]:
        return self.listing_pages + self.story_pages


def plan_site(stories: Sequence[Story], registry: Registry, settings: SiteSettings = DEFAULTS,
              assessments: Sequence[Assessment] = (), today: date | None = None) -> SitePlan:
    """Every page of the site; sizes (page size, home and Polsek lists, digest summaries) from ``settings``.

    The security assessments give each assessed village its card and the ``/keamanan/``
    pages, public or internal as ``settings.internal`` says, counted as of ``today``.
    """
    index = build_index(stories)
    digests = build_digests(index, registry)
    today = today or now_wib().date()
    cards = security_cards([a for a in assessments if a.day <= today], internal=settings.internal)
    listing: list[SitePage] = []
    for build in (_home, _stories):
        listing.extend(build(index, registry, digests, settings))
    listing.extend(_villages(index, registry, digests, settings, cards))
    for build in (_polsek, _officers, _categories):
        listing.extend(build(index, registry, digests, settings))
    listing.extend(_digest_pages(digests, registry, settings))
    listing.extend(security_pages(assessments, registry, internal=settings.internal, days=settings.assessment_days, today=today))
    return SitePlan(listing, _story_pages(index), index, digests)


# -- pagination -------------------------------------------------------------


def paginate(base_uri: str, stories: Sequence[Story], size: int, max_pages: int | None = None) -> list[tuple[str, StoryList]]:
    """``desa/lowayu.md`` → pages at ``desa/lowayu/``, ``desa/lowayu/halaman/2/``, … (at most ``max_pages``).

    The newest stories are listed; what does not fit in ``max_pages`` is counted on the
    last page (``StoryList.older``), which points to the monthly buletin, where every
    story stays listed. So a new story changes a bounded number of pages, not every
    page of a list five years long.
    """
    count = max(1, -(-len(stories) // size))
    if max_pages is not None:
        count = min(count, max(1, max_pages))
    uris = [urls.pagination_uri(base_uri, n) for n in range(1, count + 1)]
    page_urls = tuple(urls.url(uri) for uri in uris)
    older = max(0, len(stories) - count * size)
    return [
        (uri, StoryList(stories[(n - 1) * size : n * size], Pager(n, count, page_urls) if count > 1 else None, len(stories),
                        older if n == count else 0))
        for n, uri in enumerate(uris, start=1)
    ]


def _paged(base_uri: str, title: str, template: str, stories: Sequence[Story], make: Callable[[StoryList], object],
           description: str, settings: SiteSettings) -> list[SitePage]:
    pages = []
    for uri, listing in paginate(base_uri, stories, settings.page_size, settings.listing_pages):
        suffix = f" (halaman {listing.pager.number})" if listing.pager and listing.pager.number > 1 else ""
        pages.append(SitePage(uri, title + suffix, template, make(listing), description))
    return pages


# -- page builders ----------------------------------------------------------


def _village_rows(villages: Sequence[Village], index: Index) -> tuple[VillageRow, ...]:
    rows = []
    for village in villages:
        stories = index.by_village.get(village.slug, [])
        rows.append(VillageRow(village, len(stories), stories[0].published if stories else None))
    return tuple(rows)


def _kecamatan_groups(index: Index, registry: Registry) -> list[KecamatanGroup]:
    groups = []
    for kecamatan in registry.kecamatan_names():
        villages = sorted((v for v in registry.villages.values() if v.kecamatan == kecamatan), key=lambda v: v.name)
        polsek = registry.polsek_of(villages[0])
        groups.append(KecamatanGroup(kecamatan, polsek, _village_rows(villages, index)))
    return groups


def _home(index: Index, registry: Registry, digests: list[Digest], settings: SiteSettings) -> list[SitePage]:
    newest = sorted(digests, key=lambda d: d.period.bounds[1], reverse=True)[:settings.home_digests]
    view = HomeView(
        latest=index.stories[:settings.home_latest], digests=[d.period for d in newest],
        kecamatan=_kecamatan_groups(index, registry), total_stories=len(index.stories),
        villages_reached=len(index.by_village),
        categories=sorted(((c, len(index.by_category[c.slug])) for c in registry.categories.values() if index.by_category.get(c.slug)),
                          key=lambda row: -row[1]),
    )
    description = f"Kabar kegiatan Bhabinkamtibmas {registry.polres_name} dari desa dan kelurahan."
    return [SitePage(urls.home_uri(), "Beranda", "kd/home.html", view, description)]


def _stories(index: Index, registry: Registry, digests: list[Digest], settings: SiteSettings) -> list[SitePage]:
    pages = _paged(urls.stories_uri(), "Berita", "kd/stories.html", index.stories,
                   lambda listing: StoriesView("Semua berita", "Cerita terbaru dari seluruh desa dan kelurahan.", listing),
                   "", settings)
    pages += _paged(urls.polres_uri(), f"Cerita se-{registry.polres_name}", "kd/stories.html", index.polres_wide,
                    lambda listing: StoriesView(f"Cerita se-{registry.polres_name}", "Arahan pimpinan dan kegiatan yang menyangkut seluruh wilayah.", listing),
                    "", settings)
    return pages


# Stories shown on a page that has none of its own (a quiet village, a new officer, an unused category).
NEARBY_STORIES = 5


def _card(officer: Officer, registry: Registry) -> OfficerCard:
    return OfficerCard(officer, tuple(registry.villages[s] for s in officer.villages))


def _by_kecamatan(index: Index) -> dict[str, list[Story]]:
    """Stories about each kecamatan, newest first: those of its villages and its Polsek's area-wide ones."""
    found: dict[str, list[Story]] = {}
    for story in index.stories:
        places = {v.kecamatan for v in story.villages}
        if story.scope == "polsek":
            places.update(k for p in story.polsek for k in p.kecamatan)
        for kecamatan in places:
            found.setdefault(kecamatan, []).append(story)
    return found


def _newest(*groups: Sequence[Story], count: int = NEARBY_STORIES) -> list[Story]:
    """The ``count`` newest stories of several newest-first lists, each story once."""
    merged = {id(s): s for group in groups for s in group[:count]}
    return sorted(merged.values(), key=lambda s: (s.published, s.slug), reverse=True)[:count]


def _village_nearby(village: Village, registry: Registry, index: Index, by_kecamatan: dict[str, list[Story]],
                    village_stories: list[Story]) -> tuple[list[Story], str]:
    """For a village without stories: its kecamatan's newest, else its Polsek area's, else other villages';
    with the place they come from. Polres-wide stories stay off village pages."""
    own = by_kecamatan.get(village.kecamatan, [])
    if own:
        return own[:NEARBY_STORIES], f"Kecamatan {village.kecamatan}"
    polsek = registry.polsek_of(village)
    area = index.by_polsek.get(polsek.slug, [])
    if area:
        return area[:NEARBY_STORIES], f"wilayah {polsek.name}"
    return (village_stories[:NEARBY_STORIES], f"wilayah {registry.polres_name}") if village_stories else ([], "")


def _villages(index: Index, registry: Registry, digests: list[Digest], settings: SiteSettings,
              cards: Mapping[str, SecurityCard]) -> list[SitePage]:
    pages = [SitePage(urls.villages_uri(), "Desa dan Kelurahan", "kd/village_index.html", VillageIndexView(_kecamatan_groups(index, registry)),
                      f"Semua {len(registry.villages)} desa dan kelurahan di wilayah {registry.polres_name}.")]
    by_kecamatan = _by_kecamatan(index)
    village_stories = [s for s in index.stories if s.villages][:NEARBY_STORIES]
    for village in registry.villages.values():
        polsek = registry.polsek_of(village)
        officer_cards = [_card(o, registry) for o in registry.officers_of(village)]
        stories = index.by_village.get(village.slug, [])
        nearby, label = ([], "") if stories else _village_nearby(village, registry, index, by_kecamatan, village_stories)
        title = f"{village.label}, Kec. {village.kecamatan}"
        pages += _paged(village.src_uri, title, "kd/village.html", stories,
                        lambda listing, v=village, p=polsek, c=officer_cards, n=nearby, lb=label: VillageView(
                            v, p, c, listing, v.feed_url, n, lb, cards.get(v.slug)),
                        f"Kabar Bhabinkamtibmas dari {village.label}, Kecamatan {village.kecamatan}.", settings)
    return pages


def _polsek(index: Index, registry: Registry, digests: list[Digest], settings: SiteSettings) -> list[SitePage]:
    rows = [(p, len(registry.villages_of(p)), len(index.by_polsek.get(p.slug, []))) for p in registry.polsek.values()]
    pages = [SitePage(urls.polsek_index_uri(), "Polsek", "kd/polsek_index.html", PolsekIndexView(rows, len(index.polres_wide)))]
    for polsek in registry.polsek.values():
        villages = sorted(registry.villages_of(polsek), key=lambda v: v.name)
        officers = [_card(o, registry) for o in registry.officers.values() if any(registry.villages[s] in villages for s in o.villages)]
        security = urls.url(urls.security_polsek_uri(polsek.slug)) if settings.internal else ""
        view = PolsekView(polsek, _village_rows(villages, index), index.polsek_wide.get(polsek.slug, [])[:settings.page_size],
                          index.by_polsek.get(polsek.slug, [])[:settings.polsek_recent], officers, security)
        pages.append(SitePage(polsek.src_uri, polsek.name, "kd/polsek.html", view,
                              f"Kabar Bhabinkamtibmas di wilayah {polsek.name}."))
    return pages


def _officers(index: Index, registry: Registry, digests: list[Digest], settings: SiteSettings) -> list[SitePage]:
    rows = [(_card(o, registry), len(index.by_officer.get(o.id, []))) for o in registry.officers.values()]
    pages = [SitePage(urls.officers_uri(), "Petugas", "kd/officer_index.html", OfficerIndexView(rows))]
    by_kecamatan = _by_kecamatan(index)
    for officer in registry.officers.values():
        villages = [registry.villages[s] for s in officer.villages]
        stories = index.by_officer.get(officer.id, [])
        kecamatan = list(dict.fromkeys(v.kecamatan for v in villages))
        nearby = [] if stories else _newest(*(by_kecamatan.get(k, []) for k in kecamatan))
        label = f"Kecamatan {' dan '.join(kecamatan)}" if nearby else ""
        pages += _paged(officer.src_uri, officer.display_name, "kd/officer.html", stories,
                        lambda listing, o=officer, v=villages, n=nearby, lb=label: OfficerView(o, v, listing, n, lb),
                        f"Cerita kegiatan {officer.display_name}, Bhabinkamtibmas.", settings)
    return pages


def _categories(index: Index, registry: Registry, digests: list[Digest], settings: SiteSettings) -> list[SitePage]:
    rows = [(c, len(index.by_category.get(c.slug, []))) for c in registry.categories.values()]
    pages = [SitePage(urls.categories_uri(), "Kegiatan", "kd/category_index.html", CategoryIndexView(rows))]
    for category in registry.categories.values():
        stories = index.by_category.get(category.slug, [])
        nearby = [] if stories else index.stories[:NEARBY_STORIES]
        pages += _paged(category.src_uri, category.name, "kd/category.html", stories,
                        lambda listing, c=category, n=nearby: CategoryView(c, listing, n), category.meaning, settings)
    return pages


def _digest_pages(digests: list[Digest], registry: Registry, settings: SiteSettings) -> list[SitePage]:
    newest_first = sorted(digests, key=lambda d: d.period.bounds[0], reverse=True)
    months = [d for d in newest_first if d.period.kind == "month"]
    weeks = [d for d in newest_first if d.period.kind == "week"]
    pages = [SitePage(urls.digests_uri(), "Buletin", "kd/digest_index.html", DigestIndexView(months, weeks),
                      "Buletin mingguan dan bulanan kegiatan Bhabinkamtibmas.")]
    for digest in digests:
        sheets = _polsek_sheets(digest, registry, settings) if digest.period.kind == "month" else []
        links = tuple(SheetLink(sheet.polsek, page.url, len(sheet.stories)) for page, sheet in sheets)
        view = DigestView(digest, digest.period.whatsapp_url, len(digest.stories) <= settings.digest_summaries_up_to, links)
        pages.append(SitePage(digest.period.src_uri, digest.title, "kd/digest.html", view,
                              f"{digest.stats.stories} cerita dari {digest.stats.villages} desa, {digest.period.label}."))
        pages += [page for page, _ in sheets]
    return pages


# A Polsek's print sheet shows this many stories with their photo; the rest print as text (two A4 pages at most).
SHEET_PHOTOS = 6


def site_address(site_url: str) -> str:
    """The site's address as printed on paper: ``https://kabardesa.example.id/`` → ``kabardesa.example.id``."""
    return site_url.split("://", 1)[-1].rstrip("/")


def _polsek_sheets(digest: Digest, registry: Registry, settings: SiteSettings) -> list[tuple[SitePage, PolsekSheetView]]:
    """One print sheet per Polsek of the registry for a month (a quiet Polsek's still carries the Polres-wide news)."""
    period, site_url = digest.period, settings.identity.site_url
    online = absolute(site_url, period.url)
    qr = qr_svg(online, f"Kode QR: {digest.title} di {online}")  # one code a month: every sheet points at the buletin
    pages = []
    for polsek in registry.polsek.values():
        view = PolsekSheetView(digest, polsek, registry.polres_name, digest.polsek_stories(polsek.slug), digest.polres_wide,
                               online, site_address(site_url), qr, SHEET_PHOTOS)
        page = SitePage(urls.polsek_sheet_uri(period.year, period.number, polsek.slug),
                        f"{polsek.name}: lembar cetak {period.label}", "kd/digest_polsek.html", view,
                        f"Kabar Bhabinkamtibmas {polsek.name}, {period.label}, untuk dicetak dan ditempel di papan pengumuman.")
        pages.append((page, view))
    return pages


def _related(index: Index, story: Story, count: int = 3) -> list[Story]:
    """The newest other stories from the story's first village."""
    if not story.villages:
        return []
    neighbours = index.by_village.get(story.villages[0].slug, [])
    return [s for s in neighbours[: count + 1] if s is not story][:count]


def _story_pages(index: Index) -> list[SitePage]:
    pages = []
    for story in index.stories:
        related = _related(index, story)
        view = StoryView(story, Period("week", *story.iso_week), Period("month", *story.month), related)
        pages.append(SitePage(story.src_uri, story.title, "kd/story.html", view, story.summary))
    return pages
