"""Resized, metadata-free copies of the photo beside a story.

Officers' phones record GPS coordinates (often a resident's home) in EXIF, so
the site only ever gets re-encoded variants with no metadata at all; the
original file is never copied. :func:`photo_for` only reads the file header
(it runs for every story at every build); :func:`render_variants` decodes and
writes the variants, skipping those already newer than the original.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

WIDTHS = (480, 960, 1600)
DEFAULT_WIDTH = 960
WEBP_QUALITY = 75
JPEG_QUALITY = 80
ORIENTATION_TAG = 0x0112
SWAPPED_ORIENTATIONS = frozenset({5, 6, 7, 8})  # rotated by 90 or 270 degrees
BACKGROUND = (255, 255, 255)  # behind transparent pixels
_SRGB = ImageCms.createProfile("sRGB")
_READ_ERRORS = (OSError, SyntaxError, ValueError, struct.error, Image.DecompressionBombError)


class PhotoError(ValueError):
    """A photo file that cannot be read or converted (message in Indonesian)."""


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    webp_url: str  # site-relative, no leading slash
    jpeg_url: str


@dataclass(frozen=True)
class Photo:
    source: Path  # absolute path of the original
    width: int  # after EXIF orientation is applied
    height: int
    variants: tuple[Variant, ...]  # ascending width, never empty

    @property
    def smallest(self) -> Variant:
        return self.variants[0]

    @property
    def largest(self) -> Variant:
        return self.variants[-1]

    @property
    def default(self) -> Variant:
        return next((v for v in self.variants if v.width == DEFAULT_WIDTH), self.largest)


def _unreadable(source: Path, error: Exception) -> PhotoError:
    return PhotoError(f"foto '{source.name}' tidak dapat dibaca sebagai gambar ({error})")


def _orientation(image: Image.Image) -> int:
    """EXIF orientation (1-8) without decoding the pixels."""
    if image.format == "PNG" and "exif" not in image.info:
        # Pillow would decode the whole PNG to look for an eXIf chunk after
        # the pixel data; phones do not write PNGs, so assume upright.
        return 1
    value = image.getexif().get(ORIENTATION_TAG, 1)
    return value if isinstance(value, int) else 1  # corrupt tag: assume upright


def variant_widths(width: int) -> tuple[int, ...]:
    """Widths from WIDTHS that need no upscaling, or the original width."""
    return tuple(w for w in WIDTHS if w <= width) or (width,)


def photo_for(source: Path, base_url: str) -> Photo:
    """Describe the photo and its variants from the file header only."""
    source = source.resolve()
    try:
        with Image.open(source) as image:  # lazy: reads the header only
            width, height = image.size
            if _orientation(image) in SWAPPED_ORIENTATIONS:
                width, height = height, width
    except _READ_ERRORS as error:
        raise _unreadable(source, error) from error
    variants = tuple(
        Variant(w, max(1, round(height * w / width)), f"{base_url}-{w}.webp", f"{base_url}-{w}.jpg")
        for w in variant_widths(width)
    )
    return Photo(source, width, height, variants)


def _is_fresh(output: Path, source_mtime: int) -> bool:
    return output.exists() and output.stat().st_mtime_ns > source_mtime


def _to_srgb(image: Image.Image) -> Image.Image:
    """Plain RGB in sRGB: transparency flattened on white, ICC profile applied."""
    icc = image.info.get("icc_profile")
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, BACKGROUND)
        image.paste(rgba, mask=rgba.getchannel("A"))
    elif image.mode not in ("RGB", "CMYK"):
        image = image.convert("RGB")
    if icc:
        try:
            source_profile = ImageCms.ImageCmsProfile(BytesIO(icc))
            return ImageCms.profileToProfile(image, source_profile, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError):
            pass  # broken or mismatched profile: treat the pixels as sRGB
    return image.convert("RGB")


def _load_upright(source: Path) -> Image.Image:
    """Decode the original, rotated as the camera meant, as sRGB RGB."""
    try:
        with Image.open(source) as image:
            image.load()
            return _to_srgb(ImageOps.exif_transpose(image))
    except _READ_ERRORS as error:
        raise _unreadable(source, error) from error


def _save(image: Image.Image, output: Path, fmt: str) -> None:
    """Write atomically, so an interrupted build never leaves a fresh-looking stub."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    if fmt == "WEBP":
        image.save(partial, "WEBP", quality=WEBP_QUALITY)
    else:
        image.save(partial, "JPEG", quality=JPEG_QUALITY, progressive=True, optimize=True)
    os.replace(partial, output)


def render_variants(photo: Photo, site_dir: Path) -> list[Path]:
    """Write the missing or stale variants under site_dir; return the paths written."""
    source_mtime = photo.source.stat().st_mtime_ns
    pending = [
        (variant, site_dir / url, fmt)
        for variant in photo.variants
        for url, fmt in ((variant.webp_url, "WEBP"), (variant.jpeg_url, "JPEG"))
        if not _is_fresh(site_dir / url, source_mtime)
    ]
    if not pending:
        return []
    upright = _load_upright(photo.source)
    written: list[Path] = []
    for variant, output, fmt in pending:
        size = (variant.width, variant.height)
        resized = upright if upright.size == size else upright.resize(
            size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        resized.info.clear()  # no EXIF, XMP, ICC or comment may reach the encoder
        _save(resized, output, fmt)
        written.append(output)
    return written
