"""Photo variants of a whole build at once: each photo content rendered once, across processes.

A cold build renders every variant of every photo (about 0.15 s of CPU a
photo). :func:`render_all` groups the variants missing from the render cache by
the photo's content (:func:`~kabardesa.photos.content_digest`), so a photo used
by several stories is decoded and encoded once, renders the groups in a
bounded process pool when there are enough of them, then links every cache
entry into the site. Each worker runs the same
:func:`~kabardesa.photos.render_sizes` as the serial path, so the bytes are
the same whichever path ran. Without a cache (``photo_cache: off``) or when the
cache cannot be written, photos are rendered one by one straight into the site.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from .photos import Photo, PhotoSettings, cache_entry, content_digest, pending_outputs, place_entry, render_sizes, render_variants

MAX_WORKERS = 4  # a CI runner has 2 to 4 cores; more processes only add memory
CHUNK = 16  # items a worker takes at a time
MIN_PARALLEL = 4  # fewer photos to render than this: starting processes costs more than it saves

R = TypeVar("R")
Target = tuple[tuple[int, int], str, Path]  # (width, height), "WEBP"/"JPEG", cache entry


def workers() -> int:
    """How many processes render photos: the cores this process may use, at most :data:`MAX_WORKERS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def render_all(photos: Iterable[Photo], site_dir: Path, settings: PhotoSettings, processes: int | None = None) -> int:
    """Write every missing variant of ``photos`` under ``site_dir``; return how many files were written."""
    photos = list(photos)
    cache = settings.cache_dir
    if cache is None:
        return sum(len(render_variants(photo, site_dir, settings)) for photo in photos)
    jobs: dict[str, tuple[Path, dict[Path, Target]]] = {}  # by content digest: the source and its missing entries
    links: list[tuple[Path, Path]] = []  # (cache entry, site path)
    for photo in photos:
        pending = pending_outputs(photo, site_dir)
        if not pending:
            continue
        digest = content_digest(photo.source, photo.source.stat())
        for variant, output, fmt in pending:
            size = (variant.width, variant.height)
            entry = cache_entry(cache, digest, size, fmt, settings)
            links.append((entry, output))
            if not entry.is_file():
                jobs.setdefault(digest, (photo.source, {}))[1].setdefault(entry, (size, fmt, entry))
    try:
        _run([(source, list(targets.values())) for source, targets in jobs.values()], settings,
             processes or workers())
    except OSError:  # cache not writable (read-only checkout, full disk): straight into the site, one by one
        uncached = replace(settings, cache_dir=None)
        return sum(len(render_variants(photo, site_dir, uncached)) for photo in photos)
    made: set[str] = set()
    for entry, output in links:
        place_entry(entry, output, made)
    return len(links)


def _run(jobs: list[tuple[Path, list[Target]]], settings: PhotoSettings, processes: int) -> None:
    """Render each job (a source and its targets), in a pool of ``processes`` when there are enough jobs."""
    for _ in parallel_map(_render_job, [(job, settings) for job in jobs], processes):
        pass  # a worker's PhotoError or OSError is raised here


def parallel_map(function: Callable[[Any], R], items: list[Any], processes: int | None = None) -> Iterator[R]:
    """``map(function, items)`` in order, across a bounded process pool when there are enough items.

    ``function`` must be a module-level function and the items picklable; a
    worker's exception is raised in the caller.
    """
    processes = processes or workers()
    if processes < 2 or len(items) < MIN_PARALLEL:
        yield from map(function, items)
        return
    # spawn, not fork: the build process may hold threads (mkdocs serve) and large state
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(processes, len(items)), mp_context=context) as pool:
        # small chunks: each result (a share picture: ~80 KB) reaches the caller soon, none piles up
        yield from pool.map(function, items, chunksize=min(CHUNK, max(1, len(items) // (processes * 8))))


def _render_job(item: tuple[tuple[Path, list[Target]], PhotoSettings]) -> None:
    (source, targets), settings = item
    render_sizes(source, targets, settings)
