"""`mkdocs serve` as an officer meets it: an Indonesian error page at every address while a story is
broken, the site again once it is fixed; one line for a port in use; no English dirty-build warning."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kabardesa.preview import error_page, port_in_use
from kabardesa.problems import Problem
from sitebuild import ENGINE, SiteProject

STORY = {"title": "Ronda Malam di Lowayu", "date": "2026-10-05 19:30", "village": "lowayu",
         "officer": "aipda-contoh-satu", "category": "siskamling"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_error_page_escapes_every_problem() -> None:
    page = error_page([Problem("stories/2026/10/<b>x</b>.md", 3, "kunci 'judul' <script>alert(1)</script> tidak dikenal")],
                      "Kabar & Desa")
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "stories/2026/10/&lt;b&gt;x&lt;/b&gt;.md:3" in page and "Kabar &amp; Desa" in page
    assert page.startswith("<!doctype html>") and 'lang="id"' in page


def test_port_in_use_is_seen() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        assert port_in_use("127.0.0.1", taken.getsockname()[1])
    assert not port_in_use("127.0.0.1", free_port())


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(url: str, wanted: str, seconds: float = 120) -> tuple[int, str]:
    deadline = time.monotonic() + seconds
    last = (0, "")
    while time.monotonic() < deadline:
        try:
            last = get(url)
            if wanted in last[1]:
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url}: '{wanted}' tidak muncul; terakhir: {last[0]} {last[1][:300]}")


def serve(project: SiteProject, port: int) -> subprocess.Popen[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    return subprocess.Popen([sys.executable, "-m", ENGINE, "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                            cwd=project.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.mark.build
def test_broken_story_gives_an_error_page_at_every_address_until_fixed(tmp_path: Path) -> None:
    project = SiteProject(tmp_path / "proyek")
    story = project.write_story("ronda", dict(STORY, judul="salah ketik"), "Warga kembali ronda bergilir.\n")
    port = free_port()
    proc = serve(project, port)
    try:
        base = f"http://127.0.0.1:{port}"
        status, page = wait_for(base + "/", "kesalahan")
        assert status == 200 and "kunci &#x27;judul&#x27; tidak dikenal" in page and project.rel(story) in page
        status, other = get(base + "/desa/lowayu/")
        assert status == 404 and "kunci &#x27;judul&#x27; tidak dikenal" in other
        time.sleep(1.1)
        assert project.write_story("ronda", STORY, "Warga kembali ronda bergilir.\n") == story  # the officer fixes the key
        _, home = wait_for(base + "/", "Ronda Malam di Lowayu")
        assert "kesalahan" not in home.split("<body", 1)[1][:2000]
        assert wait_for(base + "/desa/lowayu/", "Ronda Malam di Lowayu")[0] == 200
    finally:
        proc.terminate()
        output = proc.communicate(timeout=30)[0]
    assert "Traceback" not in output, output
    assert "A 'dirty' build is being performed" not in output, output
    assert "kesalahan; pratinjau menampilkan daftarnya" in output


@pytest.mark.build
def test_port_in_use_is_one_indonesian_line(tmp_path: Path) -> None:
    project = SiteProject(tmp_path / "proyek")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = serve(project, port)
        output = proc.communicate(timeout=120)[0]
    assert proc.returncode != 0
    assert "Traceback" not in output and f"make serve PORT={port + 1}" in output, output
    assert f"127.0.0.1:{port} sedang dipakai program lain" in output
