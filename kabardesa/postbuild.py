"""After MkDocs has rendered the pages: feeds, WhatsApp digests and photos."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .digest_text import whatsapp_text
from .feeds import Output, feed_outputs, write_output
from .pages import SitePlan
from .photos import Photo, render_variants
from .registry import Registry


@dataclass(frozen=True)
class SiteInfo:
    name: str
    url: str  # absolute, ending in "/"


class OutputMemo:
    """What each output was last written from, so a dirty rebuild skips unchanged ones."""

    def __init__(self) -> None:
        self._written: dict[Path, int] = {}

    def is_fresh(self, path: Path, inputs: tuple[object, ...]) -> bool:
        key = hash(repr(inputs))
        if self._written.get(path) == key and path.is_file():
            return True
        self._written[path] = key
        return False

    def clear(self) -> None:
        self._written.clear()


def extra_outputs(plan: SitePlan, registry: Registry, site: SiteInfo) -> list[Output]:
    outputs = feed_outputs(plan.index, registry, site.url, site.name)
    for digest in plan.digests:
        outputs.append(Output(digest.period.whatsapp_url, (site, digest.period, digest.stories),
                              lambda d=digest: whatsapp_text(d, site.url, site.name).encode("utf-8")))
    return outputs


def write_extras(plan: SitePlan, registry: Registry, site_dir: Path, site: SiteInfo, photos: Iterable[Photo],
                 memo: OutputMemo | None = None) -> int:
    """Write every file that is not an HTML page; return how many were written."""
    written = 0
    for output in extra_outputs(plan, registry, site):
        if memo is not None and memo.is_fresh(site_dir / output.path, output.inputs):
            continue
        write_output(site_dir, output)
        written += 1
    for photo in photos:
        source = photo.source.stat()
        if memo is not None and memo.is_fresh(site_dir / photo.default.jpeg_url, (photo, source.st_mtime_ns, source.st_size)):
            continue
        written += len(render_variants(photo, site_dir))
    return written
