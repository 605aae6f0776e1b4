"""The one module that speaks MkDocs: event handlers that feed the pipeline.

``hooks/kabar_hooks.py`` re-exports these functions. State that must not
survive a rebuild is reset in :func:`on_config`; the story reader's cache does
survive, so ``mkdocs serve`` re-reads only changed files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from watchdog import events
from watchdog.observers import Observer

from .catalog import StoryReader, find_root, load_catalog
from .model import Story
from .pages import SitePlan, plan_site
from .photos import Photo, PhotoError, photo_for
from .postbuild import OutputMemo, SiteInfo, write_extras
from .html_fixes import fix_material_markup
from .problems import ProblemsFound, format_problems
from .registry import Registry
from .sharing import share_links
from .search import SearchIndexError, build_search_index
from .sanitize import clean_html
from .template_filters import FILTERS
from .views import SitePage, StoryView

log = get_plugin_logger("kabardesa")


@dataclass
class _State:
    command: str = "build"
    dirty: bool = False
    reader: StoryReader = field(default_factory=StoryReader)
    inputs_stamp: tuple[Any, ...] = ()
    root: Path = Path(".")
    plan: SitePlan | None = None
    registry: Registry | None = None
    pages: dict[str, SitePage] = field(default_factory=dict)
    photos: dict[str, Photo] = field(default_factory=dict)  # by story src_uri
    # Kept across `mkdocs serve --dirty` rebuilds: what each listing page showed last time.
    fingerprints: dict[str, int] = field(default_factory=dict)
    outputs: OutputMemo = field(default_factory=OutputMemo)
    photo_cache: dict[tuple[Path, str], tuple[tuple[int, int], Photo]] = field(default_factory=dict)


class _ListingFile(File):
    """A generated listing page that a dirty rebuild skips when its content is unchanged."""

    changed: bool = True

    def is_modified(self) -> bool:
        return self.changed or not Path(self.abs_dest_path).is_file()


state = _State()


def on_startup(command: str, dirty: bool) -> None:
    state.command = command
    state.dirty = dirty


# Only changes matter: inotify also reports files being opened and read, which
# every build does, and MkDocs rebuilds on any event it is given.
_CHANGES = [
    events.FileCreatedEvent, events.FileDeletedEvent, events.FileModifiedEvent, events.FileMovedEvent,
    events.FileClosedEvent, events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent,
]


class _ChangesObserver(Observer):  # type: ignore[misc, valid-type]
    def schedule(self, event_handler: Any, path: str, *, recursive: bool = False, event_filter: Any = None) -> Any:
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or _CHANGES)


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Watch files with the system's notifier (inotify) instead of MkDocs' poller.

    MkDocs polls every watched file each half second: with 10,000 stories that is
    a fifth of a core while idle and up to half a second before an edit is seen.
    MkDocs 1.6 keeps its watch list in private attributes; if they are not there
    (another version), the poller stays.
    """
    try:
        watched = list(server._watched_paths)
        old = server.observer
    except AttributeError:
        return server
    old.unschedule_all()
    server._watched_paths.clear()
    server._watch_refs.clear()
    server.observer = _ChangesObserver()
    for path in watched:
        server.watch(path)
    log.debug(f"mengawasi {len(watched)} folder dengan {type(server.observer).__name__}")
    return server


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    state.root = find_root(Path(config.config_file_path).parent)
    stamp = _inputs_stamp(state.root, config)
    if stamp != state.inputs_stamp:  # registries, config or templates changed: start afresh
        state.reader.clear()
        state.fingerprints.clear()
        state.outputs.clear()
        state.inputs_stamp = stamp
    state.plan = None
    state.registry = None
    state.pages = {}
    state.photos = {}
    if state.command == "serve":  # a preview needs no sitemap; at 10,000 pages it costs 0.2 s a rebuild
        config.theme.static_templates.discard("sitemap.xml")
    return config


def _inputs_stamp(root: Path, config: MkDocsConfig) -> tuple[Any, ...]:
    files = sorted((root / "data").glob("*")) + sorted((root / "overrides").rglob("*")) + [Path(config.config_file_path).resolve()]
    return tuple((str(p), p.stat().st_mtime_ns) for p in files if p.is_file())


