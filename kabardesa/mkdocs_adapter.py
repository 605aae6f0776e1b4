"""The one module that speaks MkDocs: event handlers that feed the pipeline.

``hooks/kabar_hooks.py`` re-exports these functions. State that must not
survive a rebuild is reset in :func:`on_config`; the story reader's cache does
survive, so ``mkdocs serve`` re-reads only changed files.
"""

from __future__ import annotations

import atexit
import functools
import gc
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Sequence, TypeVar

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException, PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.utils import CountHandler
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc
from markdown.extensions.toc import nest_toc_tokens
from watchdog import events
from watchdog.observers import Observer

from .build_edge import page_subject, show_traceback, stage_subject, unexpected_message
from .body_checks import local_photos, photo_base_url
from .catalog import StoryReader, find_root, load_catalog
from .site_swap import SwapError, discard, is_preview_dir, stage, swap
from .model import Story
from .pages import SitePlan, plan_site
from .photos import Photo, PhotoError, PhotoSettings, photo_for
from .outputs import CarriedOutputs, OutputMemo
from .postbuild import write_extras
from .html_fixes import fix_material_markup
from .fingerprint import fingerprint as page_fingerprint
from .problems import Problem, ProblemsFound, format_problems
from .registry import Registry
from .settings import DEFAULTS, SiteIdentity, SiteSettings
from .settings_schema import settings_from_config
from .sharing import share_links
from .search import SearchIndexError, build_search_index, bundle_uri, digests_of, periods_of
from .sanitize import Heading, clean_story
from . import preview
from .illustrations import illustration_url
from . import incremental
from .incremental import BuildState
from .template_filters import FILTERS
from .template_memo import COMPILED, SamePages
from . import urls
from .views import SitePage, StoryView

log = get_plugin_logger("kabardesa")


@dataclass
class _State:
    command: str = "build"
    dirty: bool = False
    reader: StoryReader = field(default_factory=StoryReader)
    inputs_stamp: tuple[Any, ...] = ()
    root: Path = Path(".")
    # The site's settings, read from mkdocs.yml in on_config (the plugin passes its own options).
    settings: SiteSettings = DEFAULTS
    identity: SiteIdentity = DEFAULTS.identity  # with the Polres named (mkdocs.yml, else data/polsek.yml)
    photo_settings: PhotoSettings | None = None
    plan: SitePlan | None = None
    registry: Registry | None = None
    pages: dict[str, SitePage] = field(default_factory=dict)
    photos: dict[str, Photo] = field(default_factory=dict)  # by story src_uri
    # Kept across `mkdocs serve --dirty` rebuilds: what each page showed in the last build that succeeded
    # (see _shown_before), and what it shows in this one (kept once this build succeeds).
    shown: dict[str, object] = field(default_factory=dict)
    shown_next: dict[str, object] = field(default_factory=dict)
    shown_photos: dict[str, Photo] = field(default_factory=dict)
    photos_generation: int = 0
    outputs: OutputMemo = field(default_factory=OutputMemo)
    photo_cache: dict[tuple[Path, str], tuple[tuple[int, int], Photo]] = field(default_factory=dict)
    # A build writes into `staged` and on_post_build swaps it into `site_dir` (see site_swap).
    site_dir: Path | None = None
    site_dir_setting: str = ""
    staged: Path | None = None
    # The event last entered, with its page or template: what an error message names.
    last: tuple[str, Any, Any] = ("on_startup", None, None)
    # `mkdocs serve` with bad input: the problems every preview URL shows (kabardesa.preview).
    broken: tuple[Problem, ...] = ()
    port_checked: bool = False
    # KD_INCREMENTAL=1 (kabardesa.incremental): the previous build's state when it can be trusted, the state
    # this build records, the pages taken from the previous site, and every page in order for the sitemap.
    previous: BuildState | None = None
    recording: BuildState | None = None
    reused: list[File] = field(default_factory=list)
    sitemap_files: list[File] | None = None
    photos_key: str | None = None  # fingerprint of every photo's sizes, for listing pages
    search_keys: dict[str, str] = field(default_factory=dict)  # story page output -> what Pagefind indexes of it
    body_photo_uris: dict[str, tuple[str, ...]] = field(default_factory=dict)  # by story src_uri


