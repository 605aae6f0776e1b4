"""docs/panduan/pesan-check.md explains every message ``kabardesa check`` prints.

The guide's ``### `…` `` headings are the messages as printed, with the parts an
officer's own writing fills in written as placeholders: ``'X'`` or ``'Y'`` (a value
in quotes), ``N`` (a number) and ``...`` (anything). This test runs ``check`` on
stories and photos made to break every rule, and requires each printed message
to match one heading. A new message therefore fails here until the guide has
its heading and its fix; a message whose wording changed, until the heading
follows. Messages check cannot reach from a file on disk (unreadable files,
bugs) are matched from the code's own constants or templates.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from conftest import FIXTURES, REPO, VALID_BODY, VALID_META, Project
from kabardesa import body_checks, docs_check, photo_files, photos, problems, reader
from kabardesa.catalog import OUTSIDE_LINK
from kabardesa.cli import main
from kabardesa.fields import SKELETON_BODY, SKELETON_MESSAGE

GUIDE = REPO / "docs" / "panduan" / "pesan-check.md"
HEADING = re.compile(r"^#{3,4} (`+) ?(.*?) ?\1\s*$", re.MULTILINE)
PLACE = re.compile(r"^[^:]+:\d+(?::\d+)?: (?:peringatan: )?")


def guide_patterns() -> list[re.Pattern[str]]:
    """Each message heading of the guide as a pattern: ``'X'``, ``N`` and ``...`` match what an officer wrote."""
    patterns = []
    for match in HEADING.finditer(GUIDE.read_text(encoding="utf-8")):
        pattern = re.escape(match.group(2)).replace(r"\.\.\.", ".*?").replace("…", "…")
        pattern = re.sub(r"\b[XYN]\b", ".+?", pattern)
        patterns.append(re.compile(pattern, re.DOTALL))
    return patterns


PATTERNS = guide_patterns()


def undocumented(messages: list[str]) -> list[str]:
    return [m for m in dict.fromkeys(messages) if not any(p.fullmatch(m) for p in PATTERNS)]


def printed_messages(capsys, *argv: str) -> list[str]:
    main(list(argv))
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line]
    assert all(PLACE.match(line) for line in lines), out
    return [PLACE.sub("", line, count=1) for line in lines]


def test_the_guide_has_message_headings() -> None:
    assert len(PATTERNS) > 60
    assert any(p.fullmatch("kunci 'judul' tidak dikenal; maksud Anda: title?") for p in PATTERNS)


def test_every_broken_fixture_message_is_in_the_guide(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    messages = printed_messages(capsys, "--root", str(REPO), "check", str(FIXTURES / "broken"))
    assert len(messages) >= 13
    assert undocumented(messages) == []


def _photo(path: Path, size: tuple[int, int] = (64, 48), gps: bool = False) -> None:
    if not gps:
        Image.new("RGB", size, "white").save(path, "JPEG")
        return
    exif = Image.Exif()
    exif[photo_files.GPS_IFD] = {1: "S", 2: (7.0, 10.0, 0.0)}
    Image.new("RGB", size, "white").save(path, "JPEG", exif=exif.tobytes())


ALT = "Warga dan Bhabinkamtibmas berjaga di pos kamling"
# One story per rule it breaks: (file name, changes to the valid front-matter, body).
STORIES = [
    ("a-kunci.md", {"judul": "x", "kategori": "y", "zzzqqq": 1}, None),
    ("b-teks.md", {"summary": ["daftar"], "title": "J" * 130}, None),
    ("c-tanggal.md", {"date": "kemarin sore"}, None),
    ("d-bulan.md", {"date": "23 Mai 2025"}, None),
    ("e-kalender.md", {"date": "2025-02-30"}, None),
    ("f-depan.md", {"date": "2030-01-01"}, None),
    ("g-desa.md", {"village": "Lowayo"}, None),
    ("h-desa.md", {"village": "Sukorejo"}, None),
    ("i-desa.md", {"village": "zzzzqqqq"}, None),
    ("j-desa.md", {"village": [1.5]}, None),
    ("k-polsek.md", {"polsek": ["dukun", "panceng"]}, None),
    ("l-polsek.md", {"polsek": "dukn"}, None),
    ("m-polsek.md", {"polsek": "zzzzqqqq"}, None),
    ("n-polsek.md", {"polsek": "panceng"}, None),
    ("o-petugas.md", {"officer": "aipda-contoh"}, None),
    ("p-petugas.md", {"officer": "zzzzqqqq", "category": "zzzzqqqq"}, None),
    ("q-kategori.md", {"category": "bakti sosal"}, None),
    ("r-label.md", {"tags": [{"a": 1}]}, None),
    ("s-draf.md", {"draft": "ya"}, None),
    ("t-wajib.md", {"officer": ""}, None),
    ("u-foto.md", {"image": "../x.jpg", "image_alt": ALT}, None),
    ("v-foto.md", {"image": "x.gif", "image_alt": ALT}, None),
    ("w-foto.md", {"image": "tidak-ada.jpg", "image_alt": ALT}, None),
    ("x-foto.md", {"image": "bersih.jpg"}, None),
    ("y-foto.md", {"image": "bersih.jpg", "image_alt": "foto"}, None),
    ("z-foto.md", {"image": "bersih.jpg", "image_alt": "IMG_20260912_080112.jpg"}, None),
    ("za-gps.md", {"image": "gps.jpg", "image_alt": ALT}, None),
    ("zb-besar.md", {"image": "besar.jpg", "image_alt": ALT}, None),
    ("zc-rusak.md", {"image": "rusak.jpg", "image_alt": ALT}, None),
    ("zd-bukan.md", {"image": "bukan.jpg", "image_alt": ALT}, None),
    ("ze-binaan.md", {"village": "tebuwung"}, None),
    ("zf-kerangka.md", {}, SKELETON_BODY),
    ("zg-nomor.md", {"pii_ok": ["1"]}, "NIK 3525010101900001, HP 0812-3456-7890.\n"),
    ("zh-isi.md", {}, "Warga.\n\n![](bersih.jpg)\n\n![Luar](https://contoh.invalid/x.jpg)\n\n<img src=\"bersih.jpg\" alt=\"x\">\n\n"
                      "[cerita lain](2025-05-01-lain.md)\n\n![Hilang](hilang.jpg)\n\n![Naik](../x.jpg)\n\n![Gif](x.gif)\n\n"
                      "![Lokasi](gps.jpg)\n"),
    ("2025-05-20-ronda.md", {}, None),
    ("2025-05-21-ronda.md", {}, None),
]


# Front-matter the YAML reader refuses before any field is checked.
RAW_FRONT_MATTER = {
    "ra-ganda.md": "title: Ronda\ntitle: Ronda lagi\ndate: 2025-05-23\n",
    "rb-alias.md": "title: &judul Ronda\nsummary: *judul\ndate: 2025-05-23\n",
    "rc-pasangan.md": "title: {a: 1}\ndate: 2025-05-23\n",
    "rd-kunci.md": "title: Ronda\n[a, b]: x\ndate: 2025-05-23\n",
    "re-kendali.md": "title: Ronda\x01\ndate: 2025-05-23\n",
}


@pytest.fixture
def broken_project(project: Project, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.chdir(project.root)
    for name, changes, body in STORIES:
        meta = {k: v for k, v in {**VALID_META, **changes}.items() if v != ""}  # "": the key left out
        project.write(name, meta, VALID_BODY if body is None else body)
    folder = project.stories / "2025" / "05"
    _photo(folder / "bersih.jpg")
    _photo(folder / "gps.jpg", gps=True)
    _photo(folder / "tidak-dipakai.jpg")
    Image.effect_noise((2100, 1500), 90).convert("RGB").save(folder / "besar.jpg", "JPEG", quality=100)
    (folder / "rusak.jpg").write_bytes((folder / "bersih.jpg").read_bytes()[:200])
    (folder / "bukan.jpg").write_bytes(b"%PDF-1.4 bukan foto")
    for name, front in RAW_FRONT_MATTER.items():
        project.write_raw(name, f"---\n{front}officer: aipda-contoh-satu\ncategory: siskamling\n---\n\n{VALID_BODY}")
    (folder / "lupa-akhiran.md.txt").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (folder / "tautan.md").symlink_to("/nonexistent/kabardesa-cerita.md")
    (folder / "map-tautan").symlink_to(project.stories / "2025", target_is_directory=True)
    return project


def test_every_message_check_prints_for_broken_stories_and_photos_is_in_the_guide(capsys, broken_project) -> None:
    messages = printed_messages(capsys, "check")
    messages += printed_messages(capsys, "check", "stories/tidak-ada.md")
    missing = undocumented(messages)
    assert missing == [], "explain these in docs/panduan/pesan-check.md (heading: the message, 'X' for values):\n" + "\n".join(missing)
    # each family the guide must explain was really reached
    reached = "\n".join(messages)
    for lead in ("masih membawa lokasi GPS", "tidak dipakai cerita mana pun", "berukuran", "terlalu umum", "adalah nama berkas",
                 "bukan desa binaan", "isi cerita masih teks contoh", "belum punya keterangan", "foto dari alamat luar",
                 "menunjuk berkas relatif", "tag <img>", "nomor mirip NIK", "pii_ok", "juga dipakai oleh", "mirip cerita",
                 "tautan (symlink)", "folder ini tautan", "rusak atau terpotong", "bukan JPG, PNG atau WebP",
                 "berkas atau folder tidak ada", "ditulis dua kali", "alias YAML", "anchor YAML", "tidak boleh berupa pasangan",
                 "kunci front-matter harus berupa kata biasa", "karakter kendali"):
        assert lead in reached, lead


def test_messages_check_cannot_reach_from_a_test_file_are_in_the_guide() -> None:
    """Constants and templates for files that cannot be made here (unreadable, too big, a bug)."""
    messages = [
        SKELETON_MESSAGE, OUTSIDE_LINK, reader.LINKED_FOLDER, reader.DANGLING_LINK, reader.NOT_A_FILE, reader.EMPTY_STORY,
        "berkas tidak dapat dibaca (Permission denied)",
        "folder tidak dapat dibuka (Permission denied); periksa izin aksesnya",
        problems.unexpected_problem("stories/x.md", ValueError()).message,
        photo_files.unused_message("x.jpg", "stories/2025/05/x.jpg"),
        *photos._size_problems("x.jpg", 30_000, 10),
        *photos._size_problems("x.webp", 17_000, 16_000),
        *(template.format(n=99, limit=9, where="paragraf ini") for template in body_checks.MESSAGES.values()),
        reader.too_big_message(2_000_000),
        photo_files.metadata_message("x.jpg", "stories/2025/05/x.jpg", ["lokasi GPS", "data XMP"]),
        f"foto 'x.jpg' berukuran 99 MB; paling besar {photos.MAX_FILE_BYTES // 2**20} MB: {photos.FIX_SHRINK}",
        f"foto 'x.jpg' lebih dari {2 * photos.MAX_PIXELS // 1_000_000} juta piksel; paling banyak "
        f"{photos.MAX_PIXELS // 1_000_000} juta piksel: {photos.FIX_SHRINK}",
    ]
    assert undocumented(messages) == []


def test_docs_check_messages_are_in_the_guide() -> None:
    """``kabardesa check --docs`` prints these for editors."""
    assert undocumented([docs_check.MESSAGES[k].format(name="iframe" if k == "embed" else "onclick") for k in docs_check.MESSAGES]) == []


def test_the_photo_guide_says_what_an_officer_must_do_with_a_photo() -> None:
    text = (REPO / "docs" / "panduan" / "foto.md").read_text(encoding="utf-8")
    for needed in ("`image:`", "`image_alt:`", "kabardesa foto stories/", "**Sebelum commit**", "**1 MB**",
                   "**2.000 piksel**", "lokasi GPS", "rumah", "## Izin orang yang difoto", "## Anak-anak",
                   "**Jangan tampilkan wajah anak**"):
        assert needed in text, needed
