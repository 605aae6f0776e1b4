"""Validated stories kept between runs (.cache/kabardesa/stories.json): reused by content, never stale."""

from __future__ import annotations

import json

import pytest
from PIL import Image

import kabardesa.catalog
from kabardesa.story_cache import STORE_FILE
from test_check_photos import gps_jpeg


@pytest.fixture
def validations(monkeypatch):
    """The paths validate_story ran for (each run of the catalog appends to it)."""
    seen: list[str] = []
    original = kabardesa.catalog.validate_story

    def spy(source, *args, **kwargs):
        seen.append(source.rel_path)
        return original(source, *args, **kwargs)

    monkeypatch.setattr(kabardesa.catalog, "validate_story", spy)
    return seen


def _photo(path):
    Image.new("RGB", (60, 40), (20, 90, 40)).save(path, quality=85)


def test_a_second_run_validates_nothing_and_gives_the_same_stories(project, valid_meta, validations):
    project.write("2025-05-01-ronda.md", valid_meta)
    project.write("2025-05-02-sambang.md", dict(valid_meta, title="Sambang Warga", officer="aipda-contoh-satu", village="sekapuk"))
    first = project.catalog()
    assert len(validations) == 2 and (project.root / STORE_FILE).is_file()
    second = project.catalog()
    assert len(validations) == 2  # nothing parsed or checked again
    assert second.stories == first.stories and second.problems == first.problems
    assert [s.fingerprint for s in second.stories] == [s.fingerprint for s in first.stories]
    assert any(p.severity == "advice" for p in second.problems)  # advice comes back from the store too
    assert [s.body for s in second.stories] == [s.body for s in first.stories]


def test_an_edited_story_is_validated_again(project, valid_meta, validations):
    path = project.write("2025-05-01-ronda.md", valid_meta)
    project.catalog()
    project.write("2025-05-01-ronda.md", dict(valid_meta, village="Lowayo"))
    catalog = project.catalog()
    assert len(validations) == 2 and catalog.stories == []
    assert "desa 'Lowayo' tidak dikenal" in catalog.errors[0].message
    project.write("2025-05-01-ronda.md", dict(valid_meta, title="Judul Baru di Lowayu"))
    assert project.catalog().stories[0].title == "Judul Baru di Lowayu"
    assert path.is_file()


def test_a_replaced_photo_is_checked_again(project, valid_meta, validations):
    """The text is unchanged but the photo now carries GPS: the store must not hide the error."""
    path = project.write("2025-05-01-ronda.md", dict(valid_meta, image="ronda.jpg", image_alt="Warga meronda"))
    _photo(path.parent / "ronda.jpg")
    assert project.catalog().stories
    gps_jpeg(path.parent / "ronda.jpg", size=(60, 40))
    catalog = project.catalog()
    assert len(validations) == 2 and catalog.stories == []
    assert any("ronda.jpg" in p.message and p.field == "image" for p in catalog.errors), catalog.errors


def test_a_registry_change_empties_the_store(project, valid_meta, validations):
    project.write("2025-05-01-ronda.md", valid_meta)
    project.catalog()
    categories = project.root / "data" / "categories.yml"
    categories.write_text(categories.read_text(encoding="utf-8") + "\n# diubah\n", encoding="utf-8")
    project.catalog()  # comments do not change the registry: still reused
    assert len(validations) == 1
    categories.write_text(categories.read_text(encoding="utf-8").replace("Siskamling", "Ronda Siskamling", 1), encoding="utf-8")
    catalog = project.catalog()
    assert len(validations) == 2 and catalog.stories[0].category.name == "Ronda Siskamling"


def test_a_damaged_or_foreign_store_is_ignored(project, valid_meta, validations):
    project.write("2025-05-01-ronda.md", valid_meta)
    store = project.root / STORE_FILE
    store.parent.mkdir(parents=True)
    for damaged in ("{not json", json.dumps({"key": "lain", "entries": {}}), json.dumps([1, 2])):
        store.write_text(damaged, encoding="utf-8")
        assert len(project.catalog().stories) == 1
    data = json.loads(store.read_text(encoding="utf-8"))
    (entry,) = data["entries"].values()
    entry["officer"] = "tidak-ada"  # an entry naming what the registry lacks: validated again, not a crash
    store.write_text(json.dumps(data), encoding="utf-8")
    before = len(validations)
    assert project.catalog().stories[0].officer.id == "aipda-contoh-satu"
    assert len(validations) == before + 1


def test_a_deleted_story_leaves_the_store(project, valid_meta):
    keep = project.write("2025-05-01-ronda.md", valid_meta)
    gone = project.write("2025-05-02-sambang.md", dict(valid_meta, title="Sambang Warga"))
    project.catalog()
    gone.unlink()
    project.catalog()
    data = json.loads((project.root / STORE_FILE).read_text(encoding="utf-8"))
    assert len(data["entries"]) == 1 and keep.is_file()


def test_reading_part_of_the_stories_keeps_the_others(project, valid_meta):
    first = project.write("2025-05-01-ronda.md", valid_meta)
    project.write("2025-05-02-sambang.md", dict(valid_meta, title="Sambang Warga"))
    project.catalog()
    project.catalog(paths=[first])
    data = json.loads((project.root / STORE_FILE).read_text(encoding="utf-8"))
    assert len(data["entries"]) == 2


def test_a_store_entry_pointing_outside_the_stories_is_not_trusted(project, valid_meta, validations, tmp_path):
    """The store comes back from a CI cache: an entry naming a photo outside stories/ is validated again."""
    path = project.write("2025-05-01-ronda.md", dict(valid_meta, image="ronda.jpg", image_alt="Warga meronda"))
    _photo(path.parent / "ronda.jpg")
    project.catalog()
    outside = tmp_path / "di-luar.jpg"
    _photo(outside)
    store = project.root / STORE_FILE
    data = json.loads(store.read_text(encoding="utf-8"))
    (entry,) = data["entries"].values()
    from kabardesa.story_cache import photo_signature

    entry["image"] = str(outside)
    entry["photos"] = [photo_signature(outside)]
    store.write_text(json.dumps(data), encoding="utf-8")
    catalog = project.catalog()
    assert len(validations) == 2 and catalog.stories[0].image == (path.parent / "ronda.jpg")
