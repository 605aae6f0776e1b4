"""Feed formats: RSS 2.0 through feedgen, JSON Feed 1.1 through json (which feeds exist: :mod:`kabardesa.outputs`)."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Sequence

from feedgen.feed import FeedGenerator

from .model import Story
from .sanitize import plain_line


@dataclass(frozen=True)
class FeedInfo:
    title: str
    description: str
    home_url: str  # absolute
    feed_url: str  # absolute


def absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def rss_feed(stories: Sequence[Story], info: FeedInfo, site_url: str) -> bytes:
    generator = FeedGenerator()
    generator.title(plain_line(info.title))
    generator.description(html.escape(plain_line(info.description)))  # read as HTML, like items'
    generator.link(href=info.feed_url, rel="self")
    generator.link(href=info.home_url, rel="alternate")  # last: feedgen makes it the channel <link>
    generator.language("id")
    generator.generator("Kabar Desa")
    if stories:
        generator.lastBuildDate(stories[0].published)
    else:  # feedgen would print the time of the build: every build would differ, with nothing new to read
        generator._FeedGenerator__rss_lastBuildDate = None
    for story in reversed(stories):  # feedgen prepends: add oldest first
        link = absolute(site_url, story.url)
        entry = generator.add_entry()
        entry.title(plain_line(story.title))
        entry.link(href=link)
        entry.guid(link, permalink=True)
        entry.pubDate(story.published)
        # RSS readers render <description> as HTML: the plain-text summary is escaped for it.
        entry.description(html.escape(plain_line(story.summary or story.title)))
        entry.category(term=plain_line(story.category.name))
    return generator.rss_str(pretty=False)


def json_feed(stories: Sequence[Story], info: FeedInfo, site_url: str) -> str:
    items = [
        {
            "id": absolute(site_url, story.url),
            "url": absolute(site_url, story.url),
            "title": plain_line(story.title),
            "summary": plain_line(story.summary),
            "content_text": plain_line(story.summary or story.title),
            "date_published": story.published.isoformat(),
            "tags": [plain_line(t) for t in (story.category.name, *story.tags)],
            "authors": [{"name": plain_line(story.officer.display_name)}],
        }
        for story in stories
    ]
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": info.title,
        "description": info.description,
        "home_page_url": info.home_url,
        "feed_url": info.feed_url,
        "language": "id",
        "items": items,
    }
    return json.dumps(feed, ensure_ascii=False, indent=1)
