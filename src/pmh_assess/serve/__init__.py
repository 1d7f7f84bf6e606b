"""The review workbench: a local web page to check every rating against its evidence.

`Workbench` holds the results and saves answers (no web code); `create_app` is the web
application around it (Starlette, Jinja2 templates, bundled assets only), served by
`pmh-assess serve` with uvicorn. Needs the `serve` extra: pip install 'pmh-assess[serve]'.
"""

from __future__ import annotations

from .app import create_app
from .workbench import Workbench

__all__ = ["Workbench", "create_app"]
