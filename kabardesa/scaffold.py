"""``kabardesa new``: write a story skeleton from options, asking for what is missing.

Each value is checked by the same field checker as ``kabardesa check`` (:mod:`kabardesa.fields`),
so both say the same words; the finished text is then checked whole, before anything is written.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Callable, TypeVar

import yaml

from . import fields
from .catalog import DATA_DIR, STORIES_DIR
from .dates import now_wib, parse_story_date
from .problems import errors, format_problems
from .registry import Registry, load_registry
from .text import slugify
from .validate import check_text

T = TypeVar("T")

BODY_TEMPLATE = fields.SKELETON_BODY


class NewStoryError(Exception):
    """A problem the officer must fix before a story can be written (Indonesian)."""


def add_new_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--title", help="judul berita (paling banyak 120 karakter)")
    parser.add_argument("--date", help="tanggal, misalnya 2025-05-23 09:30 (bawaan: sekarang)")
    parser.add_argument("--village", action="append", help="desa (slug, kode atau nama); boleh diulang")
    parser.add_argument("--polsek", help="Polsek, untuk cerita se-wilayah Polsek tanpa desa")
    parser.add_argument("--officer", help="id petugas (lihat `kabardesa list officers`)")
    parser.add_argument("--category", help="jenis kegiatan (lihat `kabardesa list categories`)")
    parser.add_argument("--summary", help="ringkasan satu atau dua kalimat")
    parser.add_argument("--tags", help="label dipisah koma, misalnya ronda,pos-kamling")
    parser.add_argument("--draft", action="store_true", help="tandai sebagai draf")


def run_new(root: Path, args: argparse.Namespace, ask: Callable[[str], str] | None = None) -> int:
    root = root.resolve()
    registry = load_registry(root / DATA_DIR)
    interactive = ask is not None or sys.stdin.isatty()
    prompt = ask or input
    values = _collect(registry, args, prompt if interactive else None)
    path = _story_path(root, values)
    text = render_story(values)
    _check_before_writing(text, path, root, registry)  # the same checks as `kabardesa check`, nothing written yet
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # never overwrite a story written meanwhile
        handle.write(text)
    rel = path.relative_to(root).as_posix()
    print(rel)
    print(f"Berikutnya: buka {rel} dan ganti teks contoh dengan isi cerita Anda; "
          f"`kabardesa check {rel}` menolaknya selama teks contoh masih ada.", file=sys.stderr)
    return 0


def _check_before_writing(text: str, path: Path, root: Path, registry: Registry) -> None:
    rel_path = path.relative_to(root).as_posix()
    _, problems = check_text(text, path, rel_path, registry, stories_root=root / STORIES_DIR, now=now_wib())
    problems = [p for p in problems if p.message != fields.SKELETON_MESSAGE]  # the body is the officer's to write
    if errors(problems):
        raise NewStoryError("cerita tidak dibuat, karena tidak akan lolos pemeriksaan:\n" + format_problems(errors(problems)))


def _accept(checked: fields.Checked[T]) -> T:
    """The value a field checker accepted, or its messages as the error the officer sees."""
    value, messages = checked
    if messages:
        raise NewStoryError("\n".join(messages))
    return value


def _found(checked: fields.Checked[T | None]) -> T:
    """A registry entry for a value that was given (never empty here), or the checker's messages."""
    entry = _accept(checked)
    assert entry is not None  # a checker gives no entry and no message only for an empty value
    return entry


def _collect(registry: Registry, args: argparse.Namespace, ask: Callable[[str], str] | None) -> dict[str, object]:
    def value(name: str, question: str, check: Callable[[str], object], default: str | None = None) -> object:
        given = getattr(args, name)
        given = given.strip() if isinstance(given, str) else given  # `--title " "` is no title
        if given:
            return check(given)
        if ask is None:
            if default is not None:
                return check(default)
            raise NewStoryError(f"--{name} wajib diisi (atau jalankan di terminal untuk ditanya satu per satu)")
        while True:
            answer = ask(f"{question}{f' [{default}]' if default else ''}: ").strip() or (default or "")
            try:
                if not answer:
                    raise NewStoryError(f"{question} wajib diisi")
                return check(answer)
            except NewStoryError as exc:
                print(f"  {exc}", file=sys.stderr)

    now = now_wib()
    found: dict[str, object] = {}
    found["title"] = value("title", "Judul berita", lambda v: _accept(fields.check_title(v)))
    found["date"] = value("date", "Tanggal dan jam", lambda v: _date(v, now), now.strftime("%Y-%m-%d %H:%M"))
    if args.polsek and args.village:
        raise NewStoryError("pilih salah satu: --village (cerita desa) atau --polsek (cerita se-wilayah Polsek)")
    if args.polsek:
        found["polsek"] = _accept(fields.check_polsek(args.polsek, registry))[0].slug
    elif args.village:
        found["village"] = [v.slug for v in _accept(fields.check_villages(args.village, registry))]
    else:
        village = value("village", "Desa (slug, kode atau nama; kosongkan untuk se-Polres)", lambda v: _village(registry, v), "-")
        found["village"] = [village] if village else []
    found["officer"] = value("officer", "Id petugas", lambda v: _found(fields.check_officer(v, registry)).id)
    found["category"] = value("category", "Jenis kegiatan", lambda v: _found(fields.check_category(v, registry)).slug)
    if args.tags:
        found["tags"] = list(_accept(fields.check_tags(args.tags.split(","))))
    if args.summary:
        found["summary"] = _accept(fields.check_text("summary", args.summary))
    if args.draft:
        found["draft"] = True
    return found


def _date(value: str, now: datetime) -> str:
    """The date as typed (``23 Mei 2025 09.00`` stays so), once the checker accepts it."""
    _accept(fields.check_date(value, now))
    return value.strip()


def _village(registry: Registry, value: str) -> str | None:
    """A village slug; ``-`` (or nothing) for a story about the whole Polres."""
    if value.strip() in ("", "-"):
        return None
    village = _accept(fields.check_village(value, registry))
    return village.slug if village else None


def render_story(fields: dict[str, object]) -> str:
    meta = {k: v for k, v in fields.items() if v not in (None, [], "")}
    if isinstance(meta.get("village"), list) and len(meta["village"]) == 1:
        meta["village"] = meta["village"][0]
    lines = [_yaml_line(key, value) for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + BODY_TEMPLATE


def _yaml_line(key: str, value: object) -> str:
    """``key: value`` in block style, with a list on one line: ``tags: [ronda, pos-kamling]``."""
    if isinstance(value, list):
        return f"{key}: " + yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000).strip()
    return yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=False, width=1000).strip()


def _story_path(root: Path, fields: dict[str, object]) -> Path:
    moment: datetime = parse_story_date(fields["date"])
    base = f"{moment:%Y-%m-%d}-{slugify(str(fields['title']))[:60].rstrip('-')}"
    folder = root / STORIES_DIR / f"{moment:%Y}" / f"{moment:%m}"
    path = folder / f"{base}.md"
    counter = 2
    while path.exists():
        path = folder / f"{base}-{counter}.md"
        counter += 1
    return path
