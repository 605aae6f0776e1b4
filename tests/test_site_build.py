"""Integration: build a synthetic corpus with ``mkdocs build --strict`` and check
the invariants of DESIGN.md on the built site, as a reader would see it.

One corpus of ~25 stories (plus two drafts) is built once for the module.
Officers, villages, Polsek and categories come from the real registries.
"""

from __future__ import annotations

import gzip
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from sitebuild import (
    DATA, REPO, Corpus, Page, SiteProject, categories, load_page, normalize, officers, page_file, polsek,
    series_links, village_slugs, villages,
)

pytestmark = pytest.mark.build

NAV_LABELS = ["Beranda", "Berita", "Desa", "Polsek", "Kegiatan", "Buletin", "Tentang"]  # the guide: from the footer
DRAFT_TITLE = "Draf Rahasia Qwxz Tidak Boleh Terbit"
DRAFT_SLUGS = ("draf-rahasia-qwxz", "draf-kedua-zqvw")
STORY_URL = re.compile(r"^/berita/\d{4}/\d{2}/[^/]+/$")


# -- the corpus ----------------------------------------------------------------------


OFF = officers()
CATS = [c["slug"] for c in categories()]
VILLAGE_NAMES = {row["slug"]: row["name"] for row in villages()}
POLSEK_SLUGS = [p["slug"] for p in polsek()]
_NAME_COUNTS = [row["name"].lower() for row in villages()]
# Officer 2's villages: one is named as an officer would ("Desa <Name>"), so its name must be unique.
UNIQUE_NAMED = next(s for s in OFF[2]["villages"] if _NAME_COUNTS.count(VILLAGE_NAMES[s].lower()) == 1)
OTHER_OF_2 = next(s for s in OFF[2]["villages"] if s != UNIQUE_NAMED)


def o(i: int) -> dict:
    return OFF[i % len(OFF)]


def v(i: int, j: int = 0) -> str:
    return o(i)["villages"][j % len(o(i)["villages"])]


