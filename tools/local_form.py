"""``make serve``'s second half: the web form's local backend, decap-server on 127.0.0.1.

Run in the background by the Makefile beside ``mkdocs serve``. It reads the
site's ``cms_local_port`` and replaces itself with decap-server (``MODE=fs``:
stories are written straight into this folder's stories/), so the Makefile can
stop it by its process id when the preview stops. When Node.js or decap-server
is missing, or the port is taken, it says so in one Indonesian line and exits.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

ROOT = Path.cwd()
DECAP_SERVER = Path(__file__).resolve().parents[1] / "node_modules" / "decap-server" / "dist" / "index.js"


def port_taken(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def main() -> int:
    from kabardesa.site_config import read_site_settings

    port = read_site_settings(ROOT).cms_local_port
    node = shutil.which("node")
    if not node or not DECAP_SERVER.is_file():
        print("formulir /kirim/ belum bisa menyimpan: pasang Node.js lalu jalankan `npm ci` (memasang decap-server)")
        return 0
    if port_taken(port):
        print(f"port {port} (cms_local_port) sudah dipakai, mungkin oleh `make serve` lain: formulir /kirim/ "
              "menyimpan lewat program di port itu; hentikan program itu atau ubah cms_local_port di mkdocs.yml")
        return 0
    print(f"formulir kirim cerita: /kirim/ di pratinjau, menyimpan langsung ke stories/ (decap-server, 127.0.0.1:{port})")
    sys.stdout.flush()
    env = dict(os.environ, PORT=str(port), BIND_HOST="127.0.0.1", MODE="fs", GIT_REPO_DIRECTORY=str(ROOT), LOG_LEVEL="warn")
    os.execve(node, [node, str(DECAP_SERVER)], env)
    return 0  # not reached


if __name__ == "__main__":
    raise SystemExit(main())
