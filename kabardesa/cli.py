"""The ``kabardesa`` command: check stories, scaffold a new one, list registries."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from mkdocs.exceptions import PluginError

from . import cli_i18n, docs_check, photo_files, photo_fix
from .assessment_scaffold import NewAssessmentError, add_assessment_commands, run_assessment_command
from .catalog import STORIES_DIR, find_root, is_project, load_catalog, relative_to_root
from .cli_edge import DEBUG_HELP, enable_debug, report_unexpected
from .cli_editor import add_editor_commands, run_coverage, run_digest
from .photo_files import is_photo_file, photo_users, photos_in, project_path
from .photos import PhotoError
from .problems import Problem, ProblemsFound, debug_enabled, errors, format_problems, unexpected_problem
from .reader import scan_story_files
from .registry import Registry, load_registry
from .scaffold import NewStoryError, add_new_arguments, run_new
from .site_init import add_init_arguments, run_init

LIST_KINDS = ("villages", "polsek", "officers", "categories")


def build_parser() -> argparse.ArgumentParser:
    cli_i18n.install()
    parser = argparse.ArgumentParser(prog="kabardesa", description="Kabar Desa: periksa dan tulis cerita Bhabinkamtibmas.")
    parser.add_argument("--root", type=Path, default=None, help="folder proyek (berisi data/ dan stories/); bawaan: dicari dari folder ini")
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    commands = parser.add_subparsers(dest="command", required=True, metavar="PERINTAH")

    check = commands.add_parser("check", help="periksa registri, cerita dan asesmen keamanan")
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                       help="berkas atau folder cerita atau asesmen (bawaan: stories/ dan asesmen/)")
    check.add_argument("--docs", action="store_true", help="juga tandai skrip, atribut peristiwa, URL javascript: dan sematan di halaman docs/ (peringatan untuk peninjau)")

    new = commands.add_parser("new", help="buat kerangka cerita baru")
    add_new_arguments(new)

    init = commands.add_parser("init", help="buat situs Polres baru dari daftar wilayah Kemendagri")
    add_init_arguments(init)

    foto = commands.add_parser("foto", help="hapus metadata (GPS, EXIF) dan perkecil foto, langsung di berkasnya")
    foto.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="berkas foto atau folder (mis. stories/2026/08)")

    listing = commands.add_parser("list", help="daftar isian yang boleh dipakai di front-matter")
    listing.add_argument("kind", choices=LIST_KINDS, metavar="{villages,polsek,officers,categories}")
    listing.add_argument("--json", action="store_true", help="cetak sebagai JSON")

    add_editor_commands(commands)
    add_assessment_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.debug:
        enable_debug()
    try:
        if args.command == "init":
            return run_init(args)
        if args.command == "foto":
            return run_foto(args.paths)
        root = _project_root(args)
        if root is None:
            return 2
        if args.command == "check":
            if args.docs:
                docs_check.report(root)
            return run_check(root, args.paths)
        if args.command == "new":
            return run_new(root, args)
        if args.command == "coverage":
            return run_coverage(root, args.days, args.json, args.assessment_days)
        if args.command == "asesmen":
            return run_assessment_command(root, args)
        if args.command == "digest":
            return run_digest(root, args.week, args.month, args.format)
        return run_list(load_registry(root / "data"), args.kind, args.json)
    except ProblemsFound as exc:
        print(format_problems(exc.problems), file=sys.stdout)
        print(f"{len(exc.problems)} masalah di registri data/; perbaiki dulu.", file=sys.stderr)
        return 1
    except NewStoryError as exc:
        print(f"kabardesa new: {exc}", file=sys.stderr)
        return 1
    except NewAssessmentError as exc:
        print(f"kabardesa asesmen new: {exc}", file=sys.stderr)
        return 1
    except PluginError as exc:  # a bad setting in mkdocs.yml (the settings schema's message)
        print(f"kabardesa {args.command}: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `kabardesa list villages | head`
        sys.stdout = open(os.devnull, "w")  # silence the flush at exit
        return 0
    except (KeyboardInterrupt, EOFError):  # Ctrl-C, or Ctrl-D / end of input at a prompt
        print("\ndibatalkan.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the edge: a bug is reported, never a traceback
        return report_unexpected(exc, args)


def _project_root(args: argparse.Namespace) -> Path | None:
    """The project folder (``--root``, else the nearest one above the current folder); None, said in one line, when none."""
    start = (args.root or Path.cwd()).resolve()
    root = start if args.root else find_root(start)
    if is_project(root):
        return root
    where = f"--root {args.root}" if args.root else f"folder {start} (dan folder di atasnya)"
    print(f"kabardesa {args.command}: {where} bukan proyek Kabar Desa (tidak ada folder data/ dan stories/); "
          "masuk dulu ke folder situs (cd polres-anda) atau tulis --root FOLDER-SITUS", file=sys.stderr)
    return None


def run_foto(paths: list[Path]) -> int:
    found, problems = photo_fix.targets(paths)
    failed = len(problems)
    for message in problems:
        print(message, file=sys.stderr)
    for path in found:
        try:
            print(photo_fix.describe(photo_fix.fix_photo(path), path.as_posix()))
        except PhotoError as exc:
            print(f"{path.as_posix()}: {'; '.join(exc.messages)}", file=sys.stderr)
            failed += 1
    if not found and not failed:
        print("tidak ada foto JPG, PNG atau WebP di path itu", file=sys.stderr)
        return 1
    return 1 if failed else 0


def run_check(root: Path, paths: list[Path]) -> int:
    """Stories and photos: the given files and folders, else all of ``stories/``; 1 when any has an error.

    A photo file given as a path (``stories/2026/08/x.jpg``, as pre-commit passes a
    committed photo) is checked as a photo, never read as a story.
    """
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        print(Problem(str(path), 1, "berkas atau folder tidak ada; periksa ejaan path-nya").format())
    existing = [p for p in paths if p.exists()]
    photo_paths = [p for p in existing if is_photo_file(p) and not p.is_dir()]
    story_paths = [p for p in existing if p not in photo_paths]
    catalog = load_catalog(root, paths=story_paths if paths else None)
    stories_root = (root / STORIES_DIR).resolve()
    photos = _photos_to_check(stories_root, existing if paths else [stories_root], photo_paths)
    checked_stories, _ = scan_story_files(story_paths if paths else [stories_root])
    problems = sorted(catalog.problems + _photo_problems(root, stories_root, photos, checked_stories, catalog.problems))
    for problem in problems:
        print(problem.format())
    found = errors(problems)
    what = (f"{catalog.files_read} berkas cerita" + (f", {catalog.assessment_files} asesmen" if catalog.assessment_files else "")
            + (f" dan {len(photos)} foto" if photos else ""))
    if found or missing:
        bad_files = {p.path for p in found}
        print(f"{len(found) + len(missing)} kesalahan di {len(bad_files) + len(missing)} berkas (dari {what}).", file=sys.stderr)
        return 1
    drafts = sum(1 for s in catalog.stories if s.draft)
    print(f"Semua beres: {what} diperiksa ({drafts} draf).", file=sys.stderr)
    return 0


def _photos_to_check(stories_root: Path, paths: list[Path], photo_files: list[Path]) -> list[Path]:
    """The photo files named, and the photos in ``stories/`` under the folders named (once each)."""
    found: dict[Path, Path] = {}
    for path in paths:
        if path in photo_files:
            candidates = [path]
        elif path.is_dir() and not path.is_symlink():
            folder = path.resolve()
            if folder == stories_root or folder in stories_root.parents:
                candidates = photos_in(stories_root)
            elif stories_root in folder.parents:
                candidates = photos_in(path)
            else:
                candidates = []  # photos outside stories/ are not the stories' originals
        else:
            continue
        for photo in candidates:
            found.setdefault((photo.parent.resolve() / photo.name), photo)
    return list(found.values())


def _photo_problems(root: Path, stories_root: Path, photos: list[Path], checked_stories: list[Path],
                    story_problems: list[Problem]) -> list[Problem]:
    """Each photo's problems as ``path:1: ...``, except those a checked story using it already reports."""
    checked = {(p if p.is_absolute() else Path.cwd() / p).parent.resolve() / p.name for p in checked_stories}
    reported = {p.message for p in story_problems}
    cache: dict[Path, list[tuple[Path, str]]] = {}
    problems = []
    for photo in photos:
        rel_path = relative_to_root(photo, root)
        try:
            users = photo_users(photo, stories_root, cache)
            covered = any(user in checked for user in users)
            findings = photo_files.file_findings(photo, stories_root, project_path(photo, stories_root), used=bool(users))
        except Exception as exc:  # noqa: BLE001 - the edge of one file: report, go on with the rest
            if debug_enabled():
                raise
            problems.append(unexpected_problem(rel_path, exc))
            continue
        for severity, message in findings:
            if not (covered and message in reported):
                problems.append(Problem(rel_path, 1, message, "photo", severity))  # type: ignore[arg-type]
    return problems