def make_corpus() -> tuple[Corpus, dict[str, dict]]:
    """The stories and, per published slug, what the site must show for it.

    ``expect[slug]`` holds ``published`` (datetime), ``villages`` (slugs),
    ``polsek`` (slug for a Polsek-wide story), ``officer`` and ``category``.
    """
    corpus = Corpus()
    expect: dict[str, dict] = {}

    def add(slug: str, when: str, officer: int, category: int, village=None, polsek_slug=None, date_text=None, **extra):
        meta = {"title": f"Cerita {slug.replace('-', ' ').title()}", "date": date_text or when}
        if village is not None:
            meta["village"] = village
        if polsek_slug is not None:
            meta["polsek"] = polsek_slug
        meta.update(officer=o(officer)["id"], category=CATS[category % len(CATS)], tags=["uji", slug.split("-")[0]])
        meta.update(extra)
        corpus.add(slug, day=datetime.fromisoformat(when).date(), **meta)
        if not extra.get("draft"):
            listed = village if isinstance(village, list) else ([village] if village else [])
            expect[slug] = {
                "published": datetime.fromisoformat(when),
                "villages": [_slug_of(x) for x in listed],
                "polsek": polsek_slug if not listed else None,
                "officer": o(officer)["id"],
                "category": CATS[category % len(CATS)],
                "title": meta["title"],
            }

    # ISO 2025-W18, 28 April–4 Mei 2025: one week across two months.
    add("awal-pekan-april", "2025-04-28 08:00", 5, 5, v(5, 0))
    add("akhir-pekan-mei", "2025-05-02", 5, 5, v(5, 1))
    # ISO 2025-W21, 19–25 Mei 2025: the week whose digest is checked in detail.
    add("senin-pagi", "2025-05-19 08:00", 0, 0, v(0, 0))
    add("rabu-siang", "2025-05-21 13:15", 0, 1, v(0, 1), date_text="21/05/2025 13:15")
    add("jumat-malam", "2025-05-23 19:30", 1, 0, v(1, 0))
    add("dua-desa", "2025-05-24", 2, 2, [f"Desa {VILLAGE_NAMES[UNIQUE_NAMED]}", OTHER_OF_2], date_text="24 Mei 2025")
    add("se-polsek", "2025-05-25 23:30", 3, 15, polsek_slug=POLSEK_SLUGS[-1])
    add(DRAFT_SLUGS[0], "2025-05-22", 4, 3, v(4, 0), draft=True)  # would add a village and an officer
    # ISO 2025-W22, 26 Mei–1 Juni 2025.
    add("selasa-w22", "2025-05-27", 3, 3, v(3, 0))
    add("minggu-juni", "2025-06-01 10:00", 4, 4, v(4, 0))
    # Polres-wide (neither village nor Polsek).
    add("arahan-kapolres", "2025-06-10 09:00", 6, 15)
    # Spread over the year.
    spread = [("2025-06-18", 6, 6), ("2025-07-02", 7, 7), ("2025-07-04", 8, 8), ("2025-07-15", 9, 9),
              ("2025-08-26", 10, 10), ("2025-09-09", 11, 11), ("2025-09-30", 12, 12), ("2025-10-14", 13, 13),
              ("2025-11-11", 14, 14), ("2025-12-02", 15, 0)]
    for n, (when, officer, category) in enumerate(spread):
        add(f"kegiatan-ke-{n + 1}", when, officer, category, v(officer, n))
    # A second draft, alone in its week and month: no digest may be made for it.
    add(DRAFT_SLUGS[1], "2025-03-12", 1, 1, v(1, 1), draft=True, title=DRAFT_TITLE)
    # The turn of the year: 28 Dec 2025 is in ISO 2025-W52; 29 Dec 2025–4 Jan 2026 is ISO 2026-W01.
    add("minggu-akhir-tahun", "2025-12-28 20:00", 7, 2, v(7, 0))
    add("senin-w01", "2025-12-29", 7, 3, v(7, 1))
    add("minggu-w01", "2026-01-04 21:00", 8, 4, v(8, 0), date_text="04/01/2026 21:00")
    add("senin-w02", "2026-01-05", 8, 5, v(8, 1), date_text="05-01-2026")
    add("polsek-januari", "2026-01-20", 9, 6, polsek_slug=POLSEK_SLUGS[0])
    return corpus, expect


def _slug_of(value: str) -> str:
    if value.startswith("Desa "):
        return UNIQUE_NAMED
    return value


def week_url(day: date) -> str:
    iso = day.isocalendar()
    return f"/buletin/{iso.year}/minggu-{iso.week:02d}/"


def month_url(day: date) -> str:
    return f"/buletin/{day:%Y}/{day:%m}/"


def story_url(slug: str, published: datetime) -> str:
    return f"/berita/{published:%Y/%m}/{slug}/"


@pytest.fixture(scope="module")
def corpus():
    return make_corpus()


@pytest.fixture(scope="module")
def site(tmp_path_factory, corpus) -> Path:
    stories, _ = corpus
    project = SiteProject(tmp_path_factory.mktemp("invarianten") / "proyek")
    stories.write(project)
    result = project.build()
    assert result.ok, result.output
    return result.site


@pytest.fixture(scope="module")
def expected(corpus) -> dict[str, dict]:
    return corpus[1]


def _digest_pages(site: Path, kind: str) -> dict[str, Page]:
    pattern = "buletin/*/minggu-*/index.html" if kind == "week" else "buletin/*/[0-9][0-9]/index.html"
    pages = [Page(site, f) for f in sorted(site.glob(pattern))]
    return {p.url: p for p in pages}


# -- every published story is where it belongs -------------------------------------------


def test_corpus_is_what_the_test_claims(expected):
    assert len(expected) >= 25
    assert any(len(e["villages"]) == 2 for e in expected.values())
    assert any(e["polsek"] for e in expected.values())
    assert any(not e["villages"] and not e["polsek"] for e in expected.values())
    assert len({e["officer"] for e in expected.values()}) >= 8
    assert len({e["category"] for e in expected.values()}) >= 8


