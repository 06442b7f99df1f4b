"""Charts' month axes are labelled in the page's language by Babel, never by Plotly's English
month names nor as "1995-01": years over long spans, "janv. 2013" / "Jan 2013" over short ones."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from pkobs.settings import Language


def chart_spec(client: TestClient, url: str, chart_id: str) -> dict[str, object]:
    page = client.get(url)
    assert page.status_code == 200, url
    spec = re.search(rf'id="{chart_id}-spec">(.*?)</script>', page.text, re.S)
    assert spec is not None, url
    loaded: dict[str, object] = json.loads(spec.group(1))
    return loaded


@pytest.mark.parametrize(
    ("lang", "labels", "hover"),
    [
        (
            "fr",
            ["janv. 2013", "févr. 2013", "mars 2013", "avr. 2013", "mai 2013", "juin 2013"],
            "janvier 2013",
        ),
        (
            "en",
            ["Jan 2013", "Feb 2013", "Mar 2013", "Apr 2013", "May 2013", "Jun 2013"],
            "January 2013",
        ),
    ],
)
def test_a_short_span_is_labelled_by_month_in_the_page_language(
    client: TestClient, lang: Language, labels: list[str], hover: str
) -> None:
    chart = chart_spec(client, f"/{lang}/?from=2013-01&to=2013-06", "share-trend")
    layout = chart["layout"]
    assert isinstance(layout, dict)
    assert layout["xaxis"]["tickvals"] == [f"2013-0{m}" for m in range(1, 7)]
    assert layout["xaxis"]["ticktext"] == labels
    traces = chart["traces"]
    assert isinstance(traces, list)
    assert traces[0]["hovertext"][0] == hover
    assert "%{hovertext}" in traces[0]["hovertemplate"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_long_span_is_labelled_by_year(client: TestClient, lang: Language) -> None:
    chart = chart_spec(client, f"/{lang}/?from=1995-01&to=2025-07", "share-trend")
    layout = chart["layout"]
    assert isinstance(layout, dict)
    ticks, labels = layout["xaxis"]["tickvals"], layout["xaxis"]["ticktext"]
    assert 4 <= len(labels) <= 8
    assert all(re.fullmatch(r"\d{4}", label) for label in labels), labels
    assert ticks == [f"{label}-01" for label in labels]
    assert "tickformat" not in layout["xaxis"]
