"""Helpers for the web form (``/kirim/``): its files, the local backend, and an officer filling it in.

Used by tests/test_cms_form.py and bench/cms.py. The local backend is npm's
``decap-server`` (``MODE=fs``) on 127.0.0.1, writing into a throw-away copy of
the site, never into this repository.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
DECAP_SERVER = REPO / "node_modules" / "decap-server" / "dist" / "index.js"
MISSING_DECAP_SERVER = ("decap-server tidak ada di node_modules/: jalankan `npm ci` "
                        "(atau `bash tools/install-browser-deps.sh`)")


def require_decap_server() -> tuple[str, Path]:
    node = shutil.which("node")
    if not node or not DECAP_SERVER.is_file():
        pytest.skip(MISSING_DECAP_SERVER)
    return node, DECAP_SERVER


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def decap_server(root: Path, port: int, node: str = "node") -> Iterator[subprocess.Popen[bytes]]:
    """``decap-server`` serving ``root`` (a site's folder) on 127.0.0.1:``port`` until the block ends."""
    env = dict(os.environ, PORT=str(port), BIND_HOST="127.0.0.1", MODE="fs", GIT_REPO_DIRECTORY=str(root),
               LOG_LEVEL="warn")
    proc = subprocess.Popen([node, str(DECAP_SERVER)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1", timeout=1)
                break
            except urllib.error.HTTPError:
                break  # it answers (GET is not its method): it is up
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    output = proc.stderr.read().decode() if proc.stderr else ""
                    raise RuntimeError(f"decap-server tidak mau jalan: {output}") from None
                time.sleep(0.2)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def write_form(root: Path, site_dir: Path, port: int | None) -> Path:
    """The form's files for the site in ``root``, as a build writes them: with the local backend on ``port``,
    or (``None``) with the site's own backend (GitHub)."""
    from kabardesa.cms_page import cms_outputs
    from kabardesa.outputs import write_output
    from kabardesa.registry import load_registry
    from kabardesa.site_config import read_site_settings

    settings = read_site_settings(root)
    if port is not None:
        settings = replace(settings, cms_backend="local", cms_local_port=port)
    registry = load_registry(root / "data")
    identity = settings.identity.with_polres(registry.polres_name)
    for output in cms_outputs(registry, settings, identity):
        write_output(site_dir, output)
    return site_dir / "kirim"


@dataclass
class Entry:
    """What an officer types into the form."""

    title: str
    when: str  # the datetime-local input's value: 2026-12-02T19:30
    villages: tuple[str, ...]  # typed into the search box, the first match taken
    officer: str
    category: str
    summary: str
    body: str
    photo: Path | None = None
    photo_alt: str = ""


def log_in(page: Any, form_url: str) -> None:
    """Open the form and pass its login screen (the local backend needs no password)."""
    page.goto(form_url)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_text("Cerita baru").first.wait_for()


def fill(page: Any, form_url: str, entry: Entry) -> None:
    """A new story, every field filled the way a finger would (click, type, pick)."""
    page.goto(form_url + "#/collections/cerita/new")
    page.get_by_label("Judul").fill(entry.title)
    page.locator('input[type="datetime-local"]').fill(entry.when)
    for village in entry.villages:
        _pick(page, "Desa/kelurahan", village)
    _pick(page, "Petugas", entry.officer)
    _pick(page, "Jenis kegiatan", entry.category)
    page.get_by_label("Ringkasan").fill(entry.summary)
    if entry.photo is not None:
        page.get_by_role("button", name="Pilih foto").click()
        page.locator('input[type="file"]').set_input_files(str(entry.photo))
        page.get_by_role("button", name="Pakai yang dipilih").click()
        if entry.photo_alt:
            page.get_by_label("Keterangan foto").fill(entry.photo_alt)
    page.locator('[data-slate-editor="true"]').click()
    page.keyboard.type(entry.body)


def save_local(page: Any, expect: str = "Tersimpan di folder situs") -> None:
    """The local backend's save: the toolbar's menu, then "save into stories/"; wait for ``expect`` to show."""
    page.get_by_role("button", name="Simpan").first.click()
    page.get_by_text("Simpan ke folder situs").click()
    page.get_by_text(expect).first.wait_for(timeout=15_000)


def _pick(page: Any, label: str, typed: str) -> None:
    """A searchable select: tap it, type, take the first match."""
    field_id = page.locator(f'label:has-text("{label}")').first.get_attribute("for")
    page.locator(f'[id="{field_id}"]').click()
    page.keyboard.type(typed)
    page.locator('[class*="-option"]').first.wait_for()
    page.keyboard.press("Enter")
