"""Point reviewers at live markup in docs/ pages: script, event handlers, ``javascript:`` URLs, embeds.

Pages under docs/ are the editors' own and are published as written (not
sanitized like stories), so a pull request that puts script there must be
seen. Each finding is a warning, ``docs/x.md:12: peringatan: …``: a page may
legitimately embed something, and the reviewer decides.

A Markdown page is converted (with the extensions a site commonly enables)
and the resulting HTML is parsed, so what is reported is what would be live:
markup shown inside code blocks is not reported, while a Markdown link to
``javascript:`` or an ``{: onclick=… }`` attribute list is. The line is then
found in the source. Front-matter (which becomes the page title) and ``.html``
files are parsed as they are, with exact lines.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator

import markdown

from .problems import Problem

DOC_SUFFIXES = (".md", ".markdown", ".html", ".htm")
MAX_BYTES = 1_000_000  # larger pages are not converted (but still scanned as raw markup)
MD_EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "admonition", "md_in_html", "def_list", "footnotes", "abbr"]
EMBED_TAGS = ("iframe", "object", "embed")
# Long bracket runs make Python-Markdown quadratic: such a page is scanned raw instead.
_PATHOLOGICAL = re.compile(r"\[{500,}")
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:-{3}|\.{3})[ \t]*\n", re.DOTALL)
_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})[^\n]*\n.*?\n(?P=fence)[ \t]*$", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"(`+).+?\1")
_MARKDOWN_JS_LINK = re.compile(r"\]\(\s*<?\s*javascript\s*:", re.IGNORECASE)
_EVENT_ATTRIBUTE = re.compile(r"on[a-z]+")
_URL_NOISE = re.compile(r"[\x00-\x20]")  # browsers ignore controls and spaces around, and tabs or newlines inside, a scheme

MESSAGES = {
    "script": "tag <script> menjalankan skrip di peramban setiap pembaca; hapus, atau pindahkan kodenya ke berkas .js "
              "di docs/assets/ yang didaftarkan di extra_javascript (mkdocs.yml) agar ditinjau terpisah",
    "embed": "tag <{name}> memuat halaman atau program lain ke dalam situs; hapus, atau pastikan sumbernya tepercaya "
             "dan disetujui editor",
    "event": "atribut {name}= menjalankan skrip saat pembaca berinteraksi atau halaman dimuat; hapus atribut itu",
    "javascript": "URL javascript: menjalankan skrip saat diklik atau dimuat; ganti dengan alamat biasa "
                  "(https://… atau tautan ke halaman .md)",
}


@dataclass(frozen=True)
class Finding:
    kind: str  # a key of MESSAGES
    name: str  # tag or attribute name (ASCII letters only), or "" for javascript:
    line: int  # in the parsed text, 1-based

    @property
    def message(self) -> str:
        return MESSAGES[self.kind].format(name=self.name)

    @property
    def needle(self) -> re.Pattern[str]:
        """How to find this finding's line in Markdown source."""
        if self.kind in ("script", "embed"):
            return re.compile(rf"<\s*{self.name}\b", re.IGNORECASE)
        if self.kind == "event":
            return re.compile(rf"\b{self.name}\s*=", re.IGNORECASE)
        return re.compile(r"javascript|&#", re.IGNORECASE)


