"""The French typography checker finds what it should, and nothing in well-set French."""

from __future__ import annotations

import pytest

from pkobs.typography import french_problems, visible_text

GOOD = (
    "En février\u202f2014\u202f: 23,4\u00a0% du personnel\u202f; «\u202fen cours\u202f»\u202f? Non"
    "\u202f! Le 1er juillet 2013, la MINUSMA. 12 345 membres du personnel. Voir "
    "https://peacekeeping.un.org/fr/data?x=1 ou 10:30."
)


def test_well_set_french_passes() -> None:
    assert french_problems(GOOD) == []


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("France : 660", "space before a high mark must be U+202F"),
        ("France\u00a0: 660", "space before a high mark must be U+202F"),
        ("France: 660", "no space before a colon (U+202F needed)"),
        ("18,1 %; police", "no space before a high mark (U+202F needed)"),
        ("« en cours\u202f»", "« must be followed by U+202F"),
        ("«\u202fen cours »", "» must be preceded by U+202F"),
        ("depuis le 1 juillet 2013", "the first day of a month is « 1er »"),
        ("12 personnels", "« personnels » as a count: write « membres du personnel »"),
        ("le Mali s’est retiré en 2022", "« s’est retiré » reads as leaving the OIF"),
        ("utilisez --from 2014-02", "an option name in reader-facing text"),
        ("la colonne group_personnel", "a column id in reader-facing text"),
    ],
)
def test_each_rule_finds_its_fault(text: str, rule: str) -> None:
    found = french_problems(text, "page")
    assert [p.rule for p in found] == [rule]
    assert str(found[0]).startswith(f"page: {rule}: …")


def test_visible_text_skips_scripts_and_keeps_labels() -> None:
    html = (
        '<p>Part<script>var a_b = "x: y";</script> <abbr title="Organisation'
        ' internationale">OIF</abbr></p><code>group_id</code>'
    )
    text = visible_text(html)
    assert "a_b" not in text and "group_id" not in text
    assert "Organisation internationale" in text and "Part" in text


def test_every_french_catalogue_message_is_set_in_french_typography() -> None:
    """The templates of the French catalogue as pkobs loads them (every form of the plural
    ones; placeholders filled with a word): the spaces before high marks and inside « », the
    apostrophes; CLI messages may name an option, and a placeholder's name is not a column id."""
    import re

    from pkobs.i18n import catalogue, plural_catalogue
    from pkobs.typography import READER_RULES

    reader_rules = {rule for rule, _ in READER_RULES}
    templates = list(catalogue("fr").items())
    templates += [(key, form) for key, forms in plural_catalogue("fr").items() for form in forms]
    found = []
    for key, template in templates:
        text = re.sub(r"\{[^{}]*\}", "mot", template)
        for problem in french_problems(text, key):
            if problem.rule not in reader_rules:
                found.append(f"{problem.where}: {problem.rule}: {problem.excerpt}")
    assert len(templates) > 500
    assert found == []
