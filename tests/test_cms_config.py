"""The web form's config.yml (kabardesa.cms_config) writes exactly the front-matter check accepts."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import PluginError

from conftest import DATA, REPO, VALID_BODY
from kabardesa import cms_page
from kabardesa.cms_config import DATE_FORMAT, STORY_PATH, STORY_SLUG, CmsSettings, cms_config, cms_config_text
from kabardesa.fields import check_category, check_officer, check_polsek, check_village
from kabardesa.registry import Registry, Village, load_registry
from kabardesa.settings import DEFAULTS
from kabardesa.settings_schema import settings_from_mapping
from kabardesa.validate import KNOWN_KEYS, REQUIRED_KEYS

GITHUB = CmsSettings(repo="polres-contoh/kabar-desa", site_url="https://kabar.example.id/")
LOCAL = CmsSettings(backend="local", local_port=18081)


def fields(registry: Registry, cms: CmsSettings = GITHUB) -> dict[str, dict]:
    return {f["name"]: f for f in cms_config(registry, cms)["collections"][0]["fields"]}


def test_form_fields_are_the_front_matter_keys(registry: Registry) -> None:
    form = fields(registry)
    assert set(form) - {"body"} <= set(KNOWN_KEYS)
    assert set(KNOWN_KEYS) <= set(form), "every front-matter key can be written from the form"
    assert {name for name, f in form.items() if f.get("required", True)} == set(REQUIRED_KEYS) | {"body"}
    assert form["draft"]["default"] is True
    assert form["village"]["multiple"] is True and form["image"]["widget"] == "image"


def test_every_choice_is_a_value_check_accepts() -> None:
    """The Gresik sample's own registries: ten village names repeat across kecamatan, the form writes slugs."""
    registry = load_registry(DATA)
    form = fields(registry)
    villages = [check_village(o["value"], registry) for o in form["village"]["options"]]
    assert [v.slug for v, problems in villages if not problems] == [o["value"] for o in form["village"]["options"]]
    assert len(villages) == len(registry.villages) == 356
    labels = [o["label"] for o in form["village"]["options"]]
    assert len(set(labels)) == len(labels), "two villages of one name are told apart by their kecamatan"
    assert "Sukorejo (Kec. Kebomas)" in labels
    for option in form["officer"]["options"]:
        assert check_officer(option["value"], registry) == (registry.officers[option["value"]], [])
    for option in form["category"]["options"]:
        assert check_category(option["value"], registry) == (registry.categories[option["value"]], [])
    for option in form["polsek"]["options"]:
        assert check_polsek(option["value"], registry) == ((registry.polsek[option["value"]],), [])


def test_a_story_as_the_form_writes_it_passes_check(check_story, registry: Registry) -> None:
    """Decap writes the fields in the config's order, a list for the villages, the date in DATE_FORMAT."""
    assert DATE_FORMAT == "YYYY-MM-DD HH:mm"
    meta = {"title": "Ronda Malam di Lowayu", "date": "2025-05-23 19:30", "village": ["lowayu", "sawo"],
            "officer": "aipda-contoh-satu", "category": "siskamling", "summary": "Warga kembali meronda.", "draft": True}
    assert list(meta) == [name for name in fields(registry) if name in meta]
    story, problems = check_story(meta, VALID_BODY)
    assert problems == [] and story.draft and [v.slug for v in story.villages] == ["lowayu", "sawo"]
    polsek_wide = {k: v for k, v in meta.items() if k != "village"} | {"polsek": "dukun"}
    assert check_story(polsek_wide, VALID_BODY, name="2025-05-23-polsek.md")[1] == []


def test_stories_land_in_year_and_month_folders_with_their_photos_beside(registry: Registry) -> None:
    collection = cms_config(registry, GITHUB)["collections"][0]
    assert (collection["folder"], collection["path"], collection["slug"]) == ("stories", STORY_PATH, STORY_SLUG)
    assert STORY_PATH == "{{year}}/{{month}}/{{slug}}" and STORY_SLUG.startswith("{{year}}-{{month}}-{{day}}-")
    assert collection["media_folder"] == "" and collection["public_folder"] == ""  # beside the story, by file name


def test_backends(registry: Registry) -> None:
    github = cms_config(registry, GITHUB)
    assert github["backend"]["name"] == "github" and github["backend"]["repo"] == "polres-contoh/kabar-desa"
    assert github["publish_mode"] == "editorial_workflow"
    local = cms_config(registry, LOCAL)
    assert local["backend"] == {"name": "proxy", "proxy_url": "http://127.0.0.1:18081/api/v1", "branch": "main"}
    assert "publish_mode" not in local  # decap-server's fs mode writes into the working tree
    with_proxy = cms_config(registry, replace(GITHUB, base_url="https://auth.example.id", auth_endpoint="oauth"))
    assert with_proxy["backend"]["base_url"] == "https://auth.example.id"
    assert with_proxy["backend"]["auth_endpoint"] == "oauth"


def test_config_text_keeps_hostile_names_inert(registry: Registry) -> None:
    hostile = Village(code="35.25.99.2001", name="Desa\"]}\n- {name: x} #'", type="desa", kecamatan="Dukun",
                      slug="hostile", aliases=())
    registry = replace(registry, villages={**registry.villages, "hostile": hostile})
    text = cms_config_text(registry, GITHUB)
    assert yaml.safe_load(text) == json.loads(text.split("\n", 1)[1]) == cms_config(registry, GITHUB)
    labels = [o["label"] for o in fields(registry)["village"]["options"]]
    assert f"{hostile.name} (Kec. Dukun)" in labels