class _LiveMarkup(HTMLParser):
    """Collects the live parts of an HTML text, with the line each starts on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag == "script":
            self.findings.append(Finding("script", tag, line))
        elif tag in EMBED_TAGS:
            self.findings.append(Finding("embed", tag, line))
        for name, value in attrs:
            if _EVENT_ATTRIBUTE.fullmatch(name):
                self.findings.append(Finding("event", name, line))
            elif value and is_javascript_url(value):
                self.findings.append(Finding("javascript", "", line))

    handle_startendtag = handle_starttag


def is_javascript_url(value: str) -> bool:
    return _URL_NOISE.sub("", value).lower().startswith("javascript:")


def live_markup(html: str) -> list[Finding]:
    parser = _LiveMarkup()
    parser.feed(html)
    parser.close()
    return parser.findings


def check_docs(root: Path, docs_dir: str = "docs") -> list[Problem]:
    """Warnings for every docs page (``.md`` and ``.html``) that holds live markup, sorted by file and line."""
    folder = root / docs_dir
    if not folder.is_dir():
        return []
    problems: list[Problem] = []
    for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in DOC_SUFFIXES and p.is_file()):
        problems += check_page(path, path.relative_to(root).as_posix())
    return problems


def check_page(path: Path, rel: str) -> list[Problem]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [Problem(rel, 1, f"halaman tidak bisa dibaca ({exc.strerror}); periksa izin berkasnya", severity="warning")]
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    if path.suffix.lower() in (".html", ".htm"):
        findings = [(f.line, f) for f in live_markup(text)]
    else:
        findings = _markdown_findings(text, len(data) > MAX_BYTES)
    unique = sorted({(line, f.kind, f.name): f for line, f in findings}.items())
    return [Problem(rel, line, f.message, severity="warning") for (line, _, _), f in unique]


def _markdown_findings(text: str, too_big: bool) -> list[tuple[int, Finding]]:
    match = _FRONT_MATTER.match(text)
    front, body = (match.group(0), text[match.end():]) if match else ("", text)
    offset = front.count("\n")
    found = [(f.line, f) for f in live_markup(front)]
    if too_big or _PATHOLOGICAL.search(body):
        found += [(f.line + offset, f) for f in live_markup(body)]
        found += [(body.count("\n", 0, m.start()) + 1 + offset, Finding("javascript", "", 0)) for m in _MARKDOWN_JS_LINK.finditer(body)]
        return found
    lines, skip = body.split("\n"), _fenced_lines(body)
    places: dict[str, Iterator[int]] = {}
    line = 0
    for finding in live_markup(markdown.markdown(body, extensions=MD_EXTENSIONS)):
        key = finding.needle.pattern  # the n-th finding of a kind is taken to be its n-th occurrence
        if key not in places:
            places[key] = iter(_occurrences(finding.needle, lines, skip))
        line = next(places[key], line)
        found.append((line + 1 + offset, finding))
    return found


def _fenced_lines(body: str) -> set[int]:
    """0-based numbers of the lines inside fenced code blocks (shown as text, never live)."""
    skip: set[int] = set()
    for m in _FENCE.finditer(body):
        first = body.count("\n", 0, m.start())
        skip.update(range(first, first + m.group(0).count("\n") + 1))
    return skip


def _occurrences(needle: re.Pattern[str], lines: list[str], skip: set[int]) -> list[int]:
    """0-based line of each match of ``needle`` outside fenced code: outside inline code first, then inside it.

    Inline code inside a raw HTML block is not code (Markdown leaves the block alone), so those matches
    still count, after the others.
    """
    live: list[int] = []
    quoted: list[int] = []
    for number, text in enumerate(lines):
        if number in skip:
            continue
        bare = len(needle.findall(_INLINE_CODE.sub("", text)))
        live += [number] * bare
        quoted += [number] * (len(needle.findall(text)) - bare)
    return live + quoted


def report(root: Path) -> int:
    """``kabardesa check --docs``: print each warning as ``path:line: peringatan: …``; return how many."""
    problems = check_docs(root)
    for problem in problems:
        print(problem.format())  # Problem.format shows control characters in file names as escapes
    if problems:
        pages = len({p.path for p in problems})
        print(f"{len(problems)} peringatan di {pages} halaman docs/: minta editor meninjaunya sebelum digabung.", file=sys.stderr)
    else:
        print("Halaman docs/: tidak ada skrip, atribut peristiwa, URL javascript: atau sematan.", file=sys.stderr)
    return len(problems)
