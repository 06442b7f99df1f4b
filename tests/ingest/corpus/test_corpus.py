"""Every hostile input in the corpus is refused by the real CLI, in English and French: the
expected exit code, a message naming the place, no traceback, and the database unchanged."""

from __future__ import annotations

import hashlib
import os
import tomllib
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pkobs.pipeline import ingest_files
from pkobs.store import open_database
from tests.conftest import DATA, Cli

HERE = Path(__file__).resolve().parent
CASES: dict[str, dict[str, object]] = tomllib.loads((HERE / "cases.toml").read_text())
WORDS = {"en": ("line", "column"), "fr": ("ligne", "colonne")}


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database that already holds one small valid file."""
    path = tmp_path_factory.mktemp("corpus") / "pkobs.duckdb"
    con = open_database(path)
    ingest_files(con, [DATA / "psdh_small.csv"])
    con.close()
    return path


@pytest.fixture(scope="module")
def unchanged(database: Path) -> tuple[str, str, str]:
    """The database's contents before any case: every case leaves them exactly so."""
    return contents(database)


def contents(path: Path) -> tuple[str, str, str]:
    """A checksum of every row of contributions and sources, and of the file's bytes and mtime."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        sums = [
            con.execute(
                f"SELECT count(*)::VARCHAR || ':' || coalesce(md5(string_agg(t::VARCHAR, '|' "
                f"ORDER BY t::VARCHAR)), '') FROM {table} t"
            ).fetchall()[0][0]
            for table in ("contributions", "sources")
        ]
    finally:
        con.close()
    stamp = f"{hashlib.sha256(path.read_bytes()).hexdigest()}:{path.stat().st_mtime_ns}"
    return sums[0], sums[1], stamp


def special_file(kind: str, folder: Path) -> Iterator[Path]:
    """Create one special input at test time (none of these is committed)."""
    target = folder / f"{kind}.csv"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "directory":
        target.mkdir()
    elif kind == "device":
        target = Path("/dev/zero")
    elif kind == "symlink_loop":
        (folder / "other.csv").symlink_to(target)
        target.symlink_to(folder / "other.csv")
    elif kind == "dangling_symlink":
        target.symlink_to(folder / "gone.csv")
    elif kind == "sparse":
        with open(target, "wb") as handle:
            handle.truncate(2 << 30)
    elif kind == "huge_line":
        header = (DATA / "psdh_small.csv").read_bytes().splitlines()[0]
        target.write_bytes(
            header + b"\n1,SEN,Senegal,MINUSMA,Troops,2014-02-28,9,1," + b"x" * (2 << 20) + b"\n"
        )
    yield target


@pytest.fixture
def case_file(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    case = CASES[request.param]
    if "special" in case:
        yield from special_file(str(case["special"]), tmp_path)
    else:
        yield HERE / str(case["file"])


def test_corpus_is_large_and_committed() -> None:
    files = [c for c in CASES.values() if "file" in c]
    assert len(CASES) >= 40 and len({c["file"] for c in files}) == len(files)
    assert all((HERE / str(c["file"])).is_file() for c in files)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("case_file", list(CASES), indirect=True)
def test_hostile_input_is_refused(
    database: Path,
    unchanged: tuple[str, str, str],
    case_file: Path,
    lang: str,
    request: pytest.FixtureRequest,
) -> None:
    case = CASES[request.node.callspec.params["case_file"]]
    before = unchanged  # as the module found it: a change by an earlier case fails here too
    if "xfail" in case:
        request.applymarker(pytest.mark.xfail(reason=str(case["xfail"]), strict=False))
        before = contents(database)  # an expected failure may have changed it
    result = Cli(database)("ingest", str(case_file), lang=lang)
    output = result.output
    assert result.exit_code == case["exit"], output
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert "Traceback" not in output
    assert str(case[lang]) in output, output
    assert case_file.name in output
    line_word, column_word = WORDS[lang]
    if "line" in case:
        assert f"{line_word} {case['line']}" in output, output
    if "column" in case:
        assert f"{column_word} {case['column']}" in output, output
    assert contents(database) == before
