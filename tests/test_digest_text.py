"""Digests as text: WhatsApp (at most 4,000 characters) and Markdown."""

from __future__ import annotations

import re

import markdown
import pytest

from kabardesa.digest_text import markdown_text, whatsapp_text
from kabardesa.digests import build_digests
from kabardesa.index import build_index
from kabardesa.settings import DEFAULTS

SITE_URL = "https://kabardesa.example.id/"
SITE_NAME = "Kabar Desa Polres Gresik"
STORY_LINK = re.compile(r"^  (https://kabardesa\.example\.id/berita/2025/05/[a-z0-9-]+/)$", re.MULTILINE)


def _meta(valid_meta, **changes):
    meta = dict(valid_meta, **changes)
    return {k: v for k, v in meta.items() if v is not None}


def _digest(catalog, key="2025-W21"):
    assert [p for p in catalog.problems if p.severity != "advice"] == []  # advice: an officer outside their villages
    digests = {d.period.key: d for d in build_digests(build_index(catalog.published()), catalog.registry)}
    return digests[key]


@pytest.fixture
def small(project, valid_meta):
    project.write("2025-05-23-ronda.md", _meta(valid_meta, summary="Ronda bergilir hidup lagi."))
    project.write("2025-05-21-arahan.md", _meta(valid_meta, title="Arahan Kapolres", date="2025-05-21 08:00", village=None,
                                                 category="arahan-pimpinan", summary="Arahan untuk semua."))
    project.write("2025-05-22-sukorame.md", _meta(valid_meta, title="DDS di Sukorame", date="2025-05-22 09:00", village="sukorame",
                                                   officer="bripka-contoh-enam", category="dds", summary="Kunjungan rumah."))
    project.write("2025-05-20-dua.md", _meta(valid_meta, title="Sambang Sawo dan Bangeran", date="2025-05-20 10:00",
                                              village=["sawo", "bangeran"], category="sambang", summary="Dua desa."))
    return _digest(project.catalog())


# --- WhatsApp ---------------------------------------------------------------------------------


def test_whatsapp_small_digest_in_full(small):
    assert whatsapp_text(small, SITE_URL, SITE_NAME) == (
        "*Buletin Mingguan, 19–25 Mei 2025*\n"
        "Kabar Desa Polres Gresik\n"
        "\n"
        "4 cerita · 4 desa/kelurahan · 2 petugas\n"
        "\n"
        "*Seluruh wilayah Polres Gresik*\n"
        "• Arahan Kapolres (Seluruh wilayah Polres)\n"
        "  https://kabardesa.example.id/berita/2025/05/arahan/\n"
        "\n"
        "*Polsek Kota Gresik*\n"
        "• DDS di Sukorame (Sukorame)\n"
        "  https://kabardesa.example.id/berita/2025/05/sukorame/\n"
        "\n"
        "*Polsek Dukun*\n"
        "• Pos Kamling Lowayu Kembali Ramai (Lowayu)\n"
        "  https://kabardesa.example.id/berita/2025/05/ronda/\n"
        "• Sambang Sawo dan Bangeran (Sawo, Bangeran)\n"
        "  https://kabardesa.example.id/berita/2025/05/dua/\n"
        "\n"
        "Selengkapnya:\n"
        "https://kabardesa.example.id/buletin/2025/minggu-21/\n"
    )


def test_whatsapp_site_url_without_trailing_slash(small):
    text = whatsapp_text(small, "https://kabardesa.example.id", SITE_NAME)
    assert "  https://kabardesa.example.id/berita/2025/05/ronda/\n" in text
    assert text.endswith("\nhttps://kabardesa.example.id/buletin/2025/minggu-21/\n")


def test_whatsapp_monthly_title(small, project):
    month = _digest(project.catalog(), "2025-05")
    assert whatsapp_text(month, SITE_URL, SITE_NAME).splitlines()[0] == "*Buletin Bulanan, Mei 2025*"


