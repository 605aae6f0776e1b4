"""Every file the site gets besides its HTML pages: which exist, what each is made from, how it is written.

The site's RSS and JSON feeds, each village's RSS feed and each digest's WhatsApp
text are planned here as :class:`Output` values; the formats live in
:mod:`kabardesa.feeds` and :mod:`kabardesa.digest_text`, the search records in
:mod:`kabardesa.search`. An output carries the values its content is made from,
so a dirty rebuild (:class:`OutputMemo`) writes only those whose fingerprint
changed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import urls
from .digest_text import whatsapp_text
from .digests import Digest
from .feeds import FeedInfo, absolute, json_feed, rss_feed
from .fingerprint import fingerprint
from .incremental import link_files
from .model import Story
from .pages import SitePlan
from .photos import Photo
from .registry import Registry
from .settings import SiteIdentity, SiteSettings
from .share_image import card_for, inputs_of


@dataclass(frozen=True)
class Output:
    """A file the post-build writes: where (relative to site/), what it is made from, and how."""

    path: str
    inputs: tuple[object, ...]  # every value the content depends on (fingerprinted)
    render: Callable[[], bytes]


def site_outputs(plan: SitePlan, registry: Registry, identity: SiteIdentity, settings: SiteSettings) -> list[Output]:
    """Feeds (``feed_size`` newest stories each) and WhatsApp texts (``whatsapp_limit``)."""
    return (feed_outputs(plan, registry, identity, settings.feed_size) + whatsapp_outputs(plan, identity, settings)
            + [finder_output(registry)])


def finder_output(registry: Registry) -> Output:
    """``desa/cari-desa.json``: what the home page's "Cari desa Anda" box searches, fetched on first use.

    One row per village, ``[name, type, kecamatan, url, aliases]``; the script escapes nothing
    itself, it writes every value as text (``textContent``), so names stay inert.
    """
    rows = tuple((v.name, v.type, v.kecamatan, v.url, list(v.aliases)) for v in registry.villages.values())
    return Output(urls.village_finder(), (rows,),
                  lambda: json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def feed_outputs(plan: SitePlan, registry: Registry, identity: SiteIdentity, size: int) -> list[Output]:
    """``/feed.xml``, ``/feed.json`` and ``/desa/<slug>/feed.xml`` for every village."""
    index, site_url = plan.index, identity.site_url
    newest = tuple(index.stories[:size])
    site_info = FeedInfo(identity.site_name, f"Kabar Bhabinkamtibmas {identity.name}",
                         absolute(site_url, ""), absolute(site_url, urls.site_feed_rss()))
    json_info = FeedInfo(site_info.title, site_info.description, site_info.home_url, absolute(site_url, urls.site_feed_json()))
    outputs = [
        Output(urls.site_feed_rss(), (site_info, newest), lambda: rss_feed(newest, site_info, site_url)),
        Output(urls.site_feed_json(), (json_info, newest), lambda: json_feed(newest, json_info, site_url).encode("utf-8")),
    ]
    for village in registry.villages.values():
        info = FeedInfo(f"Kabar {village.label} — {identity.site_name}",
                        f"Cerita Bhabinkamtibmas dari {village.label}, Kecamatan {village.kecamatan}",
                        absolute(site_url, village.url), absolute(site_url, village.feed_url))
        stories = tuple(index.by_village.get(village.slug, [])[:size])
        outputs.append(Output(village.feed_url, (info, stories), _rss(stories, info, site_url)))
    return outputs


def whatsapp_outputs(plan: SitePlan, identity: SiteIdentity, settings: SiteSettings) -> list[Output]:
    """``buletin/…/whatsapp.txt`` for every digest."""
    limits = (settings.whatsapp_limit, settings.whatsapp_short_title)
    return [
        Output(digest.period.whatsapp_url, (identity.site_url, identity.site_name, limits, digest.period, digest.stories),
               _whatsapp(digest, identity, limits))
        for digest in plan.digests
    ]


def _rss(stories: tuple[Story, ...], info: FeedInfo, site_url: str) -> Callable[[], bytes]:
    return lambda: rss_feed(stories, info, site_url)


def _whatsapp(digest: Digest, identity: SiteIdentity, limits: tuple[int, int]) -> Callable[[], bytes]:
    return lambda: whatsapp_text(digest, identity.site_url, identity.site_name, *limits).encode("utf-8")


def write_output(site_dir: Path, output: Output) -> Path:
    path = site_dir / output.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(output.render())
    return path


class OutputMemo:
    """What each output was last written from, so a dirty rebuild (``mkdocs serve``) skips unchanged ones.

    Within one process the inputs themselves are kept and compared (``==``): an
    unchanged story is the same frozen object from one rebuild to the next, so the
    comparison stops at identity. Between processes, :class:`CarriedOutputs`
    compares fingerprints.
    """

    def __init__(self) -> None:
        self._written: dict[Path, tuple[object, ...]] = {}

    def is_fresh(self, path: Path, inputs: tuple[object, ...]) -> bool:
        if self._written.get(path) == inputs and path.is_file():
            return True
        self._written[path] = inputs
        return False

    def photo_is_fresh(self, photo: Photo, site_dir: Path) -> bool:
        """A photo whose variants in ``site_dir`` were rendered from this very file (a dirty rebuild's own folder)."""
        source = photo.source.stat()
        return self.is_fresh(site_dir / photo.default.jpeg_url, (photo, source.st_mtime_ns, source.st_size))

    def share_is_fresh(self, path: Path, story: Story, identity: SiteIdentity, photo: Photo | None) -> bool:
        """A story's share picture drawn in this folder from the same story, names and photo (a preview rebuild:
        ``photo`` is the header read for this file version, kabardesa.mkdocs_adapter._photo)."""
        return self.is_fresh(path, ("share", story, identity.site_name, identity.name, photo))

    def clear(self) -> None:
        self._written.clear()


class CarriedOutputs(OutputMemo):
    """An incremental build's memo: an output made from the same values as last time is taken from the previous site.

    ``previous`` maps an output's site-relative path to the fingerprint it was made
    from; ``recorded`` collects this build's, for the next one (kabardesa.incremental).
    """

    def __init__(self, site_dir: Path, old_site: Path | None, previous: Mapping[str, str]) -> None:
        super().__init__()
        self.site_dir, self.old_site, self.previous = site_dir, old_site, previous
        self.recorded: dict[str, str] = {}
        self.carried = 0  # outputs taken from the previous site
        self._prefix = os.path.join(os.fspath(site_dir), "")
        self._made: set[str] = set()

    def is_fresh(self, path: Path, inputs: tuple[object, ...]) -> bool:
        text = os.fspath(path)
        relative = text[len(self._prefix):] if text.startswith(self._prefix) else path.relative_to(self.site_dir).as_posix()
        key = self.recorded[relative] = fingerprint(inputs)
        if self.old_site is None or self.previous.get(relative) != key:
            return False
        try:
            link_files(self.old_site, self.site_dir, [relative], self._made)
        except OSError:
            return False
        self.carried += 1
        return True

    def photo_is_fresh(self, photo: Photo, site_dir: Path) -> bool:
        return False  # its variants are placed from the photo cache (kabardesa.photos), keyed by content

    def share_is_fresh(self, path: Path, story: Story, identity: SiteIdentity, photo: Photo | None) -> bool:
        """By content, not file versions: what the picture is drawn from (kabardesa.share_image)."""
        return self.is_fresh(path, inputs_of(card_for(story, identity.site_name, identity.name)))

    def clear(self) -> None:
        super().clear()
        self.recorded.clear()