class _PageFile(File):
    """A generated page that a dirty rebuild renders only when what it shows changed (not by file times)."""

    changed: bool = True

    def is_modified(self) -> bool:
        return self.changed or not Path(self.abs_dest_path).is_file()


class _BodyPhotoFile(File):
    """A photo a story body shows: links resolve to its rendered variant; the original (EXIF) is never copied."""

    def copy_file(self, dirty: bool = False) -> None:
        pass  # postbuild.write_extras renders the variants


state = _State()
atexit.register(lambda: discard(state.staged))  # Ctrl-C during a build: no staging folder left behind

_Event = TypeVar("_Event", bound=Callable[..., Any])


def _edge(event: _Event) -> _Event:
    """Turn an unexpected exception in ``event`` into a PluginError naming the page or stage (no traceback).

    Deliberate errors (PluginError, Abort, MkDocs' own) pass unchanged.
    """
    name = event.__name__

    @functools.wraps(event)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if name != "on_build_error":
            state.last = (name, kwargs.get("page"), kwargs.get("template_name"))
        try:
            return event(*args, **kwargs)
        except MkDocsException:
            raise
        except Exception as exc:
            show_traceback(exc)
            raise PluginError(unexpected_message(_subject(), exc)) from None

    guarded.kd_guarded = True  # type: ignore[attr-defined]
    return guarded  # type: ignore[return-value]


def _subject() -> str:
    name, page, template = state.last
    if page is not None and getattr(page, "file", None) is not None:
        return page_subject(page.file.abs_src_path, page.file.url, state.root)
    return stage_subject(name, template)


@_edge
def on_startup(command: str, dirty: bool) -> None:
    state.command = command
    state.dirty = dirty
    if command == "serve":
        for engine in ("mkdocs", "properdocs"):  # ProperDocs logs under its own name
            logging.getLogger(f"{engine}.commands.build").addFilter(_quiet_filter)
        # The preview keeps every story in memory between rebuilds; Python's default thresholds then start a
        # full collection of that heap every rebuild or two (up to half a second at 10,000 stories).
        gc.set_threshold(100_000, 50, 100)


def _quiet_filter(record: logging.LogRecord) -> bool:
    return not preview.is_quiet(record.getMessage())


# Only changes matter: inotify also reports files being opened and read, which
# every build does, and MkDocs rebuilds on any event it is given.
_CHANGES = [
    events.FileCreatedEvent, events.FileDeletedEvent, events.FileModifiedEvent, events.FileMovedEvent,
    events.FileClosedEvent, events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent,
]


class _ChangesObserver(Observer):  # type: ignore[misc, valid-type]
    def schedule(self, event_handler: Any, path: str, *, recursive: bool = False, event_filter: Any = None) -> Any:
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or _CHANGES)


@_edge
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


@_edge
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """A hook-based site: its settings are ``extra: kabardesa:`` (the plugin calls :func:`configure`)."""
    return configure(config, settings_from_config(config))


