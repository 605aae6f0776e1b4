from urllib.parse import parse_qs, urlsplit

from kabardesa.sharing import share_links

URL = "https://kabardesa.example.id/berita/2026/08/ronda-lowayu/"
TITLE = 'Ronda & "Siskamling" di Lowayu #1'


def query(link: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(link).query)


def test_each_network_gets_the_story_url_and_title_encoded():
    links = share_links(TITLE, URL)
    assert links.url == URL
    assert query(links.whatsapp) == {"text": [f"{TITLE} {URL}"]}
    assert query(links.facebook) == {"u": [URL]}
    assert query(links.telegram) == {"url": [URL], "text": [TITLE]}
    assert query(links.x) == {"url": [URL], "text": [TITLE]}
    assert urlsplit(links.whatsapp).netloc == "wa.me" and urlsplit(links.x).netloc == "x.com"


def test_special_characters_cannot_break_out_of_the_query():
    links = share_links("a&b=c #d", URL)
    assert "&b=" not in links.telegram and "#d" not in links.telegram
    assert " " not in links.whatsapp
