"""The officers' and editors' workflow: pre-commit hook, GitHub workflows, PR template, guide.

These files are run by tools we do not call in the test suite (pre-commit, GitHub
Actions), so the tests hold the structure that matters: what runs, on which
files or events, with which permissions. YAML 1.1 reads the key ``on`` as the
boolean ``True``; :func:`triggers` accepts both.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import markdown
import pytest
import yaml

from kabardesa.privacy import find_personal_data
from kabardesa.validate import KNOWN_KEYS

REPO = Path(__file__).resolve().parents[1]
PRE_COMMIT = REPO / ".pre-commit-config.yaml"
CHECK = REPO / ".github" / "workflows" / "check.yml"
DEPLOY = REPO / ".github" / "workflows" / "deploy.yml"
PR_TEMPLATE = REPO / ".github" / "pull_request_template.md"
GUIDE = REPO / "docs" / "panduan"
GUIDE_PAGES = ("index.md", "menulis.md", "foto.md", "pesan-check.md", "kirim.md", "editor.md")
# The extensions mkdocs.yml enables (MkDocs always adds toc, tables and fenced_code).
MD_EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "admonition"]


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """The ``on:`` mapping, whether YAML read the key as ``"on"`` or as ``True``."""
    value = workflow.get("on", workflow.get(True))
    assert value is not None, "workflow has no 'on:' triggers"
    if isinstance(value, str):
        return {value: None}
    if isinstance(value, list):
        return {event: None for event in value}
    return value


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def run_text(workflow: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) for step in steps(workflow))


def uses(workflow: dict[str, Any]) -> list[str]:
    return [step["uses"] for step in steps(workflow) if "uses" in step]


def step_using(workflow: dict[str, Any], action: str) -> dict[str, Any]:
    found = [step for step in steps(workflow) if str(step.get("uses", "")).split("@")[0] == action]
    assert found, f"no step uses {action}"
    return found[0]


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


# -- pre-commit ----------------------------------------------------------------


@pytest.fixture(scope="module")
def hook() -> dict[str, Any]:
    config = load(PRE_COMMIT)
    hooks = [h for repo in config["repos"] for h in repo.get("hooks", []) if "kabardesa check" in str(h.get("entry", ""))]
    assert len(hooks) == 1, "expected one pre-commit hook running `kabardesa check`"
    repos = [repo for repo in config["repos"] if hooks[0] in repo.get("hooks", [])]
    assert repos[0]["repo"] == "local"
    return hooks[0]


def test_pre_commit_hook_runs_kabardesa_check_on_staged_stories(hook: dict[str, Any]) -> None:
    assert hook["entry"].split() == ["kabardesa", "check"]
    assert hook["language"] == "system"
    assert hook.get("pass_filenames", True) is True
    assert hook["id"] and hook["name"]


@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("stories/2026/09/x.md", True),
        ("stories/2026/09/2026-09-12-kerja-bakti-sawo.markdown", True),
        ("docs/x.md", False),
        ("docs/stories/x.md", False),
        ("stories/2026/09/kerja-bakti-sawo.jpg", True),
        ("README.md", False),
        ("asesmen/2026/10/sawo-2026-10-02.md", True),
        ("asesmen/2026/10/catatan.txt", False),
    ],
)
def test_pre_commit_hook_file_pattern(hook: dict[str, Any], path: str, matches: bool) -> None:
    # pre-commit applies `files` with re.search to repository-relative paths.
    assert bool(re.search(hook["files"], path)) is matches


# -- check.yml -------------------------------------------------------------------


@pytest.fixture(scope="module")
def check() -> dict[str, Any]:
    return load(CHECK)


def test_check_runs_on_pull_requests_and_other_branches(check: dict[str, Any]) -> None:
    on = triggers(check)
    assert "pull_request" in on
    push = on.get("push") or {}
    assert "main" in as_list(push.get("branches-ignore")), "push to main is the deploy workflow's job"


def test_check_runs_the_checks_build_and_tests(check: dict[str, Any]) -> None:
    commands = run_text(check)
    assert "pip install -r requirements-dev.txt" in commands
    assert "pip install --no-deps -e ." in commands
    assert re.search(r"^\s*kabardesa check\b", commands, re.MULTILINE)
    assert "mkdocs build --strict" in commands
    assert re.search(r"python -m pytest -q -m [\"']not browser[\"']", commands)


def test_check_uses_current_actions_and_python_311(check: dict[str, Any]) -> None:
    assert "actions/checkout@v4" in uses(check)
    assert "actions/setup-python@v5" in uses(check)
    assert str(step_using(check, "actions/setup-python")["with"]["python-version"]) == "3.11"


def test_check_stops_on_a_failing_kabardesa_check(check: dict[str, Any]) -> None:
    step = next(s for s in steps(check) if "kabardesa check" in str(s.get("run", "")))
    script = step["run"]
    # The annotations must not swallow the exit status of `kabardesa check`.
    if "status" in script:
        assert re.search(r'exit "?\$status"?', script)


# -- deploy.yml ------------------------------------------------------------------


@pytest.fixture(scope="module")
def deploy() -> dict[str, Any]:
    return load(DEPLOY)


def test_deploy_runs_on_push_to_main(deploy: dict[str, Any]) -> None:
    on = triggers(deploy)
    assert "pull_request" not in on
    assert as_list((on.get("push") or {}).get("branches")) == ["main"]


def test_deploy_may_write_pages_and_request_an_id_token(deploy: dict[str, Any]) -> None:
    permissions = dict(deploy.get("permissions") or {})
    for job in deploy["jobs"].values():
        permissions.update(job.get("permissions") or {})
    assert permissions.get("pages") == "write"
    assert permissions.get("id-token") == "write"
    assert deploy["concurrency"]["group"] == "pages"


def test_deploy_checks_builds_uploads_and_deploys(deploy: dict[str, Any]) -> None:
    commands = run_text(deploy)
    assert re.search(r"^\s*kabardesa check\b", commands, re.MULTILINE)
    assert "mkdocs build --strict" in commands
    assert "pytest" in commands
    assert "pagefind" not in commands.lower(), "the build runs Pagefind itself"
    assert "actions/checkout@v4" in uses(deploy)
    assert "actions/setup-python@v5" in uses(deploy)
    assert "actions/upload-pages-artifact@v3" in uses(deploy)
    assert "actions/deploy-pages@v4" in uses(deploy)
    assert step_using(deploy, "actions/upload-pages-artifact")["with"]["path"] == "site"


def test_deploy_job_waits_for_the_build(deploy: dict[str, Any]) -> None:
    jobs = deploy["jobs"]
    build = next(name for name, job in jobs.items() if any("upload-pages-artifact" in str(s.get("uses", "")) for s in job["steps"]))
    publish = next(name for name, job in jobs.items() if any("deploy-pages" in str(s.get("uses", "")) for s in job["steps"]))
    if build != publish:
        assert build in as_list(jobs[publish].get("needs"))
        assert jobs[publish]["environment"]["name"] == "github-pages"


# -- pull request template -------------------------------------------------------


def test_pull_request_template_holds_the_editor_checklist() -> None:
    text = PR_TEMPLATE.read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.+)$", text, re.MULTILINE)
    assert len(boxes) >= 8
    joined = "\n".join(boxes)
    for needle in ("kabardesa check", "NIK", "anak", "izin", "image_alt", "village", "officer", "category", "title", "date", "draft: false"):
        assert needle in joined, needle


# -- the officers' guide -----------------------------------------------------------


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])  # type: ignore[arg-type]
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"])  # type: ignore[arg-type]


def render(path: Path) -> _Html:
    html = markdown.markdown(path.read_text(encoding="utf-8"), extensions=MD_EXTENSIONS)
    parsed = _Html()
    parsed.feed(html)
    return parsed


def guide_links() -> list[tuple[str, str]]:
    return [(page.name, href) for page in sorted(GUIDE.glob("*.md")) for href in render(page).hrefs]


def test_guide_pages_exist() -> None:
    for name in GUIDE_PAGES:
        assert (GUIDE / name).is_file(), name


def test_guide_index_links_every_page() -> None:
    targets = {urlsplit(href).path for href in render(GUIDE / "index.md").hrefs}
    for name in GUIDE_PAGES[1:]:
        assert name in targets, f"panduan/index.md does not link {name}"


@pytest.mark.parametrize(("page", "href"), [link for link in guide_links() if ".md" in urlsplit(link[1]).path or link[1].startswith("#")])
def test_guide_links_resolve(page: str, href: str) -> None:
    parts = urlsplit(href)
    assert not parts.scheme and not parts.netloc
    target = (GUIDE / page).parent / unquote(parts.path) if parts.path else GUIDE / page
    target = target.resolve()
    assert target.is_file(), f"{page}: link {href} points to a missing file"
    if target.parent == GUIDE.resolve() and parts.fragment:
        assert parts.fragment in render(target).ids, f"{page}: link {href} points to a missing heading"


def test_every_front_matter_key_is_documented() -> None:
    text = (GUIDE / "menulis.md").read_text(encoding="utf-8")
    for key in KNOWN_KEYS:
        assert f"`{key}`" in text, f"kunci '{key}' tidak dijelaskan di docs/panduan/menulis.md"


def test_personal_data_messages_are_quoted_as_the_checker_prints_them() -> None:
    text = (GUIDE / "pesan-check.md").read_text(encoding="utf-8")
    nik, phone = find_personal_data("NIK 3525010101900001, HP 0812-3456-7890")
    assert nik.kind == "nik" and phone.kind == "phone"
    assert nik.message in text
    assert phone.message in text
    assert "pii_ok" in text
