"""Run the MkDocs command line in-process, with cheap stage timers.

    python -m bench.driver --timings out.json [--kabardesa] -- build -f mkdocs.yml

is ``mkdocs build -f mkdocs.yml`` plus timers (``time.process_time`` and
``time.perf_counter``) around MkDocs' own phases (reading files, the nav,
Markdown conversion, page rendering by template) and, with ``--kabardesa``,
around every hook event of :mod:`kabardesa.mkdocs_adapter`, the pipeline
stages it calls (load_catalog, plan_site, photo headers, feeds, WhatsApp text,
photo rendering, Pagefind) and the Jinja filters. A timer costs about a
microsecond a call; the baseline runs through the same driver.

Every ``build()`` (one for ``mkdocs build``, one per rebuild under ``mkdocs
serve``) appends one record to the JSON file, so a serve session yields the
breakdown of each rebuild.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

_cpu: dict[str, float] = defaultdict(float)
_wall: dict[str, float] = defaultdict(float)
_calls: dict[str, int] = defaultdict(int)
_extra: dict[str, float] = defaultdict(float)
_records: list[dict[str, Any]] = []
_out: Path | None = None


def _timed(name: str | Callable[..., str], fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` with its CPU and wall time added under ``name`` (or ``name(*args)``)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        key = name if isinstance(name, str) else name(*args, **kwargs)
        c0, w0 = time.process_time(), time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            _cpu[key] += time.process_time() - c0
            _wall[key] += time.perf_counter() - w0
            _calls[key] += 1

    return wrapper


def _children_cpu() -> tuple[float, float]:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _page_kind(page: Any, *args: Any, **kwargs: Any) -> str:
    template = (getattr(page, "meta", None) or {}).get("template")
    return str(template) if template else "markdown"


def _patch_mkdocs() -> None:
    from mkdocs.commands import build as build_module
    from mkdocs.commands import serve as serve_module
    from mkdocs.structure import files as files_module

    build_module.get_files = _timed("mkdocs.get_files", build_module.get_files)
    build_module.get_navigation = _timed("mkdocs.get_navigation", build_module.get_navigation)
    build_module._populate_page = _timed(lambda page, *a, **k: f"mkdocs.populate[{_page_kind(page)}]", build_module._populate_page)
    build_module._build_page = _timed(lambda page, *a, **k: f"mkdocs.render[{_page_kind(page)}]", build_module._build_page)
    build_module._build_theme_template = _timed("mkdocs.theme_templates", build_module._build_theme_template)
    files_module.Files.copy_static_files = _timed("mkdocs.copy_static_files", files_module.Files.copy_static_files)
    files_module.Files.add_files_from_theme = _timed("mkdocs.add_files_from_theme", files_module.Files.add_files_from_theme)
    original_build = build_module.build

    @functools.wraps(original_build)
    def build(*args: Any, **kwargs: Any) -> Any:
        for table in (_cpu, _wall, _calls, _extra):
            table.clear()
        c0, w0 = time.process_time(), time.perf_counter()
        children0, _ = _children_cpu()
        ok = False
        try:
            result = original_build(*args, **kwargs)
            ok = True
            return result
        finally:
            children1, children_rss = _children_cpu()
            _records.append({
                "ok": ok,
                "dirty": bool(kwargs.get("dirty")),
                "cpu_s": time.process_time() - c0,
                "wall_s": time.perf_counter() - w0,
                "children_cpu_s": children1 - children0,
                "self_maxrss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "children_maxrss_mib": children_rss,
                "stages": {k: {"cpu_s": _cpu[k], "wall_s": _wall[k], "calls": _calls[k]} for k in sorted(_cpu)},
                "extra": dict(_extra),
            })
            _write()

    build_module.build = build
    serve_module.build = build


def _patch_kabardesa() -> None:
    """Wrap the adapter's events and the pipeline functions it calls (before the hook file imports them)."""
    from kabardesa import mkdocs_adapter as adapter
    from kabardesa import template_filters

    for event in adapter.__all__:
        setattr(adapter, event, _timed(f"kd.event.{event}", getattr(adapter, event)))
    on_files = adapter.on_files

    @functools.wraps(on_files)
    def counting_on_files(files: Any, *args: Any, **kwargs: Any) -> Any:
        result = on_files(files, *args, **kwargs)
        flags = [getattr(f, "changed", None) for f in result]  # listing pages a dirty rebuild re-renders
        _extra["listings"] = sum(1 for flag in flags if flag is not None)
        _extra["listings_changed"] = sum(1 for flag in flags if flag is True)
        return result

    adapter.on_files = counting_on_files
    modules = [adapter]
    try:
        from kabardesa import postbuild

        modules.append(postbuild)
    except ImportError:
        pass
    for name in ("load_catalog", "plan_site", "photo_for", "write_extras", "site_outputs", "extra_outputs", "write_output",
                 "write_feeds", "whatsapp_text", "render_variants", "render_all", "clean_html", "fix_material_markup", "share_links"):
        for module in modules:  # wherever the adapter's code calls them from; time what is there
            if callable(getattr(module, name, None)):
                setattr(module, name, _timed(f"kd.stage.{name}", getattr(module, name)))
    search = adapter.build_search_index  # Pagefind: its CPU is a child's, read from RUSAGE_CHILDREN

    def build_search_index(site_dir: Any, *args: Any, **kwargs: Any) -> Any:
        before, _ = _children_cpu()
        try:
            return search(site_dir, *args, **kwargs)
        finally:
            after, rss = _children_cpu()
            _extra["pagefind_cpu_s"] += after - before
            _extra["pagefind_maxrss_mib"] = max(_extra["pagefind_maxrss_mib"], rss)

    adapter.build_search_index = _timed("kd.stage.build_search_index", build_search_index)
    for name, fn in list(template_filters.FILTERS.items()):
        template_filters.FILTERS[name] = _timed("kd.filters", fn)


def _write() -> None:
    if _out is not None:
        partial = _out.with_name(_out.name + ".part")
        partial.write_text(json.dumps({"pid": os.getpid(), "builds": _records}, indent=1), encoding="utf-8")
        partial.replace(_out)


def main(argv: list[str] | None = None) -> int:
    global _out
    parser = argparse.ArgumentParser(prog="python -m bench.driver")
    parser.add_argument("--timings", type=Path, help="write per-build stage timings (JSON) here")
    parser.add_argument("--kabardesa", action="store_true", help="also time kabardesa's hook events and stages")
    parser.add_argument("mkdocs_args", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    _out = args.timings
    mkdocs_args = args.mkdocs_args[1:] if args.mkdocs_args[:1] == ["--"] else args.mkdocs_args
    _patch_mkdocs()
    if args.kabardesa:
        _patch_kabardesa()
    from mkdocs.__main__ import cli

    try:
        cli.main(args=mkdocs_args, prog_name="mkdocs", standalone_mode=False)
    except KeyboardInterrupt:
        pass
    except SystemExit as exc:
        return int(exc.code or 0)
    except Exception as exc:  # click.Abort, BuildError…: report like mkdocs does
        print(f"bench.driver: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        _write()
    return 0


if __name__ == "__main__":
    sys.exit(main())
