"""Regenerate docs/cli.md from the CLI's own --help texts.

Run: .venv/bin/python scripts/cli_reference.py  (a test checks every command is documented)
"""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from pkobs.cli import app

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    runner = CliRunner()
    group = typer.main.get_command(app)
    names = sorted(getattr(group, "commands", {}))
    parts = [
        "# CLI reference / Référence de la ligne de commande",
        "",
        "Generated from `pkobs COMMAND --help` by `scripts/cli_reference.py`. Global options "
        "(`--db`, `--lang`) go before the command: "
        "`pkobs --db my.duckdb --lang en indicator share`.",
        "",
        "## pkobs",
        "",
        "```",
        runner.invoke(app, ["--help"], env={"COLUMNS": "100"}).output.rstrip(),
        "```",
    ]
    commands = getattr(group, "commands", {})
    for name in names:
        text = runner.invoke(app, [name, "--help"], env={"COLUMNS": "100"}).output.rstrip()
        parts += ["", f"## pkobs {name}", "", "```", text, "```"]
        for sub in sorted(getattr(commands[name], "commands", {})):
            text = runner.invoke(app, [name, sub, "--help"], env={"COLUMNS": "100"}).output
            parts += ["", f"### pkobs {name} {sub}", "", "```", text.rstrip(), "```"]
    (ROOT / "docs" / "cli.md").write_text("\n".join(parts) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
