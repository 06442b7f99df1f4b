"""``alerts`` gives each row's sentence with its values worked out when first read: the same
Message as :func:`pkobs.indicators.sentences.alert_message`, rendered to the same text."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from pkobs.i18n import Locale
from pkobs.indicators import Params, compute, parse_month
from pkobs.indicators.alerts import sentence
from pkobs.indicators.sentences import alert_message
from pkobs.messages import LazyValues, Message, Name
from pkobs.render.results import render
from pkobs.store import open_read_only


@pytest.fixture(scope="module")
def alert_rows(shipped_history: Path) -> list[tuple[Any, ...]]:
    db = open_read_only(shipped_history)
    try:
        params = Params(
            group="all", from_month=parse_month("2005-01"), to_month=parse_month("2015-12")
        )
        return compute(db, "alerts", params).table.rows
    finally:
        db.close()


def test_every_sentence_is_the_alert_message(alert_rows: list[tuple[Any, ...]]) -> None:
    assert len(alert_rows) > 100
    for month, scope, key, name, previous, current, _, _, said in alert_rows:
        expected = alert_message(name or key, scope, month, int(previous), int(current))
        assert isinstance(said, Message)
        assert said == expected and expected == said
        assert said.key == expected.key and dict(said.values) == dict(expected.values)
        for lang in ("fr", "en"):
            text = Locale(lang).message(expected)
            assert render(said, lang) == text == Locale(lang).message(said)


@pytest.mark.parametrize(
    ("previous", "current", "key"),
    [(0, 250, "from_zero"), (100, 250, "rise"), (1709, 848, "fall"), (1000, 1001, "rise")],
)
def test_a_sentence_worked_out_late(previous: int, current: int, key: str) -> None:
    month = parse_month("2014-02")
    for name, scope in ((Name("Sénégal", "Senegal"), "contributor"), ("UNIFIL", "mission")):
        said = sentence(name, scope, month, previous, current)
        assert said.key == f"indicator.sentence.alert.{scope}.{key}"
        expected = alert_message(name, scope, month, previous, current)
        assert said == expected
        assert repr(said.values) == repr(dict(expected.values))
        for lang in ("fr", "en"):
            assert render(said, lang) == Locale(lang).message(expected)
    assert render(sentence("UNIFIL", "mission", month, 1709, 848), "fr") == (
        "UNIFIL\u202f: le personnel déployé diminue de 50,4\u00a0% en février 2014 "
        "(de 1\u202f709 à 848 membres du personnel)."
    )


def test_lazy_values_are_made_once_and_their_text_kept_by_identity() -> None:
    made: list[tuple[object, ...]] = []

    def make(name: str, count: int) -> Mapping[str, object]:
        made.append((name, count))
        return alert_message(name, "mission", parse_month("2014-02"), count, count * 2).values

    first = Message("indicator.sentence.alert.mission.rise", LazyValues(make, "MINUSMA", 40))
    assert made == []  # nothing worked out before a reader asks
    text = render(first, "fr")
    assert made == [("MINUSMA", 40)]
    assert text == Locale("fr").message(
        alert_message("MINUSMA", "mission", parse_month("2014-02"), 40, 80)
    )
    # the same sentence in another answer (another group's): its text is kept, not worded again
    again = Message("indicator.sentence.alert.mission.rise", LazyValues(make, "MINUSMA", 40))
    assert render(again, "fr") is text and made == [("MINUSMA", 40)]
    # another language, or other values, are worded anew
    assert render(again, "en").startswith("MINUSMA: ") and len(made) == 2
    other = Message("indicator.sentence.alert.mission.rise", LazyValues(make, "MINUSMA", 41))
    assert "41" in render(other, "en") and len(made) == 3
