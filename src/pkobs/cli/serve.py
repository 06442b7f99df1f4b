"""``pkobs serve``: the web observatory and open API (FastAPI + uvicorn), read-only."""

from __future__ import annotations

import contextlib
import errno
import os
import socket
from typing import TYPE_CHECKING

import typer

from pkobs.cli.common import err_console, print_error, reported_errors, say, state
from pkobs.settings import ENV_DB, ENV_LANG

if TYPE_CHECKING:
    from pkobs.i18n import Locale

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
    docs/security.md for the limits and for running behind a reverse proxy. A port in use or a
    host this machine does not have is said before the server starts (exit code 3).

    Examples:
      pkobs serve
      pkobs --db data.duckdb serve --host 0.0.0.0 --port 8080 --workers 4
    """
    # Imported here: the web stack (uvicorn, FastAPI) is for this command only.
    import uvicorn
    from uvicorn.config import STARTUP_FAILURE

    from pkobs.store.database import Database
    from pkobs.web.protocol import KEEP_ALIVE_SECONDS, GuardedProtocol
    from pkobs.web.workers import BalancedWorkers, balanced, listening_sockets

    settings = state(ctx).settings
    locale = state(ctx).locale
    with reported_errors(locale):
        Database.prepare(settings.db_path)  # create or migrate before the read-only workers start
    url = f"http://{host}:{port}/"
    spread = workers > 1 and balanced()  # each worker its own socket on the port
    try:
        # bound before anything is said or started: a port in use or a bad host is one message
        sockets = listening_sockets(host, port, workers if spread else 1)
    except (OSError, ValueError) as exc:  # ValueError: a host that is not even a name (IDNA)
        print_error(locale, cannot_listen(locale, exc, host, port, url))
        raise typer.Exit(STARTUP_FAILURE) from None
    # Each worker process builds its own app from the environment (no shared state).
    os.environ[ENV_DB] = str(settings.db_path)
    os.environ[ENV_LANG] = settings.lang
    say(locale.t("cli.serving", db=settings.db_path, url=url), err_console)
    config = uvicorn.Config(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        access_log=access_log,
        # request headers must be complete within HEADER_TIMEOUT_SECONDS (slow clients);
        # idle keep-alive connections are closed after KEEP_ALIVE_SECONDS
        http=GuardedProtocol,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        timeout_graceful_shutdown=10,
    )
    try:
        if spread:
            BalancedWorkers(config, sockets).run()
        elif workers > 1:  # no SO_REUSEPORT: uvicorn's workers share the one socket
            from uvicorn.supervisors import Multiprocess

            Multiprocess(config, sockets=sockets).run()
        else:
            server = uvicorn.Server(config)
            with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C, after uvicorn's shutdown
                server.run(sockets=sockets)
            if not server.started:  # the application could not start (said by uvicorn)
                raise typer.Exit(STARTUP_FAILURE)
    finally:
        for sock in sockets:
            sock.close()


def cannot_listen(locale: Locale, error: Exception, host: str, port: int, url: str) -> str:
    """Why the server cannot listen on ``host:port``, in the run's language."""
    if isinstance(error, socket.gaierror) or not isinstance(error, OSError):
        return locale.t("cli.unknown_host", url=url, host=host)
    if error.errno == errno.EADDRINUSE:
        return locale.t("cli.port_in_use", url=url)
    if error.errno == errno.EADDRNOTAVAIL:
        return locale.t("cli.address_not_here", url=url, host=host)
    if error.errno == errno.EACCES:
        return locale.t("cli.port_not_allowed", url=url, port=port)
    return locale.t("cli.cannot_listen", url=url, reason=error.strerror or str(error))


def register(app: typer.Typer) -> None:
    app.command()(serve)
