"""Pack the Decap CMS bundle from node_modules into the package (``kabardesa/cms/decap-cms.tar.gz``).

A Polres that only ``pip install``s Kabar Desa has no npm: the build copies the
web form's script from this archive into ``site/kirim/``, so no page loads
anything from a CDN. Run after changing decap-cms's pinned version in
package.json (``npm ci`` first)::

    .venv/bin/python tools/vendor_cms.py

The archive is reproducible (sorted members, fixed times and owners): packing
the same version twice gives the same bytes. Source maps are left out.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DIST = REPO / "node_modules" / "decap-cms" / "dist"
OUT = REPO / "kabardesa" / "cms" / "decap-cms.tar.gz"


def wanted(path: Path) -> bool:
    """``decap-cms.js``, its chunks (``NNN.decap-cms.js``), its WebAssembly and its licence; not the maps nor
    the ``cms.js`` copies (the same bundle under the old name)."""
    name = path.name
    return (name == "decap-cms.js" or name.endswith(".decap-cms.js") or name.endswith(".wasm")
            or name == "decap-cms.js.LICENSE.txt")


def pack(dist: Path, out: Path) -> str:
    version = json.loads((dist.parent / "package.json").read_text(encoding="utf-8"))["version"]
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        members = [("VERSION", version.encode() + b"\n")]
        members += [(p.name, p.read_bytes()) for p in sorted(dist.iterdir()) if p.is_file() and wanted(p)]
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            tar.addfile(info, io.BytesIO(data))
    out.write_bytes(gzip.compress(buffer.getvalue(), compresslevel=9, mtime=0))
    return version


def main() -> int:
    if not DIST.is_dir():
        print(f"{DIST.relative_to(REPO)} tidak ada: jalankan `npm ci` dulu", file=sys.stderr)
        return 1
    version = pack(DIST, OUT)
    print(f"ditulis: {OUT.relative_to(REPO)} (decap-cms {version}, {OUT.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
