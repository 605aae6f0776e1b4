"""``kabardesa init``: a new Polres site from the national village registry.

The files come from the package's ``site_template/`` (a path part ``dot-x`` is
written as ``.x``, so that packaging keeps hidden files), the registries from
:mod:`kabardesa.site_data`. Nothing is written unless everything is ready, and
never into a folder that already holds files.
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from . import __version__
from .settings import EXAMPLE_HOST, normal_site_url
from .site_data import officers_yml, polsek_yml, site_polsek, site_villages, villages_csv, yaml_scalar
from .text import slugify
from .wilayah import SOURCE, Selection, WilayahError, load_wilayah, select

TEMPLATE = "site_template"
DOT = "dot-"
EXAMPLE_POLRES = "Polres Gresik"  # how this repository's docs/ name their Polres
RENDERED = ("mkdocs.yml", "README.md", "requirements.txt", "docs/tentang.md")  # files with @PLACEHOLDERS@
ALLOWED_IN_TARGET = {".git"}  # a freshly cloned, empty repository is fine
NAME_LIMIT = 80
_BAD_NAME = re.compile(r"[<>&\x00-\x1f\x7f]")

# This repository's workflows also run its own tests; a site has none.
WORKFLOW_EDITS = (
    ("          cache-dependency-path: |\n            requirements.txt\n            requirements-dev.txt\n",
     "          cache-dependency-path: requirements.txt\n"),
    ("pip install -r requirements-dev.txt && pip install --no-deps -e .", "pip install -r requirements.txt"),
    ('\n      - name: Tes (pytest)\n        run: python -m pytest -q -m "not browser"\n', ""),
    ("    name: kabardesa check, mkdocs build, pytest\n", "    name: kabardesa check, mkdocs build\n"),
    ("situs terbangun tanpa peringatan, tes lolos.", "situs terbangun tanpa peringatan."),
)


class InitError(Exception):
    """Why no site was written; the message is for people."""


@dataclass(frozen=True)
class SitePlan:
    folder: Path
    polres: str
    selection: Selection
    files: dict[str, str]  # path relative to the folder → text
    counts: dict[str, int]


def add_init_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", nargs="?", type=Path, default=Path("."), metavar="FOLDER",
                        help="folder situs baru, kosong atau belum ada (bawaan: folder ini)")
    parser.add_argument("--wilayah", nargs="+", default=[], metavar="KODE|NAMA",
                        help="kabupaten/kota (35.24, Lamongan, 'Kota Surabaya'), provinsi (35) atau kecamatan (35.24.01); boleh beberapa")
    parser.add_argument("--polres", default=None, metavar="NAMA",
                        help="nama satuan, mis. 'Polres Pelabuhan Tanjung Perak' (bawaan: dari nama wilayah)")
    parser.add_argument("--paket", default=f"kabardesa=={__version__}", metavar="SPEC",
                        help="baris kabardesa di requirements.txt (versi PyPI, alamat git atau path wheel)")
    parser.add_argument("--alamat", default=None, metavar="URL",
                        help="alamat publik situs, mis. https://humas-polres.github.io/kabar-desa/ (bawaan: alamat contoh; "
                             "alur kerja deploy tetap mengisinya lewat KD_SITE_URL)")
    parser.add_argument("--daftar", nargs="?", const="", default=None, metavar="KODE",
                        help="cetak kode wilayah: provinsi, atau isi sebuah provinsi/kabupaten, lalu keluar")


def run_init(args: argparse.Namespace) -> int:
    try:
        if args.daftar is not None:
            return _print_areas(args.daftar)
        command = "kabardesa init --wilayah " + " ".join(shlex.quote(t) for t in args.wilayah)
        plan = plan_site(args.folder, args.wilayah, args.polres, args.paket, command, args.alamat)
        write_site(plan)
    except (InitError, WilayahError) as exc:
        print(f"kabardesa init: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `kabardesa init --daftar | head`: the command line handles it
        raise
    except (OSError, EOFError) as exc:  # the package's own files: a broken installation
        print(f"kabardesa init: berkas paket tidak terbaca ({exc}); pasang ulang paket kabardesa", file=sys.stderr)
        return 1
    _print_summary(plan)
    return 0


def plan_site(folder: Path, terms: list[str], polres: str | None, package: str, command: str,
              address: str | None = None) -> SitePlan:
    """Everything ``init`` would write; :class:`InitError` or :class:`WilayahError` when it cannot."""
    check_target(folder, command)
    site_url = _site_address(address)
    selection = select(load_wilayah(), terms)
    name = _polres_name(polres, selection)
    villages = site_villages(selection)
    polsek = site_polsek(villages)
    values = {
        "POLRES": name, "REGION": selection.region(), "VILLAGES": f"{len(villages):,}".replace(",", "."),
        "KECAMATAN": str(len(polsek)), "COMMAND": command, "SOURCE": SOURCE, "KABARDESA": package,
        "EXAMPLE_VILLAGE": villages[0].name, "EXAMPLE_SLUG": villages[0].slug,
        "SITE_NAME": yaml_scalar(f"Kabar Desa {name}"),
        "SITE_URL": yaml_scalar(site_url),
        "SITE_DESCRIPTION": yaml_scalar(f"Kabar kegiatan Bhabinkamtibmas dari desa dan kelurahan di {selection.region()}."),
        "SITE_AUTHOR": yaml_scalar(f"Humas {name}"),
        "COPYRIGHT": yaml_scalar(f"Sat Binmas & Humas {name}"),
        "POLRES_YAML": yaml_scalar(name),
        "REGION_CODES": "[" + ", ".join(f'"{area.code}"' for area in selection.areas) + "]",
    }
    files = template_files(values, name)
    files["data/villages.csv"] = villages_csv(selection, villages)
    files["data/polsek.yml"] = polsek_yml(selection, name, polsek, command)
    files["data/officers.yml"] = officers_yml(name, villages)
    counts = {"villages": len(villages), "polsek": len(polsek), "slugs_with_kecamatan": sum(v.slug != slugify(v.name) for v in villages)}
    return SitePlan(folder, name, selection, files, counts)


def _site_address(address: str | None) -> str:
    """``--alamat`` as ``site_url``: an http(s) address ending with ``/``; the example address when not given."""
    if address is None:
        return f"https://{EXAMPLE_HOST}/"
    url = address.strip()
    if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:\d+)?(/[A-Za-z0-9._~%/-]*)?", url):
        raise InitError(f"--alamat '{address}' bukan alamat web; tulis seperti https://humas-polres.github.io/kabar-desa/")
    return normal_site_url(url)


def check_target(folder: Path, command: str) -> None:
    example = f"kabardesa init polres-baru {command.removeprefix('kabardesa init ')}".rstrip()
    if folder.exists() and not folder.is_dir():
        raise InitError(f"'{folder}' adalah berkas, bukan folder; pilih nama folder baru, mis. {example}")
    if folder.is_dir():
        present = sorted(p.name for p in folder.iterdir() if p.name not in ALLOWED_IN_TARGET)
        if present:
            shown = ", ".join(present[:5]) + (", …" if len(present) > 5 else "")
            raise InitError(f"folder '{folder}' tidak kosong (berisi {shown}); init tidak menimpa berkas. "
                            f"Pilih folder baru atau kosong, mis. {example}")


def template_files(values: dict[str, str], polres: str) -> dict[str, str]:
    """The package's site template, placeholders filled, the example Polres renamed."""
    files: dict[str, str] = {}
    for path, text in _walk(resources.files("kabardesa").joinpath(TEMPLATE), ""):
        if path in RENDERED:
            text = re.sub(r"@([A-Z_]+)@", lambda m: values[m.group(1)], text)
        if path.startswith("docs/"):
            text = text.replace(EXAMPLE_POLRES, polres)
        if path.startswith(".github/workflows/"):
            text = adapt_workflow(text)
        files[path] = text
    return files


