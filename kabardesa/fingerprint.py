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
from typing import Any

_PLAIN = (str, int, float, bool, type(None), datetime, date, time, PurePath)
Update = Callable[[str], None]


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


# Per class, found once: how its values are fed (10,000 pages make a million calls), and a dataclass's
# fingerprinted field names (dataclasses.fields() is slow).
_PLAIN_KIND, _OWN, _FIELDS_KIND, _SEQUENCE, _SET, _MAPPING = range(6)
_KINDS: dict[type, int] = {}
_FIELDS: dict[type, tuple[str, ...]] = {}


def _kind(cls: type) -> int:
    try:
        return _KINDS[cls]
    except KeyError:
        pass
    if issubclass(cls, _PLAIN):
        kind = _PLAIN_KIND
    elif getattr(cls, "fingerprint", None) is not None:
        kind = _OWN
    elif dataclasses.is_dataclass(cls):
        kind = _FIELDS_KIND
    elif issubclass(cls, (set, frozenset)):
        kind = _SET
    elif issubclass(cls, (list, tuple)):
        kind = _SEQUENCE
    elif issubclass(cls, Mapping):
        kind = _MAPPING
    else:
        raise TypeError(f"no fingerprint for {cls.__name__}: make it a dataclass or give it a fingerprint")
    _KINDS[cls] = kind
    return kind


def _feed(update: Update, value: object) -> None:
    cls = type(value)
    kind = _KINDS.get(cls)
    if kind is None:
        kind = _kind(cls)
    if kind == _PLAIN_KIND:
        update(f"{cls.__name__}:{value!s}\x00")
    elif kind == _OWN:
        update(f"{cls.__name__}#{value.fingerprint}\x00")  # type: ignore[attr-defined]
    elif kind == _FIELDS_KIND:
        _feed_fields(update, value)
    elif kind == _SEQUENCE or kind == _SET:
        items: Any = sorted(value, key=fingerprint) if kind == _SET else value  # type: ignore[call-overload]
        update(f"[{len(items)}\x00")
        for item in items:
            _feed(update, item)
        update("]")
    else:
        update(f"{{{len(value)}\x00")  # type: ignore[arg-type]
        for key in sorted(value, key=str):  # type: ignore[call-overload]
            _feed(update, key)
            _feed(update, value[key])  # type: ignore[index]
        update("}")


def _field_names(cls: type) -> tuple[str, ...]:
    try:
        return _FIELDS[cls]
    except KeyError:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.metadata.get("fingerprint", True))
        return names


def _feed_fields(update: Update, instance: object) -> None:
    cls = type(instance)
    update(f"{cls.__name__}(")
    for name in _field_names(cls):
        update(f"{name}=")
        _feed(update, getattr(instance, name))
    update(")")
