"""Read a story file: decode, split front-matter (python-frontmatter), load YAML safely.

Nothing here judges the content; :mod:`kabardesa.validate` does. Every problem the
file itself has (encoding, missing front-matter, malformed YAML) is reported with
its line, and reading never raises for bad input.
"""

from __future__ import annotations

import re
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from .problems import Problem

STORY_SUFFIXES = (".md", ".markdown")


# libyaml's parser when PyYAML has it (ten times faster), with the safe constructor either way.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StoryLoader(_SafeBase):  # type: ignore[misc, valid-type]
    """Safe YAML that keeps dates as written, so every date form is parsed in one place."""


StoryLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class SourceStory:
    """A story file as read: its front-matter, the line of each key, and its body."""

    path: Path
    rel_path: str
    meta: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # file line on which ``body`` starts
    problems: list[Problem] = field(default_factory=list)
    text: str = ""  # the whole file, decoded, with line endings normalised
    mtime_ns: int = 0
    size: int = 0

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)

    def problem(self, key: str | None, message: str) -> Problem:
        return Problem(self.rel_path, self.line_of(key) if key else 1, message, key)


def read_story(path: Path, rel_path: str) -> SourceStory:
    story = SourceStory(path=path, rel_path=rel_path)
    try:
        stat = path.stat()
        story.mtime_ns, story.size = stat.st_mtime_ns, stat.st_size
        raw = path.read_bytes()
    except OSError as exc:
        story.problems.append(Problem(rel_path, 1, f"berkas tidak dapat dibaca ({exc.strerror})"))
        return story
    text = _decode(raw, story)
    if text is not None:
        story.text = text
        _split(text, story)
    return story


def _decode(raw: bytes, story: SourceStory) -> str | None:
    if not raw.strip():
        story.problems.append(Problem(story.rel_path, 1, "berkas kosong; isi dengan front-matter dan cerita (lihat `kabardesa new`)"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        story.problems.append(Problem(story.rel_path, line, "berkas bukan UTF-8; simpan ulang dengan encoding UTF-8"))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split(text: str, story: SourceStory) -> None:
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        story.problems.append(Problem(story.rel_path, 1, "front-matter tidak ada; baris pertama harus '---', diikuti title, date, officer, category, lalu '---'"))
        return
    try:
        fm_text, body = handler.split(text)
    except ValueError:
        story.problems.append(Problem(story.rel_path, 1, "front-matter tidak ditutup; tambahkan baris '---' setelah kunci terakhir"))
        return
    first_line = text[: text.index(fm_text, 3)].count("\n") + 1  # line holding fm_text[0]
    story.body = body
    story.body_line = first_line + fm_text.count("\n")
    _load_meta(fm_text, first_line, story)


def _load_meta(fm_text: str, first_line: int, story: SourceStory) -> None:
    loader = StoryLoader(fm_text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else {}
    except yaml.constructor.ConstructorError as exc:
        line = first_line + (exc.problem_mark.line if exc.problem_mark else 0)
        if "constructor for the tag" not in (exc.problem or ""):
            story.problems.append(Problem(story.rel_path, line, f"YAML front-matter tidak valid ({exc.problem}); tulis nilai biasa 'kunci: nilai'"))
        else:
            story.problems.append(Problem(story.rel_path, line, f"tag YAML tidak diizinkan ({_tag_of(exc)}); hapus tag itu, tulis nilai biasa"))
        return
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + (mark.line if mark else 0)
        story.problems.append(Problem(story.rel_path, line, f"YAML front-matter tidak valid: {yaml_problem_text(exc)}"))
        return
    except (ValueError, TypeError, OverflowError) as exc:  # explicit tags such as `!!int abc`, `!!timestamp 2025-02-30`
        line = first_line + _tag_line(fm_text)
        story.problems.append(Problem(story.rel_path, line, f"YAML front-matter tidak valid ({exc}); hapus tag '!!' dan tulis nilai biasa"))
        return
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        story.problems.append(Problem(story.rel_path, first_line, "front-matter harus berupa pasangan 'kunci: nilai'"))
        return
    story.meta = {str(k): v for k, v in data.items()}
    if node is not None:  # None: an empty front-matter, its required keys are reported later
        story.key_lines = {str(k.value): first_line + k.start_mark.line for k, _ in node.value}


def _tag_line(fm_text: str) -> int:
    """Offset of the first line carrying an explicit YAML tag (``!!int``), else 0."""
    for offset, line in enumerate(fm_text.split("\n")):
        if re.search(r"(^|[\s\[,])!!?[A-Za-z]", line):
            return offset
    return 0


def _tag_of(exc: yaml.constructor.ConstructorError) -> str:
    problem = exc.problem or ""
    tag = problem.split("tag", 1)[-1].strip(" '!") if "tag" in problem else "tidak dikenal"
    return tag.replace("tag:yaml.org,2002:", "!!")


# What PyYAML (or libyaml) says, in words an officer can act on.
_YAML_PROBLEMS = (
    ("mapping values are not allowed", "ada titik dua (:) di tempat yang salah; bila judul atau isian memuat ': ', apit dengan tanda kutip, atau periksa indentasi baris ini"),
    ("tab", "ada karakter Tab; ganti dengan spasi"),
    ("expected ',' or ']'", "daftar [ ... ] belum ditutup dengan ']'"),
    ("expected ',' or '}'", "pasangan { ... } belum ditutup dengan '}'"),
    ("could not find expected ':'", "baris ini tidak berbentuk 'kunci: nilai'"),
    ("quoted scalar", "tanda kutip belum ditutup"),
    ("block end", "indentasi tidak rata; mulai setiap kunci di kolom pertama"),
)


def yaml_problem_text(exc: yaml.YAMLError) -> str:
    problem = str(getattr(exc, "problem", None) or exc)
    context = str(getattr(exc, "context", None) or "")
    for fragment, advice in _YAML_PROBLEMS:
        if fragment in problem or fragment in context:
            return advice
    return f"{problem}; periksa titik dua, tanda kutip dan indentasi"


def find_story_files(paths: list[Path]) -> list[Path]:
    """Story files under the given files or folders, sorted; non-stories are skipped.

    Linked folders are not entered (a link must not lead the build out of the project).
    """
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(_walk(path))
        elif path.is_file():
            found.add(path)
    return sorted(found)


def _walk(folder: Path) -> Iterator[Path]:
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(Path(entry.path))
            elif entry.name.lower().endswith(STORY_SUFFIXES) and entry.is_file():
                yield Path(entry.path)
