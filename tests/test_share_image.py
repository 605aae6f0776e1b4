"""The share picture (og:image): 1,200×630 JPEG under 300 KB, drawn from officer text without interpreting it."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from PIL import Image

from kabardesa import share_image
from kabardesa.share_image import MAX_BYTES, ShareCard, drawable, drawing_for, render_card, wrap, write_card

CARD = ShareCard("Jadwal Ronda Bergilir Hidupkan Lagi Pos Kamling Lowayu", "Desa Lowayu, Kec. Dukun",
                 "Senin, 3 Agustus 2026", "Kabar Desa Polres Gresik")


def _picture(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size) == ("JPEG", (1200, 630))
    assert len(data) < MAX_BYTES
    assert not image.getexif() and "exif" not in image.info
    return image


def noise_photo(path: Path, size: tuple[int, int] = (4000, 3000)) -> Path:
    """The worst case for JPEG: random pixels (a photo of gravel or leaves is close)."""
    rng = random.Random(7)
    Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3)).save(path, quality=95)
    return path


def test_plain_card_without_photo_or_drawing() -> None:
    image = _picture(render_card(CARD))
    assert image.getpixel((20, 300))[0] > image.getpixel((20, 300))[2]  # the site's brown, not black


def test_photo_card_even_from_pure_noise_fits_under_300_kb(tmp_path: Path) -> None:
    card = ShareCard(CARD.title, CARD.place, CARD.date, CARD.brand, noise_photo(tmp_path / "kerikil.jpg"))
    _picture(render_card(card))


def test_story_without_photo_gets_its_activity_drawing() -> None:
    assert drawing_for("siskamling") == share_image.BACKGROUNDS / "siskamling.png"
    assert drawing_for("kegiatan-baru") == share_image.BACKGROUNDS / "umum.png"
    plain = render_card(CARD)
    drawn = render_card(ShareCard(CARD.title, CARD.place, CARD.date, CARD.brand, drawing=drawing_for("siskamling")))
    assert _picture(drawn).tobytes() != _picture(plain).tobytes()


def test_every_activity_drawing_has_its_png() -> None:
    svgs = {p.stem for p in (Path(share_image.__file__).parent / "assets" / "kegiatan").glob("*.svg")}
    pngs = {p.stem for p in share_image.BACKGROUNDS.glob("*.png")}
    assert svgs == pngs, "jalankan tools/render_illustrations.py setelah mengubah gambar kegiatan"


@pytest.mark.parametrize("title", [
    "<script>alert(1)</script> & \"kutip\"",
    "Warga 👮‍♂️🚓 ronda bersama \u200b\u202e terbalik",
    "x" * 400,
    "Sambang " * 60,
    "سلام warga",
])
def test_hostile_titles_are_drawn_as_text_and_cut(title: str) -> None:
    _picture(render_card(ShareCard(title, CARD.place, CARD.date, CARD.brand)))


def test_drawable_drops_what_the_font_cannot_draw() -> None:
    assert drawable("Ronda 👮 malam\u200b\u202e  di\tpos") == "Ronda malam di pos"
    assert drawable("<b>tebal</b>") == "<b>tebal</b>"  # characters, not markup


def test_long_titles_wrap_to_three_lines_with_an_ellipsis() -> None:
    font = share_image._font(share_image.BOLD_FONT, 50)
    lines, cut = wrap(font, "Bhabinkamtibmas " * 30, share_image.TEXT_WIDTH, 3)
    assert len(lines) == 3 and cut and lines[-1].endswith("…")
    assert all(font.getlength(line) <= share_image.TEXT_WIDTH for line in lines)


def test_cached_picture_is_reused_and_redrawn_when_the_photo_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    photo = tmp_path / "foto.jpg"
    Image.new("RGB", (800, 600), "olive").save(photo)
    card = ShareCard(CARD.title, CARD.place, CARD.date, CARD.brand, photo)
    cache, site = tmp_path / "cache", tmp_path / "site"
    assert write_card(card, site / "a" / "bagikan.jpg", cache) is True
    drawn = []
    monkeypatch.setattr(share_image, "render_card", lambda c: drawn.append(c) or b"")
    assert write_card(card, site / "b" / "bagikan.jpg", cache) is False and drawn == []
    assert (site / "b" / "bagikan.jpg").read_bytes() == (site / "a" / "bagikan.jpg").read_bytes()
    Image.new("RGB", (800, 600), "navy").save(photo)
    assert write_card(card, site / "c" / "bagikan.jpg", cache) is True and drawn == [card]  # a new photo: drawn again