def adapt_workflow(text: str) -> str:
    for old, new in WORKFLOW_EDITS:
        text = text.replace(old, new)
    return text


def write_site(plan: SitePlan) -> None:
    try:
        for rel, text in sorted(plan.files.items()):
            path = plan.folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise InitError(f"tidak dapat menulis '{exc.filename}': {exc.strerror}; periksa izin folder dan ruang disk") from None


def _walk(folder: Traversable, prefix: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        name = "." + entry.name[len(DOT):] if entry.name.startswith(DOT) else entry.name
        if entry.is_dir():
            if entry.name != "__pycache__":
                found += _walk(entry, f"{prefix}{name}/")
        else:
            found.append((prefix + name, entry.read_text(encoding="utf-8")))
    return found


def _polres_name(given: str | None, selection: Selection) -> str:
    if given is None:
        return selection.default_polres_name()
    name = " ".join(given.split())
    if not name or len(name) > NAME_LIMIT or _BAD_NAME.search(name):
        raise InitError(f"nama --polres '{given}' tidak dapat dipakai: tulis teks biasa, paling banyak {NAME_LIMIT} karakter, "
                        "tanpa '<', '>' atau '&', mis. --polres 'Polres Pelabuhan Tanjung Perak'")
    return name


def _print_areas(code: str) -> int:
    wilayah = load_wilayah()
    if code and code not in wilayah.areas:
        raise InitError(f"kode wilayah '{code}' tidak dikenal; lihat daftar provinsi: kabardesa init --daftar")
    for area in wilayah.children(code):
        print(area.label)
    return 0


def _print_summary(plan: SitePlan) -> None:
    c = plan.counts
    folder = plan.folder
    lines = [
        f"Situs baru 'Kabar Desa {plan.polres}' ditulis di {folder}/ ({plan.selection.region()}):",
        f"  data/villages.csv      {c['villages']} desa/kelurahan; "
        f"{c['slugs_with_kecamatan']} slug diberi nama kecamatan karena namanya kembar",
        f"  data/polsek.yml        {c['polsek']} Polsek, satu per kecamatan, attested: false (DIANGGAP; mohon dikoreksi editor)",
        "  data/officers.yml      belum ada petugas; satu contoh fiktif yang dikomentari",
        "  data/categories.yml    jenis kegiatan",
        "  mkdocs.yml, hooks/, docs/, stories/, asesmen/, .github/workflows/, .pre-commit-config.yaml, requirements.txt, README.md",
        "",
        "Langkah berikutnya:",
        f"  cd {shlex.quote(str(folder))}",
        "  python3 -m venv .venv && . .venv/bin/activate",
        "  pip install -r requirements.txt",
        "  kabardesa check",
        "  mkdocs serve",
    ]
    print("\n".join(lines))
