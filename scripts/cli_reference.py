"""Regenerate docs/cli.md from the CLI's own --help texts, in English.

Run: .venv/bin/python scripts/cli_reference.py  (a test checks every command is documented)
"""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from pkobs.cli import app

ROOT = Path(__file__).resolve().parents[1]
# the reference is in English (the help follows --lang / PKOBS_LANG, French by default)
ENV = {"COLUMNS": "100", "PKOBS_LANG": "en"}


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
        "The help is in the language of `--lang` or `PKOBS_LANG`, French by default "
        "(`pkobs --help` begins `Utilisation\u202f: pkobs [OPTIONS] COMMAND [ARGS]...`); this "
        "reference "
        "is the English help, `pkobs --lang en COMMAND --help`. Its texts are in the `cli_help` "
        "catalogue (docs/translations.md).",
        "",
        "Output: `--format table` (the default) is for people, in the language of `--lang`: "
        "months by name, grouped digits, percentages, headers and category values from the "
        "message catalogue, each cell formatted from its column's declared kind. `--format csv` "
        "and `--format json` are for programs: machine values (ISO dates, raw numbers) that are "
        "the same in both languages (only names, generated sentences and notes follow `--lang`); "
        "text "
        "cells that look like spreadsheet formulas start with `'` in CSV. Errors are printed in "
        "the language of `--lang`, with every problem's place (file, line, column or page). "
        "The renderers are `pkobs.render`, shared with the web site and the bulletin.",
        "",
        "Start-up: `pkobs --help` imports no command module (`pkobs.cli.lazy`); a command loads "
        "only its own module, and heavy libraries (the web stack, the ingest pipeline, progress "
        "bars) when it needs them. `bench/cli.py` compares `pkobs --help` with "
        '`python -c "import duckdb"`.',
        "",
        "## pkobs",
        "",
        "```",
        runner.invoke(app, ["--help"], env=ENV).output.rstrip(),
        "```",
    ]
    commands = getattr(group, "commands", {})
    for name in names:
        text = runner.invoke(app, [name, "--help"], env=ENV).output.rstrip()
        parts += ["", f"## pkobs {name}", "", "```", text, "```"]
        for sub in sorted(getattr(commands[name], "commands", {})):
            text = runner.invoke(app, [name, sub, "--help"], env=ENV).output
            parts += ["", f"### pkobs {name} {sub}", "", "```", text.rstrip(), "```"]
    (ROOT / "docs" / "cli.md").write_text("\n".join(parts) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
