"""Digests as plain text: WhatsApp-ready (under the site's ``whatsapp_limit``) and Markdown."""

from __future__ import annotations

from .digests import Digest
from .feeds import absolute
from .model import Story
from .sanitize import plain_line
from .settings import DEFAULTS
from .summary import shorten


def whatsapp_text(digest: Digest, site_url: str, site_name: str, limit: int = DEFAULTS.whatsapp_limit,
                  short_title: int = DEFAULTS.whatsapp_short_title) -> str:
    """The whole digest when it fits in ``limit`` characters; else its top stories, titles cut
    to ``short_title`` characters, and a link to the rest."""
    full = _whatsapp(digest, site_url, site_name, digest.stories)
    if len(full) <= limit:
        return full
    # Too long: short titles, one story per Polsek first, then as many others as fit.
    # The text grows with each story taken, so the longest prefix that fits is found
    # by bisection (a monthly digest at scale holds hundreds of stories).
    ranked = _top_stories(digest)

    def text(count: int) -> str:
        return _whatsapp(digest, site_url, site_name, ranked[:count], title_limit=short_title)

    low, high = 0, len(ranked)
    while low < high:
        middle = (low + high + 1) // 2
        if len(text(middle)) <= limit:
            low = middle
        else:
            high = middle - 1
    return text(low)


def _top_stories(digest: Digest) -> list[Story]:
    """One story per Polsek first (so every area is seen), then the rest, newest first."""
    first_per_polsek: dict[str, Story] = {}
    for story in digest.stories:
        key = story.polsek[0].slug if story.polsek else ""
        first_per_polsek.setdefault(key, story)
    leaders = list(first_per_polsek.values())
    chosen = {id(s) for s in leaders}  # identity: comparing stories field by field is slow
    return leaders + [s for s in digest.stories if id(s) not in chosen]


def _whatsapp(digest: Digest, site_url: str, site_name: str, stories: list[Story] | tuple[Story, ...],
              title_limit: int | None = None) -> str:
    truncated = title_limit is not None
    stats = digest.stats
    lines = [
        f"*{digest.title}*",
        site_name,
        "",
        f"{stats.stories} cerita · {stats.villages} desa/kelurahan · {stats.officers} petugas",
        "",
    ]
    chosen = set(id(s) for s in stories)
    for group in digest.groups:
        entries = [s for vg in group.villages for s in vg.stories if id(s) in chosen]
        if not entries:
            continue
        lines.append(f"*{group.label}*")
        for story in entries:
            # Plain text: a title's own line breaks or control characters cannot forge lines or links.
            title = plain_line(story.title)
            title = shorten(title, title_limit) if title_limit else title
            lines.append(f"• {title} ({plain_line(_place(story))})")
            lines.append(f"  {absolute(site_url, story.url)}")
        lines.append("")
    if truncated:
        rest = stats.stories - len(stories)
        lines.append(f"…dan {rest} cerita lain. Selengkapnya:")
    else:
        lines.append("Selengkapnya:")
    lines.append(absolute(site_url, digest.period.url))
    return "\n".join(lines) + "\n"


def _place(story: Story) -> str:
    if story.villages:
        return ", ".join(v.name for v in story.villages)
    return story.place_label


def markdown_text(digest: Digest, site_url: str, site_name: str) -> str:
    """The digest as Markdown, for pasting into a newsletter or an email."""
    stats = digest.stats
    lines = [f"# {digest.title}", "", f"{site_name}", "",
             f"- Cerita: {stats.stories}", f"- Desa/kelurahan: {stats.villages}", f"- Petugas aktif: {stats.officers}", ""]
    for group in digest.groups:
        lines += [f"## {group.label}", ""]
        for vg in group.villages:
            lines += [f"### {vg.label}", ""]
            for story in vg.stories:
                lines.append(f"- [{_md_escape(plain_line(story.title))}]({absolute(site_url, story.url)}) — {story.date_label}, {story.category.name}")
                if story.summary:
                    lines.append(f"  {_md_escape(plain_line(story.summary))}")
            lines.append("")
    lines.append(f"Selengkapnya: {absolute(site_url, digest.period.url)}")
    return "\n".join(lines) + "\n"


def _md_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in text)
