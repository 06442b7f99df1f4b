"""Usage errors (a missing argument, an unknown option or command, a value of the wrong kind)
in the run's language, with click's exit code 2: French by default, English with --lang en."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from pkobs.cli import app
from pkobs.typography import READER_RULES, french_problems

NNBSP = "\u202f"
# a usage error names the option it is about: the web pages' rules against option names are not
# for it
READER = {rule for rule, _ in READER_RULES}


def run(*args: str, lang: str | None = None) -> tuple[int, str]:
    env = {"PKOBS_LANG": lang} if lang else {"PKOBS_LANG": ""}
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("args", "french", "english"),
    [
        (
            ["indicator"],
            f"erreur{NNBSP}: il manque l’argument «{NNBSP}name{NNBSP}».",
            "Error: Missing argument 'name'.",
        ),
        (
            ["indicator", "share", "--nope"],
            f"erreur{NNBSP}: option inconnue{NNBSP}: «{NNBSP}--nope{NNBSP}» (options "
            f"possibles{NNBSP}: --group, --to)",
            "Error: No such option: '--nope' (Possible options: --group, --to)",
        ),
        (
            ["nope"],
            f"erreur{NNBSP}: commande inconnue{NNBSP}: «{NNBSP}nope{NNBSP}».",
            "Error: No such command: 'nope'.",
        ),
        (
            ["indicator", "share", "--window", "abc"],
            f"erreur{NNBSP}: valeur invalide pour «{NNBSP}--window{NNBSP}»{NNBSP}: un nombre "
            "entier est attendu.",
            "Error: Invalid value for '--window': a whole number is expected.",
        ),
        (
            ["indicator", "share", "--min-relative", "x"],
            f"erreur{NNBSP}: valeur invalide pour «{NNBSP}--min-relative{NNBSP}»{NNBSP}: un "
            "nombre est attendu.",
            "Error: Invalid value for '--min-relative': a number is expected.",
        ),
        (
            ["indicator", "share", "--to"],
            f"erreur{NNBSP}: l’option «{NNBSP}--to{NNBSP}» attend une valeur.",
            "Error: Option '--to' requires a value.",
        ),
        (
            ["indicator", "share", "extra"],
            f"erreur{NNBSP}: arguments en trop{NNBSP}: «{NNBSP}extra{NNBSP}».",
            "Error: Got unexpected extra arguments: 'extra'.",
        ),
    ],
)
def test_usage_errors_in_both_languages(args: list[str], french: str, english: str) -> None:
    code, output = run(*args)
    assert code == 2
    assert french in output.splitlines(), output
    assert "Error" not in output and "Usage:" not in output and "Try " not in output
    assert [p for p in french_problems(output, "usage error") if p.rule not in READER] == []
    code, output = run("--lang", "en", *args)
    assert code == 2
    assert english in output.splitlines(), output
    code, output = run(*args, lang="en")  # PKOBS_LANG too
    assert english in output.splitlines()


def test_the_usage_line_and_hint_are_in_the_language() -> None:
    _, output = run("indicator")
    assert output.splitlines()[:2] == [
        f"Utilisation{NNBSP}: pkobs indicator [OPTIONS] {{name}}",
        f"Pour l’aide{NNBSP}: pkobs indicator -h",
    ]
    _, output = run("--lang", "en", "indicator")
    assert output.splitlines()[:2] == [
        "Usage: pkobs indicator [OPTIONS] {name}",
        "Try 'pkobs indicator -h' for help.",
    ]
