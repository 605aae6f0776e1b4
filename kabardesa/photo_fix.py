"""``kabardesa foto PATH...``: strip a photo's metadata and reduce it, in place, before it is committed.

The photo is decoded with the same safe decoders as the build
(:func:`kabardesa.photos.open_photo`), turned upright as the camera meant,
converted to sRGB, shrunk to :data:`~kabardesa.photo_files.MAX_ORIGINAL_SIDE`
on its longest side, and written again in its own format with no EXIF, GPS,
XMP or comments, atomically (a partial file is never left in its place).
A JPEG or WebP over :data:`~kabardesa.photo_files.MAX_ORIGINAL_BYTES` is saved
again at a lower quality, and a photo still over it is made smaller until it
fits. Linked files are refused: the command never writes through a link.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageOps

from .photo_files import MAX_ORIGINAL_BYTES, MAX_ORIGINAL_SIDE, is_photo_file, metadata_kinds, photos_in
from .photos import ORIENTATION_TAG, SWAPPED_ORIENTATIONS, PhotoError, inspect_photo, open_photo, to_srgb

JPEG_QUALITIES = (85, 75, 65)
WEBP_QUALITY = 82
MIN_REDUCED_SIDE = 480  # a photo is never made smaller than this to fit in 1 MB


@dataclass(frozen=True)
class Fixed:
    path: Path
    before_bytes: int
    after_bytes: int
    before_size: tuple[int, int]
    after_size: tuple[int, int]
    removed: tuple[str, ...]  # the kinds of metadata that were there

    @property
    def changed(self) -> bool:
        return self.before_bytes != self.after_bytes or self.before_size != self.after_size or bool(self.removed)


def targets(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """The photo files among ``paths`` (folders walked), and a message for each path that is not one."""
    found: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_symlink():
            problems.append(f"{path}: tautan (symlink) tidak diubah; jalankan pada berkas fotonya sendiri")
        elif path.is_dir():
            found += photos_in(path)
        elif not path.exists():
            problems.append(f"{path}: berkas atau folder tidak ada; periksa ejaan path-nya")
        elif not is_photo_file(path):
            problems.append(f"{path}: bukan foto JPG, PNG atau WebP; tidak diubah")
        else:
            found.append(path)
    return list(dict.fromkeys(found)), problems


def fix_photo(path: Path) -> Fixed:
    """Strip and reduce ``path`` in place; PhotoError (Indonesian) when it cannot be read."""
    problems = inspect_photo(path)
    if problems:
        raise PhotoError(*problems)
    removed = metadata_kinds(path)
    before_bytes = path.stat().st_size
    with open_photo(path) as image:
        fmt = image.format or "JPEG"
        swapped = image.getexif().get(ORIENTATION_TAG) in SWAPPED_ORIENTATIONS
        before_size = (image.height, image.width) if swapped else image.size  # as the photo is seen
        image.load()
        upright = to_srgb(ImageOps.exif_transpose(image) or image)
    upright.thumbnail((MAX_ORIGINAL_SIDE, MAX_ORIGINAL_SIDE), Image.Resampling.LANCZOS)
    data, after_size = _encode(upright, fmt)
    if not removed and after_size == before_size and len(data) >= before_bytes:
        return Fixed(path, before_bytes, before_bytes, before_size, before_size, ())  # already clean and small
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, path)
    return Fixed(path, before_bytes, len(data), before_size, after_size, removed)


def _encode(image: Image.Image, fmt: str) -> tuple[bytes, tuple[int, int]]:
    """The photo in its own format, at most :data:`MAX_ORIGINAL_BYTES` when it can be.

    A JPEG or WebP first drops in quality; a photo still too big (a detailed
    scene, or a PNG) is then made smaller, step by step, so that ``kabardesa
    check`` is quiet afterwards.
    """
    data = _encode_once(image, fmt)
    while len(data) > MAX_ORIGINAL_BYTES and min(image.size) > MIN_REDUCED_SIDE:
        scale = max(0.5, min(0.9, (MAX_ORIGINAL_BYTES / len(data)) ** 0.5 * 0.95))
        image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.Resampling.LANCZOS)
        data = _encode_once(image, fmt)
    return data, image.size


def _encode_once(image: Image.Image, fmt: str) -> bytes:
    out = BytesIO()
    if fmt == "PNG":
        image.save(out, "PNG", optimize=True)
        return out.getvalue()
    qualities = (WEBP_QUALITY, *JPEG_QUALITIES[1:]) if fmt == "WEBP" else JPEG_QUALITIES
    for quality in qualities:
        out = BytesIO()
        if fmt == "WEBP":
            image.save(out, "WEBP", quality=quality)
        else:
            image.save(out, "JPEG", quality=quality, progressive=True, optimize=True)
        if out.tell() <= MAX_ORIGINAL_BYTES:
            break
    return out.getvalue()


def describe(fixed: Fixed, shown: str) -> str:
    """One Indonesian line about what was done to the photo."""
    if not fixed.changed:
        return f"{shown}: sudah beres (tanpa metadata, {_mb(fixed.after_bytes)} MB, {_px(fixed.after_size)})"
    parts = [f"{_mb(fixed.before_bytes)} MB → {_mb(fixed.after_bytes)} MB"]
    if fixed.before_size != fixed.after_size:
        parts.append(f"{_px(fixed.before_size)} → {_px(fixed.after_size)}")
    if fixed.removed:
        parts.append("dihapus: " + ", ".join(fixed.removed))
    return f"{shown}: " + "; ".join(parts)


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.2f}".replace(".", ",")


def _px(size: tuple[int, int]) -> str:
    return f"{size[0]:,}×{size[1]:,} piksel".replace(",", ".")


def copy_reduced(source: Path, target: Path) -> Fixed:
    """Copy ``source`` to ``target`` (a new file, never overwritten), then strip and reduce the copy.

    What ``kabardesa new --photo`` does: the officer's original stays where it
    was; the copy beside the story is what gets committed. Nothing is left at
    ``target`` when the photo cannot be used (PhotoError, Indonesian: :func:`fix_photo` inspects the copy).
    """
    if not source.is_file():
        raise PhotoError(f"{source}: berkas foto tidak ada; periksa path-nya")
    with target.open("xb") as handle:  # never over a photo already there
        handle.write(source.read_bytes())
    try:
        fixed = fix_photo(target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return Fixed(source, source.stat().st_size, fixed.after_bytes, fixed.before_size, fixed.after_size, fixed.removed)
