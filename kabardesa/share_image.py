"""The picture a shared story shows in WhatsApp, Facebook and Telegram previews (``og:image``).

Every story gets one 1,200×630 JPEG beside its page (:func:`kabardesa.urls.story_share_image`):
the story photo, cropped to fill, darkened towards the bottom, with the title
(wrapped, at most three lines, an ellipsis when longer), the place and the date
over it; a story without a photo gets its activity's drawing instead
(``share_backgrounds/<category>.png``, rendered from ``assets/kegiatan/`` by
``tools/render_illustrations.py``; Pillow reads no SVG), else the site's brown and amber. The
file stays under :data:`MAX_BYTES` (WhatsApp shows no picture above about
300 KB): the JPEG quality steps down until it fits, and a photo that never fits
(pure noise) gives way to the plain background.

Drawn with Pillow and the DejaVu fonts that ship in ``assets/fonts/`` (no
network, no system fonts). Text comes from officers' front-matter: it is drawn,
never interpreted, so markup is just characters; characters the font has no
glyph for (emoji, CJK) are left out instead of drawn as boxes, and right-to-left
text is shaped by Raqm when Pillow has it.

Rendering costs tens of milliseconds, so like the photo variants
(:mod:`kabardesa.photos`) a finished picture is kept in a cache outside
``site/`` (``<photo_cache>/bagikan/``), named by a fingerprint of everything it
is drawn from (texts, the photo's path, modification time and size, the fonts,
:data:`RENDER_VERSION`); the site gets a hard link to the entry. Photos are
opened only through :mod:`kabardesa.photos`' guarded reader (JPEG, PNG, WebP by
content, size limits from the header first).
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

from . import photos, urls
from .fingerprint import fingerprint
from .model import Story

WIDTH, HEIGHT = 1200, 630
MAX_BYTES = 300_000  # WhatsApp drops the preview picture above about 300 KB
QUALITIES = (82, 74, 66, 58, 50, 42)  # tried in turn until the file fits
RENDER_VERSION = 3  # bump when the drawing changes: cached pictures are then not reused
CACHE_SUBDIR = "bagikan"  # inside the photo cache folder
FONTS = Path(__file__).resolve().parent / "assets" / "fonts"
BOLD_FONT = FONTS / "DejaVuSans-Bold.ttf"
REGULAR_FONT = FONTS / "DejaVuSans.ttf"

# The site's colours (Material's brown and amber, as assets/og-default.png).
BROWN = (121, 85, 72)
DARK_BROWN = (78, 52, 46)
AMBER = (255, 193, 7)
CREAM = (255, 224, 178)
WHITE = (255, 255, 255)
SHADE = (33, 22, 18)  # the gradient over a photo

MARGIN = 64
TEXT_WIDTH = WIDTH - 2 * MARGIN
TITLE_SIZES = (64, 56, 50)  # the largest that holds the title in three lines, else the smallest, cut
TITLE_LINES = 3
META_SIZE = 30
BRAND_SIZE = 26
ELLIPSIS = "…"


@dataclass(frozen=True)
class ShareCard:
    """What a share picture shows; its fields (with the photo's version) name its cache entry."""

    title: str
    place: str  # "Desa Lowayu, Kec. Panceng"
    date: str  # "Jumat, 23 Mei 2025"
    brand: str  # the site's name, top left
    photo: Path | None = None  # absolute path of the story photo
    drawing: Path | None = None  # the activity's drawing, for a story without a photo


def place_of(story: Story, polres: str) -> str:
    """Where the story happened, as one line: villages and kecamatan, the Polsek area, or the whole Polres."""
    if story.villages:
        names = ", ".join(v.label for v in story.villages)
        return f"{names}, Kec. {story.villages[0].kecamatan}"
    if story.polsek:
        return f"Wilayah {story.polsek[0].name}"
    return f"Seluruh wilayah {polres}".strip()


BACKGROUNDS = Path(__file__).resolve().parent / "share_backgrounds"


def drawing_for(category_slug: str) -> Path | None:
    """The activity's drawing as PNG: its own, else the general one, else None (plain background)."""
    for name in (category_slug, "umum"):
        path = BACKGROUNDS / f"{name}.png"
        if path.is_file():
            return path
    return None


def card_for(story: Story, site_name: str, polres: str) -> ShareCard:
    photo = story.image.resolve() if story.image is not None else None
    drawing = None if photo is not None else drawing_for(story.category.slug)
    return ShareCard(story.title, place_of(story, polres), story.date_label, site_name, photo, drawing)


def output_path(story: Story) -> str:
    """Where the story's picture goes under site/ (also its URL there)."""
    return urls.story_share_image(story.published.year, story.published.month, story.slug)


# -- text ---------------------------------------------------------------------------------------


@cache
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


@cache
def _missing_glyph(path: Path) -> tuple[tuple[int, int], bytes]:
    mask = _font(path, 40).getmask("\U0010fffd")  # a private-use code point: no font has it
    return mask.size, bytes(mask)


@lru_cache(maxsize=20_000)
def _has_glyph(path: Path, char: str) -> bool:
    mask = _font(path, 40).getmask(char)
    return (mask.size, bytes(mask)) != _missing_glyph(path)


_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})