@_edge
def configure(config: MkDocsConfig, settings: SiteSettings) -> MkDocsConfig:
    """Reset per-build state for a build with these settings."""
    urls.set_scheme(urls.UrlScheme(bool(config.use_directory_urls)))  # before any page is planned
    state.root = find_root(Path(config.config_file_path).parent)
    if state.command == "serve":  # the preview's web form writes into the working tree (decap-server)
        settings = replace(settings, cms_backend="local")
    state.settings, state.identity = settings, settings.identity
    state.photo_settings = PhotoSettings.of(settings, state.root)
    stamp = _inputs_stamp(state.root, config)
    if stamp != state.inputs_stamp:  # registries, config or templates changed: start afresh
        state.reader.clear()
        state.shown.clear()
        state.outputs.clear()
        state.photo_cache.clear()  # photo widths may have changed
        state.inputs_stamp = stamp
    state.plan = None
    state.registry = None
    state.pages = {}
    state.photos = {}
    state.broken = ()
    state.body_photo_uris = {}
    if state.command == "serve" and not state.port_checked:  # before MkDocs binds it and fails with a traceback
        state.port_checked = True
        host, port = config.dev_addr
        if preview.port_in_use(host, port):
            log.error(preview.port_message(host, port))
            raise SystemExit(1)
    if state.command == "serve":  # a preview needs no sitemap; at 10,000 pages it costs 0.2 s a rebuild
        config.theme.static_templates.discard("sitemap.xml")
    _add_package_templates(config)
    _stage_site(config)
    _start_incremental(config)
    return config


def _start_incremental(config: MkDocsConfig) -> None:
    """With KD_INCREMENTAL=1, trust the previous site when its state matches these inputs; a full build forgets it."""
    state.previous = state.recording = state.sitemap_files = state.photos_key = None
    state.search_keys = {}
    state.reused = []
    if state.command == "serve":
        return
    path = incremental.state_path(state.root)
    if not incremental.requested() or state.dirty or state.site_dir is None:
        incremental.forget(path)  # the site this build writes is not the one the state describes
        return
    key = incremental.inputs_key(state.root, Path(config.config_file_path), config.site_url or "")
    previous = incremental.load_state(path)
    state.recording = incremental.BuildState(key)
    if previous is None or not (state.site_dir / "index.html").is_file():
        log.info("build inkremental: belum ada build sebelumnya yang tercatat; semua halaman dibuat")
    elif previous.inputs != key:
        log.info("build inkremental: mkdocs.yml, data/, docs/, templat atau versi paket berubah; semua halaman dibuat ulang")
    else:
        state.previous = previous


PACKAGE_TEMPLATES = Path(__file__).resolve().parent / "templates"
PACKAGE_ASSETS = Path(__file__).resolve().parent / "assets"
NOT_PUBLISHED = ("fonts/",)


def _add_package_templates(config: MkDocsConfig) -> None:
    """The package's templates come after the site's own ``custom_dir`` and before Material's."""
    dirs = config.theme.dirs
    if str(PACKAGE_TEMPLATES) in dirs:
        return
    custom = config.theme.custom_dir
    dirs.insert(1 if custom and dirs and Path(dirs[0]) == Path(custom) else 0, str(PACKAGE_TEMPLATES))


def _add_package_assets(files: Files, config: MkDocsConfig) -> None:
    """``assets/kabardesa.css``, the activity drawings and the rest, unless the site's docs/ has its own file of that name.

    The fonts (``assets/fonts/``) are for drawing share pictures, not for the site.
    """
    for asset in sorted(PACKAGE_ASSETS.rglob("*")):
        relative = asset.relative_to(PACKAGE_ASSETS).as_posix()
        uri = f"assets/{relative}"
        if asset.is_file() and not relative.startswith(NOT_PUBLISHED) and files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, abs_src_path=str(asset)))


def _stage_site(config: MkDocsConfig) -> None:
    """Point MkDocs at a staging folder beside site_dir; on_post_build swaps it in when whole.

    `mkdocs serve` keeps building into its own temporary folder.
    """
    discard(state.staged)
    state.staged = state.site_dir = None
    site_dir = Path(config.site_dir)
    if state.command == "serve" or is_preview_dir(site_dir):
        return
    site_dir = site_dir.resolve() if site_dir.is_symlink() else site_dir
    try:
        staged = stage(site_dir, keep_old=state.dirty)
    except OSError as exc:
        log.info(f"folder sementara di samping {site_dir} tidak bisa dibuat ({exc.strerror}); situs ditulis langsung ke sana")
        return
    state.staged, state.site_dir, state.site_dir_setting = staged, site_dir, config.site_dir
    config.site_dir = str(staged)


