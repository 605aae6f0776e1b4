"""Checks on a story body before Python-Markdown converts it.

Two concerns, both run by ``kabardesa check`` and by the build's validation:

* **Limits** (:func:`limit_problems`): Python-Markdown 3.11 is quadratic or
  recursive on some input. Each limit below bounds one mechanism, measured on
  this machine with the site's extensions (toc, attr_list, admonition, tables):

  - every unmatched ``[`` makes the link patterns walk to the end of its
    paragraph (a Python loop, ~1.5 µs a character for three patterns): 2,000
    ``[`` took 0.9 s, 20,000 two minutes. The walk is summed exactly;
  - every unclosed ``<tag`` or ``<![`` makes the HTML block parser (stdlib
    ``html.parser``) scan on to the next ``>`` or end of the body, once per
    candidate: 8,000 ``<a x='`` took 17 s;
  - every backtick run makes the code-span pattern search its line again;
  - every heading, setext underline, rule or admonition line in a paragraph
    splits the rest of that paragraph anew: 8,000 ``a\\n===`` took 16 s;
  - nesting (lists, ``>`` quotes, indentation, admonitions) recurses: 400
    levels of list raise RecursionError; emphasis nested ~1,000 deep as well.

  The budgets sit well below one second of conversion and far above any real
  story. Text is scanned in linear time, and each walk stops at its budget.

* **Images and links** (:func:`media_problems`): what the build does with a
  body's ``img`` and ``a`` elements. A photo named in the body is a JPEG, PNG
  or WebP file beside the story; the build registers it (see
  :func:`local_photos`) so MkDocs resolves the link to its rendered,
  metadata-free variant. Third-party images, raw ``<img>`` tags and other
  relative links are refused with the fix.
"""

from __future__ import annotations

import posixpath
from bisect import bisect_left, bisect_right
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import markdown
from markdown.treeprocessors import Treeprocessor

from .model import story_slug
from .paths import has_link
from .photo_files import metadata_kinds, metadata_message, project_path as _project_path
from .photos import inspect_photo
from .problems import Problem
from .reader import SourceStory

# Python-Markdown extensions the site's mkdocs.yml enables; the limits were measured with these.
MARKDOWN_EXTENSIONS = ("toc", "attr_list", "admonition", "tables")
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")

MAX_NESTING = 12  # levels of list, '>' quote and 4-space indentation on one line
MAX_BRACKET_DEPTH = 20  # '[' inside '['
MAX_NESTING_TOTAL = 50_000  # those levels summed over all lines (80,000 twelve-deep quotes took 7 s)
MAX_EMPHASIS_RUNS = 200  # runs of '*' or '_' in one paragraph (each can open a nested level)
# Inline markup characters ('[', '<', '&', '`', '*', '_'): each element Markdown makes is
# re-scanned with the rest of its paragraph (20,000 '&amp;' in one took 2.3 s, 80,000 35 s).
MAX_MARKUP_PER_BLOCK = 2_000
MAX_MARKUP_TOTAL = 20_000
BRACKET_BUDGET = 300_000  # characters the link patterns walk, summed over the body (~0.5 s)
HTML_BUDGET = 2_000_000  # characters html.parser scans for tags (~0.5 s)
BACKTICK_BUDGET = 5_000_000  # characters the code-span pattern searches (~0.2 s)
SPLIT_BUDGET = 2_500_000  # characters re-split after headings and rules (~0.5 s)

PHOTO_FIX = "unggah foto ke samping cerita lalu tulis ![keterangan](nama-foto.jpg)"

