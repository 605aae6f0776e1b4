"""The officer's preview (``mkdocs serve``) explains itself: an error page instead of no page,
one line for a port in use, no English warnings an officer cannot act on.

Plain Python (no MkDocs): the adapter calls these. The error page is a whole HTML
document of its own, not a Material page, so it renders even when the templates or
the registries are what is broken; MkDocs' live-reload script, injected into every
HTML page it serves, reloads it once the officer saves the fix.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Sequence
from html import escape

from .problems import Problem

# MkDocs' warnings during a preview that tell an officer nothing they can act on
# (the start of each message). The dirty-build one: `make serve` asks for --dirty on
# purpose, and the hooks rebuild every page whose inputs changed.
QUIET_WARNINGS = ("A 'dirty' build is being performed",)


def is_quiet(message: str) -> bool:
    return message.startswith(QUIET_WARNINGS)


def port_in_use(host: str, port: int) -> bool:
    """True when another program already listens on ``host:port`` (a second `make serve`, say)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            return exc.errno in (errno.EADDRINUSE, errno.EACCES)
    return False


def port_message(host: str, port: int) -> str:
    other = port + 1
    return (f"alamat pratinjau {host}:{port} sedang dipakai program lain (mungkin pratinjau yang masih berjalan di "
            f"terminal lain): hentikan dengan Ctrl+C di sana, atau pakai port lain: make serve PORT={other} "
            f"(atau mkdocs serve -a {host}:{other})")


def error_page(problems: Sequence[Problem], site_name: str) -> str:
    """The page every preview URL answers with while the stories have errors: each problem with its file, line and fix."""
    files = len({p.path for p in problems})
    rows = "\n".join(
        f'<li><code>{escape(p.path)}:{p.line}</code><br>{escape(p.message)}</li>' for p in problems
    )
    return f"""<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Ada kesalahan pada cerita - {escape(site_name)}</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 0; padding: 1rem; color: #1f1a17; max-width: 48rem; }}
h1 {{ font-size: 1.4rem; color: #8e1515; margin: 0 0 .5rem; }}
ol {{ padding-left: 1.2rem; }} li {{ margin: 0 0 1rem; overflow-wrap: anywhere; }}
code {{ background: #f3ecea; padding: 0 .2em; border-radius: .2em; }}
.note {{ background: #fff3cd; padding: .6rem .8rem; border-left: .3rem solid #c28a00; }}
</style>
</head>
<body>
<h1>Ada {len(problems)} kesalahan di {files} berkas</h1>
<p class="note">Pratinjau berhenti sampai kesalahan ini diperbaiki. Simpan berkasnya setelah diperbaiki:
halaman ini dimuat ulang sendiri dan situs tampil lagi. Periksa juga dengan <code>kabardesa check</code>.</p>
<ol>
{rows}
</ol>
</body>
</html>
"""
