"""Search across years: one Pagefind bundle per month, one result list and one set of filters for the reader.

The sample stories (all 2026) plus two fictional stories from 2025, built with
``mkdocs build --strict``; /cari/ must find stories of both years for one
query, and a desa filter must narrow the merged results across years.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_support import DESKTOP, launch_chromium, require_chromium, serve
from sitebuild import REPO, SiteProject

pytestmark = pytest.mark.browser

WORD = "lumbung"  # in one story of each year, nowhere in the sample stories
OLD_SAWO = "/berita/2025/03/lumbung-pangan-sawo/"
OLD_LOWAYU = "/berita/2025/04/ronda-lowayu-tahun-lalu/"
NEW_LOWAYU = "/berita/2026/10/lumbung-desa-lowayu/"


def _story(title: str, village: str, date: str, category: str) -> dict[str, str]:
    return {"title": title, "date": date, "village": village, "officer": "aipda-contoh-satu", "category": category}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_chromium()
    root = tmp_path_factory.mktemp("tahun")
    project = SiteProject(root / "proyek")
    shutil.rmtree(project.root / "stories")
    shutil.copytree(REPO / "stories", project.root / "stories")
    project.write_story("lumbung-pangan-sawo", _story("Lumbung Pangan Sawo", "sawo", "2025-03-14", "kemitraan"),
                        f"Warga Sawo mengisi {WORD} pangan bersama linmas sebelum musim paceklik.\n")
    project.write_story("ronda-lowayu-tahun-lalu", _story("Ronda Lowayu Tahun Lalu", "lowayu", "2025-04-02", "siskamling"),
                        f"Ronda malam dimulai dari {WORD} desa menuju pos kamling.\n")
    project.write_story("lumbung-desa-lowayu", _story("Lumbung Desa Lowayu", "lowayu", "2026-10-20", "kemitraan"),
                        f"Pengurus {WORD} desa dan Bhabinkamtibmas mendata cadangan beras warga.\n")
    built = project.build(root / "site")
    assert built.ok, built.output
    for month in ("2025/03", "2025/04", "2026/10"):
        assert (built.site / "pagefind" / month / "pagefind.js").is_file()
    return built.site


@pytest.fixture(scope="module")
def page(site: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with serve(site) as url, sync_playwright() as pw:
        browser = launch_chromium(pw)
        context = browser.new_context(viewport=DESKTOP, service_workers="block")
        tab = context.new_page()
        tab.base = url
        yield tab
        browser.close()


def _results(page: Any) -> list[str]:
    page.wait_for_function("() => document.querySelectorAll('.pagefind-ui__result-link').length > 0", timeout=10_000)
    page.wait_for_load_state("networkidle")
    hrefs = page.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(e => new URL(e.href).pathname)")
    return sorted(hrefs)


def test_search_page_opens_the_newest_month_and_merges_the_others(site: Path) -> None:
    html = (site / "cari" / "index.html").read_text(encoding="utf-8")
    bundles = re.search(r'data-bundles="([^"]*)"', html).group(1).split()
    months = sorted({p.parent.parent.relative_to(site / "berita").as_posix() for p in (site / "berita").glob("*/*/*/index.html")},
                    reverse=True)
    assert bundles == [f"../pagefind/{month}/" for month in months]
    assert bundles[-2:] == ["../pagefind/2025/04/", "../pagefind/2025/03/"]


def test_one_query_finds_stories_of_both_years(page: Any) -> None:
    page.goto(f"{page.base}/cari/?q={WORD}")
    assert _results(page) == sorted([OLD_SAWO, OLD_LOWAYU, NEW_LOWAYU])


def test_a_desa_filter_narrows_results_across_years(page: Any) -> None:
    page.goto(f"{page.base}/cari/?q={WORD}")
    _results(page)
    page.wait_for_selector(".pagefind-ui__filter-panel", state="attached", timeout=10_000)
    names = [t.strip().lower() for t in page.locator(".pagefind-ui__filter-name").all_text_contents()]
    assert any("desa" in name for name in names) and any("kegiatan" in name for name in names), names
    block = page.locator("details.pagefind-ui__filter-block", has=page.locator(".pagefind-ui__filter-name", has_text="desa"))
    if block.get_attribute("open") is None:
        block.locator("summary").click()
    values = block.locator(".pagefind-ui__filter-label").all_text_contents()
    assert any(v.strip().startswith("Lowayu") for v in values) and any(v.strip().startswith("Sawo") for v in values), values
    block.locator("input.pagefind-ui__filter-checkbox[value='Lowayu']").check()
    page.wait_for_function("() => !document.querySelector('a.pagefind-ui__result-link[href*=\"lumbung-pangan-sawo\"]')",
                           timeout=10_000)
    assert _results(page) == sorted([OLD_LOWAYU, NEW_LOWAYU])  # 2025 and 2026, both in Lowayu
