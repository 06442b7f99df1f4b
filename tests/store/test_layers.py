"""The layers of docs/architecture.md, checked on the source: who may import what.

- Only ``pkobs/store/`` (and the ingest readers in ``pkobs/ingest/``, which hand files to DuckDB)
  import duckdb. Modules not yet moved are listed in ``NOT_YET_CLEAN``: the list only shrinks,
  and a listed module that became clean fails the test until it is taken off the list.
- ``pkobs/refdata/`` reads CSV files only: no duckdb, no ``pkobs.store`` (no import cycle).
- ``pkobs/indicators/`` runs no SQL: its reads are functions of ``pkobs/store/`` (the
  ``pkobs.store.indicators`` modules, the aggregates); nor does any other module outside
  ``pkobs/store/`` and the ingest readers.
- ``pkobs/web/`` and ``pkobs/cli/`` are siblings: neither imports the other.
- No language below the edges: :class:`pkobs.indicators.Params` has no ``lang`` field, and no
  function of ``pkobs/indicators/``, ``pkobs/store/``, ``pkobs/ingest/`` or ``pkobs/update/``
  takes a ``lang`` parameter, except the rendering methods in ``RENDERING_YET`` (the edges call
  them; the list only shrinks, and a listed one that is gone fails until it is taken off).
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "pkobs"
ALLOWED_DUCKDB = ("store/", "ingest/")

# Modules outside store/ and ingest/ that still import duckdb (their owners are moving the SQL
# into store/ modules taking a Database). Take a module off as soon as it is clean.
NOT_YET_CLEAN: set[str] = set()
# web/ modules that still import pkobs.cli (being fixed by their owners).
WEB_IMPORTS_CLI_YET: set[str] = set()
# Packages below the edges: nothing there picks a language.
BELOW_THE_EDGES = ("indicators/", "store/", "ingest/", "update/")
# Functions below the edges that still take ``lang``, and why. They render, for the edges that
# call them: the result's methods delegate to pkobs.render.results; the PDF reader's errors
# follow ``PkobsError.message(lang)`` of pkobs.errors.
RENDERING_YET: set[str] = set()


@functools.cache
def parsed(path: Path) -> ast.Module:
    """The syntax tree of a source file, parsed once for all the tests here (never modified)."""
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@functools.cache
def imported_modules(path: Path) -> frozenset[str]:
    """Every module ``path`` imports, at any level (top, in functions, under TYPE_CHECKING)."""
    tree = parsed(path)
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return frozenset(names)


def modules() -> dict[str, frozenset[str]]:
    return {
        path.relative_to(SOURCE).as_posix(): imported_modules(path)
        for path in sorted(SOURCE.rglob("*.py"))
    }


def imports(names: frozenset[str], package: str) -> bool:
    return any(name == package or name.startswith(package + ".") for name in names)


def test_only_the_store_and_the_ingest_readers_import_duckdb() -> None:
    importing = {
        module
        for module, names in modules().items()
        if imports(names, "duckdb") and not module.startswith(ALLOWED_DUCKDB)
    }
    assert sorted(importing - NOT_YET_CLEAN) == [], "new duckdb imports outside pkobs/store/"
    assert sorted(NOT_YET_CLEAN - importing) == [], "clean now: take them off NOT_YET_CLEAN"


SQL_CALLS = {"execute", "executemany", "sql", "run_sql", "fetchall", "fetchone"}
SQL_TEXT = re.compile(r"^\s*(SELECT|WITH|INSERT|UPDATE|DELETE|CREATE)\s")


def sql_in(path: Path) -> list[str]:
    """What in ``path`` runs SQL itself: a call that executes it (``run_sql(...)``,
    ``con.execute(...)``), or SQL text (a string or f-string starting with SELECT, WITH...)."""
    tree = parsed(path)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in SQL_CALLS:
                found.append(f"{path.name}:{node.lineno} {name}()")
        elif isinstance(node, ast.Constant) and SQL_TEXT.match(str(node.value)):
            found.append(f"{path.name}:{node.lineno} SQL text")
    return found


def test_the_indicators_run_no_sql() -> None:
    indicators = sorted((SOURCE / "indicators").glob("*.py"))
    assert [found for path in indicators for found in sql_in(path)] == []
    # the check finds what it looks for
    assert sql_in(SOURCE / "store" / "indicators" / "share.py")


def test_sql_lives_in_the_store() -> None:
    """Outside ``pkobs/store/`` (and the ingest readers) no module writes or runs SQL: the
    edges and the update call typed functions of the store (``view_page``, ``checkpoint``...)."""
    outside = [
        path
        for path in sorted(SOURCE.rglob("*.py"))
        if not path.relative_to(SOURCE).as_posix().startswith(ALLOWED_DUCKDB)
    ]
    assert len(outside) > 100
    assert [found for path in outside for found in sql_in(path)] == []


def test_reference_data_is_read_without_the_database() -> None:
    for module, names in modules().items():
        if module.startswith("refdata/"):
            assert not imports(names, "duckdb"), module
            assert not imports(names, "pkobs.store"), module


def test_the_layers_below_the_edges_never_import_an_edge() -> None:
    below = ("store/", "refdata/", "update/", "ingest/", "indicators/")
    for module, names in modules().items():
        if module.startswith(below) or module in {"snapshot.py", "synthetic.py", "pipeline.py"}:
            for edge in ("pkobs.cli", "pkobs.web", "pkobs.reports"):
                assert not imports(names, edge), f"{module} imports {edge}"


def test_web_and_cli_are_siblings() -> None:
    found = modules()
    for module, names in found.items():
        if module.startswith("cli/"):
            assert not imports(names, "pkobs.web") or module == "cli/serve.py", module
    web_to_cli = {
        m for m, names in found.items() if m.startswith("web/") and imports(names, "pkobs.cli")
    }
    assert sorted(web_to_cli - WEB_IMPORTS_CLI_YET) == []
    assert sorted(WEB_IMPORTS_CLI_YET - web_to_cli) == [], "clean now: empty WEB_IMPORTS_CLI_YET"


def functions_taking_lang(path: Path) -> set[str]:
    """``Class.function`` (or ``function``) of every function in ``path`` with a parameter
    called ``lang``."""
    tree = parsed(path)
    found: set[str] = set()

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                args = child.args
                every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
                if any(a is not None and a.arg == "lang" for a in every):
                    found.add(f"{prefix}{child.name}")
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(tree, "")
    return found


def test_no_language_below_the_edges() -> None:
    import dataclasses

    from pkobs.indicators import Params

    assert "lang" not in {f.name for f in dataclasses.fields(Params)}
    found = {
        f"{path.relative_to(SOURCE).as_posix()}:{name}"
        for package in BELOW_THE_EDGES
        for path in sorted((SOURCE / package).rglob("*.py"))
        for name in functions_taking_lang(path)
    }
    assert found - RENDERING_YET == set(), "a function below the edges picks a language"
    assert RENDERING_YET - found == set(), "no longer takes lang: take it off RENDERING_YET"
