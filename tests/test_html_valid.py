"""The built sample site is valid HTML according to the W3C Nu checker (vnu.jar).

The checker starts a JVM (~8 s), so it runs once over the whole site folder.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from browser_support import build_sample_site, require_vnu

pytestmark = pytest.mark.build

SHOWN = 30


def test_built_site_is_valid_html(tmp_path_factory: pytest.TempPathFactory) -> None:
    java, vnu = require_vnu()
    site: Path = build_sample_site(tmp_path_factory)
    pages = sum(1 for _ in site.rglob("*.html"))
    assert pages > 50, f"situs hanya punya {pages} halaman HTML"
    proc = subprocess.run(
        [java, "-Xss4m", "-jar", str(vnu), "--errors-only", "--skip-non-html", str(site)],
        capture_output=True, text=True, timeout=300,
    )
    errors = [line.replace(f"file:{site}", "") for line in (proc.stdout + proc.stderr).splitlines() if line.strip()]
    shown = "\n".join(errors[:SHOWN])
    more = f"\n… dan {len(errors) - SHOWN} baris lagi" if len(errors) > SHOWN else ""
    assert proc.returncode == 0 and not errors, (
        f"vnu.jar menemukan {len(errors)} galat HTML di {pages} halaman (kode {proc.returncode}):\n{shown}{more}"
    )
