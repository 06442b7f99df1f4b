"""The French typography checker finds what it should, and nothing in well-set French."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from pkobs.typography import french_problems, visible_text

GOOD = (
    "En février\u202f2014\u202f: 23,4\u00a0% du personnel\u202f; «\u202fen cours\u202f»\u202f? Non"
    "\u202f! Le 1er juillet 2013, la MINUSMA. 12 345 membres du personnel. Voir "
    "https://peacekeeping.un.org/fr/data?x=1 ou 10:30. D’avril 2024 à avril 2025, d’août, "
    "d’octobre 2014 à octobre 2015, de mai 2010, du 1er août, l’effectif d’août 1994."
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
        ("de avril 2024 à avril 2025", "« d’ » before avril, août, octobre (not « de »)"),
        ("Le dernier jour de août 2010", "« d’ » before avril, août, octobre (not « de »)"),
        ("l’effectif de\u00a0octobre 1994", "« d’ » before avril, août, octobre (not « de »)"),
        ("De octobre 2014 à mars 2015", "« d’ » before avril, août, octobre (not « de »)"),
        ("mois couverts de\navril 2023", "« d’ » before avril, août, octobre (not « de »)"),
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


class ReferenceText(HTMLParser):
    """The reading ``visible_text`` must give, by the standard library's HTML parser (slow:
    the pages test compares the two on a sample of the site's pages)."""

    SKIP = frozenset({"script", "style", "code", "pre", "svg", "template", "kbd", "samp"})
    OPENS = frozenset({"p", "div", "li", "td", "th", "tr", "br", "h1", "h2", "h3", "h4", "option"})
    CLOSES = frozenset({"p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "option", "a"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        for name, value in attrs:
            if name in {"aria-label", "title", "alt", "placeholder"} and value:
                self.parts.append("\n" + value + "\n")
        if tag in self.OPENS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        if tag in self.CLOSES:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def reference_text(html: str) -> str:
    parser = ReferenceText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


TRICKY = (
    '<!DOCTYPE html><html lang="fr"><head><title>T &amp; co</title>'
    "<style>p > a { color: red }</style><script>if (a < b && c > d) { x = '<p>no</p>'; }"
    '</script></head><body><!-- a comment with <p> inside --><p class="x">Un&nbsp;texte'
    "&#8239;: « cité »</p><br><br/><img alt='Carte &eacute;' src=\"a/b.png\"/>"
    '<input placeholder="Rechercher" value="hidden"><abbr title="">X</abbr>'
    "<svg><text>skipped</text><path d='M0 0'/></svg><a href=/x>lien</a>"
    '<pre>code</pre><SPAN Title="Majuscules">Y</SPAN><td>1</td><select><option>Un'
    "<option>Deux</select>5 < 6 and 7 > 3</body></html>"
)


def test_visible_text_reads_what_the_standard_parser_reads() -> None:
    assert visible_text(TRICKY) == reference_text(TRICKY)
    text = visible_text(TRICKY)
    assert "T & co" in text and "Un\u00a0texte\u202f: « cité »" in text
    assert "Carte é" in text and "Rechercher" in text and "Majuscules" in text
    assert "no" not in text.split() and "skipped" not in text and "code" not in text
    assert "hidden" not in text and "5 < 6 and 7 > 3" in text


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
