"""Ctrl-C: one line in the run's language and exit code 130, never a traceback.

SIGINT reaches a command as a ``KeyboardInterrupt``, or, while DuckDB runs a statement, as the
error DuckDB raises when it stops the statement for it (``RuntimeError: Query interrupted``, or
``duckdb.InterruptException``). :class:`pkobs.cli.lazy.LazyGroup` catches both around every
command. A command that writes the database (``ingest``, ``update``, ``snapshot load``) does so
in one transaction or on a copy swapped in at the end, so it also says that nothing was
changed; a read command just says it was interrupted.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from typer import _click

# 128 + SIGINT, what a shell reports for a program stopped by Ctrl-C
INTERRUPTED_EXIT_CODE = 130
DUCKDB_INTERRUPTED = "Query interrupted"  # DuckDB's RuntimeError when SIGINT stops a statement


def is_interrupt(error: BaseException) -> bool:
    """Whether ``error`` is Ctrl-C: a ``KeyboardInterrupt``, or DuckDB's error for a statement
    that SIGINT stopped (itself, or the cause of another error)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, KeyboardInterrupt):
            return True
        if type(current).__name__ == "InterruptException":  # duckdb's, without importing it
            return True
        if isinstance(current, RuntimeError) and str(current) == DUCKDB_INTERRUPTED:
            return True
        current = current.__cause__ or current.__context__
    return False


@contextmanager
def stopping_statements() -> Iterator[None]:
    """While the block runs, Ctrl-C also stops the statement every open DuckDB connection runs.

    DuckDB turns SIGINT into its interrupt error most of the time, but at some moments of a
    statement it clears the ``KeyboardInterrupt`` and runs on (measured: a long cross join
    interrupted 1.2 s in ran to the end). This handler interrupts the connections the store
    opened (:func:`pkobs.store.connection.interrupt_running`), then raises the
    ``KeyboardInterrupt`` Python's own handler would. Only installed over Python's own handler,
    in the main thread: a SIGINT that the shell ignores (a background job) stays ignored.
    """
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield
        return

    def on_sigint(signum: int, frame: FrameType | None) -> None:
        store = sys.modules.get("pkobs.store.connection")  # loaded only if a command opened one
        if store is not None:
            store.interrupt_running()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def writes(ctx: _click.Context) -> None:
    """Mark this run as one that writes the database: if it is interrupted, it says that
    nothing was changed (its writes are one transaction, or a copy swapped in at the end)."""
    from pkobs.cli.state import State

    found = ctx.find_object(State)
    if found is not None:
        found.writes = True


def report_interrupt(ctx: _click.Context) -> None:
    """Say, on stderr and in the run's language, that the command was interrupted."""
    from pkobs.cli.state import State

    found = ctx.find_object(State)
    if found is not None:
        locale_lang = found.settings.lang
        key = "cli.interrupted_nothing_changed" if found.writes else "cli.interrupted"
    else:  # interrupted before the global options were read
        from pkobs.cli import _language_or_default

        locale_lang = _language_or_default(None)
        key = "cli.interrupted"
    from pkobs.cli.common import err_console, say
    from pkobs.i18n import Locale

    say(Locale(locale_lang).t(key), err_console)


__all__ = [
    "INTERRUPTED_EXIT_CODE",
    "is_interrupt",
    "report_interrupt",
    "stopping_statements",
    "writes",
]
