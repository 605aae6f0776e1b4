"""``python -m bench``: corpora of N stories, our build against plain MkDocs, the targets.

Environment:

- ``BENCH_N``       sizes to run, comma-separated (default ``1000,3000,10000``)
- ``BENCH_REPEAT``  timed builds per side after the cold one (default 2, interleaved)
- ``BENCH_SERVE``   ``0`` skips the ``mkdocs serve`` round trip
- ``BENCH_SEARCH_BASELINE``  ``0`` skips the second baseline (plain MkDocs with its lunr search)
- ``BENCH_OUT``     where to write the results (default ``bench/results.json``)
- ``BENCH_MERGE``   ``1`` keeps the other sizes already in BENCH_OUT (rerun one size)
- ``BENCH_SEED``    corpus seed (default 20250523)
- ``BENCH_INCREMENTAL``  ``0`` skips the incremental round (record, then one new story with ``KD_INCREMENTAL=1``)
- ``BENCH_COLD``    ``0`` skips the cold build (empty caches) and starts with a warm one
- ``BENCH_SHARED_CACHE``  a folder for the photo and share-picture cache shared by every N (default: each
  project's own, emptied with it)

``python -m bench profile [N]`` profiles one warm build of our site with cProfile
instead (see bench/profile.py).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from kabardesa.dates import now_wib

from .corpus import DEFAULT_SEED, CorpusSpec, Manifest, generate
from .measure import (
    MIB, BuildRun, bench_env, hooks_breakdown, photo_stage, median_of, page_path, run_build, serve_round_trip, site_sizes, stage,
    tree_bytes,
)
from .incremental import incremental_round
from .report import build_results, git_state, machine_info, table, write_results
from .sites import SEARCH_CONFIG, prepare_baseline, prepare_ours

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OURS_ARGS = ["build", "--strict", "-f", "mkdocs.yml", "-d", "site"]
BASELINE_ARGS = ["build", "-f", "mkdocs.yml", "-d", "site"]
BASELINE_SEARCH_ARGS = ["build", "-f", SEARCH_CONFIG, "-d", "site-search"]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def parse_sizes(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def fixed_story(manifest: Manifest) -> Any:
    """The story page compared across N: the first one-village story with a photo (same in every corpus)."""
    return next(s for s in manifest.stories if s.photo and s.index < 356)


def _require(run: BuildRun) -> BuildRun:
    if not run.ok:
        raise SystemExit(f"bench: build {run.label} failed (rc {run.returncode}):\n{run.log}")
    log(f"  {run.label}: cpu {run.cpu_s:.1f} s, wall {run.wall_s:.1f} s, peak {run.peak_mib:.0f} MiB")
    return run


def _ours_summary(runs: list[BuildRun]) -> dict[str, Any]:
    def pagefind(run: BuildRun) -> float:
        return float(run.timings.get("extra", {}).get("pagefind_cpu_s", 0.0))

    def nosearch(run: BuildRun) -> float:
        return run.cpu_s - pagefind(run) - stage(run.timings, "kd.stage.build_search_index")

    return {
        "cpu_s": median_of([r.cpu_s for r in runs]),
        "wall_s": median_of([r.wall_s for r in runs]),
        "peak_mib": max(r.peak_mib for r in runs),
        "cpu_nosearch_s": median_of([nosearch(r) for r in runs]),
        "search_s": median_of([pagefind(r) for r in runs]),
        "search_wall_s": median_of([stage(r.timings, "kd.stage.build_search_index", "wall_s") for r in runs]),
        "photos_s": median_of([photo_stage(r.timings) for r in runs]),
        "build_peak_mib": max(float(r.timings.get("self_maxrss_mib", 0)) for r in runs),
        "pagefind_peak_mib": max(float(r.timings.get("extra", {}).get("pagefind_maxrss_mib", 0)) for r in runs),
        "repeats": [{"cpu_s": r.cpu_s, "wall_s": r.wall_s, "peak_mib": r.peak_mib} for r in runs],
    }


def _plain_summary(runs: list[BuildRun]) -> dict[str, Any]:
    return {
        "cpu_s": median_of([r.cpu_s for r in runs]),
        "wall_s": median_of([r.wall_s for r in runs]),
        "peak_mib": max(r.peak_mib for r in runs),
        "repeats": [{"cpu_s": r.cpu_s, "wall_s": r.wall_s, "peak_mib": r.peak_mib} for r in runs],
    }


def per_page_ms(run: BuildRun) -> dict[str, dict[str, float]]:
    """MkDocs' Markdown conversion and rendering per page, by template, in ms of CPU."""
    result: dict[str, dict[str, float]] = {}
    for name, value in run.timings.get("stages", {}).items():
        if name.startswith(("mkdocs.render[", "mkdocs.populate[")) and value["calls"]:
            result[name] = {"ms": 1000 * value["cpu_s"] / value["calls"], "pages": value["calls"], "total_s": value["cpu_s"]}
    return dict(sorted(result.items(), key=lambda kv: -kv[1]["total_s"]))


