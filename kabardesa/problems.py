"""Problems found in registries and stories, reported as ``path:line: message``.

Every line printed from here passes :func:`terminal_safe`: file names and values come
from authors, and a terminal or a CI log must show them as text, never obey them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "advice"]  # advice: shown by `kabardesa check`, never stops a build

DEBUG_VARIABLE = "KABARDESA_DEBUG"  # set to 1 (or `kabardesa --debug`): unexpected errors show their traceback

# Line starts that CI runners read as commands: GitHub Actions `::error::`, and its older `##[error]`.
_COMMAND_STARTS = ("::", "##[")


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file; ``message`` is in Bahasa Indonesia and says the fix."""

    path: str
    line: int
    message: str
    field: str | None = None
    severity: Severity = "error"
    column: int = 0  # 1-based; 0 when unknown

    def format(self) -> str:
        prefix = "" if self.severity == "error" else "peringatan: "
        where = f"{self.line}:{self.column}" if self.column else f"{self.line}"
        return terminal_safe(f"{self.path}:{where}: {prefix}{self.message}")


def terminal_safe(line: str) -> str:
    """``line`` as one inert line of text.

    Every character Python does not count as printable (controls and escape sequences,
    newlines, bidi controls, zero-width characters, line separators, unusual spaces) is
    shown as its escape (``\\x1b``, ``\\u202e``); a line that a CI runner would read as a
    command (``::error::``, ``##[group]``) gets ``./`` in front, which leaves a path
    naming the same file.
    """
    if not line.isprintable():
        line = "".join(ch if ch.isprintable() else _escape(ch) for ch in line)
    if line.lstrip().startswith(_COMMAND_STARTS):
        line = "./" + line
    return line


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


class ProblemsFound(Exception):
    """Raised when input cannot be turned into a site; carries every problem."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__(format_problems(self.problems))


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def format_problems(problems: Iterable[Problem]) -> str:
    return "\n".join(p.format() for p in problems)


def debug_enabled() -> bool:
    return os.environ.get(DEBUG_VARIABLE, "").strip() not in ("", "0")


def unexpected_problem(rel_path: str, exc: BaseException) -> Problem:
    """A bug met while checking one file, said so that an officer knows whom to tell."""
    return Problem(
        rel_path, 1,
        f"kesalahan tak terduga saat memeriksa {rel_path} ({type(exc).__name__}); laporkan ke editor "
        f"(rinciannya: jalankan ulang dengan {DEBUG_VARIABLE}=1 atau `kabardesa --debug check`)",
    )
