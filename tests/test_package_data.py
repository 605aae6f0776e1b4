"""A Polres that installs the package (not from a checkout) gets every file the package reads."""

from __future__ import annotations

import tomllib

from conftest import REPO

PACKAGE = REPO / "kabardesa"


def test_package_data_covers_every_non_python_file() -> None:
    patterns = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["kabardesa"]
    covered = {path for pattern in patterns for path in PACKAGE.glob(pattern) if path.is_file()}
    needed = {path for path in PACKAGE.rglob("*") if path.is_file() and path.suffix not in (".py", ".pyc")
              and "__pycache__" not in path.parts}
    missing = sorted(str(p.relative_to(PACKAGE)) for p in needed - covered)
    assert not missing, f"berkas paket tidak ikut terpasang (tambahkan ke package-data di pyproject.toml): {missing}"