def test_every_story_has_its_page(site, expected):
    for slug, e in expected.items():
        page = load_page(site, story_url(slug, e["published"]))
        assert page.file.is_file(), f"no page for {slug} at {page.url}"
        h1 = page.content.xpath(".//h1")
        assert h1 and h1[0].text_content().strip() == e["title"]
    built = {Page(site, f).url for f in site.glob("berita/*/*/*/index.html")}
    assert built == {story_url(s, e["published"]) for s, e in expected.items()}


def test_every_story_is_on_its_place_pages(site, expected):
    missing = []
    for slug, e in expected.items():
        url = story_url(slug, e["published"])
        if e["villages"]:
            places = [f"/desa/{s}/" for s in e["villages"]]
        elif e["polsek"]:
            places = [f"/polsek/{e['polsek']}/"]
        else:
            places = ["/polres/"]
        for place in places:
            assert page_file(site, place).is_file(), place
            if url not in series_links(site, place):
                missing.append((slug, place))
    assert not missing, f"stories missing from their village/Polsek/Polres pages: {missing}"


def test_multi_village_story_is_on_both_village_pages(site, expected):
    slug, e = next((s, e) for s, e in expected.items() if len(e["villages"]) == 2)
    url = story_url(slug, e["published"])
    for village in e["villages"]:
        assert url in series_links(site, f"/desa/{village}/")


def test_polres_wide_story_is_not_on_any_village_page(site, expected):
    slug, e = next((s, e) for s, e in expected.items() if not e["villages"] and not e["polsek"])
    url = story_url(slug, e["published"])
    for folder in (site / "desa").iterdir():
        if (folder / "index.html").is_file():
            assert url not in series_links(site, f"/desa/{folder.name}/"), folder.name


def test_every_story_is_on_its_officer_and_category_pages(site, expected):
    missing = []
    for slug, e in expected.items():
        url = story_url(slug, e["published"])
        for place in (f"/petugas/{e['officer']}/", f"/kegiatan/{e['category']}/"):
            if url not in series_links(site, place):
                missing.append((slug, place))
    assert not missing


def test_every_story_is_in_exactly_one_weekly_and_one_monthly_digest(site, expected):
    weeks, months = _digest_pages(site, "week"), _digest_pages(site, "month")
    assert weeks and months
    for slug, e in expected.items():
        url = story_url(slug, e["published"])
        in_weeks = [u for u, p in weeks.items() if url in p.links()]
        in_months = [u for u, p in months.items() if url in p.links()]
        assert in_weeks == [week_url(e["published"].date())], (slug, in_weeks)
        assert in_months == [month_url(e["published"].date())], (slug, in_months)


def test_story_page_links_to_its_digests(site, expected):
    for slug, e in expected.items():
        page = load_page(site, story_url(slug, e["published"]))
        links = page.links()
        assert week_url(e["published"].date()) in links, slug
        assert month_url(e["published"].date()) in links, slug


def test_digest_pages_are_exactly_the_periods_with_published_stories(site, expected):
    days = [e["published"].date() for e in expected.values()]
    assert set(_digest_pages(site, "week")) == {week_url(d) for d in days}
    assert set(_digest_pages(site, "month")) == {month_url(d) for d in days}


def test_iso_week_across_new_year_in_the_build(site, expected):
    # 29 Dec 2025 and 4 Jan 2026 are both in ISO week 2026-W01; 28 Dec 2025 is in 2025-W52.
    w01 = load_page(site, "/buletin/2026/minggu-01/")
    links = w01.links()
    assert story_url("senin-w01", expected["senin-w01"]["published"]) in links
    assert story_url("minggu-w01", expected["minggu-w01"]["published"]) in links
    assert story_url("minggu-akhir-tahun", expected["minggu-akhir-tahun"]["published"]) not in links
    assert not page_file(site, "/buletin/2025/minggu-01/").exists()
    assert story_url("minggu-akhir-tahun", expected["minggu-akhir-tahun"]["published"]) in load_page(site, "/buletin/2025/minggu-52/").links()
    assert w01.content.xpath(".//h1")[0].text_content().strip() == "Buletin Mingguan, 29 Desember 2025–4 Januari 2026"


