"""Resized, metadata-free copies of the photo beside a story.

Officers' phones record GPS coordinates (often a resident's home) in EXIF, so
the site only ever gets re-encoded variants with no metadata at all; the
original file is never copied. :func:`photo_for` only reads the file header
(it runs for every story at every build, and remembers the answer for an
unchanged file); :func:`render_variants` decodes and writes the variants,
skipping those already newer than the original.

Rendering is the costliest step of a cold build (about 0.15 s of CPU a photo),
and ``site/`` is emptied before every build, so rendered variants are also kept
in a cache outside ``site/``: the site's ``photo_cache`` setting (see
:class:`PhotoSettings`; by default ``.cache/kabardesa/photos/`` in the site's
folder, ``off`` disables it). An entry's name
hashes the original's content (not its path or file time: a photo used twice
renders once, a fresh clone reuses the cache) with the variant's size, format
and encoder settings, so an edited photo is rendered anew; the site gets a hard
link to the entry (a copy across file systems).

Photos are hostile input. Pillow picks a decoder by content, and its EPS reader
runs Ghostscript, so every file is opened with :data:`ALLOWED_FORMATS` named:
no other decoder, and no outside program, ever runs. Content decides: a PNG
named ``.jpg`` is accepted (the site only gets re-encoded variants), an EPS or
HTML file named ``.jpg`` is refused. Size limits are checked from the header,
before any pixel is decoded. :func:`inspect_photo` is what ``kabardesa check``
runs: the header and its limits, then a full decode, remembered per file
version in memory and, once the decode has succeeded, as an empty marker file
in the render cache (so the next build does not decode it again).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import warnings
from dataclasses import dataclass, replace
from functools import cached_property
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .fingerprint import fields_fingerprint
from .incremental import ensure_folder
from .settings import SiteSettings

ORIENTATION_TAG = 0x0112
SWAPPED_ORIENTATIONS = frozenset({5, 6, 7, 8})  # rotated by 90 or 270 degrees
BACKGROUND = (255, 255, 255)  # behind transparent pixels
_SRGB = ImageCms.createProfile("sRGB")
_READ_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, Image.DecompressionBombError)
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")  # the only decoders Pillow may pick (EPS would run Ghostscript)
MAX_PIXELS = 40_000_000
MAX_SIDE = 16_383  # WebP cannot encode a longer side
MAX_ASPECT = 4  # the longest side at most four times the shortest
MAX_FILE_BYTES = 50 * 1024 * 1024
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own guard agrees: it warns above, refuses above twice that
FIX_EXPORT = "ekspor ulang foto sebagai JPG dari galeri ponsel"
FIX_SHRINK = "perkecil foto (misalnya kirim sekali lewat WhatsApp lalu simpan hasilnya)"
FIX_CROP = "potong foto di galeri ponsel"
VERIFIED_SUBDIR = Path(".cache") / "kabardesa" / "verified"  # check's memo of fully decoded photos
INSPECT_VERSION = 1  # bump when inspect_photo learns a new rule: markers of verified photos are then not reused
RENDER_VERSION = 2  # bump when the rendering changes: cached variants are then not reused
_HEADER_CACHE_SIZE = 20_000
_headers: dict[tuple[object, ...], "Photo"] = {}
_inspected: dict[tuple[Path, int, int, int], tuple[str, ...]] = {}
_digests: dict[tuple[Path, int, int, int], str] = {}


@dataclass(frozen=True)
class PhotoSettings:
    """The site's photo settings (``photo_*`` in :class:`~kabardesa.settings.SiteSettings`)."""

    widths: tuple[int, ...]  # ascending
    default_width: int
    webp_quality: int
    jpeg_quality: int
    cache_dir: Path | None  # where rendered variants are kept between builds; None: nowhere

    @classmethod
    def of(cls, settings: SiteSettings, root: Path) -> PhotoSettings:
        """The settings of the site whose folder is ``root``."""
        return cls(settings.photo_widths, settings.photo_default_width, settings.photo_webp_quality,
                   settings.photo_jpeg_quality, settings.photo_cache_dir(root))


class PhotoError(ValueError):
    """A photo file that cannot be read or converted; ``messages`` are Indonesian, each with its fix."""

    def __init__(self, *messages: str):
        super().__init__("; ".join(messages))
        self.messages = messages


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
    default_width: int  # the variant shown where only one fits

    @property
    def smallest(self) -> Variant:
        return self.variants[0]

    @property
    def largest(self) -> Variant:
        return self.variants[-1]

    @property
    def default(self) -> Variant:
        return next((v for v in self.variants if v.width == self.default_width), self.largest)

    @cached_property
    def fingerprint(self) -> str:  # computed once: every page and card showing the photo is fingerprinted
        return fields_fingerprint(self)


