"""Item 7 of issue 9: no traceback from the build, and never a half-written site.

The build writes beside site/ and swaps the whole new site in only when it has
succeeded; a failure anywhere (our handlers, another plugin, MkDocs itself)
leaves the previous site byte-identical, prints one Indonesian line naming what
was being processed, and leaves no staging folder behind.

The build tests add a probe hook (``hooks/atomic_probe.py``) to a copy of the
site: it can fail on purpose in ``on_post_build`` and records what the final
site folder held while the build was still running.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.exceptions import Abort, PluginError

from kabardesa import mkdocs_adapter as adapter
from kabardesa.problems import DEBUG_VARIABLE as DEBUG_ENV
from kabardesa.site_swap import PREFIX, SwapError, is_preview_dir, stage, swap
from sitebuild import SiteProject, categories, officers

REPO = Path(__file__).resolve().parents[1]
DEPLOY = REPO / ".github" / "workflows" / "deploy.yml"

# -- the edge: every event handler is guarded ---------------------------------------------


def test_every_exported_event_handler_is_guarded() -> None:
    events = [name for name in adapter.__all__ if name.startswith("on_")]
    assert "on_build_error" in events, "on_build_error (cleanup after a failed build) is not exported"
    unguarded = [name for name in events if not getattr(getattr(adapter, name), "kd_guarded", False)]
    assert not unguarded, f"event tanpa penjaga kesalahan: {unguarded}"


def test_hook_file_exports_every_event() -> None:
    text = (REPO / "hooks" / "kabar_hooks.py").read_text(encoding="utf-8")
    missing = [name for name in adapter.__all__ if name not in text]
    assert not missing, f"hooks/kabar_hooks.py tidak mengekspor {missing}"


class _File:
    def __init__(self, abs_src_path: str | None, url: str):
        self.abs_src_path, self.url, self.src_uri = abs_src_path, url, url + "index.md"


class _Page:
    def __init__(self, file: _File):
        self.file = file


def _boom(html: str, page: Any, config: Any = None, files: Any = None) -> str:
    raise RecursionError("maximum recursion depth exceeded\x1b[31m")


def test_unexpected_exception_becomes_one_indonesian_line_naming_the_story(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.delenv(DEBUG_ENV, raising=False)
    monkeypatch.setattr(adapter.state, "root", tmp_path)
    story = tmp_path / "stories" / "2025" / "05" / "2025-05-23-ronda.md"
    page = _Page(_File(str(story), "berita/2025/05/ronda/"))
    with pytest.raises(PluginError) as caught:
        adapter._edge(_boom)("<p>x</p>", page=page, config=None, files=None)
    message = str(caught.value)
    assert message.startswith("stories/2025/05/2025-05-23-ronda.md: kesalahan tak terduga (RecursionError")
    assert "\x1b" not in message and "\\x1b" in message, "control characters in the detail must be escaped"
    assert "\n" not in message
    assert DEBUG_ENV in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert "Traceback" not in capsys.readouterr().err


def test_a_generated_page_is_named_by_its_address(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(adapter.state, "root", tmp_path)
    with pytest.raises(PluginError, match=r"^halaman /desa/sawo/: kesalahan tak terduga \(RecursionError"):
        adapter._edge(_boom)("", page=_Page(_File(None, "desa/sawo/")))


def test_debug_variable_shows_the_traceback(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv(DEBUG_ENV, "1")
    monkeypatch.setattr(adapter.state, "root", tmp_path)
    with pytest.raises(PluginError):
        adapter._edge(_boom)("", page=_Page(_File(None, "desa/sawo/")))
    err = capsys.readouterr().err
    assert "Traceback" in err and "RecursionError" in err


def test_deliberate_errors_pass_unchanged() -> None:
    def refuse(config: Any) -> None:
        raise PluginError("3 kesalahan pada cerita")

    with pytest.raises(PluginError, match="^3 kesalahan pada cerita$"):
        adapter._edge(refuse)(config=None)


def test_an_error_outside_our_handlers_is_reported_without_traceback(tmp_path: Path, monkeypatch, caplog) -> None:
    """Markdown conversion or a template failing between our events: on_build_error names the last page seen."""
    monkeypatch.delenv(DEBUG_ENV, raising=False)
    monkeypatch.setattr(adapter.state, "root", tmp_path)
    monkeypatch.setattr(adapter.state, "staged", None)
    monkeypatch.setattr(adapter.state, "last", ("on_page_markdown", _Page(_File(str(tmp_path / "docs" / "x.md"), "x/")), None))
    with pytest.raises(Abort):  # MkDocs prints an Abort without a traceback
        adapter.on_build_error(error=RecursionError("deep"))
    assert "docs/x.md: kesalahan tak terduga (RecursionError: deep)" in caplog.text


# -- the swap itself -------------------------------------------------------------------------


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_swap_replaces_the_old_site_and_leaves_no_staging(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "lama").mkdir(parents=True)
    (site / "lama" / "index.html").write_text("lama")
    staged = stage(site, keep_old=False)
    assert staged.parent == tmp_path and staged.name.startswith(PREFIX) and not any(staged.iterdir())
    (staged / "index.html").write_text("baru")
    swap(staged, site)
    assert _tree(site) == {"index.html": b"baru"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_swap_that_cannot_happen_keeps_the_old_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("lama")
    staged = stage(site, keep_old=False)
    staged.rmdir()  # the new site vanished: the rename fails
    with pytest.raises(SwapError, match="situs lama dibiarkan utuh"):
        swap(staged, site)
    assert _tree(site) == {"index.html": b"lama"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_dirty_build_starts_from_a_copy_with_the_same_file_times(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("lama")
    os.utime(site / "index.html", ns=(1_000_000_000, 1_000_000_000))
    staged = stage(site, keep_old=True)
    assert _tree(staged) == _tree(site)
    assert (staged / "index.html").stat().st_mtime_ns == 1_000_000_000  # --dirty compares times


def test_serve_preview_folder_is_left_alone(tmp_path: Path) -> None:
    import tempfile

    assert is_preview_dir(Path(tempfile.gettempdir()) / "mkdocs_abc123")
    assert not is_preview_dir(tmp_path / "mkdocs_abc123")
    assert not is_preview_dir(tmp_path / "site")


def test_deploy_uploads_only_after_a_successful_build() -> None:
    """Guard: the upload runs after the build step of the same job, and a failed build stops the job."""
    workflow = yaml.safe_load(DEPLOY.read_text(encoding="utf-8"))
    job = next(j for j in workflow["jobs"].values() if any("upload-pages-artifact" in str(s.get("uses", "")) for s in j["steps"]))
    names = [str(s.get("run", "")) + str(s.get("uses", "")) for s in job["steps"]]
    build = next(i for i, text in enumerate(names) if "mkdocs build" in text)
    upload = next(i for i, text in enumerate(names) if "upload-pages-artifact" in text)
    assert build < upload
    assert not job.get("continue-on-error") and not job["steps"][build].get("continue-on-error")
    assert "always()" not in str(job["steps"][upload].get("if", "")) and "failure()" not in str(job["steps"][upload].get("if", ""))


# -- real builds -------------------------------------------------------------------------------

PROBE = '''"""Test hook: fail on purpose, and record what the final site folder holds mid-build."""
import hashlib, json, os
from pathlib import Path


def on_post_build(config):
    out = os.environ.get("KD_PROBE_OUT")
    if out:
        site = Path(os.environ["KD_PROBE_SITE"])
        index = site / "index.html"
        Path(out).write_text(json.dumps({
            "marker": (site / "penanda-lama.txt").is_file(),
            "index": hashlib.sha256(index.read_bytes()).hexdigest() if index.is_file() else None,
        }))
    if os.environ.get("KD_BOOM"):
        raise RuntimeError("gagal disengaja di on_post_build")
'''


def _meta(title: str, day: str) -> dict[str, Any]:
    officer = officers()[0]
    return {"title": title, "date": f"{day} 09:00", "village": officer["villages"][0], "officer": officer["id"],
            "category": categories()[0]["slug"]}


@pytest.fixture
def site_project(tmp_path: Path) -> SiteProject:
    project = SiteProject(tmp_path / "proyek")
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - hooks/kabar_hooks.py\n" in text
    config.write_text(text.replace("  - hooks/kabar_hooks.py\n", "  - hooks/kabar_hooks.py\n  - hooks/atomic_probe.py\n"), encoding="utf-8")
    (project.root / "hooks" / "atomic_probe.py").write_text(PROBE, encoding="utf-8")
    project.write_story("ronda-pertama", _meta("Ronda Pertama", "2025-05-20"), "Warga berjaga.\n\nParagraf kedua.\n")
    return project


def _build(project: SiteProject, site: Path, *options: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``mkdocs build`` with ``options`` (default ``--strict``; MkDocs warns about every ``--dirty`` build)."""
    environ = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", KD_PROBE_SITE=str(site), **env)
    environ.pop(DEBUG_ENV, None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *(options or ("--strict",)), "-f", str(project.root / "mkdocs.yml"), "-d", str(site)],
        cwd=project.root, env=environ, capture_output=True, text=True, timeout=240,
    )


