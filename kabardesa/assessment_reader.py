"""Find and read every assessment file under ``asesmen/``, the way stories are found and read.

Files are found by :func:`kabardesa.reader.scan_story_files` (the same names, links
refused the same way), read by :func:`kabardesa.reader.read_story` and judged by
:mod:`kabardesa.assessment_validate`. Every problem of every file is collected; a
bug met in one file becomes that file's problem. Two assessments of one village on
one day are both reported, since one would hide the other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .assessment_validate import Assessment, validate_assessment
from .problems import Problem, debug_enabled, unexpected_problem
from .reader import SourceStory, read_story, scan_story_files
from .registry import Registry

ASSESSMENTS_DIR = "asesmen"
OUTSIDE_LINK = "berkas asesmen ini tautan ke luar repositori; salin isinya ke sini sebagai berkas biasa"
README_NAMES = ("README.md", "readme.md", "BACA.md")  # asesmen/README.md explains the folder; it is no assessment


@dataclass
class AssessmentSet:
    """Valid assessments (oldest first) and the problems of all files read."""

    assessments: list[Assessment] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0


def assessment_paths(root: Path, paths: list[Path] | None) -> list[Path]:
    """Of the paths given to ``check``, those inside ``asesmen/`` (all of it when none are given)."""
    folder = (root / ASSESSMENTS_DIR).resolve()
    if paths is None:
        return [folder] if folder.is_dir() else []
    return [p for p in paths if is_assessment_path(p, root)]


def is_assessment_path(path: Path, root: Path) -> bool:
    folder = (root / ASSESSMENTS_DIR).resolve()
    absolute = (path if path.is_absolute() else Path.cwd() / path)
    return absolute == folder or folder in absolute.parents or folder in absolute.resolve().parents


def load_assessments(root: Path, registry: Registry, paths: list[Path], *, now: datetime,
                     relative: Callable[[Path], str], read: Callable[[Path, str], SourceStory] = read_story) -> AssessmentSet:
    """Read and validate the assessment files under ``paths`` (files or folders).

    ``read`` reads one file (``mkdocs serve`` passes its story reader's, which re-reads only changed files).
    """
    files, skipped = scan_story_files(paths)
    result = AssessmentSet(files_read=0)
    result.problems.extend(Problem(relative(s.path), 1, s.message) for s in skipped)
    top = (root / ASSESSMENTS_DIR).resolve()
    for path in files:
        if path.name in README_NAMES and path.parent.resolve() == top:  # the folder's own explanation
            continue
        result.files_read += 1
        rel_path = relative(path)
        absolute = path if path.is_absolute() else Path.cwd() / path
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            result.problems.append(Problem(rel_path, 1, OUTSIDE_LINK))
            continue
        try:
            assessment, problems = validate_assessment(read(absolute, rel_path), registry, now=now)
        except Exception as exc:  # noqa: BLE001 - the edge of one file: report, go on with the rest
            if debug_enabled():
                raise
            assessment, problems = None, [unexpected_problem(rel_path, exc)]
        result.problems.extend(problems)
        if assessment is not None:
            result.assessments.append(assessment)
    result.problems.extend(_same_day(result.assessments))
    result.assessments.sort(key=lambda a: (a.day, a.village.slug, a.rel_path))
    return result


def _same_day(assessments: list[Assessment]) -> list[Problem]:
    by_day: dict[tuple[str, object], list[Assessment]] = defaultdict(list)
    for assessment in assessments:
        by_day[(assessment.village.slug, assessment.day)].append(assessment)
    problems = []
    for group in by_day.values():
        for assessment in group if len(group) > 1 else ():
            others = ", ".join(a.rel_path for a in group if a is not assessment)
            problems.append(Problem(assessment.rel_path, 1, f"{assessment.village.label} sudah diases pada hari yang sama di "
                                    f"{others}; gabungkan menjadi satu berkas atau perbaiki 'date'", "date"))
    return problems
