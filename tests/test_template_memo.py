"""kabardesa.template_memo: a block is reused only where its relative links come out the same."""

from __future__ import annotations

from types import SimpleNamespace

from jinja2 import DictLoader, Environment

from kabardesa.template_memo import COMPILED, SamePages


def _render_counter():
    calls: list[str] = []

    def caller_for(label: str):
        def caller() -> str:
            calls.append(label)
            return f"<nav {label}>"
        return caller
    return calls, caller_for


def test_pages_alike_in_depth_and_leading_folders_share_the_block():
    same = SamePages(["", "berita/", "buletin/", "panduan/menulis/"])  # deepest page in the nav: two folders
    calls, caller = _render_counter()
    story = lambda url: SimpleNamespace(url=url)  # noqa: E731
    first = same("tabs", story("berita/2026/03/ronda/"), caller("a"))
    assert same("tabs", story("berita/2026/04/sambang/"), caller("b")) == first  # same depth, same two folders
    assert same("tabs", story("berita/2025/04/sambang/"), caller("c")) == "<nav c>"  # another year: links may differ
    assert same("tabs", story("buletin/2026/03/dukun/"), caller("d")) == "<nav d>"  # same depth, other folder
    assert same("site_nav", story("berita/2026/03/ronda/"), caller("e")) == "<nav e>"  # another block
    assert same("tabs", story("berita/2026/03/x.html"), caller("f")) == "<nav f>"  # x.html sits one folder up
    assert calls == ["a", "c", "d", "e", "f"]


def test_a_page_without_an_address_is_always_rendered():
    same = SamePages([])
    calls, caller = _render_counter()
    same("config", None, caller("a"))
    same("config", None, caller("b"))
    assert calls == ["a", "b"]


def test_templates_are_compiled_once_and_again_when_edited():
    sources = {"t.html": "Halo {{ nama }}"}
    compiled: list[str] = []

    class Counting(Environment):
        def _compile(self, source, filename):  # type: ignore[no-untyped-def]
            compiled.append(filename)
            return super()._compile(source, filename)

    def fresh_env() -> Environment:  # MkDocs makes a new environment every rebuild
        return Counting(loader=DictLoader(sources), bytecode_cache=COMPILED)

    assert fresh_env().get_template("t.html").render(nama="Lowayu") == "Halo Lowayu"
    assert fresh_env().get_template("t.html").render(nama="Sawo") == "Halo Sawo"
    assert len(compiled) == 1
    sources["t.html"] = "Selamat datang, {{ nama }}"
    assert fresh_env().get_template("t.html").render(nama="Sawo") == "Selamat datang, Sawo"
    assert len(compiled) == 2
