"""The registries in data/ (here the fixture registry): lookups, and broken registries."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kabardesa.problems import ProblemsFound
from kabardesa.registry import load_registry
from kabardesa.text import did_you_mean, lookup_key, slugify

from conftest import REGISTRY

# --- the fixture registry (tests/fixtures/registry); Gresik itself: test_gresik_sample.py ---


def test_sukorejo_three_times(registry):
    slugs = {v.slug for v in registry.villages_matching("Sukorejo")}
    assert slugs == {"sukorejo-sidayu", "sukorejo-bungah", "sukorejo-kebomas"}


def test_polsek_villages_partition_the_district(registry):
    seen = [v.slug for p in registry.polsek.values() for v in registry.villages_of(p)]
    assert sorted(seen) == sorted(registry.villages)


def test_officers_of_village(registry):
    assert [o.id for o in registry.officers_of(registry.villages["lowayu"])] == ["aipda-contoh-satu"]


# --- village lookup -------------------------------------------------------


@pytest.mark.parametrize(
    "written, slug",
    [
        ("lowayu", "lowayu"),
        ("Lowayu", "lowayu"),
        ("LOWAYU", "lowayu"),
        ("  lowayu ", "lowayu"),
        ("35.25.01.2007", "lowayu"),
        ("3525012007", "lowayu"),
        ("Desa Lowayu", "lowayu"),
        ("desa lowayu", "lowayu"),
        ("Ds. Lowayu", "lowayu"),
        ("Ds.Lowayu", "lowayu"),
        ("DS Lowayu", "lowayu"),
        ("Kel. Gending", "gending"),
        ("Kel.Gending", "gending"),
        ("Kelurahan Gending", "gending"),
        ("Gedongkedo'an", "gedongkedoan"),
        ("Gedong Kedoan", "gedongkedoan"),  # alias
        ("Ujung Pangkah Kulon", "pangkahkulon"),  # alias
        ("Desa Pangkah Wetan", "pangkahwetan"),  # alias with prefix
        ("sukorejo-kebomas", "sukorejo-kebomas"),
        ("Kawis Anyar", "kawis-anyar"),
    ],
)
def test_village_lookup(registry, written, slug):
    assert [v.slug for v in registry.villages_matching(written)] == [slug]


@pytest.mark.parametrize("written", ["Lowayo", "Desa", "", "35.25.01.9999", "Gresik Kota"])
def test_village_lookup_unknown(registry, written):
    assert registry.villages_matching(written) == []


def test_village_suggestions_for_a_typo(registry):
    assert registry.village_suggestions("Lowayo")[0] == "lowayu"
    assert registry.village_suggestions("Desa Lowayo")[0] == "lowayu"


def test_village_suggestions_for_a_kecamatan_name(registry):
    suggested = registry.village_suggestions("Ujung Pangkah")
    assert {"pangkahkulon", "pangkahwetan"} <= set(suggested)
    assert all(registry.villages[s].kecamatan == "Ujungpangkah" for s in suggested)


@pytest.mark.parametrize("written", ["cerme", "Cerme", "Polsek Cerme", "POLSEK CERME", "polsek-cerme"])
def test_find_polsek(registry, written):
    assert registry.find_polsek(written).slug == "cerme"


def test_find_polsek_two_words(registry):
    assert registry.find_polsek("Polsek Kota Gresik").slug == "kota-gresik"
    assert registry.find_polsek("kota-gresik").slug == "kota-gresik"
    assert registry.find_polsek("Polsek Cermee") is None


# --- text helpers ----------------------------------------------------------


@pytest.mark.parametrize(
    "value, slug",
    [("Gedongkedo'an", "gedongkedoan"), ("Wadak Lor", "wadak-lor"), ("Ima\u2019an", "imaan"), ("  Café  Baru! ", "cafe-baru")],
)
def test_slugify(value, slug):
    assert slugify(value) == slug


def test_lookup_key_drops_prefix_case_and_punctuation():
    assert lookup_key("Ds. Pangkah-Kulon") == lookup_key("pangkahkulon") == "pangkahkulon"
    assert lookup_key("Desaku") == "desaku"  # a prefix needs a space after it


def test_did_you_mean():
    assert did_you_mean("sambng", ["sambang", "dds"]) == "; maksud Anda: sambang?"
    assert did_you_mean("zzz", ["sambang"]) == ""


# --- broken registries: every problem is reported, none raises raw ------------


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(REGISTRY, target)
    return target


def problems_of(data_dir: Path) -> list[str]:
    with pytest.raises(ProblemsFound) as caught:
        load_registry(data_dir)
    return [p.format() for p in caught.value.problems]


def next_line(path: Path) -> int:
    """The line number the next appended row gets."""
    return len(path.read_text(encoding="utf-8").splitlines()) + 1


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def test_duplicate_village_code_and_slug(data_dir):
    row = next_line(data_dir / "villages.csv")
    append(data_dir / "villages.csv", "35.25.01.2007,Lowayu Baru,desa,Dukun,lowayu-baru,\n")
    append(data_dir / "villages.csv", "35.25.01.2099,Lowayu,desa,Dukun,lowayu,\n")
    lines = problems_of(data_dir)
    assert len([line for line in lines if "ganda" in line]) == 2
    assert any(line.endswith(f"villages.csv:{row}: slug 'lowayu-baru' atau kode '35.25.01.2007' ganda; setiap desa harus unik") for line in lines)
    assert any(f":{row + 1}: slug 'lowayu' atau kode '35.25.01.2099' ganda" in line for line in lines)


def test_village_row_problems(data_dir):
    row = next_line(data_dir / "villages.csv")
    append(data_dir / "villages.csv", "35.25.01.2098,,desa,Dukun,kosong,\n")
    append(data_dir / "villages.csv", "35.25.01.2097,Baru,dusun,Dukun,baru-x,\n")
    append(data_dir / "villages.csv", "35.25.01.2096,Baru Lagi,desa,Dukun,Baru Lagi,\n")
    lines = problems_of(data_dir)
    assert any(f"villages.csv:{row}: kolom kosong: name" in line for line in lines)
    assert any(f"villages.csv:{row + 1}: jenis 'dusun' tidak dikenal" in line for line in lines)
    assert any(f"villages.csv:{row + 2}: slug 'Baru Lagi' tidak valid; pakai 'baru-lagi'" in line for line in lines)


def test_kecamatan_without_polsek(data_dir):
    path = data_dir / "polsek.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("kecamatan: [Panceng]", "kecamatan: [Sidayu]"), encoding="utf-8")
    lines = problems_of(data_dir)
    assert any("kecamatan 'Panceng' belum dicakup Polsek mana pun" in line for line in lines)
    assert any("Polsek Sidayu: kecamatan 'Sidayu' sudah dicakup Polsek lain" in line for line in lines)


def test_polsek_with_unknown_kecamatan(data_dir):
    path = data_dir / "polsek.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("kecamatan: [Panceng]", "kecamatan: [Pancen]"), encoding="utf-8")
    lines = problems_of(data_dir)
    assert any("Polsek Panceng: kecamatan 'Pancen' tidak dikenal; maksud Anda: Panceng?" in line for line in lines)


def test_polsek_kecamatan_written_without_brackets(data_dir):
    path = data_dir / "polsek.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("kecamatan: [Panceng]", "kecamatan: Panceng"), encoding="utf-8")
    assert load_registry(data_dir).polsek["panceng"].kecamatan == ("Panceng",)


def test_officer_with_unknown_village_and_duplicate_id(data_dir):
    append(data_dir / "officers.yml", '- {id: aipda-contoh-satu, rank: Aipda, name: X, sample: true, whatsapp: "+62 812-0000-0099", villages: [lowayo]}\n')
    lines = problems_of(data_dir)
    assert any("petugas 'aipda-contoh-satu': desa 'lowayo' tidak dikenal; maksud Anda: lowayu?" in line for line in lines)
    assert any("id petugas 'aipda-contoh-satu' ganda" in line for line in lines)


def test_incomplete_entries(data_dir):
    append(data_dir / "officers.yml", "- {id: tanpa-nama, rank: Aipda}\n")
    append(data_dir / "categories.yml", "- {slug: tanpa-arti, name: Tanpa Arti}\n")
    lines = problems_of(data_dir)
    assert any("officers.yml:1: entri petugas tidak lengkap: {'id': 'tanpa-nama', 'rank': 'Aipda'}; perlu id, rank, name, whatsapp" in line for line in lines)
    assert any("categories.yml:1: entri kategori tidak lengkap" in line for line in lines)


def test_registry_that_is_not_a_list(data_dir):
    (data_dir / "officers.yml").write_text("5\n", encoding="utf-8")
    (data_dir / "categories.yml").write_text("sambang: Sambang\n", encoding="utf-8")
    (data_dir / "polsek.yml").write_text("- cerme\n", encoding="utf-8")
    lines = problems_of(data_dir)
    assert any("officers.yml:1: isi harus berupa daftar entri" in line for line in lines)
    assert any("categories.yml:1: isi harus berupa daftar entri" in line for line in lines)
    assert any("polsek.yml:1: isi berkas harus berupa 'polres:' dan 'polsek:'" in line for line in lines)


def test_malformed_registry_yaml_names_its_line(data_dir):
    append(data_dir / "categories.yml", "- {slug: rusak, name: [Rusak\n")
    lines = problems_of(data_dir)
    assert any(re.search(r"categories\.yml:1[89]: YAML tidak valid", line) for line in lines), lines


def test_missing_and_non_utf8_registry_files(data_dir):
    (data_dir / "categories.yml").unlink()
    (data_dir / "officers.yml").write_bytes(b"- {id: caf\xe9}\n")
    lines = problems_of(data_dir)
    assert any("categories.yml:1: berkas registri tidak ditemukan" in line for line in lines)
    assert any("officers.yml:1: berkas bukan UTF-8" in line for line in lines)


def test_all_registry_problems_are_collected_together(data_dir):
    (data_dir / "categories.yml").unlink()
    append(data_dir / "officers.yml", "- {id: tanpa-nama}\n")
    append(data_dir / "villages.csv", "35.25.01.2007,Lowayu,desa,Dukun,lowayu,\n")
    files = {line.split(":", 1)[0].rsplit("/", 1)[-1] for line in problems_of(data_dir)}
    assert files == {"categories.yml", "officers.yml", "villages.csv"}
