"""The gender page on the shipped history: August 2020's contingents printed under the wrong sex
are left out of the women's share, and the page says how many, in both languages."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient


def test_the_gender_page_names_the_contingents_left_out(history_client: TestClient) -> None:
    french = history_client.get("/fr/gender").text
    assert (
        "En août 2020, la part des femmes laisse de côté 48 contingents"
        " (37\u202f778 membres du personnel)" in french
    )
    english = history_client.get("/en/gender").text
    assert "In August 2020, the women&#39;s share leaves out 48 contingents" in english


def test_the_gender_csv_no_longer_shows_the_impossible_jump(history_client: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(history_client.get("/en/gender.csv").text)))
    august = [
        r
        for r in rows
        if r["month"].startswith("2020-08") and r["personnel_category"] == "military_contingents"
    ]
    assert len(august) == 1
    assert (int(august[0]["female"]), int(august[0]["personnel"])) == (1591, 32052)
    assert float(august[0]["female_share"]) < 0.06  # was 0.564 with the swapped figures
    left_out = history_client.get("/en/gender.csv?table=flagged_figures").text
    assert len(list(csv.DictReader(io.StringIO(left_out)))) == 51  # 3 in 2016, 48 in August 2020
