"""Every address on the site, in one place (DESIGN.md, "URLs").

Each page kind has one function giving its *source URI*: where the page sits in
MkDocs' file collection (``desa/lowayu.md``). Its URL is derived from the source
URI by :class:`UrlScheme` exactly as MkDocs' ``File`` does it, so it follows the
site's ``use_directory_urls`` (``desa/lowayu/`` or ``desa/lowayu.html``); the
adapter checks each generated ``File`` against it.

Files that are not pages (feeds, WhatsApp texts, photo variants) live in the
folder of their page in both modes (``desa/lowayu/feed.xml``): their path is
their URL.

The scheme is a build's setting: the adapter sets it in ``on_config``
(:func:`set_scheme`); until then (tests, ``kabardesa check``) it is MkDocs'
default, directory URLs. Nothing else in the package builds an address.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import quote

PAGE_SUFFIX = ".md"
PAGINATION_FOLDER = "halaman"

# -- source URIs of pages ------------------------------------------------------------------------


def story_uri(year: int, month: int, slug: str) -> str:
    """``berita/YYYY/MM/<slug>.md``."""
    return f"berita/{year:04d}/{month:02d}/{slug}{PAGE_SUFFIX}"


def village_uri(slug: str) -> str:
    return f"desa/{slug}{PAGE_SUFFIX}"


def polsek_uri(slug: str) -> str:
    return f"polsek/{slug}{PAGE_SUFFIX}"


def officer_uri(officer_id: str) -> str:
    return f"petugas/{officer_id}{PAGE_SUFFIX}"


def category_uri(slug: str) -> str:
    return f"kegiatan/{slug}{PAGE_SUFFIX}"


def month_digest_uri(year: int, month: int) -> str:
    """``buletin/YYYY/MM.md``."""
    return f"buletin/{year:04d}/{month:02d}{PAGE_SUFFIX}"


def week_digest_uri(iso_year: int, iso_week: int) -> str:
    """``buletin/YYYY/minggu-WW.md`` (ISO year and week)."""
    return f"buletin/{iso_year:04d}/minggu-{iso_week:02d}{PAGE_SUFFIX}"


def polsek_sheet_uri(year: int, month: int, polsek_slug: str) -> str:
    """A Polsek's printable sheet of a month: ``buletin/YYYY/MM/<polsek-slug>.md`` (URL ``/buletin/YYYY/MM/<polsek-slug>/``)."""
    name = f"{polsek_slug}-polsek" if polsek_slug == "index" else polsek_slug  # index.md would be the month's own page
    return f"{folder_of(month_digest_uri(year, month))}{name}{PAGE_SUFFIX}"


def digest_uri(kind: str, year: int, number: int) -> str:
    """A digest period's page: ``kind`` is ``week`` or ``month``."""
    return week_digest_uri(year, number) if kind == "week" else month_digest_uri(year, number)


def security_uri() -> str:
    """The Polres' village security summary: ``keamanan/index.md`` (URL ``/keamanan/``)."""
    return "keamanan/index.md"


def security_polsek_uri(polsek_slug: str) -> str:
    """A Polsek's table of its villages' assessments, internal build only: ``keamanan/<polsek-slug>.md``."""
    name = f"{polsek_slug}-polsek" if polsek_slug == "index" else polsek_slug  # index.md is the summary
    return f"{folder_of(security_uri())}{name}{PAGE_SUFFIX}"


def home_uri() -> str:
    return "index.md"


def stories_uri() -> str:
    return "berita/index.md"


def polres_uri() -> str:
    """The stories about the whole Polres."""
    return "polres.md"


def villages_uri() -> str:
    return "desa/index.md"


def polsek_index_uri() -> str:
    return "polsek/index.md"


def officers_uri() -> str:
    return "petugas/index.md"


def categories_uri() -> str:
    return "kegiatan/index.md"


def digests_uri() -> str:
    return "buletin/index.md"


def search_uri() -> str:
    """The search page (docs/cari.md, a hand-written page)."""
    return "cari.md"


def guide_uri() -> str:
    """The officers' guide (docs/panduan/, hand-written; linked from the footer, not the nav)."""
    return "panduan/index.md"


def about_uri() -> str:
    """The about page (docs/tentang.md, hand-written)."""
    return "tentang.md"


def pagination_uri(first_uri: str, number: int) -> str:
    """Page ``number`` of a listing whose first page is ``first_uri``: ``desa/lowayu.md`` → ``desa/lowayu/halaman/2.md``."""
    if number == 1:
        return first_uri
    return f"{folder_of(first_uri)}{PAGINATION_FOLDER}/{number}{PAGE_SUFFIX}"


# -- files beside pages (their path is their URL) ------------------------------------------------


def folder_of(src_uri: str) -> str:
    """The page's own folder: ``desa/lowayu.md`` → ``desa/lowayu/``, ``desa/index.md`` → ``desa/``, ``index.md`` → ``""``."""
    stem = src_uri.removesuffix(PAGE_SUFFIX)
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def site_feed_rss() -> str:
    return "feed.xml"


