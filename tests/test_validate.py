"""Validating one story against the registries: every rule, every problem collected."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from PIL import Image

from kabardesa.dates import WIB
from kabardesa.model import Story

PATH = "stories/2025/05/2025-05-23-cerita.md"


def only(lines: list[str]) -> str:
    assert len(lines) == 1, lines
    return lines[0]


def test_valid_story(check_story, valid_meta):
    story, lines = check_story(valid_meta)
    assert lines == []
    assert isinstance(story, Story)
    assert story.rel_path == PATH
    assert story.slug == "cerita"
    assert story.url == "berita/2025/05/cerita/"
    assert story.published == story.published.replace(2025, 5, 23, 19, 30) and story.published.tzinfo is WIB
    assert [v.slug for v in story.villages] == ["lowayu"]
    assert [p.slug for p in story.polsek] == ["dukun"]
    assert story.scope == "desa"
    assert story.officer.id == "aipda-contoh-satu" and story.category.slug == "siskamling"
    assert story.tags == ("ronda", "pos-kamling")
    assert story.summary == "Warga dan Bhabinkamtibmas sepakat menghidupkan jadwal ronda bergilir."
    assert story.draft is False and story.image is None


# --- keys ------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["title", "date", "officer", "category"])
def test_missing_required_key(check_story, valid_meta, key):
    del valid_meta[key]
    story, lines = check_story(valid_meta)
    assert story is None
    assert only(lines) == f"{PATH}:1: kunci wajib '{key}' tidak ada atau kosong; tambahkan '{key}: ...' di front-matter"


@pytest.mark.parametrize("key, line", [("title", 2), ("officer", 5)])
def test_empty_required_key_points_at_its_line(check_story, valid_meta, key, line):
    valid_meta[key] = ""
    story, lines = check_story(valid_meta)
    assert story is None
    assert only(lines) == f"{PATH}:{line}: kunci wajib '{key}' tidak ada atau kosong; tambahkan '{key}: ...' di front-matter"


def test_all_required_keys_missing_are_all_reported(check_story):
    story, lines = check_story({"tags": ["x"]})
    assert story is None
    assert [line.split("'")[1] for line in lines] == ["title", "date", "officer", "category"]


@pytest.mark.parametrize(
    "key, hint",
    [("judul", "title"), ("tanggal", "date"), ("desa", "village"), ("petugas", "officer"), ("kategori", "category"),
     ("gambar", "image"), ("Judul", "title"), ("categry", "category"), ("villages", "village"), ("titel", "title")],
)
def test_unknown_key_did_you_mean(check_story, valid_meta, key, hint):
    valid_meta[key] = "x"
    story, lines = check_story(valid_meta)
    assert story is None
    assert only(lines) == f"{PATH}:8: kunci '{key}' tidak dikenal; maksud Anda: {hint}?"


def test_unknown_key_without_a_close_match_lists_the_known_keys(check_story, valid_meta):
    valid_meta["zzzz"] = 1
    _, lines = check_story(valid_meta)
    assert only(lines).startswith(f"{PATH}:8: kunci 'zzzz' tidak dikenal; kunci yang dikenal: title, date, officer, category, village")


def test_judul_instead_of_title_gives_both_lines(check_story, valid_meta):
    valid_meta = {"judul": valid_meta.pop("title"), **valid_meta}
    _, lines = check_story(valid_meta)
    assert sorted(lines) == [
        f"{PATH}:1: kunci wajib 'title' tidak ada atau kosong; tambahkan 'title: ...' di front-matter",
        f"{PATH}:2: kunci 'judul' tidak dikenal; maksud Anda: title?",
    ]


def test_every_problem_in_a_file_is_collected(check_story):
    meta = {
        "judul": "x",
        "title": "A" * 121,
        "date": "32/13/2025",
        "village": ["Sukorejo", "Lowayo"],
        "polsek": "Polsek Cermee",
        "officer": "aipda-contoh-satuu",
        "category": "sambng",
        "draft": "ya",
    }
    story, lines = check_story(meta)
    assert story is None
    assert sorted(lines) == [
        f"{PATH}:2: kunci 'judul' tidak dikenal; maksud Anda: title?",
        f"{PATH}:3: judul terlalu panjang (121 karakter); paling banyak 120 karakter",
        f"{PATH}:4: tanggal '32/13/2025' tidak ada di kalender; periksa hari, bulan dan jam",
        f"{PATH}:5: desa 'Lowayo' tidak dikenal; maksud Anda: lowayu?",
        f"{PATH}:5: desa 'Sukorejo' ada di lebih dari satu kecamatan; tulis salah satu: sukorejo-sidayu (Kec. Sidayu), sukorejo-bungah (Kec. Bungah), sukorejo-kebomas (Kec. Kebomas)",
        f"{PATH}:6: Polsek 'Polsek Cermee' tidak dikenal; maksud Anda: cerme?",
        f"{PATH}:7: petugas 'aipda-contoh-satuu' tidak dikenal; maksud Anda: aipda-contoh-satu, aipda-contoh-lima, aipda-contoh-sebelas?",
        f"{PATH}:8: kategori 'sambng' tidak dikenal; maksud Anda: sambang, siskamling?",
        f"{PATH}:9: 'draft' harus true atau false, bukan 'ya'",
    ]


# --- title -------------------------------------------------------------------------------


def test_title_of_120_characters_is_fine(check_story, valid_meta):
    valid_meta["title"] = "Ronda " + "x" * 114
    story, lines = check_story(valid_meta)
    assert lines == [] and len(story.title) == 120


def test_title_of_121_characters_is_an_error(check_story, valid_meta):
    valid_meta["title"] = "Ronda " + "x" * 115
    _, lines = check_story(valid_meta)
    assert only(lines) == f"{PATH}:2: judul terlalu panjang (121 karakter); paling banyak 120 karakter"


def test_title_must_be_text(check_story, valid_meta):
    valid_meta["title"] = ["a", "b"]
    _, lines = check_story(valid_meta)
    assert only(lines) == f"{PATH}:2: 'title' harus berupa teks biasa, bukan daftar atau pasangan kunci"


# --- date --------------------------------------------------------------------------------


@pytest.mark.parametrize("written", ["2025-05-23", "2025-05-23 09:30", "23-05-2025", "23/05/2025", "23 Mei 2025"])
def test_every_accepted_date_form(check_story, valid_meta, written):
    valid_meta["date"] = written
    story, lines = check_story(valid_meta)
    assert lines == []
    assert (story.published.year, story.published.month, story.published.day) == (2025, 5, 23)


def test_other_date_forms_are_errors(check_story, valid_meta):
    valid_meta["date"] = "32/13/2025"
    story, lines = check_story(valid_meta)
    assert story is None
    assert only(lines) == f"{PATH}:3: tanggal '32/13/2025' tidak ada di kalender; periksa hari, bulan dan jam"


def test_unrecognised_date(check_story, valid_meta):
    valid_meta["date"] = "kemarin sore"
    _, lines = check_story(valid_meta)
    assert only(lines).startswith(f"{PATH}:3: tanggal 'kemarin sore' tidak dikenali; tulis seperti 2025-05-23")


def test_date_more_than_a_day_ahead(check_story, valid_meta, now):
    valid_meta["date"] = (now + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    story, lines = check_story(valid_meta)
    assert story is None
    assert only(lines) == f"{PATH}:3: tanggal Selasa, 3 Juni 2025 lebih dari sehari di masa depan; periksa tahun dan bulannya"


def test_date_later_today_or_tomorrow_is_fine(check_story, valid_meta, now):
    valid_meta["date"] = (now + timedelta(hours=20)).strftime("%Y-%m-%d %H:%M")
    story, lines = check_story(valid_meta)
    assert lines == [] and story.published > now


# --- villages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["lowayu", "35.25.01.2007", "Lowayu", "LOWAYU", "Desa Lowayu", "Ds. Lowayu", "Ds.Lowayu", "ds lowayu"],
)
def test_village_by_slug_code_name_and_prefix(check_story, valid_meta, written):
    valid_meta["village"] = written
    story, lines = check_story(valid_meta)
    assert lines == []
    assert [v.slug for v in story.villages] == ["lowayu"]


@pytest.mark.parametrize("written", ["Kel. Gending", "Kelurahan Gending", "kel gending"])
def test_kelurahan_prefixes(check_story, valid_meta, written):
    valid_meta.update(village=written, officer="aiptu-contoh-tujuh")
    story, lines = check_story(valid_meta)
    assert lines == [] and story.villages[0].slug == "gending"
    assert story.villages[0].label == "Kelurahan Gending"


def test_village_alias(check_story, valid_meta):
    valid_meta.update(village="Ujung Pangkah Kulon", officer="aiptu-contoh-tiga")
    story, lines = check_story(valid_meta)
    assert lines == [] and story.villages[0].slug == "pangkahkulon"


def test_several_villages_keep_order_and_drop_repeats(check_story, valid_meta):
    valid_meta["village"] = ["Sawo", "lowayu", "Desa Lowayu", "sukorejo-kebomas"]
    story, lines = check_story(valid_meta)
    # Sukorejo is not among aipda-contoh-satu's villages: a warning for the editor, on the village line
    assert lines == ["stories/2025/05/2025-05-23-cerita.md:4: peringatan: Desa Sukorejo bukan desa binaan Aipda Bagus Contoh "
                     "(aipda-contoh-satu); bila benar (misalnya membantu desa tetangga) biarkan, bila keliru perbaiki 'village' atau 'officer'"]
    assert [v.slug for v in story.villages] == ["sawo", "lowayu", "sukorejo-kebomas"]
    assert [p.slug for p in story.polsek] == ["dukun", "kebomas"]
    assert story.place_label == "Desa Sawo, Desa Lowayu, Desa Sukorejo"


def test_unknown_village_suggests_the_closest(check_story, valid_meta):
    valid_meta["village"] = "Desa Lowayo"
    story, lines = check_story(valid_meta)
    assert story is None
    assert only(lines) == f"{PATH}:4: desa 'Desa Lowayo' tidak dikenal; maksud Anda: lowayu?"


def test_unknown_kecamatan_name_suggests_its_villages(check_story, valid_meta):
    valid_meta["village"] = "Ujung Pangkah"
    _, lines = check_story(valid_meta)
    line = only(lines)
    assert line.startswith(f"{PATH}:4: desa 'Ujung Pangkah' tidak dikenal; maksud Anda: ")
    assert "pangkahkulon" in line and "pangkahwetan" in line


def test_unknown_village_with_nothing_close(check_story, valid_meta):
    valid_meta["village"] = "Qwxyzzz"
    _, lines = check_story(valid_meta)
    assert only(lines) == f"{PATH}:4: desa 'Qwxyzzz' tidak dikenal; lihat `kabardesa list villages`"


def test_ambiguous_village_lists_candidates_with_kecamatan(check_story, valid_meta):
    valid_meta["village"] = "Desa Sukorejo"
    story, lines = check_story(valid_meta)
    assert story is None
    assert only(lines) == (
        f"{PATH}:4: desa 'Desa Sukorejo' ada di lebih dari satu kecamatan; tulis salah satu: "
        "sukorejo-sidayu (Kec. Sidayu), sukorejo-bungah (Kec. Bungah), sukorejo-kebomas (Kec. Kebomas)"
    )


@pytest.mark.parametrize(
    "value, start",
    [
        ({"nama": "Lowayu"}, "nilai 'village' tidak boleh berupa pasangan kunci"),  # refused by the reader
        ([["Lowayu"]], "daftar 'village' tidak boleh berisi daftar"),  # refused by the reader
        (True, "setiap desa ditulis sebagai teks"),
    ],
)
def test_village_must_be_text(check_story, valid_meta, value, start):
    valid_meta["village"] = value
    _, lines = check_story(valid_meta)
    assert only(lines).startswith(f"{PATH}:4: {start}")


# --- polsek, officer, category ------------------------------------------------------------------


def test_polsek_story_without_village(check_story, valid_meta):
    del valid_meta["village"]
    valid_meta["polsek"] = "Polsek Cerme"
    story, lines = check_story(valid_meta)
    assert lines == []
    assert story.scope == "polsek" and [p.slug for p in story.polsek] == ["cerme"]
    assert story.place_label == "Wilayah Polsek Cerme"


def test_polres_wide_story(check_story, valid_meta):
    del valid_meta["village"]
    story, lines = check_story(valid_meta)
    assert lines == [] and story.scope == "polres" and story.polsek == ()


def test_unknown_polsek(check_story, valid_meta):
    valid_meta["polsek"] = "Polsek Atlantis"
    _, lines = check_story(valid_meta)
    assert only(lines) == f"{PATH}:8: Polsek 'Polsek Atlantis' tidak dikenal; lihat `kabardesa list polsek`"


def test_polsek_that_does_not_cover_the_village(check_story, valid_meta):
    valid_meta["polsek"] = "cerme"
    _, lines = check_story(valid_meta)
    assert only(lines) == f"{PATH}:8: Polsek 'cerme' tidak mencakup desa cerita ini (desanya di dukun); hapus 'polsek' atau perbaiki 'village'"


def test_polsek_matching_the_village_is_fine(check_story, valid_meta):
    valid_meta["polsek"] = "Polsek Dukun"
    story, lines = check_story(valid_meta)
    assert lines == [] and [p.slug for p in story.polsek] == ["dukun"]


def test_unknown_officer(check_story, valid_meta):
    valid_meta["officer"] = "bripka-rekaan"
    story, lines = check_story(valid_meta)
    assert story is None
    assert only(lines).startswith(f"{PATH}:5: petugas 'bripka-rekaan' tidak dikenal")


def test_unknown_officer_far_from_any(check_story, valid_meta):
    valid_meta["officer"] = "zzz"
    _, lines = check_story(valid_meta)
    assert only(lines) == f"{PATH}:5: petugas 'zzz' tidak dikenal; lihat `kabardesa list officers`"


def test_unknown_category(check_story, valid_meta):
    valid_meta["category"] = "ronda"
    story, lines = check_story(valid_meta)
    assert story is None
    assert only(lines).startswith(f"{PATH}:6: kategori 'ronda' tidak dikenal")


def test_category_typo(check_story, valid_meta):
    valid_meta["category"] = "siskamlin"
    _, lines = check_story(valid_meta)
    assert only(lines) == f"{PATH}:6: kategori 'siskamlin' tidak dikenal; maksud Anda: siskamling?"


# --- image -----------------------------------------------------------------------------------------


@pytest.fixture
def photo(project):
    """A JPEG beside the story, in stories/2025/05/."""
    path = project.path("ronda.jpg")
    Image.new("RGB", (64, 48), "white").save(path, "JPEG")  # check decodes it: a real one
    return path


def with_image(meta, image, alt="Warga berjaga di pos kamling"):
    meta = dict(meta, image=image)
    if alt is not None:
        meta["image_alt"] = alt
    return meta


def test_image_beside_the_story(check_story, valid_meta, photo):
    story, lines = check_story(with_image(valid_meta, "ronda.jpg"))
    assert lines == []
    assert story.image == photo.resolve() and story.image_alt == "Warga berjaga di pos kamling"


def test_image_in_a_subfolder(check_story, valid_meta, project):
    Image.new("RGB", (64, 48), "white").save(project.path("ronda.png", "2025/05/foto"), "PNG")
    story, lines = check_story(with_image(valid_meta, "foto/ronda.png"))
    assert lines == [] and story.image.name == "ronda.png"


def test_image_needs_alt(check_story, valid_meta, photo):
    story, lines = check_story(with_image(valid_meta, "ronda.jpg", alt=None))
    assert story is None
    assert only(lines) == f"{PATH}:8: foto perlu 'image_alt': tulis apa yang terlihat di foto, untuk pembaca tunanetra"


def test_image_with_dotdot_is_refused_even_inside_stories(check_story, valid_meta, project):
    # stories/2025/ronda.jpg exists and is inside stories/, but '..' is not allowed
    project.path("ronda.jpg", "2025").write_bytes(b"jpg")
    story, lines = check_story(with_image(valid_meta, "../ronda.jpg"))
    assert story is None
    assert only(lines) == f"{PATH}:8: foto '../ronda.jpg' harus berkas di samping cerita (tanpa '..', tanpa path absolut atau alamat web)"


def test_image_with_backslash_dotdot_is_refused(check_story, valid_meta, project):
    project.path("ronda.jpg", "2025").write_bytes(b"jpg")
    _, lines = check_story(with_image(valid_meta, "..\\ronda.jpg"))
    assert "harus berkas di samping cerita" in only(lines)


def test_absolute_image_path_is_refused(check_story, valid_meta, photo):
    story, lines = check_story(with_image(valid_meta, str(photo.resolve())))
    assert story is None
    assert "harus berkas di samping cerita (tanpa '..', tanpa path absolut atau alamat web)" in only(lines)


@pytest.mark.parametrize("image", ["C:\\foto\\ronda.jpg", "https://contoh.id/ronda.jpg"])
def test_windows_paths_and_urls_are_refused(check_story, valid_meta, image):
    _, lines = check_story(with_image(valid_meta, image))
    assert "harus berkas di samping cerita" in only(lines)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_leading_out_of_stories_is_refused(check_story, valid_meta, project):
    outside = project.root / "rahasia.jpg"
    outside.write_bytes(b"jpg")
    project.path("tautan.jpg").symlink_to(outside)
    story, lines = check_story(with_image(valid_meta, "tautan.jpg"))
    assert story is None
    assert only(lines) == f"{PATH}:8: foto 'tautan.jpg' menunjuk ke luar folder stories/; salin fotonya ke samping cerita"


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinked_folder_leading_out_is_refused(check_story, valid_meta, project):
    outside = project.root / "luar"
    outside.mkdir()
    (outside / "ronda.jpg").write_bytes(b"jpg")
    project.path("luar").symlink_to(outside, target_is_directory=True)
    _, lines = check_story(with_image(valid_meta, "luar/ronda.jpg"))
    assert "menunjuk ke luar folder stories/" in only(lines)


def test_missing_image_suggests_a_sibling(check_story, valid_meta, photo):
    _, lines = check_story(with_image(valid_meta, "ronda.jpeg"))
    assert only(lines) == f"{PATH}:8: berkas foto 'ronda.jpeg' tidak ditemukan; maksud Anda: ronda.jpg?"


def test_missing_image_without_siblings(check_story, valid_meta):
    _, lines = check_story(with_image(valid_meta, "ronda.jpg"))
    assert only(lines) == f"{PATH}:8: berkas foto 'ronda.jpg' tidak ditemukan; letakkan foto di folder yang sama dengan cerita"


def test_image_must_be_a_photo_format(check_story, valid_meta, project):
    project.path("ronda.gif").write_bytes(b"gif")
    _, lines = check_story(with_image(valid_meta, "ronda.gif"))
    assert only(lines) == f"{PATH}:8: foto 'ronda.gif' harus berformat JPG, PNG atau WebP"


def test_image_must_be_a_file(check_story, valid_meta, project):
    project.path("folder.jpg").mkdir()
    _, lines = check_story(with_image(valid_meta, "folder.jpg"))
    assert "berkas foto 'folder.jpg' tidak ditemukan" in only(lines)


# --- the rest ----------------------------------------------------------------------------------------


def test_draft(check_story, valid_meta):
    story, lines = check_story(dict(valid_meta, draft=True))
    assert lines == [] and story.draft is True


def test_tags_as_one_word_and_with_repeats(check_story, valid_meta):
    story, _ = check_story(dict(valid_meta, tags="ronda"))
    assert story.tags == ("ronda",)
    story, _ = check_story(dict(valid_meta, tags=["ronda", " ronda ", "", 2025]), name="2025-05-24-lain.md")
    assert story.tags == ("ronda", "2025")


def test_tags_must_be_words(check_story, valid_meta):
    _, lines = check_story(dict(valid_meta, tags=[{"a": 1}]))  # refused by the reader
    assert only(lines) == f"{PATH}:7: daftar 'tags' tidak boleh berisi daftar atau pasangan kunci; tulis satu nilai, atau daftar sederhana seperti tags: [satu, dua]"


def test_summary_given_or_first_paragraph(check_story, valid_meta, photo):
    story, _ = check_story(dict(valid_meta, summary="  Ringkasan singkat.  "))
    assert story.summary == "Ringkasan singkat."
    body = "# Judul\n\n![foto](ronda.jpg)\n\nWarga **Lowayu** berkumpul di [pos](https://x.id).\n\nLain.\n"
    story, _ = check_story(valid_meta, body=body, name="2025-05-24-lain.md")
    assert story.summary == "Warga Lowayu berkumpul di pos."


def test_reader_problems_are_passed_through(project, registry):
    path = project.write_raw("2025-05-23-kosong.md", b"")
    story, problems = project.validate(path, registry)
    assert story is None
    assert [p.format() for p in problems] == ["stories/2025/05/2025-05-23-kosong.md:1: berkas kosong; isi dengan front-matter dan cerita (lihat `kabardesa new`)"]


def test_kecamatan_name_suggests_its_closest_villages_first(check_story, valid_meta):
    valid_meta["village"] = "Ujung Pangkah"
    _, lines = check_story(valid_meta)
    suggestions = only(lines).split("maksud Anda: ")[1].rstrip("?").split(", ")
    assert sorted(suggestions[:2]) == ["pangkahkulon", "pangkahwetan"]
    assert len(suggestions) <= 4


def test_polsek_given_as_a_list_is_an_error(check_story, valid_meta):
    del valid_meta["village"]
    valid_meta["polsek"] = ["cerme"]
    story, lines = check_story(valid_meta)
    assert story is None
    assert "'polsek' berisi satu Polsek saja" in only(lines)


@pytest.mark.parametrize("written", ["23 Mei 2025, 09.30", "23 Mei 2025 pukul 09.30", "2025-05-23T09:30"])
def test_date_with_comma_or_pukul_before_the_time(check_story, valid_meta, written):
    valid_meta["date"] = written
    story, lines = check_story(valid_meta)
    assert lines == []
    assert (story.published.hour, story.published.minute) == (9, 30)
