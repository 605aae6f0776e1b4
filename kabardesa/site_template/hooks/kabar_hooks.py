"""MkDocs hooks for Kabar Desa: a thin adapter; the work is in kabardesa.mkdocs_adapter.

Named unlike the package on purpose: this file's folder is first on sys.path while
it loads, so a hooks/kabardesa.py would shadow the package.
"""

from kabardesa.mkdocs_adapter import (  # noqa: F401
    on_build_error,
    on_config,
    on_env,
    on_files,
    on_page_content,
    on_page_context,
    on_page_markdown,
    on_page_read_source,
    on_pre_build,
    on_post_build,
    on_post_page,
    on_post_template,
    on_serve,
    on_startup,
    on_template_context,
)
