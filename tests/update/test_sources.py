"""Named sources: shipped defaults, the user's file merged over them, clear config errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pkobs.i18n import catalogue, t
from pkobs.update import SourceConfigError, adhoc_source, find_source, load_sources
from pkobs.update.sources import default_filename


def test_defaults_are_the_un_data_hub_files(tmp_path: Path) -> None:
    sources = load_sources(tmp_path)
    assert [s.name for s in sources] == ["un-psdh-pre2010", "un-psdh-current", "un-monthly-pdf"]
    for source in sources[:2]:
        assert source.url.startswith("https://api.psdata.un.org/public/data/")
        assert source.page.startswith("https://psdata.un.org/dataset/")
        assert source.format == "un-psdh" and source.enabled and source.sha256 is None
    assert find_source(sources, "un-psdh-current").filename == "DPO-UCHISTORICAL.csv"


def test_user_file_overrides_key_by_key_and_adds_sources(tmp_path: Path) -> None:
    (tmp_path / "sources.toml").write_text(
        "[sources.un-psdh-current]\n"
        'url = "https://mirror.example.org/hub/contributions.csv"\n\n'
        "[sources.un-psdh-pre2010]\nenabled = false\n\n"
        "[sources.ipi-gender]\n"
        'url = "https://raw.example.org/Gender.Full.csv"\nformat = "ipi-gender"\n'
        f'sha256 = "{"A" * 64}"\n'
    )
    sources = {s.name: s for s in load_sources(tmp_path)}
    current = sources["un-psdh-current"]
    assert current.url == "https://mirror.example.org/hub/contributions.csv"
    assert current.format == "un-psdh" and current.filename == "DPO-UCHISTORICAL.csv"
    assert not sources["un-psdh-pre2010"].enabled
    gender = sources["ipi-gender"]
    assert gender.filename == "Gender.Full.csv" and gender.sha256 == "a" * 64


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[sources.x]\nurl = 'ftp://example.org/a.csv'\n", "is not an http or https URL"),
        ("[sources.x]\nurl = 'https://e.org/a.csv'\nformat = 'xls'\n", "unknown format 'xls'"),
        ("[sources.x]\nurl = 'https://e.org/a.csv'\ncolour = 1\n", "unknown keys colour"),
        ("[sources.X]\nurl = 'https://e.org/a.csv'\n", "source name 'X' is not allowed"),
        ("[sources.x]\nurl = 'https://e.org/a.csv'\nsha256 = 'abc'\n", "64 hexadecimal"),
        ("[sources.x\n", "cannot read the sources file"),
    ],
)
def test_config_mistakes_are_named(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "sources.toml").write_text(text)
    with pytest.raises(SourceConfigError) as error:
        load_sources(tmp_path)
    assert message in str(error.value) and str(tmp_path / "sources.toml") in str(error.value)
    assert error.value.exit_code == 2


def test_adhoc_sources_and_file_names() -> None:
    source = adhoc_source("http://127.0.0.1:8000/Gender.Full.csv", "ipi-gender")
    assert source.name.startswith("url-127-0-0-1-8000-") and source.filename == "Gender.Full.csv"
    assert default_filename("https://api.psdata.un.org/public/data/X/CSV", "x") == "x.csv"
    with pytest.raises(SourceConfigError, match="unknown source 'nope'"):
        find_source([source], "nope")


def test_update_messages_exist_in_both_languages() -> None:
    english = {key for key in catalogue("en") if key.startswith("update.")}
    french = {key for key in catalogue("fr") if key.startswith("update.")}
    assert english == french and len(english) > 35
    assert t("update.up_to_date", "fr") == "À jour\u202f: rien n’a changé."
    error = SourceConfigError("update.config.unknown_source", name="x", names="a, b")
    assert error.message("fr").startswith("source inconnue 'x'")
    assert str(error).startswith("unknown source 'x'")
