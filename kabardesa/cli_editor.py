"""Editors' commands: ``kabardesa coverage`` and ``kabardesa digest``."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from .assessments import by_village, due_rows, due_villages
from .catalog import load_catalog
from .coverage import coverage, coverage_rows
from .dates import format_day, now_wib
from .digest_text import markdown_text, whatsapp_text
from .digests import Period, build_digests
from .index import build_index
from .settings import address_problem
from .site_config import read_site_config, read_site_settings

_WEEK = re.compile(r"(\d{4})-W(\d{1,2})", re.IGNORECASE)
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


def add_editor_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cov = commands.add_parser("coverage", help="desa tanpa cerita dalam N hari terakhir, per Polsek")
    cov.add_argument("--days", type=int, default=None,
                     help="jangka waktu dalam hari (bawaan: quiet_days di mkdocs.yml, 30 bila tidak diatur)")
    cov.add_argument("--asesmen-days", dest="assessment_days", type=int, default=None,
                     help="asesmen keamanan yang lebih tua dari sekian hari perlu diulang "
                          "(bawaan: assessment_days di mkdocs.yml, 180 bila tidak diatur)")
    cov.add_argument("--json", action="store_true", help="cetak sebagai JSON")

    digest = commands.add_parser("digest", help="cetak buletin mingguan atau bulanan")
    period = digest.add_mutually_exclusive_group(required=True)
    period.add_argument("--week", help="minggu ISO, misalnya 2025-W21")
    period.add_argument("--month", help="bulan, misalnya 2025-05")
    digest.add_argument("--format", choices=("whatsapp", "markdown"), default="whatsapp", help="bentuk keluaran (bawaan: whatsapp)")


def run_coverage(root: Path, days: int | None, as_json: bool, assessment_days: int | None = None) -> int:
    settings = read_site_settings(root)
    days = settings.quiet_days if days is None else days
    assessment_days = settings.assessment_days if assessment_days is None else assessment_days
    for option, value in (("--days", days), ("--asesmen-days", assessment_days)):
        if value < 1:
            print(f"kabardesa coverage: {option} harus 1 atau lebih", file=sys.stderr)
            return 2
    catalog = load_catalog(root)
    now = now_wib()
    report = coverage(catalog.published(), catalog.registry, days=days, now=now)
    records = by_village(a for a in catalog.assessments if a.day <= now.date())
    due = due_villages(records, catalog.registry, days=assessment_days, today=now.date())
    if as_json:
        rows = coverage_rows(report)
        for row, due_row in zip(rows, due_rows(due), strict=True):
            row["villages_assessment_due"] = due_row["villages_assessment_due"]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    print(f"Desa/kelurahan tanpa cerita dalam {days} hari terakhir:")
    for item in report:
        print(f"\n{item.polsek.name}: {len(item.quiet)} dari {item.villages_total} desa belum ada cerita")
        for quiet in item.quiet:
            last = f"terakhir {format_day(quiet.last_story)}" if quiet.last_story else "belum pernah"
            print(f"  - {quiet.village.name} ({quiet.village.slug}), {last}")
    print(f"\nDesa/kelurahan yang asesmen keamanannya lebih tua dari {assessment_days} hari atau belum pernah ada:")
    for polsek_due in due:
        print(f"\n{polsek_due.polsek.name}: {len(polsek_due.due)} dari {polsek_due.villages_total} desa perlu asesmen")
        for due_village in polsek_due.due:
            when = f"asesmen terakhir {format_day(due_village.last)}" if due_village.last else "belum pernah diases"
            print(f"  - {due_village.village.name} ({due_village.village.slug}), {when}")
    _warn_invalid(catalog)
    return 0


def run_digest(root: Path, week: str | None, month: str | None, fmt: str) -> int:
    try:
        period = _parse_period(week, month)
    except ValueError as exc:
        print(f"kabardesa digest: {exc}", file=sys.stderr)
        return 2
    catalog = load_catalog(root)
    digests = {d.period: d for d in build_digests(build_index(catalog.published()), catalog.registry)}
    digest = digests.get(period)
    if digest is None:
        print(f"kabardesa digest: belum ada cerita terbit untuk {period.title}", file=sys.stderr)
        return 1
    site = read_site_config(root)
    render = whatsapp_text if fmt == "whatsapp" else markdown_text
    sys.stdout.write(render(digest, site.site_url, site.site_name))
    problem = address_problem(site.site_url)
    if problem:
        print(f"peringatan: {problem}", file=sys.stderr)
    _warn_invalid(catalog)
    return 0


def _parse_period(week: str | None, month: str | None) -> Period:
    if week:
        match = _WEEK.fullmatch(week.strip())
        if not match or not 1 <= int(match[2]) <= 53:
            raise ValueError(f"minggu '{week}' tidak dikenali; tulis seperti 2025-W21")
        period = Period("week", int(match[1]), int(match[2]))
        try:
            period.bounds
        except ValueError:
            raise ValueError(f"tahun {match[1]} tidak punya minggu ke-{int(match[2])}") from None
        return period
    match = _MONTH.fullmatch((month or "").strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValueError(f"bulan '{month}' tidak dikenali; tulis seperti 2025-05")
    return Period("month", int(match[1]), int(match[2]))


def _warn_invalid(catalog) -> None:  # type: ignore[no-untyped-def]
    if catalog.errors:
        files = len({p.path for p in catalog.errors})
        print(f"peringatan: {files} berkas cerita atau asesmen tidak valid dan tidak dihitung; jalankan `kabardesa check`",
              file=sys.stderr)
