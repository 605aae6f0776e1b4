"""Measurements: timed builds in subprocesses, site sizes, the `mkdocs serve` round trip."""

from __future__ import annotations

import json
import os
import resource
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Any

MIB = 1024 * 1024


def bench_env(repo: Path) -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(repo), env.get("PYTHONPATH", "")) if p)
    env.pop("KABARDESA_PHOTO_CACHE", None)  # older revisions read it; the project's own cache, under the work dir
    return env


def driver_command(mkdocs_args: list[str], timings: Path, kabardesa: bool) -> list[str]:
    command = [sys.executable, "-m", "bench.driver", "--timings", str(timings)]
    if kabardesa:
        command.append("--kabardesa")
    return command + ["--", *mkdocs_args]


# -- one build --------------------------------------------------------------------------


@dataclass
class BuildRun:
    label: str
    returncode: int
    cpu_s: float  # user + system of the build and every process it waited for (Pagefind)
    wall_s: float
    peak_mib: float  # the largest resident set among them
    timings: dict[str, Any] = field(default_factory=dict)  # the driver's record of this build
    log: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run_build(label: str, mkdocs_args: list[str], cwd: Path, env: dict[str, str], logs: Path, kabardesa: bool) -> BuildRun:
    """Run one build in a child process.

    CPU is the delta of ``getrusage(RUSAGE_CHILDREN)`` across the child's life;
    it includes the grandchildren the child waited for (Pagefind). The peak
    comes from the ``wait4`` rusage of this child alone (RUSAGE_CHILDREN's
    ``ru_maxrss`` is a maximum over every child so far, so it has no delta).
    """
    logs.mkdir(parents=True, exist_ok=True)
    timings = logs / f"{label}.timings.json"
    timings.unlink(missing_ok=True)
    log_path = logs / f"{label}.log"
    command = driver_command(mkdocs_args, timings, kabardesa)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    record: dict[str, Any] = {}
    if timings.exists():
        builds = json.loads(timings.read_text(encoding="utf-8")).get("builds", [])
        record = builds[-1] if builds else {}
    text = log_path.read_text(encoding="utf-8", errors="replace")
    return BuildRun(label, process.returncode, cpu, wall, usage.ru_maxrss / 1024, record, text[-4000:])


# -- what a build produced ------------------------------------------------------------------------


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0


def page_path(site: Path, url: str) -> Path:
    rel = url.strip("/")
    return site / rel / "index.html" if rel else site / "index.html"


def site_sizes(site: Path, story_urls: set[str]) -> dict[str, Any]:
    """Page count and bytes of the site; the largest pages that are not story pages."""
    story_files = {page_path(site, url) for url in story_urls}
    listing: list[tuple[int, str]] = []
    pages = 0
    for path in site.rglob("*.html"):
        pages += 1
        if path not in story_files:
            listing.append((path.stat().st_size, "/" + path.relative_to(site).as_posix().removesuffix("index.html")))
    listing.sort(reverse=True)
    return {
        "pages": pages,
        "site_mib": tree_bytes(site) / MIB,
        "largest_listings": [{"url": url, "kib": size / 1024} for size, url in listing[:8]],
    }


# -- summaries of the driver's records -------------------------------------------------------------------


def stage(record: dict[str, Any], name: str, key: str = "cpu_s") -> float:
    return float(record.get("stages", {}).get(name, {}).get(key, 0.0))


def photo_stage(record: dict[str, Any], key: str = "cpu_s") -> float:
    """Photo rendering: ``render_all`` (parallel; its workers' CPU is a child's) or, in older revisions, ``render_variants``."""
    return stage(record, "kd.stage.render_all", key) or stage(record, "kd.stage.render_variants", key)


def hooks_breakdown(record: dict[str, Any]) -> dict[str, float]:
    """The hooks' own work: every kabardesa event and filter, minus photo rendering and Pagefind."""
    stages = record.get("stages", {})
    events = sum(v["cpu_s"] for k, v in stages.items() if k.startswith("kd.event."))
    rendering = photo_stage(record)
    search = stage(record, "kd.stage.build_search_index")
    filters = stage(record, "kd.filters")
    parts = {
        "read_validate (load_catalog)": stage(record, "kd.stage.load_catalog"),
        "index_pages_digests (plan_site)": stage(record, "kd.stage.plan_site"),
        "photo headers (photo_for)": stage(record, "kd.stage.photo_for"),
        "add files, fingerprints (on_files)": stage(record, "kd.event.on_files"),
        # feeds and WhatsApp texts: planned by site_outputs() (extra_outputs() in older revisions) and
        # made lazily by write_output(); the oldest revisions call write_feeds() and whatsapp_text()
        "feeds, whatsapp text": (stage(record, "kd.stage.site_outputs") + stage(record, "kd.stage.extra_outputs")
                                 + stage(record, "kd.stage.write_output")
                                 or stage(record, "kd.stage.write_feeds") + stage(record, "kd.stage.whatsapp_text")),
        "share links": stage(record, "kd.stage.share_links"),
        "sanitize story html (clean_html)": stage(record, "kd.stage.clean_html"),
        "markup fixes (on_post_page)": stage(record, "kd.event.on_post_page") + stage(record, "kd.event.on_post_template"),
        "template filters": filters,
    }
    total = events - rendering - search + filters
    parts["other hook code"] = max(0.0, total - sum(parts.values()))
    return {"hooks_s": total, **{k: v for k, v in parts.items()}}


