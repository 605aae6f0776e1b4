"""Clean rendered story HTML to a safe allow-list (nh3, the ammonia sanitizer).

Authors set no ``id``, ``class``, ``style`` or event attribute, whether through
raw HTML or an attribute list (``{: id=... }``): the allow-list drops them all.
Headings then get the only ids a story may carry, made by the slugifier
(``[a-z0-9-]``, so never one of Material's ``__drawer``/``__search``/``__toc``,
never the package's own ``kd-…``), and the table of contents is rebuilt from
those headings with escaped titles (Material prints both unescaped).

The one short list of classes kept is what the ``admonition`` extension writes
for Material's admonition types (``admonition``, ``admonition-title`` and the
type names): they style a box inside the article and cannot name any of the
theme's chrome, which is all ``md-``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

import nh3

from .text import slugify

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "a", "strong", "b", "em", "i", "u", "s", "del", "ins",
    "mark", "small", "sub", "sup", "blockquote", "q", "code", "pre", "kbd", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "figure", "figcaption", "img",
    "span", "div", "details", "summary", "abbr",
}
ALLOWED_ATTRIBUTES = {  # no id, class, style or on*: authors set none
    "*": {"title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "abbr": {"title"},
    "div": {"class"},  # only ALLOWED_CLASSES pass, see _attribute
    "p": {"class"},
}
ADMONITION_TYPES = {
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check", "done",
    "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing", "danger", "error",
    "bug", "example", "quote", "cite",
}
ALLOWED_CLASSES = {"div": frozenset({"admonition", *ADMONITION_TYPES}), "p": frozenset({"admonition-title"})}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

RESERVED_ID_PREFIXES = ("kd-",)  # the package's own ids (kd-related-h); Material's all start with "__"
FALLBACK_ID = "bagian"
_HEADING = re.compile(r'<(h[2-6])((?: [a-z-]+="[^"]*")*)>(.*?)</\1>', re.DOTALL)


@dataclass(frozen=True)
class Heading:
    level: int
    id: str  # [a-z0-9-]+, unique on the page
    title: str  # HTML-escaped plain text


@dataclass(frozen=True)
class CleanStory:
    html: str
    headings: tuple[Heading, ...]


def _nh3(html_text: str) -> str:
    return nh3.clean(
        html_text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def _attribute(tag: str, name: str, value: str) -> str | None:
    """Keep a ``class`` only for the classes ALLOWED_CLASSES names; drop an empty one."""
    if name != "class":
        return value
    kept = [c for c in value.split() if c in ALLOWED_CLASSES.get(tag, ())]
    return " ".join(dict.fromkeys(kept)) or None


def clean_story(html_text: str) -> CleanStory:
    """Drop scripts, frames, event handlers, ``javascript:`` URLs, author ids and classes; id the headings."""
    used: set[str] = set()
    headings: list[Heading] = []

    def with_id(match: re.Match[str]) -> str:
        tag, attrs, inner = match.groups()
        text = " ".join(html.unescape(nh3.clean(inner, tags=set())).split())
        heading = Heading(int(tag[1]), heading_id(text, used), html.escape(text, quote=False))
        headings.append(heading)
        return f'<{tag} id="{heading.id}"{attrs}>{inner}</{tag}>'

    cleaned = _HEADING.sub(with_id, _nh3(html_text))
    return CleanStory(cleaned, tuple(headings))


def clean_html(html_text: str) -> str:
    """:func:`clean_story`'s HTML alone."""
    return clean_story(html_text).html


def heading_id(text: str, used: set[str]) -> str:
    """A slug of the heading text, unique among ``used`` (which it joins); never a reserved id."""
    base = slugify(text) or FALLBACK_ID
    if base.startswith(RESERVED_ID_PREFIXES):
        base = f"{FALLBACK_ID}-{base}"
    candidate, number = base, 1
    while candidate in used:
        number += 1
        candidate = f"{base}-{number}"
    used.add(candidate)
    return candidate


# Characters plain text (feeds, WhatsApp) never carries: controls, format characters
# (zero-width, bidi overrides), line and paragraph separators, private use.
_INVISIBLE = {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"}


def first_invisible(text: str) -> str | None:
    """The first control or invisible character in ``text`` (tab and newline count), else None."""
    return next((ch for ch in text if unicodedata.category(ch) in _INVISIBLE), None)


def plain_line(text: str) -> str:
    """One line of plain text: invisible and control characters dropped, whitespace collapsed."""
    visible = "".join(" " if ch in "\t\n\r" else ch for ch in text if ch in "\t\n\r" or unicodedata.category(ch) not in _INVISIBLE)
    return " ".join(visible.split())
