"""Jinja filters for the package templates (kabardesa/templates/) (formatting only, no markup)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Callable

from .dates import format_day, format_long


def _day(value: date | None) -> str:
    return format_day(value) if value else "–"


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


FILTERS: dict[str, Callable[..., Any]] = {
    "kd_date": lambda value: format_long(value) if isinstance(value, (date, datetime)) else "",
    "kd_day": _day,
    "kd_number": _number,
    "kd_iso": lambda value: value.isoformat(),
}