def _inputs_stamp(root: Path, config: MkDocsConfig) -> tuple[Any, ...]:
    templates = sorted((root / "overrides").rglob("*")) + sorted(PACKAGE_TEMPLATES.rglob("*"))
    files = sorted((root / "data").glob("*")) + templates + [Path(config.config_file_path).resolve()]
    return tuple((str(p), p.stat().st_mtime_ns) for p in files if p.is_file())


@_edge
def on_pre_build(config: MkDocsConfig) -> None:
    """Read and validate before MkDocs empties site/: bad input leaves the old site whole."""
    try:
        catalog = load_catalog(state.root, reader=state.reader)
        if state.command != "serve":
            state.reader.store = None  # saved; its entries (50,000 stories: ~150 MB) need not live through the build
    except ProblemsFound as exc:
        if state.command == "serve":
            return _show_problems(exc.problems)
        raise PluginError(f"registri data/ bermasalah:\n{format_problems(exc.problems)}") from None
    for problem in catalog.problems:
        if problem.severity == "warning":
            log.warning(problem.format())
        elif problem.severity == "advice":  # for `kabardesa check`; a build is not stopped by it
            log.info(problem.format())
    if catalog.errors and state.command == "serve":
        return _show_problems(catalog.errors)
    if catalog.errors:
        raise PluginError(
            f"{len(catalog.errors)} kesalahan pada cerita atau asesmen; perbaiki lalu bangun ulang "
            f"(periksa dengan `kabardesa check`):\n{format_problems(catalog.errors)}"
        )
    stories = catalog.stories if state.command == "serve" else catalog.published()
    state.identity = state.settings.identity.with_polres(catalog.registry.polres_name)
    state.registry = replace(catalog.registry, polres_name=state.identity.name)  # mkdocs.yml's name wins
    state.plan = plan_site(stories, state.registry, state.settings, catalog.assessments)
    for page in state.plan.story_pages:
        story = page.view.story  # type: ignore[attr-defined]
        if story.image is not None:
            state.photos[page.src_uri] = _photo(story)
        _body_photos(page.src_uri, story)


def _show_problems(problems: Sequence[Problem]) -> None:
    """A preview with bad input: build no page; on_post_build puts the error page at every URL."""
    state.broken = tuple(problems)
    state.shown.clear()  # the error page overwrites index.html: every page is written again once fixed
    state.outputs.clear()
    log.error(f"{len(problems)} kesalahan; pratinjau menampilkan daftarnya sampai diperbaiki:\n{format_problems(problems)}")


@_edge
def on_files(files: Files, config: MkDocsConfig) -> Files:
    if state.broken:  # only the theme's own files; no page, no navigation
        config.nav = None
        return Files([f for f in files if not f.is_documentation_page()])
    assert state.plan is not None, "on_pre_build did not run"
    _add_package_assets(files, config)
    if state.dirty:
        state.shown_next = {}
        _note_photos()
    for page in state.plan.story_pages:
        story = page.view.story  # type: ignore[attr-defined]
        state.pages[page.src_uri] = page
        if state.dirty and _shown_before(page, (page, tuple(_story_photos(page)))):
            continue  # a preview rebuild: not even handed to MkDocs (10,000 pages cost it a second)
        story_file = _PageFile.generated(config, page.src_uri, abs_src_path=str(story.path), inclusion=InclusionLevel.NOT_IN_NAV)
        _add(files, _checked(story_file, page))
        _consider_reuse(story_file, page, config)
    for uri, photo in state.photos.items():
        if uri not in state.pages:  # a body photo (story photos are keyed by their page)
            _add(files, _BodyPhotoFile(uri, None, config.site_dir, config.use_directory_urls, dest_uri=photo.default.jpeg_url))
    in_nav = _nav_uris(config.nav or [])
    for page in state.plan.listing_pages:
        inclusion = InclusionLevel.INCLUDED if page.src_uri in in_nav else InclusionLevel.NOT_IN_NAV
        listing = _PageFile.generated(config, page.src_uri, content="", inclusion=inclusion)
        if state.dirty:  # only dirty builds ask whether a page changed; cards show photos (srcset)
            listing.changed = not _shown_before(page, (page, state.photos_generation))
        _add(files, _checked(listing, page))
        state.pages[page.src_uri] = page
        if inclusion is InclusionLevel.NOT_IN_NAV:  # pages in the nav show their neighbours: always rendered
            _consider_reuse(listing, page, config)
    if state.reused:  # MkDocs neither reads nor renders them; the sitemap still lists them, in order
        state.sitemap_files = list(files.documentation_pages())
        for file in state.reused:
            files.remove(file)
    return files


