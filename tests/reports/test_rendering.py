"""Rendering details checked on small hand-made documents: escaping, helpers, formats."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pypdf

from pkobs.i18n import Locale, catalogue, plural_catalogue
from pkobs.reports.blocks import Document, Heading, Paragraph, TableBlock
from pkobs.reports.bulletin import Archive, index_page
from pkobs.reports.html_render import render_html
from pkobs.reports.text import join_names, plural, points, signed_int, signed_share
from pkobs.reports.typst_render import render_pdf, string
from pkobs.typography import french_problems

EVIL = 'Côte d\'Ivoire #set text(fill: red) *gras* $x^2$ [lien] <b>html</b> "guillemets" \\ @ref'


def test_typst_string_literal_escapes_quotes_and_backslashes() -> None:
    assert string('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\nd"'


def test_data_text_is_printed_verbatim_in_the_pdf_and_html() -> None:
    document = Document(
        "fr",
        EVIL,
        EVIL,
        "Page",
        [Heading(EVIL), Paragraph(EVIL), TableBlock([EVIL, "n"], [[EVIL, "1"]], [False, True])],
    )
    pdf = pypdf.PdfReader(io.BytesIO(render_pdf(document)))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))
    assert text.count("#set text(fill: red) *gras* $x^2$ [lien]") >= 3
    html = render_html(document).decode("utf-8")
    assert "<b>html</b>" not in html and "&lt;b&gt;html&lt;/b&gt;" in html


def test_points_follow_each_language() -> None:
    assert points(0.2651 - 0.2641, "fr") == "+0,1 point"
    assert points(0.2651 - 0.2241, "fr") == "+4,1 points"
    assert points(0.2241 - 0.2651, "fr") == "\u22124,1 points"  # a true minus, not a hyphen
    assert points(-0.046, "en", short=True) == "\u22124.6 pt"
    assert points(0.001, "en") == "+0.1 percentage points"
    assert points(0.01, "en") == "+1.0 percentage points"
    assert points(0.0, "en", short=True) == "0.0 pt"


def test_signed_changes_use_a_true_minus_sign() -> None:
    assert signed_int(-389, "fr") == "\u2212389"
    assert signed_int(4982, "fr") == "+4\u202f982"
    assert signed_int(-4982, "en") == "\u22124,982"
    assert signed_int(0, "en") == "0"
    assert signed_share(-0.04, "en") == "\u22124.0%"
    assert signed_share(0.244, "fr") == "+24,4\u00a0%"


def test_plurals_and_lists() -> None:
    assert plural("report.narrative.contributing", 1, "fr", absent="3").startswith(
        "Ce mois-ci, 1 membre du groupe fournissait"
    )
    assert plural("report.narrative.contributing", 2, "en", absent="3").startswith(
        "This month, 2 group members provided"
    )
    assert join_names(["Rwanda", "Sénégal", "Ghana"], "fr") == "Rwanda, Sénégal et Ghana"
    assert join_names(["Rwanda"], "en") == "Rwanda"


def test_french_report_messages_follow_french_typography() -> None:
    """Every French ``report.*`` message (placeholders blanked) passes the typography checks:
    U+202F before ``; : ! ?`` and inside « », no « personnels » count, no « s’est retiré »."""
    french = [(k, v) for k, v in catalogue("fr").items() if k.startswith("report.")]
    french += [
        (k, form)
        for k, forms in plural_catalogue("fr").items()
        if k.startswith("report.")
        for form in forms
    ]
    assert len(french) > 150
    problems = [
        str(problem)
        for key, text in french
        for problem in french_problems(re.sub(r"\{[^}]*\}", "X", text), key)
        # a command-line error names the option to use: that is its job
        if not (key.startswith("report.error.") and "option name" in problem.rule)
    ]
    assert problems == []


def test_archive_index_counts_bulletins_with_cldr_plurals(tmp_path: Path) -> None:
    march, february = dt.date(2014, 3, 31), dt.date(2014, 2, 28)
    one = Archive(tmp_path, tmp_path / "index.html", {march: [tmp_path / "b.fr.html"]})
    page = index_page(one, Locale("fr")).decode("utf-8")
    assert "<p>1 bulletin, de mars 2014 à mars 2014.</p>" in page
    assert '<a href="b.fr.html">HTML</a>' in page
    two = Archive(tmp_path, tmp_path / "index.html", {march: [], february: []})
    assert "<p>2 bulletins, from February 2014 to March 2014.</p>" in index_page(
        two, Locale("en")
    ).decode("utf-8")
