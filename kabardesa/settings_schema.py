"""The settings schema in mkdocs.yml: MkDocs' ``config_options`` with Indonesian messages.

A site either lists the plugin (``plugins: - kabardesa:`` with its options) or
loads the package through ``hooks:`` and writes the same options under
``extra: kabardesa:``; both go through :class:`KabarDesaConfig`, and
:func:`settings_from_config` / :func:`settings_from_options` turn the result
into a :class:`~kabardesa.settings.SiteSettings`. Every message about a bad
value is in Indonesian and names mkdocs.yml, the line where found, the key and
the fix. Only ``mkdocs.config`` is imported (no build machinery), so the
command line reads a site's settings through this module too.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from mkdocs.config import base, config_options
from mkdocs.exceptions import PluginError

from .settings import CMS_BACKENDS, DEFAULTS, PHOTO_CACHE_OFF, SITE_NAME, TIMEZONES, SiteIdentity, SiteSettings, normal_site_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

T = TypeVar("T")
_ValidationError = base.ValidationError

# Material's palette names (its palette CSS): the header and the accent colours.
PRIMARY_COLORS = (
    "red", "pink", "purple", "deep purple", "indigo", "blue", "light blue", "cyan", "teal", "green",
    "light green", "lime", "yellow", "amber", "orange", "deep orange", "brown", "grey", "blue grey",
    "black", "white",
)
ACCENT_COLORS = (
    "red", "pink", "purple", "deep purple", "indigo", "blue", "light blue", "cyan", "teal", "green",
    "light green", "lime", "yellow", "amber", "orange", "deep orange",
)
_REGION_CODE = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?")
_IDENTITY = DEFAULTS.identity
_REPO = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}")

# -- values as a person reads them -------------------------------------------------------------


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    names = {str: "teks", int: "bilangan bulat", float: "bilangan pecahan", list: "daftar", dict: "pemetaan"}
    return "kosong" if value is None else names.get(type(value), type(value).__name__)


def _shown(value: object) -> str:
    """``'tiga puluh' (teks)``: the value and what YAML made of it."""
    text = repr(value) if not isinstance(value, bool) else str(value).lower()
    return f"{text[:60]}{'…' if len(text) > 60 else ''} ({_kind(value)})"


# -- options with Indonesian messages ---------------------------------------------------------


class _Integer(config_options.Type[int]):
    def __init__(self, default: int, minimum: int, maximum: int) -> None:
        super().__init__(int, default=default)
        self.minimum, self.maximum = minimum, maximum

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not self.minimum <= value <= self.maximum:
            raise _ValidationError(f"harus bilangan bulat {self.minimum}–{self.maximum}, bukan {_shown(value)}")
        return value


class _Flag(config_options.Type[bool]):
    def __init__(self, default: bool) -> None:
        super().__init__(bool, default=default)

    def run_validation(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise _ValidationError(f"harus true atau false, bukan {_shown(value)}")
        return value


class _Text(config_options.Type[str]):
    def __init__(self, default: str | None = None, max_length: int = 200, allow_empty: bool = False) -> None:
        super().__init__(str, default=default)
        self.max_length, self.allow_empty = max_length, allow_empty

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str):
            raise _ValidationError(f"harus teks, bukan {_shown(value)}")
        text = value.strip()
        if not text and not self.allow_empty:
            raise _ValidationError("tidak boleh kosong")
        if len(text) > self.max_length or any(ch in text for ch in "\r\n\t"):
            raise _ValidationError(f"harus teks satu baris, paling banyak {self.max_length} karakter")
        return text


def _folded(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").replace("_", " ").split())


class _OneOf(config_options.Choice[str]):
    """One of the choices, case and ``-``/``_``/space aside: ``Deep-Purple`` is ``deep purple``."""

    def __init__(self, choices: Mapping[str, str] | tuple[str, ...], default: str) -> None:
        """``choices`` maps each choice to another name it may be given by (``Asia/Jakarta``: ``WIB``)."""
        super().__init__(tuple(choices), default=default)
        self.aliases = dict(choices) if isinstance(choices, Mapping) else {}

    def run_validation(self, value: object) -> str:
        folded = {_folded(str(choice)): str(choice) for choice in self.choices}
        folded.update({_folded(alias): choice for choice, alias in self.aliases.items()})
        if isinstance(value, str) and _folded(value) in folded:
            return folded[_folded(value)]
        close = difflib.get_close_matches(str(value), [str(c) for c in self.choices], n=2)
        hint = f"; maksud Anda: {', '.join(close)}?" if close else f"; pilihan: {', '.join(map(str, self.choices))}"
        if self.aliases:
            hint += " (atau " + ", ".join(self.aliases.values()) + ")"
        raise _ValidationError(f"nilai {_shown(value)} tidak dikenal{hint}")


class _List(config_options.ListOfItems[T]):
    """A list (a lone value is taken as a list of one), not empty, each item checked."""

    def __init__(self, item: base.BaseConfigOption[T], default: list[T], max_items: int) -> None:
        super().__init__(item, default=default)
        self.max_items = max_items

    def run_validation(self, value: object) -> list[T]:
        if value is None:
            value = self.default
        if not isinstance(value, list):
            value = [value]
        if len(value) > self.max_items:
            raise _ValidationError(f"paling banyak {self.max_items} butir, bukan {len(value)}")
        try:
            return super().run_validation(value)
        except _ValidationError as exc:
            raise _ValidationError(f"salah satu butirnya {exc}") from None


class _Widths(_List[int]):
    def run_validation(self, value: object) -> list[int]:
        widths = super().run_validation(value)
        if not widths:
            raise _ValidationError("sebutkan paling sedikit satu lebar, misalnya [240, 480, 960, 1600]")
        return sorted(set(widths))


class _DefaultWidth(_Integer):
    """One of ``photo_widths``: checked once both are read."""

    def post_validation(self, config: base.Config, key_name: str) -> None:
        widths = config.get("photo_widths") or []
        if config[key_name] not in widths:
            raise _ValidationError(f"harus salah satu dari photo_widths ({', '.join(map(str, widths))}), bukan {config[key_name]}")


class _RegionCode(config_options.Type[str]):
    """A Kemendagri code. YAML reads an unquoted ``35.10`` as the number 35.1: taken back as '35.10'."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if isinstance(value, float) and float(f"{value:.2f}") == value:
            text = f"{value:.2f}"
        if text is None or not _REGION_CODE.fullmatch(text):
            raise _ValidationError(
                f"kode wilayah {_shown(value)} tidak sah; tulis kode Kemendagri dalam tanda kutip, "
                "misalnya '35.25' (kabupaten/kota) atau '35.25.01' (kecamatan)")
        return text


