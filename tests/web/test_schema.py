"""Schemathesis against the OpenAPI schema, in-process: no input may cause a server error.

(``schemathesis.pytest.from_fixture`` does not work with this pytest, so each operation's
Hypothesis strategy is driven directly; the checks are the same.)
"""

from __future__ import annotations

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis.strategies import one_of
from schemathesis.checks import not_a_server_error


def test_no_server_error_on_any_operation(web_app: FastAPI) -> None:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", web_app)
    operations = [result.ok() for result in schema.get_all_operations()]
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
        def check(case: schemathesis.Case) -> None:
            response = case.call()
            seen.append(response.status_code)
            case.validate_response(response, checks=[not_a_server_error])
            assert response.status_code < 500, (case.path, case.query, response.text[:300])
            if response.status_code >= 400:
                assert response.json()["error"]  # a clear message, not a stack trace

        check()
    assert any(status == 200 for status in seen)
    assert any(400 <= status < 500 for status in seen)