def bench_n(n: int, *, repeats: int, serve: bool, seed: int, with_search_baseline: bool = True,
            incremental: bool = True, cold_build: bool = True, shared_cache: Path | None = None) -> dict[str, Any]:
    today = now_wib().date()
    code_start = git_state()
    corpus = BENCH / "corpus" / f"n{n}"
    log(f"N={n:,}: corpus (seed {seed}, today {today})")
    started = time.perf_counter()
    spec = CorpusSpec(n=n, today=today, seed=seed)
    manifest = generate(corpus, spec, REPO / "data", BENCH / "corpus" / f"pool-{seed}")
    log(f"  {len(manifest.stories):,} stories, {manifest.photos:,} photos ({time.perf_counter() - started:.0f} s)")
    work = BENCH / "work" / f"n{n}"
    ours_dir = prepare_ours(REPO, corpus, work / "ours", shared_cache).parent
    baseline_dir = prepare_baseline(REPO, corpus, manifest, work / "baseline").parent
    logs = work / "logs"
    env = bench_env(REPO)

    log("  ours, cold (empty photo cache)" if cold_build else "  ours, first build (not timed as cold: BENCH_COLD=0)")
    cold = _require(run_build("ours-cold", OURS_ARGS, ours_dir, env, logs, kabardesa=True))
    sides: dict[str, tuple[list[str], Path, bool]] = {
        "baseline": (BASELINE_ARGS, baseline_dir, False),
        "ours": (OURS_ARGS, ours_dir, True),
    }
    if with_search_baseline:
        sides["baseline_search"] = (BASELINE_SEARCH_ARGS, baseline_dir, False)
    builds: dict[str, list[BuildRun]] = {side: [] for side in sides}
    names = list(sides)
    for r in range(repeats):  # interleaved, rotating which side goes first
        for side in names[r % len(names):] + names[: r % len(names)]:
            args, cwd, kabardesa = sides[side]
            builds[side].append(_require(run_build(f"{side}-{r + 1}", args, cwd, env, logs, kabardesa=kabardesa)))
    ours_runs, baseline_runs = builds["ours"], builds["baseline"]

    story = fixed_story(manifest)
    story_urls = {s.url for s in manifest.stories}
    ours_site, baseline_site = ours_dir / "site", baseline_dir / "site"
    ours_sizes, baseline_sizes = site_sizes(ours_site, story_urls), site_sizes(baseline_site, story_urls)
    ours = {**_ours_summary(ours_runs), "pages": ours_sizes["pages"], "site_mib": ours_sizes["site_mib"]}
    baseline = {**_plain_summary(baseline_runs), "pages": baseline_sizes["pages"], "site_mib": baseline_sizes["site_mib"]}
    hooks = [hooks_breakdown(r.timings) for r in ours_runs]
    hooks_median = {key: median_of([h[key] for h in hooks]) for key in hooks[0]}
    largest = ours_sizes["largest_listings"][0] if ours_sizes["largest_listings"] else {"url": None, "kib": None}
    run: dict[str, Any] = {
        "n": n,
        "stories": len(manifest.stories),
        "photos": manifest.photos,
        "ours": ours,
        "baseline": baseline,
        "baseline_search": ({**_plain_summary(builds["baseline_search"]),
                             "site_mib": tree_bytes(baseline_dir / "site-search") / MIB,
                             "search_index_mib": tree_bytes(baseline_dir / "site-search" / "search") / MIB}
                            if with_search_baseline else None),
        "hooks_s": hooks_median["hooks_s"],
        "hooks": hooks_median,
        "story_page_url": "/" + story.url,
        "story_page_kib": page_path(ours_site, story.url).stat().st_size / 1024,
        "baseline_story_page_kib": page_path(baseline_site, story.url).stat().st_size / 1024,
        "max_listing_kib": largest["kib"],
        "max_listing_url": largest["url"],
        "largest_listings": ours_sizes["largest_listings"],
        "search_index_mib": tree_bytes(ours_site / "pagefind") / MIB,
        "ours_cold": {"cold": cold_build, "cpu_s": cold.cpu_s, "wall_s": cold.wall_s, "peak_mib": cold.peak_mib,
                      "photos_s": photo_stage(cold.timings),
                      "photos_wall_s": photo_stage(cold.timings, "wall_s")},
        "per_page_ms": {"ours": per_page_ms(ours_runs[-1]), "baseline": per_page_ms(baseline_runs[-1])},
        "ours_stages": {k: round(v["cpu_s"], 3) for k, v in sorted(ours_runs[-1].timings.get("stages", {}).items(), key=lambda kv: -kv[1]["cpu_s"])},
        "serve_rebuild_s": None,
    }
    if incremental:
        log("  incremental (KD_INCREMENTAL=1): record, then one new story")
        inc_env = dict(env, KD_INCREMENTAL="1")
        run["incremental"] = incremental_round(
            ours_dir, spec, REPO / "data",
            lambda label: _require(run_build(label, OURS_ARGS, ours_dir, inc_env, logs, kabardesa=True)), ours["cpu_s"])
        new = run["incremental"]["new_story"]
        run["incremental_cpu_s"], run["incremental_share"] = new["cpu_s"], run["incremental"]["share_of_full"]
        log(f"  one new story: cpu {new['cpu_s']:.1f} s ({run['incremental_share']:.2f} of a full build), "
            f"{new.get('pages_rendered')} pages rendered, {new.get('pages_reused')} reused, "
            f"search re-indexed: {new.get('search_reindexed')}")
    code_end = git_state()
    run["code"] = {
        "start": f"{code_start.get('git_commit')}{'+modified' if code_start.get('site_code_modified') else ''}",
        "end": f"{code_end.get('git_commit')}{'+modified' if code_end.get('site_code_modified') else ''}",
    }
    if serve:
        log("  mkdocs serve --dirty: start-up, then three edits of the fixed story")
        try:
            result = serve_round_trip(ours_dir, env, logs, ours_dir / story.path, story.url)
            run["serve"] = result
            run["serve_rebuild_s"] = result["seen_s_median"]
            log(f"  serve: start-up {result['startup_s']:.0f} s, save → served {[e['seen_s'] for e in result['edits']]}")
        except RuntimeError as exc:
            run["serve"] = {"error": str(exc)}
            log(f"  serve failed: {exc}")
    return run