def _first_site(project: SiteProject) -> tuple[Path, dict[str, bytes]]:
    site = project.root.parent / "site"
    first = _build(project, site)
    assert first.returncode == 0, first.stdout + first.stderr
    (site / "penanda-lama.txt").write_text("dari build sebelumnya")
    return site, _tree(site)


def _leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(PREFIX))


@pytest.mark.build
def test_failure_in_post_build_leaves_the_previous_site_byte_identical(site_project: SiteProject) -> None:
    site, before = _first_site(site_project)
    site_project.write_story("ronda-kedua", _meta("Ronda Kedua", "2025-05-21"), "Isi baru.\n")
    result = _build(site_project, site, KD_BOOM="1")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output, output
    assert "kesalahan tak terduga (RuntimeError: gagal disengaja di on_post_build)" in output, output
    assert _tree(site) == before, "build yang gagal mengubah situs lama"
    assert not _leftovers(site)


@pytest.mark.build
def test_control_character_in_front_matter_neither_tracebacks_nor_half_writes(site_project: SiteProject) -> None:
    """The hostile input of the issue: a control character that crashed feedgen after site/ was half-written."""
    site, before = _first_site(site_project)
    site_project.write_story("ronda-rusak", _meta("Ronda \x01 Rusak", "2025-05-21"), "Isi \x07 baru.\n")
    result = _build(site_project, site)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output, output
    assert _tree(site) == before, "build yang gagal mengubah situs lama"
    assert not _leftovers(site)


