"""What a deployment chooses: one frozen object, read from mkdocs.yml.

Plain Python (no MkDocs import). The schema that reads and checks these values
in mkdocs.yml lives in :mod:`kabardesa.mkdocs_plugin`; the defaults below are
the single place each default is written, and they equal what the package did
before settings existed (the Gresik example deployment).

A site sets them either as plugin options::

    plugins:
      - kabardesa:
          page_size: 30
          identity:
            name: Polres Gresik

or, for a site that loads the package through ``hooks:``, under ``extra``::

    extra:
      kabardesa:
        page_size: 30
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

LOCAL_URL = "http://127.0.0.1:8000/"
"""The address used when mkdocs.yml sets no ``site_url`` (``mkdocs serve``'s)."""

EXAMPLE_HOST = "kabardesa.example.id"
"""The placeholder host of a new site's ``site_url``: links to it lead nowhere."""

POLRES = "Polres"
"""The Polres' name when neither mkdocs.yml nor ``data/polsek.yml`` gives one."""

SITE_NAME = "Kabar Desa"
"""The site's name when mkdocs.yml sets no ``site_name``."""

PHOTO_CACHE_OFF = ("0", "off", "no", "false", "tidak", "mati")
"""Values of ``photo_cache`` (also when read through ``!ENV``) that turn the cache off."""

CMS_BACKENDS = ("github", "local")
"""Where the web form commits: GitHub (pull requests) or the local ``decap-server``."""

TIMEZONES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
"""Indonesia's three time zones and their Indonesian names."""


@dataclass(frozen=True)
class SiteIdentity:
    """Who publishes the site: the Polres, its region, the site's name and address, how its pages look.

    The one object pages, feeds, WhatsApp texts and the command line take the
    site's identity from.
    """

    name: str = ""
    """The Polres, as written on pages and feeds: ``Polres Gresik``. Empty: the name in
    ``data/polsek.yml`` (``polres: name:``), else :data:`POLRES` (see :meth:`with_polres`)."""

    site_name: str = SITE_NAME
    """MkDocs' own ``site_name``: the title of the site and of its feeds."""

    site_url: str = LOCAL_URL
    """MkDocs' own ``site_url``, the public address (CI sets it through
    ``site_url: !ENV [KD_SITE_URL, …]``). Always ends with ``/``."""

    short_name: str = ""
    """The region without the word Polres, for tight places (share texts, tabs):
    ``Gresik``. Empty: derived from :attr:`name` (see :attr:`short`)."""

    region_codes: tuple[str, ...] = ()
    """Kemendagri codes of the area covered: kabupaten/kota (``35.25``) or
    kecamatan (``35.25.01``). Empty: whatever ``data/villages.csv`` holds."""

    logo: str = "material/shield-home"
    """A Material icon name (``material/…``) or an image path under docs/."""

    favicon: str | None = None
    """An image path under docs/; None keeps Material's own."""

    primary_color: str = "brown"
    """Material palette name of the header colour."""

    accent_color: str = "amber"
    """Material palette name of links and buttons on hover."""

    def with_polres(self, polres_name: str) -> SiteIdentity:
        """This identity with its Polres named: mkdocs.yml's name wins over ``data/polsek.yml``'s."""
        return self if self.name else replace(self, name=polres_name or POLRES)

    @property
    def is_example_address(self) -> bool:
        """``site_url`` is still the placeholder of a new site."""
        return EXAMPLE_HOST in self.site_url.lower()

    @property
    def short(self) -> str:
        """:attr:`short_name`, else :attr:`name` without a leading ``Polres``."""
        if self.short_name:
            return self.short_name
        words = self.name.split()
        return " ".join(words[1:]) if len(words) > 1 and words[0].lower() == "polres" else self.name


@dataclass(frozen=True)
class SiteSettings:
    """Every choice a deployment makes, with its documented default."""

    identity: SiteIdentity = field(default_factory=SiteIdentity)

    internal: bool = False
    """An internal build for the Polres' own network: village security assessments in full
    (every checklist answer, gaps, the Polsek tables). Off: the public site shows only
    what is in place (see :mod:`kabardesa.assessment_schema`)."""

    timezone: str = "Asia/Jakarta"
    """The time zone stories' dates are read in (WIB); one of :data:`TIMEZONES`."""

    page_size: int = 30
    """Stories per listing page (village, officer, category, all stories)."""

    listing_pages: int = 10
    """Pages per list at most (the newest 300 stories at 30 a page); the last page points
    to the monthly buletin, which lists every story. Bounds what one new story re-renders."""

    home_latest: int = 10
    """Newest stories on the home page."""

    home_digests: int = 4
    """Newest digests linked from the home page."""

    polsek_recent: int = 10
    """Recent stories on a Polsek's page."""

    digest_summaries_up_to: int = 100
    """A digest with more stories than this lists titles only (800 summaries would
    make a 400 KB page)."""

    feed_size: int = 50
    """Stories in each RSS and JSON feed."""

    whatsapp_limit: int = 4000
    """Characters in a WhatsApp digest text (WhatsApp cuts longer messages)."""

    whatsapp_short_title: int = 60
    """Characters a title is cut to when a WhatsApp digest must be shortened."""

    quiet_days: int = 30
    """``kabardesa coverage``: a village with no story in this many days is listed as quiet."""

    assessment_days: int = 180
    """A village's security assessment older than this many days is due again
    (``kabardesa coverage`` and the ``/keamanan/`` summary)."""

    photo_widths: tuple[int, ...] = (240, 480, 960, 1600)
    """Widths in pixels of the resized copies of each photo (240 and 480: the home page's
    cards and list thumbnails; 960 and 1600: a story's own photo on phones and screens)."""

    photo_default_width: int = 960
    """The width shown where only one fits (share previews, feeds); one of
    :attr:`photo_widths`."""

    photo_webp_quality: int = 75
    """WebP quality (1–100)."""

    photo_jpeg_quality: int = 80
    """JPEG quality (1–100)."""

    photo_cache: str | None = ".cache/kabardesa/photos"
    """Folder for resized photos kept between builds, relative to the site's root
    (or absolute); None turns the cache off. A CI can point it elsewhere with
    ``photo_cache: !ENV [KD_PHOTO_CACHE, .cache/kabardesa/photos]``."""

    cms_backend: str = "github"
    """Where the web form at ``/kirim/`` commits: ``github`` (the published site: a branch and a pull
    request per story, login through a GitHub OAuth app) or ``local`` (``decap-server`` on 127.0.0.1
    writing into the working tree; ``mkdocs serve`` always uses it)."""

    cms_repo: str = ""
    """The GitHub repository the form commits to, ``owner/name``. Empty: none set, and the form
    says so; the deploy workflow passes ``GITHUB_REPOSITORY`` (``cms_repo: !ENV [GITHUB_REPOSITORY, ""]``)."""

    cms_branch: str = "main"
    """The branch stories are merged into (pull requests are opened against it)."""

    cms_base_url: str = ""
    """The address of the OAuth service that trades a GitHub login for a token (an OAuth proxy the
    Polres runs, see the guide); empty: Decap's default, Netlify's service."""

    cms_auth_endpoint: str = ""
    """The path of the login on :attr:`cms_base_url` (empty: Decap's default, ``auth``)."""

    cms_local_port: int = 8081
    """The port of the local backend (``decap-server``) on 127.0.0.1 for ``mkdocs serve``."""

    def photo_cache_dir(self, root: Path) -> Path | None:
        """The cache folder for a site whose root folder is ``root``."""
        if self.photo_cache is None:
            return None
        folder = Path(self.photo_cache).expanduser()
        return folder if folder.is_absolute() else root / folder


DEFAULTS = SiteSettings()
"""The settings of a site whose mkdocs.yml chooses nothing."""


ADDRESS_FIX = ("tulis alamat situs yang asli di mkdocs.yml (site_url: !ENV [KD_SITE_URL, \"https://…/\"]) "
               "atau setel KD_SITE_URL, misalnya: KD_SITE_URL=https://polres-anda.github.io/kabar-desa/ kabardesa digest …")


def address_problem(site_url: str) -> str | None:
    """Why links made with ``site_url`` lead nowhere a resident can open, with the fix; None for a real address."""
    url = normal_site_url(site_url)
    if EXAMPLE_HOST in url.lower():
        return f"alamat situs masih alamat contoh ({url}); {ADDRESS_FIX}"
    if url == LOCAL_URL:
        return f"mkdocs.yml tidak punya site_url, jadi tautan menuju {url} (hanya ada di komputer ini); {ADDRESS_FIX}"
    return None


def normal_site_url(url: str | None) -> str:
    """``site_url`` as the pipeline uses it: set (else :data:`LOCAL_URL`), ending with ``/``."""
    url = (url or "").strip() or LOCAL_URL
    return url if url.endswith("/") else url + "/"