def main(argv: list[str]) -> int:
    if argv[:1] == ["profile"]:
        from .profile import main as profile_main

        return profile_main(argv[1:])
    sizes = parse_sizes(os.environ.get("BENCH_N", "1000,3000,10000"))
    repeats = max(1, int(os.environ.get("BENCH_REPEAT", "2")))
    serve = os.environ.get("BENCH_SERVE", "1") != "0"
    search_baseline = os.environ.get("BENCH_SEARCH_BASELINE", "1") != "0"
    seed = int(os.environ.get("BENCH_SEED", DEFAULT_SEED))
    incremental = os.environ.get("BENCH_INCREMENTAL", "1") != "0"
    cold_build = os.environ.get("BENCH_COLD", "1") != "0"
    shared = os.environ.get("BENCH_SHARED_CACHE")
    shared_cache = Path(shared).resolve() if shared else None
    out = Path(os.environ.get("BENCH_OUT", BENCH / "results.json"))
    machine = machine_info()
    runs: list[dict[str, Any]] = []
    if os.environ.get("BENCH_MERGE") == "1" and out.exists():  # rerun some sizes, keep the others
        previous = json.loads(out.read_text(encoding="utf-8"))
        runs = [run for run in previous.get("runs", []) if run["n"] not in sizes]
        for run in runs:
            run.setdefault("merged_from", previous.get("machine", {}).get("date"))
    results: dict[str, Any] = {}
    for n in sizes:
        runs = [run for run in runs if run["n"] != n]
        runs.append(bench_n(n, repeats=repeats, serve=serve, seed=seed, with_search_baseline=search_baseline,
                            incremental=incremental, cold_build=cold_build, shared_cache=shared_cache))
        machine["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
        results = build_results(machine, runs)
        write_results(out, results)  # after every N, so a long run leaves something behind
        log(f"wrote {out}")
    print()
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
