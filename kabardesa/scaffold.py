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

from . import fields, photo_fix
from .catalog import DATA_DIR, STORIES_DIR
from .dates import now_wib, parse_story_date
from .photo_files import is_photo_file
from .photos import PhotoError, inspect_photo
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
    parser.add_argument("--village", action="append", help="desa (slug, kode atau nama); boleh diulang atau dipisah koma")
    parser.add_argument("--polsek", help="Polsek, untuk cerita se-wilayah Polsek tanpa desa")
    parser.add_argument("--polres", action="store_true", help="cerita se-Polres, tanpa desa dan tanpa Polsek")
    parser.add_argument("--officer", help="id petugas atau namanya (lihat `kabardesa list officers`)")
    parser.add_argument("--category", help="jenis kegiatan, slug atau nama (lihat `kabardesa list categories`)")
    parser.add_argument("--summary", help="ringkasan satu atau dua kalimat")
    parser.add_argument("--tags", help="label dipisah koma, misalnya ronda,pos-kamling")
    parser.add_argument("--photo", type=Path, help="foto JPG, PNG atau WebP; disalin ke samping cerita, diperkecil, GPS/EXIF dihapus")
    parser.add_argument("--image-alt", help="keterangan foto: apa yang terlihat, untuk pembaca tunanetra (wajib bila ada --photo)")
    parser.add_argument("--draft", action="store_true", help="tandai sebagai draf (bawaan)")
    parser.add_argument("--terbit", action="store_true", help="langsung terbit, tanpa 'draft: true'")


PUBLISH_HINT = ("Cerita ini draf (draft: true): tampil di pratinjau `make serve`, belum di situs publik; "
                "untuk menerbitkan, hapus baris `draft: true` lalu jalankan `kabardesa check`.")


def run_new(root: Path, args: argparse.Namespace, ask: Callable[[str], str] | None = None) -> int:
    root = root.resolve()
    registry = load_registry(root / DATA_DIR)
    interactive = ask is not None or sys.stdin.isatty()
    prompt = ask or input
    values = _collect(registry, args, prompt if interactive else None)
    photo: Path | None = values.pop("photo", None)  # type: ignore[assignment]
    path = _story_path(root, values)
    copy = fixed = None
    if photo is not None:
        values["image"] = f"{path.stem}{_photo_suffix(photo)}"
        copy = path.parent / str(values["image"])
        fixed = _copy_photo(photo, copy)
    text = render_story(values)
    try:
        _check_before_writing(text, path, root, registry)  # the same checks as `kabardesa check`, nothing written yet
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:  # never overwrite a story written meanwhile
            handle.write(text)
    except BaseException:
        if copy is not None:
            copy.unlink(missing_ok=True)  # nothing half-made stays behind
        raise
    rel = path.relative_to(root).as_posix()
    print(rel)
    if copy is not None and fixed is not None:
        print(photo_fix.describe(fixed, copy.relative_to(root).as_posix()), file=sys.stderr)
    print(f"Berikutnya: buka {rel} dan ganti teks contoh dengan isi cerita Anda; "
          f"`kabardesa check {rel}` menolaknya selama teks contoh masih ada.", file=sys.stderr)
    if values.get("draft"):
        print(PUBLISH_HINT, file=sys.stderr)
    return 0


def _photo_suffix(photo: Path) -> str:
    suffix = photo.suffix.lower()
    return ".jpg" if suffix == ".jpeg" else suffix


def _copy_photo(photo: Path, target: Path) -> photo_fix.Fixed:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        return photo_fix.copy_reduced(photo, target)
    except PhotoError as exc:
        raise NewStoryError("\n".join(exc.messages)) from None
    except FileExistsError:
        raise NewStoryError(f"foto {target.name} sudah ada di samping cerita; ganti judul atau hapus foto lama") from None


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


PLACE_QUESTION = "Desa (nama, slug atau kode; beberapa dipisah koma), 'polsek NAMA' untuk se-wilayah Polsek, '-' untuk se-Polres"
PLACE_MISSING = ("tulis --village DESA (boleh diulang), --polsek POLSEK atau --polres "
                 "(atau jalankan di terminal untuk ditanya satu per satu)")


class _Asker:
    """Each value from its option, else asked at the terminal until the field checker accepts it."""

    def __init__(self, args: argparse.Namespace, ask: Callable[[str], str] | None):
        self.args, self.ask = args, ask

    def value(self, name: str, question: str, check: Callable[[str], T], default: str | None = None,
              optional: bool = False) -> T | None:
        given = getattr(self.args, name, None)
        given = given.strip() if isinstance(given, str) else given  # `--title " "` is no title
        if given:
            return check(given)
        if self.ask is None:
            if default is not None:
                return check(default)
            if optional:
                return None
            raise NewStoryError(f"--{name.replace('_', '-')} wajib diisi (atau jalankan di terminal untuk ditanya satu per satu)")
        while True:
            answer = self.ask(f"{question}{f' [{default}]' if default else ''}: ").strip() or (default or "")
            try:
                if not answer:
                    if optional:
                        return None
                    raise NewStoryError(f"{question.split(' (')[0]} wajib diisi")
                return check(answer)
            except NewStoryError as exc:
                print(f"  {exc}", file=sys.stderr)


