"""A whole project: every file read, every invalid story reported, shared URLs caught."""

from __future__ import annotations

import pytest

from kabardesa.catalog import StoryReader, find_root, load_catalog
from kabardesa.problems import ProblemsFound


def test_valid_stories_newest_first(project, valid_meta):
    project.write("2025-05-01-awal.md", dict(valid_meta, date="2025-05-01"))
    project.write("2025-05-23-akhir.md", dict(valid_meta, date="23 Mei 2025"))
    project.write("2025-04-30-april.md", dict(valid_meta, date="30/04/2025"), folder="2025/04")
    catalog = project.catalog()
    assert [p for p in catalog.problems if p.severity != "advice"] == []  # advice: an officer outside their villages
    assert catalog.files_read == 3
    assert [s.slug for s in catalog.stories] == ["akhir", "awal", "april"]


def test_drafts_are_valid_but_not_published(project, valid_meta):
    project.write("2025-05-01-draf.md", dict(valid_meta, draft=True))
    project.write("2025-05-02-terbit.md", valid_meta)
    catalog = project.catalog()
    assert [s.slug for s in catalog.stories] == ["terbit", "draf"]
    assert [s.slug for s in catalog.published()] == ["terbit"]


def test_every_invalid_story_is_reported_and_none_vanishes(project, valid_meta):
    broken = {
        "2025-05-02-tanpa-kategori.md": {k: v for k, v in valid_meta.items() if k != "category"},
        "2025-05-03-judul.md": {"judul": "x", **valid_meta},
        "2025-05-04-tanggal.md": dict(valid_meta, date="32/13/2025"),
        "2025-05-05-ambigu.md": dict(valid_meta, village="Sukorejo"),
        "2025-05-06-petugas.md": dict(valid_meta, officer="tidak-ada"),
    }
    for name, meta in broken.items():
        project.write(name, meta)
    project.write_raw("2025-05-07-kosong.md", "")
    project.write_raw("2025-05-08-latin1.md", "---\ntitle: caf\u00e9\n---\n".encode("latin-1"))
    project.write_raw("2025-05-09-yaml.md", "---\ntitle: [x\n---\n")
    project.write("2025-05-10-baik.md", valid_meta)
    catalog = project.catalog()
    assert catalog.files_read == 9
    assert [s.slug for s in catalog.stories] == ["baik"]
    named = {p.path for p in catalog.errors}
    expected = {f"stories/2025/05/{name}" for name in [*broken, "2025-05-07-kosong.md", "2025-05-08-latin1.md", "2025-05-09-yaml.md"]}
    assert named == expected
    assert catalog.problems == sorted(catalog.problems)


def test_two_stories_sharing_one_url(project, valid_meta):
    first = project.write("2025-05-01-ronda.md", dict(valid_meta, date="2025-05-01"))
    second = project.write("2025-05-20-ronda.md", dict(valid_meta, date="2025-05-20"), folder="2025/05/lain")
    catalog = project.catalog()
    assert [p.format() for p in catalog.errors] == [
        f"{project.rel(first)}:1: alamat /berita/2025/05/ronda/ juga dipakai oleh {project.rel(second)}; ganti nama berkas salah satunya",
        f"{project.rel(second)}:1: alamat /berita/2025/05/ronda/ juga dipakai oleh {project.rel(first)}; ganti nama berkas salah satunya",
    ]


def test_url_follows_the_date_not_the_folder(project, valid_meta):
    # filed under 05/ but dated June: its URL is /berita/2025/06/, and no clash with May's
    project.write("2025-05-01-ronda.md", dict(valid_meta, date="2025-05-01"))
    project.write("2025-06-01-ronda.md", dict(valid_meta, date="2025-06-01"))
    catalog = project.catalog()
    assert catalog.errors == []
    assert sorted(s.url for s in catalog.stories) == ["berita/2025/05/ronda/", "berita/2025/06/ronda/"]


def test_same_name_in_different_months_is_fine(project, valid_meta):
    project.write("2025-05-01-ronda.md", dict(valid_meta, date="2025-05-01"))
    project.write("2025-04-01-ronda.md", dict(valid_meta, date="2025-04-01"), folder="2025/04")
    assert project.catalog().errors == []


def test_future_date_uses_the_given_now(project, valid_meta, now):
    project.write("2025-06-03-besok-lusa.md", dict(valid_meta, date="2025-06-03"))
    assert [p.field for p in project.catalog().errors] == ["date"]
    assert load_catalog(project.root, now=now.replace(day=10)).errors == []


