"""Property-based: whatever bytes or front-matter a story file holds, reading and validating it
raises nothing, finishes in bounded time, and refuses what DESIGN.md forbids."""

from __future__ import annotations

import math
import time
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import DATA, NOW, VALID_META
from kabardesa.reader import read_story
from kabardesa.registry import load_registry
from kabardesa.validate import validate_story

REGISTRY = load_registry(DATA)
SETTINGS = settings(
    max_examples=200, deadline=2000, database=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def run(tmp_path: Path, content: bytes):
    """Read and validate one file; the read story and the problems, within 2 s."""
    stories = tmp_path / "stories"
    path = stories / "2025" / "05" / "2025-05-23-cerita.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    start = time.perf_counter()
    source = read_story(path, "stories/2025/05/2025-05-23-cerita.md")
    story, problems = validate_story(source, REGISTRY, stories_root=stories, now=NOW)
    lines = [p.format() for p in problems]
    assert time.perf_counter() - start < 2
    assert all(line.isprintable() for line in lines)
    return source, story, problems


# --- random bytes ---------------------------------------------------------------------------


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes(tmp_path, data):
    run(tmp_path, data)


@SETTINGS
@given(st.binary(max_size=500))
def test_random_bytes_inside_front_matter(tmp_path, data):
    run(tmp_path, b"---\ntitle: T\n" + data + b"\n---\nIsi.\n")


# --- random YAML-ish front-matter -------------------------------------------------------------

KEYS = st.sampled_from([*VALID_META, "tags", "draft", "summary", "image", "judul", "<<", "?", "a b", ""])
PLAIN = st.sampled_from([
    "Lowayu", "2025-05-23", "true", "no", "~", "null", "1e400", "0x1F", "-0", ".nan", "1" * 5000,
    "0001-01-01 00:00:00+14:00", "'", '"', "#", "{", "[", ": x", "-", "...", "---",
])
MARK = st.sampled_from(["", "", "", "&a ", "*a", "!!str ", "!!timestamp ", "!x ", "&b !!int "])


def flow(children):
    """A flow node: a list or a mapping of children, written with YAML punctuation."""
    return st.one_of(
        st.lists(children, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(PLAIN, children), max_size=3).map(lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"),
    )


NODE = st.tuples(MARK, st.recursive(PLAIN | st.text(max_size=12), flow, max_leaves=20)).map("".join)
LINE = st.tuples(KEYS, st.sampled_from([": ", ":", ":\n  - ", ":\n  ", " : "]), NODE).map("".join)
NOISE = st.sampled_from(["", "# komentar", "  ", "\t", "- x", "? k", "%YAML 1.1", "...", "&a", "*a", "[" * 1200, "- " * 1200])


@SETTINGS
@given(st.lists(st.one_of(LINE, LINE, NOISE), max_size=12))
def test_random_yaml_ish_front_matter(tmp_path, lines):
    text = "---\n" + "\n".join(lines) + "\n---\nIsi cerita.\n"
    source, _, _ = run(tmp_path, text.encode("utf-8"))
    for value in source.meta.values():  # what the reader lets through is flat
        assert not isinstance(value, dict)
        assert not isinstance(value, list) or not any(isinstance(v, (list, dict)) for v in value)


@SETTINGS
@given(st.lists(st.tuples(KEYS, NODE), min_size=1, max_size=6))
def test_anchors_aliases_and_tags_are_always_refused(tmp_path, pairs):
    text = "---\n" + "\n".join(f"k{i}{key}: {node}" for i, (key, node) in enumerate(pairs)) + "\n---\nIsi.\n"
    source, _, _ = run(tmp_path, text.encode("utf-8"))
    if any(mark in node for _, node in pairs for mark in ("&a ", "&b ", "*a", "!!", "!x")):
        assert source.problems, text


# --- structured front-matter: nested dicts and lists, shared objects (anchors) -----------------

SCALAR = st.one_of(
    st.none(), st.booleans(), st.integers(-10**30, 10**30),
    st.floats(allow_nan=False), st.text(max_size=30),
)
STRUCTURE = st.recursive(SCALAR, lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4), max_leaves=25)
KEY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=1, max_size=12)


def is_flat(value) -> bool:
    return not isinstance(value, dict) and (not isinstance(value, list) or not any(isinstance(v, (list, dict)) for v in value))


def same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isinf(a) and a == b)
    return a == b and type(a) is type(b)


@SETTINGS
@given(st.dictionaries(KEY_TEXT, STRUCTURE, min_size=1, max_size=6), st.booleans())
def test_structures_read_exactly_or_refused(tmp_path, meta, share):
    if share:  # the same object twice: safe_dump writes an anchor and an alias
        first = next(iter(meta))
        meta[first] = shared = [meta[first], "x"]
        meta["kedua"] = shared
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000)
    source, _, _ = run(tmp_path, f"---\n{front}---\nIsi.\n".encode())
    if share or not all(is_flat(v) for v in meta.values()):
        assert source.problems and source.meta == {}
        return
    if any("karakter kendali" in p.message for p in source.problems):  # a raw U+0085 the dumper let through
        return
    assert source.problems == [] and set(source.meta) == set(meta)
    for key, value in meta.items():
        got = source.meta[key]
        if isinstance(value, list):
            assert len(got) == len(value) and all(same(a, b) for a, b in zip(got, value, strict=True)), (key, value, got)
        else:
            assert same(got, value), (key, value, got)
    event("read exactly")