class _PhotoCache(config_options.Type[str]):
    """A folder, or false/off for no cache (stored as the empty string)."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        if value is False or (isinstance(value, (str, int)) and str(value).strip().lower() in PHOTO_CACHE_OFF):
            return ""
        if not isinstance(value, str) or not value.strip() or "\n" in value:
            raise _ValidationError(f"harus nama folder atau false (tanpa cache), bukan {_shown(value)}")
        return value.strip()


class _Repo(_Text):
    """A GitHub repository, ``owner/name``, or empty."""

    def __init__(self, default: str) -> None:
        super().__init__(default, max_length=140, allow_empty=True)

    def run_validation(self, value: object) -> str:
        text = super().run_validation("" if value is None else value)
        if text and not _REPO.fullmatch(text):
            raise _ValidationError(f"harus nama repositori GitHub PEMILIK/NAMA, misalnya polres-gresik/kabar-desa, bukan {_shown(value)}")
        return text


class _LoginUrl(_Text):
    """The web form's login service: an ``https://`` address (the GitHub token comes back from it), or empty."""

    def __init__(self, default: str) -> None:
        super().__init__(default, max_length=200, allow_empty=True)

    def run_validation(self, value: object) -> str:
        text = super().run_validation("" if value is None else value)
        if text and not re.fullmatch(r"https://[A-Za-z0-9.-]+(:\d+)?(/[^\s\"'<>]*)?", text):
            raise _ValidationError(f"harus alamat https://, misalnya https://kabardesa-login.contoh.workers.dev, bukan {_shown(value)}")
        return text.rstrip("/")


class _Path(_Text):
    """A path on the login service (``auth``, ``api/auth``), or empty."""

    def __init__(self, default: str) -> None:
        super().__init__(default, max_length=100, allow_empty=True)

    def run_validation(self, value: object) -> str:
        text = super().run_validation("" if value is None else value)
        if text and not re.fullmatch(r"/?[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*", text):
            raise _ValidationError(f"harus jalur seperti auth atau api/auth, bukan {_shown(value)}")
        return text


# -- configs: unknown keys are errors, every message says where and how to fix it -------------


