"""The ``kabardesa`` MkDocs plugin: ``plugins: - kabardesa`` instead of the hook file.

Its options are the settings schema of :mod:`kabardesa.settings_schema`; every
event goes to the adapter's hook function of the same name, so a site may use
either. Works the same under ProperDocs, whose ``properdocs`` command maps
``mkdocs.*`` imports onto itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from . import mkdocs_adapter as adapter
from .settings import DEFAULTS, SiteSettings
from .settings_schema import (  # noqa: F401  (the schema's names, re-exported for sites and tests)
    KabarDesaConfig,
    settings_from_config,
    settings_from_mapping,
    settings_from_options,
)


def _delegate(name: str) -> Callable[..., Any]:
    """A plugin event method that calls the adapter's hook function of the same name."""
    target = getattr(adapter, name)

    def event(self: KabarDesaPlugin, *args: Any, **kwargs: Any) -> Any:
        return target(*args, **kwargs)

    event.__name__ = event.__qualname__ = name
    event.__doc__ = target.__doc__
    return event


class KabarDesaPlugin(BasePlugin[KabarDesaConfig]):
    """``plugins: - kabardesa`` in mkdocs.yml: the same pipeline as ``hooks/``, options checked by the schema.

    A site uses either this plugin or the hook file, not both (each would run the pipeline).
    """

    settings: SiteSettings = DEFAULTS

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        _refuse_second_loader(config)
        self.settings = settings_from_options(self.config, config)
        return adapter.configure(config, self.settings)


def _refuse_second_loader(config: MkDocsConfig) -> None:
    """The plugin alone runs the pipeline: no hook file may run it again, no ``extra: kabardesa:`` compete."""
    hooks = [name for name, plugin in config.plugins.items() if getattr(plugin, "on_config", None) is adapter.on_config]
    if hooks:
        raise PluginError(f"mkdocs.yml: plugin kabardesa dan hooks ({', '.join(hooks)}) sama-sama menjalankan Kabar Desa; "
                          "pakai salah satu: hapus baris hooks itu, atau hapus '- kabardesa' dari plugins")
    extra = config.extra if isinstance(config.extra, Mapping) else {}
    if "kabardesa" in extra:
        raise PluginError("mkdocs.yml: pengaturan ada di 'extra: kabardesa:' dan di plugin kabardesa; "
                          "pindahkan isinya ke bawah '- kabardesa:' di plugins lalu hapus 'extra: kabardesa:'")


# Every other event the adapter handles, so the plugin and the hook file never differ.
for _name in adapter.__all__:
    if _name.startswith("on_") and _name not in vars(KabarDesaPlugin):
        setattr(KabarDesaPlugin, _name, _delegate(_name))
