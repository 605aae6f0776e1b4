"""Load a story's YAML front-matter safely: plain keys whose values are scalars or lists of scalars.

The text is first walked as a stream of parser events, which builds no values: anchors,
aliases, tags, duplicated keys and nested structures are refused there, so an alias bomb
("billion laughs") or deep nesting costs no more than reading its text. Only front-matter
that passes is composed and constructed, one value at a time, so a value that cannot be
built (an integer of 5,000 digits) names its own line. Nothing here raises for bad input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)

from .problems import Problem

MAX_PROBLEMS = 10  # per front-matter; an alias bomb holds thousands of aliases

# libyaml's parser when PyYAML has it (ten times faster), with the safe constructor either way.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StoryLoader(_SafeBase):  # type: ignore[misc, valid-type]
    """Safe YAML that keeps dates as written, so every date form is parsed in one place."""


StoryLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# Errors a value's constructor may raise besides YAMLError (int("1" * 5000), dates out of range).
_BUILD_ERRORS = (yaml.YAMLError, ValueError, TypeError, OverflowError, ArithmeticError, RecursionError)



def _flat_fix(key: str) -> str:
    return f"tulis satu nilai, atau daftar sederhana seperti {key or 'tags'}: [satu, dua]"


@dataclass
class FrontMatter:
    meta: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def load_front_matter(fm_text: str, first_line: int, rel_path: str) -> FrontMatter:
    """Keys, values and key lines of ``fm_text``, whose first line is file line ``first_line``."""
    scan = _Scan(rel_path, first_line)
    try:
        scan.run(_events(fm_text))
    except yaml.YAMLError as exc:
        scan.problems.append(_yaml_error(exc, rel_path, first_line))
    except RecursionError:  # the pure-Python parser on absurd input; libyaml stops at depth 1000
        scan.problems.append(Problem(rel_path, first_line, "front-matter terlalu bersarang; " + _flat_fix("")))
    if scan.problems or scan.empty:
        return FrontMatter(problems=scan.problems)
    return _construct(fm_text, first_line, rel_path)


def _events(fm_text: str):
    loader = StoryLoader(fm_text)
    try:
        while loader.check_event():
            yield loader.get_event()
    finally:
        loader.dispose()


@dataclass
class _Open:
    """A collection being scanned: where it sits and whether its content is already refused."""

    is_key: bool  # a collection in key position of the top mapping
    refused: bool


class _Scan:
    """Checks the event stream of a front-matter, collecting problems (at most MAX_PROBLEMS)."""

    def __init__(self, rel_path: str, first_line: int):
        self.rel_path = rel_path
        self.first_line = first_line
        self.problems: list[Problem] = []
        self.open: list[_Open] = []
        self.keys: dict[str, int] = {}  # key as written -> its file line
        self.key = ""
        self.expect_key = True
        self.documents = 0
        self.empty = True  # no node at all: `---` directly followed by `---`
        self.stopped = False

    def run(self, events) -> None:
        for event in events:
            self._event(event)
            if self.stopped or len(self.problems) >= MAX_PROBLEMS:
                return

    def line(self, event: Event) -> int:
        return self.first_line + event.start_mark.line

    def add(self, event: Event, message: str, line: int | None = None) -> None:
        column = 0 if line is not None else event.start_mark.column + 1
        self.problems.append(Problem(self.rel_path, line or self.line(event), message, column=column))

    def _event(self, event: Event) -> None:
        if isinstance(event, DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.add(event, "front-matter hanya boleh satu dokumen YAML; hapus baris '---' atau '...' di tengahnya")
                self.stopped = True
        elif isinstance(event, NodeEvent):
            self.empty = False
            if self._marks_ok(event):
                self._node(event)
            elif isinstance(event, CollectionStartEvent):
                in_key = len(self.open) == 1 and self.expect_key
                self.open.append(_Open(in_key, True))
        elif isinstance(event, CollectionEndEvent) and self.open:
            closed = self.open.pop()
            if len(self.open) == 1 and not self.open[0].refused:
                self.expect_key = not closed.is_key

    def _marks_ok(self, event: NodeEvent) -> bool:
        """Refuse aliases, anchors and explicit tags wherever they stand."""
        if isinstance(event, AliasEvent):
            self.add(event, f"alias YAML '*{event.anchor}' tidak diizinkan; tulis nilainya langsung di sini")
            self._after_value()
            return False
        ok = True
        if event.anchor is not None:
            self.add(event, f"anchor YAML '&{event.anchor}' tidak diizinkan; hapus '&{event.anchor}'")
            ok = False
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.add(event, f"tag YAML tidak diizinkan ({shown}); hapus tag itu, tulis nilai biasa", line=self.line(event))
            ok = False
        if not ok and isinstance(event, ScalarEvent):
            self._after_value()
        return ok

    def _after_value(self) -> None:
        if len(self.open) == 1:
            self.expect_key = not self.expect_key

    def _node(self, event: NodeEvent) -> None:
        is_start = isinstance(event, CollectionStartEvent)
        is_map = isinstance(event, MappingStartEvent)
        depth = len(self.open)
        if depth == 0:
            if not is_map:
                self.add(event, "front-matter harus berupa pasangan 'kunci: nilai'", line=self.first_line)
            if is_start:
                self.open.append(_Open(False, not is_map))
            return
        parent = self.open[-1]
        if parent.refused:
            refused = True
        elif depth == 1 and self.expect_key:
            refused = self._key(event)
        elif depth == 1:
            refused = self._value(event)
        else:
            refused = self._item(event)
        if is_start:
            self.open.append(_Open(depth == 1 and self.expect_key, refused))
        elif depth == 1 and not parent.refused:
            self.expect_key = not self.expect_key

    def _key(self, event: NodeEvent) -> bool:
        if not isinstance(event, ScalarEvent):
            self.add(event, "kunci front-matter harus berupa kata biasa, bukan daftar atau pasangan; tulis 'kunci: nilai'")
            self.key = ""
            return True
        key, line = event.value, self.line(event)
        if key in self.keys:
            self.add(event, f"kunci '{key}' ditulis dua kali (baris {self.keys[key]} dan baris {line}); hapus salah satunya", line=line)
        else:
            self.keys[key] = line
        self.key = key
        return False

    def _value(self, event: NodeEvent) -> bool:
        if isinstance(event, MappingStartEvent):
            self.add(event, f"nilai '{self.key}' tidak boleh berupa pasangan kunci; {_flat_fix(self.key)}", line=self._key_line())
            return True
        return False

    def _item(self, event: NodeEvent) -> bool:
        if isinstance(event, CollectionStartEvent):
            message = f"daftar '{self.key}' tidak boleh berisi daftar atau pasangan kunci; {_flat_fix(self.key)}"
            self.add(event, message, line=self._key_line())
            return True
        return False

    def _key_line(self) -> int:
        return self.keys.get(self.key, self.first_line)


def _construct(fm_text: str, first_line: int, rel_path: str) -> FrontMatter:
    """Build the values of a front-matter that passed the scan: a flat mapping."""
    result = FrontMatter()
    loader = StoryLoader(fm_text)
    try:
        root = loader.get_single_node()
        for key_node, value_node in root.value:
            key = str(key_node.value)
            result.key_lines[key] = first_line + key_node.start_mark.line
            try:
                result.meta[key] = loader.construct_object(value_node, deep=True)
            except _BUILD_ERRORS:
                result.problems.append(Problem(
                    rel_path, first_line + value_node.start_mark.line,
                    f"nilai '{key}' tidak dapat dibaca; apit dengan tanda kutip agar dibaca sebagai teks", key,
                ))
    except yaml.YAMLError as exc:
        result.problems.append(_yaml_error(exc, rel_path, first_line))
    finally:
        loader.dispose()
    return result


def _yaml_error(exc: yaml.YAMLError, rel_path: str, first_line: int) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    line = first_line + (mark.line if mark else 0)
    return Problem(rel_path, line, f"YAML front-matter tidak valid: {yaml_problem_text(exc)}")


# What PyYAML (or libyaml) says, in words an officer can act on.
_YAML_PROBLEMS = (
    ("mapping values are not allowed",
     "ada titik dua (:) di tempat yang salah; bila judul atau isian memuat ': ', apit dengan tanda kutip, "
     "atau periksa indentasi baris ini"),
    ("tab", "ada karakter Tab; ganti dengan spasi"),
    ("expected ',' or ']'", "daftar [ ... ] belum ditutup dengan ']'"),
    ("expected ',' or '}'", "pasangan { ... } belum ditutup dengan '}'"),
    ("could not find expected ':'", "baris ini tidak berbentuk 'kunci: nilai'"),
    ("quoted scalar", "tanda kutip belum ditutup"),
    ("block end", "indentasi tidak rata; mulai setiap kunci di kolom pertama"),
    ("nesting depth", "terlalu banyak tanda kurung atau indentasi bersarang; " + _flat_fix("")),
)


def yaml_problem_text(exc: yaml.YAMLError) -> str:
    problem = str(getattr(exc, "problem", None) or exc)
    context = str(getattr(exc, "context", None) or "")
    for fragment, advice in _YAML_PROBLEMS:
        if fragment in problem or fragment in context:
            return advice
    return f"{problem}; periksa titik dua, tanda kutip dan indentasi"