# -- drafts ------------------------------------------------------------------------------


def _site_bytes(site: Path):
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":  # Pagefind fragments and sitemap.xml.gz
            try:
                data = gzip.decompress(data)
            except OSError:
                pass
        yield path, data


def test_drafts_appear_nowhere(site):
    needles = [DRAFT_TITLE.encode(), *(s.encode() for s in DRAFT_SLUGS), b"Cerita Draf Rahasia Qwxz"]
    hits = [(path.relative_to(site).as_posix(), n.decode()) for path, data in _site_bytes(site) for n in needles if n in data]
    assert not hits
    assert not list(site.rglob(f"*{DRAFT_SLUGS[0]}*")) and not list(site.rglob(f"*{DRAFT_SLUGS[1]}*"))


def test_draft_alone_in_its_week_makes_no_digest(site):
    assert date(2025, 3, 12).isocalendar()[:2] == (2025, 11)
    assert not page_file(site, "/buletin/2025/minggu-11/").exists()
    assert not page_file(site, "/buletin/2025/03/").exists()


# -- villages -------------------------------------------------------------------------------


def test_all_356_village_pages_exist(site):
    built = {p.name for p in (site / "desa").iterdir() if (p / "index.html").is_file()}
    assert len(built) == 356
    assert built == set(village_slugs())


def test_every_village_within_two_clicks_of_home(site):
    home = load_page(site, "/")
    first = home.all_links()
    reached = set(first)
    for url in first:
        target = page_file(site, url)
        if url.endswith("/") and target.is_file():
            reached |= Page(site, target).all_links()
    wanted = {f"/desa/{s}/" for s in village_slugs()}
    assert wanted <= reached, f"{len(wanted - reached)} villages need more than two clicks, e.g. {sorted(wanted - reached)[:5]}"


# -- digests ----------------------------------------------------------------------------------


def test_weekly_digest_title_and_counts(site, expected):
    page = load_page(site, "/buletin/2025/minggu-21/")
    assert page.content.xpath(".//h1")[0].text_content().strip() == "Buletin Mingguan, 19–25 Mei 2025"
    assert "Buletin Mingguan, 19–25 Mei 2025" in page.tree.findtext(".//title")
    in_week = [e for e in expected.values() if e["published"].date().isocalendar()[:2] == (2025, 21)]
    stories = len(in_week)
    village_count = len({s for e in in_week for s in e["villages"]})
    officer_count = len({e["officer"] for e in in_week})
    assert (stories, village_count, officer_count) == (5, 5, 4)  # the draft would make it 6, 6, 5
    text = page.text()
    match = re.search(r"(\d+)\s*cerita\b.*?(\d+)\s*desa.*?(\d+)\s*petugas", text)
    assert match, text[:300]
    assert tuple(map(int, match.groups())) == (stories, village_count, officer_count)
    story_links = {u for u in page.links() if STORY_URL.match(u)}
    assert len(story_links) == stories


def test_week_across_months_title(site):
    page = load_page(site, "/buletin/2025/minggu-18/")
    assert page.content.xpath(".//h1")[0].text_content().strip() == "Buletin Mingguan, 28 April–4 Mei 2025"


def test_monthly_digest_title(site):
    page = load_page(site, "/buletin/2025/05/")
    assert page.content.xpath(".//h1")[0].text_content().strip() == "Buletin Bulanan, Mei 2025"


@pytest.mark.parametrize("kind", ["week", "month"])
def test_digest_previous_and_next_links(site, expected, kind):
    days = sorted({e["published"].date() for e in expected.values()})
    to_url = week_url if kind == "week" else month_url
    order = list(dict.fromkeys(to_url(d) for d in days))
    pages = _digest_pages(site, kind)
    assert list(pages) and set(pages) == set(order)
    for n, url in enumerate(order):
        page = pages[url]
        prev_links = [u for u in page.rel_links("prev")]
        next_links = [u for u in page.rel_links("next")]
        assert prev_links == ([order[n - 1]] if n else []), url
        assert next_links == ([order[n + 1]] if n + 1 < len(order) else []), url
        for target in prev_links + next_links:
            assert page_file(site, target).is_file()