@pytest.mark.build
def test_a_successful_build_replaces_the_site_only_when_whole(site_project: SiteProject, tmp_path: Path) -> None:
    site, before = _first_site(site_project)
    site_project.write_story("ronda-kedua", _meta("Ronda Kedua", "2025-05-21"), "Isi baru.\n")
    probe = tmp_path / "probe.json"
    result = _build(site_project, site, KD_PROBE_OUT=str(probe))
    assert result.returncode == 0, result.stdout + result.stderr
    during = json.loads(probe.read_text())
    assert during["marker"], "site/ dikosongkan saat build masih berjalan"
    assert during["index"] == hashlib.sha256(before["index.html"]).hexdigest(), "site/index.html ditulis ulang di tengah build"
    after = _tree(site)
    assert "penanda-lama.txt" not in after, "a clean build drops files of the old site"
    assert any(name.startswith("berita/2025/05/ronda-kedua/") for name in after)
    assert "pagefind/2025/05/pagefind-entry.json" in after and "feed.xml" in after
    assert not _leftovers(site)


@pytest.mark.build
def test_a_dirty_build_is_swapped_in_whole_too(site_project: SiteProject, tmp_path: Path) -> None:
    site, before = _first_site(site_project)
    site_project.write_story("ronda-kedua", _meta("Ronda Kedua", "2025-05-21"), "Isi baru.\n")
    probe = tmp_path / "probe.json"
    result = _build(site_project, site, "--dirty", KD_PROBE_OUT=str(probe))
    assert result.returncode == 0, result.stdout + result.stderr
    during = json.loads(probe.read_text())
    assert during["index"] == hashlib.sha256(before["index.html"]).hexdigest(), "site/index.html ditulis ulang di tengah build"
    after = _tree(site)
    assert "penanda-lama.txt" in after, "a dirty build keeps what was there"
    assert any(name.startswith("berita/2025/05/ronda-kedua/") for name in after)
    assert not _leftovers(site)