def _unreadable(source: Path) -> PhotoError:
    return PhotoError(f"foto '{source.name}' rusak atau terpotong; salin ulang dari ponsel, atau {FIX_EXPORT}")


# What an unusable file really holds, by its first bytes, to tell the officer.
_SIGNATURES = (
    (b"%!PS", "PostScript/EPS"), (b"\xc5\xd0\xd3\xc6", "PostScript/EPS"), (b"%PDF", "PDF"),
    (b"GIF8", "GIF"), (b"BM", "BMP"), (b"II*\0", "TIFF"), (b"MM\0*", "TIFF"),
)
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"mif1", b"msf1", b"avif")


def _is_allowed_format(head: bytes) -> bool:
    """JPEG, PNG or WebP by its first bytes (Pillow did not take it, so it is damaged)."""
    return head.startswith((b"\xff\xd8", b"\x89PNG")) or (head.startswith(b"RIFF") and head[8:12] == b"WEBP")


def _content_name(head: bytes) -> str | None:
    """``PostScript/EPS``, ``HTML/XML``, …; None for unknown bytes."""
    for signature, name in _SIGNATURES:
        if head.startswith(signature):
            return name
    if head[4:8] == b"ftyp":
        return "HEIC/AVIF (format foto iPhone)" if head[8:12] in _HEIF_BRANDS else "video"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return "HTML/XML (halaman web atau SVG)"
    return None


def _not_a_photo(source: Path) -> PhotoError:
    try:
        with source.open("rb") as file:
            head = file.read(64)
    except OSError:
        head = b""
    if _is_allowed_format(head):
        return _unreadable(source)
    name = _content_name(head)
    what = f"melainkan {name}" if name else "dan isinya tidak dikenali sebagai gambar"
    return PhotoError(f"foto '{source.name}' bukan JPG, PNG atau WebP {what}; {FIX_EXPORT}")


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")  # Indonesian thousands separator


def _size_problems(name: str, width: int, height: int) -> list[str]:
    """Every size limit the header breaks (WebP's side limit, pixels, aspect), each with its fix."""
    size = f"foto '{name}' berukuran {_number(width)}×{_number(height)} px"
    long, short = max(width, height), min(width, height)
    problems = []
    if long > MAX_SIDE:
        problems.append(f"{size}; sisi terpanjang paling banyak {_number(MAX_SIDE)} px: {FIX_SHRINK}")
    if width * height > MAX_PIXELS:
        problems.append(f"{size} ({width * height / 1e6:.0f} juta piksel); paling banyak "
                        f"{MAX_PIXELS // 1_000_000} juta piksel: {FIX_SHRINK}")
    if short < 1 or long > MAX_ASPECT * short:
        ratio = f"1:{long / short:.0f}" if short else "tanpa tinggi"
        problems.append(f"{size}, terlalu memanjang ({ratio}; paling jauh 1:{MAX_ASPECT}): {FIX_CROP}")
    return problems


