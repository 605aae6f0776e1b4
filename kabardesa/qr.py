"""QR codes for the printed sheets: inline SVG made at build time with segno (pure Python)."""

from __future__ import annotations

from functools import lru_cache
from html import escape

import segno

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


@lru_cache(maxsize=512)  # a preview rebuild draws the same month codes again
def qr_svg(payload: str, label: str) -> str:
    """An ``<svg>`` element that encodes ``payload`` (a URL), named ``label`` for screen readers.

    The markup is segno's (a single path, no text); ``label`` is escaped here. A regular
    QR code (never a Micro QR, which phone cameras rarely read), error correction M or better.
    """
    code = segno.make_qr(payload, error="m", boost_error=True)
    svg = code.svg_inline(scale=1, border=QUIET_ZONE, omitsize=True, svgclass="kd-qr__code", lineclass=None)
    assert svg.startswith("<svg "), svg[:20]
    return f'<svg role="img" aria-label="{escape(label, quote=True)}" ' + svg.removeprefix("<svg ")
