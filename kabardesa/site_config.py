"""Read the few settings the command line needs from mkdocs.yml, without MkDocs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


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


def read_site_config(root: Path) -> SiteConfig:
    path = root / "mkdocs.yml"
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except (OSError, yaml.YAMLError):
        data = {}
    if not isinstance(data, dict):
        data = {}
    url = str(data.get("site_url") or "http://127.0.0.1:8000/")
    return SiteConfig(str(data.get("site_name") or "Kabar Desa"), url if url.endswith("/") else url + "/")
