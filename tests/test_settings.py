"""Deployment settings: documented defaults, the mkdocs.yml schema, the plugin entry point."""

from __future__ import annotations

import re
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import PluginError

from kabardesa.mkdocs_plugin import KabarDesaConfig, KabarDesaPlugin, settings_from_config, settings_from_mapping
from kabardesa.settings import DEFAULTS, SiteSettings
from kabardesa.settings_schema import IdentityConfig
from sitebuild import ENGINE, SiteProject


def test_defaults_are_the_documented_values() -> None:
    """A site that chooses nothing gets what README's settings table promises (the Gresik example's values)."""
    assert (DEFAULTS.page_size, DEFAULTS.home_latest, DEFAULTS.polsek_recent, DEFAULTS.digest_summaries_up_to) == (30, 10, 10, 100)
    assert (DEFAULTS.feed_size, DEFAULTS.whatsapp_limit, DEFAULTS.whatsapp_short_title) == (50, 4000, 60)
    assert DEFAULTS.photo_widths == (240, 480, 960, 1600) and DEFAULTS.photo_default_width == 960
    assert (DEFAULTS.photo_webp_quality, DEFAULTS.photo_jpeg_quality) == (75, 80)
    assert DEFAULTS.photo_cache_dir(Path("/site")) == Path("/site/.cache/kabardesa/photos")
    assert DEFAULTS.identity.site_url == "http://127.0.0.1:8000/"
    assert DEFAULTS.identity.site_name == "Kabar Desa"
    assert DEFAULTS.internal is False
    assert DEFAULTS.timezone == "Asia/Jakarta"


def test_readme_documents_every_setting() -> None:
    """Each schema key appears in README's settings table, with its default."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    keys = [key for key, _ in KabarDesaConfig._schema if key != "identity"] + [f"identity.{key}" for key, _ in IdentityConfig._schema]
    missing = [key for key in keys if f"`{key}`" not in readme]
    assert not missing, missing


def test_empty_options_give_the_defaults() -> None:
    """No ``extra: kabardesa:`` at all, or an empty one: exactly :data:`DEFAULTS`."""
    assert settings_from_config({"site_url": None, "extra": {}}) == DEFAULTS
    assert settings_from_config({"site_url": None, "extra": {"kabardesa": None}}) == DEFAULTS


def test_every_setting_field_is_in_the_schema() -> None:
    """A field added to SiteSettings without a schema key could never be set from mkdocs.yml."""
    schema_keys = {key for key, _ in KabarDesaConfig._schema}
    fields = set(SiteSettings.__dataclass_fields__)
    assert fields == schema_keys


def test_values_are_read_and_normalised() -> None:
    settings = settings_from_config({
        "site_url": "https://polres-lamongan.example.id",
        "extra": {"kabardesa": {
            "page_size": 12, "photo_widths": [1600, 480, 480], "photo_default_width": 480, "timezone": "WITA",
            "photo_cache": "off",
            "identity": {"name": "Polres Lamongan", "region_codes": [35.10, "35.24.01"], "primary_color": "Deep-Purple"},
        }},
    })
    assert settings.identity.site_url == "https://polres-lamongan.example.id/"
    assert settings.page_size == 12
    assert settings.photo_widths == (480, 1600)
    assert settings.timezone == "Asia/Makassar"
    assert settings.photo_cache is None and settings.photo_cache_dir(Path("/x")) is None
    # YAML reads an unquoted 35.10 as the float 35.1: the code is taken back with its zero.
    assert settings.identity.region_codes == ("35.10", "35.24.01")
    assert settings.identity.primary_color == "deep purple"
    assert settings.identity.short == "Lamongan"


@pytest.mark.parametrize(("options", "key", "words"), [
    ({"page_size": "tiga puluh"}, "extra.kabardesa.page_size", "bilangan bulat"),
    ({"page_size": 0}, "extra.kabardesa.page_size", "1–500"),
    ({"feed_size": True}, "extra.kabardesa.feed_size", "bilangan bulat"),
    ({"page_sise": 20}, "extra.kabardesa.page_sise", "maksud Anda: page_size"),
    ({"internal": "ya"}, "extra.kabardesa.internal", "true atau false"),
    ({"photo_widths": [480, "besar"]}, "extra.kabardesa.photo_widths", "bilangan bulat"),
    ({"photo_default_width": 700}, "extra.kabardesa.photo_default_width", "photo_widths"),
    ({"timezone": "Asia/Jakrta"}, "extra.kabardesa.timezone", "maksud Anda: Asia/Jakarta"),
    ({"identity": {"name": ""}}, "extra.kabardesa.identity.name", "tidak boleh kosong"),
    ({"identity": {"region_codes": ["3524"]}}, "extra.kabardesa.identity.region_codes", "'35.25'"),
    ({"identity": {"region_codes": [35.125]}}, "extra.kabardesa.identity.region_codes", "tanda kutip"),
    ({"identity": {"accent_color": "brown"}}, "extra.kabardesa.identity.accent_color", "pilihan"),
    ({"identity": {"logo_url": "x.png"}}, "extra.kabardesa.identity.logo_url", "kunci tidak dikenal"),
    ({"identity": "Polres Gresik"}, "extra.kabardesa.identity", "pemetaan"),
])
def test_bad_value_is_an_indonesian_error_naming_the_key(options: dict, key: str, words: str) -> None:
    with pytest.raises(PluginError) as caught:
        settings_from_mapping(options)
    message = str(caught.value)
    assert f"{key}: " in message and words in message
    assert "Expected" not in message and "Unrecognised" not in message


def test_error_names_the_line_in_mkdocs_yml(tmp_path: Path) -> None:
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: X\nextra:\n  alternate: true\n  kabardesa:\n    feed_size: 20\n    page_size: nol\n",
                           encoding="utf-8")
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    with pytest.raises(PluginError, match=re.escape("mkdocs.yml:6: extra.kabardesa.page_size: ")) as caught:
        settings_from_mapping(config["extra"]["kabardesa"], config_file=str(config_file))
    assert "bawaan: page_size: 30" in str(caught.value)  # the fix: the documented default


def test_extra_kabardesa_that_is_not_a_mapping() -> None:
    with pytest.raises(PluginError, match="extra.kabardesa: harus pemetaan"):
        settings_from_config({"extra": {"kabardesa": ["page_size", 30]}})


def test_plugin_entry_point_resolves() -> None:
    """``plugins: - kabardesa`` finds the plugin (after ``pip install -e .``)."""
    found = {ep.name: ep for ep in entry_points(group="mkdocs.plugins")}
    assert "kabardesa" in found, "entry point missing: run `.venv/bin/pip install --no-deps -e .`"
    assert found["kabardesa"].load() is KabarDesaPlugin


def test_plugin_handles_every_event_of_the_hook_file() -> None:
    """The plugin and hooks/ run the same adapter functions, so a site may use either."""
    from kabardesa import mkdocs_adapter

    for name in (n for n in mkdocs_adapter.__all__ if n.startswith("on_")):
        assert name in vars(KabarDesaPlugin), name


# -- on the engine itself (MkDocs, or ProperDocs with KD_ENGINE=properdocs) --------------------


def _use_plugin(project: SiteProject, options: str) -> None:
    """The site's mkdocs.yml loads the package as a plugin instead of through hooks/."""
    path = project.root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^hooks:\n(  - .*\n)+", "", text, flags=re.MULTILINE)
    text = re.sub(r"^  kabardesa:\n(    .*\n)+", "", text, flags=re.MULTILINE)  # the settings move to the plugin
    text = re.sub(r"^plugins: \[\]\n", f"plugins:\n  - kabardesa{options}\n", text, flags=re.MULTILINE)
    assert "kabardesa" in text and "hooks:" not in text
    path.write_text(text, encoding="utf-8")


