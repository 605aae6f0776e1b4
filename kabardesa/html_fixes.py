"""Repairs to Material's markup that the W3C HTML checker rejects.

Material 9.x marks its toggle checkboxes ``autocomplete="off"`` (allowed only on
text-like inputs) and gives the label of an open nav section ``tabindex=""``
(not an integer). Both are removed; the page behaves the same. On a page
outside the navigation (the officers' guide) the table of contents' title is a
label for a ``__toc`` toggle that Material only writes into the navigation: the
dangling ``for`` goes. Plain string
replacement: this runs on every page of the site.
"""

from __future__ import annotations

_REPLACEMENTS = (
    ('type="checkbox" id="__drawer" autocomplete="off">', 'type="checkbox" id="__drawer">'),
    ('type="checkbox" id="__search" autocomplete="off">', 'type="checkbox" id="__search">'),
    ('_label" tabindex="">', '_label">'),
)

_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def fix_material_markup(html: str) -> str:
    for old, new in _REPLACEMENTS:
        if old in html:
            html = html.replace(old, new)
    if _TOC_LABEL in html and 'id="__toc"' not in html:
        html = html.replace(_TOC_LABEL, '<label class="md-nav__title">')
    return html
