"""``pkobs report`` invoked as a user would: exit codes and messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli, requires_ipi

pytestmark = [requires_ipi, pytest.mark.realdata]


def test_report_command_writes_a_french_pdf(real_db_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "b.pdf"
    result = Cli(real_db_path)("report", "--month", "2014-02", "--lang", "fr", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"Bulletin écrit\u202f: {out}" in result.output
    assert out.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir()] == ["b.pdf"]  # no temporary left behind


def test_report_command_format_option_wins_over_the_extension(
    real_db_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "bulletin.txt"
    result = Cli(real_db_path)(
        "report", "--month", "2014-02", "--lang", "en", "--format", "html", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give either --month YYYY-MM or --all-months"),
        (("--month", "2014-02", "--all-months"), "give either --month YYYY-MM or --all-months"),
        (("--month", "2014-13"), "is not a month: use YYYY-MM"),
        (("--month", "2014-02", "--format", "docx"), "unknown format 'docx'"),
        (("--month", "2014-02", "--group", "xyz"), "unknown group 'xyz'"),
        (("--month", "2014-02", "--status", "friend"), "unknown status friend"),
    ],
)
def test_report_command_refuses_bad_options(
    real_db_path: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = Cli(real_db_path)("report", *args, "--out", str(tmp_path / "b.pdf"))
    assert result.exit_code == 2
    assert message in result.output
    assert list(tmp_path.iterdir()) == []
