"""Problems found in registries and stories, reported as ``path:line: message``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


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
        return f"{self.path}:{where}: {prefix}{self.message}"


class ProblemsFound(Exception):
    """Raised when input cannot be turned into a site; carries every problem."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__(format_problems(self.problems))


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def format_problems(problems: Iterable[Problem]) -> str:
    return "\n".join(p.format() for p in problems)
