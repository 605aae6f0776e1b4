"""The first paragraph as a plain-text summary."""

import pytest

from kabardesa.summary import first_paragraph_text, markdown_to_text


@pytest.mark.parametrize(
    "paragraph",
    [
        "Warga Lowayu dan Bhabinkamtibmas sepakat menghidupkan ronda, Jumat (23/5/2025) pukul 19.30.",
        "Dua baris\nyang menjadi satu paragraf.",
    ],
)
def test_plain_prose_is_taken_as_written(paragraph):
    assert first_paragraph_text(paragraph + "\n\nParagraf kedua.") == markdown_to_text(paragraph)


@pytest.mark.parametrize(
    "paragraph, expected",
    [
        ("Ronda **malam** di [Lowayu](https://contoh.id/) & sekitarnya", "Ronda malam di Lowayu & sekitarnya"),
        ("- butir satu\n- butir dua", "butir satu butir dua"),
        ("Kode `RT 03` dan <b>tebal</b>", "Kode RT 03 dan tebal"),
    ],
)
def test_markup_is_converted_to_text(paragraph, expected):
    assert first_paragraph_text(paragraph) == expected


def test_headings_images_and_html_blocks_are_skipped():
    body = "## Judul\n\n![foto](x.jpg)\n\n<div>blok</div>\n\nParagraf yang dipakai."
    assert first_paragraph_text(body) == "Paragraf yang dipakai."


def test_long_paragraph_is_cut_at_a_word():
    text = first_paragraph_text(" ".join(["kata"] * 200), limit=50)
    assert text.endswith("…") and len(text) <= 51 and not text[:-1].endswith(" ")
