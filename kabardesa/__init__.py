"""Kabar Desa: community police stories from Markdown to a static site.

The package holds the domain model and the pipeline (read, validate, index,
pages, post-build). Only :mod:`kabardesa.mkdocs_adapter` imports MkDocs.
"""

__version__ = "0.1.0"
