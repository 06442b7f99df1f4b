"""``read_report``: recognise the layout, read the month, parse and reconcile."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

from pkobs.ingest.pdf.dates import title_date
from pkobs.ingest.pdf.extract import Document, read_document
from pkobs.ingest.pdf.layouts import LAYOUTS, Layout
from pkobs.ingest.pdf.model import PdfProblem, PdfReport, PdfReportError
from pkobs.ingest.pdf.table import Collector, body_lines, find_header, header_grid


def detect(document: Document) -> Layout | None:
    first = document.pages[0] if document.pages else ()
    title = " ".join(line.text for line in first[:8])
    for layout in LAYOUTS:
        if find_header(first, layout.header) is None:
            continue
        if layout.title is None or layout.title.search(title):
            return layout
    return None


def read_report(path: Path, month: dt.date | None = None) -> PdfReport:
    """Parse and reconcile one monthly report; refuse it with every problem found."""
    path = Path(path)
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    document = read_document(path)
    layout = detect(document)
    if layout is None:
        first = document.pages[0][0].text if document.pages and document.pages[0] else ""
        raise PdfReportError(path, [PdfProblem(1, first, "pdf.unknown_layout", {})])
    header, body = body_lines(document, layout.header, layout.header_lines)
    assert header is not None  # detect() found it
    grid = header_grid(header, layout.text_columns, layout.first_number, layout.figures)
    grid = dataclasses.replace(grid, by_first_word=layout.by_first_word, centred=layout.centred)
    out = Collector()
    cells = [grid.split(line) for line in body]
    layout.parse(cells, out)
    seen: dict[tuple[str, str | None, str], int] = {}
    for row in out.rows:
        key = (row.contributor, row.mission, row.personnel_type)
        if row.total and key in seen:
            out.problems.append(
                PdfProblem(row.page, row.text, "pdf.duplicate_row", {"first_page": seen[key]})
            )
        elif row.total:
            seen[key] = row.page
    first_page = document.pages[0]
    printed = title_date(first_page[: find_header(first_page, layout.header) or 0])
    dates = {d for c in cells for d in c.dates}
    month_text = ""
    found: dt.date | None = None
    if printed is not None:
        found, month_text = printed
    elif dates:
        from pkobs.ingest.pdf.dates import parse_dmy

        parsed = {parse_dmy(d) for d in dates}
        if len(parsed) == 1 and None not in parsed:
            found = parsed.pop()
            month_text = sorted(dates)[0]
        else:
            out.problem(None, "pdf.dates_disagree", dates=", ".join(sorted(dates)))
    if found is None and month is None:
        out.problems.insert(0, PdfProblem(None, "", "pdf.no_date", {"path": path.name}))
    elif found is not None and month is not None and found != month:
        out.problems.insert(
            0,
            PdfProblem(
                None,
                month_text,
                "pdf.date_disagrees",
                {"printed": found.isoformat(), "given": month.isoformat()},
            ),
        )
    if out.problems:
        raise PdfReportError(path, out.problems)
    final = found or month
    assert final is not None
    return PdfReport(
        path=path,
        sha256=sha256,
        month=final,
        month_text=month_text,
        layout=layout.id,
        has_mission=layout.has_mission,
        has_sex=layout.has_sex,
        pages=len(document.pages),
        rows=tuple(out.rows),
        checks=out.checks,
    )
