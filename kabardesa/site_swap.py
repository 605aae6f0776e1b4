"""Build the site beside site/ and swap it in whole: readers never see half a site.

MkDocs writes straight into ``site_dir`` (and empties it first). The adapter
points MkDocs at a staging folder, ``.site-tmp-<name>-<random>`` next to
``site_dir``, and only when the build has succeeded moves it into place:
old site renamed aside, new one renamed in, old one removed. A failed build
removes the staging folder and leaves the old site as it was. Plain Python:
no MkDocs here.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from pathlib import Path

PREFIX = ".site-tmp-"


class SwapError(Exception):
    """The new site could not be moved into place; the message is in Indonesian."""


def is_preview_dir(site_dir: Path) -> bool:
    """``mkdocs serve`` builds into a temporary ``mkdocs_*`` folder of its own: leave it alone."""
    return site_dir.name.startswith("mkdocs_") and site_dir.parent.resolve() == Path(tempfile.gettempdir()).resolve()


def stage(site_dir: Path, keep_old: bool) -> Path:
    """A fresh staging folder beside ``site_dir``; for a dirty build, a copy of the old site.

    ``keep_old`` (``mkdocs build --dirty``) copies the old site with its file
    times, so MkDocs still skips pages whose source is older than their output.
    """
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staged = site_dir.parent / f"{PREFIX}{site_dir.name}-{secrets.token_hex(4)}"
    if keep_old and site_dir.is_dir():
        shutil.copytree(site_dir, staged, symlinks=True)
    else:
        staged.mkdir()  # mode from the umask, like a folder MkDocs would make
    return staged


def swap(staged: Path, site_dir: Path) -> None:
    """Move ``staged`` to ``site_dir``; the old site, if any, is removed only once the new one is in place."""
    old = staged.with_name(staged.name + "-lama")
    had_old = site_dir.exists() or site_dir.is_symlink()
    try:
        if had_old:
            site_dir.rename(old)
        staged.rename(site_dir)
    except OSError as exc:
        if had_old and old.exists() and not site_dir.exists():
            old.rename(site_dir)
        discard(staged)
        raise SwapError(
            f"situs baru tidak bisa dipindahkan ke {site_dir} ({exc.strerror or type(exc).__name__}); "
            f"situs lama dibiarkan utuh. Pastikan folder {site_dir.parent} bisa ditulis, lalu bangun ulang"
        ) from None
    if had_old:
        discard(old)


def discard(path: Path | None) -> None:
    """Remove a staging folder (or the old site set aside); nothing if it is gone already."""
    if path is not None and (path.exists() or path.is_symlink()):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