def test_only_the_given_paths(project, valid_meta):
    good = project.write("2025-05-01-baik.md", valid_meta)
    project.write("2025-05-02-rusak.md", dict(valid_meta, officer="x"))
    catalog = project.catalog(paths=[good])
    assert catalog.files_read == 1 and catalog.errors == []


def test_registry_problems_raise(project):
    (project.root / "data" / "categories.yml").write_text("- {slug: x}\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        project.catalog()
    assert any("entri kategori tidak lengkap" in p.message for p in caught.value.problems)


def test_find_root_walks_up(project, tmp_path):
    assert find_root(project.stories / "2025") == project.root.resolve()
    assert find_root(project.root) == project.root.resolve()
    elsewhere = tmp_path / "kosong"
    elsewhere.mkdir()
    assert find_root(elsewhere) == elsewhere.resolve()


def test_reader_cache_reuses_unchanged_files_and_rereads_changed_ones(project, valid_meta):
    path = project.write("2025-05-01-ronda.md", valid_meta)
    reader = StoryReader()
    first = reader.read(path, "a")
    assert reader.read(path, "a") is first
    project.write("2025-05-01-ronda.md", dict(valid_meta, title="Judul yang jauh lebih panjang dari sebelumnya"))
    second = reader.read(path, "a")
    assert second is not first and second.meta["title"].startswith("Judul yang jauh")
    reader.clear()
    assert reader.read(path, "a") is not second


def test_a_story_linked_from_outside_the_project_is_refused(project, valid_meta, tmp_path):
    outside = tmp_path / "di-luar.md"
    source = project.write("2025-05-23-asli.md", valid_meta)
    outside.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    link = project.path("2025-05-24-tautan.md")
    link.symlink_to(outside)
    catalog = project.catalog()
    assert [s.rel_path for s in catalog.stories] == ["stories/2025/05/2025-05-23-asli.md"]
    assert [p.format() for p in catalog.problems] == [
        "stories/2025/05/2025-05-24-tautan.md:1: berkas cerita ini tautan ke luar repositori; salin isinya ke sini sebagai berkas biasa"
    ]


def test_a_linked_folder_is_not_entered(project, valid_meta, tmp_path):
    elsewhere = tmp_path / "folder-lain"
    elsewhere.mkdir()
    (elsewhere / "2025-05-23-cerita.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (project.stories / "2025" / "06").parent.mkdir(parents=True, exist_ok=True)
    (project.stories / "tautan").symlink_to(elsewhere, target_is_directory=True)
    catalog = project.catalog()
    assert catalog.files_read == 0
    assert [p.format() for p in catalog.problems] == [
        "stories/tautan:1: folder ini tautan (symlink) dan tidak dibuka; salin berkas ceritanya ke folder biasa di stories/"
    ]


def test_validation_is_reused_for_unchanged_files_only(project, valid_meta, registry, now):
    path = project.write("2025-05-01-ronda.md", valid_meta)
    reader = StoryReader()
    first = reader.check(path, "a", registry, project.stories, now)
    assert reader.check(path, "a", registry, project.stories, now) is first
    project.write("2025-05-01-ronda.md", dict(valid_meta, village="Lowayo"))
    story, problems = reader.check(path, "a", registry, project.stories, now)
    assert story is None and "desa 'Lowayo' tidak dikenal" in problems[0].message


def test_a_story_with_problems_is_checked_again_when_its_photo_arrives(project, valid_meta, registry, now):
    path = project.write("2025-05-01-ronda.md", dict(valid_meta, image="ronda.jpg", image_alt="Warga meronda"))
    reader = StoryReader()
    story, problems = reader.check(path, "a", registry, project.stories, now)
    assert story is None and "berkas foto 'ronda.jpg' tidak ditemukan" in problems[0].message
    from PIL import Image

    Image.new("RGB", (40, 30), "white").save(path.parent / "ronda.jpg")
    story, problems = reader.check(path, "a", registry, project.stories, now)
    assert problems == [] and story.image.name == "ronda.jpg"


def test_a_story_with_only_advice_or_warnings_is_not_checked_again(project, valid_meta, registry, now):
    meta = dict(valid_meta, officer="aipda-contoh-satu", village="sekapuk")  # not one of the officer's villages
    path = project.write("2025-05-01-ronda.md", meta)
    reader = StoryReader()
    first = reader.check(path, "a", registry, project.stories, now)
    story, problems = first
    assert story is not None and problems and all(p.severity != "error" for p in problems)  # advice
    assert reader.check(path, "a", registry, project.stories, now) is first  # reused: 10,000 stories per rebuild
