"""Schemathesis against the OpenAPI schema, in-process: no input may cause a server error.

(``schemathesis.pytest.from_fixture`` does not work with this pytest, so each operation's
Hypothesis strategy is driven directly; the checks are the same.)

Random path parameters almost never name a real table or indicator, so each operation is run
twice: once as generated, and once with its path parameters replaced by real names (every
indicator, every table) and its query parameters still generated.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.strategies import one_of
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Err, Ok

from pkobs.indicators import INDICATORS
from pkobs.store.schema import VIEWS

REAL_PATH_VALUES: dict[str, list[str]] = {"name": list(INDICATORS), "view": list(VIEWS)}
MONTHS = st.sampled_from(["2009-12", "2012-06", "2013-02", "2014-02"])
# Real query values, merged over the generated ones: random group names are almost always
# unknown (a 400 before any computation), which would hide errors further on.
REAL_QUERY = st.fixed_dictionaries(
    {},
    optional={
        "group": st.sampled_from(["oif", "au", "eu"]),
        "groups": st.sampled_from(["oif,au", "oif,au,eu"]),
        "from": MONTHS,
        "to": st.just("2014-02"),
        "mission": st.sampled_from(["MINUSMA", "MONUSCO", "UNIFIL"]),
        "by_mission": st.sampled_from(["true", "false"]),
        "window": st.integers(1, 24),
        "format": st.sampled_from(["json", "csv"]),
    },
)


def operation_of(result: Ok[Any] | Err[Any]) -> Any:
    """The operation a schema result holds; its error (an invalid schema) is raised."""
    if isinstance(result, Err):
        raise result.err()
    return result.ok()


def check_case(case: schemathesis.Case[Any], seen: list[int]) -> None:
    response = case.call()
    seen.append(response.status_code)
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500, (case.path, case.path_parameters, case.query)
    if response.status_code >= 400:
        assert response.json()["error"]  # a clear message, not a stack trace


def test_no_server_error_on_any_operation(web_app: FastAPI) -> None:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", web_app)
    operations = [operation_of(result) for result in schema.get_all_operations()]
    assert len(operations) >= 5
    seen: list[int] = []
    for operation in operations:
        modes = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
        strategies = [operation.as_strategy(generation_mode=mode) for mode in modes]
        if not operation.path_parameters and not operation.query:
            strategies = strategies[:1]  # nothing to make invalid

        @given(case=one_of(strategies))
        @settings(
            max_examples=40,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case[Any]) -> None:
            check_case(case, seen)

        check()
    assert any(status == 200 for status in seen)
    assert any(400 <= status < 500 for status in seen)


def test_no_server_error_with_real_table_and_indicator_names(web_app: FastAPI) -> None:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", web_app)
    operations = [operation_of(result) for result in schema.get_all_operations()]
    with_names = [
        op
        for op in operations
        if op.path_parameters and {p.name for p in op.path_parameters} <= set(REAL_PATH_VALUES)
    ]
    assert {op.path for op in with_names} >= {"/api/v1/indicators/{name}", "/api/v1/tables/{view}"}
    seen: dict[str, set[int]] = {}
    for operation in with_names:
        run_with_real_names(operation, seen)
    # every real name was tried, and answered (200 for valid parameters, 4xx otherwise)
    assert set(seen) >= set(INDICATORS)
    assert any(200 in statuses for statuses in seen.values())


def run_with_real_names(operation: Any, seen: dict[str, set[int]]) -> None:
    """Generated cases of ``operation`` with real path names and, often, real query values."""
    names = [p.name for p in operation.path_parameters]
    modes = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
    strategies = [operation.as_strategy(generation_mode=mode) for mode in modes]
    real = st.fixed_dictionaries({n: st.sampled_from(REAL_PATH_VALUES[n]) for n in names})
    accepted = {p.name for p in operation.query}

    @given(case=one_of(strategies), values=real, query=REAL_QUERY)
    @settings(
        max_examples=300,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(
        case: schemathesis.Case[Any], values: dict[str, str], query: dict[str, object]
    ) -> None:
        case.path_parameters = {**(case.path_parameters or {}), **values}
        real_query = {k: v for k, v in query.items() if k in accepted}
        case.query = {**(case.query or {}), **real_query}
        statuses: list[int] = []
        check_case(case, statuses)
        for value in values.values():
            seen.setdefault(value, set()).update(statuses)

    check()
