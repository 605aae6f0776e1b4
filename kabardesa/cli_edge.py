"""The edge of the ``kabardesa`` command: a bug is reported in Indonesian, never as a traceback."""

from __future__ import annotations

import argparse
import os
import sys
import traceback

from .problems import DEBUG_VARIABLE, debug_enabled, terminal_safe

EXIT_UNEXPECTED = 2  # 1 means "problems found in the input"; 2, that the tool itself failed
DEBUG_HELP = (
    f"bila terjadi kesalahan tak terduga, tampilkan juga traceback Python (sama dengan {DEBUG_VARIABLE}=1); "
    f"tanpa ini kesalahan itu dilaporkan satu baris dengan kode keluar {EXIT_UNEXPECTED}"
)
MAX_DETAIL = 200  # characters of the exception's own text

_ACTIVITIES = {
    "new": "membuat cerita baru",
    "init": "membuat situs baru",
    "coverage": "menghitung cakupan desa",
    "digest": "menyusun buletin",
}


def enable_debug() -> None:
    """``--debug``: the catalog and this edge read the same switch."""
    os.environ[DEBUG_VARIABLE] = "1"


def describe(args: argparse.Namespace) -> str:
    """What the command was doing, for the message: ``memeriksa stories/2025/05``."""
    command = getattr(args, "command", "") or ""
    if command == "check":
        paths = getattr(args, "paths", None) or []
        return "memeriksa " + (", ".join(str(p) for p in paths) if paths else "data/ dan stories/")
    if command == "list":
        return f"membaca daftar {getattr(args, 'kind', '')}".rstrip()
    return _ACTIVITIES.get(command, f"menjalankan `kabardesa {command}`")


def report_unexpected(exc: BaseException, args: argparse.Namespace) -> int:
    """Say in Indonesian what failed and whom to tell; the traceback only under --debug."""
    if debug_enabled():
        traceback.print_exception(exc, file=sys.stderr)
    detail = str(exc)
    detail = detail if len(detail) <= MAX_DETAIL else detail[:MAX_DETAIL] + "…"
    line = f"kabardesa: kesalahan tak terduga saat {describe(args)} ({type(exc).__name__}: {detail}); laporkan ke editor"
    print(terminal_safe(line), file=sys.stderr)
    if not debug_enabled():
        print(f"rinciannya: jalankan ulang dengan `kabardesa --debug ...` atau {DEBUG_VARIABLE}=1", file=sys.stderr)
    return EXIT_UNEXPECTED
