"""Tests for kabardesa.privacy: NIK and phone number detection."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import pytest

from kabardesa.privacy import Finding, find_personal_data, is_plausible_nik, normalize_number


def spots(
    text: str, *, allowed: Iterable[str] = (), first_line: int = 1
) -> list[tuple[str, int, int, str]]:
    """(kind, line, column, text) of every finding, in order."""
    findings = find_personal_data(text, allowed=allowed, first_line=first_line)
    return [(f.kind, f.line, f.column, f.text) for f in findings]


# --- true positives: NIK -------------------------------------------------

@pytest.mark.parametrize(
    "text, column, matched",
    [
        ("NIK: 3525012305900001.", 6, "3525012305900001"),
        ("NIK 3525 0123 0590 0001 milik pelapor", 5, "3525 0123 0590 0001"),
        ("NIK 3525.01.230590.0001", 5, "3525.01.230590.0001"),
        ("NIK 35-25-01-230590-0001", 5, "35-25-01-230590-0001"),
        ("KTP 35 25 01 230590 0001", 5, "35 25 01 230590 0001"),
        # woman born 23-05-1990: day 23 + 40 = 63
        ("istri pelapor, NIK 3525016305900002", 20, "3525016305900002"),
        # Papua Barat Daya (92) is a valid province even if stdnum lacks it
        ("NIK 9201010101900001", 5, "9201010101900001"),
    ],
)
def test_nik_is_found(text: str, column: int, matched: str) -> None:
    assert spots(text) == [("nik", 1, column, matched)]


# --- true positives: phones ----------------------------------------------

@pytest.mark.parametrize(
    "text, column, matched",
    [
        ("HP 081234567890", 4, "081234567890"),
        ("HP 0812-3456-7890", 4, "0812-3456-7890"),
        ("HP 0812.3456.7890", 4, "0812.3456.7890"),
        ("HP 0812 3456 7890", 4, "0812 3456 7890"),
        ("WA +62 812 3456 7890", 4, "+62 812 3456 7890"),
        ("WA +62-812-3456-7890", 4, "+62-812-3456-7890"),
        ("WA +6281234567890", 4, "+6281234567890"),
        ("WA 62 812 3456 7890.", 4, "62 812 3456 7890"),
        ("hubungi 0856-1234-567 segera", 9, "0856-1234-567"),
        ("kantor 031-3981234", 8, "031-3981234"),
        ("kantor (031) 398 1234", 8, "(031) 398 1234"),
        ("Bawean 0325 421234", 8, "0325 421234"),
        ("[0812-3456-7890](https://example.org)", 2, "0812-3456-7890"),
    ],
)
def test_phone_is_found(text: str, column: int, matched: str) -> None:
    assert spots(text) == [("phone", 1, column, matched)]


def test_two_phones_separated_by_slash_are_both_found() -> None:
    assert spots("0812-3456-7890/0813-1111-2222") == [
        ("phone", 1, 1, "0812-3456-7890"),
        ("phone", 1, 16, "0813-1111-2222"),
    ]


# --- true negatives ------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "Kejadian 23-05-2025 sore.",
        "Kejadian 23/05/2025 sore.",
        "Kejadian 2025-05-23 sore.",
        "Pada 23.05.2025 pukul 19.30 WIB",
        "pukul 09:30 WIB",
        "pukul 08.00-10.00 WIB",
        "kerugian Rp 1.500.000",
        "kerugian Rp1.250.000,00",
        "kerugian 2.500.000 rupiah",
        "kerugian Rp 12.000.000.000",
        "kerugian Rp 3.150.000.000",
        # amounts that phonenumbers alone would read as +62 mobile numbers
        "kerugian Rp 628.856.978.585",
        "kerugian 628.856.978.585 rupiah",
        "kerugian Rp628.856.978.585,00",
        "sebesar 628.856.978.585,00",
        # a service number (UAN) and an amount written with spaces
        "layanan 1500-100",
        "kerugian 1 500 000",
        "dihadiri 1.250 warga",
        "di RT 03/RW 05",
        "di RT 003 RW 012",
        "tahun 2025",
        "hubungi 110 atau 112",
        "kode desa 35.25.01.2001",
        "minggu 2025-W21",
        "12 orang, 350 kendaraan",
        "nomor INV/2025/05/0012",
        "LP/B/123/V/2025/SPKT/POLRES GRESIK",
        "Jl. Raya 12 No. 350, kode pos 61111",
        "NIP 198501012010011001",
        # a longer number that merely contains a NIK-shaped run
        "nomor perkara 0012-3525-0123-0590-0001",
        "nomor perkara 3525-0123-0590-0001-77",
    ],
)
def test_not_personal_data(text: str) -> None:
    assert spots(text) == []


@pytest.mark.parametrize(
    "number",
    [
        "0025012305900001",  # province 00
        "9925012305900001",  # province 99 does not exist
        "3525013505900001",  # day 35
        "3525017505900001",  # day 75 (35 + 40)
        "3525012313900001",  # month 13
        "3500012305900001",  # regency 00
        "3525 0130 0290 0001",  # 30 February
    ],
)
def test_invalid_nik_is_not_flagged(number: str) -> None:
    assert not is_plausible_nik(number)
    assert spots(f"nomor {number}") == []


def test_sixteen_digits_inside_a_longer_number_is_not_a_nik() -> None:
    # the last 16 digits form a plausible NIK, but the number has 17 digits
    assert is_plausible_nik("3525012305900001")
    assert spots("nomor 13525012305900001") == []
    assert spots("nomor 35250123059000017") == []


def test_wrong_length_is_not_a_plausible_nik() -> None:
    assert not is_plausible_nik("352501230590001")
    assert not is_plausible_nik("35250123059000012")


# --- allowed numbers -----------------------------------------------------

@pytest.mark.parametrize("allowed", ["+62 812-0000-0001", "0812 0000 0001", "081200000001", "6281200000001"])
@pytest.mark.parametrize("written", ["+62 812-0000-0001", "0812 0000 0001", "081200000001", "0812.0000.0001"])
def test_allowed_phone_in_any_spelling_is_not_reported(allowed: str, written: str) -> None:
    text = f"Hubungi Bripka Andi di {written}."
    assert spots(text) == [("phone", 1, 24, written)]  # sanity: found when not allowed
    assert spots(text, allowed=[allowed]) == []


def test_allowed_only_hides_the_listed_number() -> None:
    text = "Piket 081200000001, pelapor 081200000002"
    assert spots(text, allowed=["0812-0000-0001"]) == [("phone", 1, 29, "081200000002")]


def test_allowed_landline_hotline_is_not_reported() -> None:
    text = "Pengaduan: (031) 398 1234 atau 0325 421234"
    assert spots(text, allowed=["031-3981234"]) == [("phone", 1, 32, "0325 421234")]


def test_allowed_landline_with_extension_is_not_reported() -> None:
    assert spots("telp 031-3981234 ext 5", allowed=["(031) 398 1234"]) == []


def test_full_width_digits_are_compared_as_digits() -> None:
    text = "HP \uff10\uff18\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19\uff10"
    assert [f.kind for f in find_personal_data(text)] == ["phone"]
    assert spots(text, allowed=["0812-3456-7890"]) == []


def test_allowed_nik_from_editors_exceptions_is_not_reported_at_all() -> None:
    text = "NIK 3525 0123 0590 0001"
    assert spots(text, allowed=["3525012305900001"]) == []


# --- positions -----------------------------------------------------------

def test_line_and_column_with_first_line_offset() -> None:
    text = (
        "Warga Desa Sidomukti melapor.\n"
        "\n"
        "NIK pelapor 3525016305900002, HP 0812-3456-7890.\n"
        "  Kantor (031) 398 1234 pukul 09:30 WIB, Rp 1.500.000.\n"
        "HP 0813-1111-2222 milik anak dengan NIK 3525.01.230510.0003"
    )
    assert spots(text, first_line=7) == [
        ("nik", 9, 13, "3525016305900002"),
        ("phone", 9, 34, "0812-3456-7890"),
        ("phone", 10, 10, "(031) 398 1234"),
        ("phone", 11, 4, "0813-1111-2222"),
        ("nik", 11, 41, "3525.01.230510.0003"),
    ]


def test_first_line_defaults_to_one() -> None:
    assert spots("a\nb\nHP 081234567890") == [("phone", 3, 4, "081234567890")]


# --- messages and API ----------------------------------------------------

def test_message_is_indonesian_and_masks_the_number() -> None:
    [finding] = find_personal_data("NIK 3525012305900001")
    assert finding.message == (
        "nomor mirip NIK '3525...' (data pribadi); hapus nomor itu dari cerita; "
        "bila itu nomor resmi, minta editor mencatatnya di data/pengecualian-data-pribadi.yml"
    )
    [phone] = find_personal_data("HP 0812-3456-7890")
    assert phone.message.startswith("nomor telepon '0812...' (data pribadi)")
    assert "3456" not in phone.message


def test_finding_is_frozen() -> None:
    finding = Finding(line=1, column=1, kind="nik", text="x", message="m")
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.line = 2  # type: ignore[misc]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("+62 812-0000-0001", "081200000001"),
        ("62 812 0000 0001", "081200000001"),
        ("0812.0000.0001", "081200000001"),
        ("(031) 398 1234", "0313981234"),
        ("110", "110"),
        ("\uff10\uff18\uff11\uff12", "0812"),
        ("", ""),
    ],
)
def test_normalize_number(raw: str, expected: str) -> None:
    assert normalize_number(raw) == expected


@pytest.mark.parametrize(
    "text",
    [
        "date: 04-01-2026 21:00",
        "Senin (4/1/2026) pukul 21.00 WIB",
        "2026-01-04 09:30",
        "tanggal 30.12.2025 pukul 08.15",
    ],
)
def test_dates_followed_by_times_are_not_phone_numbers(text: str) -> None:
    assert find_personal_data(text) == []


def test_phone_next_to_a_time_is_still_found() -> None:
    (finding,) = find_personal_data("hubungi 0812-3456-7890 pukul 19.30")
    assert (finding.kind, finding.column, finding.text) == ("phone", 9, "0812-3456-7890")
