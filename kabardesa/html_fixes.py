"""Repairs to Material's markup that the W3C HTML checker rejects.

Material 9.x marks its toggle checkboxes ``autocomplete="off"`` (allowed only on
text-like inputs) and gives the label of an open nav section ``tabindex=""``
(not an integer). Both are removed; the page behaves the same.
"""

from __future__ import annotations

import re

_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" id="__\w+") autocomplete="off">')
_EMPTY_TABINDEX = re.compile(r'(<label class="md-nav__link[^"]*" for="[\w-]+" id="[\w-]+") tabindex="">')


def fix_material_markup(html: str) -> str:
    html = _TOGGLE_AUTOCOMPLETE.sub(r"\1>", html)
    return _EMPTY_TABINDEX.sub(r"\1>", html)
