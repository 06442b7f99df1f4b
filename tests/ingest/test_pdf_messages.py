"""A refused PDF report's error is language-free below the edge and worded by the edge.

``PdfReportError`` carries its summary and one :class:`Message` per problem; only
``error.message(lang)`` (:class:`pkobs.errors.PkobsError`'s) puts them into words, in one language,
values as printed in the report (digits without grouping), a column by its translated name, at
most 20 problems and then how many more.
"""

from __future__ import annotations

from pathlib import Path

from pkobs.errors import ListingError
from pkobs.ingest.pdf import PdfProblem, PdfReportError
from pkobs.messages import Message
from pkobs.settings import Language

NNBSP = "\u202f"


def refused(extra: int = 0) -> PdfReportError:
    problems = [
        PdfProblem(
            3,
            "MINURSO Ghana 12 3 16",
            "pdf.mismatch.mission",
            {"column": "total", "printed": 16, "computed": 1234567},
        ),
        PdfProblem(1, "", "pdf.unknown_label", {"label": "Police Advisers"}),
    ]
    problems += [
        PdfProblem(4, f"row {i}", "pdf.duplicate_row", {"first_page": 2}) for i in range(extra)
    ]
    return PdfReportError(Path("/data/UN_2019_10.pdf"), problems)


def test_the_error_carries_messages_not_text() -> None:
    error = refused()
    assert isinstance(error, ListingError)
    assert error.msg == Message("pdf.rejected", {"path": "UN_2019_10.pdf", "count": "2"})
    first = error.items[0]
    assert first.key == "pdf.printed_line"
    assert first.values["text"] == "MINURSO Ghana 12 3 16"
    inner = first.values["message"]
    assert inner == Message.of(
        "pdf.at_page",
        page="3",
        message=Message(
            "pdf.mismatch.mission",
            {"column": Message("pdf.column.total"), "printed": "16", "computed": "1234567"},
        ),
    )
    assert error.problems[1].values == {"label": "Police Advisers"}  # the facts, unchanged


def test_english_wording() -> None:
    assert refused().message("en").splitlines()[:2] == [
        "UN_2019_10.pdf: the monthly PDF report was refused (problems found: 2); "
        "nothing was read from it.",
        "  - page 3: the mission subtotal (total) prints 16, but its rows add up to 1234567 "
        "(printed line: “MINURSO Ghana 12 3 16”)",
    ]
    assert str(refused()) == refused().message("en")


def test_french_wording_with_french_typography() -> None:
    assert refused().message("fr").splitlines()[:2] == [
        f"UN_2019_10.pdf{NNBSP}: le rapport mensuel PDF a été refusé (problèmes relevés{NNBSP}: "
        f"2){NNBSP}; rien n’en a été lu.",
        f"  - page 3{NNBSP}: le sous-total de la mission (total) imprime 16, mais ses lignes "
        f"totalisent 1234567 (ligne imprimée{NNBSP}: «{NNBSP}MINURSO Ghana 12 3 16{NNBSP}»)",
    ]


def test_at_most_twenty_problems_then_how_many_more() -> None:
    error = refused(extra=23)  # 25 problems
    wording: tuple[tuple[Language, str], ...] = (
        ("en", "  … and 5 more"),
        ("fr", "  … et 5 de plus"),
    )
    for lang, more in wording:
        lines = error.message(lang).splitlines()
        assert len(lines) == 1 + 20 + 1
        assert lines[-1] == more
        assert all(line.startswith("  - ") for line in lines[1:-1])