def _shown_before(page: SitePage, shown: object) -> bool:
    """A dirty rebuild: the page shows what it showed in the last build that succeeded (so its output is there).

    Compared by value (``==`` on the frozen views): an unchanged story is the very
    same object from one rebuild to the next (the reader's cache), so the comparison
    stops at identity and costs far less than a fingerprint.
    """
    before = state.shown.get(page.src_uri)
    state.shown_next[page.src_uri] = shown
    return before is not None and before == shown


def _note_photos() -> None:
    """A new generation when any photo changed (its sizes are in every listing card's srcset)."""
    if state.photos != state.shown_photos:
        state.photos_generation += 1
        state.shown_photos = dict(state.photos)


def _story_photos(page: SitePage) -> list[Photo]:
    """A story page's photo and the photos its body shows."""
    photos = [state.photos.get(uri) for uri in (page.src_uri, *state.body_photo_uris.get(page.src_uri, ()))]
    return [photo for photo in photos if photo is not None]


def _consider_reuse(file: File, page: SitePage, config: MkDocsConfig) -> None:
    """Record the page's fingerprint; an unchanged page whose output the previous site has is not rendered again."""
    if state.recording is None:
        return
    if isinstance(page.view, StoryView):
        photos = _story_photos(page)
        key = page_fingerprint((page, photos))  # what the page shows: its view (neighbours too) and photos
        # What Pagefind indexes of it: the story and its photos; the neighbours are data-pagefind-ignore
        state.search_keys[file.dest_uri] = page_fingerprint((page.view.story, photos))
    else:  # a listing's cards show their stories' photos (sizes in srcset): any photo's size counts
        if state.photos_key is None:
            state.photos_key = page_fingerprint(state.photos)
        key = page_fingerprint((page, state.photos_key))
    state.recording.pages[file.dest_uri] = key
    previous, site_dir = state.previous, state.site_dir
    if previous is not None and site_dir is not None and previous.pages.get(file.dest_uri) == key \
            and (site_dir / file.dest_uri).is_file():
        Page(None, file, config)  # what the sitemap reads: its address and date
        state.reused.append(file)


def _photo(story: Story) -> Photo:
    """The photo's sizes, read once per file version (headers only, but 2,000 of them)."""
    assert story.image is not None
    try:
        stat = story.image.stat()
        version, key = (stat.st_mtime_ns, stat.st_size), (story.image, story.photo_base)
        cached = state.photo_cache.get(key)
        if cached is None or cached[0] != version:
            assert state.photo_settings is not None
            cached = (version, photo_for(*key, state.photo_settings))
            state.photo_cache[key] = cached
        return cached[1]
    except (OSError, PhotoError) as exc:
        raise PluginError(f"{story.rel_path}: {exc}") from None


def _body_photos(page_src_uri: str, story: Story) -> None:
    """Register the photos the body names under the URI MkDocs resolves them to (body_checks checked them)."""
    found = local_photos(story.body, page_src_uri)
    state.body_photo_uris[page_src_uri] = tuple(uri for uri, _ in found)
    for uri, name in found:
        source = (story.path.parent / name).resolve()
        known = state.photos.get(uri)
        if known is not None and known.source != source:
            raise PluginError(f"{story.rel_path}: foto '{name}' bernama sama dengan foto lain di berita bulan yang sama "
                              f"({known.source.name}); ganti nama salah satu foto")
        try:
            assert state.photo_settings is not None
            state.photos[uri] = photo_for(source, photo_base_url(uri), state.photo_settings)
        except (OSError, PhotoError) as exc:
            raise PluginError(f"{story.rel_path}: {exc}") from None


