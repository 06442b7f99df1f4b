"""``pkobs --help`` lists every command without importing their modules, and stays in step."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

from pkobs.cli import app
from pkobs.cli.helptext import short_help, text
from pkobs.cli.lazy import COMMANDS, LazyCommands, load_module

HEAVY = (
    "duckdb",
    "fastapi",
    "uvicorn",
    "httpx",
    "rich.progress",
    "pkobs.pipeline",
    "pkobs.store",
    "pkobs.indicators",
    "pkobs.web",
    "pkobs.reports",
)


def test_the_command_table_matches_the_modules() -> None:
    found = {}
    for module in {command.module for command in COMMANDS.values()}:
        for name, command in load_module(module).items():
            assert COMMANDS[name].module == module, name
            found[name] = command
    assert found.keys() == COMMANDS.keys()
    for name, command in found.items():  # the English summary is the docstring's, any width
        english = text(f"help.{name}", "en")
        assert english is not None, name
        for width in (30, 45, 74, 200):
            assert short_help(english, width) == command.get_short_help_str(width), name


def test_help_lists_every_command_and_imports_none_of_their_modules() -> None:
    probe = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from pkobs.cli import app\n"
        "result = CliRunner().invoke(app, ['--help'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print(result.output)\n"
        f"print('HEAVY=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.rstrip().endswith("HEAVY="), done.stdout.splitlines()[-1]
    for name in COMMANDS:
        assert f"  {name} " in done.stdout, name


def test_commands_load_on_use_and_typos_are_suggested() -> None:
    group = typer.main.get_command(app)
    commands = getattr(group, "commands", None)
    assert isinstance(commands, LazyCommands)
    assert list(commands) == list(COMMANDS) and len(commands) == len(COMMANDS)
    assert not commands.is_loaded("indicator")
    assert commands["indicator"].name == "indicator" and commands.is_loaded("indicator")
    result = CliRunner().invoke(app, ["ingset"])
    assert result.exit_code == 2 and "Did you mean 'ingest'" in result.output


def modules_after(*args: str) -> set[str]:
    """The modules a fresh ``pkobs ARGS`` process has imported when it is done."""
    probe = (
        "import sys, runpy\n"
        f"sys.argv = ['pkobs', *{list(args)!r}]\n"
        "try:\n    runpy.run_module('pkobs.cli', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('MODULES=' + ','.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    line = [x for x in done.stderr.splitlines() if x.startswith("MODULES=")][-1]
    return set(line.removeprefix("MODULES=").split(","))


def test_a_command_imports_only_what_it_uses(tmp_path: Path) -> None:
    from tests.conftest import DATA

    db = str(tmp_path / "pkobs.duckdb")
    ingest = modules_after("--db", db, "ingest", str(DATA / "psdh_small.csv"), "--quiet")
    web = {"fastapi", "uvicorn", "jinja2", "pkobs.web", "pkobs.reports", "pkobs.render.xlsx"}
    assert "pkobs.pipeline" in ingest and not web & ingest
    assert "pkobs.indicators" not in ingest  # only parsing --month needs them
    sql = modules_after("--db", db, "sql", "SELECT 1 AS one", "--format", "csv")
    assert "duckdb" in sql and not (web | {"pkobs.pipeline", "pkobs.ingest", "httpx"}) & sql
