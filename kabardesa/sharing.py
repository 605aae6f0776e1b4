"""Share links for a story: WhatsApp, Facebook, Telegram and X, with no third-party script."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode


@dataclass(frozen=True)
class ShareLinks:
    url: str  # the story's absolute URL
    whatsapp: str
    facebook: str
    telegram: str
    x: str


def share_links(title: str, absolute_url: str) -> ShareLinks:
    """Plain URLs; the template escapes them for the attribute."""
    return ShareLinks(
        url=absolute_url,
        whatsapp="https://wa.me/?" + urlencode({"text": f"{title} {absolute_url}"}, quote_via=quote),
        facebook="https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": absolute_url}, quote_via=quote),
        telegram="https://t.me/share/url?" + urlencode({"url": absolute_url, "text": title}, quote_via=quote),
        x="https://x.com/intent/post?" + urlencode({"url": absolute_url, "text": title}, quote_via=quote),
    )
