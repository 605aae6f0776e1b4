"""Security assessments in a real build: the public site holds no internal field in any output file
(HTML, Pagefind's index, feeds, sitemap, JSON, texts), the internal build shows them all; the
village card, the summary with its chart, and the internal Polsek tables."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from kabardesa.assessment_scaffold import render_assessment
from kabardesa.assessment_schema import BY_KEY, internal_fields, shown
from sitebuild import SiteProject, load_page, page_file

pytestmark = pytest.mark.build

TODAY = date.today()  # the build counts ages against its own day
LATEST = TODAY - timedelta(days=10)
PREVIOUS = TODAY - timedelta(days=200)
OLD = TODAY - timedelta(days=400)

# One distinctive value for every internal field (and the raw counts behind public "in place" words).
SENTINELS: dict[str, Any] = {
    "pos_kamling": 417, "ronda_days": ["selasa", "sabtu"], "ronda_hours": "23.17-03.41", "entrances": 173,
    "entrances_guarded": 151, "gate_hours": "21.53-04.29", "unguarded_entrances": "Gang Qwertiga Sentinel",
    "dark_spots": "Jalan Zxgelap Sentinel", "cctv_total": 4391, "cctv_places": "Menara Kqkamera Sentinel",
    "risks": ["abrasi", "perjudian"],
}
RAW_IN_PLACE = {"pos_kamling_active": 233, "cctv_working": 3187, "linmas": 389}
HOSTILE = "<script>alert('gelap')</script><img src=x onerror=alert(1)>"
NOTE = "Catatan Vxrahasia Sentinel: warga dan linmas sepakat menambah portal."
GAPS = ["184 pos kamling tidak aktif", "Ronda hanya 2 malam seminggu", "22 jalan masuk belum dijaga",
        "1204 CCTV tidak berfungsi", "Penerangan jalan sebagian"]

LATEST_ANSWERS = {**SENTINELS, **RAW_IN_PLACE, "one_gate": True, "street_lighting": "sebagian", "siskamling_group": True,
                  "emergency_numbers": True, "early_warning": ["kentongan", "sirene"]}
BARE = {"pos_kamling": 1, "pos_kamling_active": 0, "ronda_days": [], "entrances": 3, "entrances_guarded": 0, "one_gate": False,
        "street_lighting": "kurang", "cctv_total": 0, "cctv_working": 0, "linmas": 5, "siskamling_group": False,
        "emergency_numbers": False, "early_warning": [], "risks": ["banjir"]}


def _write(project: SiteProject, village: str, officer: str, day: date, answers: dict[str, Any], note: str) -> None:
    path = project.root / "asesmen" / f"{day:%Y}" / f"{day:%m}" / f"{village}-{day:%Y-%m-%d}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    header = {"village": village, "officer": officer, "date": f"{day:%Y-%m-%d}", "sample": True}
    path.write_text(render_assessment(header, answers, note), encoding="utf-8")


def _project(root: Path, internal: bool) -> SiteProject:
    project = SiteProject(root)
    project.write_story("ronda-lowayu", {"title": "Ronda Lowayu", "date": f"{LATEST:%Y-%m-%d}", "village": "lowayu",
                                         "officer": "aipda-contoh-satu", "category": "siskamling"},
                        "Warga Lowayu menghidupkan ronda bersama Bhabinkamtibmas.\n")  # so that Pagefind runs
    _write(project, "lowayu", "aipda-contoh-satu", PREVIOUS, BARE, "Asesmen pertama bersama warga.")
    _write(project, "lowayu", "aipda-contoh-satu", LATEST, LATEST_ANSWERS, NOTE)
    _write(project, "sawo", "aipda-contoh-satu", OLD, BARE, "Asesmen lama di Sawo.")
    _write(project, "kedayang", "aiptu-contoh-tujuh", LATEST,
           {**BARE, "ronda_days": "setiap malam", "one_gate": True, "dark_spots": HOSTILE}, f"Asesmen di Kedayang. {HOSTILE}")
    if internal:
        config = project.root / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        assert "  kabardesa:\n" in text
        config.write_text(text.replace("  kabardesa:\n", "  kabardesa:\n    internal: true\n", 1), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    built = {}
    for kind in ("publik", "internal"):
        project = _project(tmp_path_factory.mktemp(kind) / "proyek", internal=kind == "internal")
        result = project.build()
        assert result.ok, result.output
        built[kind] = result.site
    return built


def _needles() -> list[str]:
    values = [shown(BY_KEY[key], value if not isinstance(value, list) else tuple(value)) for key, value in SENTINELS.items()]
    values += [shown(BY_KEY[key], value) for key, value in RAW_IN_PLACE.items()]
    return values + ["Vxrahasia", *GAPS]


def _outputs(site: Path):
    """Every file of the build, gzip ones (Pagefind's index, a sitemap.xml.gz) decompressed."""
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            yield path, data.decode("utf-8", "replace")


def test_the_sentinels_cover_every_internal_field() -> None:
    assert set(SENTINELS) == {f.key for f in internal_fields()}


def test_no_internal_field_reaches_any_output_of_a_public_build(sites) -> None:
    needles = _needles()
    files = list(_outputs(sites["publik"]))
    assert len(files) > 500 and any("pagefind" in p.parts for p, _ in files)
    hits = [(p.relative_to(sites["publik"]).as_posix(), n) for p, text in files for n in needles if n in text]
    assert hits == []
    assert not page_file(sites["publik"], "/keamanan/dukun/").exists()
    assert not list(sites["publik"].rglob("*.md"))  # no assessment file copied as is


def test_the_internal_build_shows_every_internal_field(sites) -> None:
    html = page_file(sites["internal"], "/desa/lowayu/").read_text(encoding="utf-8")
    missing = [n for n in _needles() if n not in html]
    assert missing == []


def test_officer_text_is_escaped_in_the_internal_build(sites) -> None:
    page = load_page(sites["internal"], "/desa/kedayang/")
    card = page.content.xpath('.//section[@class="kd-security"]')[0]
    assert not card.xpath(".//script | .//img | .//*[@onerror]")
    assert page.text(card).count(HOSTILE) == 2  # the dark spots and the note, shown as text


def test_public_village_card(sites) -> None:
    page = load_page(sites["publik"], "/desa/lowayu/")
    card = page.content.xpath('.//section[@class="kd-security"]')[0]
    text = page.text(card)
    assert "Keamanan Lingkungan" in text and "contoh fiktif" in text
    items = [li.text_content() for li in card.xpath(".//ul/li")]
    assert items == ["Pos kamling aktif", "Ronda malam terjadwal", "Sistem satu gerbang", "CCTV lingkungan berfungsi",
                     "Linmas siaga", "Kelompok siskamling", "Nomor darurat 110 dan Polsek terpasang",
                     "Peringatan dini: kentongan, sirene"]
    assert "Baru sejak asesmen" in text and "Sistem satu gerbang" in text.split("Baru sejak asesmen")[1]
    assert "Linmas siaga" not in text.split("Baru sejak asesmen")[1]  # there were linmas before
    assert "/keamanan/" in page.links(card)
    assert not load_page(sites["publik"], "/desa/bangeran/").content.xpath('.//section[@class="kd-security"]')


def _chart(page_html: str) -> ET.Element:
    match = re.search(r'<svg xmlns="http://www.w3.org/2000/svg" class="kd-chart".*?</svg>', page_html, re.DOTALL)
    assert match, "grafik tidak ada"
    return ET.fromstring(match.group(0))


def test_public_summary_counts_only_with_its_chart(sites) -> None:
    html = page_file(sites["publik"], "/keamanan/").read_text(encoding="utf-8")
    page = load_page(sites["publik"], "/keamanan/")
    text = page.text()
    terms, values = page.content.iter("dt"), page.content.iter("dd")
    facts = {dt.text_content(): dd.text_content() for dt, dd in zip(terms, values, strict=True)}
    assert facts == {"Desa dan kelurahan": "356", "Pernah diases": "3", "Diases dalam 180 hari terakhir": "2",
                     "Ronda aktif": "2 desa", "Sistem satu gerbang": "2 desa"}
    chart = _chart(html)
    assert chart.find("{http://www.w3.org/2000/svg}title").text.startswith("Keamanan lingkungan desa se-Polres Gresik")
    assert "<script" not in html.split('class="kd-chart"')[1].split("</svg>")[0]
    rows = page.content.xpath('.//table[caption="Jumlah desa per bulan"]/tbody/tr')
    assert len(rows) == 12 and rows[-1].xpath("./td")[0].text == "2"
    assert "Per Polsek" not in text and "/keamanan/dukun/" not in page.links()
    assert "/keamanan/" in load_page(sites["publik"], "/polsek/").links()


def test_internal_summary_and_polsek_table(sites) -> None:
    summary = load_page(sites["internal"], "/keamanan/")
    assert "Per Polsek (internal)" in summary.text() and "/keamanan/dukun/" in summary.links()
    page = load_page(sites["internal"], "/keamanan/dukun/")
    rows = {tr.xpath("./th/a")[0].text_content(): [td.text_content() for td in tr.xpath("./td")]
            for tr in page.content.xpath(".//table/tbody/tr")}
    assert set(rows) == {"Lowayu", "Sawo"}
    assert "400 hari perlu diulang" in rows["Sawo"][0]
    assert "10 hari(2 asesmen)" in rows["Lowayu"][0] and "perlu diulang" not in rows["Lowayu"][0]
    assert all(gap in rows["Lowayu"][1] for gap in GAPS)
    assert "Bangeran" in page.text(page.content.xpath(".//ul[@class='kd-villages']")[0])  # never assessed
    assert "/keamanan/dukun/" in load_page(sites["internal"], "/polsek/dukun/").links()
    assert "/keamanan/dukun/" not in load_page(sites["publik"], "/polsek/dukun/").links()
