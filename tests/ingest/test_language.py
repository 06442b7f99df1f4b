"""Ingest problems are language-free Messages, worded at the edge: a refused file under
``pkobs --lang fr ingest`` and a refused ``pkobs --lang fr update`` are French all the way
through, problem details (with line and column) included."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from pkobs.errors import DataProblem, IngestError
from pkobs.i18n import catalogue, plural_catalogue
from pkobs.messages import Count, Message
from pkobs.pipeline import ingest_files
from pkobs.typography import RULES, french_problems
from tests.conftest import DATA, Cli
from tests.update.conftest import LoopbackServer, home, server

__all__ = ["home", "server"]  # the update tests' fixtures: a loopback HTTP server, PKOBS_HOME

GOOD = (DATA / "psdh_small.csv").read_text(encoding="utf-8").splitlines()


def bad_file(folder: Path) -> Path:
    """psdh_small.csv with an unknown mission on line 3 and a non-integer count on line 5."""
    lines = list(GOOD)
    lines[2] = lines[2].replace("MINUSMA", "MINUFOO")
    cells = lines[4].split(",")
    cells[6] = "lots"
    lines[4] = ",".join(cells)
    path = folder / "refused.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_problems_are_messages_without_a_language(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    with pytest.raises(IngestError) as caught:
        ingest_files(con, [bad_file(tmp_path)])
    error = caught.value
    assert error.key == "ingest.nothing_ingested"
    assert all(isinstance(p.message, Message) for p in error.problems)
    assert all(p.lang is None for p in error.problems)
    by_key = {p.key: p for p in error.problems}
    unknown = by_key["ingest.unknown_mission"]
    assert (unknown.line, unknown.column, unknown.column_name) == (3, 4, "mission_acronym")
    assert isinstance(unknown.message, Message)
    assert unknown.message.values["rows"] == Count(1, "row")
    count = by_key["ingest.not_integer"]
    assert (count.line, count.column, count.column_name) == (5, 7, "male_personnel")
    # One error, two languages: the same facts worded at the edge.
    english, french = error.message("en"), error.message("fr")
    assert english.startswith("nothing was ingested;")
    assert "line 3, column 4 (mission_acronym): unknown mission 'MINUFOO'" in english
    assert french.startswith("rien n’a été ingéré\u202f;")
    assert (
        "ligne 3, colonne 4 (mission_acronym)\u202f: mission inconnue «\u202fMINUFOO\u202f»"
        in french
    )
    assert "ligne 5, colonne 7 (male_personnel)" in french
    assert "line" not in french and "unknown" not in french
    # French typography: a narrow no-break space before ; and :, and inside « ».
    assert " : " not in french and " ; " not in french and "« " not in french
    assert str(error) == english


def test_a_problem_is_worded_in_the_language_asked() -> None:
    problem = DataProblem(Message.of("ingest.negative", value="-4"), Path("f.csv"), 12, 7, "ip")
    assert problem.describe("en") == "f.csv, line 12, column 7 (ip): negative count -4"
    assert problem.describe("fr").startswith("f.csv, ligne 12, colonne 7 (ip)\u202f: ")
    assert problem.text("fr") != problem.text("en")


def test_refused_file_under_french_cli_is_french_throughout(db_path: Path, tmp_path: Path) -> None:
    result = Cli(db_path)("ingest", str(bad_file(tmp_path)), "--quiet", lang="fr")
    assert result.exit_code == 2, result.output
    out = result.output
    assert "rien n’a été ingéré" in out
    assert "ligne 3, colonne 4 (mission_acronym)" in out and "mission inconnue" in out
    assert "ligne 5, colonne 7 (male_personnel)" in out
    for english in ("nothing was ingested", "line 3", "unknown mission", "whole number"):
        assert english not in out, out


def test_refused_update_under_french_cli_is_french_throughout(
    server: LoopbackServer, home: Path, db_path: Path, tmp_path: Path
) -> None:
    server.serve("refused.csv", bad_file(tmp_path).read_bytes())
    url = server.url("refused.csv")
    result = Cli(db_path)("update", "--url", url, "--format", "un-psdh", "--quiet", lang="fr")
    assert result.exit_code == 6, result.output
    out = result.output
    assert "rejeté par" in out  # the update's own headline
    assert "rien n’a été ingéré" in out
    assert "ligne 3, colonne 4 (mission_acronym)" in out and "mission inconnue" in out
    assert "ligne 5, colonne 7 (male_personnel)" in out
    for english in ("nothing was ingested", "line 3", "unknown mission", "whole number"):
        assert english not in out, out
    again = Cli(db_path)("update", "--url", url, "--format", "un-psdh", "--quiet")
    assert "line 3, column 4 (mission_acronym)" in again.output


def test_french_ingest_and_pdf_messages_follow_french_typography() -> None:
    """Every French message of the ingest.po and pdf.po areas: a narrow no-break space before
    ; : ! ? and inside « » (pkobs.typography's punctuation rules; option names such as
    --format stay: these messages tell a CLI user what to type)."""
    locales = Path(__file__).resolve().parents[2] / "src" / "pkobs" / "locales" / "fr"
    keys: set[str] = set()
    for area in ("ingest.po", "pdf.po"):
        text = (locales / "LC_MESSAGES" / area).read_text(encoding="utf-8")
        keys |= set(re.findall(r'^msgid "([a-z_.]+)"', text, flags=re.MULTILINE))
    assert len(keys) > 60
    punctuation = {rule for rule, _ in RULES[:5]}
    texts = [
        (key, text)
        for key in sorted(keys)
        for text in (
            [catalogue("fr")[key]]
            if key in catalogue("fr")
            else plural_catalogue("fr")[key.rsplit(".", 1)[0]]
        )
    ]
    problems = [
        problem
        for key, text in texts
        for problem in french_problems(re.sub(r"\{\w+\}", "X", text), key)
        if problem.rule in punctuation
    ]
    assert problems == []
