"""The ``kabardesa`` command: check, new, list; Indonesian lines, exit codes, no tracebacks."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kabardesa.cli import main

from conftest import write_bodies, FIXTURES, REGISTRY, REPO

LINE = re.compile(r"^[^\s:][^:]*:\d+: \S.*$")  # path:line: message
BROKEN = FIXTURES / "broken"

# What `kabardesa check tests/fixtures/broken` must say about each file: (line, fragment).
BROKEN_EXPECTED = {
    "01-kunci-wajib-hilang.md": (1, "kunci wajib 'category' tidak ada atau kosong"),
    "02-kunci-tidak-dikenal.md": (2, "kunci 'judul' tidak dikenal; maksud Anda: title?"),
    "03-tanggal-salah.md": (3, "tanggal '32/13/2025' tidak ada di kalender"),
    "04-tanggal-masa-depan.md": (3, "lebih dari sehari di masa depan"),
    "05-desa-ambigu.md": (4, "ada di lebih dari satu kecamatan; tulis salah satu: sukorejo-sidayu (Kec. Sidayu), sukorejo-bungah (Kec. Bungah), sukorejo-kebomas (Kec. Kebomas)"),
    "06-desa-tidak-dikenal.md": (4, "desa 'Lowayo' tidak dikenal; maksud Anda: lowayu?"),
    "07-petugas-tidak-dikenal.md": (5, "petugas 'aipda-rekaan' tidak dikenal"),
    "08-judul-terlalu-panjang.md": (2, "judul terlalu panjang (151 karakter); paling banyak 120 karakter"),
    "09-yaml-rusak.md": (5, "YAML front-matter tidak valid: "),
    "10-tanpa-front-matter.md": (1, "front-matter tidak ada"),
    "11-kosong.md": (1, "berkas kosong"),
    "12-tag-python.md": (7, "tag YAML tidak diizinkan (!!python/object/apply:builtins.open)"),
    "13-bukan-utf8.md": (2, "berkas bukan UTF-8"),
}
BOMB_OUTPUT = "kabardesa-yaml-dijalankan.txt"  # what 12-tag-python.md would create if executed


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def in_project(project, monkeypatch):
    monkeypatch.chdir(project.root)
    return project


# --- check ------------------------------------------------------------------------------------


def test_check_clean_project(capsys, in_project, valid_meta):
    in_project.write("2025-05-23-ronda.md", valid_meta)
    in_project.write("2025-05-24-draf.md", dict(valid_meta, draft=True))
    code, out, err = run(capsys, "check")
    assert code == 0
    assert out == ""
    assert err.strip() == "Semua beres: 2 berkas cerita diperiksa (1 draf)."


def test_check_empty_stories_folder(capsys, in_project):
    code, out, err = run(capsys, "check")
    assert (code, out) == (0, "")
    assert "Semua beres: 0 berkas cerita diperiksa" in err


def test_check_reports_each_problem_on_its_own_line(capsys, in_project, valid_meta):
    in_project.write("2025-05-23-ronda.md", dict(valid_meta, officer="x", category="y"))
    in_project.write("2025-05-24-baik.md", valid_meta)
    code, out, err = run(capsys, "check")
    assert code == 1
    assert out.splitlines() == [
        "stories/2025/05/2025-05-23-ronda.md:5: petugas 'x' tidak dikenal; lihat `kabardesa list officers`",
        "stories/2025/05/2025-05-23-ronda.md:6: kategori 'y' tidak dikenal; lihat `kabardesa list categories`",
    ]
    assert err.strip() == "2 kesalahan di 1 berkas (dari 2 berkas cerita)."


def test_check_given_paths_only(capsys, in_project, valid_meta):
    good = in_project.write("2025-05-23-baik.md", valid_meta)
    in_project.write("2025-05-24-rusak.md", dict(valid_meta, officer="x"))
    assert run(capsys, "check", str(good.relative_to(in_project.root)))[0] == 0
    code, out, _ = run(capsys, "check", "stories/2025")
    assert code == 1 and "2025-05-24-rusak.md:5:" in out


def test_check_missing_path(capsys, in_project):
    code, out, err = run(capsys, "check", "stories/tidak-ada.md")
    assert code == 1
    assert out.splitlines() == ["stories/tidak-ada.md:1: berkas atau folder tidak ada; periksa ejaan path-nya"]
    assert "1 kesalahan di 1 berkas" in err


def test_check_from_a_subfolder_finds_the_project(capsys, in_project, valid_meta, monkeypatch):
    in_project.write("2025-05-23-ronda.md", dict(valid_meta, officer="x"))
    monkeypatch.chdir(in_project.stories / "2025")
    code, out, _ = run(capsys, "check")
    assert code == 1
    assert out.startswith("stories/2025/05/2025-05-23-ronda.md:5: ")


def test_check_with_root_option(capsys, project, valid_meta, tmp_path, monkeypatch):
    project.write("2025-05-23-ronda.md", dict(valid_meta, category="y"))
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "--root", str(project.root), "check")
    assert code == 1 and out.startswith("stories/2025/05/2025-05-23-ronda.md:6: kategori 'y'")


def test_check_broken_registry_is_reported_not_raised(capsys, in_project):
    (in_project.root / "data" / "officers.yml").write_text("- {id: x, rank: [\n", encoding="utf-8")
    code, out, err = run(capsys, "check")
    assert code == 1
    assert out.startswith("data/officers.yml:2: YAML tidak valid: ")
    assert "masalah di registri data/; perbaiki dulu." in err


@pytest.mark.parametrize("command", [["check"], ["new", "--title", "T"], ["list", "villages"], ["coverage"], ["digest", "--month", "2025-05"]])
def test_outside_a_project_every_command_says_so_in_one_line(capsys, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *command)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "bukan proyek Kabar Desa" in err and "--root" in err, err
    assert "berkas registri tidak ditemukan" not in err


def test_a_root_without_data_folder_is_named(capsys, tmp_path):
    code, _, err = run(capsys, "--root", str(tmp_path), "check")
    assert code == 2 and f"--root {tmp_path} bukan proyek Kabar Desa" in err


def test_a_project_found_from_a_subfolder(capsys, in_project, monkeypatch):
    monkeypatch.chdir(in_project.stories)
    assert run(capsys, "list", "categories")[0] == 0


def test_new_writes_a_skeleton_that_check_refuses_until_the_story_is_written(capsys, in_project):
    code, out, err = run(capsys, "new", *NEW_OPTIONS)
    assert code == 0 and "isi cerita" in err  # told to write the body before anything else
    code, checked, _ = run(capsys, "check", out.strip())
    assert code == 1
    body_line = next(n for n, line in enumerate((in_project.root / out.strip()).read_text(encoding="utf-8").split("\n"), 1)
                     if "Tulis cerita di sini" in line)
    assert checked.startswith(f"{out.strip()}:{body_line}: isi cerita masih teks contoh dari `kabardesa new`"), checked
    write_bodies(in_project)
    assert run(capsys, "check", out.strip())[0] == 0


def test_check_broken_fixture_folder_names_every_file(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # where the YAML bomb would drop its file
    code, out, err = run(capsys, "--root", str(REPO), "check", str(BROKEN))
    assert code == 1
    lines = out.splitlines()
    assert all(LINE.match(line) for line in lines), lines
    named = {line.split(":", 1)[0] for line in lines}
    assert named == {f"tests/fixtures/broken/{name}" for name in BROKEN_EXPECTED}
    assert named == {f"tests/fixtures/broken/{p.name}" for p in BROKEN.iterdir() if p.suffix == ".md"}
    for name, (line, fragment) in BROKEN_EXPECTED.items():
        prefix = f"tests/fixtures/broken/{name}:{line}: "
        assert any(entry.startswith(prefix) and fragment in entry for entry in lines), (name, lines)
    assert f"dari {len(BROKEN_EXPECTED)} berkas cerita" in err
    assert not (tmp_path / BOMB_OUTPUT).exists()


def test_each_broken_fixture_fails_alone(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in BROKEN_EXPECTED:
        code, out, _ = run(capsys, "--root", str(REPO), "check", str(BROKEN / name))
        assert code == 1, name
        assert out.startswith(f"tests/fixtures/broken/{name}:"), out


# --- new ------------------------------------------------------------------------------------------

NEW_OPTIONS = [
    "--title", "Ronda: Malam di Lowayu", "--date", "2025-05-23 19:30", "--village", "Desa Lowayu",
    "--officer", "aipda-contoh-satu", "--category", "siskamling", "--tags", "ronda, pos-kamling",
    "--summary", "Warga menghidupkan ronda.",
]


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def test_new_from_options_writes_a_story_that_passes_check(capsys, in_project):
    code, out, err = run(capsys, "new", *NEW_OPTIONS)
    assert code == 0
    assert out == "stories/2025/05/2025-05-23-ronda-malam-di-lowayu.md\n"
    path = in_project.root / out.strip()
    assert front_matter(path) == {
        "title": "Ronda: Malam di Lowayu", "date": "2025-05-23 19:30", "village": "lowayu",
        "officer": "aipda-contoh-satu", "category": "siskamling", "tags": ["ronda", "pos-kamling"],
        "summary": "Warga menghidupkan ronda.", "draft": True,
    }
    assert "untuk menerbitkan, hapus baris `draft: true`" in err  # one line on how to publish
    write_bodies(in_project)  # the officer writes the story
    assert run(capsys, "check", out.strip())[0] == 0
    catalog = in_project.catalog()
    assert [s.title for s in catalog.stories] == ["Ronda: Malam di Lowayu"]


def test_new_with_several_villages(capsys, in_project):
    code, out, _ = run(capsys, "new", "--title", "Sambang", "--date", "23/05/2025", "--village", "Sawo",
                       "--village", "35.25.01.2007", "--officer", "aipda-contoh-satu", "--category", "sambang")
    assert code == 0
    assert front_matter(in_project.root / out.strip())["village"] == ["sawo", "lowayu"]
    write_bodies(in_project)  # the officer writes the story
    assert run(capsys, "check")[0] == 0


def test_new_for_a_polsek_and_as_draft(capsys, in_project):
    code, out, _ = run(capsys, "new", "--title", "Arahan Kapolsek", "--date", "2025-05-23", "--polsek", "Polsek Cerme",
                       "--officer", "aipda-contoh-sebelas", "--category", "arahan-pimpinan", "--draft")
    assert code == 0
    meta = front_matter(in_project.root / out.strip())
    assert meta["polsek"] == "cerme" and meta["draft"] is True and "village" not in meta
    write_bodies(in_project)  # the officer writes the story
    code, _, err = run(capsys, "check")
    assert code == 0 and "(1 draf)" in err


def test_new_without_date_uses_now(capsys, in_project):
    code, out, _ = run(capsys, "new", "--title", "Hari Ini", "--polres", "--officer", "aipda-contoh-satu", "--category", "sambang")
    assert code == 0
    assert re.fullmatch(r"stories/\d{4}/\d{2}/\d{4}-\d{2}-\d{2}-hari-ini\.md\n", out)
    write_bodies(in_project)  # the officer writes the story
    assert run(capsys, "check")[0] == 0


def test_new_twice_does_not_overwrite(capsys, in_project):
    first = run(capsys, "new", *NEW_OPTIONS)[1].strip()
    second = run(capsys, "new", *NEW_OPTIONS)[1].strip()
    assert second == first.replace(".md", "-2.md")
    write_bodies(in_project)  # the officer writes the story
    code, out, _ = run(capsys, "check")  # different slugs, so no shared URL
    assert code == 0, out


@pytest.mark.parametrize(
    "change, message",
    [
        (("--title", ""), "kabardesa new: --title wajib diisi"),
        (("--title", "x" * 121), "kabardesa new: judul terlalu panjang (121 karakter); paling banyak 120 karakter"),
        (("--date", "32/13/2025"), "kabardesa new: tanggal '32/13/2025' tidak ada di kalender"),
        (("--date", "2099-01-01"), "lebih dari sehari di masa depan"),
        (("--village", "Sukorejo"), "kabardesa new: desa 'Sukorejo' ada di lebih dari satu kecamatan; tulis salah satu: sukorejo-sidayu (Kec. Sidayu), sukorejo-bungah (Kec. Bungah), sukorejo-kebomas (Kec. Kebomas)"),
        (("--village", "Lowayo"), "kabardesa new: desa 'Lowayo' tidak dikenal; maksud Anda: lowayu?"),
        (("--officer", "aipda-contoh-satuu"), "kabardesa new: petugas 'aipda-contoh-satuu' tidak dikenal; maksud Anda: aipda-contoh-satu"),
        (("--category", "siskamlin"), "kabardesa new: kategori 'siskamlin' tidak dikenal; maksud Anda: siskamling?"),
    ],
)
def test_new_refuses_bad_options_and_writes_nothing(capsys, in_project, change, message):
    options = list(NEW_OPTIONS)
    index = options.index(change[0])
    options[index + 1] = change[1]
    code, out, err = run(capsys, "new", *options)
    assert code == 1
    assert out == ""
    assert message in err
    assert not any(in_project.stories.rglob("*.md"))


def test_new_unknown_polsek(capsys, in_project):
    code, _, err = run(capsys, "new", "--title", "T", "--polsek", "Cermee", "--officer", "aipda-contoh-satu", "--category", "sambang")
    assert code == 1
    assert "kabardesa new: Polsek 'Cermee' tidak dikenal; maksud Anda: cerme?" in err


def test_new_without_a_terminal_needs_options(capsys, in_project):
    code, out, err = run(capsys, "new", "--title", "Ronda")
    assert (code, out) == (1, "")
    assert err.strip() == ("kabardesa new: tulis --village DESA (boleh diulang), --polsek POLSEK atau --polres "
                           "(atau jalankan di terminal untuk ditanya satu per satu)")
    code, out, err = run(capsys, "new", "--title", "Ronda", "--polres")
    assert err.strip() == "kabardesa new: --officer wajib diisi (atau jalankan di terminal untuk ditanya satu per satu)"


class FakeTerminal(io.StringIO):
    """Typed answers on a stdin that claims to be a terminal."""

    def isatty(self) -> bool:
        return True


def test_new_asks_for_what_is_missing(capsys, in_project, monkeypatch):
    answers = [
        "Sambang Warga Sukorejo",  # title
        "23 Mei 2025 09.00",       # date
        "Sukorejo",                # village: ambiguous, asked again
        "sukorejo-kebomas",        # village
        "bripka-delapan",          # officer: unknown, asked again
        "bripka-contoh-delapan",   # officer
        "sambang",                 # category
        "",                        # summary: none (the first paragraph)
        "",                        # photo: none
    ]
    monkeypatch.setattr(sys, "stdin", FakeTerminal("\n".join(answers) + "\n"))
    code, out, err = run(capsys, "new")
    assert code == 0
    assert "Judul berita: " in out and "Petugas (id atau nama): " in out
    assert "desa 'Sukorejo' ada di lebih dari satu kecamatan" in err
    assert "petugas 'bripka-delapan' tidak dikenal" in err
    path = out.strip().splitlines()[-1].split(": ")[-1]
    assert path == "stories/2025/05/2025-05-23-sambang-warga-sukorejo.md"
    assert front_matter(in_project.root / path) == {
        "title": "Sambang Warga Sukorejo", "date": "23 Mei 2025 09.00", "village": "sukorejo-kebomas",
        "officer": "bripka-contoh-delapan", "category": "sambang", "draft": True,
    }
    write_bodies(in_project)  # the officer writes the story
    assert run(capsys, "check", path)[0] == 0


def test_new_asks_only_for_missing_options_and_takes_defaults(capsys, in_project, monkeypatch):
    # date: default (now); village: '-' for a Polres-wide story
    monkeypatch.setattr(sys, "stdin", FakeTerminal("\n-\n\n\n"))
    code, out, _ = run(capsys, "new", "--title", "Arahan Kapolres", "--officer", "aipda-contoh-satu", "--category", "arahan-pimpinan")
    assert code == 0
    assert "Judul berita" not in out and "Tanggal dan jam [" in out
    path = in_project.root / out.strip().splitlines()[-1].split(": ")[-1]
    assert "village" not in front_matter(path)
    write_bodies(in_project)  # the officer writes the story
    assert run(capsys, "check")[0] == 0


def test_new_end_of_input_at_a_prompt_is_not_a_traceback(capsys, in_project, monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeTerminal("Judul saja\n"))
    code, _, err = run(capsys, "new")
    assert code == 130
    assert err.strip() == "dibatalkan."
    assert not any(in_project.stories.rglob("*.md"))


# --- list --------------------------------------------------------------------------------------------


def list_json(capsys, root: Path, kind: str) -> list[dict]:
    code, out, _ = run(capsys, "--root", str(root), "list", kind, "--json")
    assert code == 0
    return json.loads(out)


def test_list_villages_json(capsys, project, registry):
    rows = list_json(capsys, project.root, "villages")
    assert [row["slug"] for row in rows] == list(registry.villages)
    assert all({"slug", "name", "code", "kecamatan"} <= set(row) for row in rows)
    lowayu = next(row for row in rows if row["slug"] == "lowayu")
    assert lowayu | {"aliases": []} == {"slug": "lowayu", "name": "Lowayu", "code": "35.25.01.2007", "type": "desa",
                                        "kecamatan": "Dukun", "polsek": "dukun", "aliases": []}


def test_list_officers_json(capsys, project, registry):
    rows = list_json(capsys, project.root, "officers")
    assert [row["id"] for row in rows] == list(registry.officers)
    first = rows[0]
    assert first["id"] == "aipda-contoh-satu" and first["name"] == "Aipda Bagus Contoh" and first["sample"] is True
    assert all({"id", "name"} <= set(row) for row in rows)


def test_list_polsek_and_categories_json(capsys, project, registry):
    polsek = list_json(capsys, project.root, "polsek")
    assert [row["slug"] for row in polsek] == list(registry.polsek)
    assert all({"slug", "name", "kecamatan"} <= set(row) for row in polsek)
    categories = list_json(capsys, project.root, "categories")
    assert len(categories) == 16 and {"slug": "dds", "name": "DDS (Door to Door System)"}.items() <= categories[1].items()


def test_list_json_keeps_indonesian_text_readable(capsys, project):
    _, out, _ = run(capsys, "--root", str(project.root), "list", "villages", "--json")
    assert "Gedongkedo'an" in out and "\\u" not in out


def test_list_plain(capsys, project, registry):
    code, out, _ = run(capsys, "--root", str(project.root), "list", "villages")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(registry.villages)
    lowayu = next(line for line in lines if line.startswith("lowayu "))
    assert "Lowayu" in lowayu and "Dukun" in lowayu and "35.25.01.2007" in lowayu
    code, out, _ = run(capsys, "--root", str(project.root), "list", "categories")
    assert code == 0 and len(out.splitlines()) == 16 and out.startswith("sambang")
    code, out, _ = run(capsys, "--root", str(project.root), "list", "officers")
    assert code == 0 and "aipda-contoh-satu" in out and "Aipda Bagus Contoh" in out


def test_list_unknown_kind_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["list", "desa"])
    assert caught.value.code == 2
    assert "desa" in capsys.readouterr().err


def test_list_with_broken_registry(capsys, in_project):
    (in_project.root / "data" / "categories.yml").unlink()
    code, out, _ = run(capsys, "list", "categories")
    assert code == 1 and out.startswith("data/categories.yml:1: berkas registri tidak ditemukan")


# --- the installed console script ---------------------------------------------------------------------

SCRIPT = Path(sys.executable).parent / "kabardesa"


def script(*argv: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(SCRIPT), *argv], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_console_script_on_the_broken_fixtures(tmp_path):
    result = script("--root", str(REPO), "check", str(BROKEN), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    for name in BROKEN_EXPECTED:
        assert f"tests/fixtures/broken/{name}:" in result.stdout
    assert not (tmp_path / BOMB_OUTPUT).exists()


def test_console_script_on_a_broken_project_prints_no_traceback(project):
    (project.root / "data" / "officers.yml").write_text("5\n", encoding="utf-8")
    for name in BROKEN_EXPECTED:
        (project.stories / name).write_bytes((BROKEN / name).read_bytes())
    result = script("check", cwd=project.root)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.startswith("data/officers.yml:1: isi harus berupa daftar entri")
    (project.root / "data" / "officers.yml").write_bytes((REGISTRY / "officers.yml").read_bytes())
    result = script("check", cwd=project.root)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert {line.split(":", 1)[0] for line in result.stdout.splitlines()} == {f"stories/{name}" for name in BROKEN_EXPECTED}


def test_console_script_list_json(tmp_path):
    result = script("--root", str(REPO), "list", "categories", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert [row["slug"] for row in json.loads(result.stdout)][:2] == ["sambang", "dds"]


def test_new_refuses_a_village_and_a_polsek_together(capsys, in_project):
    code, out, err = run(capsys, "new", *NEW_OPTIONS, "--polsek", "cerme")
    assert (code, out) == (1, "")
    assert "pilih salah satu: --village (cerita desa), --polsek (cerita se-wilayah Polsek) atau --polres" in err
    assert not any(in_project.stories.rglob("*.md"))


def test_usage_errors_are_in_indonesian(capsys, in_project):
    with pytest.raises(SystemExit) as exit_info:
        main(["list", "desa"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert "kabardesa list: kesalahan: argumen {villages,polsek,officers,categories}: pilihan 'desa' tidak dikenal (pilih dari 'villages'" in err
    assert err.startswith("penggunaan: ")
