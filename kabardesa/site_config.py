"""Read the few settings the command line needs from mkdocs.yml, without MkDocs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


class _TolerantLoader(yaml.SafeLoader):
    """Safe YAML that reads MkDocs' custom tags (``!ENV``, ``!!python/name``) as plain None."""


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
    url = str(data.get("site_url") or "http://127.0.0.1:8000/")
    return SiteConfig(str(data.get("site_name") or "Kabar Desa"), url if url.endswith("/") else url + "/")
