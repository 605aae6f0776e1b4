"""Officers' original photos as files in the repository: what they carry, how big they are, whether a story uses them.

The public site only ever gets re-encoded, metadata-free variants
(:mod:`kabardesa.photos`), but the originals sit in a public git repository for
good: a phone photo's EXIF holds the GPS position (often a resident's home) and
4–8 MB of pixels. So ``kabardesa check`` refuses an original that still carries
metadata, warns about one that is too big, and refuses a photo in ``stories/``
that no story uses (copied beside a story and never named with ``image:``, it
would be committed, GPS and all). ``kabardesa foto`` (:mod:`kabardesa.photo_fix`)
fixes the first two in place.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from PIL import Image

from .photos import PhotoError, inspect_photo, open_photo

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
MAX_ORIGINAL_BYTES = 1_000_000  # above this an original is reduced (a warning)
MAX_ORIGINAL_SIDE = 2000  # pixels, the longest side (the site's largest variant is 1,600)
FIX_COMMAND = "kabardesa foto"
GPS_IFD = 0x8825
_PNG_KEYS = frozenset({"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "srgb", "gamma", "dpi", "aspect", "transparency"})
_known: dict[tuple[Path, int, int], tuple[str, ...]] = {}


def metadata_kinds(source: Path) -> tuple[str, ...]:
    """What the file carries besides pixels and a colour profile, in Indonesian (empty: nothing).

    Reads the header only; remembered per file version.
    """
    try:
        stat = source.stat()
    except OSError:
        return ()
    key = (source.resolve(), stat.st_mtime_ns, stat.st_size)
    if key not in _known:
        if len(_known) > 20_000:
            _known.clear()
        _known[key] = _read_kinds(source)
    return _known[key]


def _exif_of(image: Image.Image, info: dict) -> Image.Exif:
    """The EXIF block without decoding pixels (a PNG's ``getexif`` decodes to look past them)."""
    if image.format != "PNG":
        return image.getexif()
    exif = Image.Exif()
    if info.get("exif"):
        exif.load(info["exif"])
    return exif


def _read_kinds(source: Path) -> tuple[str, ...]:
    try:
        with open_photo(source) as image:
            info = dict(image.info)
            exif = _exif_of(image, info)
            # PNG text chunks before the pixels (``image.text`` would decode the pixels to find later ones)
            text = {k: v for k, v in info.items() if isinstance(v, str) and k not in _PNG_KEYS} if image.format == "PNG" else {}
    except (PhotoError, OSError, ValueError, SyntaxError):
        return ()  # unreadable: inspect_photo reports that
    kinds = []
    if exif.get_ifd(GPS_IFD) or GPS_IFD in exif:
        kinds.append("lokasi GPS")
    if any(tag != GPS_IFD for tag in exif) or info.get("exif"):
        kinds.append("data EXIF (merek ponsel, waktu, pengaturan kamera)")
    if info.get("xmp") or info.get("XML:com.adobe.xmp") or any("xmp" in str(k).lower() for k in text):
        kinds.append("data XMP")
    if info.get("comment") or info.get("photoshop") or any("xmp" not in str(k).lower() for k in text):
        kinds.append("komentar atau keterangan tersimpan")
    return tuple(dict.fromkeys(kinds))


def metadata_message(name: str, rel_path: str, kinds: Iterable[str]) -> str:
    return (f"foto '{name}' masih membawa {', '.join(kinds)} dari ponsel; foto asli tersimpan selamanya di "
            f"repositori publik (lokasi GPS bisa menunjuk rumah warga). Hapus dengan: {FIX_COMMAND} {rel_path}")


def size_advice(source: Path, rel_path: str) -> list[str]:
    """Warnings for an original over :data:`MAX_ORIGINAL_BYTES` or :data:`MAX_ORIGINAL_SIDE` (the site still works)."""
    try:
        size = source.stat().st_size
        with open_photo(source) as image:
            width, height = image.size
    except (PhotoError, OSError, ValueError, SyntaxError):
        return []
    advice = []
    if size > MAX_ORIGINAL_BYTES:
        advice.append(f"foto '{source.name}' berukuran {_megabytes(size)} MB (paling besar 1 MB agar repositori tidak "
                      f"membengkak); perkecil dengan: {FIX_COMMAND} {rel_path}")
    if max(width, height) > MAX_ORIGINAL_SIDE:
        advice.append(f"foto '{source.name}' berukuran {width:,}×{height:,} piksel (sisi terpanjang paling banyak "
                      f"{MAX_ORIGINAL_SIDE:,} piksel); perkecil dengan: {FIX_COMMAND} {rel_path}".replace(",", "."))
    return advice


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",")


