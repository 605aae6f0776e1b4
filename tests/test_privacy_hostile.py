"""The personal-data guard against numbers disguised by markup, references and odd characters.

Every number below is shown whole on the published page (or in the search index)
although its source spelling splits it; the guard must read it as the reader
does and still point at the source line and column of its first character.
Exceptions are the editors' (data/pengecualian-data-pribadi.yml), never a story's.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kabardesa.privacy import EXCEPTIONS_FILE, find_personal_data, normalize_number
from kabardesa.problems import ProblemsFound
from kabardesa.registry import load_registry
from sitebuild import SiteProject, officers

PATH = "stories/2025/05/2025-05-23-cerita.md"
BEFORE = "Warga Desa Lowayu melapor.\nNIK pelapor "  # the number starts on line 2, column 13
AFTER = ", mohon segera dihapus.\nParagraf berikutnya."

# (spelling, kind): each passed the guard before it read the text as a reader sees it.
HOSTILE = [
    ("3525**0123**05900001", "nik"),
    ("3525__0123__05900001", "nik"),
    ("35&#50;5012305900001", "nik"),
    ("3525&#x30;12305900001", "nik"),
    ("3525<!-- x -->012305900001", "nik"),
    ("3525<b>0123</b>0590<i>0001</i>", "nik"),
    ("3525\u200b0123\u200b0590\u200b0001", "nik"),
    ("3525\u200c0123\u200d0590\u20600001", "nik"),
    ("3525\ufeff0123\u00ad0590\u00ad0001", "nik"),
    ("3525&shy;0123&shy;0590&shy;0001", "nik"),
    ("3525\u202a0123\u202c0590\u20660001\u2069", "nik"),
    ("3525\u200e0123\u200f05900001", "nik"),
    ("3525/0123/0590/0001", "nik"),
    ("3525 \u2013 0123 \u2013 0590 \u2013 0001", "nik"),
    ("3525`0123`0590~~0001~~", "nik"),
    ("0812\u20133456\u20137890", "phone"),  # en dashes, as phone keyboards autocorrect
    ("0812\u20143456\u20147890", "phone"),  # em dashes
    ("0812\u22123456\u22127890", "phone"),  # minus signs
    ("0812\u20103456\u20117890", "phone"),  # hyphen, non-breaking hyphen
    ("\uff10\uff18\uff11\uff12\uff0d\uff13\uff14\uff15\uff16\uff0d\uff17\uff18\uff19\uff10", "phone"),  # full width
    ("0812 - 3456 - 7890", "phone"),
    ("0812 / 3456 / 7890", "phone"),
    ("0812\u00a0-\u00a03456\u2009-\u20097890", "phone"),
    ("0812&ndash;3456&ndash;7890", "phone"),
    ("0812&#8203;3456&#8203;7890", "phone"),
    ("0062 812 3456 7890", "phone"),
    ("0062-812-3456-7890", "phone"),
    ("+62&nbsp;812&nbsp;3456&nbsp;7890", "phone"),
    ("0812 **-** 3456 **-** 7890", "phone"),
    ("0812 3456\n7890", "phone"),  # one paragraph: the reader sees one line
    ("\u202e0987 6543 2180\u202c", "phone"),  # right-to-left override: shown as 0812 3456 7890
]

# Already caught before, and must stay caught.
KEPT = [("0812/3456/7890", "phone"), ("3525 0123 0590 0001", "nik"), ("+62 812-3456-7890", "phone")]


def spots(text: str, **kwargs) -> list[tuple[str, int, int]]:
    return [(f.kind, f.line, f.column) for f in find_personal_data(text, **kwargs)]


@pytest.mark.parametrize(("spelling", "kind"), HOSTILE)
def test_disguised_number_is_found_at_its_source_position(spelling: str, kind: str) -> None:
    assert spots(BEFORE + spelling + AFTER) == [(kind, 2, 13)]


@pytest.mark.parametrize(("spelling", "kind"), KEPT)
def test_plain_spellings_stay_found_beside_a_disguised_one(spelling: str, kind: str) -> None:
    assert spots(BEFORE + spelling + AFTER + "\nHP 0813\u20131111\u20132222") == [(kind, 2, 13), ("phone", 4, 4)]


@pytest.mark.parametrize(("spelling", "kind"), HOSTILE)
def test_finding_quotes_the_source_as_written_and_masks_what_a_reader_sees(spelling: str, kind: str) -> None:
    (finding,) = find_personal_data(BEFORE + spelling + AFTER)
    assert spelling.startswith(finding.text)
    assert finding.text[-1].isdecimal() or finding.text == spelling  # up to the last digit (or the whole override)
    assert ("'3525...'" if kind == "nik" else "'0812...'") in finding.message or "'+62" in finding.message
    assert "data/pengecualian-data-pribadi.yml" in finding.message


def test_entity_digits_are_not_leaked_by_the_mask() -> None:
    (finding,) = find_personal_data("NIK 35&#50;5012305900001")
    assert "'3525...'" in finding.message


def test_line_and_column_after_markup_and_comments_on_earlier_lines() -> None:
    text = "<!-- catatan\npanjang -->\n**Judul** &amp; _isi_\n  HP 0812\u20133456\u20137890 dan NIK 3525**0123**05900001"
    assert spots(text, first_line=9) == [("phone", 12, 6), ("nik", 12, 29)]


def test_two_disguised_numbers_in_one_line_are_both_found() -> None:
    text = "HP 0812\u20133456\u20137890/0813\u20131111\u20132222"
    assert spots(text) == [("phone", 1, 4), ("phone", 1, 19)]


def test_a_number_both_readings_find_is_reported_once() -> None:
    # markup around a number the source scan already finds: one finding, not two
    assert spots("HP **0812-3456-7890** dan 0813\u20131111\u20132222") == [("phone", 1, 6), ("phone", 1, 27)]


def test_front_matter_value_spelled_with_yaml_escapes_is_found() -> None:
    # In double quotes YAML turns \x33 into '3' and \u200b into nothing: only the parsed value shows the NIK.
    text = ("---\ntitle: Ronda\ndate: 2025-05-23 19:30\nvillage: Lowayu\nofficer: aipda-contoh-satu\n"
            'category: siskamling\nsummary: "NIK \\x33525\\u200b0123\\u200b0590\\u200b0001"\n---\n\nIsi cerita.\n')
    assert find_personal_data(text) == []  # not in the file as written
    findings = find_personal_data(text, values=[(7, "NIK 3525\u200b0123\u200b0590\u200b0001")])
    assert [(f.kind, f.line, f.column) for f in findings] == [("nik", 7, 0)]


def test_story_with_escaped_nik_in_summary_fails_validation(project, registry) -> None:
    raw = ("---\ntitle: Ronda\ndate: 2025-05-23 19:30\nvillage: Lowayu\nofficer: aipda-contoh-satu\n"
           'category: siskamling\nsummary: "NIK \\x33525\\u200b0123\\u200b0590\\u200b0001"\n---\n\nIsi cerita.\n')
    path = project.write_raw("2025-05-23-cerita.md", raw)
    story, problems = project.validate(path, registry)
    assert story is None
    assert [p.format() for p in problems] == [
        f"{PATH}:7: nomor mirip NIK '3525...' (data pribadi); hapus nomor itu dari cerita; "
        f"bila itu nomor resmi, minta editor mencatatnya di data/{EXCEPTIONS_FILE}"
    ]


def test_story_with_markup_nik_fails_validation_at_the_source_column(check_story, valid_meta) -> None:
    story, lines = check_story(valid_meta, body="Pelapor ber-NIK 3525**0123**05900001 datang.\n")
    assert story is None
    assert lines == [f"{PATH}:10:17: nomor mirip NIK '3525...' (data pribadi); hapus nomor itu dari cerita; "
                     f"bila itu nomor resmi, minta editor mencatatnya di data/{EXCEPTIONS_FILE}"]


# --- what a reader sees that is no personal data ---------------------------------------

NOT_PERSONAL = [
    "**23-05-2025** pukul **19.30** WIB",
    "23 / 05 / 2025 sampai 24/05/2025",
    "2025-05-23 \u2013 2025-05-30",
    "pukul 08.00 \u2013 10.00 WIB",
    "pukul 19.30\u00a0WIB\n2025",
    "kerugian Rp **1.500.000**",
    "kerugian Rp&nbsp;1.500.000",
    "Rp 1.500.000 \u2013 Rp 2.000.000",
    "Rp 12.000.000 / 15.000.000",
    "kerugian 1  500  000",
    "hubungi **110** atau _112_",
    "tahun 2019 \u2013 2025",
    "2010 - 2015 - 2020 - 2025",
    "tahun 2021, 2022, 2023, 2024",
    "1.250 \u2013 1.500 warga",
    "Tahun 2023 ada 12\n2024 ada 15",
    "| 2024 | 1.234 |\n| 2025 | 5.678 |",
    "kode desa 35.25.01.2001 \u2013 35.25.01.2002",
    "RT 003 / RW 012",
    "\uff12\uff10\uff12\uff15",
]
OFFICER_WA = officers()[0]["whatsapp"]  # +62 812-0000-0001
ALLOWED = [o["whatsapp"] for o in officers()]
PLANTED = " NIK 3525**0123**05900001"


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_dates_money_years_and_counts_are_not_flagged(text: str) -> None:
    # only the planted (disguised) NIK at the end is reported
    assert spots(text + PLANTED, allowed=ALLOWED) == [("nik", text.count("\n") + 1, len((text + PLANTED).split("\n")[-1]) - 19)]


@pytest.mark.parametrize("spelling", ["0812\u20130000\u20130001", "+62 **812-0000-0001**", "0062 812 0000 0001", "0812 - 0000 - 0001"])
def test_registered_officers_whatsapp_is_not_flagged_in_any_spelling(spelling: str) -> None:
    assert normalize_number(OFFICER_WA) == "081200000001"
    assert spots(f"WA {spelling}{PLANTED}", allowed=ALLOWED) == [("nik", 1, len(f"WA {spelling} NIK ") + 1)]


# --- exceptions are the editors', in data/ ----------------------------------------------


def test_story_cannot_exempt_its_own_numbers_with_pii_ok(check_story, valid_meta) -> None:
    valid_meta["pii_ok"] = ["3525012305900001"]
    story, lines = check_story(valid_meta, body="NIK 3525012305900001\n")
    assert story is None
    assert lines == [
        f"{PATH}:8: 'pii_ok' tidak berlaku lagi: cerita tidak dapat membebaskan nomornya sendiri; hapus 'pii_ok' dari "
        f"front-matter. Nomor resmi dicatat editor di data/{EXCEPTIONS_FILE} beserta alasannya",
        # the list itself holds the NIK: it is personal data in the file too
        f"{PATH}:8:11: nomor mirip NIK '3525...' (data pribadi); hapus nomor itu dari cerita; "
        f"bila itu nomor resmi, minta editor mencatatnya di data/{EXCEPTIONS_FILE}",
        f"{PATH}:11:5: nomor mirip NIK '3525...' (data pribadi); hapus nomor itu dari cerita; "
        f"bila itu nomor resmi, minta editor mencatatnya di data/{EXCEPTIONS_FILE}",
    ]


def _exceptions(project, text: str):
    (project.root / "data" / EXCEPTIONS_FILE).write_text(text, encoding="utf-8")
    return load_registry(project.root / "data")


OFFICIAL_BODY = "Pengaduan SKCK di (031) 398\u20131234, kantor Polsek 0325&ndash;421234.\n"


def test_official_number_in_the_editors_exceptions_is_not_flagged(project) -> None:
    registry = _exceptions(project, '- {number: "031-3981234", reason: "nomor pengaduan resmi Polres", added_by: "Humas"}\n'
                                    '- {number: "0325 421234", reason: "telepon kantor Polsek Sangkapura"}\n')
    assert [(e.number, e.added_by) for e in registry.pii_exceptions] == [("031-3981234", "Humas"), ("0325 421234", "")]
    story, problems = project.validate(project.write("2025-05-23-cerita.md", body=OFFICIAL_BODY), registry)
    assert problems == [] and story is not None


def test_without_the_exception_the_official_numbers_are_flagged(project, registry) -> None:
    story, problems = project.validate(project.write("2025-05-23-cerita.md", body=OFFICIAL_BODY), registry)
    assert story is None and [(p.line, p.column) for p in problems] == [(10, 19), (10, 49)]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('- {number: "031-3981234"}', "pengecualian '031-3981234' perlu 'reason': tulis mengapa nomor ini boleh tampil"),
        ('- {number: "031-3981234", reason: "  "}', "pengecualian '031-3981234' perlu 'reason'"),
        ('- {reason: "kantor"}', "pengecualian perlu 'number' berisi nomornya"),
        ('- {number: "031-3981234", reason: "kantor", alasan: "x"}', "kunci 'alasan' tidak dikenal"),
        ("- 031-3981234", "setiap pengecualian ditulis sebagai pasangan kunci"),  # no line known: 1
    ],
)
def test_an_exception_needs_a_number_and_a_reason(project, entry: str, message: str) -> None:
    with pytest.raises(ProblemsFound) as raised:
        _exceptions(project, "# pengecualian\n" + entry + "\n")
    (problem,) = raised.value.problems
    assert problem.path.endswith(f"data/{EXCEPTIONS_FILE}") and problem.line == (2 if "{" in entry else 1)
    assert problem.message.startswith(message)


def test_repository_ships_an_exceptions_file_owned_by_editors() -> None:
    repo = Path(__file__).resolve().parents[1]
    assert (repo / "data" / EXCEPTIONS_FILE).is_file()
    assert load_registry(repo / "data").pii_exceptions == ()
    owners = (repo / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    rules = [line.split() for line in owners.splitlines() if line.strip() and not line.startswith("#")]
    assert any(rule[0] == "/data/" and len(rule) > 1 and rule[1].startswith("@") for rule in rules)


# --- properties: random text, no exception, bounded time --------------------------------

NOISE = st.sampled_from(["**", "__", "`", "~~", "\\", "<b>", "</b>", "<!-- x -->", "&#8203;", "\u200b", "\u00ad", "\u2060",
                         "\ufeff", "\u202a", "\u202c", "\u2066", "\u2069", "\u200e"])
TEXT = st.text(alphabet=st.sampled_from(list("0123456789 -./()+:\n*_`~\\<>!&#;xab\u200b\u2013\u00a0\uff10\u202e\u202c")), max_size=400)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=TEXT, noise=st.lists(NOISE, min_size=15, max_size=15))
def test_random_text_never_raises_and_a_planted_nik_is_always_found(prefix: str, noise: list[str]) -> None:
    digits = "3525012305900001"
    planted = "".join(d + n for d, n in zip(digits, noise + [""], strict=True))
    text = prefix + "\n\nNIK " + planted + " selesai."
    started = time.perf_counter()
    findings = find_personal_data(text)
    assert time.perf_counter() - started < 2.0
    line = text.count("\n", 0, len(prefix) + 2) + 1
    assert ("nik", line, 5) in [(f.kind, f.line, f.column) for f in findings]
    for f in findings:  # every finding points into the text, at what it quotes
        start = sum(len(x) + 1 for x in text.split("\n")[: f.line - 1]) + f.column - 1
        assert text[start:start + len(f.text)] == f.text


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=2000))
def test_any_text_never_raises(text: str) -> None:
    started = time.perf_counter()
    find_personal_data(text, values=[(1, text)])
    assert time.perf_counter() - started < 2.0


@pytest.mark.parametrize("unit", ["1\u200b", "1**", "&#49;", "1<b>", "1<!---->", "<!--", "<a", "1\u00a0", "1 - ", "\u202e1"])
def test_long_hostile_runs_stay_linear(unit: str) -> None:
    text = unit * (200_000 // len(unit)) + "\n\n" + PLANTED
    started = time.perf_counter()
    findings = find_personal_data(text)
    assert time.perf_counter() - started < 20
    assert ("nik", text.count("\n") + 1, 6) in [(f.kind, f.line, f.column) for f in findings]


# --- the build: a story with a disguised NIK never reaches the page or the search index ----


@pytest.mark.build
def test_markup_nik_fails_the_strict_build(tmp_path: Path) -> None:
    project = SiteProject(tmp_path / "proyek")
    meta = {"title": "Ronda Malam", "date": "2025-05-23 19:30", "village": "lowayu",
            "officer": "aipda-contoh-satu", "category": "siskamling"}
    path = project.write_story("ronda-malam", meta, "Pelapor ber-NIK 3525**0123**05900001 datang.\n")
    result = project.build()
    assert not result.ok, result.output
    line = path.read_text(encoding="utf-8").splitlines().index("Pelapor ber-NIK 3525**0123**05900001 datang.") + 1
    assert f"{project.rel(path)}:{line}:17: nomor mirip NIK '3525...'" in result.output
    assert "05900001" not in result.output
    page = result.site / "berita" / "2025" / "05" / "ronda-malam" / "index.html"
    assert not page.exists()
