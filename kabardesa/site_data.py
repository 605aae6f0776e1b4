"""The registries of a new site (data/villages.csv, polsek.yml, officers.yml) from a selection.

Text only, nothing written here: :mod:`kabardesa.site_init` puts it on disk.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass

from .village_names import kecamatan_labels, unique_names, village_aliases, village_slugs
from .wilayah import SOURCE, Selection, kabupaten_label

# The registry knows desa and kelurahan; Papua's desa adat are desa to it.
REGISTRY_TYPES = {"desa": "desa", "kelurahan": "kelurahan", "desa adat": "desa"}
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .()-]*")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}


@dataclass(frozen=True)
class SiteVillage:
    code: str
    name: str
    type: str
    kecamatan: str  # unique within the site: "Sooko (Ponorogo)" when a name repeats
    slug: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class SitePolsek:
    slug: str
    name: str
    kecamatan: str


def site_villages(selection: Selection) -> list[SiteVillage]:
    rows = selection.villages
    kecamatan = {v.kecamatan_code: v for v in rows}
    labels = dict(zip(kecamatan, kecamatan_labels(
        [v.kecamatan for v in kecamatan.values()], [kabupaten_label(v.kabupaten) for v in kecamatan.values()], list(kecamatan)),
        strict=True))
    own = [labels[v.kecamatan_code] for v in rows]
    slugs = village_slugs([v.name for v in rows], own, [v.code for v in rows])
    return [SiteVillage(v.code, v.name, REGISTRY_TYPES[v.jenis], k, s, village_aliases(v.name))
            for v, k, s in zip(rows, own, slugs, strict=True)]


def site_polsek(villages: list[SiteVillage]) -> list[SitePolsek]:
    """One Polsek per kecamatan, in Kemendagri order (assumed: the editor corrects it)."""
    kecamatan = list(dict.fromkeys(v.kecamatan for v in villages))
    codes = list(dict.fromkeys(v.code.rsplit(".", 1)[0] for v in villages))
    slugs = unique_names(kecamatan, [(c,) for c in codes])
    return [SitePolsek(s, f"Polsek {k}", k) for s, k in zip(slugs, kecamatan, strict=True)]


def villages_csv(selection: Selection, villages: list[SiteVillage]) -> str:
    out = io.StringIO()
    codes = ", ".join(a.code for a in selection.areas)
    out.write(f"# Desa/kelurahan {selection.region()} (Kemendagri {codes}), sumber: {SOURCE}.\n")
    out.write("# Kolom aliases: ejaan lain dipisah titik koma; tambahkan ejaan yang sering dipakai petugas.\n")
    if any(v.jenis == "desa adat" for v in selection.villages):
        out.write("# Desa adat (kode jenis 3 Kemendagri) ditulis sebagai 'desa'.\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "name", "type", "kecamatan", "slug", "aliases"])
    for v in villages:
        writer.writerow([v.code, v.name, v.type, v.kecamatan, v.slug, ";".join(v.aliases)])
    return out.getvalue()


def polsek_yml(selection: Selection, polres: str, polsek: list[SitePolsek], command: str) -> str:
    example = polsek[0] if polsek else SitePolsek("contoh", "Polsek Contoh", "Contoh")
    lines = [
        f"# Polsek di wilayah hukum {polres} dan kecamatan yang dicakupnya.",
        f"# Dibuat oleh `{command}` dari daftar wilayah Kemendagri.",
        "# attested: true  = sudah diperiksa editor (disebut dalam laporan publik atau surat resmi).",
        "# attested: false = DIANGGAP (asumsi satu Polsek per kecamatan); editor mohon",
        "#                   mengoreksi bila pembagian wilayah sebenarnya berbeda, lalu",
        "#                   menulis attested: true. Satu Polsek boleh mencakup beberapa",
        "#                   kecamatan, mis. kecamatan: [Sukorame, Bluluk].",
        "# phone (pilihan) = nomor telepon kantor Polsek, di antara tanda kutip; tampil",
        "#                   sebagai tombol \"Telepon\" di halaman desa dan Polsek. Tambahkan",
        "#                   ke entri Polsek-nya, mis. (nomor FIKTIF, ganti dengan nomor resmi):",
        f"#   - {{slug: {example.slug}, name: {yaml_scalar(example.name)}, kecamatan: [{yaml_scalar(example.kecamatan)}], "
        'attested: true, phone: "0000-000-000"}',
        "polres:",
        f"  name: {yaml_scalar(polres)}",
        f"  kabupaten: {yaml_scalar(_kabupaten_text(selection))}",
        "polsek:",
    ]
    lines += [f"  - {{slug: {p.slug}, name: {yaml_scalar(p.name)}, kecamatan: [{yaml_scalar(p.kecamatan)}], attested: false}}"
              for p in polsek]
    return "\n".join(lines) + "\n"


def officers_yml(polres: str, villages: list[SiteVillage]) -> str:
    sample = ", ".join(v.slug for v in villages[:2])
    return "\n".join([
        f"# Petugas Bhabinkamtibmas {polres}: id, pangkat (rank), nama, nomor WhatsApp dinas",
        "# dan desa binaan (slug dari data/villages.csv; lihat `kabardesa list villages`).",
        "# Masih kosong. Contoh di bawah FIKTIF: tokoh rekaan, nomor 0812-0000-xxxx sengaja",
        "# palsu. Salin barisnya tanpa tanda '# ', lalu ganti dengan data asli dan hapus",
        "# 'sample: true'.",
        "# - {id: aipda-contoh-satu, rank: Aipda, name: Bagus Contoh, sample: true, "
        f'whatsapp: "+62 812-0000-0001", villages: [{sample}]}}',
    ]) + "\n"


def yaml_scalar(value: str) -> str:
    """``value`` as a YAML flow scalar: plain when that reads back the same, else double-quoted."""
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS and value == value.strip():
        return value
    return json.dumps(value, ensure_ascii=False)


def _kabupaten_text(selection: Selection) -> str:
    region = selection.region()
    if region.startswith("Provinsi"):
        return region
    return ", ".join(kabupaten_label(k) for k in selection.kabupaten)