def project_path(photo: Path, stories_root: Path) -> str:
    """``stories/2026/08/x.jpg``: the photo's path as the officer types it in the project's folder."""
    try:
        return f"{stories_root.name}/{photo.resolve().relative_to(stories_root.resolve()).as_posix()}"
    except ValueError:
        return photo.as_posix()


def in_stories(path: Path, stories_root: Path) -> bool:
    """``path`` is in ``stories_root`` or a folder below it (a link is where it sits, not where it leads)."""
    folder, root = path.parent.resolve(), stories_root.resolve()
    return folder == root or root in folder.parents


def is_photo_file(path: Path) -> bool:
    return path.suffix.lower() in PHOTO_SUFFIXES


def photos_in(folder: Path) -> list[Path]:
    """Photo files under ``folder`` (links not followed), sorted."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):  # os.walk does not enter linked folders
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found += [Path(dirpath) / name for name in filenames if is_photo_file(Path(name)) and not name.startswith(".")]
    return sorted(found)


def unused_photos(photos: Iterable[Path], stories_root: Path) -> list[Path]:
    """The photos no story file names: neither beside it (``image: x.jpg``) nor in a subfolder (``foto/x.jpg``)."""
    texts: dict[Path, list[tuple[Path, str]]] = {}
    return [photo for photo in photos if not photo_users(photo, stories_root, texts)]


def photo_users(photo: Path, stories_root: Path, cache: dict[Path, list[tuple[Path, str]]] | None = None) -> list[Path]:
    """The story files that name ``photo`` (empty for a photo outside ``stories_root``).

    A story names a photo by its path from the story's folder, so the photo is
    looked for, as text, in the story files of its folder and the folders above
    it up to ``stories_root``: ``x.jpg`` (or ``./x.jpg``, or ``foto/x.jpg`` from
    the folder above), not as the end of a longer name (``bukan-x.jpg``,
    ``lain/x.jpg``).
    """
    cache = {} if cache is None else cache
    root = stories_root.resolve()
    photo = (photo.parent if photo.is_absolute() else Path.cwd() / photo.parent).resolve() / photo.name  # a link keeps its name
    if root not in photo.parents:
        return []
    users = []
    folder = photo.parent
    while True:
        needle = _name_pattern(PurePosixPath(*photo.relative_to(folder).parts).as_posix())
        users += [story for story, text in _story_texts(folder, cache) if needle.search(text) or needle.search(unquote(text))]
        if folder == root:
            return users
        folder = folder.parent


def _name_pattern(relative: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w\-./\\%])(?:\./)?" + re.escape(relative) + r"(?![\w\-])")


def _story_texts(folder: Path, cache: dict[Path, list[tuple[Path, str]]]) -> list[tuple[Path, str]]:
    if folder not in cache:
        stories = []
        for path in sorted(folder.glob("*")):
            if path.suffix.lower() in (".md", ".markdown") and path.is_file() and not path.is_symlink():
                try:
                    stories.append((path, path.read_text(encoding="utf-8", errors="replace")))
                except OSError:
                    continue
        cache[folder] = stories
    return cache[folder]


def unused_message(name: str, rel_path: str) -> str:
    return (f"foto '{name}' tidak dipakai cerita mana pun; tulis 'image: {name}' (dan 'image_alt') di front-matter "
            f"ceritanya, atau hapus berkas {rel_path} agar tidak ikut ter-commit")


def original_findings(source: Path, rel_path: str) -> list[tuple[str, str]]:
    """``(severity, message)`` for an original photo a story uses: metadata is an error, size a warning."""
    findings = []
    kinds = metadata_kinds(source)
    if kinds:
        findings.append(("error", metadata_message(source.name, rel_path, kinds)))
    findings += [("advice", message) for message in size_advice(source, rel_path)]
    return findings


def file_findings(photo: Path, stories_root: Path, rel_path: str, *, used: bool) -> list[tuple[str, str]]:
    """``(severity, message)`` for a photo checked as a file of its own (``kabardesa check stories/x.jpg``).

    A photo in ``stories/`` that no story uses (``used`` false) is an error; then, as
    for a story's photo, whatever makes it unusable, its metadata, and its size.
    """
    findings = []
    if not used and in_stories(photo, stories_root):
        findings.append(("error", unused_message(photo.name, rel_path)))
    unusable = inspect_photo(photo)
    findings += [("error", message) for message in unusable]
    if not unusable:
        findings += original_findings(photo, rel_path)
    return findings