def _open(source: Path) -> Image.Image:
    """Open lazily (the header only), by content, with only the allowed decoders."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # _size_problems says it in Indonesian
        return Image.open(source, formats=ALLOWED_FORMATS)


def open_photo(source: Path) -> Image.Image:
    """The photo opened lazily (header only) with the allowed decoders; PhotoError when it is none of them."""
    try:
        return _open(source)
    except UnidentifiedImageError:
        raise _not_a_photo(source) from None
    except _READ_ERRORS:
        raise _unreadable(source) from None


def _checked_header(source: Path, stat: os.stat_result) -> tuple[int, int, int]:
    """Width, height and EXIF orientation of a photo within every limit, else PhotoError."""
    if stat.st_size > MAX_FILE_BYTES:
        raise PhotoError(f"foto '{source.name}' berukuran {stat.st_size / 2**20:.0f} MB; paling besar "
                         f"{MAX_FILE_BYTES // 2**20} MB: {FIX_SHRINK}")
    try:
        with _open(source) as image:
            width, height = image.size
            orientation = _orientation(image)
    except Image.DecompressionBombError:  # over twice MAX_PIXELS: Pillow refuses before we see the size
        raise PhotoError(f"foto '{source.name}' lebih dari {2 * MAX_PIXELS // 1_000_000} juta piksel; paling banyak "
                         f"{MAX_PIXELS // 1_000_000} juta piksel: {FIX_SHRINK}") from None
    except UnidentifiedImageError:
        raise _not_a_photo(source) from None
    except _READ_ERRORS:
        raise _unreadable(source) from None
    problems = _size_problems(source.name, width, height)
    if problems:
        raise PhotoError(*problems)
    return width, height, orientation


def _decode(source: Path) -> None:
    """Check every byte: chunk checksums, then the pixels (JPEG at 1/8 scale: every byte is still read)."""
    try:
        with _open(source) as image:
            image.verify()
        with _open(source) as image:
            if image.format == "JPEG":
                image.draft(image.mode, (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
    except _READ_ERRORS:
        raise _unreadable(source) from None


def _project_root(source: Path) -> Path | None:
    """The nearest ancestor holding ``data/`` and ``stories/``, if any."""
    for folder in source.parents:
        if (folder / "data").is_dir() and (folder / "stories").is_dir():
            return folder
    return None


def _verified_marker(source: Path, stat: os.stat_result) -> Path | None:
    """Where a successful full decode of this file version is remembered between runs (None: nowhere).

    ``kabardesa check`` runs without the site's settings, so the markers always
    sit in the project's own ``.cache/kabardesa/verified/``.
    """
    root = _project_root(source)
    if root is None:
        return None
    key = f"verified|{INSPECT_VERSION}|{source}|{stat.st_mtime_ns}|{stat.st_size}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]
    return root / VERIFIED_SUBDIR / digest[:2] / digest


def _remember_verified(marker: Path) -> None:
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:
        pass  # read-only checkout: decode again next time


def _inspect(source: Path, stat: os.stat_result) -> tuple[str, ...]:
    try:
        _checked_header(source, stat)
        marker = _verified_marker(source, stat)
        if marker is None or not marker.exists():
            _decode(source)
            if marker is not None:
                _remember_verified(marker)
    except PhotoError as error:
        return error.messages
    return ()


def inspect_photo(source: Path) -> list[str]:
    """Every reason the photo cannot be used, in Indonesian with the fix; empty when it can.

    What ``kabardesa check`` runs for each story's photo: the allowed formats by
    content, the size limits from the header, then a full decode (skipped when
    the header already fails). Remembered per file version (path, inode,
    modification time, size), so ``mkdocs serve`` rebuilds do not decode again.
    """
    source = source.resolve()
    try:
        stat = source.stat()
    except OSError:
        return list(_unreadable(source).messages)
    key = (source, stat.st_ino, stat.st_mtime_ns, stat.st_size)
    known = _inspected.get(key)
    if known is None:
        if len(_inspected) >= _HEADER_CACHE_SIZE:
            _inspected.clear()
        known = _inspected[key] = _inspect(source, stat)
    return list(known)


def _orientation(image: Image.Image) -> int:
    """EXIF orientation (1-8) without decoding the pixels."""
    if image.format == "PNG" and "exif" not in image.info:
        # Pillow would decode the whole PNG to look for an eXIf chunk after
        # the pixel data; phones do not write PNGs, so assume upright.
        return 1
    value = image.getexif().get(ORIENTATION_TAG, 1)
    return value if isinstance(value, int) else 1  # corrupt tag: assume upright


def variant_widths(width: int, widths: tuple[int, ...]) -> tuple[int, ...]:
    """The ``widths`` that need no upscaling, or the original width."""
    return tuple(w for w in widths if w <= width) or (width,)


def photo_for(source: Path, base_url: str, settings: PhotoSettings) -> Photo:
    """Describe the photo and its variants from the file header only.

    The answer is remembered for an unchanged file (path, inode, modification
    time, size), so ``mkdocs serve`` rebuilds do not reopen every photo.
    """
    source = source.resolve()
    try:
        stat = source.stat()
    except OSError as error:
        raise _unreadable(source) from error
    key = (source, stat.st_ino, stat.st_mtime_ns, stat.st_size, base_url, settings.widths, settings.default_width)
    known = _headers.get(key)
    if known is not None:
        return known
    photo = _read_header(source, stat, base_url, settings)
    if len(_headers) >= _HEADER_CACHE_SIZE:
        _headers.clear()
    _headers[key] = photo
    return photo


def _read_header(source: Path, stat: os.stat_result, base_url: str, settings: PhotoSettings) -> Photo:
    width, height, orientation = _checked_header(source, stat)
    if orientation in SWAPPED_ORIENTATIONS:
        width, height = height, width
    variants = tuple(
        Variant(w, max(1, round(height * w / width)), f"{base_url}-{w}.webp", f"{base_url}-{w}.jpg")
        for w in variant_widths(width, settings.widths)
    )
    return Photo(source, width, height, variants, settings.default_width)


def _is_fresh(output: Path, source_mtime: int) -> bool:
    return output.exists() and output.stat().st_mtime_ns > source_mtime


def to_srgb(image: Image.Image) -> Image.Image:
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
        with _open(source) as image:
            problems = _size_problems(source.name, *image.size)  # the file may have changed since its header was read
            if not problems:
                image.load()
                return to_srgb(ImageOps.exif_transpose(image))
    except _READ_ERRORS as error:
        raise _unreadable(source) from error
    raise PhotoError(*problems)


def _partial(output: Path) -> Path:
    return output.with_name(f"{output.name}.{os.getpid()}.part")


def _save(image: Image.Image, output: Path, fmt: str, settings: PhotoSettings) -> None:
    """Write atomically, so an interrupted build never leaves a fresh-looking stub."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = _partial(output)
    if fmt == "WEBP":
        image.save(partial, "WEBP", quality=settings.webp_quality)
    else:
        image.save(partial, "JPEG", quality=settings.jpeg_quality, progressive=True, optimize=True)
    os.replace(partial, output)