MESSAGES = {
    "nesting": ("susunan bertingkat terlalu dalam ({n} tingkat daftar, kutipan '>' atau indentasi; paling banyak {limit}); "
                "kurangi tingkat daftar bertingkat dan tanda '>', dan hapus spasi berlebih di awal baris"),
    "bracket_depth": ("tanda '[' bertumpuk terlalu dalam ({n} tingkat; paling banyak {limit}); "
                      "hapus '[' yang berlebih atau tulis '\\[' untuk kurung siku biasa"),
    "brackets": ("terlalu banyak tanda '[' tanpa pasangan ']' di paragraf ini ({n} tanda '['); halaman tidak dapat diolah dengan cepat. "
                 "Tutup setiap '[' dengan ']', tulis '\\[' untuk kurung siku biasa, hapus tanda yang berlebih, atau pecah paragraf dengan baris kosong"),
    "html": ("terlalu banyak tag HTML yang tidak ditutup ('<' tanpa '>', {n} tanda '<'); halaman tidak dapat diolah dengan cepat. "
             "Tutup setiap tag dengan '>', tulis '&lt;' untuk tanda kurang-dari, atau hapus tanda yang berlebih"),
    "backticks": ("terlalu banyak tanda '`' tanpa pasangan di baris ini ({n} tanda); halaman tidak dapat diolah dengan cepat. "
                  "Pasangkan setiap '`', tulis '\\`', atau hapus tanda yang berlebih"),
    "splits": ("terlalu banyak judul atau garis ('#', '===', '---', '!!!') tanpa baris kosong di antaranya ({n} baris); "
               "beri baris kosong sebelum dan sesudah setiap judul"),
    "nesting_total": ("terlalu banyak baris bertingkat (daftar, kutipan '>', indentasi: {n} tingkat seluruhnya; paling banyak {limit}); "
                      "kurangi daftar bertingkat dan tanda '>'"),
    "markup": ("terlalu banyak tanda Markdown/HTML ('[', '<', '&', '`', '*', '_') di {where} ({n}; paling banyak {limit}); "
               "halaman tidak dapat diolah dengan cepat. Hapus tanda yang berlebih atau pecah paragraf dengan baris kosong"),
    "emphasis": ("terlalu banyak tanda '*' atau '_' di paragraf ini ({n}; paling banyak {limit}); "
                 "kurangi huruf tebal/miring bertingkat atau tulis '\\*' dan '\\_'"),
}


@dataclass(frozen=True)
class _Block:
    """A paragraph: lines between blank lines, as Python-Markdown splits them."""

    line: int  # 0-based line within the body
    text: str


def _blocks(body: str) -> list[_Block]:
    blocks: list[_Block] = []
    lines: list[str] = []
    for number, line in enumerate(body.split("\n")):
        if line.strip(" \t"):
            lines.append(line)
            continue
        if lines:
            blocks.append(_Block(number - len(lines), "\n".join(lines)))
            lines = []
    if lines:
        blocks.append(_Block(body.count("\n") + 1 - len(lines), "\n".join(lines)))
    return blocks


# -- limits --------------------------------------------------------------------------

Finding = tuple[int, str]  # (0-based line within the body, message)


def _message(rule: str, **values: int | str) -> str:
    return MESSAGES[rule].format(**values)


def limit_problems(body: str) -> list[Finding]:
    """Every limit the body breaks (at most one finding a rule), in linear time."""
    blocks = _blocks(body)
    found = [_nesting(body)]
    found += _bracket_limits(blocks)
    found += [_markup(blocks), _html(body), _backticks(blocks), _splits(blocks), _emphasis(blocks)]
    return [f for f in found if f is not None]


def within_limits(body: str) -> bool:
    """Whether Python-Markdown may convert ``body`` (for callers that convert fragments)."""
    return not limit_problems(body)


_MARKER = re.compile(r"(?:>|[-+*](?=[ \t]|$)|\d{1,9}\.(?=[ \t]|$))")


def _line_depth(line: str) -> int:
    depth = column = pos = 0
    while pos < len(line):
        char = line[pos]
        if char == " ":
            column += 1
        elif char == "\t":
            column += 4 - column % 4
        else:
            marker = _MARKER.match(line, pos)
            if marker is None:
                break
            depth += 1
            pos = marker.end() + (line[marker.end():marker.end() + 1] in (" ", "\t"))  # its blank belongs to it
            continue
        pos += 1
    return depth + column // 4


def _nesting(body: str) -> Finding | None:
    total = 0
    for number, line in enumerate(body.split("\n")):
        if line[:1] in (" ", "\t", ">", "-", "+", "*") or line[:1].isdigit():
            depth = _line_depth(line)
            if depth > MAX_NESTING:
                return number, _message("nesting", n=depth, limit=MAX_NESTING)
            total += depth
            if total > MAX_NESTING_TOTAL:
                return number, _message("nesting_total", n=total, limit=MAX_NESTING_TOTAL)
    return None


