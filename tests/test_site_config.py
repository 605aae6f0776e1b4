"""read_site_config: site_name and site_url from mkdocs.yml, with MkDocs' tags, without running anything."""

from __future__ import annotations

import pytest

from kabardesa.site_config import SiteConfig, read_site_config

from conftest import REPO

MKDOCS_YML = """\
site_name: Kabar Desa Uji
site_url: https://uji.example.id/kabar/
theme:
  name: material
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
extra:
  analytics: !ENV [KD_ANALYTICS, false]
  token: !ENV KD_TOKEN
  bomb: !!python/object/apply:builtins.exec ["open({marker!r}, 'w').write('dijalankan')"]
  bomb2: !!python/object/apply:os.system ["touch {marker}"]
"""


def test_repository_mkdocs_yml():
    assert read_site_config(REPO) == SiteConfig("Kabar Desa Polres Gresik", "https://kabardesa.example.id/")


def test_tags_are_read_without_executing_anything(tmp_path):
    marker = tmp_path / "dijalankan.txt"
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML.format(marker=str(marker)), encoding="utf-8")
    assert read_site_config(tmp_path) == SiteConfig("Kabar Desa Uji", "https://uji.example.id/kabar/")
    assert not marker.exists()


def test_site_url_gets_a_trailing_slash(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: A\nsite_url: https://a.example.id/sub\n", encoding="utf-8")
    assert read_site_config(tmp_path) == SiteConfig("A", "https://a.example.id/sub/")


@pytest.mark.parametrize("content", [None, "", "site_name: [tidak ditutup\n", "site_url:\nsite_name:\n", "\tsite_name: tab\n"])
def test_missing_or_broken_file_gives_defaults(tmp_path, content):
    if content is not None:
        (tmp_path / "mkdocs.yml").write_text(content, encoding="utf-8")
    assert read_site_config(tmp_path) == SiteConfig("Kabar Desa", "http://127.0.0.1:8000/")


@pytest.mark.parametrize("content", ["- sebuah\n- daftar\n", "hanya teks\n"])
def test_non_mapping_file_gives_defaults(tmp_path, content):
    (tmp_path / "mkdocs.yml").write_text(content, encoding="utf-8")
    assert read_site_config(tmp_path) == SiteConfig("Kabar Desa", "http://127.0.0.1:8000/")


def test_env_tag_on_site_url_resolves_like_mkdocs(tmp_path, monkeypatch):
    (tmp_path / "mkdocs.yml").write_text("site_name: A\nsite_url: !ENV [KD_SITE_URL, 'https://bawaan.example.id/']\n", encoding="utf-8")
    monkeypatch.delenv("KD_SITE_URL", raising=False)
    assert read_site_config(tmp_path).site_url == "https://bawaan.example.id/"
    monkeypatch.setenv("KD_SITE_URL", "https://env.example.id/")
    assert read_site_config(tmp_path).site_url == "https://env.example.id/"