def _checked(file: File, page: SitePage) -> File:
    """The page's URL as MkDocs' File has it must be the one kabardesa.urls gave every link to it."""
    if file.url != page.url:
        raise PluginError(f"galat Kabar Desa: halaman {page.src_uri} beralamat '{file.url}' menurut MkDocs, tetapi "
                          f"'{page.url}' menurut kabardesa/urls.py (use_directory_urls: {urls.scheme().use_directory_urls}); "
                          f"tautan ke halaman ini akan putus. Laporkan ke pengembang Kabar Desa beserta versi MkDocs Anda")
    return file


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


@_edge
def on_page_read_source(page: Page, config: MkDocsConfig) -> str | None:
    """Hand MkDocs the story body we already read, so it does not parse the YAML again."""
    site_page = state.pages.get(page.file.src_uri)
    if site_page is not None and isinstance(site_page.view, StoryView):
        return site_page.view.story.body
    return None


@_edge
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


@_edge
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    site_page = state.pages.get(page.file.src_uri)
    if site_page is not None and isinstance(site_page.view, StoryView):
        story = clean_story(html)
        page.toc = _toc(story.headings)  # Material prints TOC ids and titles unescaped
        return story.html
    return html


def _toc(headings: tuple[Heading, ...]) -> TableOfContents:
    """The table of contents of the sanitized headings: slug ids, escaped titles."""
    tokens = [{"level": h.level, "id": h.id, "name": h.title, "html": h.title, "data-toc-label": ""} for h in headings]
    return get_toc(nest_toc_tokens(tokens))  # type: ignore[arg-type]


@_edge
def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    site_page = state.pages.get(page.file.src_uri)
    if site_page is not None:
        context["kd"] = site_page.view
    return context


@_edge
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    # MkDocs keeps every page's Markdown and HTML until the build ends (50,000 stories: over 1 GB);
    # nothing reads them once the page is written (link checks use the anchors, the sitemap the URL).
    page.markdown = page.content = None
    return fix_material_markup(output)


@_edge
def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return fix_material_markup(output_content)  # 404.html


@_edge
def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    if template_name == "sitemap.xml" and state.sitemap_files is not None:
        context["pages"] = state.sitemap_files  # with the pages taken from the previous site
    return context


@_edge
def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    env.bytecode_cache = COMPILED
    nav_urls = [f.url for f in files.documentation_pages() if f.inclusion.is_in_nav()]
    env.globals["kd_same"] = SamePages(nav_urls)  # anew each build: the navigation may have changed
    env.filters.update(FILTERS)
    env.globals["kd_photos"] = state.photos
    env.globals["kd_share"] = share_links
    docs_dir = Path(config.docs_dir)
    env.globals["kd_illustration"] = lambda category_slug: illustration_url(category_slug, docs_dir)
    env.globals["kd_links"] = urls.SITE_LINKS
    assert state.plan is not None or state.broken
    story_urls = [page.url for page in state.plan.story_pages] if state.plan is not None else []
    env.globals["kd_search_bundles"] = [bundle_uri(period) for period in periods_of(story_urls)]
    return env