_MARKUP_CHARS = "[<&`*_"


def _markup(blocks: list[_Block]) -> Finding | None:
    total = 0
    for block in blocks:
        count = sum(block.text.count(char) for char in _MARKUP_CHARS)
        if count > MAX_MARKUP_PER_BLOCK:
            return block.line, _message("markup", where="paragraf ini", n=count, limit=MAX_MARKUP_PER_BLOCK)
        total += count
        if total > MAX_MARKUP_TOTAL:
            return block.line, _message("markup", where="cerita ini", n=total, limit=MAX_MARKUP_TOTAL)
    return None


_ESCAPE_OR = {chars: re.compile(r"\\.|[" + re.escape(chars) + "]", re.DOTALL) for chars in ("[]()\"'",)}


def _unescaped(text: str, chars: str) -> list[tuple[int, str]]:
    """Positions of ``chars`` in ``text`` that no backslash escapes."""
    pattern = _ESCAPE_OR[chars]
    return [(m.start(), m.group()) for m in pattern.finditer(text) if m.group()[0] != "\\"]


def _matches(marks: list[tuple[int, str]], opener: str, closer: str) -> dict[int, int]:
    """Each opener's matching closer, as bracket counting finds it."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for pos, char in marks:
        if char == opener:
            stack.append(pos)
        elif char == closer and stack:
            pairs[stack.pop()] = pos
    return pairs


def _depth(pairs: dict[int, int]) -> int:
    """How deep matched pairs nest."""
    events = sorted([(p, 1) for p in pairs] + [(p, -1) for p in pairs.values()])
    depth = deepest = 0
    for _, step in events:
        depth += step
        deepest = max(deepest, depth)
    return deepest


def _walk(text: str) -> tuple[int, int, int]:
    """What the link patterns walk in one paragraph: (characters, '[' count, deepest nesting).

    From each '[' to its ']' (or the paragraph's end); from each '](' to its ')'
    (or the end, when a quote opens a title in between).
    """
    marks = _unescaped(text, "[]()\"'")
    brackets = [(p, c) for p, c in marks if c in "[]"]
    pairs = _matches(brackets, "[", "]")
    parens = _matches([(p, c) for p, c in marks if c in "()"], "(", ")")
    quotes = [p for p, c in marks if c in "\"'"]
    cost = 0
    for pos, char in brackets:
        if char != "[":
            continue
        close = pairs.get(pos)
        cost += (close if close is not None else len(text)) - pos
        if close is not None and text.startswith("(", close + 1):
            end = parens.get(close + 1)
            if end is None or bisect_right(quotes, close) < bisect_left(quotes, end):  # a title's quote: walks on
                end = len(text)
            cost += end - close
    return cost, sum(1 for _, c in brackets if c == "["), _depth(pairs)


def _bracket_limits(blocks: list[_Block]) -> list[Finding]:
    total, worst, deep = 0, (0, 0, 0), None
    for block in blocks:
        if "[" not in block.text:
            continue
        cost, count, deepest = _walk(block.text)
        if deepest > MAX_BRACKET_DEPTH and deep is None:
            deep = (block.line, _message("bracket_depth", n=deepest, limit=MAX_BRACKET_DEPTH))
        total += cost
        worst = max(worst, (cost, block.line, count))
    if total > BRACKET_BUDGET:
        return [(worst[1], _message("brackets", n=worst[2]))]
    return [deep] if deep else []


_TAG_START = re.compile(r"<(?:[A-Za-z]|/|!|\?)")
_TAG_STOP = re.compile(r"[>\"']")
_DECLARATION_END = {"<!--": "-->", "<![": "]]>"}
MAX_TAG_QUOTES = 16


def _tag_end(text: str, pos: int) -> int:
    """Where html.parser stops scanning a tag begun at ``pos`` (quotes hide '>'); len(text) if never.

    After MAX_TAG_QUOTES quoted values the tag is taken to run to the end: no real tag has that many.
    """
    for opener, closer in _DECLARATION_END.items():
        if text.startswith(opener, pos):
            end = text.find(closer, pos + len(opener))
            return len(text) if end < 0 else end
    scan = pos + 1
    for _ in range(MAX_TAG_QUOTES):
        stop = _TAG_STOP.search(text, scan)
        if stop is None:
            break
        if stop.group() == ">":
            return stop.start()
        close = text.find(stop.group(), stop.end())
        if close < 0:
            break
        scan = close + 1
    return len(text)


def _html(body: str) -> Finding | None:
    cost = count = 0
    for start in _TAG_START.finditer(body):
        count += 1
        cost += _tag_end(body, start.start()) - start.start()
        if cost > HTML_BUDGET:
            return body.count("\n", 0, start.start()), _message("html", n=body.count("<"))
    return None


_BACKTICKS = re.compile(r"`+")


def _backticks(blocks: list[_Block]) -> Finding | None:
    cost = 0
    for block in blocks:
        if "`" not in block.text:
            continue
        for offset, line in enumerate(block.text.split("\n")):
            for run in _BACKTICKS.finditer(line):
                cost += len(run.group()) * (len(line) - run.start())
            if cost > BACKTICK_BUDGET:
                return block.line + offset, _message("backticks", n=line.count("`"))
    return None


_SPLITTER = re.compile(r" {0,3}(?:#{1,6}(?:[ \t]|$)|=+[ \t]*$|-+[ \t]*$|([*_])(?:[ \t]*\1){2,}[ \t]*$|!!!|\?\?\?)")


def _splits(blocks: list[_Block]) -> Finding | None:
    cost = 0
    for block in blocks:
        if "\n" not in block.text:
            continue
        lines = block.text.split("\n")
        remaining = len(block.text)
        splitters = 0
        for line in lines:
            if _SPLITTER.match(line):
                splitters += 1
                cost += remaining
            remaining -= len(line) + 1
        if cost > SPLIT_BUDGET:
            return block.line, _message("splits", n=splitters)
    return None


_EMPHASIS = re.compile(r"[*_]+")


def _emphasis(blocks: list[_Block]) -> Finding | None:
    for block in blocks:
        if block.text.count("*") + block.text.count("_") <= MAX_EMPHASIS_RUNS:
            continue  # fewer characters than the limit allows runs
        runs = sum(1 for m in _EMPHASIS.finditer(block.text) if not _is_list_marker(block.text, m))
        if runs > MAX_EMPHASIS_RUNS:
            return block.line, _message("emphasis", n=runs, limit=MAX_EMPHASIS_RUNS)
    return None


def _is_list_marker(text: str, run: re.Match[str]) -> bool:
    start = run.start()
    line_start = text.rfind("\n", 0, start) + 1
    return run.group() == "*" and not text[line_start:start].strip(" \t>") and text[run.end():run.end() + 1] in (" ", "\t")


# -- images and links -------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """An image source or link target in a converted body."""

    tag: str  # "img" or "a"
    url: str
    alt: str = ""
    raw: bool = False  # written as HTML: MkDocs neither checks nor rewrites it


class _Collect(Treeprocessor):
    """Collects what MkDocs' link validator sees: the ``a`` and ``img`` elements Markdown made."""

    found: list[Reference]

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            if element.tag == "img" and element.get("src") is not None:
                self.found.append(Reference("img", element.get("src", ""), element.get("alt", "")))
            elif element.tag == "a" and element.get("href") is not None:
                self.found.append(Reference("a", element.get("href", "")))