class _Schema(base.Config):
    def _validate(self) -> tuple[base.ConfigErrors, base.ConfigWarnings]:
        failed, warnings = super()._validate()
        unknown = {str(key) for key in self.keys()} - self._schema_keys
        warnings = [(key, text) for key, text in warnings if key not in unknown]
        for key in sorted(unknown):
            close = difflib.get_close_matches(key, sorted(self._schema_keys), n=2)
            hint = f"maksud Anda: {', '.join(close)}?" if close else f"yang dikenal: {', '.join(sorted(self._schema_keys))}"
            failed.append((key, _ValidationError(f"kunci tidak dikenal; {hint}")))
        return failed, warnings


class _Section(base.BaseConfigOption[base.Config]):
    """A nested mapping read with its own schema; its errors carry the inner key."""

    def __init__(self, schema: type[_Schema]) -> None:
        super().__init__()
        self.schema = schema
        self.default: dict[str, Any] = {}

    def run_validation(self, value: object) -> base.Config:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            raise _ValidationError(f"harus pemetaan (kunci: nilai), bukan {_shown(value)}")
        section = self.schema()
        section.load_dict(value)
        failed, _ = section.validate()
        if failed:
            key, exc = failed[0]
            raise _SectionError(key, str(exc))
        return section


class _SectionError(_ValidationError):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key, self.message = key, message


class IdentityConfig(_Schema):
    """``identity:``: see :class:`~kabardesa.settings.SiteIdentity` for each key's meaning."""

    name = config_options.Optional(_Text(max_length=80))  # unset: the name in data/polsek.yml
    short_name = _Text(_IDENTITY.short_name, max_length=40, allow_empty=True)
    region_codes = _List(_RegionCode(), list(_IDENTITY.region_codes), max_items=500)
    logo = _Text(_IDENTITY.logo)
    favicon = config_options.Optional(_Text())
    primary_color = _OneOf(PRIMARY_COLORS, default=_IDENTITY.primary_color)
    accent_color = _OneOf(ACCENT_COLORS, default=_IDENTITY.accent_color)


class KabarDesaConfig(_Schema):
    """The plugin's options (or ``extra: kabardesa:``): see :class:`~kabardesa.settings.SiteSettings`."""

    identity = _Section(IdentityConfig)
    internal = _Flag(DEFAULTS.internal)
    timezone = _OneOf(TIMEZONES, default=DEFAULTS.timezone)
    page_size = _Integer(DEFAULTS.page_size, 1, 500)
    listing_pages = _Integer(DEFAULTS.listing_pages, 1, 10_000)
    home_latest = _Integer(DEFAULTS.home_latest, 0, 100)
    home_digests = _Integer(DEFAULTS.home_digests, 0, 52)
    polsek_recent = _Integer(DEFAULTS.polsek_recent, 0, 100)
    digest_summaries_up_to = _Integer(DEFAULTS.digest_summaries_up_to, 0, 10_000)
    feed_size = _Integer(DEFAULTS.feed_size, 1, 500)
    whatsapp_limit = _Integer(DEFAULTS.whatsapp_limit, 500, 65_536)
    whatsapp_short_title = _Integer(DEFAULTS.whatsapp_short_title, 20, 200)
    quiet_days = _Integer(DEFAULTS.quiet_days, 1, 3650)
    assessment_days = _Integer(DEFAULTS.assessment_days, 1, 3650)
    photo_widths = _Widths(_Integer(0, 160, 4096), list(DEFAULTS.photo_widths), max_items=6)
    photo_default_width = _DefaultWidth(DEFAULTS.photo_default_width, 160, 4096)
    photo_webp_quality = _Integer(DEFAULTS.photo_webp_quality, 1, 100)
    photo_jpeg_quality = _Integer(DEFAULTS.photo_jpeg_quality, 1, 100)
    photo_cache = _PhotoCache(DEFAULTS.photo_cache or "")
    cms_backend = _OneOf(CMS_BACKENDS, default=DEFAULTS.cms_backend)
    cms_repo = _Repo(DEFAULTS.cms_repo)
    cms_branch = _Text(DEFAULTS.cms_branch, max_length=100)
    cms_base_url = _LoginUrl(DEFAULTS.cms_base_url)
    cms_auth_endpoint = _Path(DEFAULTS.cms_auth_endpoint)
    cms_local_port = _Integer(DEFAULTS.cms_local_port, 1024, 65535)

    prefix = ""  # how messages name a key: "" as a plugin option, "extra.kabardesa." under extra

    def validate(self) -> tuple[base.ConfigErrors, base.ConfigWarnings]:
        failed, warnings = super().validate()
        return [(key, _ValidationError(_explain(self, key, exc))) for key, exc in failed], warnings