def test_digest_index_lists_every_digest(site):
    links = load_page(site, "/buletin/").links()
    assert set(_digest_pages(site, "week")) <= links
    assert set(_digest_pages(site, "month")) <= links


# -- dates and navigation -------------------------------------------------------------


@pytest.mark.parametrize("slug, label", [
    ("jumat-malam", "Jumat, 23 Mei 2025"),
    ("rabu-siang", "Rabu, 21 Mei 2025"),
    ("dua-desa", "Sabtu, 24 Mei 2025"),
    ("minggu-w01", "Minggu, 4 Januari 2026"),
])
def test_story_date_in_indonesian(site, expected, slug, label):
    page = load_page(site, story_url(slug, expected[slug]["published"]))
    times = [t.text_content() for t in page.content.iter("time")]
    assert any(label in t for t in times) or label in page.text(), (label, times)


def _nav_links(page: Page) -> list[tuple[str, str]]:
    """(label, target) of every link in a navigation element outside the article."""
    found = []
    for nav in page.tree.iter("nav"):
        if any(anc is page.content for anc in nav.iterancestors()):
            continue
        for a in nav.iter("a"):
            href = a.get("href") or ""
            if href.startswith("#"):
                continue
            found.append((" ".join(a.text_content().split()), normalize(page.url, href) or href))
    return found


def _handwritten_urls() -> set[str]:
    """URLs of the pages in docs/ (about, officer guide): index-like pages that never multiply."""
    urls = set()
    for md in (REPO / "docs").rglob("*.md"):
        rel = md.relative_to(REPO / "docs").with_suffix("").as_posix()
        rel = rel.removesuffix("index").rstrip("/")
        urls.add(f"/{rel}/" if rel else "/")
    return urls


INDEX_URLS = {"/", "/berita/", "/desa/", "/polsek/", "/kegiatan/", "/buletin/"}


@pytest.mark.parametrize("which", ["story", "berita", "village"])
def test_nav_holds_index_pages_only(site, expected, which):
    if which == "story":
        slug = "jumat-malam"
        page = load_page(site, story_url(slug, expected[slug]["published"]))
    elif which == "berita":
        page = load_page(site, "/berita/")
    else:
        page = load_page(site, f"/desa/{expected['jumat-malam']['villages'][0]}/")
    links = _nav_links(page)
    assert links
    assert not [t for _, t in links if re.match(r"^/berita/\d{4}/", t)]
    tabs = page.tree.xpath('//nav[contains(@class, "md-tabs")]')
    assert tabs
    assert [" ".join(a.text_content().split()) for a in tabs[0].iter("a")] == NAV_LABELS
    primary = page.tree.xpath('//nav[contains(@class, "md-nav--primary")]')
    assert primary
    targets = {normalize(page.url, a.get("href") or "") for a in primary[0].iter("a")} - {None}
    assert INDEX_URLS <= targets
    assert targets <= INDEX_URLS | _handwritten_urls(), sorted(targets - INDEX_URLS - _handwritten_urls())


# -- unit level: periods whose dates cannot be built yet ----------------------------------


