"""The gender page lists its notes on the figures left out one per line, in month order, links
the CSV of the contingents left out, and names the months again beside the chart that pools
the categories."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

NNBSP = "\u202f"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_notes_are_a_list_in_month_order(history_client: TestClient, lang: str) -> None:
    html = history_client.get(f"/{lang}/gender").text
    block = re.search(r'<div class="note" id="flagged-notes"><ul>(.*?)</ul>(.*?)</div>', html)
    assert block is not None
    notes = re.findall(r"<li>(.*?)</li>", block.group(1))
    assert len(notes) == 7  # January, April, May 2016; August 2020: three categories, contingents
    first_words = [note.split(",")[0] for note in notes]
    if lang == "fr":
        assert first_words[:3] == ["En janvier 2016", "En avril 2016", "En mai 2016"]
        assert all(w == "En août 2020" for w in first_words[3:])
        assert "n’est pas donnée" in notes[3] and "laisse de côté 48 contingents" in notes[6]
    else:
        assert first_words[:3] == ["In January 2016", "In April 2016", "In May 2016"]
        assert "is not given" in notes[3] and "leaves out 48 contingents" in notes[6]
    assert f'href="/{lang}/gender.csv?table=flagged_figures"' in block.group(2)
    beside = re.search(r'<p class="note chart-note" id="compare-flagged">([^<]*)</p>', html)
    assert beside is not None
    months = (
        "janvier 2016, avril 2016, mai 2016, août 2020"
        if lang == "fr"
        else "January 2016, April 2016, May 2016, August 2020"
    )
    assert months in beside.group(1)