def drawable(text: str, font_path: Path = BOLD_FONT) -> str:
    """``text`` with only what the font can draw: one space between words, no control or format characters,

    no emoji or other characters without a glyph, no combining mark left without its base letter.
    """
    kept: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        category = unicodedata.category(char)
        if char.isspace() or category in ("Zs",):
            if kept and kept[-1] != " ":
                kept.append(" ")
            continue
        if category in _DROPPED_CATEGORIES:
            continue
        if category in ("Mn", "Me", "Mc"):
            if not kept or kept[-1] == " ":
                continue  # its base was dropped (an emoji's variation selector): HarfBuzz would draw a dotted circle
            if not _has_glyph(font_path, kept[-1] + char):
                continue
        elif not _has_glyph(font_path, char):
            continue
        kept.append(char)
    return "".join(kept).strip()


def _width(font: ImageFont.FreeTypeFont, text: str) -> float:
    return font.getlength(text)


def _cut(font: ImageFont.FreeTypeFont, text: str, width: float) -> str:
    """``text`` if it fits in ``width``, else its longest start that fits with an ellipsis."""
    if _width(font, text) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if _width(font, text[:middle].rstrip() + ELLIPSIS) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip(" ,.;:-–—") + ELLIPSIS


def _split_word(font: ImageFont.FreeTypeFont, word: str, width: float) -> list[str]:
    """A word longer than the line, in pieces that each fit."""
    pieces, current = [], ""
    for char in word:
        if current and _width(font, current + char) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    return pieces + [current] if current else pieces


def wrap(font: ImageFont.FreeTypeFont, text: str, width: float, max_lines: int) -> tuple[list[str], bool]:
    """Greedy word wrap; at most ``max_lines``, the last cut with an ellipsis when more was left (then True)."""
    lines: list[str] = []
    current = ""
    words = text.split(" ")
    for index, word in enumerate(words):
        for piece in _split_word(font, word, width) if _width(font, word) > width else [word]:
            candidate = f"{current} {piece}" if current else piece
            if _width(font, candidate) <= width:
                current = candidate
                continue
            lines.append(current)
            current = piece
            if len(lines) == max_lines:
                rest = " ".join([current, *words[index + 1:]])
                lines[-1] = _cut(font, f"{lines[-1]} {rest}", width)
                return lines, True
    if current:
        lines.append(current)
    return lines, False


