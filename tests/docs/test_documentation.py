"""Documentation stays true: every view, indicator and message is documented or translated."""

from __future__ import annotations

from pkobs.i18n import all_keys
from pkobs.indicators import INDICATORS
from pkobs.refdata.countries import generate_countries_csv
from pkobs.refdata.specs import DATA_DIR
from pkobs.store.schema import VIEWS
from tests.conftest import ROOT


def test_every_view_is_documented() -> None:
    text = (ROOT / "docs" / "data-model.md").read_text(encoding="utf-8")
    missing = [name for name in VIEWS if f"`{name}" not in text]
    assert not missing, f"views without documentation in docs/data-model.md: {missing}"


def test_every_indicator_is_in_the_methodology() -> None:
    text = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    missing = [name for name in INDICATORS if f"## `{name}`" not in text]
    assert not missing, f"indicators missing from docs/methodology.md: {missing}"


def test_french_and_english_catalogues_have_the_same_keys() -> None:
    keys = all_keys()
    assert keys["fr"] == keys["en"], keys["fr"] ^ keys["en"]


def test_countries_file_is_what_cldr_gives() -> None:
    shipped = (DATA_DIR / "countries.csv").read_text(encoding="utf-8")
    assert shipped == generate_countries_csv(), "run: python -m pkobs.refdata.countries"


def test_readme_quick_start_is_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in text and "make test" in text


def test_every_command_is_in_the_cli_reference() -> None:
    import typer

    from pkobs.cli import app

    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    commands = getattr(typer.main.get_command(app), "commands", {})
    missing = [name for name in commands if f"## pkobs {name}\n" not in text]
    assert not missing, f"run scripts/cli_reference.py; missing: {missing}"
