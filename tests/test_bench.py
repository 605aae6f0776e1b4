"""The scale benchmark's own parts: a deterministic corpus, valid stories, the results schema.

No builds and no timing here; ``make bench`` does that.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml

from bench.corpus import CorpusSpec, Manifest, generate, split_story
from bench.report import TARGETS, build_results, check_schema, table, write_results
from bench.sites import load_mkdocs_yml, prepare_baseline
from kabardesa.catalog import load_catalog
from kabardesa.dates import WIB

REPO = Path(__file__).resolve().parents[1]
TODAY = date(2026, 6, 1)
SMALL = dict(today=TODAY, pool_size=3, photo_size=(320, 240))


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest]:
    root = tmp_path_factory.mktemp("corpus") / "n50"
    manifest = generate(root, CorpusSpec(n=50, **SMALL), REPO / "data", root.parent / "pool")
    return root, manifest


def test_same_seed_gives_identical_files(corpus: tuple[Path, Manifest], tmp_path: Path) -> None:
    root, _ = corpus
    again = tmp_path / "again"
    generate(again, CorpusSpec(n=50, **SMALL), REPO / "data", tmp_path / "pool")
    assert _files(root / "stories") == _files(again / "stories")
    assert (root / "manifest.json").read_text() == (again / "manifest.json").read_text()
    assert _files(root.parent / "pool") == _files(tmp_path / "pool")  # the photos too


def test_another_seed_gives_another_corpus(corpus: tuple[Path, Manifest], tmp_path: Path) -> None:
    root, _ = corpus
    other = tmp_path / "other"
    generate(other, CorpusSpec(n=50, seed=7, **SMALL), REPO / "data", tmp_path / "pool")
    assert _files(root / "stories") != _files(other / "stories")


def test_a_story_is_the_same_in_every_corpus_size(corpus: tuple[Path, Manifest], tmp_path: Path) -> None:
    root, manifest = corpus
    small = generate(tmp_path / "n20", CorpusSpec(n=20, **SMALL), REPO / "data", tmp_path / "pool")
    assert [s.path for s in small.stories] == [s.path for s in manifest.stories[:20]]
    for record in small.stories:
        assert (tmp_path / "n20" / record.path).read_bytes() == (root / record.path).read_bytes()


def test_corpus_is_valid_and_covers_the_registry(corpus: tuple[Path, Manifest], tmp_path: Path) -> None:
    root, manifest = corpus
    project = tmp_path / "project"
    shutil.copytree(REPO / "data", project / "data")
    shutil.copytree(root / "stories", project / "stories")
    catalog = load_catalog(project, now=datetime(TODAY.year, TODAY.month, TODAY.day, 23, 0, tzinfo=WIB))
    assert catalog.errors == []
    assert len(catalog.stories) == 50
    officers = {s.officer.id for s in catalog.stories}
    categories = {s.category.slug for s in catalog.stories}
    assert officers == set(catalog.registry.officers) and categories == set(catalog.registry.categories)
    assert len({s.villages[0].slug for s in catalog.stories if s.villages}) == 50  # a new village each, up to 356
    for story in catalog.stories:
        assert 0 <= (TODAY - story.published.date()).days < 365
        assert story.title and len(story.title) <= 120
    for record in manifest.stories:
        _, body = split_story((root / record.path).read_text(encoding="utf-8"))
        assert 150 <= len(body.split()) <= 560  # 150–500 words, plus the last sentence
        if record.photo:
            assert (root / record.photo).stat().st_size > 1000
    assert 0 < manifest.photos < 25


def test_baseline_has_the_same_pages_without_hooks(corpus: tuple[Path, Manifest], tmp_path: Path) -> None:
    root, manifest = corpus
    config_file = prepare_baseline(REPO, root, manifest, tmp_path / "baseline")
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    ours = load_mkdocs_yml(REPO / "mkdocs.yml")  # as MkDocs reads it: !ENV resolved
    assert config["hooks"] == ["hooks/template_globals.py"]  # globals for the templates, no pipeline
    assert config["theme"] == {**ours["theme"], "custom_dir": "overrides"}
    # the package's templates and assets stand where plain MkDocs finds them
    assert (tmp_path / "baseline" / "overrides" / "main.html").is_file()
    assert (tmp_path / "baseline" / "docs" / "assets" / "kabardesa.css").is_file()
    assert config["markdown_extensions"] == ours["markdown_extensions"] and config["nav"] == ours["nav"]
    assert "/berita/" in config["not_in_nav"]
    for record in manifest.stories:
        page = tmp_path / "baseline" / "docs" / (record.url.rstrip("/") + ".md")
        assert page.read_text(encoding="utf-8").startswith(f"# {record.title}\n\n")


def _side(cpu: float) -> dict[str, float]:
    return {"cpu_s": cpu, "wall_s": cpu * 1.2, "peak_mib": 300.0, "pages": 100, "site_mib": 10.0}


def _fake_run(n: int, story_kib: float, serve: float | None) -> dict[str, object]:
    return {
        "n": n, "ours": {**_side(120.0), "cpu_nosearch_s": 100.0}, "baseline": _side(100.0),
        "baseline_search": _side(90.0), "incremental_cpu_s": 5.0, "incremental_share": 5.0 / 120.0,
        "hooks_s": 8.0, "story_page_kib": story_kib, "max_listing_kib": 250.0, "max_listing_url": "/buletin/",
        "search_index_mib": 20.0, "serve_rebuild_s": serve,
    }


def test_results_schema_and_targets_on_a_fake_run(tmp_path: Path) -> None:
    machine = {"cpu_count": 2, "python": "3.11", "mkdocs": "1.6.1", "date": "2026-06-01T00:00:00+07:00"}
    results = build_results(machine, [_fake_run(10_000, 21.5, 1.2), _fake_run(1000, 21.0, 1.0)])
    assert check_schema(results) == []
    assert [r["n"] for r in results["runs"]] == [1000, 10_000]
    big = results["runs"][1]
    assert big["ratio_cpu"] == pytest.approx(1.2) and big["ratio_cpu_nosearch"] == pytest.approx(1.0)
    assert big["hooks_share_pct"] == pytest.approx(8.0)
    assert big["story_page_drift_pct"] == pytest.approx(100 * (21.5 / 21.0 - 1))
    status = {t["target"]: t["status"] for t in results["targets"]}
    assert len(status) == len(TARGETS) and set(status.values()) == {"PASS"}
    path = tmp_path / "results.json"
    write_results(path, results)
    assert json.loads(path.read_text())["runs"][1]["n"] == 10_000
    printed = table(results)
    assert "targets at N=10,000" in printed and printed.count("[PASS]") == len(TARGETS)


def test_failed_and_missing_targets_are_reported(tmp_path: Path) -> None:
    machine = {"cpu_count": 2, "python": "3.11", "mkdocs": "1.6.1", "date": "x"}
    run = _fake_run(10_000, 30.0, None)
    run["ours"]["cpu_s"] = 200.0  # type: ignore[index]
    results = build_results(machine, [run, _fake_run(1000, 21.0, 1.0)])
    status = {t["target"]: t["status"] for t in results["targets"]}
    assert status["ratio_cpu"] == "FAIL" and status["story_page_drift_pct"] == "FAIL"
    assert status["serve_rebuild_s"] == "n/a"
    assert status["ratio_cpu_vs_search_baseline"] == "FAIL"  # 200 s against 90 s with lunr

    broken = {"machine": machine, "runs": [{"n": 5}]}
    assert "runs[0].ours.cpu_s" in check_schema(broken)
    with pytest.raises(ValueError, match="results lack"):
        write_results(tmp_path / "r.json", broken)


def test_the_50000_run_has_its_own_targets() -> None:
    machine = {"cpu_count": 2, "python": "3.11", "mkdocs": "1.6.1", "date": "x"}
    scale = _fake_run(50_000, 21.0, None)
    scale["ours"]["peak_mib"] = 1600.0  # type: ignore[index]
    results = build_results(machine, [_fake_run(10_000, 21.0, 1.0), scale])
    at_scale = {t["target"]: t["status"] for t in results["targets"] if t["n"] == 50_000}
    assert at_scale == {"peak_mib": "FAIL", "max_listing_kb": "PASS"}
    assert "50,000 stories: peak memory of the build" in table(results)
