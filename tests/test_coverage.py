"""Editors' tools: villages without a story lately (`kabardesa coverage`) and `kabardesa digest`."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

import kabardesa.cli_editor
from kabardesa.cli import main
from kabardesa.coverage import coverage, coverage_rows

from conftest import NOW, REPO


def _meta(valid_meta, **changes):
    meta = dict(valid_meta, **changes)
    return {k: v for k, v in meta.items() if v is not None}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def stories(project, valid_meta):
    """NOW is 1 June 2025 12.00 WIB."""
    project.write("2025-05-22-lowayu.md", _meta(valid_meta, date="2025-05-22 12:00", village="lowayu"))  # 10 days ago
    project.write("2025-04-22-bangeran.md", _meta(valid_meta, date="2025-04-22 09:00", village="bangeran"), folder="2025/04")  # 40 days
    project.write("2025-03-01-bangeran-lama.md", _meta(valid_meta, date="2025-03-01", village="bangeran"), folder="2025/03")
    project.write("2025-05-31-sawo-draf.md", _meta(valid_meta, date="2025-05-31", village="sawo", draft=True))  # draft: not counted
    project.write("2025-05-30-dua.md", _meta(valid_meta, date="2025-05-30 08:00", village=["sekapuk", "sukorame"]))  # 2 days
    project.write("2025-05-29-polsek.md", _meta(valid_meta, date="2025-05-29", village=None, polsek="panceng"))  # reaches no village
    project.write("2025-05-28-polres.md", _meta(valid_meta, date="2025-05-28", village=None))
    return project


def _quiet(report, polsek):
    item = next(c for c in report if c.polsek.slug == polsek)
    return {q.village.slug: q.last_story for q in item.quiet}


def test_coverage_per_polsek_in_registry_order(stories, registry):
    catalog = stories.catalog()
    assert [p for p in catalog.problems if p.severity != "advice"] == []  # advice: an officer outside their villages
    report = coverage(catalog.stories, registry, days=30, now=NOW)
    assert [c.polsek.slug for c in report] == list(registry.polsek)
    assert sum(c.villages_total for c in report) == len(registry.villages)
    assert {c.polsek.slug: c.reached for c in report if c.reached} == {"dukun": 1, "ujungpangkah": 1, "kota-gresik": 1}
    dukun = next(c for c in report if c.polsek.slug == "dukun")
    assert dukun.villages_total == len(registry.villages_of(registry.polsek["dukun"]))
    assert len(dukun.quiet) == dukun.villages_total - 1
    names = [q.village.name for q in dukun.quiet]
    assert names == sorted(names)


def test_village_with_a_story_ten_days_ago(stories, registry):
    catalog = stories.catalog()
    quiet_30 = _quiet(coverage(catalog.stories, registry, days=30, now=NOW), "dukun")
    quiet_5 = _quiet(coverage(catalog.stories, registry, days=5, now=NOW), "dukun")
    assert "lowayu" not in quiet_30
    assert quiet_5["lowayu"] == date(2025, 5, 22)
    assert quiet_30["bangeran"] == date(2025, 4, 22)  # the newest story, not the oldest
    assert quiet_5["bangeran"] == date(2025, 4, 22)
    assert "bangeran" not in _quiet(coverage(catalog.stories, registry, days=41, now=NOW), "dukun")


def test_drafts_do_not_count(stories, registry):
    catalog = stories.catalog()
    assert [s.slug for s in catalog.stories if s.draft] == ["sawo-draf"]
    for days in (1, 30, 365):
        assert _quiet(coverage(catalog.stories, registry, days=days, now=NOW), "dukun")["sawo"] is None


def test_multi_village_story_reaches_both_villages(stories, registry):
    catalog = stories.catalog()
    report = coverage(catalog.stories, registry, days=5, now=NOW)
    assert "sekapuk" not in _quiet(report, "ujungpangkah")
    assert "sukorame" not in _quiet(report, "kota-gresik")
    # a story for a whole Polsek reaches none of its villages
    panceng = next(c for c in report if c.polsek.slug == "panceng")
    assert panceng.reached == 0 and len(panceng.quiet) == panceng.villages_total


def test_coverage_with_no_stories(project, registry):
    report = coverage([], registry, days=30, now=NOW)
    assert sum(len(c.quiet) for c in report) == len(registry.villages)
    assert all(q.last_story is None for c in report for q in c.quiet)


def test_coverage_rows(stories, registry):
    catalog = stories.catalog()
    rows = coverage_rows(coverage(catalog.stories, registry, days=30, now=NOW))
    assert len(rows) == len(registry.polsek)
    dukun = next(r for r in rows if r["polsek"] == "dukun")
    assert {k: dukun[k] for k in ("polsek", "name", "villages_total", "villages_reached")} == {
        "polsek": "dukun", "name": "Polsek Dukun", "villages_total": dukun["villages_total"], "villages_reached": 1,
    }
    assert dukun["villages_total"] == len(dukun["villages_without_story"]) + 1
    bangeran = next(v for v in dukun["villages_without_story"] if v["slug"] == "bangeran")
    assert bangeran == {"slug": "bangeran", "name": "Bangeran", "code": registry.villages["bangeran"].code,
                        "kecamatan": "Dukun", "last_story": "2025-04-22"}
    sawo = next(v for v in dukun["villages_without_story"] if v["slug"] == "sawo")
    assert sawo["last_story"] is None
    json.dumps(rows)  # JSON-ready


# --- command line ---------------------------------------------------------------------------


@pytest.fixture
def in_project(stories, monkeypatch):
    monkeypatch.chdir(stories.root)
    monkeypatch.setattr(kabardesa.cli_editor, "now_wib", lambda: NOW)
    return stories


def test_cli_coverage_json(capsys, in_project, registry):
    code, out, err = run(capsys, "coverage", "--days", "30", "--json")
    assert (code, err) == (0, "")
    rows = json.loads(out)
    assert [r["polsek"] for r in rows][:3] == ["kota-gresik", "kebomas", "cerme"]
    assert [r["polsek"] for r in rows] == list(registry.polsek)
    assert sum(r["villages_total"] for r in rows) == len(registry.villages)
    dukun = next(r for r in rows if r["polsek"] == "dukun")
    quiet = {v["slug"]: v["last_story"] for v in dukun["villages_without_story"]}
    assert "lowayu" not in quiet
    assert (quiet["bangeran"], quiet["sawo"]) == ("2025-04-22", None)
    assert dukun["villages_reached"] == 1


def test_cli_coverage_json_short_window(capsys, in_project):
    code, out, _ = run(capsys, "coverage", "--days", "5", "--json")
    assert code == 0
    dukun = next(r for r in json.loads(out) if r["polsek"] == "dukun")
    assert {v["slug"]: v["last_story"] for v in dukun["villages_without_story"]}["lowayu"] == "2025-05-22"
    assert dukun["villages_reached"] == 0


def test_cli_coverage_text(capsys, in_project, registry):
    code, out, err = run(capsys, "coverage", "--days", "30")
    assert (code, err) == (0, "")
    stories, assessments = out.split("\nDesa/kelurahan yang asesmen keamanannya")  # then the assessments (test_assessments.py)
    lines = stories.splitlines()
    assert lines[0] == "Desa/kelurahan tanpa cerita dalam 30 hari terakhir:"
    total = len(registry.villages_of(registry.polsek["dukun"]))
    assert f"Polsek Dukun: {total - 1} dari {total} desa belum ada cerita" in lines
    assert "  - Bangeran (bangeran), terakhir 22 April 2025" in lines
    assert "  - Sawo (sawo), belum pernah" in lines
    assert not any(line.startswith("  - Lowayu ") for line in lines)


def test_cli_coverage_rejects_zero_days(capsys, in_project):
    code, out, err = run(capsys, "coverage", "--days", "0")
    assert (code, out) == (2, "")
    assert err == "kabardesa coverage: --days harus 1 atau lebih\n"


def test_cli_coverage_warns_about_invalid_stories(capsys, in_project, valid_meta):
    in_project.write("2025-05-25-rusak.md", _meta(valid_meta, officer="tidak-ada"))
    code, _, err = run(capsys, "coverage")
    assert code == 0
    assert err == "peringatan: 1 berkas cerita atau asesmen tidak valid dan tidak dihitung; jalankan `kabardesa check`\n"


@pytest.fixture
def with_site_config(in_project):
    shutil.copy(REPO / "mkdocs.yml", in_project.root / "mkdocs.yml")
    return in_project


def test_cli_digest_week_whatsapp(capsys, with_site_config):
    code, out, err = run(capsys, "digest", "--week", "2025-W21", "--format", "whatsapp")
    assert code == 0
    assert err.startswith("peringatan: alamat situs masih alamat contoh (https://kabardesa.example.id/); "
                          "tulis alamat situs yang asli di mkdocs.yml") and "KD_SITE_URL=" in err and err.count("\n") == 1
    assert out == (
        "*Buletin Mingguan, 19–25 Mei 2025*\n"
        "Kabar Desa Polres Gresik\n"
        "\n"
        "1 cerita · 1 desa/kelurahan · 1 petugas\n"
        "\n"
        "*Polsek Dukun*\n"
        "• Pos Kamling Lowayu Kembali Ramai (Lowayu)\n"
        "  https://kabardesa.example.id/berita/2025/05/lowayu/\n"
        "\n"
        "Selengkapnya:\n"
        "https://kabardesa.example.id/buletin/2025/minggu-21/\n"
    )


def test_cli_digest_defaults_to_whatsapp_and_lowercase_week(capsys, with_site_config):
    code, out, _ = run(capsys, "digest", "--week", "2025-w21")
    assert code == 0
    assert out.startswith("*Buletin Mingguan, 19–25 Mei 2025*\nKabar Desa Polres Gresik\n")


def test_cli_digest_month_markdown(capsys, with_site_config):
    code, out, err = run(capsys, "digest", "--month", "2025-05", "--format", "markdown")
    assert code == 0 and "alamat contoh" in err
    lines = out.splitlines()
    assert lines[:7] == ["# Buletin Bulanan, Mei 2025", "", "Kabar Desa Polres Gresik", "",
                         "- Cerita: 4", "- Desa/kelurahan: 3", "- Petugas aktif: 1"]
    assert lines[-1] == "Selengkapnya: https://kabardesa.example.id/buletin/2025/05/"
    assert "- [Pos Kamling Lowayu Kembali Ramai](https://kabardesa.example.id/berita/2025/05/lowayu/) — Kamis, 22 Mei 2025, Siskamling" in lines
    assert sum(line.startswith("- [") for line in lines) == 4  # the draft is left out
    assert "## Seluruh wilayah Polres Gresik" in lines


def test_cli_digest_takes_the_address_from_kd_site_url_without_warning(capsys, with_site_config, monkeypatch):
    monkeypatch.setenv("KD_SITE_URL", "https://humas-gresik.github.io/kabar-desa")
    code, out, err = run(capsys, "digest", "--week", "2025-W21")
    assert (code, err) == (0, "")
    assert out.endswith("Selengkapnya:\nhttps://humas-gresik.github.io/kabar-desa/buletin/2025/minggu-21/\n")
    assert "example" not in out


def test_cli_digest_takes_the_address_from_the_site_settings(capsys, with_site_config):
    config = with_site_config.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("https://kabardesa.example.id/", "https://kabar.polres.test/"), encoding="utf-8")
    code, out, err = run(capsys, "digest", "--week", "2025-W21")
    assert (code, err) == (0, "")
    assert "https://kabar.polres.test/berita/2025/05/lowayu/" in out


def test_cli_digest_without_mkdocs_yml_uses_defaults(capsys, in_project):
    code, out, err = run(capsys, "digest", "--month", "2025-04")
    assert code == 0
    assert err.startswith("peringatan: mkdocs.yml tidak punya site_url, jadi tautan menuju http://127.0.0.1:8000/")
    assert out.splitlines()[1] == "Kabar Desa"
    assert out.endswith("Selengkapnya:\nhttp://127.0.0.1:8000/buletin/2025/04/\n")


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--week", "2025-W99", "kabardesa digest: minggu '2025-W99' tidak dikenali; tulis seperti 2025-W21\n"),
    ("--week", "2025-W00", "kabardesa digest: minggu '2025-W00' tidak dikenali; tulis seperti 2025-W21\n"),
    ("--week", "2025-W53", "kabardesa digest: tahun 2025 tidak punya minggu ke-53\n"),
    ("--week", "minggu lalu", "kabardesa digest: minggu 'minggu lalu' tidak dikenali; tulis seperti 2025-W21\n"),
    ("--month", "2025-13", "kabardesa digest: bulan '2025-13' tidak dikenali; tulis seperti 2025-05\n"),
    ("--month", "2025-00", "kabardesa digest: bulan '2025-00' tidak dikenali; tulis seperti 2025-05\n"),
    ("--month", "Mei 2025", "kabardesa digest: bulan 'Mei 2025' tidak dikenali; tulis seperti 2025-05\n"),
])
def test_cli_digest_bad_period_exits_2(capsys, in_project, option, value, message):
    code, out, err = run(capsys, "digest", option, value)
    assert (code, out, err) == (2, "", message)


def test_cli_digest_period_without_stories_exits_1(capsys, in_project):
    code, out, err = run(capsys, "digest", "--week", "2025-W10")
    assert (code, out) == (1, "")
    assert err == "kabardesa digest: belum ada cerita terbit untuk Buletin Mingguan, 3–9 Maret 2025\n"
    code, out, err = run(capsys, "digest", "--month", "2024-12")
    assert (code, out, err) == (1, "", "kabardesa digest: belum ada cerita terbit untuk Buletin Bulanan, Desember 2024\n")


def test_cli_digest_week_with_only_a_draft_exits_1(capsys, in_project, valid_meta):
    in_project.write("2025-05-06-draf.md", _meta(valid_meta, date="2025-05-06", draft=True))
    code, out, err = run(capsys, "digest", "--week", "2025-W19")
    assert (code, out) == (1, "")
    assert err == "kabardesa digest: belum ada cerita terbit untuk Buletin Mingguan, 5–11 Mei 2025\n"


def test_cli_digest_week_and_month_together_is_a_usage_error(capsys, in_project):
    with pytest.raises(SystemExit) as exit_info:
        main(["digest", "--week", "2025-W21", "--month", "2025-05"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "kesalahan: argumen --month: tidak boleh bersama argumen --week" in err
