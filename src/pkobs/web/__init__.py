"""The web observatory: bilingual pages, interactive charts, downloads and the open API.

``create_app(settings)`` builds a FastAPI application with no global state: each app holds its own
read-only :class:`~pkobs.store.live.LiveDatabase`, so several processes (``--workers N``) or
machines can serve one database file.
"""

from __future__ import annotations

from pkobs.web.app import create_app, create_app_from_env

__all__ = ["create_app", "create_app_from_env"]
