"""Lighthouse (mobile) on the five pages a resident opens first: accessibility, best practices and SEO
at 100, over a server that compresses like GitHub Pages. Performance is noisy on shared machines:
``make bench-web`` reports it (median of three runs), no test asserts it.

The run also saves 360 px screenshots of those pages in ``test-artifacts/screenshots/`` for review.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import lighthouse
from browser_support import PHONE, REPO, build_sample_site, launch_chromium, require_chromium, review_pages, serve_like_pages

SCREENSHOTS = REPO / "test-artifacts" / "screenshots"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_chromium()
    return build_sample_site(tmp_path_factory)


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve_like_pages(site) as url:
        yield url


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, str]:
    return review_pages(site)


def test_pages_server_compresses_and_answers_404(base_url: str) -> None:
    """The server the scores are measured on behaves like GitHub Pages (else the scores mean little)."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(base_url + "/", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Encoding"] == "gzip" and "max-age" in response.headers["Cache-Control"]
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(base_url + "/tidak-ada/")
    assert missing.value.code == 404


@pytest.mark.parametrize("name", ["beranda", "berita", "desa", "buletin", "cari"])
def test_lighthouse_scores_100(name: str, base_url: str, pages: dict[str, str]) -> None:
    if not lighthouse.available():
        pytest.skip(lighthouse.MISSING)
    report = lighthouse.run(base_url + pages[name], lighthouse.STRICT_CATEGORIES)
    below = {key: (score, report.failing[key]) for key, score in report.scores.items() if score != 100}
    assert not below, f"{pages[name]}: {below}"


def test_screenshots_at_360px_for_review(site: Path, base_url: str, pages: dict[str, str]) -> None:
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser: Any = launch_chromium(pw)
        try:
            context = browser.new_context(viewport=PHONE, device_scale_factor=2, service_workers="block")
            page = context.new_page()
            for name, path in pages.items():
                page.goto(base_url + path, wait_until="networkidle")
                first = SCREENSHOTS / f"{name}-360.png"  # the first screen, as a phone shows it
                page.screenshot(path=str(first))
                page.screenshot(path=str(SCREENSHOTS / f"{name}-360-penuh.png"), full_page=True)
                assert first.stat().st_size > 10_000, first  # a real page, not a blank one
        finally:
            browser.close()
