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

    def format(self) -> str:
        prefix = "" if self.severity == "error" else "peringatan: "
        return f"{self.path}:{self.line}: {prefix}{self.message}"


class ProblemsFound(Exception):
    """Raised when input cannot be turned into a site; carries every problem."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__(format_problems(self.problems))


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def format_problems(problems: Iterable[Problem]) -> str:
    return "\n".join(p.format() for p in problems)
