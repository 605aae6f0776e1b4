"""clean_html: an allow-list for rendered story HTML."""

from __future__ import annotations

import pytest

from kabardesa.sanitize import clean_html

REL = ' rel="noopener noreferrer nofollow"'


@pytest.mark.parametrize(("dirty", "clean"), [
    ("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"),
    ('<p>a<SCRIPT src="https://evil.example/x.js"></SCRIPT>b</p>', "<p>ab</p>"),
    ('<iframe src="https://evil.example/"></iframe><p>t</p>', "<p>t</p>"),
    ('<object data="x.swf"><param name="a" value="b"></object><embed src="x.swf"><p>t</p>', "<p>t</p>"),
    ("<style>body{display:none}</style><p>t</p>", "<p>t</p>"),
    ('<p onclick="steal()" onmouseover=x ONLOAD="y()">t</p>', "<p>t</p>"),
    ('<img src="foto.jpg" alt="Warga" onerror="steal()">', '<img src="foto.jpg" alt="Warga">'),
    ('<p style="position:fixed">t</p>', "<p>t</p>"),
    ('<form action="https://evil.example/"><input name="nik"></form><p>t</p>', "<p>t</p>"),
    ('<svg onload="alert(1)"><circle r="1"/></svg><p>t</p>', "<p>t</p>"),
    ('<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/"><p>t</p>', "<p>t</p>"),
    ('<link rel="stylesheet" href="https://evil.example/x.css"><p>t</p>', "<p>t</p>"),
    ("<!-- catatan editor --><p>t</p>", "<p>t</p>"),
])
def test_dangerous_markup_is_removed(dirty, clean):
    assert clean_html(dirty) == clean


@pytest.mark.parametrize("href", [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "jav&#x61;script:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)",
    "  javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java&#x09;script:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
])
def test_dangerous_urls_are_dropped_from_links(href):
    assert clean_html(f'<a href="{href}">klik</a>') == f"<a{REL}>klik</a>"


@pytest.mark.parametrize("src", [
    "javascript:alert(1)",
    " jav&#x61;script:alert(1)",
    "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
    "DaTa:image/png;base64,AAAA",
    "vbscript:msgbox(1)",
])
def test_dangerous_urls_are_dropped_from_images(src):
    assert clean_html(f'<img src="{src}" alt="Foto">') == '<img alt="Foto">'


@pytest.mark.parametrize(("href"), [
    "https://gresikkab.go.id/",
    "http://example.id/berita?a=1&amp;b=2",
    "../../desa/lowayu/",
    "/berita/2025/05/ronda/",
    "ronda-lowayu.jpg",
    "#jadwal",
    "mailto:humas@example.id",
])
def test_safe_links_are_kept(href):
    assert clean_html(f'<a href="{href}">tautan</a>') == f'<a href="{href}"{REL}>tautan</a>'


def test_link_drops_target_and_style_but_keeps_href():
    assert clean_html('<a href="https://x.id/" target="_blank" style="color:red" title="Judul">x</a>') == \
        f'<a href="https://x.id/" title="Judul"{REL}>x</a>'


@pytest.mark.parametrize("html", [
    "<p>Paragraf dengan <strong>tebal</strong>, <em>miring</em> dan <b>b</b> <i>i</i>.</p>",
    '<h2 id="jadwal-ronda">Jadwal ronda</h2>',
    '<h3 id="catatan">Catatan</h3>',
    "<ul><li>satu</li><li>dua</li></ul>",
    '<ol start="3"><li>tiga</li></ol>',
    "<table><thead><tr><th>Hari</th><th>Petugas</th></tr></thead><tbody><tr><td>Senin</td><td>RT 01</td></tr></tbody></table>",
    '<img src="ronda-lowayu.jpg" alt="Warga berjaga di pos kamling">',
    '<img src="https://kabardesa.example.id/berita/2025/05/ronda/foto.jpg" alt="Foto" width="800" height="600" loading="lazy">',
    '<figure><img src="a.jpg" alt="A"><figcaption>Keterangan</figcaption></figure>',
    "<blockquote><p>Kutipan warga</p></blockquote>",
    '<div class="admonition note"><p class="admonition-title">Catatan</p><p>isi</p></div>',
    "<pre><code>kode</code></pre>",
    "<p>baris<br>baru</p><hr>",
])
def test_prose_markup_is_kept(html):
    assert clean_html(html) == html


def test_text_stays_escaped():
    assert clean_html("<p>5 &lt; 6 &amp; &quot;kutip&quot; &lt;script&gt;</p>") == '<p>5 &lt; 6 &amp; "kutip" &lt;script&gt;</p>'


def test_unclosed_tags_are_closed():
    assert clean_html("<p><strong>tebal") == "<p><strong>tebal</strong></p>"
