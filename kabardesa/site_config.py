"""Read the few settings the command line needs from mkdocs.yml, without MkDocs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .settings import SITE_NAME, SiteSettings, normal_site_url
from .settings_schema import settings_from_mapping


class _TolerantLoader(yaml.SafeLoader):
    """Safe YAML for mkdocs.yml: ``!ENV`` resolved as MkDocs does, other tags read as None."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``: the first variable set, else the default."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    items = loader.construct_sequence(node)  # type: ignore[arg-type]
    names, default = items[:-1], items[-1] if len(items) > 1 else None
    for name in names or items:
        if str(name) in os.environ:
            return os.environ[str(name)]
    return default


_TolerantLoader.add_constructor("!ENV", _env)
_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class SiteConfig:
    site_name: str
    site_url: str


def _mkdocs_yml(root: Path) -> dict[str, Any]:
    try:
        data = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except (OSError, yaml.YAMLError):
        data = {}
    return data if isinstance(data, dict) else {}


def _plugin_options(data: dict[str, Any]) -> tuple[object, str] | None:
    """``plugins: - kabardesa: {…}`` (or a bare ``- kabardesa``), if the site lists the plugin."""
    for item in data.get("plugins") or []:
        if item == "kabardesa":
            return {}, ""
        if isinstance(item, dict) and "kabardesa" in item:
            return item["kabardesa"] or {}, ""
    return None


def read_site_settings(root: Path) -> SiteSettings:
    """The site's settings as the build reads them (plugin options or ``extra: kabardesa:``).

    Bad values raise :class:`mkdocs.exceptions.PluginError` with the Indonesian message.
    """
    data = _mkdocs_yml(root)
    extra = data.get("extra")
    extra = extra if isinstance(extra, dict) else {}
    options, prefix = _plugin_options(data) or (extra.get("kabardesa"), "extra.kabardesa.")
    return settings_from_mapping(options, str(data.get("site_url") or "") or None, str(root / "mkdocs.yml"),
                                 prefix=prefix, site_name=str(data.get("site_name") or "") or None)


def read_site_config(root: Path) -> SiteConfig:
    data = _mkdocs_yml(root)
    return SiteConfig(str(data.get("site_name") or SITE_NAME), normal_site_url(str(data.get("site_url") or "")))
