"""The pictures shown for a story without a photo: one drawing per activity (``assets/kegiatan/<slug>.svg``).

The package ships a drawing for each sample category and ``umum.svg`` for the
rest; a site can replace any of them with its own ``docs/assets/kegiatan/<slug>.svg``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from . import urls

FOLDER = Path(__file__).resolve().parent / "assets" / "kegiatan"
GENERAL = "umum"  # for a category without its own drawing


@cache
def _shipped() -> frozenset[str]:
    return frozenset(path.stem for path in FOLDER.glob("*.svg"))


def illustration_url(category_slug: str, docs_dir: Path | None = None) -> str:
    """The site-relative URL of the drawing for a category: its own, else the general one."""
    own = docs_dir is not None and (docs_dir / urls.category_illustration(category_slug)).is_file()
    return urls.category_illustration(category_slug if own or category_slug in _shipped() else GENERAL)
