"""Plain-text summaries drawn from a story's Markdown body."""

from __future__ import annotations

import html
import re

import markdown
import nh3

from .body_checks import within_limits

MAX_SUMMARY = 300
_MARKUP = re.compile(r"[*_`\[\]<>&\\]|^\s*([-+>]|\d+\.)\s", re.MULTILINE)  # anything Markdown or HTML would change


def first_paragraph_text(body: str, limit: int = MAX_SUMMARY) -> str:
    """The first prose paragraph as plain text, cut at a word near ``limit``."""
    for block in re.split(r"\n\s*\n", body.strip()):
        block = block.strip()
        if not block or block.startswith(("#", "!", "<", "---", "|", "```")):
            continue
        # Plain prose needs no Markdown conversion (most first paragraphs are plain).
        text = " ".join(block.split()) if not _MARKUP.search(block) else markdown_to_text(block)
        if text:
            return shorten(text, limit)
    return ""


_MARKDOWN = markdown.Markdown()  # one instance: building one costs more than converting a paragraph


def markdown_to_text(source: str) -> str:
    """Plain text of a Markdown fragment; one beyond the conversion limits is only stripped of tags."""
    try:
        rendered = _MARKDOWN.reset().convert(source) if within_limits(source) else source
    except RecursionError:  # unreachable within the limits; a summary never raises
        rendered = source
    text = html.unescape(nh3.clean(rendered, tags=set()))
    return " ".join(text.split())


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",.;:")
    return cut + "…"
