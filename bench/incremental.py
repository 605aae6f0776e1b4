"""Incremental publishing in the benchmark: one new story after a recorded build (``KD_INCREMENTAL=1``).

The first incremental build has no state yet: it renders everything and records
the state (its CPU shows what recording costs). Then one story that is not in
the corpus (story ``N`` of the same generator, dated today, without a photo) is added and
the site is built again, incrementally: that is the figure the issue targets
(≤ 10 s CPU, ≤ 1/6 of a full build). The story is removed afterwards and the
state forgotten, so the project is the corpus again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kabardesa.incremental import STATE_FILE
from kabardesa.registry import load_registry

from .corpus import CorpusSpec, _Generator, story_text
from .measure import BuildRun

REUSED = re.compile(r"build inkremental: (\d+) halaman diambil dari situs sebelumnya, (\d+) dibuat")
OUTPUTS = re.compile(r"(\d+) berkas lain \([^)]*\) diambil, (\d+) dibuat")
SEARCH = re.compile(r"indeks pencarian Pagefind: (\d+) bulan, (\d+) dibuat ulang \(([^)]*)\)")


def write_new_story(ours_dir: Path, spec: CorpusSpec, data_dir: Path) -> Path:
    """Story ``spec.n`` of the corpus generator (one past the corpus), dated today, without a photo; its path.

    Dated today as a new story is: it lands in the newest month, the one with the
    most stories to index again (the generator alone would date it anywhere).
    """
    _, slug, _, meta, body, _ = _Generator(load_registry(data_dir), spec).story(spec.n)
    for key in ("image", "image_alt", "image_caption"):
        meta.pop(key, None)
    day = spec.today
    meta["date"] = f"{day:%Y-%m-%d}"
    path = ours_dir / f"stories/{day:%Y}/{day:%m}/{day:%Y-%m-%d}-{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(story_text(meta, body), encoding="utf-8")
    return path


def summary(run: BuildRun) -> dict[str, Any]:
    result: dict[str, Any] = {"cpu_s": run.cpu_s, "wall_s": run.wall_s, "peak_mib": run.peak_mib,
                              "pagefind_cpu_s": float(run.timings.get("extra", {}).get("pagefind_cpu_s", 0.0))}
    reused = REUSED.search(run.log)
    if reused:
        result["pages_reused"], result["pages_rendered"] = int(reused.group(1)), int(reused.group(2))
    outputs = OUTPUTS.search(run.log)
    if outputs:
        result["outputs_carried"], result["outputs_made"] = int(outputs.group(1)), int(outputs.group(2))
    search = SEARCH.search(run.log)
    if search:
        result["search_months"], result["search_reindexed"] = int(search.group(1)), search.group(3)
    return result


def incremental_round(ours_dir: Path, spec: CorpusSpec, data_dir: Path, build: Callable[[str], BuildRun],
                      full_cpu_s: float) -> dict[str, Any]:
    """Record a build, add one story, build again; both incremental. ``build(label)`` runs one build."""
    state = ours_dir / STATE_FILE
    state.unlink(missing_ok=True)
    base = build("ours-incremental-record")
    added = write_new_story(ours_dir, spec, data_dir)
    try:
        new = build("ours-incremental-new-story")
    finally:
        added.unlink()
        state.unlink(missing_ok=True)
    result = {"record": summary(base), "new_story": summary(new), "new_story_path": added.relative_to(ours_dir).as_posix()}
    result["share_of_full"] = new.cpu_s / full_cpu_s if full_cpu_s else None
    return result
