"""The officers' web form at ``/kirim/``: the Decap CMS ``config.yml``, made from the registries.

Plain Python (no MkDocs import). The form writes exactly the story front-matter
of DESIGN.md (``title``, ``date``, ``village``, ``polsek``, ``officer``,
``category``, ``tags``, ``summary``, ``image``, ``image_alt``, ``draft``) into
``stories/YYYY/MM/YYYY-MM-DD-<judul>.md``, with the photo beside the story, so
that what it commits passes ``kabardesa check``. Every label and hint a person
reads is Indonesian.

Two backends:

* ``github`` (the published site): GitHub with an OAuth app; entries go to a
  branch and a pull request (``publish_mode: editorial_workflow``) for an
  editor to review and merge;
* ``local`` (``mkdocs serve`` and the tests): ``decap-server`` on 127.0.0.1,
  which writes the story straight into the working tree (``MODE=fs``); the
  officer then checks and commits it as usual.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .assessment_schema import form_fields
from .fields import MAX_TITLE
from .registry import Registry

STORIES_FOLDER = "stories"
"""Where stories live, relative to the site's root (DESIGN.md: ``stories/YYYY/MM/``)."""

STORY_PATH = "{{year}}/{{month}}/{{slug}}"
"""A story's path inside :data:`STORIES_FOLDER`; Decap takes year and month from the ``date`` field."""

STORY_SLUG = "{{year}}-{{month}}-{{day}}-{{slug}}"
"""The file name without ``.md``: the day, then the title made a slug (``2026-12-03-ronda-malam-sawo``)."""

ASSESSMENTS_FOLDER = "asesmen"
"""Where assessments live (DESIGN.md: ``asesmen/YYYY/MM/<village>-<date>.md``)."""

ASSESSMENT_SLUG = "{{fields.village}}-{{year}}-{{month}}-{{day}}"
"""An assessment's file name without ``.md``: the village's slug, then the day (``bangeran-2026-10-04``)."""

DATE_FORMAT = "YYYY-MM-DD HH:mm"
"""How the form writes ``date`` (moment.js tokens): ``2026-12-03 19:30``, the phone's own clock time, which
``check`` reads in the site's time zone (WIB)."""


@dataclass(frozen=True)
class CmsSettings:
    """Where the form commits: see :class:`~kabardesa.settings.SiteSettings` (``cms_*``) for each value."""

    backend: str = "github"
    repo: str = ""
    branch: str = "main"
    base_url: str = ""
    auth_endpoint: str = ""
    local_port: int = 8081
    site_url: str = ""


def cms_config(registry: Registry, cms: CmsSettings) -> dict[str, Any]:
    """The whole ``config.yml`` as a mapping."""
    config: dict[str, Any] = {
        "backend": _backend(cms),
        "locale": "id",
        "media_folder": STORIES_FOLDER,  # unused: the collection keeps photos beside each story
        "public_folder": "",
        "omit_empty_optional_fields": True,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [_stories(registry), _assessments(registry)],
    }
    if cms.backend == "github":
        config["publish_mode"] = "editorial_workflow"
    if cms.site_url:
        config["site_url"] = cms.site_url
        config["display_url"] = cms.site_url
    return config


def cms_config_text(registry: Registry, cms: CmsSettings) -> str:
    """``config.yml``'s text: JSON, which YAML reads as it is, so no value can break out of its quotes."""
    header = "# Dibuat otomatis oleh Kabar Desa dari data/ saat build; jangan diubah dengan tangan.\n"
    return header + json.dumps(cms_config(registry, cms), ensure_ascii=False, indent=1) + "\n"


def _backend(cms: CmsSettings) -> dict[str, Any]:
    if cms.backend == "local":
        return {"name": "proxy", "proxy_url": f"http://127.0.0.1:{cms.local_port}/api/v1", "branch": cms.branch}
    backend: dict[str, Any] = {"name": "github", "repo": cms.repo or "PEMILIK/NAMA-REPO", "branch": cms.branch,
                               "squash_merges": True,
                               "commit_messages": {
                                   "create": "Cerita baru: {{slug}}",
                                   "update": "Ubah cerita: {{slug}}",
                                   "delete": "Hapus cerita: {{slug}}",
                                   "uploadMedia": "Foto: {{path}}",
                                   "deleteMedia": "Hapus foto: {{path}}",
                                   "openAuthoring": "{{message}}",
                               }}
    if cms.base_url:
        backend["base_url"] = cms.base_url
    if cms.auth_endpoint:
        backend["auth_endpoint"] = cms.auth_endpoint
    return backend


def _stories(registry: Registry) -> dict[str, Any]:
    return {
        "name": "cerita",
        "label": "Cerita",
        "label_singular": "Cerita",
        "description": "Cerita kegiatan Bhabinkamtibmas. Setelah disimpan, editor memeriksa lalu menerbitkannya.",
        "folder": STORIES_FOLDER,
        "path": STORY_PATH,
        "slug": STORY_SLUG,
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "delete": False,
        "media_folder": "",  # beside the story: stories/YYYY/MM/foto.jpg
        "public_folder": "",  # and named by its file name alone (image: foto.jpg)
        "summary": "{{title}} ({{date}})",
        "sortable_fields": ["date", "title"],
        "identifier_field": "title",
        "editor": {"preview": False},  # one column: the form alone fits a 360 px phone
        "fields": _fields(registry),
    }


