"""A story's text as a reader sees it, with a map back to the source.

The personal-data guard scans this "reader view" as well as the source, so that
markup, HTML comments and tags, character references and invisible characters
cannot split a number that the published page shows whole, and so that odd
dashes and separators read like the ordinary ones. Every character of the view
maps back to the source offset it came from, for line and column.

Each step is one regular-expression pass (or a ``str.find`` loop for comments),
linear in the text; nothing is converted by Markdown itself.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

# Format characters a reader cannot see: zero-width space/joiners, word joiner,
# invisible operators, BOM, soft hyphen, Mongolian vowel separator, and the bidi
# marks, embeddings, overrides and isolates.
_INVISIBLE = "\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
# Dashes and minus signs (hyphen, figure dash, en/em dash, bar, minus, small and full-width).
_DASHES = "\u2010-\u2015\u2212\ufe58\ufe63\uff0d"
# Spaces other than the ASCII one: NBSP, en/em/thin/hair spaces, narrow NBSP, ideographic.
_SPACES = "\u00a0\u2000-\u200a\u202f\u205f\u3000\t"
# Full-width punctuation numbers are written with.
_FULL_WIDTH = {"\uff0b": "+", "\uff08": "(", "\uff09": ")", "\uff0e": ".", "\uff0f": "/", "\uff1a": ":"}

_CHAR_CLASS = f"{_INVISIBLE}{_DASHES}{_SPACES}{''.join(_FULL_WIDTH)}"
_CHARS = re.compile(f"[{_CHAR_CLASS}]|(?![0-9])\\d")

# Where a token may start: a tag, a character reference, Markdown emphasis/code/
# strike markup or a backslash escape, a tab; in non-ASCII text also any
# non-ASCII character (invisible ones, dashes, spaces, full-width digits).
# One character class each, so the engine scans fast.
_TOKEN_START = re.compile("[<&*_`~\\\\\t]")
_TOKEN_START_UNICODE = re.compile("[<&*_`~\\\\\t\\u0080-\\U0010ffff]")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};)")
_MARKUP = frozenset("*_`~\\")
_RIGHT_TO_LEFT_OVERRIDE, _POP_DIRECTIONAL = "\u202e", "\u202c"

# Separators between two digits as a reader takes them in: " - ", " / ", " . ",
# several spaces, or a single line break (a paragraph's lines join with a space);
# and "0062" (the international prefix) read as "+62". Applied to number windows only.
_SEPARATOR = re.compile(
    r"(?<=\d)(?:[ ]+([-/.])[ ]*|([-/.])[ ]+|[ ]*\n[ ]*|[ ]{2,})(?=\d)|(?<![\d+])00[ .\-]?(?=62)"
)
# How far from a removed or replaced piece a digit makes it matter.
_NEAR = 32
_DIGIT = re.compile(r"\d")


def _char(ch: str) -> str:
    """A single character as the guard reads it ('' for an invisible one)."""
    if ch.isdecimal():
        return str(unicodedata.decimal(ch))
    if re.fullmatch(f"[{_INVISIBLE}]", ch):
        return ""
    if re.fullmatch(f"[{_DASHES}]", ch):
        return "-"
    if re.fullmatch(f"[{_SPACES}]", ch):
        return " "
    return _FULL_WIDTH.get(ch, ch)


_CHAR_CACHE: dict[str, str] = {}


def _normal_char(ch: str) -> str:
    if ch not in _CHAR_CACHE:
        _CHAR_CACHE[ch] = _char(ch)
    return _CHAR_CACHE[ch]


def _token(text: str, pos: int) -> tuple[int, str]:
    """The end of the token starting at ``pos`` and what a reader sees of it."""
    ch = text[pos]
    if ch == "<":
        tag = _TAG.match(text, pos)
        return (tag.end(), "") if tag else (pos + 1, ch)  # an HTML tag shows nothing
    if ch == "&":
        entity = _ENTITY.match(text, pos)
        if entity is None:
            return pos + 1, ch
        decoded = html.unescape(entity.group())
        return entity.end(), _CHARS.sub(lambda m: _normal_char(m.group()), decoded)
    if ch in _MARKUP:
        return pos + 1, ""
    if ch == _RIGHT_TO_LEFT_OVERRIDE:
        return _reversed(text, pos)
    return pos + 1, _normal_char(ch)


def _reversed(text: str, pos: int) -> tuple[int, str]:
    """A right-to-left override shows what follows, up to its end (PDF) or the line's, reversed."""
    line_end = text.find("\n", pos)
    line_end = len(text) if line_end == -1 else line_end
    end = text.find(_POP_DIRECTIONAL, pos, line_end)  # searched within the line only: linear
    end = line_end if end == -1 else end
    shown = _CHARS.sub(lambda m: _normal_char(m.group()), text[pos + 1:end])[::-1]
    return end + (text.startswith(_POP_DIRECTIONAL, end)), shown