def test_whatsapp_small_limit_truncates(small):
    text = whatsapp_text(small, SITE_URL, SITE_NAME, limit=350)
    assert len(text) <= 350
    assert text == (
        "*Buletin Mingguan, 19–25 Mei 2025*\n"
        "Kabar Desa Polres Gresik\n"
        "\n"
        "4 cerita · 4 desa/kelurahan · 2 petugas\n"
        "\n"
        "*Polsek Dukun*\n"
        "• Pos Kamling Lowayu Kembali Ramai (Lowayu)\n"
        "  https://kabardesa.example.id/berita/2025/05/ronda/\n"
        "\n"
        "…dan 3 cerita lain. Selengkapnya:\n"
        "https://kabardesa.example.id/buletin/2025/minggu-21/\n"
    )


def _many(project, valid_meta, registry, polsek_slugs, total=120, polres_wide=0):
    """``total`` stories with 120-character titles in week 21, round-robin over the Polsek's villages."""
    villages = {slug: registry.villages_of(registry.polsek[slug]) for slug in polsek_slugs}
    for n in range(total):
        day = 19 + n % 7
        when = f"2025-05-{day} {6 + n % 14:02d}:{n % 60:02d}"
        if n < polres_wide:
            meta = _meta(valid_meta, village=None, category="arahan-pimpinan")
            place = "seluruh wilayah"
        else:
            slug = polsek_slugs[n % len(polsek_slugs)]
            village = villages[slug][(n // len(polsek_slugs)) % len(villages[slug])]
            meta = _meta(valid_meta, village=village.code)  # the code: never ambiguous
            place = village.name
        title = f"Cerita {n:03d}: Bhabinkamtibmas sambang warga, ronda malam dan tiga pilar di {place} bersama tokoh masyarakat setempat"
        title = title[:120].rstrip().ljust(120, "x")
        meta["title"] = title
        meta["date"] = when
        project.write(f"2025-05-{day}-kabar-panjang-dari-desa-nomor-{n:03d}.md", meta)
    return _digest(project.catalog())


def _check_truncated(digest, text):
    assert len(text) <= DEFAULTS.whatsapp_limit
    shown = STORY_LINK.findall(text)
    assert len(shown) == len(set(shown)) > 0
    bullets = [line for line in text.splitlines() if line.startswith("• ")]
    assert len(bullets) == len(shown)
    rest = digest.stats.stories - len(shown)
    assert rest > 0
    assert text.endswith(f"…dan {rest} cerita lain. Selengkapnya:\nhttps://kabardesa.example.id/buletin/2025/minggu-21/\n")
    by_url = {SITE_URL + s.url: s for s in digest.stories}
    for line, url in zip(bullets, shown):
        # A cut digest shortens titles to about 60 characters, at a word, with an ellipsis.
        title = line[2:].rsplit(" (", 1)[0]
        assert len(title) <= 61 and title.endswith("…")
        assert by_url[url].title.startswith(title[:-1])
    return {by_url[url] for url in shown}


def test_whatsapp_many_stories_fits_and_covers_every_polsek(project, valid_meta, registry):
    polsek = ["dukun", "panceng", "kota-gresik", "kebomas", "cerme", "bungah"]
    digest = _many(project, valid_meta, registry, polsek, polres_wide=5)
    assert digest.stats.stories == 120
    assert all(len(s.title) == 120 for s in digest.stories)
    text = whatsapp_text(digest, SITE_URL, SITE_NAME)
    shown = _check_truncated(digest, text)
    assert text.startswith("*Buletin Mingguan, 19–25 Mei 2025*\nKabar Desa Polres Gresik\n\n120 cerita · ")
    present = {s.polsek[0].slug if s.polsek else "" for s in digest.stories}
    assert present == {"", *polsek}
    assert {s.polsek[0].slug if s.polsek else "" for s in shown} == present
    for group in digest.groups:
        assert f"*{group.label}*" in text


# --- Markdown ---------------------------------------------------------------------------------


def test_markdown_small_digest(small):
    assert markdown_text(small, SITE_URL, SITE_NAME) == (
        "# Buletin Mingguan, 19–25 Mei 2025\n"
        "\n"
        "Kabar Desa Polres Gresik\n"
        "\n"
        "- Cerita: 4\n"
        "- Desa/kelurahan: 4\n"
        "- Petugas aktif: 2\n"
        "\n"
        "## Seluruh wilayah Polres Gresik\n"
        "\n"
        f"### {small.groups[0].villages[0].label}\n"
        "\n"
        "- [Arahan Kapolres](https://kabardesa.example.id/berita/2025/05/arahan/) — Rabu, 21 Mei 2025, Arahan Pimpinan\n"
        "  Arahan untuk semua.\n"
        "\n"
        "## Polsek Kota Gresik\n"
        "\n"
        "### Kelurahan Sukorame\n"
        "\n"
        "- [DDS di Sukorame](https://kabardesa.example.id/berita/2025/05/sukorame/) — Kamis, 22 Mei 2025, DDS (Door to Door System)\n"
        "  Kunjungan rumah.\n"
        "\n"
        "## Polsek Dukun\n"
        "\n"
        "### Desa Lowayu\n"
        "\n"
        "- [Pos Kamling Lowayu Kembali Ramai](https://kabardesa.example.id/berita/2025/05/ronda/) — Jumat, 23 Mei 2025, Siskamling\n"
        "  Ronda bergilir hidup lagi.\n"
        "\n"
        "### Desa Sawo\n"
        "\n"
        "- [Sambang Sawo dan Bangeran](https://kabardesa.example.id/berita/2025/05/dua/) — Selasa, 20 Mei 2025, Sambang\n"
        "  Dua desa.\n"
        "\n"
        "Selengkapnya: https://kabardesa.example.id/buletin/2025/minggu-21/\n"
    )


SPECIAL_TITLE = r"Ronda *malam* _RT_ [05](x) #1 `kode` a|b <b>tebal</b> \ akhir"
SPECIAL_SUMMARY = "Warga **berjaga** di [pos](javascript:alert(1)) <script>x</script>"


def test_markdown_escapes_special_characters(project, valid_meta):
    project.write("2025-05-23-nakal.md", _meta(valid_meta, title=SPECIAL_TITLE, summary=SPECIAL_SUMMARY))
    digest = _digest(project.catalog())
    text = markdown_text(digest, SITE_URL, SITE_NAME)
    item = next(line for line in text.splitlines() if line.startswith("- ["))
    assert item == (
        r"- [Ronda \*malam\* \_RT\_ \[05\](x) \#1 \`kode\` a\|b \<b\>tebal\</b\> \\ akhir]"
        "(https://kabardesa.example.id/berita/2025/05/nakal/) — Jumat, 23 Mei 2025, Siskamling"
    )
    assert r"  Warga \*\*berjaga\*\* di \[pos\](javascript:alert(1)) \<script\>x\</script\>" in text.splitlines()


def test_markdown_escaped_title_renders_as_one_plain_link(project, valid_meta):
    title = r"Ronda *malam* _RT_ [05](x) #1 `kode` \ akhir"
    project.write("2025-05-23-nakal.md", _meta(valid_meta, title=title, summary="Warga **berjaga** di [pos](javascript:alert(1))"))
    html = markdown.markdown(markdown_text(_digest(project.catalog()), SITE_URL, SITE_NAME))
    for tag in ("<em>", "<strong>", "<code>", 'href="javascript:'):
        assert tag not in html
    links = re.findall(r'<a href="([^"]*)">(.*?)</a>', html)
    assert links == [("https://kabardesa.example.id/berita/2025/05/nakal/", title)]
