"""Deterministic synthetic corpora over the real registry in data/.

Story ``i`` depends only on the seed, ``i`` and "today": the same story is
identical in every corpus size, so a page can be compared across N. The first
stories walk through every village, officer and category (so a corpus of at
least 356 stories uses all of them); later ones are drawn at random, mostly one
village each, some two villages, some a Polsek area or the whole Polres.

About a fifth carry a photo: a copy of one JPEG from a shared pool of
synthetic pictures drawn with Pillow (gradients, shapes and grain, so they
weigh and decode like real photos), written once per seed.
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from kabardesa.registry import Registry, Village, load_registry
from kabardesa.text import slugify

GENERATOR_VERSION = 4  # bump when the output changes: cached corpora are regenerated
YEAR_STORIES = 10_000  # stories per year of the corpus (the first ones are the year before today)
DEFAULT_SEED = 20250523
MANIFEST = "manifest.json"
DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


@dataclass(frozen=True)
class CorpusSpec:
    n: int
    today: date
    seed: int = DEFAULT_SEED
    photo_share: float = 0.2
    pool_size: int = 50
    photo_size: tuple[int, int] = (1200, 900)
    min_words: int = 150
    max_words: int = 500

    def key(self) -> dict[str, Any]:
        data = asdict(self)
        data["today"] = self.today.isoformat()
        data["photo_size"] = list(self.photo_size)
        data["version"] = GENERATOR_VERSION
        return data


@dataclass
class StoryRecord:
    index: int
    path: str  # relative to the corpus root: stories/YYYY/MM/YYYY-MM-DD-slug.md
    url: str  # site-relative: berita/YYYY/MM/slug/
    title: str
    words: int
    photo: str | None = None  # relative path of the photo beside it


@dataclass
class Manifest:
    spec: dict[str, Any]
    stories: list[StoryRecord] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps({"spec": self.spec, "stories": [asdict(s) for s in self.stories]}, ensure_ascii=False, indent=0)

    @classmethod
    def load(cls, path: Path) -> "Manifest":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["spec"], [StoryRecord(**s) for s in data["stories"]])

    @property
    def photos(self) -> int:
        return sum(1 for s in self.stories if s.photo)


# -- vocabulary ----------------------------------------------------------------

SUBJECTS = (
    "warga", "para tokoh agama", "ketua RT setempat", "pemuda karang taruna", "ibu-ibu PKK", "anggota linmas",
    "perangkat desa", "Babinsa", "para nelayan", "kelompok tani", "pedagang pasar", "pelajar SMP", "pengemudi ojek",
    "pengurus takmir masjid", "pemilik warung kopi", "pengurus BUMDes", "relawan kamtibmas", "para lansia",
)
TOPICS = (
    "ronda malam", "pencurian ternak", "kenakalan remaja", "balap liar", "penipuan daring", "bahaya narkoba",
    "banjir rob", "kebakaran lahan", "pengelolaan sampah", "parkir liar", "judi daring", "perselisihan batas tanah",
    "pembagian air irigasi", "keamanan lingkungan", "pencurian sepeda motor", "perundungan di sekolah",
    "keselamatan berlalu lintas", "pinjaman online ilegal", "kebersihan saluran air", "hoaks di media sosial",
    "pengamanan hajatan", "jadwal siskamling", "peredaran minuman keras", "layang-layang di dekat kabel listrik",
)
PLACES = (
    "balai desa", "pos kamling", "serambi masjid", "musala dusun", "warung kopi", "pasar desa", "dermaga",
    "halaman sekolah dasar", "lapangan desa", "pendopo kecamatan", "rumah ketua RT", "gedung serbaguna",
    "tambatan perahu", "gardu ronda", "teras rumah warga", "kantor BUMDes",
)
ACTIONS = (
    "mendengarkan keluhan", "menyampaikan imbauan", "mencatat masukan", "membagikan nomor layanan darurat 110",
    "mengajak berdiskusi", "menjelaskan cara melapor", "membantu menyelesaikan masalah",
    "mengingatkan pentingnya menjaga lingkungan", "berbagi pengalaman", "menyusun jadwal bersama",
)
ADVERBS = ("dengan santai", "secara terbuka", "dengan penuh semangat", "bersama-sama", "secara bergiliran", "dengan tertib")
FEELINGS = ("merasa lebih tenang", "menyambut baik", "berterima kasih", "berharap kegiatan ini rutin",
            "mengaku senang", "siap mendukung")
FILLER_WORDS = (
    "kegiatan", "warga", "desa", "keamanan", "ketertiban", "bersama", "pertemuan", "masyarakat", "lingkungan",
    "kesepakatan", "musyawarah", "gotong", "royong", "setiap", "malam", "pagi", "kampung", "dusun", "jalan",
    "rumah", "kendaraan", "petugas", "polisi", "kabar", "informasi", "pesan", "kerja", "sama", "rutin", "terus",
    "menjaga", "menyapa", "mendengar", "membantu", "mengajak", "menyampaikan", "mengingatkan", "sekitar", "wilayah",
    "tetangga", "anak", "sekolah", "pasar", "sawah", "tambak", "pesisir", "aman", "tertib", "rukun", "damai",
)
TAGS = (
    "ronda", "pos-kamling", "linmas", "nelayan", "petani", "pelajar", "remaja", "lansia", "narkoba", "lalu-lintas",
    "hoaks", "banjir", "rob", "kebakaran", "sampah", "mediasi", "tiga-pilar", "jumat-curhat", "pengajian", "pasar",
    "sekolah", "umkm", "karang-taruna", "pkk", "skck", "kehilangan", "bencana", "cuaca", "air-bersih", "industri",
)
TITLE_PATTERNS = (
    "{kegiatan} di {tempat}: {subjek_cap} Bahas {topik_cap}",
    "Bhabinkamtibmas {tempat} Ajak {subjek_cap} Waspadai {topik_cap}",
    "{subjek_cap} {tempat} Sepakat Tangani {topik_cap} Bersama",
    "{kegiatan} Pekan Ini: Warga {tempat} Keluhkan {topik_cap}",
    "Cegah {topik_cap}, Bhabinkamtibmas Sambangi {subjek_cap} di {tempat}",
    "Dari {lokasi_cap} {tempat}, Polisi dan Warga Jaga Kamtibmas",
    "{tempat} Gelar {kegiatan} soal {topik_cap}",
)
SENTENCES = (
    "Dalam kesempatan itu, {petugas} {aksi} {keterangan} kepada {subjek}.",
    "{subjek_cap} {perasaan} karena persoalan {topik} kini dibicarakan secara terbuka.",
    "Pertemuan di {lokasi} itu dihadiri sekitar {jumlah} orang dari beberapa dusun.",
    "Menurut {subjek}, persoalan {topik} sempat meresahkan warga dalam beberapa pekan terakhir.",
    "{petugas} menegaskan bahwa warga dapat menghubungi layanan darurat 110 kapan saja tanpa biaya.",
    "Kegiatan ditutup dengan kesepakatan untuk bertemu lagi bulan depan di {lokasi}.",
    "Warga juga meminta agar patroli di sekitar {lokasi} dilakukan lebih sering pada malam hari.",
    "Kepala desa menyambut baik langkah tersebut dan berjanji menyiapkan dukungan dari dana desa.",
    "Sebagian {subjek} mengusulkan agar informasi tentang {topik} disebarkan lewat grup percakapan warga.",
    "Bhabinkamtibmas juga {aksi} {keterangan} tentang {topik} kepada para orang tua.",
    "Suasana pertemuan berlangsung {keterangan}, diselingi kopi dan jajanan pasar dari warga.",
    "Babinsa yang hadir menambahkan pentingnya kerja sama tiga pilar dalam menjaga desa.",
    "{subjek_cap} berharap kegiatan serupa dapat digelar secara rutin, tidak hanya ketika ada masalah.",
    "Sejumlah warga menceritakan pengalaman mereka terkait {topik} dan cara mereka menghadapinya.",
    "{petugas} mencatat setiap keluhan untuk diteruskan kepada Kapolsek dan perangkat desa.",
    "Hasil musyawarah itu akan ditempel di papan pengumuman {lokasi} agar diketahui semua warga.",
)
QUOTES = (
    "\"Kalau ada yang mencurigakan, cukup dicatat dan dilaporkan, jangan main hakim sendiri,\" kata {petugas}.",
    "\"Kami ingin warga merasa dekat dengan polisi, bukan takut,\" ujar {petugas}.",
    "\"Yang penting kita saling menjaga, karena keamanan desa tanggung jawab bersama,\" tutur salah satu {subjek}.",
    "\"Masalah {topik} tidak bisa diselesaikan sendiri; perlu semua pihak ikut bergerak,\" tegas {petugas}.",
)
HEADINGS = ("Kesepakatan warga", "Langkah berikutnya", "Pesan untuk warga", "Yang perlu diketahui")


def _cap(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in text.split())


# -- one story ---------------------------------------------------------------------


@dataclass
class _Plan:
    villages: list[Village]
    polsek: str | None
    officer_id: str
    category: str


class _Generator:
    def __init__(self, registry: Registry, spec: CorpusSpec):
        self.registry = registry
        self.spec = spec
        order = random.Random(f"{spec.seed}:order")
        self.villages = list(registry.villages.values())
        self.village_order = order.sample(self.villages, len(self.villages))
        self.officer_order = order.sample(list(registry.officers), len(registry.officers))
        self.category_order = order.sample(list(registry.categories), len(registry.categories))
        self.by_kecamatan: dict[str, list[Village]] = {}
        for village in self.villages:
            self.by_kecamatan.setdefault(village.kecamatan, []).append(village)
        self.officers_of = {v.slug: [o.id for o in registry.officers_of(v)] for v in self.villages}
        # weights: everyday work is common, leadership briefings are rare
        self.category_weights = [0.4 if slug == "arahan-pimpinan" else 1.0 for slug in registry.categories]

    def plan(self, i: int, rng: random.Random) -> _Plan:
        categories = list(self.registry.categories)
        category = self.category_order[i] if i < len(categories) else rng.choices(categories, self.category_weights)[0]
        if i < len(self.villages):
            villages = [self.village_order[i]]
            scope = "desa"
        else:
            roll = rng.random()
            scope = "desa" if roll < 0.88 else "desa2" if roll < 0.93 else "polsek" if roll < 0.97 else "polres"
            villages = [rng.choice(self.villages)] if scope.startswith("desa") else []
            if scope == "desa2":
                neighbours = [v for v in self.by_kecamatan[villages[0].kecamatan] if v != villages[0]]
                villages.append(rng.choice(neighbours))
        polsek = None
        if scope == "polsek":
            polsek = rng.choice(list(self.registry.polsek))
        if scope in ("polsek", "polres") and rng.random() < 0.5:
            category = "arahan-pimpinan"
        assigned = self.officers_of[villages[0].slug] if villages else []
        if i < len(self.officer_order):
            officer = self.officer_order[i]
        elif assigned and rng.random() < 0.9:
            officer = rng.choice(assigned)
        else:
            officer = rng.choice(list(self.registry.officers))
        return _Plan(villages, polsek, officer, category)

    def village_value(self, village: Village, rng: random.Random) -> str:
        """Officers write names as often as slugs; names that repeat need the slug.

        A form is used only when it resolves to this village alone: the slugs
        ``sidokumpul`` and ``sido-kumpul`` match each other, so those two
        villages are written by Kemendagri code.
        """
        def unique(form: str) -> bool:
            return self.registry.villages_matching(form) == [village]

        if rng.random() < 0.5 and unique(village.name):
            return village.name
        return village.slug if unique(village.slug) else village.code

    def story(self, i: int) -> tuple[str, str, str, dict[str, Any], str, int]:
        """(relative path, slug, title, front-matter, body, words) for story ``i``."""
        rng = random.Random(f"{self.spec.seed}:story:{i}")
        plan = self.plan(i, rng)
        registry = self.registry
        officer = registry.officers[plan.officer_id]
        category = registry.categories[plan.category]
        if plan.villages:
            place = plan.villages[0].name
            kecamatan = plan.villages[0].kecamatan
        elif plan.polsek:
            place = registry.polsek[plan.polsek].name.removeprefix("Polsek ").strip()
            kecamatan = place
        else:
            place, kecamatan = "Gresik", "Gresik"
        topic = rng.choice(TOPICS)
        subject = rng.choice(SUBJECTS)
        location = rng.choice(PLACES)
        kegiatan = category.name.split(" (")[0]
        title = rng.choice(TITLE_PATTERNS).format(
            kegiatan=kegiatan, tempat=place, subjek_cap=_cap(subject), topik_cap=_cap(topic), lokasi_cap=_cap(location))
        title = title[:120].rstrip()
        # date: the first YEAR_STORIES stories fall in the year before today, later ones in the
        # four years before that (about 10,000 a year, as five years of Gresik); a time on three in four
        days = rng.randrange(0, 365) if i < YEAR_STORIES else rng.randrange(365, 5 * 365)
        day = self.spec.today - timedelta(days=days)
        if rng.random() < 0.75 and day < self.spec.today:
            moment = datetime(day.year, day.month, day.day, rng.randint(6, 21), rng.choice((0, 15, 30, 45)))
            date_value = f"{moment:%Y-%m-%d %H:%M}"
        else:
            date_value = f"{day:%Y-%m-%d}"
        slug = f"{slugify(title)[:60].rstrip('-')}-{i}"
        rel = f"stories/{day:%Y}/{day:%m}/{day:%Y-%m-%d}-{slug}.md"
        meta: dict[str, Any] = {"title": title, "date": date_value}
        if plan.villages:
            values = [self.village_value(v, rng) for v in plan.villages]
            meta["village"] = values[0] if len(values) == 1 else values
        elif plan.polsek:
            meta["polsek"] = plan.polsek
        meta["officer"] = officer.id
        meta["category"] = category.slug
        meta["tags"] = rng.sample(TAGS, rng.randint(1, 3))
        body, words = self.body(rng, officer.display_name, place, kecamatan, day, topic, subject, location)
        if rng.random() < 0.6:
            meta["summary"] = (f"{officer.display_name} bersama {subject} di {place} membahas {topic} "
                               f"dan menyepakati langkah bersama menjaga keamanan lingkungan.")
        if rng.random() < self.spec.photo_share:
            meta["image"] = f"{day:%Y-%m-%d}-{slug}.jpg"
            meta["image_alt"] = f"Ilustrasi {subject} berkumpul di {location} {place}"
            if rng.random() < 0.7:
                meta["image_caption"] = f"Suasana {kegiatan.lower()} di {location} {place} (ilustrasi)."
        return rel, slug, title, meta, body, words

    def body(self, rng: random.Random, officer: str, place: str, kecamatan: str, day: date,
             topic: str, subject: str, location: str) -> tuple[str, int]:
        target = rng.randint(self.spec.min_words, self.spec.max_words)
        slots = {"petugas": officer, "subjek": subject, "subjek_cap": _cap(subject).split()[0] + subject[len(subject.split()[0]):],
                 "topik": topic, "lokasi": location}
        day_name = DAY_NAMES[day.weekday()]
        opener = (f"{_cap(subject)} di {place}, Kecamatan {kecamatan}, berkumpul di {location} pada {day_name} "
                  f"({day.day}/{day.month}/{day.year}) bersama Bhabinkamtibmas {officer} untuk membicarakan {topic}.")
        paragraphs: list[str] = []
        current = [opener]
        words = len(opener.split())
        heading_at = rng.randint(2, 4) if rng.random() < 0.15 else -1
        list_at = rng.randint(1, 3) if rng.random() < 0.1 else -1
        quote_at = rng.randint(1, 3)
        while words < target:
            if len(current) >= rng.randint(3, 5):
                paragraphs.append(" ".join(current))
                current = []
                number = len(paragraphs)
                if number == heading_at:
                    paragraphs.append("## " + rng.choice(HEADINGS))
                if number == list_at:
                    items = [f"- {_cap(rng.choice(ACTIONS))} tentang {rng.choice(TOPICS)}." for _ in range(rng.randint(2, 4))]
                    paragraphs.append("\n".join(items))
                    words += sum(len(item.split()) for item in items)
                if number == quote_at:
                    quote = rng.choice(QUOTES).format(**slots)
                    paragraphs.append(quote)
                    words += len(quote.split())
                    continue
            if rng.random() < 0.8:
                sentence = rng.choice(SENTENCES).format(
                    aksi=rng.choice(ACTIONS), keterangan=rng.choice(ADVERBS), perasaan=rng.choice(FEELINGS),
                    jumlah=rng.randint(12, 90), **slots)
            else:  # Indonesian-looking filler keeps the vocabulary from being too repetitive
                filler = [rng.choice(FILLER_WORDS) for _ in range(rng.randint(8, 16))]
                sentence = " ".join(filler).capitalize() + "."
            current.append(sentence)
            words += len(sentence.split())
        if current:
            paragraphs.append(" ".join(current))
        return "\n\n".join(paragraphs) + "\n", words


def story_text(meta: dict[str, Any], body: str) -> str:
    """Front-matter written the way officers write it (one ``key: value`` a line)."""
    lines = ["---"]
    for key, value in meta.items():
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(_yaml_scalar(v) for v in value)}]")
        else:
            lines.append(f"{key}: {_yaml_scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + body


def _yaml_scalar(value: Any) -> str:
    text = str(value)
    if any(ch in text for ch in ":#[]{},&*!|>'\"%@`") or text != text.strip():
        return json.dumps(text, ensure_ascii=False)
    return text


# -- photos ----------------------------------------------------------------------------


def make_pool(folder: Path, spec: CorpusSpec) -> list[Path]:
    """``spec.pool_size`` synthetic JPEGs (deterministic for a seed), made once."""
    from PIL import Image, ImageDraw, ImageFilter

    folder.mkdir(parents=True, exist_ok=True)
    width, height = spec.photo_size
    paths = []
    for k in range(spec.pool_size):
        path = folder / f"pool-{k:02d}-{width}x{height}.jpg"
        paths.append(path)
        if path.exists():
            continue
        rng = random.Random(f"{spec.seed}:photo:{k}")
        top = tuple(rng.randint(40, 220) for _ in range(3))
        bottom = tuple(rng.randint(20, 200) for _ in range(3))
        gradient = Image.linear_gradient("L").resize((width, height))
        image = Image.composite(Image.new("RGB", (width, height), top), Image.new("RGB", (width, height), bottom), gradient)
        draw = ImageDraw.Draw(image)
        for _ in range(rng.randint(18, 36)):
            x, y = rng.randrange(width), rng.randrange(height)
            w, h = rng.randint(30, width // 3), rng.randint(30, height // 3)
            colour = tuple(rng.randint(0, 255) for _ in range(3))
            shape = rng.random()
            if shape < 0.4:
                draw.ellipse((x, y, x + w, y + h), fill=colour)
            elif shape < 0.8:
                draw.rectangle((x, y, x + w, y + h), fill=colour)
            else:
                draw.polygon([(x, y), (x + w, y + rng.randint(0, h)), (x + rng.randint(0, w), y + h)], fill=colour)
        image = image.filter(ImageFilter.GaussianBlur(2))
        grain = Image.frombytes("L", (width, height), rng.randbytes(width * height)).convert("RGB")
        image = Image.blend(image, grain, 0.12)
        partial = path.with_suffix(".part")
        image.save(partial, "JPEG", quality=88)
        partial.replace(path)
    return paths


# -- the corpus -------------------------------------------------------------------------------


def generate(root: Path, spec: CorpusSpec, data_dir: Path, pool_dir: Path | None = None) -> Manifest:
    """Write ``root/stories/...`` and ``root/manifest.json``; reuse a matching corpus."""
    manifest_path = root / MANIFEST
    if manifest_path.exists():
        try:
            manifest = Manifest.load(manifest_path)
            if manifest.spec == spec.key():
                return manifest
        except (ValueError, KeyError, TypeError):
            pass
    if root.exists():
        shutil.rmtree(root)
    (root / "stories").mkdir(parents=True)
    registry = load_registry(data_dir)
    generator = _Generator(registry, spec)
    pool = make_pool(pool_dir or root / "pool", spec)
    manifest = Manifest(spec.key())
    for i in range(spec.n):
        rel, slug, title, meta, body, words = generator.story(i)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(story_text(meta, body), encoding="utf-8")
        photo = None
        if "image" in meta:
            photo_path = path.parent / meta["image"]
            shutil.copyfile(pool[random.Random(f"{spec.seed}:pick:{i}").randrange(len(pool))], photo_path)
            photo = photo_path.relative_to(root).as_posix()
        url = f"berita/{rel.split('/')[1]}/{rel.split('/')[2]}/{slug}/"
        manifest.stories.append(StoryRecord(i, rel, url, title, words, photo))
    manifest_path.write_text(manifest.to_json(), encoding="utf-8")
    return manifest


def split_story(text: str) -> tuple[str, str]:
    """(front-matter, body) of a story file written by :func:`story_text`."""
    _, front, body = text.split("---\n", 2)
    return front, body.lstrip("\n")
