"""``pkobs --help`` speaks the run's language: French by default, English with ``--lang en`` or
``PKOBS_LANG=en``, every text from the ``cli_help`` catalogue (:mod:`pkobs.cli.helptext`)."""

from __future__ import annotations

import os
import re
import string
import subprocess
import sys
from collections.abc import Iterator

import pytest
import typer
from typer import _click
from typer.core import TyperArgument, TyperOption
from typer.testing import CliRunner, Result

from pkobs.cli import app
from pkobs.cli.helptext import (
    HELP_VALUES,
    command_key,
    help_language,
    messages,
    parameter_name,
    short_help,
    text,
)
from pkobs.cli.lazy import COMMANDS, load_module
from pkobs.settings import LANGUAGES, Language
from pkobs.typography import READER_RULES, english_words, french_problems
from tests.conftest import ROOT

READER = {rule for rule, _ in READER_RULES}  # no option names, no column ids (a web page's)
# every command line whose help there is: the root, each command, each snapshot subcommand
HELPS: tuple[tuple[str, ...], ...] = (
    (),
    *((name,) for name in COMMANDS),
    ("snapshot", "build"),
    ("snapshot", "load"),
    ("snapshot", "info"),
)


def invoke(args: list[str], lang: str | None = None, columns: int = 100) -> Result:
    """``pkobs ARGS`` with ``PKOBS_LANG`` set to ``lang`` (unset for ``None``)."""
    env: dict[str, str | None] = {"PKOBS_LANG": lang, "COLUMNS": str(columns)}
    return CliRunner().invoke(app, args, env=env)


def flat(text: str) -> str:
    """``text`` with its line breaks and runs of spaces as one space (help output is wrapped)."""
    return re.sub(r"[ \n]+", " ", text)


def commands() -> Iterator[tuple[str, _click.Command, _click.Context]]:
    """Every command with its catalogue path (``pkobs``, ``ingest``, ``snapshot.build``) and a
    context to ask its parameters from; their modules loaded (and ``HELP_VALUES`` known)."""
    root = typer.main.get_command(app)
    root_ctx = _click.Context(root, info_name="pkobs")
    yield "pkobs", root, root_ctx
    loaded: dict[str, _click.Command] = {}
    for module in dict.fromkeys(command.module for command in COMMANDS.values()):
        loaded.update(load_module(module))

    def below(
        path: str, command: _click.Command, ctx: _click.Context
    ) -> Iterator[tuple[str, _click.Command, _click.Context]]:
        yield path, command, ctx
        for name, sub in getattr(command, "commands", {}).items():
            yield from below(f"{path}.{name}", sub, _click.Context(sub, info_name=name, parent=ctx))

    for name in COMMANDS:
        command = loaded[name]
        yield from below(name, command, _click.Context(command, info_name=name, parent=root_ctx))


def help_texts(
    path: str, command: _click.Command, ctx: _click.Context
) -> Iterator[tuple[str, str | None]]:
    """The catalogue key and the code's English of a command's help and of its parameters'."""
    yield f"help.{path}", command.help
    help_option = command.get_help_option(ctx)
    for param in command.get_params(ctx):
        if param is help_option or not isinstance(param, TyperOption | TyperArgument):
            continue
        yield f"help.{path}.{parameter_name(param)}", param.help


def test_help_is_french_by_default() -> None:
    env = {k: v for k, v in os.environ.items() if k != "PKOBS_LANG"}
    done = subprocess.run(
        [sys.executable, "-m", "pkobs.cli", "--help"],
        capture_output=True,
        text=True,
        env={**env, "COLUMNS": "100"},
        check=True,
    )
    out = done.stdout
    assert out.startswith("Utilisation\u202f: ")
    assert "\nCommandes\u202f:\n" in out and "\nOptions\u202f:\n" in out
    assert "  ingest       Ingère des fichiers de contributions de l’ONU" in out
    assert "Affiche cette aide et s’arrête." in out
    assert "Ingest UN contribution files" not in out and "Show this message" not in out


def test_lang_en_gives_english_help() -> None:
    result = invoke(["--lang", "en", "--help"], lang="fr")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: ")
    assert "  ingest       Ingest UN contribution files, all in one transaction." in result.output
    assert "\nCommands:\n" in result.output and "Commandes" not in result.output
    assert invoke(["--lang=en", "--help"]).output == result.output