def run_list(registry: Registry, kind: str, as_json: bool) -> int:
    rows = _list_rows(registry, kind)
    if as_json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        print()
        return 0
    for row in rows:
        key = row.get("slug") or row["id"]
        extra = " · ".join(_cell(row[k]) for k in ("kecamatan", "type", "code", "polsek", "meaning") if row.get(k))
        print(f"{key:28} {row['name']}" + (f"  ({extra})" if extra else ""))
    return 0


def _cell(value: object) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _list_rows(registry: Registry, kind: str) -> list[dict[str, object]]:
    if kind == "villages":
        return [
            {"slug": v.slug, "name": v.name, "code": v.code, "type": v.type, "kecamatan": v.kecamatan,
             "polsek": registry.polsek_of(v).slug, "aliases": list(v.aliases)}
            for v in registry.villages.values()
        ]
    if kind == "polsek":
        return [{"slug": p.slug, "name": p.name, "kecamatan": list(p.kecamatan), "attested": p.attested}
                for p in registry.polsek.values()]
    if kind == "officers":
        return [{"id": o.id, "name": o.display_name, "rank": o.rank, "villages": list(o.villages), "sample": o.sample}
                for o in registry.officers.values()]
    return [{"slug": c.slug, "name": c.name, "meaning": c.meaning} for c in registry.categories.values()]


if __name__ == "__main__":
    sys.exit(main())