def test_cms_settings_are_checked() -> None:
    assert DEFAULTS.cms_backend == "github" and DEFAULTS.cms_branch == "main" and DEFAULTS.cms_local_port == 8081
    settings = settings_from_mapping({"cms_repo": "polres-gresik/kabar-desa", "cms_backend": "Local"})
    assert (settings.cms_repo, settings.cms_backend) == ("polres-gresik/kabar-desa", "local")
    with pytest.raises(PluginError, match=r"cms_repo: harus nama repositori GitHub PEMILIK/NAMA"):
        settings_from_mapping({"cms_repo": "https://github.com/a/b"})
    with pytest.raises(PluginError, match=r"cms_backend: nilai 'gitlab' .*maksud Anda: github"):
        settings_from_mapping({"cms_backend": "gitlab"})
    assert settings_from_mapping({"cms_base_url": "https://login.example.id/"}).cms_base_url == "https://login.example.id"
    with pytest.raises(PluginError, match=r"cms_auth_endpoint: harus jalur"):
        settings_from_mapping({"cms_auth_endpoint": "https://x/../y"})
    for bad in ("http://login.example.id", "javascript:alert(1)", "https://x.id/\"><script>"):
        with pytest.raises(PluginError, match=r"cms_base_url: harus alamat https://"):
            settings_from_mapping({"cms_base_url": bad})


def test_form_page_files(registry: Registry, tmp_path: Path) -> None:
    settings = replace(DEFAULTS, cms_repo="polres-contoh/kabar-desa")
    identity = replace(settings.identity, site_name='Kabar <script>alert(1)</script> "Desa"')
    outputs = {o.path: o for o in cms_page.cms_outputs(registry, settings, identity)}
    page = outputs["kirim/index.html"].render().decode()
    assert "<script>alert(1)" not in page and "Kabar &lt;script&gt;" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page and 'data-kd-backend="github"' in page
    assert "kd-notice" not in page
    unset = cms_page.cms_outputs(registry, DEFAULTS, identity)[0].render().decode()
    assert 'class="kd-notice"' in unset and "cms_repo" in unset, "a form with no repository says so, and how to fix it"
    for name in ("decap-cms.js", "locale-id.js", "kirim.js", "kirim.css", "config.yml"):
        assert f"kirim/{name}" in outputs
    assert all(path.startswith("kirim/") and "/" not in path.removeprefix("kirim/") for path in outputs)
    script = page.split("<body>", 1)[1]
    assert "src=\"http" not in script and "//" not in script.replace("</", ""), "no script from another address"


def test_vendored_bundle_is_the_pinned_npm_version() -> None:
    """tools/vendor_cms.py packs node_modules' decap-cms; package.json pins the version it was packed from."""
    pinned = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]["decap-cms"]
    assert cms_page.bundle_version() == pinned
    assert "decap-cms.js" in cms_page.bundle_files(cms_page._stamp(cms_page.BUNDLE))


# -- the second collection: village security assessments ------------------------------------------


def assessment_fields(registry: Registry) -> dict[str, dict]:
    collection = cms_config(registry, GITHUB)["collections"][1]
    assert (collection["name"], collection["folder"], collection["path"]) == ("asesmen", "asesmen", STORY_PATH)
    return {f["name"]: f for f in collection["fields"]}


def test_the_assessment_form_asks_every_checklist_question(registry: Registry) -> None:
    from kabardesa.assessment_schema import CHECKLIST

    form = assessment_fields(registry)
    assert list(form) == ["village", "officer", "date", *(f.key for f in CHECKLIST), "body"]
    assert all("public" not in f for f in form.values()), "only Decap's own keys reach config.yml"
    assert form["village"]["widget"] == "select" and not form["village"].get("multiple")
    assert {o["value"] for o in form["village"]["options"]} == set(registry.villages)
    assert {o["value"] for o in form["officer"]["options"]} == set(registry.officers)
    for item in CHECKLIST:  # who sees the answer is said beside the question
        assert ("hanya internal" in form[item.key]["hint"]) == (item.visibility == "internal"), item.key


def test_an_assessment_as_the_form_writes_it_passes_check(registry: Registry, tmp_path: Path) -> None:
    """Decap writes each field in order: booleans as true/false, counts as numbers, choices as lists, the day unquoted."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from kabardesa.assessment_validate import check_assessment_text

    form = assessment_fields(registry)
    answers: dict[str, object] = {"village": "lowayu", "officer": "aipda-contoh-satu", "date": "2025-05-20"}
    for name, spec in form.items():
        if name in answers or name == "body":
            continue
        if spec["widget"] == "number":
            answers[name] = 1
        elif spec["widget"] == "boolean":
            answers[name] = spec["default"]
        elif spec["widget"] == "select":
            first = spec["options"][0]
            answers[name] = [first] if spec.get("multiple") else first
        else:
            answers[name] = "22.00-04.00" if name.endswith("hours") else ""
    text = "---\n" + yaml.safe_dump(answers, allow_unicode=True, sort_keys=False).replace("'2025-05-20'", "2025-05-20")
    text += "---\n\nWarga dan petugas menilai keamanan lingkungan bersama ketua RT.\n"
    path = tmp_path / "asesmen" / "2025" / "05" / "lowayu-2025-05-20.md"
    assessment, problems = check_assessment_text(text, path, "asesmen/2025/05/lowayu-2025-05-20.md", registry,
                                                 now=datetime(2025, 6, 1, tzinfo=ZoneInfo("Asia/Jakarta")))
    assert [p.message for p in problems] == [] and assessment is not None
    assert assessment.village.slug == "lowayu"
