"""Content fingerprints: what a page or an output was made from, as a short stable digest.

A dirty rebuild (``mkdocs serve``) and the post-build skip what is unchanged by
comparing fingerprints. A fingerprint is computed from values, never from
``repr`` or file times: dataclasses by their fields (a field with
``metadata={"fingerprint": False}`` is left out), objects with a ``fingerprint``
string (a story computes its own once) by that, and plain values by type and
value. Anything else is a programming error and raises :class:`TypeError`, so a
new kind of value cannot silently fingerprint as "unchanged".
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from pathlib import PurePath

_PLAIN = (str, int, float, bool, type(None), datetime, date, time, PurePath)
Update = Callable[[str], None]
_PLAIN_TYPES = frozenset(_PLAIN)


def fingerprint(value: object) -> str:
    """A hex digest of ``value``'s content (32 characters)."""
    parts: list[str] = []
    _feed(parts.append, value)
    return _digest(parts)


def fields_fingerprint(instance: object) -> str:
    """The fingerprint of a dataclass instance's own fields (for a class that caches its fingerprint)."""
    parts: list[str] = []
    _feed_fields(parts.append, instance)
    return _digest(parts)


def _digest(parts: list[str]) -> str:
    return hashlib.blake2b("".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


# Per class: its fingerprinted field names (dataclasses.fields() is slow for 10,000 pages), or None.
_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    try:
        return _FIELDS[cls]
    except KeyError:
        pass
    names = None
    if dataclasses.is_dataclass(cls):
        names = tuple(f.name for f in dataclasses.fields(cls) if f.metadata.get("fingerprint", True))
    _FIELDS[cls] = names
    return names


def _feed(update: Update, value: object) -> None:
    cls = type(value)
    if cls in _PLAIN_TYPES or isinstance(value, _PLAIN):
        update(f"{cls.__name__}:{value!s}\x00")
        return
    if getattr(cls, "fingerprint", None) is not None:
        update(f"{cls.__name__}#{value.fingerprint}\x00")  # type: ignore[attr-defined]
    elif _field_names(cls) is not None:
        _feed_fields(update, value)
    elif isinstance(value, (list, tuple, frozenset, set)):
        items = sorted(value, key=fingerprint) if isinstance(value, (set, frozenset)) else value
        update(f"[{len(items)}\x00")
        for item in items:
            _feed(update, item)
        update("]")
    elif isinstance(value, Mapping):
        update(f"{{{len(value)}\x00")
        for key in sorted(value, key=str):
            _feed(update, key)
            _feed(update, value[key])
        update("}")
    else:
        raise TypeError(f"no fingerprint for {cls.__name__}: make it a dataclass or give it a fingerprint")


def _feed_fields(update: Update, instance: object) -> None:
    cls = type(instance)
    update(f"{cls.__name__}(")
    for name in _field_names(cls) or ():
        update(f"{name}=")
        _feed(update, getattr(instance, name))
    update(")")
