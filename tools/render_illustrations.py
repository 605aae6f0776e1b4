"""Render the activity drawings (kabardesa/assets/kegiatan/*.svg) to the PNGs the share pictures use.

Pillow cannot read SVG, so the share picture of a story without a photo
(kabardesa/share_image.py) draws on a PNG made from the same drawing. Run after
changing a drawing, with Debian's Chromium: ``.venv/bin/python tools/render_illustrations.py``.
The PNGs are committed (kabardesa/share_backgrounds/); the site never serves them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PACKAGE = Path(__file__).resolve().parents[1] / "kabardesa"
SOURCE = PACKAGE / "assets" / "kegiatan"
TARGET = PACKAGE / "share_backgrounds"
WIDTH, HEIGHT = 1200, 900  # the drawings are 4:3; the share picture crops them to 1,200×630


def main() -> int:
    TARGET.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        for svg in sorted(SOURCE.glob("*.svg")):
            markup = svg.read_text(encoding="utf-8")
            page.set_content(f'<style>html,body{{margin:0}}svg{{display:block;width:{WIDTH}px;height:{HEIGHT}px}}</style>{markup}')
            page.screenshot(path=str(TARGET / f"{svg.stem}.png"))
        browser.close()
    for png in sorted(TARGET.glob("*.png")):
        from PIL import Image

        with Image.open(png) as image:
            image.convert("P", palette=Image.Palette.ADAPTIVE, colors=128).save(png, optimize=True)
        print(f"{png.relative_to(PACKAGE.parent)}: {png.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
