"""Site and village feeds: RSS 2.0 through feedgen, JSON Feed 1.1 through json."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from feedgen.feed import FeedGenerator

from .index import Index
from .model import Story
from .registry import Registry

FEED_SIZE = 50


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
    generator.title(info.title)
    generator.description(info.description)
    generator.link(href=info.feed_url, rel="self")
    generator.link(href=info.home_url, rel="alternate")  # last: feedgen makes it the channel <link>
    generator.language("id")
    generator.generator("Kabar Desa")
    if stories:
        generator.lastBuildDate(stories[0].published)
    for story in reversed(stories[:FEED_SIZE]):  # feedgen prepends: add oldest first
        link = absolute(site_url, story.url)
        entry = generator.add_entry()
        entry.title(story.title)
        entry.link(href=link)
        entry.guid(link, permalink=True)
        entry.pubDate(story.published)
        # RSS readers render <description> as HTML: the plain-text summary is escaped for it.
        entry.description(html.escape(story.summary or story.title))
        entry.category(term=story.category.name)
    return generator.rss_str(pretty=False)


def json_feed(stories: Sequence[Story], info: FeedInfo, site_url: str) -> str:
    items = [
        {
            "id": absolute(site_url, story.url),
            "url": absolute(site_url, story.url),
            "title": story.title,
            "summary": story.summary,
            "content_text": story.summary or story.title,
            "date_published": story.published.isoformat(),
            "tags": [story.category.name, *story.tags],
            "authors": [{"name": story.officer.display_name}],
        }
        for story in stories[:FEED_SIZE]
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


def write_feeds(index: Index, registry: Registry, site_dir: Path, site_url: str, site_name: str) -> list[Path]:
    """``/feed.xml``, ``/feed.json`` and ``/desa/<slug>/feed.xml`` for every village."""
    written = []
    site_info = FeedInfo(site_name, f"Kabar Bhabinkamtibmas {registry.polres_name}", absolute(site_url, ""), absolute(site_url, "feed.xml"))
    written.append(_write(site_dir / "feed.xml", rss_feed(index.stories, site_info, site_url)))
    json_info = FeedInfo(site_info.title, site_info.description, site_info.home_url, absolute(site_url, "feed.json"))
    written.append(_write(site_dir / "feed.json", json_feed(index.stories, json_info, site_url).encode("utf-8")))
    for village in registry.villages.values():
        info = FeedInfo(f"Kabar {village.label} — {site_name}", f"Cerita Bhabinkamtibmas dari {village.label}, Kecamatan {village.kecamatan}",
                        absolute(site_url, village.url), absolute(site_url, f"{village.url}feed.xml"))
        stories = index.by_village.get(village.slug, [])
        written.append(_write(site_dir / village.url / "feed.xml", rss_feed(stories, info, site_url)))
    return written


def _write(path: Path, content: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path
