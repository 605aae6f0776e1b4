"""The village security assessment checklist: one table, the single source of its rules.

Every checklist field is declared once in :data:`CHECKLIST`: its key, kind, limits,
its question in Indonesian, and who may see it. Validation
(:mod:`kabardesa.assessment_validate`), the public card (:mod:`kabardesa.assessments`),
the skeleton of ``kabardesa asesmen new``, the officers' guide table and a web form
(:func:`form_fields`) all read this table.

Visibility (DESIGN.md, "Village security assessments"):

- ``public``: shown on the public site as written;
- ``in_place``: the public site names it only when it is in place ("Pos kamling
  aktif"); an absence is a gap, and gaps are for the Polres only;
- ``internal``: only the internal build shows it. Whatever would help a thief
  (which entrances are unguarded, the hours without ronda, where cameras are,
  how many cameras are broken) is internal, and so is the officer's note.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["count", "yes_no", "choice", "choices", "days", "hours", "text"]
Visibility = Literal["public", "in_place", "internal"]

DAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")
EVERY_DAY = ("setiap hari", "setiap malam", "tiap hari", "tiap malam")
LIGHTING = ("memadai", "sebagian", "kurang", "tidak-ada")
EARLY_WARNING = ("kentongan", "sirene", "pengeras-suara", "grup-pesan")
RISKS = (
    "banjir", "kebakaran", "curanmor", "pencurian", "konflik", "narkoba", "perjudian", "miras", "tawuran",
    "penipuan", "kenakalan-remaja", "kecelakaan", "longsor", "angin-kencang", "abrasi",
)
MAX_TEXT = 300  # characters in a one-line text field
MAX_NOTE = 2000  # characters in the note (the file's body)


@dataclass(frozen=True)
class Field:
    """One checklist question."""

    key: str
    kind: Kind
    label: str  # how the page and the form name it (Indonesian)
    question: str  # the skeleton's comment: what to write (Indonesian)
    visibility: Visibility
    required: bool = True  # must be answered (0, tidak or [] are answers)
    maximum: int = 0  # counts: the largest believable value
    unit: str = ""  # counts: "pos", "kamera", "orang"
    choices: tuple[str, ...] = ()
    in_place: str = ""  # in_place fields: the public card's words when it is in place
    synonyms: tuple[str, ...] = ()  # keys officers are likely to write instead

    @property
    def public(self) -> bool:
        return self.visibility != "internal"


CHECKLIST: tuple[Field, ...] = (
    Field("pos_kamling", "count", "Pos kamling", "jumlah pos kamling di desa (angka, 0 bila tidak ada)", "internal",
          maximum=500, unit="pos", synonyms=("poskamling", "jumlah_pos_kamling")),
    Field("pos_kamling_active", "count", "Pos kamling aktif", "berapa pos kamling yang dipakai ronda (angka)", "in_place",
          maximum=500, unit="pos", in_place="Pos kamling aktif", synonyms=("pos_kamling_aktif", "pos_aktif")),
    Field("ronda_days", "days", "Hari ronda", "malam ronda, misalnya [senin, kamis, sabtu], 'setiap malam', atau [] bila tidak ada",
          "internal", choices=DAYS, synonyms=("hari_ronda", "ronda", "jadwal_ronda")),
    Field("ronda_hours", "hours", "Jam ronda", "jam ronda, misalnya 22.00-04.00 (boleh dikosongkan bila tidak ada ronda)",
          "internal", required=False, synonyms=("jam_ronda",)),
    Field("entrances", "count", "Jalan masuk desa", "jumlah jalan masuk ke permukiman (angka)", "internal",
          maximum=200, unit="jalan masuk", synonyms=("pintu_masuk", "jalan_masuk", "akses")),
    Field("entrances_guarded", "count", "Jalan masuk yang dijaga atau berportal", "berapa jalan masuk yang dijaga atau berportal (angka)",
          "internal", maximum=200, unit="jalan masuk", synonyms=("pintu_dijaga", "akses_dijaga", "portal")),
    Field("one_gate", "yes_no", "Sistem satu gerbang", "sudah ada sistem satu gerbang (one gate system)? ya atau tidak", "in_place",
          in_place="Sistem satu gerbang", synonyms=("satu_gerbang", "one_gate_system", "gerbang")),
    Field("gate_hours", "hours", "Jam gerbang ditutup atau dijaga", "jam gerbang ditutup/dijaga, misalnya 22.00-05.00 (boleh kosong)",
          "internal", required=False, synonyms=("jam_gerbang", "jam_portal")),
    Field("unguarded_entrances", "text", "Jalan masuk tanpa penjagaan", "jalan masuk mana yang belum dijaga (boleh kosong)", "internal",
          required=False, synonyms=("akses_tanpa_jaga", "pintu_tanpa_jaga")),
    Field("street_lighting", "choice", "Penerangan jalan", "penerangan jalan: memadai, sebagian, kurang atau tidak-ada", "in_place",
          choices=LIGHTING, in_place="Penerangan jalan memadai", synonyms=("penerangan", "lampu_jalan", "lighting")),
    Field("dark_spots", "text", "Titik gelap", "ruas jalan yang masih gelap (boleh kosong)", "internal", required=False,
          synonyms=("titik_gelap",)),
    Field("cctv_total", "count", "CCTV terpasang", "jumlah kamera CCTV lingkungan yang terpasang (angka)", "internal",
          maximum=5000, unit="kamera", synonyms=("cctv", "jumlah_cctv")),
    Field("cctv_working", "count", "CCTV berfungsi", "berapa kamera yang berfungsi (angka)", "in_place",
          maximum=5000, unit="kamera", in_place="CCTV lingkungan berfungsi", synonyms=("cctv_aktif", "cctv_berfungsi")),
    Field("cctv_places", "text", "Letak CCTV", "letak kamera (boleh kosong; tidak pernah tampil di situs publik)", "internal",
          required=False, synonyms=("lokasi_cctv", "letak_cctv")),
    Field("linmas", "count", "Anggota linmas", "jumlah anggota linmas (angka)", "in_place",
          maximum=5000, unit="orang", in_place="Linmas siaga", synonyms=("anggota_linmas", "jumlah_linmas")),
    Field("siskamling_group", "yes_no", "Kelompok siskamling",
          "ada kelompok siskamling? ya atau tidak (jangan tulis nomor atau nama anggota)", "in_place",
          in_place="Kelompok siskamling", synonyms=("siskamling", "kelompok_siskamling", "grup_siskamling")),
    Field("emergency_numbers", "yes_no", "Nomor darurat terpasang", "nomor darurat 110 dan Polsek terpasang di tempat umum? ya atau tidak",
          "in_place", in_place="Nomor darurat 110 dan Polsek terpasang", synonyms=("nomor_darurat", "nomor_110")),
    Field("early_warning", "choices", "Peringatan dini", "alat peringatan dini, misalnya [kentongan, sirene], atau [] bila tidak ada",
          "in_place", choices=EARLY_WARNING, in_place="Peringatan dini", synonyms=("peringatan_dini", "kentongan", "sirene")),
    Field("risks", "choices", "Kerawanan", "kerawanan utama, misalnya [banjir, curanmor], atau [] bila tidak ada", "internal",
          choices=RISKS, synonyms=("kerawanan", "risiko", "rawan")),
)

BY_KEY = {f.key: f for f in CHECKLIST}
FIELD_SYNONYMS = {synonym: f.key for f in CHECKLIST for synonym in f.synonyms}

# The keys naming the assessment itself (not the checklist); all public.
HEADER_KEYS = ("village", "officer", "date")
OPTIONAL_HEADER_KEYS = ("sample",)  # `sample: true` marks a fictional assessment (the sample site's)
HEADER_SYNONYMS = {"desa": "village", "kelurahan": "village", "petugas": "officer", "tanggal": "date", "tgl": "date",
                   "contoh": "sample", "fiktif": "sample"}
KNOWN_KEYS = HEADER_KEYS + OPTIONAL_HEADER_KEYS + tuple(f.key for f in CHECKLIST)

# Keys that would record what the checklist must never hold: who is in the siskamling group, and its number.
FORBIDDEN_KEYS = ("anggota", "anggota_siskamling", "siskamling_members", "siskamling_phone", "nomor_siskamling",
                  "kontak", "kontak_siskamling", "ketua", "ketua_siskamling", "members", "contact", "phone", "telepon", "hp")

NOTE_SKELETON = ("Tulis catatan singkat di sini: apa yang sudah berjalan, apa yang disepakati bersama warga, "
                 "RT/RW dan linmas, dan apa rencana berikutnya.")
"""The body `kabardesa asesmen new` writes; `check` refuses it until replaced."""

SAMPLE_NOTE = "Contoh fiktif"
"""The line that marks a sample assessment's note (with `sample: true`)."""


