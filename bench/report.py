"""results.json (schema, targets) and the printed table."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

SIDE_KEYS = ("cpu_s", "wall_s", "peak_mib", "pages", "site_mib")
RUN_KEYS = ("n", "ours", "baseline", "ratio_cpu", "hooks_s", "story_page_kib", "max_listing_kib",
            "search_index_mib", "serve_rebuild_s")
MACHINE_KEYS = ("cpu_count", "python", "mkdocs", "date")
TARGET_N = 10_000

SCALE_N = 50_000  # the opt-in size: the build completes, within memory, listing pages stay small

# (key, label, limit, unit) — a target passes when value <= limit; checked on the N=10,000 run
TARGETS = (
    ("ratio_cpu_vs_search_baseline", "full build CPU vs plain MkDocs + its lunr search (issue 14)", 1.5, "×"),
    ("incremental_cpu_s", "one new story published incrementally: CPU", 10.0, "s"),
    ("incremental_share", "one new story published incrementally, share of a full build", 1 / 6, "×"),
    ("serve_rebuild_s", "mkdocs serve: save → edited story served", 1.5, "s"),
    ("ratio_cpu", "ours/baseline CPU (whole build, Pagefind included; earlier target)", 1.3, "×"),
    ("peak_mib", "peak memory of the build", 1536.0, "MiB"),
    ("story_page_drift_pct", "story page HTML size vs N=1,000", 5.0, "%"),
    ("max_listing_kb", "largest non-story page", 300.0, "KB"),
    ("hooks_share_pct", "hooks' own work, share of the build", 10.0, "%"),
)
# checked on the N=50,000 run, when there is one
SCALE_TARGETS = (
    ("peak_mib", "50,000 stories: peak memory of the build", 1536.0, "MiB"),
    ("max_listing_kb", "50,000 stories: largest non-story page", 300.0, "KB"),
)


def git_state() -> dict[str, Any]:
    """The commit being measured, and whether the site's code had uncommitted changes."""
    repo = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=repo, capture_output=True, text=True, timeout=10)
        status = subprocess.run(["git", "status", "--porcelain", "--", "kabardesa", "hooks", "mkdocs.yml", "data"],
                                cwd=repo, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return {}
    return {"git_commit": commit.stdout.strip() or None, "site_code_modified": bool(status.stdout.strip())}


def machine_info() -> dict[str, Any]:
    import mkdocs

    info: dict[str, Any] = {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "mkdocs": mkdocs.__version__,
        "date": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "executable": sys.executable,
    }
    for package in ("mkdocs-material", "pagefind", "pillow"):
        try:
            from importlib.metadata import version

            info[package] = version(package)
        except Exception:  # noqa: BLE001 - informational only
            pass
    info.update(git_state())
    try:
        info["loadavg_start"] = [round(x, 2) for x in os.getloadavg()]
        info["mem_total_mib"] = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20
    except (OSError, ValueError, AttributeError):
        pass
    return info


def targets_for(run: dict[str, Any], targets: tuple[tuple[str, str, float, str], ...] = TARGETS) -> list[dict[str, Any]]:
    """PASS/FAIL of each target for one run (:data:`TARGETS` at N=10,000, :data:`SCALE_TARGETS` at 50,000)."""
    values = {
        "ratio_cpu_vs_search_baseline": run.get("ratio_cpu_vs_search_baseline"),
        "incremental_cpu_s": run.get("incremental_cpu_s"),
        "incremental_share": run.get("incremental_share"),
        "ratio_cpu": run.get("ratio_cpu"),
        "peak_mib": run.get("ours", {}).get("peak_mib"),
        "story_page_drift_pct": run.get("story_page_drift_pct"),
        "max_listing_kb": (run["max_listing_kib"] * 1.024) if run.get("max_listing_kib") is not None else None,
        "hooks_share_pct": run.get("hooks_share_pct"),
        "serve_rebuild_s": run.get("serve_rebuild_s"),
    }
    result = []
    for key, label, limit, unit in targets:
        value = values[key]
        status = "n/a" if value is None else ("PASS" if abs(value) <= limit else "FAIL")
        result.append({"target": key, "label": label, "limit": limit, "unit": unit, "value": value, "status": status,
                       "n": run["n"]})
    return result


def finish_run(run: dict[str, Any], reference: dict[str, Any] | None) -> dict[str, Any]:
    """Derived fields: ratios, shares and the story page drift against the reference run."""
    ours, baseline = run["ours"], run["baseline"]
    if baseline.get("cpu_s"):
        run["ratio_cpu"] = ours["cpu_s"] / baseline["cpu_s"]
        if ours.get("cpu_nosearch_s") is not None:
            run["ratio_cpu_nosearch"] = ours["cpu_nosearch_s"] / baseline["cpu_s"]
    with_search = run.get("baseline_search") or {}
    if with_search.get("cpu_s"):
        run["ratio_cpu_vs_search_baseline"] = ours["cpu_s"] / with_search["cpu_s"]
    if run.get("hooks_s") is not None and ours.get("cpu_nosearch_s"):
        run["hooks_share_pct"] = 100 * run["hooks_s"] / ours["cpu_nosearch_s"]
        run["hooks_share_of_whole_pct"] = 100 * run["hooks_s"] / ours["cpu_s"]
    if reference and reference.get("story_page_kib") and run.get("story_page_kib") is not None:
        run["story_page_ref_n"] = reference["n"]
        run["story_page_drift_pct"] = 100 * (run["story_page_kib"] / reference["story_page_kib"] - 1)
    return run


def build_results(machine: dict[str, Any], runs: list[dict[str, Any]]) -> dict[str, Any]:
    runs = sorted(runs, key=lambda r: r["n"])
    reference = next((r for r in runs if r["n"] == 1000), runs[0] if runs else None)
    for run in runs:
        finish_run(run, reference)
    headline = next((r for r in runs if r["n"] == TARGET_N), runs[-1] if runs else None)
    scale = next((r for r in runs if r["n"] == SCALE_N), None)
    return {
        "machine": machine,
        "runs": runs,
        "targets": (targets_for(headline) if headline else []) + (targets_for(scale, SCALE_TARGETS) if scale else []),
    }


def check_schema(results: dict[str, Any]) -> list[str]:
    """Missing keys, as messages (empty when the results have the promised shape)."""
    missing = [f"machine.{k}" for k in MACHINE_KEYS if k not in results.get("machine", {})]
    for index, run in enumerate(results.get("runs", [])):
        missing += [f"runs[{index}].{k}" for k in RUN_KEYS if k not in run]
        for side in ("ours", "baseline"):
            missing += [f"runs[{index}].{side}.{k}" for k in SIDE_KEYS if k not in run.get(side, {})]
    if "runs" not in results:
        missing.append("runs")
    return missing


def write_results(path: Path, results: dict[str, Any]) -> None:
    problems = check_schema(results)
    if problems:
        raise ValueError(f"results lack: {', '.join(problems)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    partial.replace(path)


# -- the printed table ----------------------------------------------------------------------


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


ROWS: tuple[tuple[str, str, int], ...] = (
    ("ours.cpu_s", "ours CPU s (incl. Pagefind)", 1),
    ("ours.cpu_nosearch_s", "ours CPU s without search", 1),
    ("ours.search_s", "  of which Pagefind CPU s", 1),
    ("ours.photos_s", "  photo variants CPU s (warm cache)", 2),
    ("ours.wall_s", "ours wall s", 1),
    ("ours.peak_mib", "ours peak MiB", 0),
    ("ours.build_peak_mib", "  of the MkDocs process", 0),
    ("ours.pagefind_peak_mib", "  of Pagefind", 0),
    ("ours.pages", "ours HTML pages", 0),
    ("ours.site_mib", "ours site MiB", 1),
    ("baseline.cpu_s", "baseline CPU s", 1),
    ("baseline.wall_s", "baseline wall s", 1),
    ("baseline.peak_mib", "baseline peak MiB", 0),
    ("baseline.pages", "baseline HTML pages", 0),
    ("baseline.site_mib", "baseline site MiB", 1),
    ("baseline_search.cpu_s", "baseline + lunr search CPU s", 1),
    ("baseline_search.peak_mib", "baseline + lunr search peak MiB", 0),
    ("ratio_cpu", "ratio CPU ours/baseline", 2),
    ("ratio_cpu_nosearch", "ratio CPU without search", 2),
    ("ratio_cpu_vs_search_baseline", "ratio CPU vs baseline + lunr search", 2),
    ("hooks_s", "hooks' own work CPU s", 2),
    ("hooks_share_pct", "hooks share % (of build w/o search)", 1),
    ("story_page_kib", "story page KiB", 1),
    ("story_page_drift_pct", "story page vs N=1,000 %", 2),
    ("max_listing_kib", "largest non-story page KiB", 1),
    ("max_listing_url", "  which page", 0),
    ("search_index_mib", "Pagefind bundle MiB", 2),
    ("ours_cold.cpu_s", "cold build CPU s (empty photo cache)", 1),
    ("ours_cold.photos_s", "  photo rendering CPU s", 1),
    ("serve.startup_s", "serve start-up s (first build)", 1),
    ("incremental.record.cpu_s", "incremental, recording build CPU s", 1),
    ("incremental_cpu_s", "incremental, one new story CPU s", 2),
    ("incremental.new_story.wall_s", "incremental, one new story wall s", 2),
    ("incremental_share", "  share of a full build", 3),
    ("incremental.new_story.pages_rendered", "  pages rendered", 0),
    ("incremental.new_story.pages_reused", "  pages from the previous site", 0),
    ("incremental.new_story.search_reindexed", "  search months re-indexed", 0),
    ("serve_rebuild_s", "serve: save → served s (median)", 2),
    ("serve.seen_s_max", "serve: save → served s (max)", 2),
    ("serve.idle_cpu_pct", "serve idle CPU % (file polling)", 1),
)


def _lookup(run: dict[str, Any], dotted: str) -> Any:
    value: Any = run
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def table(results: dict[str, Any]) -> str:
    runs = results["runs"]
    width = max(len(label) for _, label, _ in ROWS) + 2
    lines = [f"{'N':<{width}}" + "".join(f"{run['n']:>14,}" for run in runs)]
    for key, label, digits in ROWS:
        cells = []
        for run in runs:
            value = _lookup(run, key)
            text = _fmt(value, digits)
            cells.append(f"{text:>14}" if key != "max_listing_url" else f"  {text}")
        lines.append(f"{label:<{width}}" + "".join(cells))
    machine = results["machine"]
    states = {(run.get("code", {}).get("start"), run.get("code", {}).get("end")) for run in runs}
    if len({code for pair in states for code in pair}) > 1:
        lines.append("")
        lines.append("WARNING: the site's code changed during the run (see runs[].code); sizes and times may not compare.")
    lines.append("")
    lines.append(f"machine: {machine.get('cpu_count')} CPUs, Python {machine.get('python')}, MkDocs {machine.get('mkdocs')}, "
                 f"Material {machine.get('mkdocs-material', '?')}, Pagefind {machine.get('pagefind', '?')}, {machine.get('date')}, "
                 f"load {machine.get('loadavg_start')} → {machine.get('loadavg_end')}")
    if results.get("targets"):
        n = results["targets"][0]["n"]
        lines.append("")
        lines.append(f"targets at N={n:,}" + ("" if n == TARGET_N else f" (defined at N={TARGET_N:,})") + ":")
        for target in results["targets"]:
            value = _fmt(target["value"], 2)
            lines.append(f"  [{target['status']:>4}] {target['label']}: {value} {target['unit']} (limit {target['limit']:g} {target['unit']})")
    return "\n".join(lines)
