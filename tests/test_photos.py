"""Tests for kabardesa.photos: resized variants with no EXIF (GPS) left."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageFile

from kabardesa.photos import PhotoError, PhotoSettings, photo_for, render_variants
from kabardesa.settings import DEFAULTS

BASE = "berita/2026/09/ronda-lowayu/foto"
SETTINGS = PhotoSettings.of(replace(DEFAULTS, photo_cache=None), Path("."))  # no render cache: every render decodes
GPS_MARKER = "RUMAH-WARGA-LOWAYU"
COMMENT_MARKER = b"KOMENTAR-KAMERA"
GPS_IFD = 0x8825
ORIENTATION = 0x0112


def make_phone_jpeg(path: Path, size: tuple[int, int] = (2000, 1000), icc: bool = True) -> Path:
    """A landscape JPEG as a phone writes it: Orientation=6, GPS, XMP, comment, ICC."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[0x010F] = "KameraHP"  # Make
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "S"  # GPSLatitudeRef
    gps[2] = (7.0, 12.0, 34.5)  # GPSLatitude
    gps[0x12] = GPS_MARKER  # GPSMapDatum: an easy-to-find string
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes() if icc else None
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSMapDatum>{GPS_MARKER}</exif:GPSMapDatum></x:xmpmeta>'
    image = Image.new("RGB", size, (200, 60, 30))
    image.paste((20, 90, 200), (0, 0, size[0] // 2, size[1]))  # left half blue
    image.save(path, "JPEG", exif=exif, icc_profile=profile, comment=COMMENT_MARKER,
               xmp=xmp.encode())
    return path


@pytest.fixture()
def phone_jpeg(tmp_path: Path) -> Path:
    return make_phone_jpeg(tmp_path / "asli.jpg")


def test_source_fixture_really_carries_gps(phone_jpeg: Path) -> None:
    # Guards the tests below: they would pass vacuously on a clean source.
    data = phone_jpeg.read_bytes()
    assert data.count(GPS_MARKER.encode()) == 2 and b"Exif" in data and COMMENT_MARKER in data
    with Image.open(phone_jpeg) as image:
        assert image.getexif().get_ifd(GPS_IFD)


def test_orientation_6_gives_portrait_photo_and_variants(phone_jpeg: Path) -> None:
    photo = photo_for(phone_jpeg, BASE, SETTINGS)
    assert (photo.width, photo.height) == (1000, 2000)
    assert [v.width for v in photo.variants] == [240, 480, 960]
    assert [v.height for v in photo.variants] == [480, 960, 1920]
    assert photo.smallest.width == 240 and photo.largest.width == 960
    assert photo.default.width == 960
    assert photo.source == phone_jpeg.resolve()


def test_urls_follow_base_url(phone_jpeg: Path) -> None:
    photo = photo_for(phone_jpeg, BASE, SETTINGS)
    assert [(v.webp_url, v.jpeg_url) for v in photo.variants] == [
        (f"{BASE}-240.webp", f"{BASE}-240.jpg"),
        (f"{BASE}-480.webp", f"{BASE}-480.jpg"),
        (f"{BASE}-960.webp", f"{BASE}-960.jpg"),
    ]


@pytest.mark.parametrize("icc", [True, False])
def test_rendered_variants_have_no_metadata_and_are_upright(tmp_path: Path, icc: bool) -> None:
    phone_jpeg = make_phone_jpeg(tmp_path / "asli.jpg", icc=icc)
    site = tmp_path / "site"
    photo = photo_for(phone_jpeg, BASE, SETTINGS)
    written = render_variants(photo, site, SETTINGS)
    expected = {site / u for v in photo.variants for u in (v.webp_url, v.jpeg_url)}
    assert set(written) == expected
    # Only the variants reach the site; never the original.
    assert {p for p in site.rglob("*") if p.is_file()} == expected
    sizes = {(v.width, v.height) for v in photo.variants}
    for out in written:
        data = out.read_bytes()
        assert data != phone_jpeg.read_bytes()
        for marker in (b"exif", GPS_MARKER.encode().lower(), COMMENT_MARKER.lower(), b"kamerahp"):
            assert marker not in data.lower(), (out.name, marker)
        with Image.open(out) as image:
            assert image.format == ("WEBP" if out.suffix == ".webp" else "JPEG")
            assert not image.getexif()
            assert not {"exif", "icc_profile", "xmp", "comment"} & set(image.info)
            assert image.size in sizes
            image = image.convert("RGB")
            # Rotated 90 degrees clockwise: the blue left half is now on top.
            top, bottom = image.getpixel((image.width // 2, 5)), image.getpixel((image.width // 2, image.height - 5))
            assert top[2] > 150 > bottom[2] and bottom[0] > 150 > top[0]


def test_variant_sizes_keep_aspect_ratio(tmp_path: Path) -> None:
    source = tmp_path / "lebar.jpg"
    Image.new("RGB", (3000, 1234), "gray").save(source)
    photo = photo_for(source, BASE, SETTINGS)
    assert [v.width for v in photo.variants] == [240, 480, 960, 1600]
    assert photo.default.width == 960 and photo.largest.width == 1600
    for v in photo.variants:
        assert abs(v.height / v.width - 1234 / 3000) < 1 / v.width
    for out in render_variants(photo, tmp_path / "site", SETTINGS):
        with Image.open(out) as image:
            assert image.size in {(v.width, v.height) for v in photo.variants}


def test_small_image_gets_one_variant_at_its_own_width(tmp_path: Path) -> None:
    source = tmp_path / "kecil.jpg"
    Image.new("RGB", (200, 150), "green").save(source)  # narrower than the smallest width (240)
    photo = photo_for(source, BASE, SETTINGS)
    assert [(v.width, v.height) for v in photo.variants] == [(200, 150)]
    assert photo.default == photo.smallest == photo.largest
    assert sorted(p.name for p in render_variants(photo, tmp_path / "site", SETTINGS)) == ["foto-200.jpg", "foto-200.webp"]


def test_image_between_widths_is_not_upscaled(tmp_path: Path) -> None:
    source = tmp_path / "sedang.jpg"
    Image.new("RGB", (300, 200), "green").save(source)
    photo = photo_for(source, BASE, SETTINGS)
    assert [(v.width, v.height) for v in photo.variants] == [(240, 160)]


@pytest.mark.parametrize("mode", ["RGBA", "P", "LA", "CMYK"])
def test_other_modes_convert_to_rgb(tmp_path: Path, mode: str) -> None:
    source = tmp_path / ("gambar.png" if mode != "CMYK" else "gambar.jpg")
    image = Image.new("RGBA", (600, 400), (0, 0, 0, 0))  # fully transparent
    image.paste((0, 0, 255, 255), (0, 0, 300, 400))  # left half opaque blue
    if mode == "P":
        image = image.convert("RGB").convert("P")
        image.info["transparency"] = image.getpixel((599, 0))
    elif mode != "RGBA":
        image = image.convert(mode)
    image.save(source)
    photo = photo_for(source, BASE, SETTINGS)
    for out in render_variants(photo, tmp_path / "site", SETTINGS):
        with Image.open(out) as result:
            assert result.mode == "RGB" and result.size in {(240, 160), (480, 320)}
            if mode in ("RGBA", "P"):  # transparent pixels flattened on white
                assert min(result.getpixel((result.width - 10, 10))) > 240


def test_non_image_raises_photo_error_naming_file(tmp_path: Path) -> None:
    source = tmp_path / "bukan-foto.jpg"
    source.write_text("ini teks, bukan gambar")
    with pytest.raises(PhotoError, match="bukan-foto.jpg"):
        photo_for(source, BASE, SETTINGS)
    assert issubclass(PhotoError, ValueError)


def test_second_render_writes_nothing_until_source_changes(phone_jpeg: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    photo = photo_for(phone_jpeg, BASE, SETTINGS)
    assert len(render_variants(photo, site, SETTINGS)) == 6  # 240, 480, 960 px as WebP and JPEG
    assert render_variants(photo, site, SETTINGS) == []
    stale = site / photo.smallest.jpeg_url
    old = stale.stat().st_mtime_ns - 10**9
    os.utime(stale, ns=(old, old))
    os.utime(phone_jpeg, ns=(old + 1, old + 1))  # newer than the stale variant only
    assert render_variants(photo, site, SETTINGS) == [stale]


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".webp"])
def test_photo_for_reads_header_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    source = tmp_path / f"besar{suffix}"
    if suffix == ".jpg":
        make_phone_jpeg(source)
    else:
        Image.new("RGB", (2000, 1000), "white").save(source)
    decoded: list[object] = []

    def spy(self: Image.Image, *args: object) -> None:
        decoded.append(self)

    monkeypatch.setattr(Image.Image, "load", spy)
    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    photo = photo_for(source, BASE, SETTINGS)
    assert decoded == []
    assert (photo.width, photo.height) == ((1000, 2000) if suffix == ".jpg" else (2000, 1000))


def test_truncated_photo_is_described_but_render_raises_photo_error(phone_jpeg: Path, tmp_path: Path) -> None:
    source = tmp_path / "terpotong.jpg"
    source.write_bytes(phone_jpeg.read_bytes()[:3000])  # header intact, pixels cut off
    photo = photo_for(source, BASE, SETTINGS)  # the header alone is enough
    with pytest.raises(PhotoError, match="terpotong.jpg"):
        render_variants(photo, tmp_path / "site", SETTINGS)
    assert not (tmp_path / "site").exists() or not any((tmp_path / "site").rglob("*.*"))
