"""After MkDocs has rendered the pages: feeds, WhatsApp digests and photos."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .digest_text import whatsapp_text
from .feeds import write_feeds
from .pages import SitePlan
from .photos import Photo, render_variants
from .registry import Registry


@dataclass(frozen=True)
class SiteInfo:
    name: str
    url: str  # absolute, ending in "/"


def write_extras(plan: SitePlan, registry: Registry, site_dir: Path, site: SiteInfo, photos: Iterable[Photo]) -> int:
    """Write every file that is not an HTML page; return how many were written."""
    written = len(write_feeds(plan.index, registry, site_dir, site.url, site.name))
    for digest in plan.digests:
        path = site_dir / digest.period.url / "whatsapp.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(whatsapp_text(digest, site.url, site.name), encoding="utf-8")
        written += 1
    for photo in photos:
        written += len(render_variants(photo, site_dir))
    return written
