"""``kabardesa asesmen new``: write an assessment checklist for the officer to fill.

The skeleton names the village, officer and date (checked by the stories' field
checkers) and leaves every checklist answer empty, with its question as a comment;
its note is placeholder text. ``kabardesa check`` therefore refuses it until every
question is answered and the note is written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from . import fields
from .assessment_reader import ASSESSMENTS_DIR
from .assessment_schema import CHECKLIST, NOTE_SKELETON, form_fields
from .assessment_validate import check_assessment_text
from .catalog import DATA_DIR
from .dates import now_wib
from .problems import errors, format_problems
from .registry import load_registry


class NewAssessmentError(Exception):
    """A problem the officer must fix before the checklist can be written (Indonesian)."""


def add_assessment_commands(commands: argparse._SubParsersAction) -> None:
    asesmen = commands.add_parser("asesmen", help="asesmen keamanan lingkungan desa")
    actions = asesmen.add_subparsers(dest="asesmen_command", required=True, metavar="TINDAKAN")
    new = actions.add_parser("new", help="buat checklist asesmen baru untuk diisi")
    new.add_argument("--village", help="desa (slug, kode atau nama)")
    new.add_argument("--officer", help="id petugas (lihat `kabardesa list officers`)")
    new.add_argument("--date", help="tanggal asesmen, misalnya 2026-10-14 (bawaan: hari ini)")
    actions.add_parser("fields", help="cetak isian checklist sebagai JSON (untuk formulir web)")


def run_assessment_command(root: Path, args: argparse.Namespace) -> int:
    if args.asesmen_command == "fields":
        json.dump(form_fields(), sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    return run_new_assessment(root, args)


def render_assessment(header: dict[str, Any], answers: dict[str, Any] | None = None, note: str = NOTE_SKELETON) -> str:
    """The file's text: header keys, then each checklist key with its question as a comment."""
    answers = answers or {}
    lines = ["---"] + [yaml.safe_dump({key: value}, allow_unicode=True, width=1000).strip()
                       for key, value in header.items() if value not in (None, "")]
    lines.append("# Checklist: jawab setiap pertanyaan (0, tidak atau [] juga jawaban).")
    lines.append("# Kolom bertanda 'internal' tidak pernah tampil di situs publik.")
    for field in CHECKLIST:
        marker = {"internal": "internal", "in_place": "tampil publik bila ada", "public": "publik"}[field.visibility]
        lines.append(f"# {field.label} ({marker}): {field.question}")
        lines.append(_line(field.key, answers.get(field.key)))
    return "\n".join(lines) + "\n---\n\n" + note.strip() + "\n"


def _line(key: str, value: Any) -> str:
    if value is None:
        return f"{key}:"
    if isinstance(value, (list, tuple)):
        return f"{key}: " + yaml.safe_dump(list(value), allow_unicode=True, default_flow_style=True, width=1000).strip()
    if isinstance(value, bool):
        return f"{key}: {'ya' if value else 'tidak'}"
    return yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=False, width=1000).strip()


def assessment_path(root: Path, village_slug: str, day: date) -> Path:
    """``asesmen/YYYY/MM/<village>-<YYYY-MM-DD>.md``."""
    return root / ASSESSMENTS_DIR / f"{day:%Y}" / f"{day:%m}" / f"{village_slug}-{day:%Y-%m-%d}.md"


def run_new_assessment(root: Path, args: argparse.Namespace, ask: Callable[[str], str] | None = None) -> int:
    root = root.resolve()
    registry = load_registry(root / DATA_DIR)
    interactive = ask is not None or sys.stdin.isatty()
    prompt = ask or input
    now = now_wib()

    def given(name: str, question: str, default: str | None = None) -> str:
        value = (getattr(args, name) or "").strip()
        if value:
            return str(value)
        if interactive:
            answer = prompt(f"{question}{f' [{default}]' if default else ''}: ").strip()
            if answer or default:
                return answer or str(default)
        if default is not None:
            return default
        raise NewAssessmentError(f"--{name} wajib diisi (atau jalankan di terminal untuk ditanya)")

    village = _accepted(fields.check_village(given("village", "Desa (slug, kode atau nama)"), registry))
    officer = _accepted(fields.check_officer(given("officer", "Id petugas"), registry))
    moment = _accepted(fields.check_date(given("date", "Tanggal asesmen", f"{now:%Y-%m-%d}"), now))
    assert village is not None and officer is not None and moment is not None
    path = assessment_path(root, village.slug, moment.date())
    if path.exists():
        raise NewAssessmentError(f"{path.relative_to(root).as_posix()} sudah ada; buka berkas itu, atau pilih tanggal lain")
    text = render_assessment({"village": village.slug, "officer": officer.id, "date": f"{moment:%Y-%m-%d}"})
    rel = path.relative_to(root).as_posix()
    _, problems = check_assessment_text(text, path, rel, registry, now=now)
    header_problems = [p for p in errors(problems) if p.field in ("village", "officer", "date")]
    if header_problems:
        raise NewAssessmentError("checklist tidak dibuat:\n" + format_problems(header_problems))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    print(rel)
    print(f"Berikutnya: buka {rel}, jawab setiap pertanyaan dan tulis catatan; `kabardesa check {rel}` "
          "menolaknya selama masih ada yang kosong.", file=sys.stderr)
    for message in fields.check_assignment(officer, [village]):
        print(f"peringatan: {message}", file=sys.stderr)
    return 0


def _accepted(checked: fields.Checked[Any]) -> Any:
    value, messages = checked
    if messages:
        raise NewAssessmentError("\n".join(messages))
    return value