def internal_fields() -> tuple[Field, ...]:
    return tuple(f for f in CHECKLIST if f.visibility == "internal")


def form_fields() -> list[dict[str, Any]]:
    """The checklist as field specs for a web form generator (Decap/Sveltia ``fields``), header first.

    Each spec has ``name``, ``label``, ``widget`` (Decap's widget names), ``required``,
    ``hint`` and ``public``; counts add ``value_type``/``min``/``max``, choices add
    ``options`` (and ``multiple``). The note is the file's body (``name: body``).
    """
    specs: list[dict[str, Any]] = [
        {"name": "village", "label": "Desa/kelurahan", "widget": "string", "required": True, "public": True,
         "hint": "slug desa, lihat `kabardesa list villages`"},
        {"name": "officer", "label": "Petugas", "widget": "string", "required": True, "public": True,
         "hint": "id petugas, lihat `kabardesa list officers`"},
        {"name": "date", "label": "Tanggal asesmen", "widget": "datetime", "required": True, "public": True,
         "format": "YYYY-MM-DD", "time_format": False, "hint": "hari asesmen dilakukan"},
    ]
    for field in CHECKLIST:
        spec: dict[str, Any] = {"name": field.key, "label": field.label, "required": field.required,
                                "hint": field.question, "public": field.public}
        if field.kind == "count":
            spec.update(widget="number", value_type="int", min=0, max=field.maximum)
        elif field.kind == "yes_no":
            spec.update(widget="boolean")
        elif field.kind in ("choice", "choices", "days"):
            spec.update(widget="select", options=list(field.choices), multiple=field.kind != "choice")
        else:
            spec.update(widget="string")
        specs.append(spec)
    specs.append({"name": "body", "label": "Catatan", "widget": "text", "required": True, "public": False,
                  "hint": f"catatan singkat, paling banyak {MAX_NOTE} karakter; tidak tampil di situs publik"})
    return specs


