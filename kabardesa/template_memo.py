"""Jinja, made to do less: templates compiled once per process, and blocks alike across pages rendered once.

Plain Jinja: the adapter (kabardesa.mkdocs_adapter) installs both in ``on_env``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from typing import Any

from jinja2.bccache import Bucket, BytecodeCache


class CompiledTemplates(BytecodeCache):
    """Templates compiled once per process: MkDocs makes a new Jinja environment for every `mkdocs serve` rebuild.

    In memory only (a file cache would load code from disk); keyed by Jinja's own
    checksum of the template's source, so an edited template is compiled again.
    """

    def __init__(self) -> None:
        self._code: dict[tuple[str, str | None], Any] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[(bucket.key, bucket.checksum)] = bucket.code


COMPILED = CompiledTemplates()


class SamePages:
    """``kd_same(block, page)``: the HTML of a block that comes out the same on many pages, rendered once a build.

    Every link in Material's script config, tabs and navigation sidebar is made relative
    to the page (MkDocs' ``url`` filter: the shortest path from the page's folder). That
    path depends only on the folder's depth and on the first folders it shares with the
    link targets, so pages alike in both get the same HTML: the key is the depth and the
    first ``depth`` folders, where ``depth`` is the deepest folder of a page in the
    navigation. ``main.html`` asks only for the config, and for the tabs and sidebar of
    pages outside the navigation (they mark nothing as current) without a table of
    contents. A story page then renders its own content, header and footer only.
    """

    def __init__(self, nav_urls: Iterable[str]) -> None:
        self.depth = max((len(_folders(url)) for url in nav_urls), default=0)
        self._html: dict[tuple[object, ...], Any] = {}

    def __call__(self, block: str, page: Any, caller: Callable[[], Any]) -> Any:
        if page is None or getattr(page, "url", None) is None:
            return caller()
        parts = _folders(page.url)
        key = (block, len(parts), tuple(parts[: self.depth]))
        html = self._html.get(key)
        if html is None:
            html = self._html[key] = caller()
        return html


def _folders(url: str) -> list[str]:
    """The folders of a page's URL as links are resolved from it (``a/b/`` and ``a/b.html`` are in ``a/b`` and ``a``)."""
    folder = url if url.endswith("/") or not url else posixpath.dirname(url)
    return [part for part in folder.split("/") if part]
