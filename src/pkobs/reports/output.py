"""Writing outputs atomically: a temporary file in the target folder, then ``os.replace``.

A reader never sees a half-written bulletin: either the old file stays or the new one is complete.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pkobs.reports.errors import OutputNotWritableError


def check_writable(out: Path) -> None:
    """Fail early, before any work, when ``out`` cannot be written."""
    folder = out.parent
    if out.exists() and out.is_dir():
        raise OutputNotWritableError("report.error.out_is_folder", path=str(out))
    if not folder.exists():
        raise OutputNotWritableError("report.error.no_folder", path=str(out), folder=str(folder))
    if not folder.is_dir():
        raise OutputNotWritableError("report.error.not_folder", path=str(out), folder=str(folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputNotWritableError(
            "report.error.no_permission", path=str(out), folder=str(folder)
        )


def write_atomic(out: Path, content: bytes) -> None:
    """Write ``content`` to ``out`` through a temporary file in the same folder."""
    check_writable(out)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as exc:
        raise OutputNotWritableError(
            "report.error.write_failed", path=str(out), reason=str(exc.strerror)
        ) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temp, 0o644)
        os.replace(temp, out)
    except OSError as exc:
        raise OutputNotWritableError(
            "report.error.write_failed", path=str(out), reason=str(exc.strerror)
        ) from None
    finally:
        temp.unlink(missing_ok=True)


__all__ = ["check_writable", "write_atomic"]
