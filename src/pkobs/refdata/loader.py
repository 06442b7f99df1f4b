"""What the store needs to know about the shipped reference files before loading them.

Reading and validating them is :mod:`pkobs.refdata.validate`'s work; writing their rows into the
database is the store's (:mod:`pkobs.store.refdata_load`), so this package never talks to DuckDB.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pkobs.refdata import specs


def reference_digest(data_dir: Path = specs.DATA_DIR) -> str:
    """sha256 over every reference file's relative path and bytes."""
    digest = hashlib.sha256()
    for path in sorted(data_dir.rglob("*.csv")):
        digest.update(str(path.relative_to(data_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


__all__ = ["reference_digest"]
