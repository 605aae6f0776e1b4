"""After MkDocs has rendered the pages: the outputs besides HTML (feeds, WhatsApp texts, the web form), photos and share pictures."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .cms_page import cms_outputs
from .outputs import OutputMemo, site_outputs, write_output
from .pages import SitePlan
from .photo_batch import parallel_map, render_all
from .photos import Photo, PhotoSettings, place_entry
from .registry import Registry
from .settings import SiteIdentity, SiteSettings
from .share_image import ShareCard, cache_entry, card_for, output_path, place_card, render_card, share_cache_dir
from .views import StoryView


def write_extras(plan: SitePlan, registry: Registry, site_dir: Path, identity: SiteIdentity, settings: SiteSettings,
                 photos: Mapping[str, Photo], photo_settings: PhotoSettings, memo: OutputMemo | None = None) -> int:
    """Write every file that is not an HTML page; return how many were written.

    ``photos``: every photo the site shows, by the URI MkDocs knows it under (a story's
    own photo under its page's ``src_uri``)."""
    written = 0
    for output in site_outputs(plan, registry, identity, settings) + cms_outputs(registry, settings, identity):
        if memo is not None and memo.is_fresh(site_dir / output.path, output.inputs):
            continue
        write_output(site_dir, output)
        written += 1
    changed = [photo for photo in photos.values() if memo is None or not memo.photo_is_fresh(photo, site_dir)]
    written += render_all(changed, site_dir, photo_settings)
    return written + write_share_images(plan, site_dir, identity, photo_settings, memo, photos)


def write_share_images(plan: SitePlan, site_dir: Path, identity: SiteIdentity, photo_settings: PhotoSettings,
                       memo: OutputMemo | None = None, photos: Mapping[str, Photo] | None = None) -> int:
    """Each story's 1,200×630 share picture (``og:image``) beside its page; how many were drawn or linked anew.

    Pictures found in the cache are linked; the others are drawn across processes
    (about 25 ms of CPU each: 10,000 stories on a cold cache take minutes).
    """
    cache_dir = share_cache_dir(photo_settings.cache_dir)
    written = 0
    to_draw: list[tuple[ShareCard, Path | None, Path]] = []
    for page in plan.story_pages:
        assert isinstance(page.view, StoryView)
        story = page.view.story
        output = site_dir / output_path(story)
        if memo is not None and memo.share_is_fresh(output, story, identity, (photos or {}).get(page.src_uri)):
            continue
        card = card_for(story, identity.site_name, identity.name)
        entry = cache_entry(cache_dir, card) if cache_dir is not None else None
        if entry is not None and entry.is_file():
            place_entry(entry, output)
        else:
            to_draw.append((card, entry, output))
        written += 1
    drawn = parallel_map(render_card, [card for card, _, _ in to_draw])
    for (_, entry, output), data in zip(to_draw, drawn, strict=True):
        place_card(data, entry, output)
    return written