def test_period_logic_for_iso_week_53():
    from kabardesa.digests import Period, build_digests
    from kabardesa.index import build_index
    from kabardesa.model import Story
    from kabardesa.registry import load_registry
    from kabardesa.dates import WIB

    registry = load_registry(DATA)
    officer = next(iter(registry.officers.values()))
    category = next(iter(registry.categories.values()))
    village = registry.villages[officer.villages[0]]

    def story(slug: str, moment: datetime) -> Story:
        return Story(path=Path(f"/x/{slug}.md"), rel_path=f"stories/{slug}.md", slug=slug, title=slug,
                     published=moment, villages=(village,), polsek=(registry.polsek_of(village),),
                     officer=officer, category=category, tags=(), summary="", body="", body_line=1)

    last = story("akhir-2026", datetime(2026, 12, 31, 23, 30, tzinfo=WIB))
    first = story("awal-2027", datetime(2027, 1, 1, 0, 15, tzinfo=WIB))
    later = story("pekan-1-2027", datetime(2027, 1, 4, tzinfo=WIB))
    index = build_index([last, first, later])
    assert index.weeks() == [(2026, 53), (2027, 1)]
    assert {s.slug for s in index.by_week[(2026, 53)]} == {"akhir-2026", "awal-2027"}
    assert index.months() == [(2026, 12), (2027, 1)]
    week = Period("week", 2026, 53)
    assert week.url == "buletin/2026/minggu-53/"
    assert week.bounds == (date(2026, 12, 28), date(2027, 1, 3))
    assert week.title == "Buletin Mingguan, 28 Desember 2026–3 Januari 2027"
    assert Period("week", 2027, 1).url == "buletin/2027/minggu-01/"
    assert Period("month", 2027, 1).url == "buletin/2027/01/"
    digests = {d.period.key: d for d in build_digests(index, registry)}
    assert set(digests) == {"2026-W53", "2027-W01", "2026-12", "2027-01"}
    assert digests["2026-W53"].stats.stories == 2
    assert digests["2026-W53"].next == Period("week", 2027, 1)
    assert digests["2027-W01"].previous == week
    assert digests["2026-12"].stats.stories == 1 and digests["2027-01"].stats.stories == 2


# -- invalid stories stop the build, with the same message as `kabardesa check` ----------


def _valid_story(corpus: Corpus, slug: str, when: str, officer: int) -> None:
    corpus.add(slug, day=datetime.fromisoformat(when).date(), title=f"Cerita {slug}", date=when,
               village=v(officer), officer=o(officer)["id"], category=CATS[officer % len(CATS)])


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """A project with valid stories and one story naming an unknown village."""
    project = SiteProject(tmp_path_factory.mktemp("rusak") / "proyek")
    corpus = Corpus()
    _valid_story(corpus, "baik-satu", "2025-05-19", 0)
    _valid_story(corpus, "baik-dua", "2025-05-20", 1)
    corpus.add("desa-salah", day=date(2025, 5, 21), title="Sambang di Desa yang Salah Eja", date="2025-05-21",
               village="Ujung Pangkah", officer=o(2)["id"], category=CATS[0])
    paths = corpus.write(project)
    site = project.root.parent / "site"
    site.mkdir()
    (site / "lama.html").write_text("situs lama", encoding="utf-8")
    return project, paths["desa-salah"], project.build(site)


def test_invalid_story_fails_the_build_with_the_check_message(broken):
    project, bad, result = broken
    assert result.returncode != 0
    assert "Traceback" not in result.output
    check = project.check()
    assert check.returncode == 1
    rel = project.rel(bad)
    lines = [line for line in check.stdout.splitlines() if line.startswith(rel + ":")]
    assert len(lines) == 1, check.stdout
    assert re.match(rf"^{re.escape(rel)}:\d+(:\d+)?: .*Ujung Pangkah", lines[0]), lines[0]
    assert lines[0] in [line.strip() for line in result.output.splitlines()], result.output


def test_failed_build_leaves_the_previous_site_alone(broken):
    _, _, result = broken
    assert (result.site / "lama.html").read_text(encoding="utf-8") == "situs lama"
    assert not (result.site / "index.html").exists()