def _explain(config: KabarDesaConfig, key: str, exc: Exception) -> str:
    """``mkdocs.yml:57: extra.kabardesa.page_size: harus …; bawaan: page_size: 30``."""
    path = [key, exc.key] if isinstance(exc, _SectionError) else [key]
    message = exc.message if isinstance(exc, _SectionError) else str(exc)
    prefix = config.prefix
    line = _line_of(config.config_file_path, ["kabardesa", *path])
    where = f"mkdocs.yml:{line}" if line else "mkdocs.yml"
    schema: type[_Schema] = IdentityConfig if len(path) > 1 else KabarDesaConfig
    option = dict(schema._schema).get(path[-1])
    default = getattr(option, "default", None)
    fix = f"; bawaan: {path[-1]}: {_yaml_value(default)}" if default not in (None, "", [], {}) else ""
    return f"{where}: {prefix}{'.'.join(path)}: {message}{fix}"


def _yaml_value(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "[" + ", ".join(map(_yaml_value, value)) + "]"
    if isinstance(value, dict):
        return "{}"
    return str(value)


def _line_of(config_file: str, keys: list[str]) -> int | None:
    """The line of ``keys[-1]`` below each earlier key in the YAML text (best effort)."""
    try:
        lines = Path(config_file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError, TypeError):
        return None
    number = 0
    for key in keys:
        pattern = re.compile(rf"^\s*(-\s+)?{re.escape(key)}\s*:")
        number = next((n for n in range(number, len(lines)) if pattern.match(lines[n])), -1) + 1
        if number == 0:
            return None
    return number


# -- to SiteSettings ---------------------------------------------------------------------------


def _settings(options: base.Config, site_name: str | None, site_url: str | None) -> SiteSettings:
    identity = options["identity"]
    return SiteSettings(
        identity=SiteIdentity(
            name=identity["name"] or "", site_name=(site_name or "").strip() or SITE_NAME, site_url=normal_site_url(site_url),
            short_name=identity["short_name"], region_codes=tuple(identity["region_codes"]),
            logo=identity["logo"], favicon=identity["favicon"],
            primary_color=identity["primary_color"], accent_color=identity["accent_color"],
        ),
        photo_widths=tuple(options["photo_widths"]),
        photo_cache=options["photo_cache"] or None,
        **{key: options[key] for key in _SCALARS},
    )


_SCALARS = (
    "internal", "timezone", "page_size", "listing_pages", "home_latest", "home_digests", "polsek_recent", "digest_summaries_up_to",
    "feed_size", "whatsapp_limit", "whatsapp_short_title", "quiet_days", "assessment_days", "photo_default_width",
    "photo_webp_quality", "photo_jpeg_quality",
    "cms_backend", "cms_repo", "cms_branch", "cms_base_url", "cms_auth_endpoint", "cms_local_port",
)


def settings_from_mapping(options: object, site_url: str | None = None, config_file: str = "mkdocs.yml",
                          prefix: str = "extra.kabardesa.", site_name: str | None = None) -> SiteSettings:
    """Check a mapping of options with the schema; every problem raises :class:`PluginError` in Indonesian."""
    if options is None:
        options = {}
    if not isinstance(options, Mapping):
        raise PluginError(f"mkdocs.yml: {prefix.rstrip('.')}: harus pemetaan (kunci: nilai), bukan {_shown(options)}")
    schema = KabarDesaConfig(config_file_path=config_file)
    schema.prefix = prefix
    schema.load_dict(dict(options))
    failed, _ = schema.validate()
    if failed:
        raise PluginError("pengaturan Kabar Desa tidak sah:\n" + "\n".join(str(exc) for _, exc in failed))
    return _settings(schema, site_name, site_url)


def settings_from_options(options: base.Config, config: MkDocsConfig | Mapping[str, Any]) -> SiteSettings:
    """A plugin's settings: its options, already checked by MkDocs against :class:`KabarDesaConfig`."""
    return _settings(options, config.get("site_name"), config.get("site_url"))


def settings_from_config(config: MkDocsConfig | Mapping[str, Any]) -> SiteSettings:
    """A hook-based site's settings: ``extra: kabardesa:`` in mkdocs.yml, and MkDocs' ``site_url``."""
    extra = config.get("extra") or {}
    options = extra.get("kabardesa") if isinstance(extra, Mapping) else None
    return settings_from_mapping(options, config.get("site_url"), getattr(config, "config_file_path", "") or "mkdocs.yml",
                                 site_name=config.get("site_name"))