def on_pre_build(config: MkDocsConfig) -> None:
    """Read and validate before MkDocs empties site/: bad input leaves the old site whole."""
    try:
        catalog = load_catalog(state.root, reader=state.reader)
    except ProblemsFound as exc:
        raise PluginError(f"registri data/ bermasalah:\n{format_problems(exc.problems)}") from None
    for problem in catalog.problems:
        if problem.severity == "warning":
            log.warning(problem.format())
    if catalog.errors:
        raise PluginError(
            f"{len(catalog.errors)} kesalahan pada cerita; perbaiki lalu bangun ulang "
            f"(periksa dengan `kabardesa check`):\n{format_problems(catalog.errors)}"
        )
    stories = catalog.stories if state.command == "serve" else catalog.published()
    state.registry = catalog.registry
    state.plan = plan_site(stories, catalog.registry)
    for page in state.plan.story_pages:
        story = page.view.story  # type: ignore[attr-defined]
        if story.image is not None:
            state.photos[page.src_uri] = _photo(story)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert state.plan is not None, "on_pre_build did not run"
    for page in state.plan.story_pages:
        story = page.view.story  # type: ignore[attr-defined]
        _add(files, File.generated(config, page.src_uri, abs_src_path=str(story.path), inclusion=InclusionLevel.NOT_IN_NAV))
        state.pages[page.src_uri] = page
    in_nav = _nav_uris(config.nav or [])
    for page in state.plan.listing_pages:
        inclusion = InclusionLevel.INCLUDED if page.src_uri in in_nav else InclusionLevel.NOT_IN_NAV
        listing = _ListingFile.generated(config, page.src_uri, content="", inclusion=inclusion)
        if state.dirty:  # only dirty builds ask whether a page changed
            fingerprint = hash(repr(page))
            listing.changed = state.fingerprints.get(page.src_uri) != fingerprint
            state.fingerprints[page.src_uri] = fingerprint
        _add(files, listing)
        state.pages[page.src_uri] = page
    return files


def _photo(story: Story) -> Photo:
    """The photo's sizes, read once per file version (headers only, but 2,000 of them)."""
    assert story.image is not None
    try:
        stat = story.image.stat()
        version, key = (stat.st_mtime_ns, stat.st_size), (story.image, f"{story.url}foto")
        cached = state.photo_cache.get(key)
        if cached is None or cached[0] != version:
            cached = (version, photo_for(*key))
            state.photo_cache[key] = cached
        return cached[1]
    except (OSError, PhotoError) as exc:
        raise PluginError(f"{story.rel_path}: {exc}") from None


def _add(files: Files, file: File) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        raise PluginError(f"halaman {file.src_uri} dibuat otomatis; hapus berkas docs/{file.src_uri} yang bentrok")
    files.append(file)


def _nav_uris(nav: Any) -> set[str]:
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(_nav_uris(v) for v in nav.values()))
    if isinstance(nav, list):
        return set().union(*(_nav_uris(v) for v in nav)) if nav else set()
    return set()


def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """Hand MkDocs the story body we already read, so it does not parse the YAML again."""
    site_page = state.pages.get(page.file.src_uri)
    if site_page is not None and isinstance(site_page.view, StoryView):
        return site_page.view.story.body
    return None


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    site_page = state.pages.get(page.file.src_uri)
    if site_page is None:
        return markdown
    page.meta = {
        "template": site_page.template,
        # Material prints these unescaped; escaping here keeps front-matter text inert.
        "title": escape(site_page.title),
        "description": escape(site_page.description),
    }
    if isinstance(site_page.view, StoryView):
        return site_page.view.story.body
    return ""


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    site_page = state.pages.get(page.file.src_uri)
    if site_page is not None and isinstance(site_page.view, StoryView):
        return clean_html(html)
    return html


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    site_page = state.pages.get(page.file.src_uri)
    if site_page is not None:
        context["kd"] = site_page.view
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return fix_material_markup(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return fix_material_markup(output_content)  # 404.html


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    env.filters.update(FILTERS)
    env.globals["kd_photos"] = state.photos
    env.globals["kd_share"] = share_links
    return env


def on_post_build(config: MkDocsConfig) -> None:
    """Feeds, WhatsApp digests, photos and (for a published build) the search index."""
    assert state.plan is not None and state.registry is not None
    site_dir = Path(config.site_dir)
    site = SiteInfo(config.site_name, config.site_url or "http://127.0.0.1:8000/")
    try:
        write_extras(state.plan, state.registry, site_dir, site, state.photos.values(), state.outputs if state.dirty else None)
    except PhotoError as exc:
        raise PluginError(str(exc)) from None
    if state.command != "serve":  # indexing takes seconds; the preview skips it
        try:
            stats = build_search_index(site_dir)
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from None
        log.info(f"indeks pencarian Pagefind: {stats.files} berkas, {stats.bytes / 1024:.0f} KiB")


__all__ = ["on_startup", "on_serve", "on_config", "on_pre_build", "on_files", "on_page_read_source", "on_page_markdown", "on_page_content", "on_page_context", "on_env", "on_post_page", "on_post_template", "on_post_build"]
