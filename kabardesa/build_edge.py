"""What the build says when something unexpected breaks: one Indonesian line, no traceback.

The adapter wraps every MkDocs event handler; an exception that is not already
a deliberate error becomes one message naming what was being processed (the
story, the page, the template or the stage) and the exception's type. Set
``KABARDESA_DEBUG=1`` (``problems.DEBUG_VARIABLE``, shared with ``kabardesa
check``) to also print the Python traceback, for developers. Plain Python: no
MkDocs here.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from .problems import DEBUG_VARIABLE, debug_enabled, terminal_safe

MAX_DETAIL = 200

# What each event works on, when no page or template names it better.
STAGES = {
    "on_startup": "persiapan perintah mkdocs",
    "on_serve": "persiapan pratinjau (mkdocs serve)",
    "on_config": "mkdocs.yml",
    "on_pre_build": "registri data/ dan cerita stories/",
    "on_files": "daftar halaman situs",
    "on_env": "templat situs (kabardesa/templates/ dan overrides/)",
    "on_post_build": "berkas tambahan situs (feed, teks WhatsApp, foto, indeks pencarian)",
    "on_build_error": "pembersihan sesudah build gagal",
}


def page_subject(src_path: str | None, url: str, root: Path) -> str:
    """A page as a person finds it: its source file (story or docs/ page), else its address."""
    if src_path:
        try:
            return Path(src_path).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return src_path
    return f"halaman /{url.lstrip('/')}"


def stage_subject(event: str, template: str | None = None) -> str:
    if template:
        return f"templat {template}"
    return STAGES.get(event, event)


def printable(text: str) -> str:
    r"""``text`` on one line with control characters shown as ``\xNN`` escapes, cut to a readable length."""
    shown = terminal_safe(text)
    return shown if len(shown) <= MAX_DETAIL else shown[: MAX_DETAIL - 1] + "…"


def unexpected_message(subject: str, exc: BaseException) -> str:
    detail = printable(str(exc))
    return (
        f"{printable(subject)}: kesalahan tak terduga ({type(exc).__name__}{': ' + detail if detail else ''}). "
        f"Jalankan `kabardesa check` dan perbaiki yang dilaporkannya; bila semua lolos, laporkan pesan ini ke pengelola situs "
        f"(jalankan dengan {DEBUG_VARIABLE}=1 untuk melihat traceback bagi pengembang)."
    )


def show_traceback(exc: BaseException) -> None:
    """Print the traceback to stderr when ``KABARDESA_DEBUG`` is set; otherwise nothing."""
    if debug_enabled():
        traceback.print_exception(exc, file=sys.stderr)
