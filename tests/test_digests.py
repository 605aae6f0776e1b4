"""Weekly and monthly digests (buletin) and the index they are built from."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kabardesa.dates import WIB
from kabardesa.digests import Period, build_digests, group_stories, stats_of
from kabardesa.index import build_index


def _meta(valid_meta, **changes):
    meta = dict(valid_meta, **changes)
    return {k: v for k, v in meta.items() if v is not None}


def _digests(catalog):
    return {d.period.key: d for d in build_digests(build_index(catalog.published()), catalog.registry)}


# --- periods --------------------------------------------------------------------------------


@pytest.mark.parametrize(("period", "title"), [
    (Period("week", 2025, 21), "Buletin Mingguan, 19–25 Mei 2025"),
    (Period("month", 2025, 5), "Buletin Bulanan, Mei 2025"),
    (Period("week", 2025, 18), "Buletin Mingguan, 28 April–4 Mei 2025"),
    (Period("week", 2026, 1), "Buletin Mingguan, 29 Desember 2025–4 Januari 2026"),
    (Period("week", 2026, 53), "Buletin Mingguan, 28 Desember 2026–3 Januari 2027"),
    (Period("week", 2025, 6), "Buletin Mingguan, 3–9 Februari 2025"),
    (Period("month", 2025, 8), "Buletin Bulanan, Agustus 2025"),
    (Period("month", 2026, 1), "Buletin Bulanan, Januari 2026"),
])
def test_period_titles_in_indonesian(period, title):
    assert period.title == title


@pytest.mark.parametrize(("period", "key", "url", "src_uri", "bounds"), [
    (Period("week", 2025, 21), "2025-W21", "buletin/2025/minggu-21/", "buletin/2025/minggu-21.md", (date(2025, 5, 19), date(2025, 5, 25))),
    (Period("week", 2026, 1), "2026-W01", "buletin/2026/minggu-01/", "buletin/2026/minggu-01.md", (date(2025, 12, 29), date(2026, 1, 4))),
    (Period("week", 2026, 53), "2026-W53", "buletin/2026/minggu-53/", "buletin/2026/minggu-53.md", (date(2026, 12, 28), date(2027, 1, 3))),
    (Period("month", 2025, 5), "2025-05", "buletin/2025/05/", "buletin/2025/05.md", (date(2025, 5, 1), date(2025, 5, 31))),
    (Period("month", 2025, 12), "2025-12", "buletin/2025/12/", "buletin/2025/12.md", (date(2025, 12, 1), date(2025, 12, 31))),
    (Period("month", 2024, 2), "2024-02", "buletin/2024/02/", "buletin/2024/02.md", (date(2024, 2, 1), date(2024, 2, 29))),
])
def test_period_key_url_and_bounds(period, key, url, src_uri, bounds):
    assert (period.key, period.url, period.src_uri, period.bounds) == (key, url, src_uri, bounds)


def test_iso_week_urls_across_the_year_boundary(project, valid_meta):
    project.now = datetime(2027, 1, 5, 12, 0, tzinfo=WIB)
    project.write("2025-12-29-senin.md", _meta(valid_meta, date="2025-12-29"), folder="2025/12")
    project.write("2026-12-31-kamis.md", _meta(valid_meta, date="2026-12-31 23:00"), folder="2026/12")
    project.write("2027-01-01-jumat.md", _meta(valid_meta, date="2027-01-01 00:30"), folder="2027/01")
    project.write("2027-01-04-senin.md", _meta(valid_meta, date="2027-01-04"), folder="2027/01")
    catalog = project.catalog()
    assert [p for p in catalog.problems if p.severity != "advice"] == []  # advice: an officer outside their villages
    by_url = {s.url: Period("week", *s.iso_week).url for s in catalog.published()}
    assert by_url == {
        "berita/2025/12/senin/": "buletin/2026/minggu-01/",
        "berita/2026/12/kamis/": "buletin/2026/minggu-53/",
        "berita/2027/01/jumat/": "buletin/2026/minggu-53/",
        "berita/2027/01/senin/": "buletin/2027/minggu-01/",
    }
    digests = _digests(catalog)
    assert sorted(digests) == ["2025-12", "2026-12", "2026-W01", "2026-W53", "2027-01", "2027-W01"]
    assert [s.url for s in digests["2026-W53"].stories] == ["berita/2027/01/jumat/", "berita/2026/12/kamis/"]
    assert digests["2026-W53"].period.url == "buletin/2026/minggu-53/"
    assert digests["2026-W01"].period.url == "buletin/2026/minggu-01/"
    assert [s.url for s in digests["2026-W01"].stories] == ["berita/2025/12/senin/"]
    assert [s.url for s in digests["2025-12"].stories] == ["berita/2025/12/senin/"]
    assert [s.url for s in digests["2026-12"].stories] == ["berita/2026/12/kamis/"]


def test_week_and_month_edges_in_wib(project, valid_meta):
    """Dates are WIB: Sunday 23.59 closes the week, Monday 00.00 opens the next."""
    project.write("2025-05-25-minggu.md", _meta(valid_meta, date="2025-05-25 23:59"))
    project.write("2025-05-26-senin.md", _meta(valid_meta, date="2025-05-26 00:00"))
    project.write("2025-05-31-akhir.md", _meta(valid_meta, date="2025-05-31 23:59"))
    project.write("2025-06-01-awal.md", _meta(valid_meta, date="2025-06-01 00:00"), folder="2025/06")
    catalog = project.catalog()
    assert [p for p in catalog.problems if p.severity != "advice"] == []  # advice: an officer outside their villages
    got = {s.slug: (s.published.isoformat(), s.iso_week, s.month) for s in catalog.published()}
    assert got == {
        "minggu": ("2025-05-25T23:59:00+07:00", (2025, 21), (2025, 5)),
        "senin": ("2025-05-26T00:00:00+07:00", (2025, 22), (2025, 5)),
        "akhir": ("2025-05-31T23:59:00+07:00", (2025, 22), (2025, 5)),
        "awal": ("2025-06-01T00:00:00+07:00", (2025, 22), (2025, 6)),
    }


# --- every story in exactly one week and one month ------------------------------------------


@pytest.fixture
def spread(project, valid_meta):
    """Stories over April–June 2025, on week and month edges, plus a draft."""
    dates = {
        "a": "2025-04-27 23:59",  # Sunday, W17
        "b": "2025-04-28 00:00",  # Monday, W18, April
        "c": "2025-04-30 12:00",  # W18, April
        "d": "2025-05-01 07:00",  # W18, May
        "e": "2025-05-04 22:00",  # W18, May
        "f": "2025-05-20 08:00",  # W21
        "g": "2025-05-23 19:30",  # W21
        "h": "2025-06-01 09:00",  # W22, June
    }
    for slug, when in dates.items():
        project.write(f"{when[:10]}-{slug}.md", _meta(valid_meta, date=when), folder=when[:7].replace("-", "/"))
    project.write("2025-05-21-draf.md", _meta(valid_meta, date="2025-05-21", draft=True))
    catalog = project.catalog()
    assert [p for p in catalog.problems if p.severity != "advice"] == []  # advice: an officer outside their villages
    return catalog


def test_each_story_in_exactly_one_week_and_one_month(spread):
    digests = _digests(spread)
    assert sorted(digests) == ["2025-04", "2025-05", "2025-06", "2025-W17", "2025-W18", "2025-W21", "2025-W22"]
    weeks = {k: [s.slug for s in d.stories] for k, d in digests.items() if "W" in k}
    months = {k: [s.slug for s in d.stories] for k, d in digests.items() if "W" not in k}
    assert weeks == {"2025-W17": ["a"], "2025-W18": ["e", "d", "c", "b"], "2025-W21": ["g", "f"], "2025-W22": ["h"]}
    assert months == {"2025-04": ["c", "b", "a"], "2025-05": ["g", "f", "e", "d"], "2025-06": ["h"]}
    for story in spread.published():
        assert sum(story in d.stories for k, d in digests.items() if "W" in k) == 1
        assert sum(story in d.stories for k, d in digests.items() if "W" not in k) == 1
    assert all(s.slug != "draf" for d in digests.values() for s in d.stories)


def test_previous_and_next_skip_empty_periods(spread):
    digests = _digests(spread)
    links = {k: (d.previous and d.previous.key, d.next and d.next.key) for k, d in digests.items()}
    assert links == {
        "2025-W17": (None, "2025-W18"),
        "2025-W18": ("2025-W17", "2025-W21"),
        "2025-W21": ("2025-W18", "2025-W22"),
        "2025-W22": ("2025-W21", None),
        "2025-04": (None, "2025-05"),
        "2025-05": ("2025-04", "2025-06"),
        "2025-06": ("2025-05", None),
    }
    assert digests["2025-W21"].previous.url == "buletin/2025/minggu-18/"
    assert digests["2025-05"].next.url == "buletin/2025/06/"


def test_build_digests_order_weeks_then_months_oldest_first(spread):
    keys = [d.period.key for d in build_digests(build_index(spread.published()), spread.registry)]
    assert keys == ["2025-W17", "2025-W18", "2025-W21", "2025-W22", "2025-04", "2025-05", "2025-06"]


def test_no_stories_no_digests(project):
    catalog = project.catalog()
    assert build_digests(build_index(catalog.published()), catalog.registry) == []


# --- stats and grouping ---------------------------------------------------------------------


@pytest.fixture
def week21(project, valid_meta):
    w = lambda **kw: _meta(valid_meta, **kw)  # noqa: E731
    project.write("2025-05-19-arahan.md", w(title="Arahan Kapolres", date="2025-05-19 08:00", village=None, category="arahan-pimpinan"))
    project.write("2025-05-20-polsek-dukun.md", w(title="Apel Polsek Dukun", date="2025-05-20 09:00", village=None, polsek="dukun", category="imbauan"))
    project.write("2025-05-21-lowayu.md", w(title="Ronda Lowayu", date="2025-05-21 19:00", village="lowayu"))
    project.write("2025-05-22-dua-polsek.md", w(title="Sawo dan Sukorejo", date="2025-05-22 10:00", village=["sawo", "sukorejo-kebomas"],
                                                   category="sambang", officer="bripka-contoh-delapan"))
    project.write("2025-05-23-bangeran.md", w(title="Ronda Bangeran", date="2025-05-23 20:00", village="bangeran"))
    project.write("2025-05-24-kebomas.md", w(title="Sambang Sukorejo", date="2025-05-24 09:00", village="sukorejo-kebomas",
                                                category="sambang", officer="bripka-contoh-delapan"))
    project.write("2025-05-24-gresik.md", w(title="DDS Sukorame", date="2025-05-24 10:00", village="sukorame", category="dds",
                                              officer="bripka-contoh-enam"))
    project.write("2025-05-25-lowayu-lagi.md", w(title="Ronda Lowayu Lagi", date="2025-05-25 21:00", village="lowayu"))
    project.write("2025-05-25-draf.md", w(title="Draf", date="2025-05-25 22:00", village="trate", officer="bripka-contoh-enam", draft=True))
    project.write("2025-05-26-minggu-depan.md", w(title="Minggu Depan", date="2025-05-26 08:00", village="trate", officer="bripka-contoh-enam"))
    catalog = project.catalog()
    assert [p for p in catalog.problems if p.severity != "advice"] == []  # advice: an officer outside their villages
    return _digests(catalog)["2025-W21"], catalog


def test_digest_stats(week21):
    digest, _ = week21
    assert [s.slug for s in digest.stories] == [
        "lowayu-lagi", "gresik", "kebomas", "bangeran", "dua-polsek", "lowayu", "polsek-dukun", "arahan",
    ]
    stats = digest.stats
    assert (stats.stories, stats.villages, stats.officers) == (8, 5, 3)  # lowayu, sawo, sukorejo-kebomas, bangeran, sukorame
    assert [(c.slug, n) for c, n in stats.per_category] == [
        ("siskamling", 3), ("sambang", 2), ("arahan-pimpinan", 1), ("dds", 1), ("imbauan", 1),
    ]
    assert sum(n for _, n in stats.per_category) == stats.stories


def test_stats_of_nothing():
    stats = stats_of([])
    assert (stats.stories, stats.villages, stats.officers, stats.per_category) == (0, 0, 0, ())


def test_grouping_polres_first_then_polsek_in_registry_order(week21):
    digest, catalog = week21
    shape = [(g.label, g.polsek and g.polsek.slug, [(vg.label, [s.slug for s in vg.stories]) for vg in g.villages]) for g in digest.groups[1:]]
    polres = digest.groups[0]
    assert (polres.label, polres.polsek) == ("Seluruh wilayah Polres Gresik", None)
    assert [(vg.village, [s.slug for s in vg.stories]) for vg in polres.villages] == [(None, ["arahan"])]
    assert shape == [
        ("Polsek Kota Gresik", "kota-gresik", [("Kelurahan Sukorame", ["gresik"])]),
        ("Polsek Kebomas", "kebomas", [("Desa Sukorejo", ["kebomas"])]),
        ("Polsek Dukun", "dukun", [
            ("Se-wilayah Polsek", ["polsek-dukun"]),
            ("Desa Bangeran", ["bangeran"]),
            ("Desa Lowayu", ["lowayu", "lowayu-lagi"]),
            ("Desa Sawo", ["dua-polsek"]),
        ]),
    ]
    order = list(catalog.registry.polsek)
    positions = [order.index(g.polsek.slug) for g in digest.groups[1:]]
    assert positions == sorted(positions)


def test_polres_wide_subgroup_is_not_called_polsek(week21):
    digest, _ = week21
    assert "Polsek" not in digest.groups[0].villages[0].label


def test_multi_village_story_listed_once(week21):
    digest, _ = week21
    listed = [s.slug for g in digest.groups for vg in g.villages for s in vg.stories]
    assert sorted(listed) == sorted(s.slug for s in digest.stories)
    assert listed.count("dua-polsek") == 1


def test_group_stories_empty(registry):
    assert group_stories([], registry) == ()


# --- index ----------------------------------------------------------------------------------


def test_index_groupings(week21):
    _, catalog = week21
    index = build_index(catalog.published())
    slugs = lambda stories: [s.slug for s in stories]  # noqa: E731
    assert slugs(index.stories)[:2] == ["minggu-depan", "lowayu-lagi"]
    assert slugs(index.by_village["lowayu"]) == ["lowayu-lagi", "lowayu"]
    assert slugs(index.by_village["sawo"]) == ["dua-polsek"]
    assert slugs(index.by_village["sukorejo-kebomas"]) == ["kebomas", "dua-polsek"]
    assert "trate" in index.by_village and slugs(index.by_village["trate"]) == ["minggu-depan"]
    assert slugs(index.by_polsek["dukun"]) == ["lowayu-lagi", "bangeran", "dua-polsek", "lowayu", "polsek-dukun"]
    assert slugs(index.by_polsek["kebomas"]) == ["kebomas", "dua-polsek"]
    assert slugs(index.polsek_wide["dukun"]) == ["polsek-dukun"]
    assert slugs(index.polres_wide) == ["arahan"]
    assert slugs(index.by_officer["bripka-contoh-delapan"]) == ["kebomas", "dua-polsek"]
    assert slugs(index.by_category["sambang"]) == ["kebomas", "dua-polsek"]
    assert index.weeks() == [(2025, 21), (2025, 22)]
    assert index.months() == [(2025, 5)]
    assert slugs(index.by_week[(2025, 22)]) == ["minggu-depan"]
    assert len(index.by_month[(2025, 5)]) == 9