def _fields(registry: Registry) -> list[dict[str, Any]]:
    return [
        {"name": "title", "label": "Judul", "widget": "string",
         "hint": f"Singkat dan jelas, paling banyak {MAX_TITLE} karakter. Contoh: Pos Kamling Lowayu Kembali Ramai",
         "pattern": [f"^.{{1,{MAX_TITLE}}}$", f"Judul paling banyak {MAX_TITLE} karakter"]},
        {"name": "date", "label": "Tanggal dan jam (WIB)", "widget": "datetime",
         "format": DATE_FORMAT, "date_format": "DD-MM-YYYY", "time_format": "HH:mm",
         "hint": "Kapan kegiatan berlangsung. Tidak boleh lebih dari satu hari ke depan."},
        {"name": "village", "label": "Desa/kelurahan", "widget": "select", "multiple": True, "required": False,
         "options": _village_options(registry),
         "hint": "Ketik nama desa untuk mencari; boleh lebih dari satu. Kosongkan untuk cerita satu wilayah "
                 "Polsek (isi Polsek di bawah) atau satu Polres (kosongkan keduanya)."},
        {"name": "polsek", "label": "Polsek (cerita satu wilayah Polsek)", "widget": "select", "required": False,
         "options": [{"label": p.name, "value": p.slug} for p in registry.polsek.values()],
         "hint": "Hanya bila cerita tentang seluruh wilayah Polsek dan tidak ada desa yang dipilih."},
        {"name": "officer", "label": "Petugas", "widget": "select",
         "options": [{"label": f"{o.rank} {o.name}", "value": o.id} for o in registry.officers.values()],
         "hint": "Nama Anda. Belum ada di daftar? Minta editor menambahkan Anda ke data/officers.yml."},
        {"name": "category", "label": "Jenis kegiatan", "widget": "select",
         "options": [{"label": c.name, "value": c.slug} for c in registry.categories.values()],
         "hint": "Pilih yang paling cocok."},
        {"name": "tags", "label": "Label", "widget": "list", "required": False,
         "hint": "Kata kunci dipisah koma, misalnya: ronda, pos-kamling"},
        {"name": "summary", "label": "Ringkasan", "widget": "text", "required": False,
         "hint": "Satu atau dua kalimat yang tampil di daftar berita dan saat dibagikan ke WhatsApp."},
        {"name": "image", "label": "Foto", "widget": "image", "required": False, "choose_url": False,
         "hint": "Foto diperkecil (sisi terpanjang 2.000 piksel) dan data lokasi (GPS) dihapus sebelum dikirim. "
                 "Minta izin orang yang tampak di foto; jangan foto anak atau korban."},
        {"name": "image_alt", "label": "Keterangan foto (wajib bila ada foto)", "widget": "string", "required": False,
         "hint": "Tulis apa yang terlihat di foto untuk pembaca yang tidak bisa melihatnya, misalnya: "
                 "Warga berjaga di pos kamling Desa Lowayu pada malam hari. Bukan nama berkas, bukan satu kata."},
        {"name": "image_caption", "label": "Teks di bawah foto", "widget": "string", "required": False,
         "hint": "Tampil di bawah foto, misalnya siapa memotret atau kapan."},
        {"name": "draft", "label": "Draf (belum terbit)", "widget": "boolean", "default": True, "required": False,
         "hint": "Biarkan menyala. Editor mematikannya saat menerbitkan cerita."},
        {"name": "body", "label": "Isi cerita", "widget": "markdown",
         "buttons": ["bold", "italic", "heading-two", "heading-three", "bulleted-list", "numbered-list", "quote"],
         "editor_components": [], "modes": ["rich_text"],
         "hint": "Ceritakan apa, siapa (tanpa nama warga tanpa izin), di mana, dan hasilnya. "
                 "Jangan tulis NIK atau nomor HP warga."},
    ]


def _village_options(registry: Registry) -> list[dict[str, str]]:
    """Every village, labelled with its kecamatan (ten names repeat across kecamatan), sorted by name."""
    villages = sorted(registry.villages.values(), key=lambda v: (v.name.lower(), v.kecamatan.lower()))
    return [{"label": f"{v.name} (Kec. {v.kecamatan})", "value": v.slug} for v in villages]


def _assessments(registry: Registry) -> dict[str, Any]:
    """The second collection: a village's security checklist, from :func:`kabardesa.assessment_schema.form_fields`."""
    return {
        "name": "asesmen",
        "label": "Asesmen keamanan",
        "label_singular": "Asesmen keamanan",
        "description": "Checklist keamanan lingkungan satu desa. Rincian yang bertanda internal tidak pernah tampil "
                       "di situs publik.",
        "folder": ASSESSMENTS_FOLDER,
        "path": STORY_PATH,
        "slug": ASSESSMENT_SLUG,
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "delete": False,
        "summary": "{{village}} ({{date}})",
        "sortable_fields": ["date", "village"],
        "identifier_field": "village",
        "editor": {"preview": False},
        "fields": [_assessment_field(spec, registry) for spec in form_fields()],
    }


def _assessment_field(spec: dict[str, Any], registry: Registry) -> dict[str, Any]:
    """One checklist question as a Decap field: villages and officers chosen from the registries, who sees it in the hint."""
    field = {key: value for key, value in spec.items() if key != "public"}
    if field["name"] == "village":
        field.update(widget="select", options=_village_options(registry), hint="Ketik nama desa untuk mencari.")
    elif field["name"] == "officer":
        field.update(widget="select", options=[{"label": f"{o.rank} {o.name}", "value": o.id} for o in registry.officers.values()],
                     hint="Nama Anda.")
    elif field["name"] == "date":
        field.update(date_format="DD-MM-YYYY", hint="Hari asesmen dilakukan.")
    else:
        seen = "tampil di situs publik" if spec["public"] else "hanya internal, tidak tampil di situs publik"
        field["hint"] = f"{spec['hint'][:1].upper()}{spec['hint'][1:]} ({seen})"
    if field["widget"] == "boolean":
        field["default"] = False
    return field