@pytest.mark.build
def test_site_builds_with_the_plugin_instead_of_hooks(tmp_path: Path) -> None:
    project = SiteProject(tmp_path / "site")
    _use_plugin(project, ":\n      page_size: 5")
    result = project.build()
    assert result.ok, result.output
    assert (result.site / "desa" / "index.html").is_file()
    assert (result.site / "feed.xml").is_file()  # post_build ran through the plugin too


@pytest.mark.build
def test_bad_plugin_option_stops_the_build_in_indonesian(tmp_path: Path) -> None:
    project = SiteProject(tmp_path / "site")
    _use_plugin(project, ":\n      page_size: tiga puluh")
    result = project.build()
    assert not result.ok
    line = next(n for n, text in enumerate((project.root / "mkdocs.yml").read_text().splitlines(), 1) if "page_size: tiga" in text)
    assert f"mkdocs.yml:{line}: page_size: harus bilangan bulat 1–500, bukan 'tiga puluh' (teks)" in result.output, (
        ENGINE, result.output)
    assert "Traceback" not in result.output


@pytest.mark.build
def test_plugin_and_hook_file_together_are_refused(tmp_path: Path) -> None:
    """Both would run the whole pipeline (every page, feed and photo twice): the build says which to drop."""
    project = SiteProject(tmp_path / "site")
    path = project.root / "mkdocs.yml"
    path.write_text(re.sub(r"^plugins: \[\]\n", "plugins:\n  - kabardesa\n", path.read_text(encoding="utf-8"), flags=re.MULTILINE),
                    encoding="utf-8")
    result = project.build()
    assert not result.ok
    assert "plugin kabardesa dan hooks (hooks/kabar_hooks.py) sama-sama menjalankan Kabar Desa" in result.output, result.output
    assert "Traceback" not in result.output