def _title_lines(title: str) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest title size that holds the whole title in three lines; else the smallest, cut."""
    for size in TITLE_SIZES:
        font = _font(BOLD_FONT, size)
        lines, cut = wrap(font, title, TEXT_WIDTH, TITLE_LINES)
        if not cut:
            return font, lines
    return font, lines


# -- drawing ------------------------------------------------------------------------------------


def _plain_background() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), BROWN)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - 150, WIDTH, HEIGHT), fill=DARK_BROWN)
    # A large amber ring on the right, as in the site's default picture.
    draw.ellipse((WIDTH - 330, -120, WIDTH + 130, 340), outline=AMBER, width=28)
    return image


def _load_photo(source: Path) -> Image.Image:
    """The photo upright in sRGB, decoded no larger than needed (JPEG draft), through the guarded reader."""
    stat = source.stat()
    width, height, orientation = photos._checked_header(source, stat)  # formats, file and pixel limits
    try:
        with photos._open(source) as image:
            if image.format == "JPEG":
                wanted = (HEIGHT, WIDTH) if orientation in photos.SWAPPED_ORIENTATIONS else (WIDTH, HEIGHT)
                image.draft(image.mode, wanted)
            image.load()
            return photos.to_srgb(ImageOps.exif_transpose(image))
    except photos._READ_ERRORS as error:
        raise photos._unreadable(source) from error


def _photo_background(photo: Image.Image, blur: float = 0) -> Image.Image:
    image = ImageOps.fit(photo, (WIDTH, HEIGHT), Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    # Darken from a third of the way down, so white text reads on any photo.
    top = HEIGHT // 4
    alpha = Image.linear_gradient("L").resize((1, HEIGHT - top))
    alpha = alpha.point(lambda value: int(value * 0.86))
    mask = Image.new("L", (WIDTH, HEIGHT), 0)
    mask.paste(alpha.resize((WIDTH, HEIGHT - top)), (0, top))
    image.paste(Image.new("RGB", (WIDTH, HEIGHT), SHADE), (0, 0), mask)
    top_mask = Image.linear_gradient("L").rotate(180).resize((WIDTH, 130)).point(lambda value: int(value * 0.55))
    image.paste(Image.new("RGB", (WIDTH, 130), SHADE), (0, 0), top_mask)
    return image


def _draw_text(image: Image.Image, card: ShareCard, on_photo: bool) -> None:
    draw = ImageDraw.Draw(image)
    brand_font = _font(BOLD_FONT, BRAND_SIZE)
    brand = _cut(brand_font, drawable(card.brand).upper(), TEXT_WIDTH - 40)
    draw.rectangle((MARGIN, 52, MARGIN + 10, 52 + BRAND_SIZE + 8), fill=AMBER)
    draw.text((MARGIN + 26, 52 + (BRAND_SIZE + 8) // 2), brand, font=brand_font, fill=AMBER if not on_photo else WHITE, anchor="lm")

    meta_font = _font(REGULAR_FONT, META_SIZE)
    date = drawable(card.date, REGULAR_FONT)
    separator = "  ·  "
    place = _cut(meta_font, drawable(card.place, REGULAR_FONT), TEXT_WIDTH - _width(meta_font, separator + date))
    meta = f"{place}{separator}{date}" if place else date

    title_font, lines = _title_lines(drawable(card.title) or "Kabar Desa")
    line_height = round(title_font.size * 1.2)
    meta_y = HEIGHT - 64 - META_SIZE
    y = meta_y - 30 - line_height * len(lines)
    draw.rectangle((MARGIN, y - 26, MARGIN + 96, y - 18), fill=AMBER)
    for line in lines:
        draw.text((MARGIN, y), line, font=title_font, fill=WHITE)
        y += line_height
    draw.text((MARGIN, meta_y), meta, font=meta_font, fill=CREAM)


def _jpeg(image: Image.Image) -> bytes | None:
    """The smallest quality step that fits :data:`MAX_BYTES`; None when none does."""
    image.info.clear()  # nothing but pixels reaches the encoder
    for quality in QUALITIES:
        buffer = BytesIO()
        image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True, subsampling="4:2:0")
        if buffer.tell() < MAX_BYTES:
            return buffer.getvalue()
    return None


def render_card(card: ShareCard) -> bytes:
    """The picture as JPEG bytes, always under :data:`MAX_BYTES`. A bad photo raises PhotoError."""
    picture = card.photo or card.drawing
    if picture is not None:
        photo = _load_photo(picture)
        for blur in (0, 2, 6):  # a photo too detailed to fit is softened, then given up
            image = _photo_background(photo, blur)
            _draw_text(image, card, on_photo=True)
            data = _jpeg(image)
            if data is not None:
                return data
    image = _plain_background()
    _draw_text(image, card, on_photo=False)
    data = _jpeg(image)
    assert data is not None, "the plain background always fits"
    return data


# -- cache and site -----------------------------------------------------------------------------


def inputs_of(card: ShareCard) -> tuple[object, ...]:
    """Everything the picture is made from: the card, the photo's version, the fonts, the drawing."""
    photo_version: str | None = None
    picture = card.photo or card.drawing
    if picture is not None:  # by content: a fresh clone (new file times) still finds its pictures
        photo_version = photos.content_digest(picture, picture.stat())
    return (RENDER_VERSION, WIDTH, HEIGHT, MAX_BYTES, QUALITIES, card, photo_version, _fonts_version())


@cache
def _fonts_version() -> tuple[tuple[str, int], ...]:
    """The fonts the pictures are drawn with (package files: fixed for the process)."""
    return tuple((path.name, path.stat().st_size) for path in (BOLD_FONT, REGULAR_FONT))


def cache_entry(cache_dir: Path, card: ShareCard) -> Path:
    digest = fingerprint(inputs_of(card))
    return cache_dir / digest[:2] / f"{digest}.jpg"


def _write(data: bytes, output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f"{output.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, output)


def place_card(data: bytes, entry: Path | None, output: Path) -> None:
    """A drawn picture into the cache entry and linked to ``output`` (straight to ``output`` without a cache)."""
    if entry is not None:
        try:
            _write(data, entry)
        except OSError:
            entry = None
    if entry is None:
        _write(data, output)
    else:
        photos.place_entry(entry, output)


def write_card(card: ShareCard, output: Path, cache_dir: Path | None) -> bool:
    """Put the card's picture at ``output``; True when it was drawn, False when taken from the cache.

    ``cache_dir`` is the share pictures' own folder (None: no cache, always drawn).
    An unwritable cache (read-only checkout, full disk) falls back to drawing into the site.
    """
    entry = cache_entry(cache_dir, card) if cache_dir is not None else None
    if entry is not None and entry.is_file():
        photos.place_entry(entry, output)
        return False
    place_card(render_card(card), entry, output)
    return True


def share_cache_dir(photo_cache_dir: Path | None) -> Path | None:
    """The share pictures' folder inside the photo cache (None when the cache is off)."""
    return photo_cache_dir / CACHE_SUBDIR if photo_cache_dir is not None else None