def _collect(registry: Registry, args: argparse.Namespace, ask: Callable[[str], str] | None) -> dict[str, object]:
    asker = _Asker(args, ask)
    now = now_wib()
    found: dict[str, object] = {}
    found["title"] = asker.value("title", "Judul berita", lambda v: _accept(fields.check_title(v)))
    found["date"] = asker.value("date", "Tanggal dan jam", lambda v: _date(v, now), now.strftime("%Y-%m-%d %H:%M"))
    found.update(_place_from_options(registry, args) if _place_given(args) or ask is None
                 else asker.value("place", PLACE_QUESTION, lambda v: _place(registry, v)) or {})
    found["officer"] = asker.value("officer", "Petugas (id atau nama)", lambda v: _found(fields.find_officer(v, registry)).id)
    found["category"] = asker.value("category", "Jenis kegiatan", lambda v: _found(fields.check_category(v, registry)).slug)
    if args.tags:
        found["tags"] = list(_accept(fields.check_tags(args.tags.split(","))))
    found["summary"] = asker.value("summary", "Ringkasan satu atau dua kalimat (kosongkan: paragraf pertama)",
                                   lambda v: _accept(fields.check_text("summary", v)), optional=True)
    photo = asker.value("photo", "Foto (path berkas JPG/PNG/WebP; kosongkan bila tanpa foto)", _photo, optional=True)
    if photo is not None:
        found["photo"] = photo
        found["image_alt"] = asker.value("image_alt", "Keterangan foto: apa yang terlihat, untuk pembaca tunanetra", _alt)
    elif args.image_alt:
        raise NewStoryError("--image-alt hanya untuk foto; tambahkan --photo BERKAS atau hapus --image-alt")
    if not args.terbit:
        found["draft"] = True
    return found


def _place_given(args: argparse.Namespace) -> bool:
    return bool(args.village or args.polsek or args.polres)


def _place_from_options(registry: Registry, args: argparse.Namespace) -> dict[str, object]:
    given = [flag for flag, value in (("--village", args.village), ("--polsek", args.polsek), ("--polres", args.polres)) if value]
    if len(given) > 1:
        raise NewStoryError(f"pilih salah satu: --village (cerita desa), --polsek (cerita se-wilayah Polsek) "
                            f"atau --polres (cerita se-Polres); tertulis {' dan '.join(given)}")
    if not given:
        raise NewStoryError(PLACE_MISSING)
    if args.polsek:
        return {"polsek": _accept(fields.check_polsek(args.polsek, registry))[0].slug}
    if args.village:
        names = [name for value in args.village for name in value.split(",") if name.strip()]
        return {"village": [v.slug for v in _accept(fields.check_villages(names, registry))]}
    return {}


def _place(registry: Registry, answer: str) -> dict[str, object]:
    """The answer to :data:`PLACE_QUESTION`: villages, a Polsek (``polsek cerme``), or ``-`` for the whole Polres."""
    text = answer.strip()
    if text == "-":
        return {}
    if text.lower().startswith("polsek "):
        return {"polsek": _accept(fields.check_polsek(text, registry))[0].slug}
    names = [name for name in text.split(",") if name.strip()]
    return {"village": [v.slug for v in _accept(fields.check_villages(names, registry))]}


def _photo(value: str) -> Path:
    path = Path(value).expanduser()
    if not path.is_file():
        raise NewStoryError(f"foto '{value}' tidak ditemukan; periksa path-nya (misalnya ~/Unduhan/foto.jpg)")
    if not is_photo_file(path):
        raise NewStoryError(f"foto '{value}' harus berformat JPG, PNG atau WebP")
    problems = inspect_photo(path)
    if problems:
        raise NewStoryError("\n".join(problems))
    return path


def _alt(value: str) -> str:
    alt = _accept(fields.check_text("image_alt", value))
    messages = fields.check_image_alt(alt)
    if messages:
        raise NewStoryError("\n".join(messages))
    return alt


def _date(value: str, now: datetime) -> str:
    """The date as typed (``23 Mei 2025 09.00`` stays so), once the checker accepts it."""
    _accept(fields.check_date(value, now))
    return value.strip()


KEY_ORDER = ("title", "date", "village", "polsek", "officer", "category", "tags", "summary", "image", "image_alt", "draft")


def render_story(fields: dict[str, object]) -> str:
    order = {key: n for n, key in enumerate(KEY_ORDER)}
    meta = {k: v for k, v in sorted(fields.items(), key=lambda kv: order.get(kv[0], len(order))) if v not in (None, [], "")}
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