class _RawTags(HTMLParser):
    """``img src`` and ``a href`` in raw HTML (stashed by Markdown, left alone by MkDocs)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Reference] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        key = {"img": "src", "a": "href"}.get(tag)
        values = dict(attrs)
        if key and values.get(key) is not None:
            self.found.append(Reference(tag, values[key] or "", values.get("alt") or "", raw=True))


_MEDIA_HINT = re.compile(r"\]\s*[(\[]|\]:|<\s*(?:img|a)\b", re.IGNORECASE)
_converter: tuple[markdown.Markdown, _Collect] | None = None


def _markdown() -> tuple[markdown.Markdown, _Collect]:
    global _converter
    if _converter is None:
        md = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS))
        collect = _Collect(md)
        md.treeprocessors.register(collect, "kd_collect", 0)  # where MkDocs validates links
        _converter = md, collect
    return _converter


def references(body: str) -> list[Reference]:
    """Images and links of a body that passed :func:`limit_problems`, as the build sees them."""
    if not _MEDIA_HINT.search(body):
        return []  # no link or image syntax: nothing to convert (most stories)
    md, collect = _markdown()
    collect.found = []
    md.reset()
    md.convert(body)
    raw = _RawTags()
    for chunk in md.htmlStash.rawHtmlBlocks:
        raw.feed(str(chunk))
    raw.close()
    return collect.found + raw.found


# Schemes a browser fetches from another host (an image there tells it who reads the story).
FETCHING_SCHEMES = frozenset({"http", "https", "ftp", "ftps", "ws", "wss", "file"})
_URL_NOISE = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL


def _browser_url(url: str) -> str:
    """The URL as a browser reads it: no tabs or newlines, no leading or trailing blanks and C0 controls."""
    return _URL_NOISE.sub("", url).strip("".join(map(chr, range(33))))


def is_third_party(url: str) -> bool:
    """Whether a browser would fetch ``url`` from another host: ``https://…``, ``//host``, ``\\\\host``, ``/\\host``."""
    url = _browser_url(url)
    parts = urlsplit(url)
    if parts.netloc or parts.scheme in FETCHING_SCHEMES:
        return True
    return url[:2].replace("\\", "/") == "//"