def visibility_words(field: Field) -> str:
    """How the officers' guide says who sees a field."""
    if field.visibility == "public":
        return "publik"
    if field.key == "ronda_days":
        return f"hanya internal (situs publik hanya menulis \u201c{RONDA_IN_PLACE}\u201d bila ada malam ronda)"
    if field.visibility == "in_place":
        return f"publik hanya bila ada (\u201c{field.in_place}\u201d)"
    return "hanya internal"


RONDA_IN_PLACE = "Ronda malam terjadwal"
"""The public card's words when any night has ronda (which nights stays internal)."""


def is_in_place(field: Field, value: Any) -> bool:
    """The answer says the thing exists: a count of one or more, ``ya``, the best choice, a non-empty list."""
    if value is None:
        return False
    if field.kind == "count":
        return bool(value >= 1)
    if field.kind == "yes_no":
        return value is True
    if field.kind == "choice":
        return bool(value == field.choices[0])
    if field.kind in ("choices", "days"):
        return bool(value)
    return bool(str(value).strip())


def shown(field: Field, value: Any) -> str:
    """An answer as the internal build prints it: ``4 kamera``, ``ya``, ``senin, kamis``, ``22.00-04.00``."""
    if value is None or value == "":
        return "–"
    if field.kind == "count":
        return f"{value} {field.unit}"
    if field.kind == "yes_no":
        return "ya" if value else "tidak"
    if field.kind in ("choices", "days"):
        return ", ".join(value) if value else "tidak ada"
    return str(value)
