"""Story dates: every accepted spelling, clear errors for the rest, the future rule, formatting."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from kabardesa.dates import (
    ACCEPTED_FORMS,
    WIB,
    DateError,
    check_not_future,
    format_long,
    format_month,
    format_range,
    format_time,
    iso_week,
    parse_story_date,
    week_bounds,
)


@pytest.mark.parametrize(
    "written, expected",
    [
        # the five forms in DESIGN.md
        ("2025-05-23", datetime(2025, 5, 23, 0, 0)),
        ("2025-05-23 09:30", datetime(2025, 5, 23, 9, 30)),
        ("23-05-2025", datetime(2025, 5, 23)),
        ("23/05/2025", datetime(2025, 5, 23)),
        ("23 Mei 2025", datetime(2025, 5, 23)),
        # tolerated variants
        ("2025-05-23T09:30", datetime(2025, 5, 23, 9, 30)),
        ("2025-05-23 09.30", datetime(2025, 5, 23, 9, 30)),
        ("2025-05-23 09:30:15", datetime(2025, 5, 23, 9, 30)),
        ("2025-05-23 19:30 WIB", datetime(2025, 5, 23, 19, 30)),
        ("23/05/2025 19.30", datetime(2025, 5, 23, 19, 30)),
        ("3-5-2025", datetime(2025, 5, 3)),
        ("  23 Mei 2025  ", datetime(2025, 5, 23)),
        ("23 mei 2025", datetime(2025, 5, 23)),
        ("1 Januari 2026", datetime(2026, 1, 1)),
        ("17 Agustus 2025", datetime(2025, 8, 17)),
        ("17 Agu 2025", datetime(2025, 8, 17)),
        ("17 Agt 2025", datetime(2025, 8, 17)),
        ("17 Ags. 2025", datetime(2025, 8, 17)),
        ("2 Okt 2025", datetime(2025, 10, 2)),
        ("10 Nopember 2025", datetime(2025, 11, 10)),
        ("14 Pebruari 2025", datetime(2025, 2, 14)),
        ("31 Desember 2025 23:59", datetime(2025, 12, 31, 23, 59)),
    ],
)
def test_accepted_forms_are_wib(written, expected):
    parsed = parse_story_date(written)
    assert parsed == expected.replace(tzinfo=WIB)
    assert parsed.tzinfo is WIB


def test_date_and_datetime_objects():
    assert parse_story_date(date(2025, 5, 23)) == datetime(2025, 5, 23, tzinfo=WIB)
    assert parse_story_date(datetime(2025, 5, 23, 9, 30)) == datetime(2025, 5, 23, 9, 30, tzinfo=WIB)
    # an aware time is converted: 02.30 UTC is 09.30 WIB
    utc = parse_story_date(datetime(2025, 5, 23, 2, 30, tzinfo=timezone.utc))
    assert (utc.hour, utc.minute, utc.utcoffset()) == (9, 30, timedelta(hours=7))


@pytest.mark.parametrize(
    "written",
    ["32/13/2025", "2025-02-30", "29-02-2025", "2025-13-01", "2025-05-23 24:00", "2025-05-23 09:61", "31 April 2025"],
)
def test_impossible_calendar_dates(written):
    with pytest.raises(DateError) as caught:
        parse_story_date(written)
    assert str(caught.value) == f"tanggal '{written}' tidak ada di kalender; periksa hari, bulan dan jam"


def test_leap_day_exists_in_leap_years():
    assert parse_story_date("29/02/2024") == datetime(2024, 2, 29, tzinfo=WIB)


@pytest.mark.parametrize(
    "written",
    ["kemarin", "2025/05/23", "23.05.2025", "05-2025", "2025-05", "Jumat, 23 Mei 2025", "23 Mei", "20250523", "", "23 Mei 2025 pagi"],
)
def test_unrecognised_forms_list_the_accepted_ones(written):
    with pytest.raises(DateError) as caught:
        parse_story_date(written)
    message = str(caught.value)
    assert message.startswith(f"tanggal '{written.strip()}' tidak dikenali")
    assert message.endswith(ACCEPTED_FORMS)
    assert "23 Mei 2025" in ACCEPTED_FORMS and "23/05/2025" in ACCEPTED_FORMS


@pytest.mark.parametrize("written, month", [("23 May 2025", "May"), ("23 Mai 2025", "Mai"), ("1 Juny 2025", "Juny")])
def test_unknown_month_name(written, month):
    with pytest.raises(DateError, match=f"nama bulan '{month}' tidak dikenal dalam '{written}'; tulis misalnya 23 Mei 2025"):
        parse_story_date(written)


def test_non_text_values_are_errors_not_crashes():
    for value in (2025, 23.5, ["2025-05-23"], {"a": 1}, True):
        with pytest.raises(DateError):
            parse_story_date(value)


# --- not in the future --------------------------------------------------------

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=WIB)


@pytest.mark.parametrize("delta", [timedelta(days=-400), timedelta(0), timedelta(hours=23), timedelta(days=1)])
def test_up_to_one_day_ahead_is_fine(delta):
    check_not_future(NOW + delta, NOW)


@pytest.mark.parametrize("delta", [timedelta(days=1, minutes=1), timedelta(days=2), timedelta(days=365)])
def test_more_than_one_day_ahead_is_an_error(delta):
    with pytest.raises(DateError, match="lebih dari sehari di masa depan; periksa tahun dan bulannya"):
        check_not_future(NOW + delta, NOW)


def test_future_message_names_the_date():
    with pytest.raises(DateError) as caught:
        check_not_future(parse_story_date("2026-06-01"), NOW)
    assert str(caught.value).startswith("tanggal Senin, 1 Juni 2026 lebih dari sehari")


def test_future_rule_compares_in_wib():
    # 2 June 2025 12.30 WIB is 05.30 UTC: more than a day after NOW either way
    with pytest.raises(DateError):
        check_not_future(datetime(2025, 6, 2, 5, 30, tzinfo=timezone.utc), NOW)
    check_not_future(datetime(2025, 6, 2, 4, 59, tzinfo=timezone.utc), NOW)


# --- formatting -----------------------------------------------------------------


def test_indonesian_formatting():
    assert format_long(date(2025, 5, 23)) == "Jumat, 23 Mei 2025"
    assert format_long(date(2025, 1, 5)) == "Minggu, 5 Januari 2025"  # no zero padding
    assert format_time(datetime(2025, 5, 23, 19, 30, tzinfo=WIB)) == "19.30 WIB"
    assert format_time(datetime(2025, 5, 23, 12, 30, tzinfo=timezone.utc)) == "19.30 WIB"
    assert format_month(2025, 8) == "Agustus 2025"


def test_ranges():
    assert format_range(date(2025, 5, 19), date(2025, 5, 25)) == "19–25 Mei 2025"
    assert format_range(date(2025, 4, 28), date(2025, 5, 4)) == "28 April–4 Mei 2025"
    assert format_range(date(2025, 12, 29), date(2026, 1, 4)) == "29 Desember 2025–4 Januari 2026"


def test_iso_weeks_around_new_year():
    assert iso_week(date(2026, 12, 31)) == (2026, 53)
    assert iso_week(date(2027, 1, 3)) == (2026, 53)
    assert iso_week(date(2024, 12, 30)) == (2025, 1)
    assert week_bounds(2026, 53) == (date(2026, 12, 28), date(2027, 1, 3))