def site_feed_json() -> str:
    return "feed.json"


def village_feed(slug: str) -> str:
    """``desa/<slug>/feed.xml``."""
    return folder_of(village_uri(slug)) + "feed.xml"


def whatsapp_text(kind: str, year: int, number: int) -> str:
    """A digest's WhatsApp text: ``buletin/YYYY/MM/whatsapp.txt``."""
    return folder_of(digest_uri(kind, year, number)) + "whatsapp.txt"


def village_finder() -> str:
    """The villages the home page's "Cari desa Anda" box searches: ``desa/cari-desa.json``."""
    return folder_of(villages_uri()) + "cari-desa.json"


ILLUSTRATION_FOLDER = "assets/kegiatan/"


def category_illustration(name: str) -> str:
    """A category's picture for stories without a photo: ``assets/kegiatan/<name>.svg``."""
    return f"{ILLUSTRATION_FOLDER}{name}.svg"


def story_share_image(year: int, month: int, slug: str) -> str:
    """A story's 1,200×630 share picture (``og:image``): ``berita/YYYY/MM/<slug>/bagikan.jpg``."""
    return folder_of(story_uri(year, month, slug)) + "bagikan.jpg"


def story_photo_base(year: int, month: int, slug: str) -> str:
    """A story photo's variants are ``<base>-<width>.jpg|webp``: ``berita/YYYY/MM/<slug>/foto``."""
    return folder_of(story_uri(year, month, slug)) + "foto"


# Static files the templates load (the package's assets and Pagefind's bundle).
SEARCH_BUNDLE = "pagefind/"
SEARCH_CSS = "pagefind/pagefind-ui.css"
SEARCH_UI_JS = "pagefind/pagefind-ui.js"
SEARCH_JS = "assets/search.js"
DEFAULT_IMAGE = "assets/og-default.png"
FINDER_JS = "assets/finder.js"  # the village finder, loaded by the home page only

# -- from source URI to URL ----------------------------------------------------------------------


@dataclass(frozen=True)
class UrlScheme:
    """MkDocs' rule (``File.dest_uri`` and ``File.url``, MkDocs 1.6) for one value of ``use_directory_urls``."""

    use_directory_urls: bool = True

    def dest_uri(self, src_uri: str) -> str:
        """The built file: ``x/index.md`` → ``x/index.html``; ``x.md`` → ``x/index.html`` or ``x.html``."""
        if not src_uri.endswith(PAGE_SUFFIX):
            return src_uri
        parent, filename = posixpath.split(src_uri)
        name = filename.removesuffix(PAGE_SUFFIX)
        if not self.use_directory_urls or name == "index":
            return posixpath.join(parent, name + ".html")
        return posixpath.join(parent, name, "index.html")

    def url(self, src_uri: str) -> str:
        """``x/index.md`` → ``x/`` or ``x/index.html``; ``x.md`` → ``x/`` or ``x.html``; ``index.md`` → ``./``."""
        dest = self.dest_uri(src_uri)
        folder, filename = posixpath.split(dest)
        if self.use_directory_urls and filename == "index.html":
            dest = (folder or ".") + "/"
        return quote(dest)


_scheme = UrlScheme()


def set_scheme(scheme: UrlScheme) -> None:
    """The build's scheme (the adapter calls this in ``on_config``, before any page is planned)."""
    global _scheme
    _scheme = scheme


def scheme() -> UrlScheme:
    return _scheme


def url(src_uri: str) -> str:
    """The URL of a page (or file) under the build's scheme, relative to the site root."""
    return _scheme.url(src_uri)


class SiteLinks:
    """The site-wide addresses the templates link to (``kd_links`` in every template)."""

    @property
    def home(self) -> str:
        return url(home_uri())

    @property
    def stories(self) -> str:
        return url(stories_uri())

    @property
    def polres(self) -> str:
        return url(polres_uri())

    @property
    def villages(self) -> str:
        return url(villages_uri())

    @property
    def polsek(self) -> str:
        return url(polsek_index_uri())

    @property
    def officers(self) -> str:
        return url(officers_uri())

    @property
    def categories(self) -> str:
        return url(categories_uri())

    @property
    def digests(self) -> str:
        return url(digests_uri())

    @property
    def search(self) -> str:
        return url(search_uri())

    @property
    def security(self) -> str:
        return url(security_uri())

    @property
    def guide(self) -> str:
        return url(guide_uri())

    @property
    def about(self) -> str:
        return url(about_uri())

    feed_rss = property(lambda self: site_feed_rss())
    feed_json = property(lambda self: site_feed_json())
    search_bundle = SEARCH_BUNDLE
    search_css = SEARCH_CSS
    search_ui_js = SEARCH_UI_JS
    search_js = SEARCH_JS
    default_image = DEFAULT_IMAGE
    finder_js = FINDER_JS
    village_finder = property(lambda self: village_finder())


SITE_LINKS = SiteLinks()


def cms_form() -> str:
    """The officers' web form: ``kirim/`` (its page, script and ``config.yml`` live in that folder)."""
    return "kirim/"
