"""Site and village feeds: RSS 2.0 through feedgen, JSON Feed 1.1 through json."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from feedgen.feed import FeedGenerator

from . import urls
from .index import Index
from .model import Story
from .registry import Registry
from .sanitize import plain_line

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
    generator.title(plain_line(info.title))
    generator.description(html.escape(plain_line(info.description)))  # read as HTML, like items'
    generator.link(href=info.feed_url, rel="self")
    generator.link(href=info.home_url, rel="alternate")  # last: feedgen makes it the channel <link>
    generator.language("id")
    generator.generator("Kabar Desa")
    if stories:
        generator.lastBuildDate(stories[0].published)
    for story in reversed(stories[:FEED_SIZE]):  # feedgen prepends: add oldest first
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


@dataclass(frozen=True)
class Output:
    """A file the post-build writes: where, what it is made from, and how."""

    path: str  # relative to site/
    inputs: tuple[object, ...]  # everything the content depends on (compact reprs)
    render: Callable[[], bytes]


def feed_outputs(index: Index, registry: Registry, site_url: str, site_name: str) -> list[Output]:
    """``/feed.xml``, ``/feed.json`` and ``/desa/<slug>/feed.xml`` for every village."""
    newest = tuple(index.stories[:FEED_SIZE])
    site_info = FeedInfo(site_name, f"Kabar Bhabinkamtibmas {registry.polres_name}", absolute(site_url, ""), absolute(site_url, urls.site_feed_rss()))
    json_info = FeedInfo(site_info.title, site_info.description, site_info.home_url, absolute(site_url, urls.site_feed_json()))
    outputs = [
        Output(urls.site_feed_rss(), (site_info, newest), lambda: rss_feed(newest, site_info, site_url)),
        Output(urls.site_feed_json(), (json_info, newest), lambda: json_feed(newest, json_info, site_url).encode("utf-8")),
    ]
    for village in registry.villages.values():
        info = FeedInfo(f"Kabar {village.label} — {site_name}", f"Cerita Bhabinkamtibmas dari {village.label}, Kecamatan {village.kecamatan}",
                        absolute(site_url, village.url), absolute(site_url, village.feed_url))
        stories = tuple(index.by_village.get(village.slug, [])[:FEED_SIZE])
        outputs.append(Output(village.feed_url, (info, stories), lambda s=stories, i=info: rss_feed(s, i, site_url)))
    return outputs


def write_output(site_dir: Path, output: Output) -> Path:
    path = site_dir / output.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(output.render())
    return path


def write_feeds(index: Index, registry: Registry, site_dir: Path, site_url: str, site_name: str) -> list[Path]:
    """Write every feed at once, unconditionally (used by the tests; the build goes through postbuild)."""
    return [write_output(site_dir, output) for output in feed_outputs(index, registry, site_url, site_name)]