def median_of(values: list[float]) -> float:
    return median(values) if values else 0.0


# -- mkdocs serve ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, timeout: float = 5.0) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError, socket.timeout):
        return 0, ""


def _proc_cpu(pid: int) -> float:
    """User + system seconds of a live process (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Ctrl-C first (serve then removes its temp dir), then firmer; only this process group."""
    for sig, wait in ((signal.SIGINT, 30), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        if process.poll() is not None:
            return
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue


def serve_round_trip(cwd: Path, env: dict[str, str], logs: Path, story_file: Path, story_url: str,
                     edits: int = 3, startup_timeout: float = 1800, edit_timeout: float = 120) -> dict[str, Any]:
    """Start ``mkdocs serve --dirty`` (live reload on: it is what watches files), wait
    for the story page, append a marker word to the story, and time save → served."""
    port = free_port()
    timings = logs / "serve.timings.json"
    timings.unlink(missing_ok=True)
    command = driver_command(["serve", "--dirty", "-a", f"127.0.0.1:{port}"], timings, kabardesa=True)
    base = f"http://127.0.0.1:{port}/"
    original = story_file.read_bytes()
    result: dict[str, Any] = {"command": "mkdocs serve --dirty (livereload)", "edits": []}
    log_path = logs / "serve.log"
    with log_path.open("w", encoding="utf-8") as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"mkdocs serve stopped (rc {process.returncode}); see {log_path}")
                status, _ = _get(base + story_url, timeout=2)
                if status == 200:
                    break
                if time.perf_counter() - start > startup_timeout:
                    raise RuntimeError(f"mkdocs serve did not serve {story_url} within {startup_timeout} s")
                time.sleep(0.5)
            result["startup_s"] = time.perf_counter() - start
            time.sleep(2.0)  # let the first poll of the file watcher settle
            cpu0, idle0 = _proc_cpu(process.pid), time.perf_counter()
            time.sleep(5.0)
            result["idle_cpu_pct"] = 100 * (_proc_cpu(process.pid) - cpu0) / (time.perf_counter() - idle0)
            for k in range(edits):
                marker = f"penandabench{k}x{os.getpid()}"
                builds_before = _build_count(timings)
                cpu_before = _proc_cpu(process.pid)
                with story_file.open("ab") as handle:
                    handle.write(f"\n\nKata penanda pratinjau: {marker}.\n".encode())
                saved = time.perf_counter()
                seen = None
                while time.perf_counter() - saved < edit_timeout:
                    status, body = _get(base + story_url, timeout=2)
                    if status == 200 and marker in body:
                        seen = time.perf_counter() - saved
                        break
                    if process.poll() is not None:
                        raise RuntimeError(f"mkdocs serve stopped during a rebuild; see {log_path}")
                    time.sleep(0.05)
                # wait for the rebuild to finish (feeds, photos) before the next edit
                deadline = time.perf_counter() + edit_timeout
                while _build_count(timings) <= builds_before and time.perf_counter() < deadline:
                    time.sleep(0.1)
                record = _last_build(timings)
                result["edits"].append({
                    "seen_s": seen,
                    "rebuild_wall_s": record.get("wall_s"),
                    "rebuild_cpu_s": record.get("cpu_s"),
                    "server_cpu_s": _proc_cpu(process.pid) - cpu_before,
                    "stages": {k: round(v["cpu_s"], 4) for k, v in sorted(record.get("stages", {}).items(), key=lambda kv: -kv[1]["cpu_s"])[:12]},
                })
                time.sleep(1.0)
        finally:
            _stop(process)
            story_file.write_bytes(original)
    seen = [e["seen_s"] for e in result["edits"] if e["seen_s"] is not None]
    result["seen_s_median"] = median_of(seen) if len(seen) == len(result["edits"]) else None
    result["seen_s_max"] = max(seen) if len(seen) == len(result["edits"]) else None
    return result


def _builds(timings: Path) -> list[dict[str, Any]]:
    try:
        return json.loads(timings.read_text(encoding="utf-8")).get("builds", [])
    except (OSError, ValueError):
        return []


def _build_count(timings: Path) -> int:
    return len(_builds(timings))


def _last_build(timings: Path) -> dict[str, Any]:
    builds = _builds(timings)
    return builds[-1] if builds else {}
