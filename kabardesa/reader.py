"""Read a story file: bound its size, decode, refuse control characters, split front-matter.

Nothing here judges the content; :mod:`kabardesa.validate` does. Every problem the
file itself has (size, encoding, control characters, missing front-matter, malformed
or unsafe YAML) is reported with its line, and reading never raises for bad input.
The YAML is loaded by :mod:`kabardesa.front_matter`. This module also finds story
files, naming those that look like stories but will not be read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import frontmatter

from .front_matter import StoryLoader, load_front_matter, yaml_problem_text  # noqa: F401  (re-exported)
from .problems import Problem

STORY_SUFFIXES = (".md", ".markdown")  # exactly so: the build and `kabardesa new` use these spellings
MAX_STORY_BYTES = 1024 * 1024  # 1 MB: a story is text; its photos are files beside it
MAX_CONTROL_REPORTS = 10
EMPTY_STORY = "berkas kosong; isi dengan front-matter dan cerita (lihat `kabardesa new`)"
_ASCII_SPACE = " \t\n\r\x0b\x0c"  # what bytes.strip() strips: a file of only these is empty

# Control characters (C0, DEL, C1) other than tab and newline; CR is normalised away first.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


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
    """Read the file (the edge: access, size bound, UTF-8), then :func:`parse_story` its text."""
    story, text = read_story_text(path, rel_path)
    return story if text is None else parse_read(story, text)


def read_story_text(path: Path, rel_path: str) -> tuple[SourceStory, str | None]:
    """The file's decoded text, not yet parsed, and the story so far (its version; a problem when the text is None)."""
    story = SourceStory(path=path, rel_path=rel_path)
    raw = _read_bytes(path, story)
    return story, (_decode(raw, story) if raw is not None else None)


def parse_read(read: SourceStory, text: str) -> SourceStory:
    """:func:`parse_story` of the text :func:`read_story_text` gave, with the file's version."""
    parsed = parse_story(text, read.path, read.rel_path)
    parsed.mtime_ns, parsed.size = read.mtime_ns, read.size
    return parsed


def parse_story(text: str, path: Path, rel_path: str) -> SourceStory:
    """A story from text in memory: a file's decoded content, or what `new` or a form is about to write.

    ``path`` is where the story is (or will be) stored: its photo and links are relative
    to that folder. Size, emptiness, a leading BOM, line endings, control characters and
    the front-matter are dealt with here, exactly as for a file.
    """
    story = SourceStory(path=path, rel_path=rel_path)
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_STORY_BYTES:
        story.problems.append(Problem(rel_path, 1, too_big_message(size)))
        return story
    if not text.strip(_ASCII_SPACE):
        story.problems.append(Problem(rel_path, 1, EMPTY_STORY))
        return story
    text = normalize_text(text)
    story.text = text
    controls = _control_problems(text, rel_path)
    story.problems.extend(controls)
    _split(text, story, load_yaml=not controls)
    return story


def normalize_text(text: str) -> str:
    """A story's text as every later stage sees it: no leading BOM, ``\\n`` line endings."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _read_bytes(path: Path, story: SourceStory) -> bytes | None:
    """The file's bytes, or ``None`` (with a problem) when it cannot be read or is too big."""
    try:
        stat = path.stat()
        story.mtime_ns, story.size = stat.st_mtime_ns, stat.st_size
        if stat.st_size > MAX_STORY_BYTES:
            raw = b""
        else:
            with path.open("rb") as handle:
                raw = handle.read(MAX_STORY_BYTES + 1)  # bounded even if the file grows meanwhile
    except OSError as exc:
        story.problems.append(Problem(story.rel_path, 1, f"berkas tidak dapat dibaca ({exc.strerror})"))
        return None
    size = max(stat.st_size, len(raw))
    if size > MAX_STORY_BYTES:
        story.problems.append(Problem(story.rel_path, 1, too_big_message(size)))
        return None
    return raw


def too_big_message(size: int) -> str:
    megabytes = f"{size / 1024 / 1024:.2f}".replace(".", ",")
    return (
        f"berkas cerita terlalu besar: {megabytes} MB ({_thousands(size)} bita), paling banyak 1 MB "
        f"({_thousands(MAX_STORY_BYTES)} bita); pendekkan cerita atau bagi menjadi beberapa cerita, "
        "dan simpan foto sebagai berkas terpisah di samping cerita"
    )


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")  # Indonesian: 1.048.576


