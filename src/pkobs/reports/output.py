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
        raise OutputNotWritableError(f"cannot write {out}: it is a folder; give a file name")
    if not folder.exists():
        raise OutputNotWritableError(
            f"cannot write {out}: folder {folder} does not exist; create it first"
        )
    if not folder.is_dir():
        raise OutputNotWritableError(f"cannot write {out}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputNotWritableError(
            f"cannot write {out}: no permission to write in folder {folder}"
        )


def write_atomic(out: Path, content: bytes) -> None:
    """Write ``content`` to ``out`` through a temporary file in the same folder."""
    check_writable(out)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as exc:
        raise OutputNotWritableError(f"cannot write {out}: {exc.strerror}") from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temp, 0o644)
        os.replace(temp, out)
    except OSError as exc:
        raise OutputNotWritableError(f"cannot write {out}: {exc.strerror}") from None
    finally:
        temp.unlink(missing_ok=True)


__all__ = ["check_writable", "write_atomic"]
