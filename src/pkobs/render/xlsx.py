"""XLSX: machine values in typed cells (dates as dates, numbers as numbers), streamed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any


def write_xlsx_batches(
    columns: Sequence[str], batches: Iterable[Sequence[Sequence[Any]]], path: Path, sheet: str
) -> None:
    """Write a header and rows arriving in batches to one worksheet of ``path``; the workbook
    keeps one row in memory (``constant_memory``), text is never read as a formula."""
    import xlsxwriter  # only when a workbook is written

    workbook = xlsxwriter.Workbook(
        str(path),
        {"remove_timezone": True, "constant_memory": True, "strings_to_formulas": False},
    )
    try:
        worksheet = workbook.add_worksheet(sheet[:31])
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        worksheet.write_row(0, 0, list(columns))
        r = 0
        for batch in batches:
            for row in batch:
                r += 1
                for c, value in enumerate(row):
                    if value is None:
                        continue
                    if isinstance(value, dt.date | dt.datetime):
                        worksheet.write_datetime(r, c, value, date_format)
                    elif isinstance(value, bool | int | float):
                        worksheet.write(r, c, value)
                    else:
                        worksheet.write_string(r, c, str(value))
    finally:
        workbook.close()


__all__ = ["write_xlsx_batches"]