def _local_path(url: str) -> str | None:
    """The relative file path a URL names, as MkDocs resolves it; None when it is not relative."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("/", "\\")) or not parts.path:
        return None
    return unquote(parts.path)


def _is_photo_name(path: str) -> bool:
    return PurePosixPath(path).suffix.lower() in PHOTO_SUFFIXES


def local_photos(body: str, page_src_uri: str) -> list[tuple[str, str]]:
    """``(src_uri MkDocs resolves, path beside the story)`` for each photo the body shows or links.

    Only for a body that passed :func:`check_body`: the build registers these
    so that MkDocs finds them and links their rendered variant.
    """
    found: dict[str, str] = {}
    for ref in references(body):
        path = None if ref.raw else _local_path(ref.url)
        if path is not None and _is_photo_name(path):
            uri = posixpath.normpath(posixpath.join(posixpath.dirname(page_src_uri), path))
            found.setdefault(uri, path)
    return list(found.items())


def photo_base_url(src_uri: str) -> str:
    """``berita/2025/05/foto.jpg`` → ``berita/2025/05/foto-jpg``: variants are ``…-960.jpg`` (no clash with foto.png)."""
    stem, suffix = posixpath.splitext(src_uri)
    return f"{stem}-{suffix.lstrip('.').lower()}"


class _MediaChecker:
    def __init__(self, source: SourceStory, stories_root: Path):
        self.src = source
        self.folder = source.path.parent
        self.stories_root = stories_root
        self.found: list[Finding] = []

    def line_of(self, url: str) -> int:
        pos = self.src.body.find(url) if url else -1
        return self.src.body.count("\n", 0, pos) if pos >= 0 else 0

    def error(self, url: str, message: str) -> None:
        self.found.append((self.line_of(url), message))

    def run(self) -> list[Finding]:
        for ref in references(self.src.body):
            if ref.tag == "img":
                self.image(ref)
            else:
                self.link(ref)
        return self.found

    def image(self, ref: Reference) -> None:
        if is_third_party(ref.url):
            self.error(ref.url, f"foto dari alamat luar '{ref.url}' tidak diizinkan: setiap pembaca akan memanggil situs lain "
                                f"(bisa dipakai untuk melacak pembaca); {PHOTO_FIX}")
            return
        path = _local_path(ref.url)
        if path is None:  # javascript:, data: (dropped by the sanitizer); a site path such as /assets/…
            if ref.url.startswith(("/", "\\")):
                self.error(ref.url, f"foto '{ref.url}' harus berkas di samping cerita; {PHOTO_FIX}")
        elif ref.raw:  # MkDocs leaves raw HTML alone: a photo named there would not be found
            if _is_photo_name(path):
                self.error(ref.url, f"tag <img> ditulis langsung ('{ref.url}') dan fotonya tidak akan tampil; hapus tag itu "
                                    f"lalu tulis ![keterangan]({ref.url}) dengan foto di samping cerita")
        elif self.photo(ref.url, path) and not ref.alt.strip():
            self.error(ref.url, f"foto '{ref.url}' belum punya keterangan untuk pembaca tunanetra; "
                                f"tulis apa yang terlihat di antara kurung siku: ![keterangan]({ref.url})")

    def link(self, ref: Reference) -> None:
        """A relative link to a file: MkDocs resolves it against berita/YYYY/MM/ and fails the strict build."""
        path = _local_path(ref.url)
        if path is None or not PurePosixPath(path).suffix:
            return  # a web address, a site path (/berita/…/), an anchor, or a folder-like path MkDocs leaves as is
        if _is_photo_name(path) and not ref.raw:
            self.photo(ref.url, path)
            return
        if ref.raw and not path.endswith((".md", ".markdown")):
            return  # MkDocs leaves raw HTML alone
        self.error(ref.url, f"tautan '{ref.url}' menunjuk berkas relatif; di situs, cerita tinggal di alamat lain sehingga "
                            f"tautan ini putus. Tautkan alamat berita lengkap, misalnya [teks]({self.suggest(path)})")

    def suggest(self, path: str) -> str:
        target = self.folder / path
        if target.suffix in (".md", ".markdown") and target.is_file() and target.resolve().is_relative_to(self.stories_root):
            folder = target.resolve().parent.relative_to(self.stories_root).as_posix()
            if re.fullmatch(r"\d{4}/\d{2}", folder):
                return f"/berita/{folder}/{story_slug(target)}/"
        return "/berita/TAHUN/BULAN/judul-berita/"

    def photo(self, url: str, path: str) -> bool:
        """Whether the photo a body names can be used; reports why not."""
        posix = PurePosixPath(path.replace("\\", "/"))
        if ".." in posix.parts or re.match(r"^[A-Za-z]:", path):
            self.error(url, f"foto '{url}' harus berkas di samping cerita (tanpa '..'); {PHOTO_FIX}")
            return False
        if not _is_photo_name(path):
            self.error(url, f"foto '{url}' harus berformat JPG, PNG atau WebP")
            return False
        target = self.folder / posix
        if has_link(self.folder, posix) and not target.resolve().is_relative_to(self.stories_root):
            self.error(url, f"foto '{url}' menunjuk ke luar folder stories/; salin fotonya ke samping cerita lalu tulis ![keterangan]({posix.name})")
            return False
        if not target.is_file():
            self.error(url, f"berkas foto '{url}' tidak ditemukan di samping cerita; {PHOTO_FIX}")
            return False
        for message in inspect_photo(target):
            self.error(url, message)
        kinds = metadata_kinds(target)
        if kinds:
            self.error(url, metadata_message(target.name, _project_path(target, self.stories_root), kinds))
        return True


def media_problems(source: SourceStory, stories_root: Path) -> list[Finding]:
    return _MediaChecker(source, stories_root).run()


def check_body(source: SourceStory, stories_root: Path) -> list[Problem]:
    """Every problem of the body: limits first; images and links only in a body within them."""
    found = limit_problems(source.body)
    if not found:
        try:
            found = media_problems(source, stories_root)
        except RecursionError:  # the limits should make this unreachable; never a traceback
            found = [(0, _message("nesting", n=MAX_NESTING + 1, limit=MAX_NESTING))]
    first = first_body_line(source)
    return [Problem(source.rel_path, first + line, message, "body") for line, message in found]


def first_body_line(source: SourceStory) -> int:
    """File line of the body's first line: the body is the tail of the file text."""
    if source.body and source.text.endswith(source.body):
        return source.text.count("\n", 0, len(source.text) - len(source.body)) + 1
    return source.body_line
