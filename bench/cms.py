"""``python bench/cms.py``: the two git-based CMSs measured for the officers' form at 360×740.

Decap CMS (``decap-cms``, the one Kabar Desa ships, with its Indonesian
locale, photo reduction and 360 px stylesheet; and ``decap-stock``, the same
without that stylesheet) and Sveltia CMS
(``@sveltia/cms``, as it comes), both from node_modules, both given the same
``config.yml`` (the one the build writes). Each is served like GitHub Pages
(gzip, see tests/browser_support.py) and opened in Chromium at 360×740 with
the cache off, ``BENCH_CMS_RUNS`` times (default 3); the medians are kept.

Per CMS:

* ``transfer_kb``: bytes over the wire until the login screen shows (gzip),
  and ``raw_kb``: the same files uncompressed;
* ``ready_ms``: from navigation to the login button being visible;
* ``script_ms``: Chromium's ``ScriptDuration`` (parse, compile, run) until then;
* at 360 px, on the login screen and on the new-story form: ``scroll_width``
  (over 360 means sideways scrolling), ``small_targets`` (buttons, links and
  inputs under 24×24 CSS px, WCAG 2.2's minimum) out of ``targets``;
* ``login_text``: the login screen's first lines in a browser set to Indonesian (``id-ID``);
* ``external_requests``: addresses outside the site the CMS asks for (a CDN at run time);
* screenshots in ``bench/work/cms/`` (git-ignored).

Four of Decap's small targets are react-select's typing boxes (5×24 px) inside
a 56 px tall select, which is what a finger taps.

The new-story form needs a backend: Decap's is decap-server on 127.0.0.1;
Sveltia's local mode asks for a folder through ``showDirectoryPicker``, which
Playwright cannot answer, so the script hands Sveltia a folder of the
browser's private file system (OPFS) holding a copy of the site's registries
and no stories. Results go to ``bench/cms-results.json``.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from browser_support import PHONE, launch_chromium, serve_like_pages  # noqa: E402
from cms_support import decap_server, free_port, write_form  # noqa: E402

OUT = Path(os.environ.get("BENCH_CMS_OUT", REPO / "bench" / "cms-results.json"))
SHOTS = REPO / "bench" / "work" / "cms"
SVELTIA = REPO / "node_modules" / "@sveltia" / "cms"
TARGETS_JS = """() => {
  const all = [...document.querySelectorAll('button, a[href], input:not([type=hidden]), select, textarea, [role=button]')]
    .filter(el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
                    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'; });
  const small = all.filter(el => { const r = el.getBoundingClientRect(); return r.width < 24 || r.height < 24; });
  return {targets: all.length, small_targets: small.length,
          scroll_width: document.documentElement.scrollWidth};
}"""
# Sveltia's "work with a local repository": the picker answered with an OPFS folder that holds a site.
OPFS_PICKER = """
window.showDirectoryPicker = async () => {
  const root = await navigator.storage.getDirectory();
  return await root.getDirectoryHandle('site');
};
"""


def sveltia_page(folder: Path) -> None:
    dist = SVELTIA / "dist"
    shutil.copy2(dist / "sveltia-cms.js", folder / "sveltia-cms.js")
    shutil.copytree(dist / "chunks", folder / "chunks", ignore=shutil.ignore_patterns("*.map"))
    (folder / "index.html").write_text(
        '<!doctype html><html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Kirim cerita</title>'
        '</head><body><script src="sveltia-cms.js"></script></body></html>\n', encoding="utf-8")


def fill_opfs(page: Any, root: Path) -> None:
    """Copy data/ and mkdocs.yml into OPFS ``site/`` (with an empty ``.git/`` so it looks like a repository)."""
    files = {f"data/{p.name}": p.read_text(encoding="utf-8") for p in sorted((root / "data").iterdir()) if p.is_file()}
    files["mkdocs.yml"] = (root / "mkdocs.yml").read_text(encoding="utf-8")
    page.evaluate("""async (files) => {
      const root = await navigator.storage.getDirectory();
      const site = await root.getDirectoryHandle('site', {create: true});
      await site.getDirectoryHandle('.git', {create: true});
      await site.getDirectoryHandle('stories', {create: true});
      for (const [path, text] of Object.entries(files)) {
        let dir = site; const parts = path.split('/');
        for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, {create: true});
        const w = await (await dir.getFileHandle(parts.at(-1), {create: true})).createWritable();
        await w.write(text); await w.close();
      }
    }""", files)


def measure(browser: Any, url: str, login: str, name: str, run: int, new_story: Any) -> dict[str, Any]:
    context = browser.new_context(viewport=PHONE, service_workers="block", locale="id-ID")  # an officer's phone
    page = context.new_page()
    page.set_default_timeout(30_000)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Performance.enable")
    wire: dict[str, int] = {}
    raw: dict[str, int] = {}
    cdp.on("Network.loadingFinished", lambda e: wire.__setitem__(e["requestId"], int(e.get("encodedDataLength", 0))))
    cdp.on("Network.dataReceived", lambda e: raw.__setitem__(e["requestId"], raw.get(e["requestId"], 0) + int(e.get("dataLength", 0))))
    if name == "sveltia":
        page.add_init_script(OPFS_PICKER)
    external: list[str] = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    start = time.perf_counter()
    page.goto(url)
    page.get_by_role("button", name=login).first.wait_for()
    ready_ms = (time.perf_counter() - start) * 1000
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    result: dict[str, Any] = {
        "transfer_kb": round(sum(wire.values()) / 1024, 1), "raw_kb": round(sum(raw.values()) / 1024, 1),
        "requests": len(wire), "ready_ms": round(ready_ms), "script_ms": round(metrics.get("ScriptDuration", 0) * 1000),
        "login_screen": page.evaluate(TARGETS_JS),
        "login_text": " | ".join(page.inner_text("body").split("\n")[:4]),
    }
    result["external_requests"] = sorted({u.split("?")[0][:80] for u in external})
    if run == 0:
        page.screenshot(path=str(SHOTS / f"{name}-login.png"))
    try:
        new_story(page)
        result["form"] = page.evaluate(TARGETS_JS)
        if run == 0:
            page.screenshot(path=str(SHOTS / f"{name}-form.png"))
    except Exception as error:  # noqa: BLE001 - a CMS that cannot reach its form is a result, not a crash
        result["form"] = {"error": str(error).splitlines()[0][:200]}
    context.close()
    return result


def decap_new_story(url: str) -> Any:
    def run(page: Any) -> None:
        page.get_by_role("button", name="Masuk").click()
        page.get_by_text("Cerita baru").first.wait_for()
        page.goto(url + "#/collections/cerita/new")
        page.get_by_label("Judul").wait_for()
    return run


def sveltia_new_story(root: Path, url: str) -> Any:
    def run(page: Any) -> None:
        fill_opfs(page, root)
        page.get_by_role("button", name="Work with Local Repository").click()
        page.wait_for_timeout(3000)
        page.goto(url + "#/collections/cerita/new")
        page.get_by_role("textbox").first.wait_for(timeout=15_000)
        page.wait_for_timeout(1000)
    return run


def github_config(root: Path) -> str:
    from kabardesa.cms_config import CmsSettings, cms_config_text
    from kabardesa.registry import load_registry

    return cms_config_text(load_registry(root / "data"), CmsSettings(repo="polres-contoh/kabar-desa"))


def median_of(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in rows[0].items():
        if isinstance(value, dict):
            out[key] = median_of([r[key] for r in rows]) if all("error" not in r[key] for r in rows) else rows[0][key]
        elif isinstance(value, (int, float)):
            out[key] = statistics.median(r[key] for r in rows)
        else:
            out[key] = value
    return out


def main() -> int:
    from playwright.sync_api import sync_playwright

    runs = int(os.environ.get("BENCH_CMS_RUNS", "3"))
    SHOTS.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="kd-bench-cms-") as tmp:
        root, served = Path(tmp) / "situs", Path(tmp) / "served"
        root.mkdir()
        for name in ("mkdocs.yml", "data", "hooks"):
            (shutil.copytree if (REPO / name).is_dir() else shutil.copy2)(REPO / name, root / name)
        (root / "stories").mkdir()
        port = free_port()
        form = write_form(root, served, port)
        sveltia = served / "sveltia"
        sveltia.mkdir()
        sveltia_page(sveltia)
        (sveltia / "config.yml").write_text(github_config(root), encoding="utf-8")  # Sveltia has no proxy backend
        stock = served / "decap-stock"  # Decap as it comes: the same page without Kabar Desa's 360 px stylesheet
        shutil.copytree(form, stock)
        page = (stock / "index.html").read_text(encoding="utf-8")
        (stock / "index.html").write_text(page.replace('<link rel="stylesheet" href="kirim.css">', ""), encoding="utf-8")
        with decap_server(root, port), serve_like_pages(served) as base, sync_playwright() as pw:
            browser = launch_chromium(pw)
            try:
                cases = {
                    "decap": (base + "/kirim/", "Masuk", decap_new_story(base + "/kirim/")),
                    "decap-stock": (base + "/decap-stock/", "Masuk", decap_new_story(base + "/decap-stock/")),
                    "sveltia": (base + "/sveltia/", "Work with Local Repository", sveltia_new_story(root, base + "/sveltia/")),
                }
                for name, (url, login, new_story) in cases.items():
                    rows = [measure(browser, url, login, name, run, new_story) for run in range(runs)]
                    results[name] = median_of(rows)
            finally:
                browser.close()
    decap = json.loads((REPO / "node_modules/decap-cms/package.json").read_text())["version"]
    versions = {"decap": decap, "decap-stock": decap,
                "sveltia": json.loads((SVELTIA / "package.json").read_text())["version"]}
    print(f"CMS di 360×740, median dari {runs} kali (gzip seperti GitHub Pages)")
    print(f"{'CMS':<11} {'versi':>8} {'gzip':>9} {'mentah':>9} {'siap':>7} {'skrip':>7} "
          f"{'lebar login/form':>17} {'target kecil (form)':>20}")
    for name, row in results.items():
        form = row["form"]
        width = f"{row['login_screen']['scroll_width']}/{form.get('scroll_width', '-')}"
        small = f"{form['small_targets']}/{form['targets']}" if "targets" in form else form.get("error", "-")[:20]
        print(f"{name:<11} {versions[name]:>8} {row['transfer_kb']:>6.0f} KB {row['raw_kb']:>6.0f} KB "
              f"{row['ready_ms']:>5.0f}ms {row['script_ms']:>5.0f}ms {width:>17} {small:>20}")
    OUT.write_text(json.dumps({"measured": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "runs": runs, "viewport": PHONE,
                               "versions": versions, "results": results}, ensure_ascii=False, indent=1) + "\n",
                   encoding="utf-8")
    print(f"ditulis: {OUT.relative_to(REPO) if OUT.is_relative_to(REPO) else OUT}; tangkapan layar: {SHOTS.relative_to(REPO)}/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
