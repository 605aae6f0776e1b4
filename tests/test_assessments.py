"""Village security assessments: validation (careless and hostile input), the index (in place,
improvements, gaps, due villages, months), the chart, and the commands `check`, `asesmen new`
and `coverage`."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import NOW, Project
from kabardesa.assessment_chart import chart_svg
from kabardesa.assessment_scaffold import render_assessment
from kabardesa.assessment_schema import CHECKLIST, KNOWN_KEYS, NOTE_SKELETON, form_fields
from kabardesa.assessments import MonthCount, by_village, counts, due_villages, gaps, improvements, in_place, monthly_counts
from kabardesa.cli import main

HEADER = {"village": "lowayu", "officer": "aipda-contoh-satu", "date": "2025-05-20"}
# Every answer given, most things in place.
ANSWERS: dict[str, Any] = {
    "pos_kamling": 3, "pos_kamling_active": 2, "ronda_days": ["senin", "kamis", "sabtu"], "ronda_hours": "22.00-04.00",
    "entrances": 4, "entrances_guarded": 3, "one_gate": True, "gate_hours": "22.00-05.00",
    "unguarded_entrances": "jalan tambak utara", "street_lighting": "memadai", "dark_spots": None,
    "cctv_total": 4, "cctv_working": 3, "cctv_places": "balai desa", "linmas": 12, "siskamling_group": True,
    "emergency_numbers": True, "early_warning": ["kentongan"], "risks": ["banjir", "curanmor"],
}
NOTE = "Asesmen bersama kepala desa, RT/RW dan linmas. Warga sepakat menambah portal."


def text(header: dict[str, Any] | None = None, answers: dict[str, Any] | None = None, note: str = NOTE) -> str:
    return render_assessment(dict(HEADER, **(header or {})), dict(ANSWERS, **(answers or {})), note)


def write(project: Project, name: str, content: str, folder: str = "2025/05") -> Path:
    path = project.root / "asesmen" / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def problems_of(project: Project, content: str, name: str = "lowayu-2025-05-20.md") -> list[str]:
    write(project, name, content)
    catalog = project.catalog()
    return [p.format() for p in catalog.problems if p.severity == "error"]


# -- validation -------------------------------------------------------------------


def test_a_filled_checklist_passes_and_is_typed(project: Project) -> None:
    write(project, "lowayu-2025-05-20.md", text())
    catalog = project.catalog()
    assert catalog.errors == []
    (assessment,) = catalog.assessments
    assert assessment.village.slug == "lowayu" and assessment.officer.id == "aipda-contoh-satu"
    assert assessment.day == date(2025, 5, 20)
    assert assessment.value("ronda_days") == ("senin", "kamis", "sabtu")
    assert assessment.value("one_gate") is True and assessment.value("dark_spots") is None
    assert assessment.note == NOTE


def test_the_skeleton_does_not_pass_until_every_question_is_answered(project: Project) -> None:
    found = problems_of(project, render_assessment(HEADER))
    required = [f for f in CHECKLIST if f.required]
    for field in required:
        assert any(f"pertanyaan '{field.key}' belum dijawab" in line for line in found), field.key
    assert any("catatan masih teks contoh" in line for line in found)
    assert len(found) == len(required) + 1  # every problem at once, nothing else


def test_careless_answers_are_read_as_meant(project: Project) -> None:
    careless = {"ronda_days": "setiap malam", "one_gate": "ya", "siskamling_group": "tidak", "emergency_numbers": "sudah",
                "street_lighting": "Memadai", "early_warning": "sirene", "ronda_hours": "22:00 - 4:00", "pos_kamling": "3",
                "risks": []}
    write(project, "lowayu-2025-05-20.md", text(answers=careless))
    catalog = project.catalog()
    assert catalog.errors == []
    (a,) = catalog.assessments
    assert a.value("ronda_days") == ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")
    assert (a.value("one_gate"), a.value("siskamling_group"), a.value("emergency_numbers")) == (True, False, True)
    assert a.value("street_lighting") == "memadai" and a.value("early_warning") == ("sirene",)
    assert a.value("ronda_hours") == "22.00-04.00" and a.value("pos_kamling") == 3 and a.value("risks") == ()


@pytest.mark.parametrize(("answers", "expected"), [
    ({"pos_kamling": -1}, "'pos_kamling' bernilai -1; tulis angka 0 sampai 500"),
    ({"pos_kamling": "dua"}, "'pos_kamling' harus angka bulat"),
    ({"pos_kamling": True}, "'pos_kamling' harus angka bulat"),
    ({"cctv_total": 10**9}, "'cctv_total' bernilai 1000000000; tulis angka 0 sampai 5000"),
    ({"cctv_working": 5}, "'cctv_working' (5) lebih besar dari 'cctv_total' (4)"),
    ({"one_gate": "mungkin"}, "'one_gate' diisi ya atau tidak, bukan 'mungkin'"),
    ({"siskamling_group": "Pak Contoh, 12 anggota"}, "'siskamling_group' diisi ya atau tidak saja; jangan tulis nomor"),
    ({"ronda_days": ["senen"]}, "hari ronda 'senen' tidak dikenal; maksud Anda: senin?"),
    ({"ronda_hours": "malam"}, "'ronda_hours' ditulis jam mulai dan jam selesai, misalnya ronda_hours: 22.00-04.00"),
    ({"ronda_hours": "25.00-04.00"}, "'ronda_hours' ditulis jam mulai dan jam selesai"),
    ({"street_lighting": "terang"}, "'street_lighting' tidak mengenal 'terang'"),
    ({"risks": ["banjr"]}, "'risks' tidak mengenal 'banjr'; maksud Anda: banjir?"),
    ({"risks": [["banjir"]]}, "daftar 'risks' tidak boleh berisi daftar"),
    ({"dark_spots": "x" * 400}, "'dark_spots' terlalu panjang (400 karakter)"),
])
def test_wrong_answers_name_the_line_and_the_fix(project: Project, answers: dict[str, Any], expected: str) -> None:
    content = text(answers=answers)
    found = problems_of(project, content)
    assert len(found) == 1 and expected in found[0], found
    key = next(iter(answers))
    line = next(n for n, row in enumerate(content.splitlines(), 1) if row.startswith(f"{key}:"))
    if key != "cctv_working":  # a comparison is reported on the part's line, which is its own key here too
        assert found[0].startswith(f"asesmen/2025/05/lowayu-2025-05-20.md:{line}:"), found


def test_every_problem_of_every_file_at_once(project: Project) -> None:
    write(project, "a.md", text(header={"village": "Lowayo", "officer": "zzz", "date": "2030-01-01"}, answers={"linmas": "banyak"}))
    write(project, "b.md", text(header={"village": "sukorejo"}), folder="2025/04")
    found = [p.format() for p in project.catalog().errors]
    assert any("a.md:2: desa 'Lowayo' tidak dikenal; maksud Anda: lowayu" in f for f in found), found
    assert any("a.md:3: petugas 'zzz' tidak dikenal" in f for f in found)
    assert any("a.md:4:" in f and "masa depan" in f for f in found), found
    assert any("'linmas' harus angka bulat" in f for f in found)
    assert any("b.md" in f and "lebih dari satu kecamatan" in f for f in found)


def test_unknown_keys_get_a_suggestion_and_siskamling_members_are_refused(project: Project) -> None:
    content = text().replace("linmas: 12\n", "linmas: 12\ndesa: lowayu\npos_kamlin: 2\nanggota_siskamling: Pak Contoh\n")
    found = problems_of(project, content)
    assert any("kunci 'desa' tidak dikenal; maksud Anda: village?" in f for f in found), found
    assert any("kunci 'pos_kamlin' tidak dikenal; maksud Anda: pos_kamling?" in f for f in found)
    assert any("kunci 'anggota_siskamling' tidak boleh ada" in f for f in found)


def test_personal_data_is_refused_in_the_note_and_in_answers(project: Project) -> None:
    found = problems_of(project, text(answers={"unguarded_entrances": "rumah 0812-3456-7890"},
                                      note="Ketua siskamling NIK 3525010101900001 bisa dihubungi."))
    assert sum("data pribadi" in f for f in found) == 2, found


@pytest.mark.parametrize("content", [
    "---\nvillage: &a lowayu\nofficer: *a\n---\nCatatan.\n",  # aliases
    "---\nvillage: !!python/object:os.system lowayu\n---\nCatatan.\n",  # tags
    "---\nvillage: lowayu\nvillage: sawo\n---\nCatatan.\n",  # duplicate keys
    "---\nvillage: [lowayu, [sawo]]\n---\n",  # nesting
    "bukan front-matter\n",
    "",
    "---\nvillage: lowayu\x1b[31m\n---\n",  # a terminal escape
])
def test_hostile_files_are_reported_never_raised(project: Project, content: str) -> None:
    found = problems_of(project, content)
    assert found and all(line.startswith("asesmen/2025/05/lowayu-2025-05-20.md:") for line in found), found
    assert all("\x1b" not in line for line in found)


def test_two_assessments_of_a_village_on_one_day_are_both_reported(project: Project) -> None:
    write(project, "lowayu-2025-05-20.md", text())
    write(project, "lowayu-lagi.md", text())
    found = [p.format() for p in project.catalog().errors]
    assert len(found) == 2 and all("sudah diases pada hari yang sama" in f for f in found)


def test_a_readme_in_asesmen_is_not_an_assessment(project: Project) -> None:
    (project.root / "asesmen").mkdir()
    (project.root / "asesmen" / "README.md").write_text("# Asesmen\n", encoding="utf-8")
    catalog = project.catalog()
    assert catalog.errors == [] and catalog.assessment_files == 0
    write(project, "README.md", "# bukan penjelasan folder\n")  # deeper down it is read, and reported
    assert [p.path for p in project.catalog().errors] == ["asesmen/2025/05/README.md"]


def test_form_fields_cover_the_checklist_for_a_cms() -> None:
    specs = form_fields()
    names = [s["name"] for s in specs]
    assert names == ["village", "officer", "date"] + [f.key for f in CHECKLIST] + ["body"]
    by_name = {s["name"]: s for s in specs}
    assert by_name["pos_kamling"]["widget"] == "number" and by_name["pos_kamling"]["max"] == 500
    assert by_name["ronda_days"]["widget"] == "select" and by_name["ronda_days"]["multiple"] is True
    assert by_name["street_lighting"]["multiple"] is False
    assert by_name["cctv_places"]["public"] is False and by_name["one_gate"]["public"] is True
    assert set(KNOWN_KEYS) >= set(names) - {"body"}


def test_asesmen_fields_prints_the_form_fields_as_json(project: Project, capsys) -> None:
    assert main(["--root", str(project.root), "asesmen", "fields"]) == 0
    assert json.loads(capsys.readouterr().out) == form_fields()


# -- the index --------------------------------------------------------------------


def _assessments(project: Project, files: dict[str, str]) -> list[Any]:
    for name, content in files.items():
        write(project, name, content, folder=name[-13:-6].replace("-", "/"))
    catalog = project.catalog()
    assert catalog.errors == [], catalog.errors
    return catalog.assessments


BARE = {"pos_kamling": 2, "pos_kamling_active": 0, "ronda_days": [], "ronda_hours": None, "entrances": 3,
        "entrances_guarded": 1, "one_gate": False, "gate_hours": None, "street_lighting": "kurang", "cctv_total": 0,
        "cctv_working": 0, "cctv_places": None, "linmas": 0, "siskamling_group": False, "emergency_numbers": False,
        "early_warning": []}


def test_in_place_improvements_and_gaps(project: Project) -> None:
    first, second = _assessments(project, {
        "lowayu-2025-01-10.md": text(header={"date": "2025-01-10"}, answers=BARE),
        "lowayu-2025-05-20.md": text(answers={"one_gate": True, "ronda_days": ["senin", "rabu"], "emergency_numbers": True,
                                              "pos_kamling_active": 2, "pos_kamling": 2, "linmas": 0}),
    })
    assert in_place(first) == ()
    assert "2 pos kamling tidak aktif" in gaps(first)
    assert set(gaps(first)) >= {"Belum ada jadwal ronda", "2 jalan masuk belum dijaga", "Belum ada sistem satu gerbang",
                                "Penerangan jalan kurang", "Belum ada CCTV lingkungan", "Belum ada anggota linmas"}
    assert in_place(second) == ("Pos kamling aktif", "Ronda malam terjadwal", "Sistem satu gerbang", "Penerangan jalan memadai",
                                "CCTV lingkungan berfungsi", "Kelompok siskamling", "Nomor darurat 110 dan Polsek terpasang",
                                "Peringatan dini: kentongan")
    assert improvements(second, first) == in_place(second)  # nothing was in place before
    assert improvements(second, None) == ()
    assert "Ronda hanya 2 malam seminggu" in gaps(second) and "1 CCTV tidak berfungsi" in gaps(second)
    record = by_village([first, second])["lowayu"]
    assert record.latest is second and record.previous is first and record.count == 2


def test_due_villages_and_monthly_counts(project: Project, registry) -> None:
    assessments = _assessments(project, {
        "lowayu-2024-10-01.md": text(header={"date": "2024-10-01"}, answers=BARE),
        "sawo-2025-05-20.md": text(header={"village": "sawo", "date": "2025-05-20"}),
    })
    today = NOW.date()
    due = {d.polsek.slug: d for d in due_villages(by_village(assessments), registry, days=180, today=today)}
    dukun = {d.village.slug: d.last for d in due["dukun"].due}
    assert dukun["lowayu"] == date(2024, 10, 1) and "sawo" not in dukun and dukun["bangeran"] is None
    assert due["dukun"].villages_total == len(registry.villages_of(registry.polsek["dukun"]))
    c = counts(assessments, len(registry.villages), days=180, today=today)
    assert (c.assessed_ever, c.assessed_recently, c.ronda_active, c.one_gate) == (2, 1, 1, 1)
    months = monthly_counts(assessments, days=180, today=today)
    assert (months[0].year, months[0].month) == (2024, 10) and (months[-1].year, months[-1].month) == (2025, 6)
    assert months[0] == MonthCount(2024, 10, 1, 0, 0)
    assert months[-1] == MonthCount(2025, 6, 1, 1, 1)  # lowayu's is 243 days old by 1 June 2025
    assert [m.assessed_recently for m in months] == [1, 1, 1, 1, 1, 0, 0, 1, 1]  # 181 days old on 31 March; sawo in May


# -- the chart --------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def test_chart_is_valid_svg_with_title_values_and_no_script() -> None:
    months = [MonthCount(2025, m, m, m // 2, 1) for m in range(1, 7)]
    svg = chart_svg(months, "Keamanan <desa> & \"kota\"", 180)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Keamanan <desa> & \"kota\""  # escaped in the markup, read back whole
    assert "<desa>" not in svg and "&lt;desa&gt;" in svg
    desc = root.find(f"{SVG}desc").text
    assert "6 bulan, Jan 25 sampai Jun 25" in desc and "Ronda aktif 3 desa" in desc
    assert not any(el.tag in (f"{SVG}script", f"{SVG}foreignObject") for el in root.iter())
    assert not any(name.startswith("on") for el in root.iter() for name in el.attrib)
    lines = root.findall(f"{SVG}polyline")
    assert len(lines) == 3 and all(len(line.get("points").split()) == 6 for line in lines)
    # the first series rises month by month: its points' y falls
    ys = [float(p.split(",")[1]) for p in lines[0].get("points").split()]
    assert ys == sorted(ys, reverse=True) and ys[0] > ys[-1]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Diases dalam 180 hari" in texts and "Jan 25" in texts


def test_chart_of_one_month_and_of_nothing() -> None:
    assert chart_svg([], "x", 180) == ""
    root = ET.fromstring(chart_svg([MonthCount(2025, 5, 0, 0, 0)], "x", 180))
    assert len(root.findall(f"{SVG}polyline")) == 3


# -- commands ---------------------------------------------------------------------


def test_check_reports_assessments_and_counts_them(project: Project, capsys) -> None:
    write(project, "lowayu-2025-05-20.md", text())
    write(project, "sawo-2025-05-20.md", text(header={"village": "sawo"}, answers={"one_gate": "kadang"}))
    code = main(["--root", str(project.root), "check"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "asesmen/2025/05/sawo-2025-05-20.md:" in out and "'one_gate' diisi ya atau tidak" in out
    assert "2 asesmen" in err
    code = main(["--root", str(project.root), "check", str(project.root / "asesmen/2025/05/lowayu-2025-05-20.md")])
    out, err = capsys.readouterr()
    assert code == 0 and "0 berkas cerita, 1 asesmen" in err, err


def test_asesmen_new_writes_a_skeleton_that_check_refuses(project: Project, capsys, monkeypatch) -> None:
    monkeypatch.setattr("kabardesa.assessment_scaffold.now_wib", lambda: NOW)
    monkeypatch.setattr("kabardesa.catalog.now_wib", lambda: NOW)
    code = main(["--root", str(project.root), "asesmen", "new", "--village", "Desa Lowayu", "--officer", "aipda-contoh-satu",
                 "--date", "2025-05-20"])
    out, err = capsys.readouterr()
    assert code == 0 and out.strip() == "asesmen/2025/05/lowayu-2025-05-20.md"
    written = (project.root / out.strip()).read_text(encoding="utf-8")
    meta = yaml.safe_load(written.split("---")[1])
    assert meta["village"] == "lowayu" and all(meta[f.key] is None for f in CHECKLIST)
    assert NOTE_SKELETON in written
    assert main(["--root", str(project.root), "check"]) == 1
    out, _ = capsys.readouterr()
    assert "pertanyaan 'pos_kamling' belum dijawab" in out
    again = main(["--root", str(project.root), "asesmen", "new", "--village", "lowayu", "--officer", "aipda-contoh-satu",
                  "--date", "2025-05-20"])
    assert again == 1 and "sudah ada" in capsys.readouterr().err
    bad = main(["--root", str(project.root), "asesmen", "new", "--village", "Lowayo", "--officer", "aipda-contoh-satu"])
    assert bad == 1 and "maksud Anda: lowayu" in capsys.readouterr().err


def test_coverage_lists_villages_due_for_an_assessment(project: Project, capsys, monkeypatch) -> None:
    monkeypatch.setattr("kabardesa.cli_editor.now_wib", lambda: NOW)
    write(project, "lowayu-2024-10-01.md", text(header={"date": "2024-10-01"}), folder="2024/10")
    write(project, "sawo-2025-05-20.md", text(header={"village": "sawo", "date": "2025-05-20"}))
    assert main(["--root", str(project.root), "coverage"]) == 0
    out = capsys.readouterr().out
    section = out.split("asesmen keamanannya lebih tua dari 180 hari")[1]
    assert "  - Lowayu (lowayu), asesmen terakhir 1 Oktober 2024" in section
    assert "Sawo (sawo)" not in section and "  - Bangeran (bangeran), belum pernah diases" in section
    assert main(["--root", str(project.root), "coverage", "--asesmen-days", "365"]) == 0
    assert "Lowayu (lowayu), asesmen" not in capsys.readouterr().out
    assert main(["--root", str(project.root), "coverage", "--json"]) == 0
    rows = {row["polsek"]: row for row in json.loads(capsys.readouterr().out)}
    due = {v["slug"]: v["last_assessment"] for v in rows["dukun"]["villages_assessment_due"]}
    assert due["lowayu"] == "2024-10-01" and "sawo" not in due and due["bangeran"] is None
    assert main(["--root", str(project.root), "coverage", "--asesmen-days", "0"]) == 2


# -- the guide explains every message ---------------------------------------------------

BROKEN = {
    "a.md": text(answers={"pos_kamling": "dua", "entrances": -3, "cctv_working": 9, "one_gate": "kadang",
                          "siskamling_group": "12 orang", "street_lighting": "terang", "risks": "zzzzqq", "early_warning": 7,
                          "ronda_days": ["senen"], "ronda_hours": "malam", "dark_spots": "x" * 400},
                 header={"sample": "ya"}),
    "b.md": render_assessment(HEADER),  # nothing answered, skeleton note
    "c.md": text(note="").replace("linmas: 12\n", "linmas: 12\nkontak: Pak Contoh\nzzqqxx: 1\n"),
    "d.md": text(answers={"ronda_days": ["qqqq"]}, note="x" * 2100),
    "e.md": "",
    "f.md": "catatan tanpa front-matter\n",
    "g.md": text(header={"date": "2025-05-21"}),
    "h.md": text(header={"date": "2025-05-21"}),
    "i.md": text(header={"village": ["lowayu", "sawo"], "date": "2025-05-22"}),
}


def test_every_assessment_message_is_in_the_guide(project: Project, capsys, monkeypatch) -> None:
    from test_guide_messages import printed_messages, undocumented

    for name, content in BROKEN.items():
        write(project, name, content)
    monkeypatch.chdir(project.root)
    messages = printed_messages(capsys, "--root", str(project.root), "check")
    assert len(messages) >= 30
    assert undocumented(messages) == []


def test_the_officers_guide_table_follows_the_schema() -> None:
    """docs/panduan/asesmen.md lists every checklist key, its question and who sees it, as the schema says."""
    from conftest import REPO
    from kabardesa.assessment_schema import visibility_words

    guide = (REPO / "docs" / "panduan" / "asesmen.md").read_text(encoding="utf-8")
    for field in CHECKLIST:
        assert f"| `{field.key}` | {field.question} | {visibility_words(field)} |" in guide, field.key


def test_asesmen_new_asks_for_what_is_missing(project: Project, capsys, monkeypatch) -> None:
    import argparse

    from kabardesa.assessment_scaffold import run_new_assessment

    monkeypatch.setattr("kabardesa.assessment_scaffold.now_wib", lambda: NOW)
    answers = iter(["Lowayu", "aipda-contoh-satu", ""])  # the date: today by default
    asked: list[str] = []

    def ask(question: str) -> str:
        asked.append(question)
        return next(answers)

    args = argparse.Namespace(village=None, officer=None, date=None)
    assert run_new_assessment(project.root, args, ask=ask) == 0
    assert asked[-1] == "Tanggal asesmen [2025-06-01]: "
    assert capsys.readouterr().out.strip() == "asesmen/2025/06/lowayu-2025-06-01.md"


def test_mkdocs_serve_watches_asesmen_in_this_site_and_in_new_sites() -> None:
    from conftest import REPO

    for config in (REPO / "mkdocs.yml", REPO / "kabardesa" / "site_template" / "mkdocs.yml"):
        block = config.read_text(encoding="utf-8").split("\nwatch:\n", 1)[1].split("\n\n", 1)[0]  # the template is no YAML yet
        assert "  - asesmen" in block.splitlines(), config
    assert (REPO / "kabardesa" / "site_template" / "asesmen" / "README.md").is_file()  # the folder exists in a new site


def test_the_sample_assessments_are_fictional_two_rounds_over_twenty_villages() -> None:
    from conftest import REPO
    from kabardesa.catalog import load_catalog

    catalog = load_catalog(REPO)
    assert [p for p in catalog.problems if p.path.startswith("asesmen/") and p.severity != "advice"] == []
    assert catalog.assessment_files == len(catalog.assessments)
    records = by_village(catalog.assessments)
    assert sum(1 for r in records.values() if r.count >= 2) >= 20
    assert all(a.sample and a.officer.sample and a.note.startswith("Contoh fiktif") for a in catalog.assessments)
    assert all(a.officer.id in {o.id for o in catalog.registry.officers_of(a.village)} for a in catalog.assessments)