def test_pkobs_lang_en_gives_english_command_help() -> None:
    env = {**os.environ, "PKOBS_LANG": "en", "COLUMNS": "100"}
    done = subprocess.run(
        [sys.executable, "-m", "pkobs.cli", "ingest", "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    out = flat(done.stdout)
    assert done.stdout.startswith("Usage: ")
    assert "Ingest UN contribution files, all in one transaction." in out
    assert "CSV, PDF or JSON files to ingest. [required]" in out
    assert "Fichiers" not in out


def test_the_global_lang_wins_over_the_environment_and_a_commands_own_lang_too() -> None:
    english = invoke(["--lang", "en", "ingest", "--help"], lang="fr").output
    assert "Ingest UN contribution files" in english
    french = invoke(["--lang", "fr", "ingest", "--help"], lang="en").output
    assert "Ingère des fichiers" in french
    own = invoke(["indicator", "--lang", "en", "--help"], lang="fr").output
    assert "Compute an indicator over the ingested data." in own


def test_help_shown_for_missing_arguments_follows_the_language_too() -> None:
    assert invoke([]).output.startswith("Utilisation\u202f: ")  # no_args_is_help
    assert invoke(["--lang", "en", "snapshot"]).output.startswith("Usage: ")
    assert "Commandes\u202f:\n  build  Reconstruit l’instantané" in invoke(["snapshot"]).output


def test_python_dash_m_pkobs_runs_the_cli() -> None:
    env = {**os.environ, "PKOBS_LANG": "fr"}
    done = subprocess.run(
        [sys.executable, "-m", "pkobs", "--help"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0 and done.stdout.startswith("Utilisation\u202f: "), done.stderr


def test_indicator_option_help_is_french() -> None:
    result = invoke(["indicator", "--help"])
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    assert "Calcule un indicateur sur les données ingérées." in out
    assert "--from <str> Premier mois, AAAA-MM." in out
    assert "--group <str> Identifiant du groupe (oif, au, eu) ou «\u202fall\u202f»." in out
    assert "[par défaut\u202f: oif]" in out
    assert "Au choix\u202f: alerts, compare, contributors" in out  # {names} filled
    assert "First month" not in out


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("args", HELPS, ids=lambda args: " ".join(args) or "pkobs")
def test_every_help_works_in_both_languages(args: tuple[str, ...], lang: Language) -> None:
    result = invoke([*args, "--help"], lang=lang)
    assert result.exit_code == 0, result.output
    usage = "Usage: " if lang == "en" else "Utilisation\u202f: "
    assert result.output.startswith(usage), result.output
    path = ".".join(args) or "pkobs"
    summary = text(f"help.{path}", lang)
    assert summary is not None
    assert flat(short_help(summary, 1000)) in flat(result.output)
    other: Language = "fr" if lang == "en" else "en"
    other_summary = text(f"help.{path}", other)
    assert other_summary is not None
    assert flat(short_help(other_summary, 1000)) not in flat(result.output)


def test_every_key_exists_in_both_catalogues() -> None:
    french = {key for key in messages("fr") if key.startswith("help.")}
    english = {key for key in messages("en") if key.startswith("help.")}
    assert french == english, french ^ english
    needed = {key for path, command, ctx in commands() for key, _ in help_texts(path, command, ctx)}
    assert not needed - french, sorted(needed - french)
    ui = {key for key in french if key.startswith("help.ui.")}
    assert not french - needed - ui, sorted(french - needed - ui)  # no key left unused
    for key in french:  # and the same placeholders
        fields = [
            {f for _, f, _, _ in string.Formatter().parse(messages(lang)[key]) if f}
            for lang in LANGUAGES
        ]
        assert fields[0] == fields[1], key
        known = {"name", "default", "var"}
        if key.startswith("help.ui."):  # the usage errors' (pkobs.cli.usage_errors)
            known |= {"command", "option", "message", "options", "args", "expected"}
        assert fields[0] <= set(HELP_VALUES.get(key, {})) | known, key


def test_english_catalogue_says_what_the_code_says() -> None:
    """The docstrings and help= strings stay the English help word for word (docs/cli.md too)."""
    differ = [
        key
        for path, command, ctx in commands()
        for key, english in help_texts(path, command, ctx)
        if text(key, "en") != english
    ]
    assert not differ, differ
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert invoke(["ingest", "--help"], lang="en").output.rstrip() in reference


def test_subcommand_keys_follow_the_command_path() -> None:
    assert command_key("pkobs", "ingest") == "help.ingest"
    assert command_key("snapshot", "build") == "help.snapshot.build"


def test_the_language_is_read_from_the_arguments_then_the_environment() -> None:
    assert help_language([], {}) == "fr"
    assert help_language([], {"PKOBS_LANG": "en"}) == "en"
    assert help_language(["--lang", "en", "--help"], {}) == "en"
    assert help_language(["--lang=en", "ingest"], {"PKOBS_LANG": "fr"}) == "en"
    assert help_language(["--lang", "en", "indicator", "--lang", "fr"], {}) == "fr"  # the last
    assert help_language(["--lang", "de", "--help"], {"PKOBS_LANG": "en"}) == "fr"  # not a language
    assert help_language(["sql", "--", "--lang", "en"], {}) == "fr"
    assert help_language(["--lang"], {"PKOBS_LANG": "en"}) == "en"


def test_a_bad_language_still_gives_french_help_and_the_error_when_run() -> None:
    result = invoke(["--lang", "de", "--help"])
    assert result.exit_code == 0 and result.output.startswith("Utilisation\u202f: ")


def test_french_help_passes_the_typography_checker() -> None:
    """Every French help, as printed: French typography and wording (the rules for a web page's
    reader aside: a command's help names its options, and values such as ``mission_sex``)."""
    from pkobs.indicators import DEFAULT_STATUSES, INDICATORS
    from pkobs.store.schema import VIEWS

    identifiers = {*INDICATORS, *VIEWS, *DEFAULT_STATUSES}
    problems = []
    for args in HELPS:
        result = invoke([*args, "--help"], lang="fr")
        where = "pkobs " + " ".join((*args, "--help"))
        problems += [p for p in french_problems(result.output, where) if p.rule not in READER]
        # English words: in the prose, not in the command lines, options, paths and ids
        prose = re.sub(r'"[^"]*"|\S*[-/_.$=<>]\S*', " ", result.output)
        words = [w for w in re.split(r"[\s,.()…\[\]]+", prose) if w not in identifiers]
        problems += english_words(" ".join(words), where)
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize(("lang", "heading"), [("fr", "Exemples\u202f:"), ("en", "Examples:")])
def test_examples_are_printed_one_per_line(lang: str, heading: str) -> None:
    lines = invoke(["indicator", "--help"], lang).output.splitlines()
    at = lines.index(f"  {heading}")
    assert lines[at + 1 : at + 3] == [
        "    pkobs indicator share --from 2013-02 --to 2014-02",
        "    pkobs indicator trend --from 2013-02 --to 2014-02 --lang en",
    ]