def _decode(raw: bytes, story: SourceStory) -> str | None:
    """The file's text (a BOM, if any, is left for :func:`parse_story`), or ``None`` if not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        story.problems.append(Problem(story.rel_path, line, "berkas bukan UTF-8; simpan ulang dengan encoding UTF-8"))
        return None


def _control_problems(text: str, rel_path: str) -> list[Problem]:
    """One problem per control character (tab and newline allowed), at most MAX_CONTROL_REPORTS."""
    problems = []
    for match in _CONTROL.finditer(text):
        if len(problems) == MAX_CONTROL_REPORTS:
            last = problems[-1]
            problems[-1] = replace(last, message=last.message + "; dan masih ada karakter kendali lain sesudahnya")
            break
        start = match.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        problems.append(Problem(
            rel_path, line,
            f"karakter kendali U+{ord(match.group()):04X} tidak diizinkan (hanya Tab dan baris baru); "
            "hapus karakter itu, biasanya terbawa saat menyalin teks",
            column=column,
        ))
    return problems


def _split(text: str, story: SourceStory, *, load_yaml: bool) -> None:
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        story.problems.append(Problem(
            story.rel_path, 1, "front-matter tidak ada; baris pertama harus '---', diikuti title, date, officer, category, lalu '---'"
        ))
        return
    try:
        fm_text, body = handler.split(text)
    except ValueError:
        story.problems.append(Problem(story.rel_path, 1, "front-matter tidak ditutup; tambahkan baris '---' setelah kunci terakhir"))
        return
    first_line = text[: text.index(fm_text, 3)].count("\n") + 1  # line holding fm_text[0]
    story.body = body
    story.body_line = first_line + fm_text.count("\n")
    if load_yaml:
        loaded = load_front_matter(fm_text, first_line, story.rel_path)
        story.meta, story.key_lines = loaded.meta, loaded.key_lines
        story.problems.extend(loaded.problems)


# --- finding story files -------------------------------------------------------------

# Names that look like a story but are not read: `ronda.md.txt`, `ronda.MD`, `ronda.Markdown`, `ronda.mkd`.
_LOOKALIKE = re.compile(r"^(?P<stem>.+?)\.(?:md|markdown|mdown|mkdn|mkd)(?:\.[^.]+)*$", re.IGNORECASE)
LINKED_FOLDER = "folder ini tautan (symlink) dan tidak dibuka; salin berkas ceritanya ke folder biasa di stories/"
DANGLING_LINK = "tautan (symlink) ini menunjuk ke berkas yang tidak ada; hapus tautannya, atau simpan cerita sebagai berkas biasa"
NOT_A_FILE = "ini bukan berkas biasa; simpan cerita sebagai berkas biasa"


@dataclass(frozen=True, order=True)
class Skipped:
    """A file or folder that looks like a story (or may hold stories) but is not read."""

    path: Path
    message: str


def scan_story_files(paths: list[Path]) -> tuple[list[Path], list[Skipped]]:
    """Story files under the given files or folders, and what looks like a story but is not read.

    Linked folders are not entered (a link must not lead the build out of the project).
    A file named on its own is read whatever its name, unless it is a misnamed story.
    """
    found: set[Path] = set()
    skipped: set[Skipped] = set()
    for path in paths:
        items = _walk(path) if path.is_dir() else [_named_file(path)] if path.is_file() else []
        for item in items:
            if isinstance(item, Skipped):
                skipped.add(item)
            else:
                found.add(item)
    return sorted(found), sorted(skipped)


def _named_file(path: Path) -> Path | Skipped:
    fix = misnamed(path.name)
    return Skipped(path, fix) if fix else path


def misnamed(name: str) -> str | None:
    """The fix for a name that looks like a story's but is not read, else ``None``."""
    if name.startswith(".") or name.endswith(STORY_SUFFIXES):  # hidden (editor swap files) or a story
        return None
    match = _LOOKALIKE.match(name)
    if match is None:
        return None
    return f"berkas ini mirip cerita tetapi tidak dibaca karena akhiran namanya; ganti nama menjadi {match['stem']}.md"


def _walk(folder: Path) -> Iterator[Path | Skipped]:
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        yield Skipped(folder, f"folder tidak dapat dibuka ({exc.strerror}); periksa izin aksesnya")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        elif entry.is_symlink() and entry.is_dir():
            yield Skipped(path, LINKED_FOLDER)
        elif entry.name.endswith(STORY_SUFFIXES):
            yield path if entry.is_file() else Skipped(path, DANGLING_LINK if entry.is_symlink() else NOT_A_FILE)
        elif fix := misnamed(entry.name):
            yield Skipped(path, fix)
