"""The direct route to ``/api/v1/indicators/{name}`` answers the common questions itself and gives
the very response FastAPI's route gives (status, headers, body); anything unusual goes to FastAPI.

A parameter the API does not know (``zz``) is ignored by FastAPI's route and sends the request
there, so each address is asked both ways on the shipped real history (1990-2025).
"""

from __future__ import annotations

import asyncio

import pytest
from fastapi.testclient import TestClient

from pkobs.web.direct import DirectIndicators, common_parameters

ANSWERED = [
    "share?from=2014-01&to=2014-12&group=oif",
    "share?from=2014-01&to=2014-12&group=oif&lang=en",
    "share?group=au&status=member%2Cassociate&from=2001-05&to=2003-02&lang=en",
    "trend?to=2014-02&group=eu",
    "compare?from=2019-03&to=2019-09",
    "contributors?group=all&from=2012-01&to=2012-06&limit=50&offset=100",
    "contributors?group=oif&from=2012-01&to=2012-06&format=csv&limit=20",
    "alerts?group=all&from=1990-12&to=2025-07&lang=en&limit=300&offset=600",
    "alerts?group=oif&from=2005-01&to=2016-12",
    "gender?from=2016-01&to=2016-12&lang=en&format=csv",
    "linguistic-gap?from=2014-02&to=2014-02",
    "senior-posts?from=2014-01&to=2014-12&lang=en",
    "share",
]
ELSEWHERE = [  # answered by FastAPI's route: errors, unusual forms, other parameters
    "trend?from=2010-01&to=2020-06&group=eu",  # trend takes a window, not a start: 400
    "share?from=2014-01&to=2014-12&group=oif&from=2015-01",  # repeated
    "trend?to=2020-06&group=eu",  # a month missing from the UN collection: 400
    "share?from=2014-13",  # malformed month: 422
    "share?from=2014-06&to=2014-01",  # from after to: 400
    "share?from=2030-01&to=2030-06",  # no data in the period: 404 with the data's span
    "share?group=nosuchgroup",  # unknown group
    "share?lang=de",  # unknown language: 422
    "contributors?limit=0",
    "contributors?limit=010",  # not written canonically
    "contributors?offset=100000001",
    "share?by_mission=true&from=2014-01&to=2014-01",
    "share?mission=MINUSMA&from=2014-01&to=2014-12",
    "nosuchindicator?from=2014-01",  # 404
    "share?group=",
]


def direct_answers(client: TestClient, address: str) -> bool:
    route = DirectIndicators(client.app, client.app.state.web, "/api/v1/")  # type: ignore[attr-defined]
    name, _, query = address.partition("?")
    return asyncio.run(route.answer(name, query.encode())) is not None


@pytest.mark.parametrize("address", ANSWERED + ELSEWHERE)
def test_the_same_response_either_way(history_client: TestClient, address: str) -> None:
    url = "/api/v1/indicators/" + address
    direct = history_client.get(url)
    fastapi = history_client.get(url + ("&" if "?" in url else "?") + "zz=1")
    assert direct.status_code == fastapi.status_code
    assert direct.content == fastapi.content
    assert direct.headers == fastapi.headers
    if address in ANSWERED:
        assert direct.status_code == 200


@pytest.mark.parametrize("address", ANSWERED)
def test_common_questions_are_answered_directly(history_client: TestClient, address: str) -> None:
    assert direct_answers(history_client, address)


@pytest.mark.parametrize("address", ELSEWHERE)
def test_the_rest_goes_to_fastapi(history_client: TestClient, address: str) -> None:
    assert not direct_answers(history_client, address)


def test_only_common_parameters_once_and_well_formed() -> None:
    assert common_parameters(b"from=2014-01&lang=en") == {"from": "2014-01", "lang": "en"}
    assert common_parameters(b"status=member%2Cobserver") == {"status": "member,observer"}
    assert common_parameters(b"") == {}
    assert common_parameters(b"from=2014-01%0A") is None  # a trailing new line is not a month
    assert common_parameters(b"lang=en&lang=fr") is None
    assert common_parameters(b"window=3") is None
    assert common_parameters(b"limit=-1") is None
    assert common_parameters(b"group=%C3%A9") is None
