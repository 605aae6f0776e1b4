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
Update = Callable[[bytes], None]


def fingerprint(value: object) -> str:
    """A hex digest of ``value``'s content (32 characters)."""
    digest = hashlib.blake2b(digest_size=16)
    _feed(digest.update, value)
    return digest.hexdigest()


def fields_fingerprint(instance: object) -> str:
    """The fingerprint of a dataclass instance's own fields (for a class that caches its fingerprint)."""
    digest = hashlib.blake2b(digest_size=16)
    _feed_fields(digest.update, instance)
    return digest.hexdigest()


def _feed(update: Update, value: object) -> None:
    if isinstance(value, _PLAIN):
        update(f"{type(value).__name__}:{value!s}\x00".encode("utf-8", "surrogatepass"))
        return
    own = getattr(type(value), "fingerprint", None)
    if own is not None:
        update(f"{type(value).__name__}#{value.fingerprint}\x00".encode())  # type: ignore[attr-defined]
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        _feed_fields(update, value)
    elif isinstance(value, (list, tuple, frozenset, set)):
        items = sorted(value, key=fingerprint) if isinstance(value, (set, frozenset)) else value
        update(f"[{len(items)}\x00".encode())
        for item in items:
            _feed(update, item)
        update(b"]")
    elif isinstance(value, Mapping):
        update(f"{{{len(value)}\x00".encode())
        for key in sorted(value, key=str):
            _feed(update, key)
            _feed(update, value[key])
        update(b"}")
    else:
        raise TypeError(f"no fingerprint for {type(value).__name__}: make it a dataclass or give it a fingerprint")


def _feed_fields(update: Update, instance: object) -> None:
    update(f"{type(instance).__name__}(".encode())
    for item in dataclasses.fields(instance):  # type: ignore[arg-type]
        if item.metadata.get("fingerprint", True):
            update(f"{item.name}=".encode())
            _feed(update, getattr(instance, item.name))
    update(b")")