def content_digest(source: Path, stat: os.stat_result) -> str:
    """A digest of the file's bytes, remembered per file version: the render cache's key for the photo.

    Keyed by content, not by path or file time: a photo used by two stories, or
    a fresh clone with new file times, finds the variants already rendered.
    """
    key = (source, stat.st_ino, stat.st_mtime_ns, stat.st_size)
    known = _digests.get(key)
    if known is None:
        digest = hashlib.blake2b(digest_size=20)
        with source.open("rb") as file:
            for chunk in iter(lambda: file.read(1 << 20), b""):
                digest.update(chunk)
        if len(_digests) >= _HEADER_CACHE_SIZE:
            _digests.clear()
        known = _digests[key] = digest.hexdigest()
    return known


def cache_entry(cache_dir: Path, digest: str, size: tuple[int, int], fmt: str, settings: PhotoSettings) -> Path:
    """Where the variant of the photo whose content is ``digest`` at ``size`` in ``fmt`` is kept."""
    encoder = f"webp q{settings.webp_quality}" if fmt == "WEBP" else f"jpeg q{settings.jpeg_quality} progressive optimize"
    key = f"{RENDER_VERSION}|{digest}|{size[0]}x{size[1]}|{encoder}"
    name = hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]
    return cache_dir / name[:2] / f"{name}.{'webp' if fmt == 'WEBP' else 'jpg'}"


def render_sizes(source: Path, targets: list[tuple[tuple[int, int], str, Path]], settings: PhotoSettings) -> None:
    """Decode ``source`` once and write each ``(size, format, path)``; OSError when a path cannot be written."""
    upright = _load_upright(source)
    for size, fmt, output in targets:
        resized = upright if upright.size == size else upright.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
        resized.info.clear()  # no EXIF, XMP, ICC or comment may reach the encoder
        _save(resized, output, fmt, settings)


def pending_outputs(photo: Photo, site_dir: Path) -> list[tuple[Variant, Path, str]]:
    """The photo's variants missing (or older than the original) under ``site_dir``: ``(variant, path, format)``."""
    mtime = photo.source.stat().st_mtime_ns
    return [
        (variant, site_dir / url, fmt)
        for variant in photo.variants
        for url, fmt in ((variant.webp_url, "WEBP"), (variant.jpeg_url, "JPEG"))
        if not _is_fresh(site_dir / url, mtime)
    ]


def place_entry(entry: Path, output: Path, made: set[str] | None = None) -> None:
    """Put a cached variant at ``output`` (hard link, else copy), atomically.

    ``made``: folders already made in this run (one ``mkdir`` per folder, not per file)."""
    ensure_folder(os.path.dirname(output), set() if made is None else made)
    partial = _partial(output)
    partial.unlink(missing_ok=True)
    try:
        os.link(entry, partial)
    except OSError:
        shutil.copyfile(entry, partial)
    os.replace(partial, output)


def render_variants(photo: Photo, site_dir: Path, settings: PhotoSettings) -> list[Path]:
    """Write the missing or stale variants under site_dir; return the paths written.

    A variant found in the render cache (``settings.cache_dir``, see the module
    notes) is linked, not decoded and encoded again. :mod:`kabardesa.photo_batch`
    renders many photos at once, across processes.
    """
    pending = pending_outputs(photo, site_dir)
    if not pending:
        return []
    cache = settings.cache_dir
    if cache is None:
        render_sizes(photo.source, [((v.width, v.height), fmt, out) for v, out, fmt in pending], settings)
        return [out for _, out, _ in pending]
    digest = content_digest(photo.source, photo.source.stat())
    entries = [(v, out, fmt, cache_entry(cache, digest, (v.width, v.height), fmt, settings)) for v, out, fmt in pending]
    missing = [((v.width, v.height), fmt, entry) for v, _, fmt, entry in entries if not entry.is_file()]
    if missing:
        try:
            render_sizes(photo.source, missing, settings)
        except OSError:  # cache not writable (read-only checkout, full disk): render straight to the site
            return render_variants(photo, site_dir, replace(settings, cache_dir=None))
    for _, output, _, entry in entries:
        place_entry(entry, output)
    return [out for _, out, _, _ in entries]