def test_every_invalid_story_is_reported_by_the_build(tmp_path):
    project = SiteProject(tmp_path / "proyek")
    corpus = Corpus()
    _valid_story(corpus, "baik", "2025-05-19", 0)
    corpus.add("petugas-salah", day=date(2025, 5, 20), title="Petugas Tidak Dikenal", date="2025-05-20",
               village=v(1), officer="aipda-tidak-ada", category=CATS[1])
    corpus.add("kategori-salah", day=date(2025, 5, 21), title="Kategori Tidak Dikenal", date="2025-05-21",
               village=v(2), officer=o(2)["id"], category="ronda-malam")
    corpus.add("tanggal-depan", day=date(2025, 5, 22), title="Tanggal Jauh di Depan", date="2099-05-22",
               village=v(3), officer=o(3)["id"], category=CATS[2])
    paths = corpus.write(project)
    result = project.build()
    assert result.returncode != 0 and "Traceback" not in result.output
    check = project.check()
    output_lines = [line.strip() for line in result.output.splitlines()]
    for slug in ("petugas-salah", "kategori-salah", "tanggal-depan"):
        rel = project.rel(paths[slug])
        expected_lines = [line for line in check.stdout.splitlines() if line.startswith(rel + ":")]
        assert expected_lines, (slug, check.stdout)
        for line in expected_lines:
            assert line in output_lines, (line, result.output)
    assert project.rel(paths["baik"]) not in result.output


def test_day_month_year_date_with_time_is_not_a_phone_number(tmp_path):
    """``date: 04-01-2026 21:00`` is an accepted date form (DESIGN.md), not personal data."""
    project = SiteProject(tmp_path / "proyek")
    project.write_story("tanggal-dmy", {"title": "Tanggal Bergaya Hari-Bulan-Tahun", "date": "04-01-2026 21:00",
                                        "village": v(0), "officer": o(0)["id"], "category": CATS[0]},
                        "Isi cerita.\n", day=date(2026, 1, 4))
    check = project.check()
    assert check.returncode == 0, check.stdout


def test_the_web_form_is_built_beside_the_site_and_nowhere_else(site):
    """/kirim/: its page (noindex), Decap's script from the package, config.yml from the registries; in no sitemap
    or navigation (issue 12). Pagefind indexes story pages only (kabardesa.search.STORY_PAGES)."""
    import json

    form = site / "kirim"
    page = (form / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert (form / "decap-cms.js").stat().st_size > 1_000_000 and (form / "decap-cms.js.LICENSE.txt").is_file()
    config = json.loads((form / "config.yml").read_text(encoding="utf-8").split("\n", 1)[1])
    fields = {f["name"]: f for f in config["collections"][0]["fields"]}
    assert sorted(o["value"] for o in fields["village"]["options"]) == sorted(village_slugs())
    assert [o["value"] for o in fields["officer"]["options"]] == [o["id"] for o in OFF]
    assert [o["value"] for o in fields["category"]["options"]] == CATS
    assert config["publish_mode"] == "editorial_workflow" and config["backend"]["name"] == "github"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert not [loc for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap) if "/kirim/" in loc and "/panduan/" not in loc]
    home = load_page(site, "/")
    assert not [link for link in home.all_links() if link.startswith("/kirim/")], "the form is in no navigation"


def test_tabs_and_sidebar_lead_to_the_same_places_from_every_page(site):
    """Material's tabs and sidebar are rendered once per folder shape (kabardesa.mkdocs_adapter.SamePages):
    from every page, story or list, at any depth, their links must still reach the same pages."""
    found: dict[str, dict[str, set[str]]] = {"tabs": {}, "sidebar": {}}
    for file in sorted(site.rglob("*.html")):
        page = Page(site, file)
        tab_bar = page.tree.xpath('//nav[contains(@class, "md-tabs")]')
        sidebar = page.tree.xpath('//div[contains(@class, "md-sidebar--primary")]//nav[contains(@class, "md-nav--primary")]')
        if file.name == "404.html" or not tab_bar:  # the web form is a page of its own, without Material's frame
            continue
        found["tabs"][page.url], found["sidebar"][page.url] = page.links(tab_bar[0]), page.links(sidebar[0])
    assert len(found["tabs"]) > 100
    for part, links in found.items():
        every = set().union(*links.values())
        assert {"/", "/berita/", "/buletin/", "/desa/"} <= every
        # a page may name itself differently (the current tab), never another place
        wrong = {url: sorted(every - seen - {url}) for url, seen in links.items() if every - seen - {url}}
        assert wrong == {}, (part, dict(list(wrong.items())[:3]))
