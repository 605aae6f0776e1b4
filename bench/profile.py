"""``python -m bench profile [N] [build|serve-rebuild]``: where a warm build of our site spends its time.

Runs ``python -m cProfile -m mkdocs build`` on bench/work/n<N>/ours (prepared and
warmed first when missing; the photo cache is warm, so rendering does not hide
the rest), then prints the functions with the most own time, the same grouped by
package, and the kabardesa functions by cumulative time. The profile is saved as
bench/work/n<N>/profile.pstats for ``python -m pstats`` or snakeviz.

cProfile slows pure-Python code more than C code: read the shares, not the seconds.
"""

from __future__ import annotations

import io
import pstats
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from kabardesa.dates import now_wib

from .corpus import DEFAULT_SEED, CorpusSpec, generate
from .measure import bench_env
from .sites import prepare_ours

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent


def _package(filename: str) -> str:
    if "/kabardesa/" in filename:
        return "kabardesa"
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0]
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins"
    return "stdlib"


def report(stats_path: Path, top: int = 35) -> str:
    out = io.StringIO()
    stats = pstats.Stats(str(stats_path), stream=out)
    total = sum(entry[2] for entry in stats.stats.values())  # own time of everything
    by_package: dict[str, float] = defaultdict(float)
    for (filename, _, _), entry in stats.stats.items():
        by_package[_package(filename)] += entry[2]
    out.write(f"own time by package (total {total:.1f} s under cProfile)\n")
    for package, seconds in sorted(by_package.items(), key=lambda kv: -kv[1])[:15]:
        out.write(f"  {package:<24} {seconds:8.2f} s {100 * seconds / total:5.1f} %\n")
    out.write("\n")
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(r"kabardesa/", top)
    return out.getvalue()


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 1000
    work = BENCH / "work" / f"n{n}"
    ours = work / "ours"
    env = bench_env(REPO)
    if not (ours / "mkdocs.yml").exists():
        corpus = BENCH / "corpus" / f"n{n}"
        generate(corpus, CorpusSpec(n=n, today=now_wib().date()), REPO / "data", BENCH / "corpus" / f"pool-{DEFAULT_SEED}")
        prepare_ours(REPO, corpus, ours)
        print(f"warming bench/work/n{n}/ours (photo cache)…", flush=True)
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], cwd=ours, env=env, check=True)
    stats_path = work / "profile.pstats"
    command = [sys.executable, "-m", "cProfile", "-o", str(stats_path), "-m", "mkdocs", "build", "-q", "--strict", "-d", "site"]
    subprocess.run(command, cwd=ours, env=env, check=True)
    text = report(stats_path)
    (work / "profile.txt").write_text(text, encoding="utf-8")
    print(text)
    print(f"saved {stats_path} and {work / 'profile.txt'}")
    return 0