@event_priority(-100)  # last: the swap must follow every other plugin's output
@_edge
def on_post_build(config: MkDocsConfig) -> None:
    """Feeds, WhatsApp digests, photos and (for a published build) the search index; then the swap."""
    if state.broken:
        page = preview.error_page(state.broken, config.site_name).encode("utf-8")
        for name in ("index.html", "404.html"):  # "/" and every other address
            (Path(config.site_dir) / name).write_bytes(page)
        return
    assert state.plan is not None and state.registry is not None
    site_dir = Path(config.site_dir)
    assert state.photo_settings is not None
    memo = _carried_outputs(site_dir) if state.recording is not None else state.outputs if state.dirty else None
    try:
        write_extras(state.plan, state.registry, site_dir, state.identity, state.settings, state.photos,
                     state.photo_settings, memo)
    except PhotoError as exc:
        raise PluginError(str(exc)) from None
    carried = 0
    if isinstance(memo, CarriedOutputs) and state.recording is not None:
        state.recording.outputs, carried = memo.recorded, memo.carried
    if state.dirty:  # every page is written: the next rebuild compares with what this one showed
        state.shown, state.shown_next = state.shown_next, {}
    if state.reused and state.site_dir is not None:
        incremental.link_files(state.site_dir, site_dir, [file.dest_uri for file in state.reused])
    if state.command != "serve":  # indexing takes seconds; the preview skips it
        previous_search = _previous_bundles(site_dir)
        try:
            current = digests_of(state.search_keys) if state.recording is not None else None
            stats = build_search_index(site_dir, previous_search, current)
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from None
        if state.recording is not None:
            state.recording.search = dict(stats.digests)
        log.info(f"indeks pencarian Pagefind: {len(stats.periods)} bulan, {len(stats.indexed)} dibuat ulang "
                 f"({', '.join(stats.indexed) or '-'}); {stats.files} berkas, {stats.bytes / 1024:.0f} KiB")
    if _publish(config) and state.recording is not None:
        incremental.save_state(incremental.state_path(state.root), state.recording)
        log.info(f"build inkremental: {len(state.reused)} halaman diambil dari situs sebelumnya, "
                 f"{len(state.recording.pages) - len(state.reused)} dibuat; {carried} berkas lain (umpan RSS, teks "
                 f"WhatsApp, gambar bagikan) diambil, {len(state.recording.outputs) - carried} dibuat")


def _carried_outputs(site_dir: Path) -> CarriedOutputs:
    """Incremental: feeds, WhatsApp texts and share pictures made from unchanged values come from the previous site."""
    previous = state.previous
    return CarriedOutputs(site_dir, state.site_dir if previous is not None else None, previous.outputs if previous else {})


def _previous_bundles(site_dir: Path) -> dict[str, str] | None:
    """Incremental: the previous site's search bundles linked in, with the digests they were made from."""
    if state.recording is None:
        return None
    if state.previous is None or state.site_dir is None:
        return {}
    for period in state.previous.search:
        old = state.site_dir / bundle_uri(period)
        if old.is_dir():
            incremental.link_tree(old, site_dir / bundle_uri(period))
    return state.previous.search


def _publish(config: MkDocsConfig) -> bool:
    """Swap the whole new site into site_dir, unless strict mode is about to abort on warnings; True once swapped."""
    if state.staged is None or state.site_dir is None:
        return False
    if any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers):
        return False  # MkDocs raises Abort next; on_build_error drops the staging folder
    staged, state.staged = state.staged, None
    config.site_dir = state.site_dir_setting
    try:
        swap(staged, state.site_dir)
    except SwapError as exc:
        raise PluginError(str(exc)) from None
    return True


@event_priority(-100)  # after other plugins have seen the error
@_edge
def on_build_error(error: Exception) -> None:
    """A failed build: drop the staging folder (the old site stays whole); report the unexpected without a traceback."""
    state.shown.clear()  # a preview rebuild stopped midway: write every page again next time
    if state.staged is not None:
        discard(state.staged)
        state.staged = None
        log.info(f"build gagal; situs lama di {state.site_dir} tidak diubah")
    if not isinstance(error, MkDocsException):
        show_traceback(error)
        log.error(unexpected_message(_subject(), error))
        raise Abort("Aborted with a BuildError!")


__all__ = ["on_startup", "on_serve", "on_config", "on_pre_build", "on_files", "on_page_read_source", "on_page_markdown", "on_page_content", "on_page_context", "on_template_context", "on_env", "on_post_page", "on_post_template", "on_post_build", "on_build_error"]
