"""Counts in words on the site, on the shipped history (1990-2025), in both languages: one
person, one post, one month are singular (« 1 personne », "1 person"), several are plural, and
French writes « d’avril », « d’août », « d’octobre » after « de ».

The pages are those where a reader found « 1 personnes », « 0 sur 1 membres du personnel » and
« de avril 2024 à avril 2025 »; the sentences are also checked one by one, by the code that
writes them, with one and with several."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pkobs.i18n import Locale
from pkobs.settings import Language
from pkobs.typography import visible_text
from pkobs.web.country_profile import country_summary
from pkobs.web.francophonie import Period, gap_summary

NNBSP = "\u202f"
FR, EN = Locale("fr"), Locale("en")


def text_of(client: TestClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"[ \t\r\n]+", " ", visible_text(response.text))  # keeps no-break spaces


def test_a_country_sending_one_person(history_client: TestClient) -> None:
    """Belgium in July 2025: one person, whose sex is reported (a man)."""
    french = text_of(history_client, "/fr/countries/BEL")
    assert f"Belgique{NNBSP}: 1 personne en juillet 2025{NNBSP};" in french
    assert "(0 sur 1 membre du personnel dont le sexe est connu)" in french
    english = text_of(history_client, "/en/countries/BEL")
    assert "Belgium: 1 person in July 2025;" in english
    assert "(0 of 1 person whose sex is reported)" in english
    for text in (french, english):
        assert "1 personnes" not in text and "1 membres" not in text
        assert "1 personnel" not in text


def test_a_country_sending_many(history_client: TestClient) -> None:
    french = text_of(history_client, "/fr/countries/FRA")
    assert re.search(rf"France{NNBSP}: [\d\u202f]+ personnes en juillet 2025", french)
    assert re.search(r" sur [\d\u202f]+ membres du personnel dont le sexe est connu\)", french)
    english = text_of(history_client, "/en/countries/FRA")
    assert re.search(r"France: [\d,]+ personnel in July 2025", english)
    assert re.search(r" of [\d,]+ personnel whose sex is reported\)", english)


def test_a_mission_with_one_senior_post(history_client: TestClient) -> None:
    """UNMIK in June 2010: one senior post expected, its holder known."""
    query = "senior-posts?mission=UNMIK&to=2010-06"
    french = text_of(history_client, f"/fr/{query}")
    assert "(1 poste au titulaire connu sur 1 attendu)" in french
    assert re.search(r"\(\d sur 1 poste au titulaire connu\)", french)
    english = text_of(history_client, f"/en/{query}")
    assert "(1 post with a known holder of 1 expected)" in english
    assert re.search(r"\(\d of 1 post with a known holder\)", english)
    assert "1 postes" not in french and "1 posts" not in english


def test_all_missions_have_many_senior_posts(history_client: TestClient) -> None:
    french = text_of(history_client, "/fr/senior-posts")
    assert re.search(r"\(\d+ postes au titulaire connu sur \d+ attendus\)", french)
    assert re.search(r"\(\d+ sur \d+ postes au titulaire connu\)", french)
    english = text_of(history_client, "/en/senior-posts")
    assert re.search(r"\(\d+ posts with a known holder of \d+ expected\)", english)
    assert re.search(r"\(\d+ of \d+ posts with a known holder\)", english)


def test_a_period_from_april_to_april(history_client: TestClient) -> None:
    """The page the French reader found « de avril 2024 à avril 2025 » on."""
    french = text_of(history_client, "/fr/francophonie?from=2024-04&to=2025-04")
    assert "de l’ONU, d’avril 2024 à avril 2025" in french
    assert not re.search(r"\b[Dd]e (?:avril|août|octobre)\b", french)
    english = text_of(history_client, "/en/francophonie?from=2024-04&to=2025-04")
    assert "April 2024 to April 2025" in english


def months(may: int, june: int) -> list[dict[str, Any]]:
    return [
        {"month": dt.date(2025, 5, 31), "total": may},
        {"month": dt.date(2025, 6, 30), "total": june},
    ]


@pytest.mark.parametrize(
    ("lang", "totals", "expected"),
    [
        (
            "fr",
            (3, 1),
            f"Sénégal{NNBSP}: 1 personne en juin 2025{NNBSP}; maximum de 3 en mai 2025.",
        ),
        (
            "fr",
            (3, 2),
            f"Sénégal{NNBSP}: 2 personnes en juin 2025{NNBSP}; maximum de 3 en mai 2025.",
        ),
        ("en", (3, 1), "Senegal: 1 person in June 2025; peak of 3 in May 2025."),
        ("en", (3, 2), "Senegal: 2 personnel in June 2025; peak of 3 in May 2025."),
    ],
)
def test_country_summary_counts_people(
    lang: Language, totals: tuple[int, int], expected: str
) -> None:
    name = "Sénégal" if lang == "fr" else "Senegal"
    assert country_summary(name, months(*totals), Locale(lang)) == expected


def test_one_ranked_operation_is_not_a_ranking() -> None:
    period = Period(
        first=dt.date(2024, 4, 30),
        last=dt.date(2024, 8, 31),
        data_first=dt.date(1990, 11, 30),
        data_last=dt.date(2025, 7, 31),
    )
    finul = {"mission": "UNIFIL", "acronym_fr": "FINUL", "share": 0.25}
    monusco = {"mission": "MONUSCO", "acronym_fr": "MONUSCO", "share": 0.5}
    assert gap_summary(FR, "membres de l’OIF", [finul], period, set()) == (
        "En août 2024, une seule opération est classée (au moins 100 membres du personnel en "
        f"tenue){NNBSP}: FINUL (25,0\u00a0% de son personnel venant des membres de l’OIF)."
    )
    assert gap_summary(EN, "OIF members", [finul], period, set()) == (
        "In August 2024, one operation is ranked (at least 100 uniformed personnel): UNIFIL "
        "(25.0% of its personnel from OIF members)."
    )
    two = gap_summary(FR, "membres de l’OIF", [monusco, finul], period, set())
    assert two.startswith("En août 2024, parmi les 2 opérations classées (au moins 100 ")
    assert f"le plus faible{NNBSP}: FINUL (25,0\u00a0%)." in two
    two = gap_summary(EN, "OIF members", [monusco, finul], period, set())
    assert two.startswith("In August 2024, of the 2 ranked operations")
