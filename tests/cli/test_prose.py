"""Sentences on a terminal wrap at ordinary spaces only: never inside a number (U+202F groups
its digits in French), before ; : ! ? » or after « (U+202F), nor at U+00A0 (before %)."""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

import pytest
from rich.console import Console

from pkobs.cli.common import prose_lines, say
from pkobs.i18n import catalogue
from tests.conftest import Cli

NARROW = "\u202f"
SENTENCE = (
    f"Entre les deux mois, de 8{NARROW}067 à 8{NARROW}494 membres du personnel, soit "
    f"23,4\u00a0% du total{NARROW}; «{NARROW}ensemble{NARROW}» compris{NARROW}: oui{NARROW}!"
)
NEVER_FIRST = (";", ":", "!", "?", "»", NARROW, "\u00a0")


def assert_broken_at_spaces_only(lines: list[str], sentence: str) -> None:
    """Every break is at an ordinary space: joining the lines with one gives the sentence."""
    assert " ".join(lines) == sentence, lines
    for line in lines:
        assert not line.startswith(NEVER_FIRST) and not line.endswith(("«", NARROW)), lines


@pytest.mark.parametrize("indent", range(41))
def test_prose_is_never_broken_at_a_narrow_no_break_space(indent: int) -> None:
    # Rich's own wrapping broke "de 8 067 à 8 ⏎494" (Python counts U+202F as whitespace)
    sentence = "x" * indent + " " + SENTENCE
    lines = prose_lines(sentence, Console(width=40, file=io.StringIO()))
    assert_broken_at_spaces_only([line.plain for line in lines], sentence)
    assert all(len(line.plain) <= 40 for line in lines)


def test_say_wraps_on_a_terminal_and_writes_whole_lines_elsewhere() -> None:
    sentence = "x" * 24 + " " + SENTENCE  # Rich alone broke this one inside 8 494
    terminal = Console(width=40, file=io.StringIO(), force_terminal=True, color_system=None)
    say(sentence, terminal)
    printed = terminal.file.getvalue()  # type: ignore[attr-defined]
    assert_broken_at_spaces_only(printed.splitlines(), sentence)
    piped = Console(width=40, file=io.StringIO())  # not a terminal: a script reads it
    say(sentence, piped)
    assert piped.file.getvalue() == sentence + "\n"  # type: ignore[attr-defined]


def test_the_cli_keeps_a_number_on_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "Instantané de l’historique réel chargé : 211 162 lignes dans …": the terminal's width
    # chosen so that its last column falls between the number's two groups of digits
    template = catalogue("fr")["snapshot.loaded"]
    monkeypatch.setenv("COLUMNS", str(template.index("{rows}") + 5))
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # Rich treats the captured output as a terminal
    monkeypatch.setenv("NO_COLOR", "1")
    result = Cli(tmp_path / "history.duckdb")("snapshot", "load", lang="fr")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) > 1  # it was wrapped
    number = re.search(rf"\d{{1,3}}(?:{NARROW}\d{{3}})+ lignes", result.output)
    assert number is not None, lines
    for before, after in itertools.pairwise(lines):
        assert not (before[-1:].isdigit() and after[:1].isdigit()), lines
