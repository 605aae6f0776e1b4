"""The Gresik sample deployment in this repository: its data/ registries and its sample stories.

Every other code test runs on the small fixture registry (tests/fixtures/registry/); the
counts and contents of Kabupaten Gresik (356 villages, 18 kecamatan and Polsek, 16 sample
officers, 16 categories) are asserted here only.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from conftest import DATA, REPO, Project
from kabardesa.cli import main
from kabardesa.digest_text import whatsapp_text
from kabardesa.registry import Registry, load_registry
from kabardesa.text import slugify
from test_digest_text import SITE_NAME, SITE_URL, _check_truncated, _many

CATEGORY_SLUGS = {
    "sambang", "dds", "patroli-dialogis", "binluh", "deteksi-dini", "problem-solving",
    "siskamling", "tiga-pilar", "jumat-curhat", "pengamanan", "bakti-sosial", "pelayanan",
    "pendampingan", "kemitraan", "imbauan", "arahan-pimpinan",
}
REPEATED_NAMES = {
    "Banjarsari": 2, "Banyuurip": 2, "Kandangan": 2, "Karangrejo": 2, "Kramat": 2,
    "Ngampel": 2, "Sidomukti": 2, "Sukodono": 2, "Sukorejo": 3, "Sumengko": 2,
}
# Names that differ only by spacing read the same to the village lookup, so they count as repeated.
SPACING_TWINS = {"Sidokumpul", "Sido Kumpul"}


@pytest.fixture(scope="module")
def registry() -> Registry:
    """The Gresik registries in data/ (overrides conftest's fixture registry in this module)."""
    return load_registry(DATA)


@pytest.fixture
def project(tmp_path: Path, now) -> Project:
    """A project on the Gresik registries (overrides conftest's fixture-registry project here)."""
    root = tmp_path / "proyek"
    shutil.copytree(DATA, root / "data")
    (root / "stories").mkdir()
    return Project(root=root, now=now)


def test_356_villages_with_unique_slugs_and_codes(registry):
    villages = list(registry.villages.values())
    assert len(villages) == 356
    assert len({v.slug for v in villages}) == 356
    assert len({v.code for v in villages}) == 356
    assert all(re.fullmatch(r"35\.25\.\d{2}\.[12]\d{3}", v.code) for v in villages)
    # Kemendagri: 2xxx is a desa, 1xxx a kelurahan
    assert all(v.type == ("kelurahan" if v.code[9] == "1" else "desa") for v in villages)


def test_csv_has_one_row_per_village():
    lines = [line for line in (DATA / "villages.csv").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert len(lines) == 1 + 356  # header + rows


def test_ten_repeated_names_get_kecamatan_suffixed_slugs(registry):
    counts = Counter(v.name for v in registry.villages.values())
    assert {name: n for name, n in counts.items() if n > 1} == REPEATED_NAMES
    for village in registry.villages.values():
        if village.name in REPEATED_NAMES or village.name in SPACING_TWINS:
            assert village.slug == f"{slugify(village.name)}-{slugify(village.kecamatan)}"
        else:
            assert village.slug == slugify(village.name)


def test_18_kecamatan_each_covered_by_exactly_one_polsek(registry):
    kecamatan = registry.kecamatan_names()
    assert len(kecamatan) == 18
    covered = Counter(k for p in registry.polsek.values() for k in p.kecamatan)
    assert set(covered) == set(kecamatan)
    assert all(n == 1 for n in covered.values())
    for village in registry.villages.values():
        assert village.kecamatan in registry.polsek_of(village).kecamatan


def test_sample_officers(registry):
    officers = list(registry.officers.values())
    assert len(officers) >= 15
    kecamatan = {registry.villages[slug].kecamatan for o in officers for slug in o.villages}
    assert len(kecamatan) >= 6
    for officer in officers:
        assert officer.sample is True, officer.id
        # fictional numbers only: 0812-0000-xxxx
        assert re.fullmatch(r"\+62 812-0000-\d{4}", officer.whatsapp), officer.whatsapp
        assert officer.whatsapp_digits.startswith("628120000")
        assert officer.villages and all(slug in registry.villages for slug in officer.villages)
    assert len({o.whatsapp for o in officers}) == len(officers)


def test_officers_file_says_they_are_fictional():
    header = (DATA / "officers.yml").read_text(encoding="utf-8").split("\n- ", 1)[0]
    assert "FIKTIF" in header


def test_all_16_categories(registry):
    assert set(registry.categories) == CATEGORY_SLUGS
    for category in registry.categories.values():
        assert category.name.strip() and category.meaning.strip()


def test_the_real_registry_loads(tmp_path: Path):
    shutil.copytree(DATA, tmp_path / "data")
    assert len(load_registry(tmp_path / "data").villages) == 356


def test_sample_stories_pass_check(capsys):
    code = main(["--root", str(REPO), "check"])
    out, err = capsys.readouterr()
    assert (code, out) == (0, ""), out
    assert err.startswith("Semua beres: ")
    assert int(err.split()[2]) == len(list((REPO / "stories").rglob("*.md")))


def test_whatsapp_many_stories_covers_all_eighteen_polsek(project, valid_meta, registry):
    polsek = list(registry.polsek)
    assert len(polsek) == 18
    digest = _many(project, valid_meta, registry, polsek)
    text = whatsapp_text(digest, SITE_URL, SITE_NAME)
    shown = _check_truncated(digest, text)
    assert {s.polsek[0].slug for s in shown} == set(polsek)