def _tokens(text: str) -> tuple[str, _Layer, bool]:
    """Tags, references, markup and odd characters replaced; and whether any was near a digit."""
    layer, parts, pos, shift, near = _Layer(), [], 0, 0, False
    starts = _TOKEN_START if text.isascii() else _TOKEN_START_UNICODE
    for match in starts.finditer(text):
        start = match.start()
        if start < pos:
            continue  # inside a tag already replaced
        end, shown = _token(text, start)
        if shown == text[start:end]:
            continue
        parts += [text[pos:start], shown]
        out = start - shift
        layer.add(out, out + len(shown), start, end)
        shift += end - start - len(shown)
        pos = end
        near = near or _near_digit(text, start, end, shown)
    parts.append(text[pos:])
    return "".join(parts), layer, near


def _near_digit(text: str, start: int, end: int, shown: str) -> bool:
    """Whether replacing text[start:end] by ``shown`` can change a number (a digit close by)."""
    around = text[max(0, start - _NEAR):start] + shown + text[end:end + _NEAR]
    return _DIGIT.search(around) is not None


def _separator(match: re.Match[str]) -> str:
    if match.group().startswith("00"):
        return "+"
    return match.group(1) or match.group(2) or " "


@dataclass
class _Layer:
    """Replaced stretches of one pass: output [start, end) came from source [start, end)."""

    out_start: list[int] = field(default_factory=list)
    out_end: list[int] = field(default_factory=list)
    src_start: list[int] = field(default_factory=list)
    src_end: list[int] = field(default_factory=list)

    def add(self, out_start: int, out_end: int, src_start: int, src_end: int) -> None:
        self.out_start.append(out_start)
        self.out_end.append(out_end)
        self.src_start.append(src_start)
        self.src_end.append(src_end)

    def start(self, pos: int) -> int:
        """Source offset of the output character at ``pos``."""
        i = bisect.bisect_right(self.out_start, pos) - 1
        if i < 0:
            return pos
        if pos < self.out_end[i]:
            return self.src_start[i]
        return self.src_end[i] + pos - self.out_end[i]

    def end(self, pos: int) -> int:
        """Source offset just after the output character at ``pos - 1``."""
        i = bisect.bisect_right(self.out_start, pos - 1) - 1
        if i >= 0 and pos - 1 < self.out_end[i]:
            return self.src_end[i]
        return self.start(pos - 1) + 1


def _substitute(text: str, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str]) -> tuple[str, _Layer]:
    layer = _Layer()
    shift = 0  # source length minus output length so far

    def one(match: re.Match[str]) -> str:
        nonlocal shift
        new = replace(match)
        if new != match.group():
            start, end = match.span()
            layer.add(start - shift, start - shift + len(new), start, end)
            shift += end - start - len(new)
        return new

    return pattern.sub(one, text), layer


def _drop_comments(text: str) -> tuple[str, _Layer, bool]:
    """Remove closed ``<!-- ... -->`` comments (linear: one find per comment)."""
    layer, parts, pos, shift, near = _Layer(), [], 0, 0, False
    while (start := text.find("<!--", pos)) != -1:
        close = text.find("-->", start + 4)
        if close == -1:
            break  # no later comment is closed either
        end = close + 3
        parts.append(text[pos:start])
        layer.add(start - shift, start - shift, start, end)
        shift += end - start
        pos = end
        near = near or _near_digit(text, start, end, "")
    parts.append(text[pos:])
    return "".join(parts), layer, near


@dataclass
class ReaderView:
    """The normalised text and the passes that made it from the source."""

    text: str
    layers: list[_Layer]
    near_digits: bool = False  # whether any change lies near a digit

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source span that view[start:end] (non-empty) came from."""
        first, last = start, end
        for layer in reversed(self.layers):
            first, last = layer.start(first), layer.end(last)
        return first, last


def reader_view(text: str) -> ReaderView:
    """``text`` with comments, tags, references and markup removed and characters normalised."""
    layers: list[_Layer] = []
    near = False
    if "<!--" in text:
        text, layer, near = _drop_comments(text)
        layers.append(layer)
    text, layer, near_token = _tokens(text)
    layers.append(layer)
    return ReaderView(text, layers, near or near_token)


def separators_view(window: str) -> ReaderView:
    """A number window with its separators as a reader takes them in (``_SEPARATOR``)."""
    text, layer = _substitute(window, _SEPARATOR, _separator)
    return ReaderView(text, [layer])
