"""``pkobs serve``: the web observatory and open API (FastAPI + uvicorn), read-only."""

from __future__ import annotations

import errno
import os
from typing import Any

import typer

from pkobs.cli.common import err_console, print_error, reported_errors, state
from pkobs.settings import ENV_DB, ENV_LANG

APP_FACTORY = "pkobs.web:create_app_from_env"


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64, help="Server processes sharing the database (read-only)."
    ),
    access_log: bool = typer.Option(
        True, "--access-log/--no-access-log", help="Log one line per request."
    ),
    log_level: str = typer.Option("info", "--log-level", help="debug, info, warning or error."),
) -> None:
    """Serve the bilingual web pages and the open API on http://HOST:PORT/.

    Request headers must arrive within 5 s and idle connections close after 5 s; see
    docs/security.md for the limits and for running behind a reverse proxy.

    Examples:
      pkobs serve
      pkobs --db data.duckdb serve --host 0.0.0.0 --port 8080 --workers 4
    """
    # Imported here: the web stack (uvicorn, FastAPI) is for this command only.
    import uvicorn
    from uvicorn.config import STARTUP_FAILURE

    from pkobs.store.database import Database
    from pkobs.web.protocol import KEEP_ALIVE_SECONDS, GuardedProtocol
    from pkobs.web.workers import BalancedWorkers, balanced

    settings = state(ctx).settings
    locale = state(ctx).locale
    with reported_errors(locale):
        Database.prepare(settings.db_path)  # create or migrate before the read-only workers start
    # Each worker process builds its own app from the environment (no shared state).
    os.environ[ENV_DB] = str(settings.db_path)
    os.environ[ENV_LANG] = settings.lang
    url = f"http://{host}:{port}/"
    err_console.print(locale.t("cli.serving", db=settings.db_path, url=url), highlight=False)
    options: dict[str, Any] = {
        "factory": True,
        "host": host,
        "port": port,
        "workers": workers,
        "log_level": log_level,
        "access_log": access_log,
        # request headers must be complete within HEADER_TIMEOUT_SECONDS (slow clients);
        # idle keep-alive connections are closed after KEEP_ALIVE_SECONDS
        "http": GuardedProtocol,
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
        "timeout_graceful_shutdown": 10,
    }
    if workers == 1 or not balanced():
        uvicorn.run(APP_FACTORY, **options)
        return
    # each worker its own socket on the port, so connections are spread over the workers
    try:
        supervisor = BalancedWorkers(uvicorn.Config(APP_FACTORY, **options))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print_error(locale, locale.t("cli.port_in_use", url=url))
        else:
            print_error(locale, locale.t("cli.cannot_listen", url=url, reason=exc.strerror))
        raise typer.Exit(STARTUP_FAILURE) from None
    supervisor.run()


def register(app: typer.Typer) -> None:
    app.command()(serve)
