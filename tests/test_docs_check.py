"""Item 10 of issue 9: live markup in docs/ pages is shown to the reviewer of a pull request.

Pages under docs/ are published as written. ``kabardesa check --docs`` warns,
``path:line: peringatan: …``, about raw ``<script>``, event-handler attributes,
``javascript:`` URLs (also in Markdown links and attribute lists) and
``<iframe>``/``<object>``/``<embed>``; markup shown inside code is not live and
is not reported. The pull-request workflow runs it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kabardesa.docs_check import check_docs, is_javascript_url

REPO = Path(__file__).resolve().parents[1]
CHECK = REPO / ".github" / "workflows" / "check.yml"

# (line in the page, what is reported) for each payload of HOSTILE below.
HOSTILE = """---
title: Tentang <script>alert("judul")</script>
---

# Tentang kami

Teks biasa; tag `<script>` yang disebut di kode sebaris tidak aktif.

```html
<script>alert("contoh di blok kode")</script>
<img src=x onerror=alert(1)>
```

<script>alert(2)</script>

[klik](javascript:alert(3))

[huruf besar]( JaVaScRiPt:alert(4))

<a href="jav&#x09;ascript:alert(5)">entitas</a>

## Jadwal {: onclick="alert(6)" }

<div>`<img src=x onerror=alert(7)>`</div>

<iframe src="https://contoh.invalid/"></iframe>
<object data="x.swf"></object><embed src="x.swf">
<svg onload=alert(8)></svg>
<details open ontoggle=alert(9)><summary>x</summary>y</details>
"""
EXPECTED = [
    (2, "<script>"), (14, "<script>"), (16, "javascript:"), (18, "javascript:"), (20, "javascript:"),
    (22, "onclick="), (24, "onerror="), (26, "<iframe>"), (27, "<embed>"), (27, "<object>"),
    (28, "onload="), (29, "ontoggle="),
]
HTML_PAGE = '<html><body>\n<p onclick="x()">a</p>\n<a href="javascript:void(0)">b</a>\n<SCRIPT src=x.js></SCRIPT>\n</body></html>\n'


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "docs" / "panduan").mkdir(parents=True)
    (tmp_path / "docs" / "tentang.md").write_text(HOSTILE, encoding="utf-8")
    (tmp_path / "docs" / "panduan" / "lama.html").write_text(HTML_PAGE, encoding="utf-8")
    (tmp_path / "docs" / "bersih.md").write_text("# Bersih\n\nTautan [biasa](tentang.md) dan `onclick=` di kode.\n", encoding="utf-8")
    return tmp_path


def _found(problems, path: str) -> list[tuple[int, str]]:
    out = []
    for p in problems:
        if p.path == path:
            what = re.search(r"<\w+>|\bon[a-z]+=|javascript:", p.message)
            assert what, p.message
            out.append((p.line, what.group()))
    return out


def test_every_live_payload_in_markdown_is_reported_on_its_line(site: Path) -> None:
    assert _found(check_docs(site), "docs/tentang.md") == EXPECTED


def test_html_pages_are_reported_with_exact_lines(site: Path) -> None:
    assert _found(check_docs(site), "docs/panduan/lama.html") == [(2, "onclick="), (3, "javascript:"), (4, "<script>")]


def test_code_and_plain_pages_are_not_reported(site: Path) -> None:
    problems = check_docs(site)
    assert not [p for p in problems if p.path == "docs/bersih.md"]
    assert 10 not in [p.line for p in problems] and 11 not in [p.line for p in problems], "fenced code is text, not live"


def test_findings_are_warnings_in_indonesian_with_the_fix(site: Path) -> None:
    for problem in check_docs(site):
        line = problem.format()
        assert re.match(r"^docs/[^:]+:\d+: peringatan: ", line), line
        assert "; " in problem.message, f"no fix given: {problem.message}"


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JaVaScRiPt:x", "java\tscript:x", "\x01javascript:x", "javascript\n:x"])
def test_javascript_urls_as_browsers_read_them(url: str) -> None:
    assert is_javascript_url(url)


@pytest.mark.parametrize("url", ["https://contoh.invalid/javascript:", "tentang.md", "#javascript", "mailto:humas@contoh.invalid"])
def test_ordinary_urls_pass(url: str) -> None:
    assert not is_javascript_url(url)


def test_a_bracket_bomb_page_is_still_scanned_quickly(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "bom.md").write_text("[" * 40_000 + "\n\n<script>alert(1)</script>\n", encoding="utf-8")
    assert [(p.line, "<script>" in p.message) for p in check_docs(tmp_path)] == [(3, True)]


def test_the_sample_site_docs_are_clean() -> None:
    assert [p.format() for p in check_docs(REPO)] == []


def test_check_docs_prints_warnings_and_keeps_the_exit_status(site: Path) -> None:
    shutil.copytree(REPO / "data", site / "data")
    (site / "stories").mkdir()
    command = [sys.executable, "-m", "kabardesa.cli", "--root", str(site), "check"]
    with_docs = subprocess.run([*command, "--docs"], capture_output=True, text=True, timeout=120)
    assert with_docs.returncode == 0, "warnings for reviewers do not fail the check"
    printed = [line for line in with_docs.stdout.splitlines() if line.startswith("docs/")]
    assert len(printed) == len(EXPECTED) + 3
    assert "Traceback" not in with_docs.stderr
    without = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert not [line for line in without.stdout.splitlines() if line.startswith("docs/")], "officers' plain check stays about stories"


def test_pull_request_workflow_runs_the_docs_check_and_summarises_it() -> None:
    workflow = yaml.safe_load(CHECK.read_text(encoding="utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    script = next(str(s["run"]) for s in steps if "kabardesa check" in str(s.get("run", "")))
    assert re.search(r"^\s*kabardesa check --docs\b", script, re.MULTILINE)
    assert "GITHUB_STEP_SUMMARY" in script
    # Annotations come from the workflow's own sed over `path:line: peringatan:` lines, not from check's output.
    assert "::warning file=" in script
