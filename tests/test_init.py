"""The national registry and ``kabardesa init``: selection, slugs, the generated site.

Small and fast: sites are written and checked (registries load, ``kabardesa check``
passes), not built; the data is read once per test session.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import os
import re
import time
from importlib import resources
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from kabardesa.cli import main
from kabardesa.registry import load_registry
from kabardesa.site_data import site_polsek, site_villages, yaml_scalar
from kabardesa.site_init import TEMPLATE, WORKFLOW_EDITS
from kabardesa.village_names import village_aliases, village_slugs
from kabardesa.wilayah import WilayahError, load_wilayah, select

TEMPLATE_DIR = Path(str(resources.files("kabardesa").joinpath(TEMPLATE)))


class _EnvLoader(yaml.SafeLoader):
    """mkdocs.yml's ``!ENV`` read as None."""


_EnvLoader.add_constructor("!ENV", lambda loader, node: None)


@pytest.fixture(scope="module")
def wilayah():
    return load_wilayah()


def init(folder: Path, *terms: str, extra: tuple[str, ...] = ()) -> int:
    return main(["init", str(folder), "--wilayah", *terms, *extra])


def csv_rows(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


# -- the packaged registry ------------------------------------------------------


def test_national_registry_is_complete_and_loads_fast() -> None:
    load_wilayah.cache_clear()
    start = time.perf_counter()
    wilayah = load_wilayah()
    elapsed = time.perf_counter() - start
    levels = [a.level for a in wilayah.areas.values()]
    assert (levels.count("provinsi"), levels.count("kabupaten"), levels.count("kecamatan")) == (38, 514, 7285)
    jenis = [v.jenis for v in wilayah.villages]
    assert (len(jenis), jenis.count("desa"), jenis.count("kelurahan"), jenis.count("desa adat")) == (83762, 75252, 8496, 14)
    assert elapsed < 3.0, f"loading took {elapsed:.2f} s"  # about 0.3 s on an idle machine


def test_packaged_file_is_the_documented_dataset() -> None:
    """The compressed file is the source CSV byte for byte, as SUMBER.md states."""
    note = (TEMPLATE_DIR.parent / "wilayah_data" / "SUMBER.md").read_text(encoding="utf-8")
    digest = re.search(r"`([0-9a-f]{64})`", note).group(1)
    raw = gzip.decompress((TEMPLATE_DIR.parent / "wilayah_data" / "indonesia_wilayah.csv.gz").read_bytes())
    assert hashlib.sha256(raw).hexdigest() == digest
    assert "MIT License" in note and "Cahya DSN" in note


# -- choosing the area ----------------------------------------------------------


@pytest.mark.parametrize("term", ["35.24", "3524", "Lamongan", "Kabupaten Lamongan", "kab. lamongan", " LAMONGAN "])
def test_a_kabupaten_by_code_or_name(wilayah, term: str) -> None:
    selection = select(wilayah, [term])
    assert [a.code for a in selection.areas] == ["35.24"]
    assert len(selection.villages) == 474
    assert selection.default_polres_name() == "Polres Lamongan"


def test_a_kota_by_name(wilayah) -> None:
    selection = select(wilayah, ["Kota Surabaya"])
    assert [a.code for a in selection.areas] == ["35.78"]
    assert selection.default_polres_name() == "Polres Kota Surabaya"


def test_an_ambiguous_name_lists_the_choices(wilayah) -> None:
    with pytest.raises(WilayahError) as caught:
        select(wilayah, ["Bandung"])
    message = str(caught.value)
    assert "ambigu" in message and "32.04 Kabupaten Bandung" in message and "32.73 Kota Bandung" in message
    assert [a.code for a in select(wilayah, ["Kota Bandung"]).areas] == ["32.73"]


def test_unknown_code_and_name_get_suggestions(wilayah) -> None:
    with pytest.raises(WilayahError) as caught:
        select(wilayah, ["35.99", "Lamongn", "35.24.01.2001"])
    lines = str(caught.value).splitlines()
    assert len(lines) == 3  # every bad term reported, not only the first
    assert "kode wilayah '35.99' tidak dikenal; maksud Anda:" in lines[0] and "kabardesa init --daftar 35" in lines[0]
    assert "wilayah 'Lamongn' tidak dikenal; maksud Anda: 35.24 Kabupaten Lamongan" in lines[1]
    assert "kode desa" in lines[2] and "--wilayah 35.24.01" in lines[2]


def test_a_province_is_a_polda_sized_site(wilayah) -> None:
    selection = select(wilayah, ["35"])
    assert len(selection.villages) == 8494 and selection.default_polres_name() == "Polda Jawa Timur"
    villages = site_villages(selection)
    assert len({v.slug for v in villages}) == 8494
    kecamatan = {v.code.rsplit(".", 1)[0]: v.kecamatan for v in villages}
    assert len(set(kecamatan.values())) == len(kecamatan) == len(site_polsek(villages))
    assert kecamatan["35.02.06"] == "Sooko (Ponorogo)" and kecamatan["35.16.13"] == "Sooko (Mojokerto)"


# -- slugs and aliases ------------------------------------------------------------


def test_gresik_reproduces_the_example_sites_villages(wilayah) -> None:
    """Gresik is one such site, its data unchanged: same codes, names, kecamatan and slugs."""
    expected = [(r["code"], r["name"], r["type"], r["kecamatan"], r["slug"]) for r in csv_rows(REPO / "data" / "villages.csv")]
    made = [(v.code, v.name, v.type, v.kecamatan, v.slug) for v in site_villages(select(wilayah, ["35.25"]))]
    assert made == expected


def test_names_differing_by_spaces_are_the_same_name() -> None:
    assert village_slugs(["Sidokumpul", "Sido Kumpul", "Lowayu"], ["Bungah", "Gresik", "Dukun"], ["1.1", "1.2", "1.3"]) == [
        "sidokumpul-bungah", "sido-kumpul-gresik", "lowayu"]


def test_one_name_twice_in_one_kecamatan_keeps_the_code() -> None:
    """A kelurahan and a desa Panipahan in one kecamatan (14.07.06)."""
    slugs = village_slugs(["Panipahan", "Panipahan"], ["Pasir Limau Kapas"] * 2, ["14.07.06.1007", "14.07.06.2001"])
    assert slugs == ["panipahan-pasir-limau-kapas-1007", "panipahan-pasir-limau-kapas-2001"]


@pytest.mark.parametrize(("name", "aliases"), [
    ("Kp. Bantan", ("Kampung Bantan",)),
    ("Pulo Lon / Pulo Dayah", ("Pulo Lon", "Pulo Dayah")),
    ("Lalai I/II", ()),
    ("Ima'an", ("Imaan",)),
    ("Lowayu", ()),
])
def test_village_aliases(name: str, aliases: tuple[str, ...]) -> None:
    assert village_aliases(name) == aliases


@pytest.mark.parametrize("value", ["Polsek Sooko (Ponorogo)", "Yes", "Ima'an", "A: b", "#satu", "Lubuk Pakam I,II", " x", "123"])
def test_yaml_scalars_read_back_unchanged(value: str) -> None:
    assert yaml.safe_load(f"v: {yaml_scalar(value)}")["v"] == value


# -- kabardesa init -----------------------------------------------------------------


CASES = {
    "kota-surabaya": (["35.78"], 153, "Polres Kota Surabaya"),
    "lamongan": (["35.24"], 474, "Polres Lamongan"),
    "kepulauan-seribu": (["31.01"], 6, "Polres Kepulauan Seribu"),
    "kepulauan-sangihe": (["Kepulauan Sangihe"], 167, "Polres Kepulauan Sangihe"),
    "jayapura-desa-adat": (["91.03"], 144, "Polres Jayapura"),
    "sebagian-lamongan": (["35.24.01", "35.24.02"], 18, "Polres Lamongan"),
    "dua-kabupaten": (["35.02", "35.16"], 611, "Polres Ponorogo dan Mojokerto"),
}


@pytest.mark.parametrize("case", CASES)
def test_init_writes_a_site_that_passes_check(tmp_path: Path, capsys, case: str) -> None:
    terms, count, polres = CASES[case]
    site = tmp_path / case
    assert init(site, *terms) == 0
    out = capsys.readouterr().out
    assert f"Kabar Desa {polres}" in out and "Langkah berikutnya" in out and "kabardesa check" in out
    registry = load_registry(site / "data")
    assert len(registry.villages) == count and registry.polres_name == polres
    kecamatan = {v.kecamatan for v in registry.villages.values()}
    assert all(len(p.kecamatan) == 1 and not p.attested for p in registry.polsek.values())
    assert sorted(k for p in registry.polsek.values() for k in p.kecamatan) == sorted(kecamatan)
    assert registry.officers == {} and len(registry.categories) >= 16
    config = yaml.load((site / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_EnvLoader)
    assert config["site_name"] == f"Kabar Desa {polres}" and config["theme"]["language"] == "id"
    assert config["hooks"] == ["hooks/kabar_hooks.py"] and "custom_dir" not in config["theme"]
    assert not re.search(r"@[A-Z_]+@", "".join(p.read_text(encoding="utf-8") for p in site.rglob("*") if p.is_file()))
    assert main(["--root", str(site), "check"]) == 0


def test_lamongan_repeated_names_get_their_kecamatan(tmp_path: Path) -> None:
    assert init(tmp_path / "s", "35.24") == 0
    rows = csv_rows(tmp_path / "s" / "data" / "villages.csv")
    by_code = {r["code"]: r for r in rows}
    assert by_code["35.24.01.2003"]["slug"] == "kedungkumpul-sukorame"
    assert sum(r["slug"] != re.sub(r"[^a-z0-9]+", "-", r["name"].lower()).strip("-") for r in rows) > 40


def test_papua_desa_adat_are_desa_to_the_registry(tmp_path: Path, wilayah) -> None:
    assert init(tmp_path / "s", "91.03") == 0
    text = (tmp_path / "s" / "data" / "villages.csv").read_text(encoding="utf-8")
    assert "# Desa adat" in text
    adat = {v.code for v in wilayah.villages_in(["91.03"]) if v.jenis == "desa adat"}
    assert len(adat) == 14 and {r["type"] for r in csv_rows(tmp_path / "s" / "data" / "villages.csv") if r["code"] in adat} == {"desa"}


def test_the_example_officer_is_valid_once_uncommented(tmp_path: Path) -> None:
    site = tmp_path / "s"
    assert init(site, "35.78") == 0
    officers = site / "data" / "officers.yml"
    assert "FIKTIF" in officers.read_text(encoding="utf-8")
    officers.write_text(officers.read_text(encoding="utf-8").replace("# - {", "- {"), encoding="utf-8")
    officer = load_registry(site / "data").officers["aipda-contoh-satu"]
    assert officer.sample and len(officer.villages) == 2


@pytest.mark.parametrize("existing", ["README.md", "data"])
def test_init_refuses_a_folder_with_files(tmp_path: Path, capsys, existing: str) -> None:
    (tmp_path / existing).mkdir() if existing == "data" else (tmp_path / existing).write_text("punya saya\n")
    assert init(tmp_path, "35.24") == 1
    err = capsys.readouterr().err
    assert "tidak kosong" in err and existing in err and "Pilih folder baru atau kosong" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [existing]


def test_init_accepts_a_fresh_clone(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert init(tmp_path, "35.78") == 0 and (tmp_path / "mkdocs.yml").is_file()


def test_init_with_an_unknown_code_writes_nothing(tmp_path: Path, capsys) -> None:
    assert init(tmp_path / "s", "35.99") == 1
    err = capsys.readouterr().err
    assert err.startswith("kabardesa init: kode wilayah '35.99' tidak dikenal") and "Traceback" not in err
    assert not (tmp_path / "s").exists()


def test_init_polres_name_option(tmp_path: Path, capsys) -> None:
    assert init(tmp_path / "a", "35.78", extra=("--polres", "Polrestabes Surabaya")) == 0
    assert load_registry(tmp_path / "a" / "data").polres_name == "Polrestabes Surabaya"
    assert init(tmp_path / "b", "35.78", extra=("--polres", "<script>")) == 1
    assert "tidak dapat dipakai" in capsys.readouterr().err and not (tmp_path / "b").exists()


def test_init_alamat_becomes_the_site_address_digest_uses(tmp_path: Path, capsys, monkeypatch) -> None:
    assert init(tmp_path / "a", "35.78", extra=("--alamat", "https://humas-surabaya.github.io/kabar-desa")) == 0
    text = (tmp_path / "a" / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_url: !ENV [KD_SITE_URL, "https://humas-surabaya.github.io/kabar-desa/"]' in text
    monkeypatch.delenv("KD_SITE_URL", raising=False)
    from kabardesa.site_config import read_site_config
    assert read_site_config(tmp_path / "a").site_url == "https://humas-surabaya.github.io/kabar-desa/"
    assert init(tmp_path / "b", "35.78", extra=("--alamat", "javascript:alert(1)")) == 1
    assert "--alamat 'javascript:alert(1)' bukan alamat web" in capsys.readouterr().err and not (tmp_path / "b").exists()


def test_daftar_lists_the_kabupaten_of_a_province(capsys) -> None:
    assert main(["init", "--daftar", "35"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "35.24 Kabupaten Lamongan" in lines and "35.78 Kota Surabaya" in lines and len(lines) == 38


# -- the template follows this repository's own site ------------------------------------


VERBATIM = [".pre-commit-config.yaml", ".github/pull_request_template.md", ".github/workflows/check.yml",
            ".github/workflows/deploy.yml", "hooks/kabar_hooks.py", "data/categories.yml", "docs/cari.md",
            *(f"docs/panduan/{p.name}" for p in sorted((REPO / "docs" / "panduan").glob("*.md")))]


@pytest.mark.parametrize("rel", VERBATIM)
def test_template_file_equals_this_repositorys(rel: str) -> None:
    """Edit both together: the template is what every new Polres site starts from."""
    template = TEMPLATE_DIR / "/".join("dot-" + p[1:] if p.startswith(".") else p for p in rel.split("/"))
    same = template.read_text(encoding="utf-8") == (REPO / rel).read_text(encoding="utf-8")
    assert same, f"template out of date: cp {rel} {template.relative_to(REPO)}"


def test_gresik_site_from_init_matches_this_repositorys_config(tmp_path: Path) -> None:
    assert init(tmp_path / "g", "35.25") == 0
    made, ours = ({k: v for k, v in yaml.load(p.read_text(encoding="utf-8"), Loader=_EnvLoader).items() if k != "copyright"}
                  for p in (tmp_path / "g" / "mkdocs.yml", REPO / "mkdocs.yml"))
    assert made == ours
    pins = [line for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert (tmp_path / "g" / "requirements.txt").read_text(encoding="utf-8").splitlines()[-len(pins) - 1:] == ["kabardesa==0.1.0", *pins]


def test_site_workflows_drop_this_repositorys_tests(tmp_path: Path) -> None:
    for old, _ in WORKFLOW_EDITS[:2]:
        assert all(old in (REPO / ".github" / "workflows" / w).read_text(encoding="utf-8") for w in ("check.yml", "deploy.yml"))
    assert init(tmp_path / "s", "35.78") == 0
    for name in ("check.yml", "deploy.yml"):
        text = (tmp_path / "s" / ".github" / "workflows" / name).read_text(encoding="utf-8")
        assert "pytest" not in text and "requirements-dev" not in text and "-e ." not in text
        assert "pip install -r requirements.txt" in text and "kabardesa check" in text and "mkdocs build --strict" in text
        yaml.safe_load(text)


# -- a new site builds at once, with the package's templates and assets ---------------


BUILT = ["kota-surabaya", "lamongan", "kepulauan-seribu", "jayapura-desa-adat", "sebagian-lamongan"]


@pytest.mark.build
@pytest.mark.parametrize("case", BUILT)
def test_a_new_site_builds_strict_with_a_page_for_every_village(tmp_path: Path, case: str) -> None:
    import subprocess
    import sys

    terms, count, _ = CASES[case]
    site = tmp_path / case
    assert init(site, *terms) == 0
    assert not (site / "overrides").exists() and not (site / "docs" / "assets").exists()
    engine = "properdocs" if os.environ.get("KD_ENGINE") == "properdocs" else "mkdocs"
    result = subprocess.run([sys.executable, "-m", engine, "build", "--strict"], cwd=site,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    built = site / "site"
    assert len(list(built.glob("desa/*/index.html"))) == count
    assert (built / "assets" / "kabardesa.css").is_file() and (built / "assets" / "search.js").is_file()
    home = (built / "index.html").read_text(encoding="utf-8")
    assert "assets/kabardesa.css" in home and 'lang="id"' in home
