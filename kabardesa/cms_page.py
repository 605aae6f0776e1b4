"""The files of the web form at ``/kirim/``: its page, Decap CMS's script (from the package), ``config.yml``.

Plain Python (no MkDocs import). The page is written by the post-build beside
the site's pages but is no MkDocs page: it is in no navigation, no sitemap and
no search index, and asks search engines not to index it (``noindex``).
Decap's script comes from ``kabardesa/cms/decap-cms.tar.gz`` (packed from npm by
``tools/vendor_cms.py``), so a site built from ``pip install`` alone serves it
from its own address and nothing is loaded from a CDN.
"""

from __future__ import annotations

import functools
import io
import tarfile
from pathlib import Path

from markupsafe import escape

from . import urls
from .cms_config import CmsSettings, cms_config_text
from .outputs import Output
from .registry import Registry
from .settings import SiteIdentity, SiteSettings

CMS_DIR = Path(__file__).resolve().parent / "cms"
BUNDLE = CMS_DIR / "decap-cms.tar.gz"
OWN_FILES = ("locale-id.js", "kirim.js", "kirim.css")


def cms_settings(settings: SiteSettings, identity: SiteIdentity) -> CmsSettings:
    return CmsSettings(backend=settings.cms_backend, repo=settings.cms_repo, branch=settings.cms_branch,
                       base_url=settings.cms_base_url, auth_endpoint=settings.cms_auth_endpoint,
                       local_port=settings.cms_local_port, site_url=identity.site_url)


def cms_outputs(registry: Registry, settings: SiteSettings, identity: SiteIdentity) -> list[Output]:
    """``kirim/index.html``, ``kirim/config.yml``, the form's own scripts and Decap's bundle."""
    folder = urls.cms_form()
    cms = cms_settings(settings, identity)
    outputs = [
        Output(folder + "index.html", (identity.site_name, cms.backend, cms.repo, _stamp(CMS_DIR / "index.html")),
               lambda: _page(identity.site_name, cms)),
        Output(folder + "config.yml", (registry, cms), lambda: cms_config_text(registry, cms).encode("utf-8")),
    ]
    for name in OWN_FILES:
        outputs.append(Output(folder + name, (_stamp(CMS_DIR / name),), functools.partial((CMS_DIR / name).read_bytes)))
    stamp = _stamp(BUNDLE)
    for name in bundle_files(stamp):
        outputs.append(Output(folder + name, (stamp, name), functools.partial(bundle_file, stamp, name)))
    return outputs


NO_REPO = ("Formulir ini belum bisa menyimpan ke GitHub: repositori tujuannya belum diatur. Editor: isi "
           "<code>cms_repo</code> di mkdocs.yml (alur kerja deploy mengisinya dari GITHUB_REPOSITORY); "
           "langkahnya di Panduan editor, bagian \u201cMenyiapkan formulir web\u201d.")


def _page(site_name: str, cms: CmsSettings) -> bytes:
    template = (CMS_DIR / "index.html").read_text(encoding="utf-8")
    notice = f'<p class="kd-notice" role="alert">{NO_REPO}</p>\n' if cms.backend == "github" and not cms.repo else ""
    page = (template.replace("{site_name}", str(escape(site_name))).replace("{backend}", str(escape(cms.backend)))
            .replace("{notice}", notice))
    return page.encode("utf-8")


def _stamp(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size


def bundle_version() -> str:
    """The decap-cms version packed into the package."""
    return bundle_file(_stamp(BUNDLE), "VERSION").decode().strip()


def bundle_files(stamp: tuple[str, int, int]) -> list[str]:
    """The names of the files the site serves from the bundle (its VERSION aside)."""
    return [name for name in _members(stamp) if name != "VERSION"]


def bundle_file(stamp: tuple[str, int, int], name: str) -> bytes:
    return _members(stamp)[name]


@functools.lru_cache(maxsize=1)
def _members(stamp: tuple[str, int, int]) -> dict[str, bytes]:
    """Every member of the archive, read once per version of the file (6 MB)."""
    with tarfile.open(fileobj=io.BytesIO(Path(stamp[0]).read_bytes()), mode="r:gz") as tar:
        members = {}
        for member in tar.getmembers():
            if not member.isfile() or "/" in member.name or member.name.startswith("."):
                continue  # flat names only: nothing is written outside kirim/
            extracted = tar.extractfile(member)
            if extracted is not None:
                members[member.name] = extracted.read()
        return members
