"""``kabardesa new``: write a story skeleton from options, asking for what is missing."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Callable

import yaml

from .catalog import STORIES_DIR, load_catalog
from .dates import DateError, check_not_future, now_wib, parse_story_date
from .registry import Registry, load_registry
from .text import did_you_mean, slugify

BODY_TEMPLATE = """Tulis cerita di sini. Paragraf pertama menjadi ringkasan bila `summary` kosong:
siapa, di mana, kapan, apa yang dilakukan bersama warga.

Paragraf berikutnya: apa kata warga atau perangkat desa, apa hasilnya, apa rencana
selanjutnya. Jangan tulis NIK, nomor HP warga, atau identitas anak dan korban.
"""


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
    registry = load_registry(root / "data")
    interactive = ask is not None or sys.stdin.isatty()
    prompt = ask or input
    fields = _collect(registry, args, prompt if interactive else None)
    path = _story_path(root, fields)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_story(fields), encoding="utf-8")
    catalog = load_catalog(root, paths=[path])
    if catalog.errors:  # should not happen: every field was checked above
        path.unlink()
        raise NewStoryError("cerita yang dibuat tidak lolos pemeriksaan:\n" + "\n".join(p.format() for p in catalog.errors))
    print(path.relative_to(root).as_posix())
    return 0


def _collect(registry: Registry, args: argparse.Namespace, ask: Callable[[str], str] | None) -> dict[str, object]:
    def value(name: str, question: str, check: Callable[[str], object], default: str | None = None) -> object:
        given = getattr(args, name)
        if given:
            return check(given)
        if ask is None:
            if default is not None:
                return check(default)
            raise NewStoryError(f"--{name} wajib diisi (atau jalankan di terminal untuk ditanya satu per satu)")
        while True:
            answer = ask(f"{question}{f' [{default}]' if default else ''}: ").strip() or (default or "")
            try:
                return check(answer)
            except NewStoryError as exc:
                print(f"  {exc}", file=sys.stderr)

    fields: dict[str, object] = {}
    fields["title"] = value("title", "Judul berita", _check_title)
    fields["date"] = value("date", "Tanggal dan jam", _check_date, now_wib().strftime("%Y-%m-%d %H:%M"))
    if args.polsek and args.village:
        raise NewStoryError("pilih salah satu: --village (cerita desa) atau --polsek (cerita se-wilayah Polsek)")
    if args.polsek:
        fields["polsek"] = _check_polsek(registry, args.polsek)
    elif args.village:
        fields["village"] = [_check_village(registry, v) for v in args.village]
    else:
        answer = value("village", "Desa (slug, kode atau nama; kosongkan untuk se-Polres)", lambda v: _check_village(registry, v), "-")
        fields["village"] = [answer] if answer else []
    fields["officer"] = value("officer", "Id petugas", lambda v: _check_key(registry.officers, v, "petugas"))
    fields["category"] = value("category", "Jenis kegiatan", lambda v: _check_key(registry.categories, v, "kategori"))
    if args.tags:
        fields["tags"] = [t.strip() for t in args.tags.split(",") if t.strip()]
    if args.summary:
        fields["summary"] = args.summary.strip()
    if args.draft:
        fields["draft"] = True
    return fields


def _check_title(value: str) -> str:
    value = value.strip()
    if not value:
        raise NewStoryError("judul tidak boleh kosong")
    if len(value) > 120:
        raise NewStoryError(f"judul {len(value)} karakter; paling banyak 120")
    return value


def _check_date(value: str) -> str:
    try:
        moment = parse_story_date(value)
        check_not_future(moment, now_wib())
    except DateError as exc:
        raise NewStoryError(str(exc)) from None
    return value.strip()


def _check_village(registry: Registry, value: str) -> str | None:
    if value.strip() in ("", "-"):
        return None
    matches = registry.villages_matching(value)
    if len(matches) == 1:
        return matches[0].slug
    if matches:
        raise NewStoryError(f"desa '{value}' ada di beberapa kecamatan: " + ", ".join(f"{v.slug} (Kec. {v.kecamatan})" for v in matches))
    hint = registry.village_suggestions(value)
    raise NewStoryError(f"desa '{value}' tidak dikenal" + (f"; maksud Anda: {', '.join(hint)}?" if hint else ""))


def _check_polsek(registry: Registry, value: str) -> str:
    polsek = registry.find_polsek(value)
    if polsek is None:
        raise NewStoryError(f"Polsek '{value}' tidak dikenal{did_you_mean(value.lower(), registry.polsek)}")
    return polsek.slug


def _check_key(table: dict[str, object], value: str, what: str) -> str:
    value = value.strip()
    if value not in table:
        raise NewStoryError(f"{what} '{value}' tidak dikenal{did_you_mean(value.lower(), table)}")
    return value


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
